"""Speed of the review DOCX writer and reader at 1k, 5k and 20k segments.

Run: ``uv run --frozen python benchmarks/bench_review_docx.py [--sizes 1000 5000 20000]``.
Prints a table; PASS when 20,000 segments are written in under 10 s (issue 13) and
the time per segment does not grow with size (linear: 20k costs at most 2.5× per
segment what 1k costs); exits 1 on FAIL.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bilingue.document import Block, BlockKind, Document, Segment, SegmentState, TermHit
from bilingue.formats.review_binding import binding_for
from bilingue.formats.review_docx import write_review_docx
from bilingue.formats.review_import import read_reviewed_docx

__all__ = ["main", "synthetic_document"]

TARGET_SECONDS_20K = 10.0
MAX_GROWTH = 2.5
SOURCE = "Le CNES et Roscosmos ont signé le {n}e accord sur le lanceur Soyouz à Kourou."
TARGET = "CNES and Roscosmos signed the {n}th agreement on the Soyuz launcher in Kourou."


def synthetic_document(segments: int) -> Document:
    """``segments`` translated segments, three per block, each with two glossary hits."""
    blocks = []
    for b in range(0, segments, 3):
        segs = []
        for n in range(b, min(b + 3, segments)):
            source = SOURCE.format(n=n)
            hits = (
                TermHit("CNES", "CNES", 3, 7, ok=True),
                TermHit("Soyouz", "Soyuz", source.index("Soyouz"), source.index("Soyouz") + 6),
            )
            segs.append(
                Segment(
                    id=f"p{b // 3 + 1}.s{n - b + 1}",
                    source=source,
                    space_after=" ",
                    target=TARGET.format(n=n),
                    state=SegmentState.TRANSLATED,
                    terms=hits,
                )
            )
        blocks.append(
            Block(
                f"p{b // 3 + 1}", BlockKind.PARAGRAPH, " ".join(s.source for s in segs), tuple(segs)
            )
        )
    return Document("release.txt", tuple(blocks))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    args = parser.parse_args()
    print(f"{'segments':>9} {'write s':>8} {'µs/seg':>7} {'read s':>7} {'MB':>6}")
    per_segment: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        # Warm up: python-docx and lxml load on first use, which is not per-segment cost.
        warm = synthetic_document(10)
        write_review_docx(warm, Path(folder) / "warm.docx", binding=binding_for(warm, "", 1))
        for size in args.sizes:
            doc = synthetic_document(size)
            path = Path(folder) / f"bench-{size}.review.docx"
            start = time.perf_counter()
            write_review_docx(doc, path, binding=binding_for(doc, "0" * 64, 1))
            written = time.perf_counter() - start
            start = time.perf_counter()
            rows = read_reviewed_docx(path).rows
            read = time.perf_counter() - start
            assert len(rows) == size
            per_segment[size] = written / size
            mb = path.stat().st_size / 1e6
            print(f"{size:>9} {written:>8.2f} {1e6 * written / size:>7.0f} {read:>7.2f} {mb:>6.1f}")
    smallest, largest = min(per_segment), max(per_segment)
    growth = per_segment[largest] / per_segment[smallest]
    ok = growth <= MAX_GROWTH
    if 20000 in per_segment:
        ok = ok and per_segment[20000] * 20000 < TARGET_SECONDS_20K
    print(f"per-segment cost {largest} vs {smallest}: ×{growth:.2f} (limit ×{MAX_GROWTH})")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
