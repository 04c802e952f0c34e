"""PDF reading speed and memory: pages per second, and memory as the page count grows.

Run: ``uv run --frozen python benchmarks/bench_readers.py [--pages 120]``.
Draws a release-like PDF with reportlab (two columns, running header and footer with
page numbers, headings, bullets; about 4,000 characters a page), reads it with
``bilingue.formats.read_document`` and prints pages/s; then reads PDFs of N and 4N
pages in fresh processes and compares their peak memory per page. Targets: ≥ 20
pages/s over ≥ 100 pages, and memory per page flat in the page count (the 4N-page
read's peak per page below 1.5× the N-page read's): the reader keeps text lines,
never PDF pages, so its memory follows the text it returns.
Exits 1 on FAIL; prints SKIP and exits 0 without reportlab (a dev dependency).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["draw_release_pdf", "main"]

REQUIRED_PAGES_PER_SECOND = 20.0
MAX_MEMORY_GROWTH = 1.5
_WORDS = [
    "le",
    "satellite",
    "européen",
    "observera",
    "les",
    "océans",
    "et",
    "les",
    "glaciers",
    "pendant",
    "sept",
    "ans",
    "grâce",
    "à",
    "un",
    "radar",
    "altimétrique",
    "conçu",
    "par",
    "les",
    "ingénieurs",
    "du",
    "centre",
    "spatial",
    "de",
    "Toulouse",
    "qui",
    "ont",
    "travaillé",
    "avec",
    "leurs",
    "partenaires",
    "allemands",
    "italiens",
    "et",
    "espagnols",
    "depuis",
    "2019",
]


def _sentence(seed: int) -> str:
    words = [_WORDS[(seed * 7 + i * 3) % len(_WORDS)] for i in range(12 + seed % 9)]
    return " ".join(words).capitalize() + "."


def draw_release_pdf(path: Path, pages: int) -> Path:
    """A ``pages``-page two-column PDF laid out like a long release or press kit."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path))
    width, column = 230.0, 0
    for page in range(1, pages + 1):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(56, 800, "Agence spatiale – Dossier de presse")
        canvas.drawString(280, 30, f"– {page} –")
        y, column, seed = 770.0, 0, page * 100
        while True:
            x = 56 + column * (width + 24)
            if seed % 5 == 0:
                canvas.setFont("Helvetica-Bold", 12)
                canvas.drawString(x, y, f"Chapitre {seed}")
                y -= 20
            words = " ".join(_sentence(seed + k) for k in range(3)).split()
            line = ""
            canvas.setFont("Helvetica", 10)
            bullet = seed % 4 == 0
            for word in words:
                candidate = f"{line} {word}".strip()
                if stringWidth(candidate, "Helvetica", 10) > width - (10 if bullet else 0):
                    canvas.drawString(x + (10 if bullet else 0), y, ("• " if bullet else "") + line)
                    bullet, line, y = False, word, y - 12.5
                else:
                    line = candidate
            canvas.drawString(x, y, line)
            y -= 22
            seed += 1
            if y < 90:
                if column == 1:
                    break
                column, y = 1, 770.0
        canvas.showPage()
    canvas.save()
    return path


_MEMORY_PROBE = """
import json, sys, tracemalloc
from pathlib import Path
from bilingue.formats import read_document
import bilingue.formats.pdf, bilingue.formats.pdf_blocks, pypdfium2  # out of the measure

def rss_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0

before = rss_kb()
tracemalloc.start()
doc = read_document(Path(sys.argv[1]))
_, python_peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
kept = sum(len(block.text) for block in doc.blocks)
print(json.dumps({"rss_kb": rss_kb() - before, "python_peak": python_peak, "chars": kept}))
"""


def _memory(path: Path) -> dict[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path)], check=True, capture_output=True, text=True
    )
    return dict(json.loads(out.stdout))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=120)
    args = parser.parse_args()
    try:
        import reportlab  # noqa: F401
    except ImportError:
        print("SKIP: reportlab (dev dependency) is not installed")
        return 0
    from bilingue.formats import read_document

    with tempfile.TemporaryDirectory() as folder:
        big = draw_release_pdf(Path(folder) / "big.pdf", args.pages)
        read_document(big)  # warm-up: imports and wordfreq-free, but page cache too
        start = time.perf_counter()
        doc = read_document(big)
        seconds = time.perf_counter() - start
        speed = args.pages / seconds
        small_pages = max(args.pages // 4, 1)
        small = draw_release_pdf(Path(folder) / "small.pdf", small_pages)
        small_memory, big_memory = _memory(small), _memory(big)
    # The Document itself grows with the text it holds; what must stay flat is the
    # reader's memory per page read (PDF pages are closed as soon as they are read).
    small_per_page = small_memory["python_peak"] / small_pages
    big_per_page = big_memory["python_peak"] / args.pages
    ratio = big_per_page / max(small_per_page, 1)
    print("| pages | seconds | pages/s | blocks |\n|---:|---:|---:|---:|")
    print(f"| {args.pages} | {seconds:.2f} | {speed:.1f} | {len(doc.blocks)} |")
    for pages, memory in ((small_pages, small_memory), (args.pages, big_memory)):
        print(
            f"{pages:>4} pages: Python peak {memory['python_peak'] / 2**20:.1f} MB "
            f"({memory['python_peak'] / pages / 1024:.0f} kB/page), "
            f"RSS +{memory['rss_kb'] / 1024:.1f} MB, "
            f"document text {memory['chars'] / 1e3:.0f} k chars"
        )
    ok = speed >= REQUIRED_PAGES_PER_SECOND and args.pages >= 100 and ratio < MAX_MEMORY_GROWTH
    print(
        f"{'PASS' if ok else 'FAIL'}: ≥ {REQUIRED_PAGES_PER_SECOND:.0f} pages/s over ≥ 100 pages; "
        f"memory per page ×{ratio:.2f} from {small_pages} to {args.pages} pages "
        f"(< ×{MAX_MEMORY_GROWTH})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
