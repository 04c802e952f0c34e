"""Throughput of the Apertium engine: one call per segment against one call per batch.

Run: ``uv run --frozen python -m benchmarks.bench_apertium [--segments 500] [--sample 50]``.
Prints a table and PASS when batching is at least 10× faster; exits 1 on FAIL.
Without Apertium it prints SKIP and exits 0, so run_all.py still runs elsewhere.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from bilingue.engines.apertium import INSTALL_HINT, ApertiumEngine, apertium_available

__all__ = ["french_segments", "main"]

INPUT_DIR = Path(__file__).resolve().parent.parent / "input"
REQUIRED_SPEEDUP = 10.0
DOCUMENTS_WITHIN = 2.0
# Small changes keep 500 segments varied even from one release: Apertium has no
# cache, but identical lines would hide any cost that depends on the words.
VARIATIONS = [
    "{s}",
    "En {year}, {s_lower}",
    "{s} Le satellite {n} est lancé.",
    "Selon le CNES, {s_lower}",
]


def french_segments(count: int) -> list[str]:
    """``count`` French sentences built from input/*.txt, varied and numbered."""
    sentences: list[str] = []
    for path in sorted(INPUT_DIR.glob("*.txt")):
        text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
        sentences += [s.strip() for s in re.split(r"(?<=[.!?»])\s+", text) if len(s) > 20]
    if not sentences:
        raise SystemExit(f"no French sentences found in {INPUT_DIR}/*.txt")
    segments = []
    for i in range(count):
        sentence = sentences[i % len(sentences)]
        variation = VARIATIONS[(i // len(sentences)) % len(VARIATIONS)]
        segments.append(
            variation.format(
                s=sentence,
                s_lower=sentence[0].lower() + sentence[1:],
                year=1966 + i,
                n=i,
            )
        )
    return segments


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=500)
    parser.add_argument("--sample", type=int, default=50, help="per-segment calls to time")
    parser.add_argument("--documents", type=int, default=100, help="documents for (c)–(e)")
    args = parser.parse_args(argv)
    if not apertium_available():
        print(f"SKIP: Apertium is not installed — {INSTALL_HINT}")
        return 0

    segments = french_segments(args.segments)
    characters = sum(len(s) for s in segments)
    engine = ApertiumEngine(persistent=False)  # (a) and (b): one process per call
    engine.check()

    sample = segments[: args.sample]
    started = time.perf_counter()
    for segment in sample:
        engine.translate([segment])
    per_segment_rate = len(sample) / (time.perf_counter() - started)

    started = time.perf_counter()
    targets = engine.translate(segments)
    batch_seconds = time.perf_counter() - started
    batch_rate = len(segments) / batch_seconds
    if len(targets) != len(segments):
        raise SystemExit(f"batch returned {len(targets)} targets for {len(segments)}")

    speedup = batch_rate / per_segment_rate
    print(f"Apertium fr→es→en, {len(segments)} segments, {characters} characters")
    print(f"{'mode':<34}{'segments/s':>12}{'seconds for all':>18}")
    print(
        f"{'(a) one call per segment':<34}{per_segment_rate:>12.1f}"
        f"{len(segments) / per_segment_rate:>18.1f}"
    )
    print(f"{'    timed on':<34}{len(sample):>12d} segments, extrapolated")
    print(f"{'(b) one call per batch (engine)':<34}{batch_rate:>12.1f}{batch_seconds:>18.2f}")
    print(f"batch throughput: {characters / batch_seconds:,.0f} characters/s")
    verdict = "PASS" if speedup >= REQUIRED_SPEEDUP else "FAIL"
    print(f"speed-up (b)/(a): {speedup:.1f}× (need ≥ {REQUIRED_SPEEDUP:.0f}×) {verdict}")
    documents = _documents_against_one_call(segments, args.documents)
    return 0 if verdict == "PASS" and documents else 1


def _documents_against_one_call(segments: list[str], count: int) -> bool:
    """(c) ``count`` documents through one engine's long-lived pipelines, one call
    each, against (d) one raw call over all their segments; and (e) the old way,
    new processes for every document. Target: (c) within 2× of (d)."""
    size = max(1, len(segments) // count)
    documents = [segments[i * size : (i + 1) * size] for i in range(count)]
    flat = [s for doc in documents for s in doc]
    one_off = ApertiumEngine(persistent=False)
    started = time.perf_counter()
    one_off.translate(flat)
    raw = time.perf_counter() - started
    started = time.perf_counter()
    for doc in documents[:10]:
        one_off.translate(doc)
    per_process = (time.perf_counter() - started) * count / 10
    with ApertiumEngine() as engine:
        started = time.perf_counter()
        for doc in documents:
            engine.translate(doc)
        persistent = time.perf_counter() - started
        starts = sum(p.starts for p in engine.pipelines)
    print(f"\n{count} documents of {size} segments ({len(flat)} segments)")
    print(f"{'(d) one raw call over all of them':<44}{raw:>8.2f} s")
    print(f"{'(e) new processes per document':<44}{per_process:>8.2f} s (10 timed)")
    print(f"{'(c) long-lived pipelines, one call each':<44}{persistent:>8.2f} s ({starts} starts)")
    ratio = persistent / raw
    verdict = "PASS" if ratio <= DOCUMENTS_WITHIN else "FAIL"
    print(f"(c)/(d): {ratio:.2f}× (need ≤ {DOCUMENTS_WITHIN:.0f}×)")
    print(f"(e)/(d): {per_process / raw:.1f}×")
    print(verdict)
    return verdict == "PASS"


if __name__ == "__main__":
    sys.exit(main())
