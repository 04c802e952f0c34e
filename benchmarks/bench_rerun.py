"""Incremental batches: a first `bilingue batch`, an unchanged re-run, half the documents changed.

Run from the repository root: ``uv run --frozen python -m benchmarks.bench_rerun
[--docs 8] [--model base|tiny]``. Builds the synthetic Transformer-base Argos
package (devtools/synthetic_argos.py; ``--model tiny`` for the test-suite model)
and generated French releases (benchmarks/releases.py) in a workspace holding the
shipped glossary, then times three runs of the real CLI, each a fresh process as a
user starts it (start-up, engine choice and model load included):

1. the first run over the folder: every document translated;
2. the same command on the unchanged folder: every document recognised by its run
   key (source bytes, glossary, engine and model, settings) and skipped;
3. the same command after one sentence was corrected in every other document:
   only those are translated again.

Each run's summary line is checked (how many translated, how many unchanged), so a
fast re-run that skipped the wrong documents, or a changed one that redid too much,
fails rather than passes. Time per translated segment is printed for the two runs
that translate: a run over fewer documents pools fewer segments, so expect it higher.

The random-weight base model decodes every segment to its cap, about 13 s per
release on 2 cores, so 8 releases (not the issue's 200) keep the script within
about four minutes; the unchanged re-run's cost does not grow with the model, so
the ratio only understates what a larger folder gains.
Targets: the unchanged re-run ≥ 50× faster than the first run; the half-changed run
translates exactly the changed documents.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.releases import write_releases
from devtools.synthetic_argos import TINY, TRANSFORMER_BASE, build_synthetic_argosmodel

ROOT = Path(__file__).resolve().parent.parent
TARGET_UNCHANGED = 50.0  # first run / unchanged re-run, at least
_SUMMARY = re.compile(r"(\d+) file\(s\): (\d+) translated, .*?; (\d+) unchanged; (\d+) segments")


@dataclass(frozen=True)
class Run:
    """One timed `bilingue batch` and what its summary line says it did."""

    seconds: float
    translated: int
    unchanged: int
    segments: int


def batch(workspace: Path) -> Run:
    """`bilingue batch input output` in a fresh process, timed from start to exit."""
    command = [str(Path(sys.executable).with_name("bilingue")), "batch", "input", "output", "-q"]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=workspace, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    summary = _SUMMARY.search(done.stdout)
    if done.returncode != 0 or summary is None:
        raise SystemExit(f"bilingue batch failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    _, translated, unchanged, segments = map(int, summary.groups())
    return Run(seconds, translated, unchanged, segments)


def correct_one_sentence(path: Path) -> None:
    """A press officer's correction: one sentence of the release changed."""
    text = path.read_text(encoding="utf-8")
    corrected = text.replace(" : une nouvelle étape franchie", " : une étape décisive franchie", 1)
    if corrected == text:
        raise SystemExit(f"{path}: no sentence to correct")
    path.write_text(corrected, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--docs", type=int, default=8, help="releases in the folder")
    parser.add_argument("--model", choices=("base", "tiny"), default="base")
    args = parser.parse_args(argv)

    from bilingue.engines.argos import check_package
    from bilingue.packages import install_from_file

    shape = TRANSFORMER_BASE if args.model == "base" else TINY
    failed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        print(f"… building the {args.model} model", file=sys.stderr, flush=True)
        archive = build_synthetic_argosmodel(tmp, shape=shape)
        packages = tmp / "packages"
        install_from_file(archive, packages, check=check_package)
        workspace = tmp / "workspace"
        shutil.copytree(ROOT / "glossary", workspace / "glossary")
        (workspace / "bilingue.toml").write_text(
            f'engine = "argos"\npackages_dir = "{packages}"\n', encoding="utf-8"
        )
        releases = write_releases(workspace / "input", args.docs)
        changed = releases[::2]

        runs: list[tuple[str, Run, int]] = []  # label, run, documents it should translate
        for label, expected, edit in (
            ("first run", args.docs, False),
            ("unchanged re-run", 0, False),
            (f"{len(changed)} of {args.docs} changed", len(changed), True),
        ):
            for path in changed if edit else ():
                correct_one_sentence(path)
            print(f"… {label}", file=sys.stderr, flush=True)
            run = batch(workspace)
            runs.append((label, run, expected))
            if run.translated != expected or run.unchanged != args.docs - expected:
                failed.append(f"{label} (translated {run.translated}, expected {expected})")

    first = runs[0][1]
    model = "Transformer-base" if args.model == "base" else "tiny (test suite)"
    print(f"model: synthetic {model}, int8, random weights; {args.docs} releases")
    print("each run: `bilingue batch input output -q` in a fresh process\n")
    print("| run | translated | unchanged | segments | wall s | s/segment | first / this |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, run, _ in runs:
        per_segment = f"{run.seconds / run.segments:.2f}" if run.segments else "-"
        cells = [label, run.translated, run.unchanged, run.segments, f"{run.seconds:.2f}"]
        cells += [per_segment, f"{first.seconds / run.seconds:.1f}×"]
        print("| " + " | ".join(map(str, cells)) + " |")

    unchanged, half = runs[1][1], runs[2][1]
    speedup = first.seconds / unchanged.seconds
    verdict = "PASS" if speedup >= TARGET_UNCHANGED else "FAIL"
    print(f"\nunchanged re-run: {speedup:.0f}× faster (target ≥ {TARGET_UNCHANGED:.0f}×) {verdict}")
    if verdict == "FAIL":
        failed.append("unchanged re-run")
    verdict = "PASS" if half.translated == runs[2][2] else "FAIL"
    print(
        f"half changed: {half.translated} translated, {half.unchanged} unchanged, "
        f"{half.seconds / first.seconds:.2f}× the first run's time {verdict}"
    )
    print("\nPASS" if not failed else f"\nFAIL: {', '.join(failed)}")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
