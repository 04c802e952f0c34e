"""Argos engine throughput: length-sorted batches vs one call per segment, 500 segments.

Run from the repository root: ``uv run --frozen python -m benchmarks.bench_argos``
(``--base`` for a Transformer-base-shaped model, slower to build and run).
Uses the synthetic random-weight model (devtools/synthetic_argos.py; no real model
can be downloaded here), so absolute speed says little about a real model; the
ratio of batched to per-segment throughput is what this measures, best of three
rounds each. Target: batched ≥ 3×.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

from devtools.synthetic_argos import TINY, TRANSFORMER_BASE, build_synthetic_argosmodel

ROOT = Path(__file__).resolve().parent.parent

TARGET_RATIO = 3.0
COUNT = 500
ROUNDS = 3


def french_segments(count: int) -> list[str]:
    text = " ".join((ROOT / "input").joinpath(p.name).read_text(encoding="utf-8")
                    for p in sorted((ROOT / "input").glob("*.txt")))  # fmt: skip
    sentences = [s.strip() for s in re.split(r"(?<=[.!?»])\s+", " ".join(text.split()))]
    sentences = [s for s in sentences if len(s) > 20]
    return [f"{sentences[i % len(sentences)]} ({i})" for i in range(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--base", action="store_true", help="Transformer-base-shaped model")
    args = parser.parse_args(argv)
    shape = TRANSFORMER_BASE if args.base else TINY

    from bilingue.engines.argos import ArgosEngine, check_package
    from bilingue.packages import install_from_file

    with tempfile.TemporaryDirectory() as tmp:
        archive = build_synthetic_argosmodel(Path(tmp), shape=shape)
        package = install_from_file(archive, Path(tmp) / "packages", check=check_package)
        segments = french_segments(COUNT)
        engine = ArgosEngine(package, batch_size=32)
        engine.translate(segments[:4])  # load the model outside the timings

        sample = segments[:100]
        # Best of three each: on a shared 2-core machine one run can lose a tenth to
        # a neighbour, which is the size of the margin this ratio is judged by.
        single = batched = 0.0
        for _ in range(ROUNDS):
            start = time.perf_counter()
            for segment in sample:
                engine.translate([segment])
            single = max(single, len(sample) / (time.perf_counter() - start))
            start = time.perf_counter()
            engine.translate(segments)
            batched = max(batched, COUNT / (time.perf_counter() - start))

    ratio = batched / single
    print(f"{'mode':<28}{'segments/s':>12}")
    print(f"{'one call per segment (100)':<28}{single:>12.1f}")
    print(f"{'batched, 500 segments':<28}{batched:>12.1f}")
    verdict = "PASS" if ratio >= TARGET_RATIO else "FAIL"
    print(f"ratio {ratio:.2f}× (target ≥ {TARGET_RATIO:.0f}×): {verdict}")
    return 0 if ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
