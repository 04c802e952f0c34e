"""`make fuzz`: each reader target for a bounded time; prints executions per second.

    python -m tests.fuzz.run [--seconds 60] [TARGET ...]

With atheris installed (the ``fuzz`` dependency group) each target runs in its own
process under libFuzzer with coverage from bilingue's modules; otherwise Hypothesis
drives the same targets for the same time. A crash stops that target, leaves its input
in tests/fuzz/crashes/ and makes the run exit 1: turn it into a regression test
(tests/fuzz/test_regressions.py) and fix it.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
import time
from pathlib import Path

from tests.fuzz.targets import SEEDS, TARGETS, ZIPPED

CRASHES = Path(__file__).resolve().parent / "crashes"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    parser.add_argument("targets", nargs="*", default=sorted(TARGETS))
    args = parser.parse_args()
    use_atheris = args.engine == "atheris" or (
        args.engine == "auto" and importlib.util.find_spec("atheris") is not None
    )
    failed = 0
    print(f"{'target':<16} {'engine':<10} {'execs':>9} {'execs/s':>8}  result")
    for name in args.targets:
        if use_atheris:
            execs, seconds, crash = _run_atheris(name, args.seconds)
            engine = "atheris"
        else:
            execs, seconds, crash = _run_hypothesis(name, args.seconds)
            engine = "hypothesis"
        failed += bool(crash)
        rate = execs / seconds if seconds else 0.0
        print(f"{name:<16} {engine:<10} {execs:>9} {rate:>8.0f}  {crash or 'no crash'}", flush=True)
    return 1 if failed else 0


def _run_atheris(name: str, seconds: int) -> tuple[int, float, str]:
    corpus = CRASHES.parent / "corpus" / name
    corpus.mkdir(parents=True, exist_ok=True)
    seed = b"" if name in ZIPPED else SEEDS[name]  # zip targets fuzz an edit recipe
    (corpus / "seed").write_bytes(seed)
    CRASHES.mkdir(exist_ok=True)
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.fuzz.atheris_target",
            name,
            f"-max_total_time={seconds}",
            f"-artifact_prefix={CRASHES}/{name}-",
            "-rss_limit_mb=2048",
            "-timeout=20",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.monotonic() - started
    runs = re.findall(r"Done (\d+) runs in", done.stderr) or re.findall(r"#(\d+)\s", done.stderr)
    execs = int(runs[-1]) if runs else 0
    if done.returncode != 0:
        tail = [line for line in done.stderr.splitlines() if line.strip()][-3:]
        return execs, elapsed, "CRASH: " + " | ".join(tail)
    return execs, elapsed, ""


def _run_hypothesis(name: str, seconds: int) -> tuple[int, float, str]:
    from hypothesis import HealthCheck, given, settings

    from tests.fuzz.targets import run_target
    from tests.fuzz.test_readers import RECIPES, Recipe, build

    count = 0

    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(recipe=RECIPES)
    def check(recipe: Recipe) -> None:
        nonlocal count
        count += 1
        run_target(name, build(name, recipe))

    started = time.monotonic()
    try:
        while time.monotonic() - started < seconds:
            check()
    except Exception as err:  # the crash itself is the finding: report it, keep going
        return count, time.monotonic() - started, f"CRASH: {type(err).__name__}: {err}"[:300]
    return count, time.monotonic() - started, ""


if __name__ == "__main__":
    sys.exit(main())
