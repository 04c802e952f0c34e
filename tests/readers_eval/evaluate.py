"""The readers' labelled set: build it, read it back, score it (`make readers-eval`).

Documents: the six gold releases of :mod:`tests.readers_eval.corpus`, each rendered as
TXT, Markdown, HTML and PDF (reportlab: one- and two-column layouts, running headers,
footers and page numbers), and as a PDF laid out by LibreOffice Writer from the HTML
(where soffice is installed), plus the real AFUP PDFs in ``../shared/pdf`` with
hand-checked labels in ``labels/`` (skipped, and said so, where ``../shared`` is absent).

Scores:
- block accuracy: a gold block is right when a read block has the same text (same
  boundaries) and the same kind; reported per kind;
- wrongly split or glued segments on PDF-derived text: read segments that are not
  segments of the gold text, over the gold segment count;
- furniture leaks: segments holding a running header, footer or page number;
- lost words: gold words missing from what was read.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bilingue.document import Block, BlockKind, Document
from bilingue.formats import read_document
from bilingue.pipeline import prepare
from bilingue.stages.segment import segment
from tests.readers_eval.corpus import RELEASES, Gold
from tests.readers_eval.render import (
    PdfLayout,
    render_html,
    render_markdown,
    render_pdf,
    render_txt,
)

__all__ = ["EvalReport", "build_documents", "evaluate", "main"]

LABELS = Path(__file__).parent / "labels"
SHARED_PDF = Path(__file__).resolve().parents[2].parent / "shared" / "pdf"

# Small pages (A5, A6), so that every release runs over two pages or more and its
# running header and footer can be told from the text by their repetition.
_A5 = (420.0, 595.0)
_A6 = (298.0, 420.0)
_LAYOUTS = {
    "cnes-esa-lune": PdfLayout(columns=2, footer="– {n} –", size=_A5, body_size=10.0, margin=36),
    "lyon-bibliotheques": PdfLayout(size=_A6, footer="{n}/{total}", margin=30.0),
    "augustins-roman": PdfLayout(
        columns=2, header="Musée des Augustins", footer="Page {n}", size=(420.0, 420.0)
    ),
    "safran-semestre": PdfLayout(size=_A5, header="Safran – Information presse", footer="- {n} -"),
    "uga-cristal-temps": PdfLayout(columns=2, footer="{n}", size=(420.0, 480.0), margin=36.0),
    "ffa-equipe-olympique": PdfLayout(
        size=_A6, header="FFA – Communiqué", footer="Page {n} sur {total}", margin=30.0
    ),
}
# A page number left in a segment, alone or ending it ("… afup.org 3/6").
_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s+)?[-–—]?\s*\d{1,3}\s*[-–—]?(?:\s*(?:/|sur)\s*\d{1,3})?\s*$"
    r"|\s\d{1,3}\s?/\s?\d{1,3}$|\bpage\s+\d{1,3}(?:\s+sur\s+\d{1,3})?$|[-–—]\s\d{1,3}\s[-–—]$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class LabelledDocument:
    path: Path
    gold: list[Gold]
    kind: str  # "txt", "md", "html", "pdf", "lo-pdf", "real-pdf"
    running: str = ""  # the running header the renderer put on every page

    @property
    def pdf(self) -> bool:
        return self.kind in ("pdf", "lo-pdf", "real-pdf")


@dataclass
class EvalReport:
    documents: int = 0
    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    right_by_source: Counter[str] = field(default_factory=Counter)
    total_by_source: Counter[str] = field(default_factory=Counter)
    pdf_gold_segments: int = 0
    pdf_bad_segments: int = 0
    furniture_leaks: list[str] = field(default_factory=list)
    lost_words: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def block_accuracy(self) -> float:
        return sum(self.right.values()) / max(sum(self.total.values()), 1)

    @property
    def split_glue_rate(self) -> float:
        return self.pdf_bad_segments / max(self.pdf_gold_segments, 1)

    def lines(self) -> list[str]:
        out = [f"documents: {self.documents}"]
        out.extend(f"skipped: {reason}" for reason in self.skipped)
        for kind in sorted(self.total):
            right, total = self.right[kind], self.total[kind]
            out.append(f"  {kind:<11} {right:>4}/{total:<4} {100 * right / total:6.1f}%")
        for source in sorted(self.total_by_source):
            right, total = self.right_by_source[source], self.total_by_source[source]
            out.append(f"  from {source:<9} {right:>4}/{total:<4} {100 * right / total:6.1f}%")
        out.append(
            f"block accuracy (kind and boundaries): {100 * self.block_accuracy:.1f}% "
            f"({sum(self.right.values())}/{sum(self.total.values())})"
        )
        out.append(
            f"PDF segments wrongly split or glued: {100 * self.split_glue_rate:.1f}% "
            f"({self.pdf_bad_segments}/{self.pdf_gold_segments})"
        )
        out.append(f"running headers/footers/page numbers in segments: {len(self.furniture_leaks)}")
        out.append(f"lost words: {len(self.lost_words)}")
        out.extend(f"  leak: {text}" for text in self.furniture_leaks[:10])
        out.extend(f"  lost: {text}" for text in self.lost_words[:10])
        out.extend(f"  error: {text}" for text in self.errors)
        return out


_RENDERERS: dict[str, Callable[[list[Gold], Path], list[Gold]]] = {
    "txt": render_txt,
    "md": render_markdown,
    "html": render_html,
}


def build_documents(folder: Path) -> tuple[list[LabelledDocument], list[str]]:
    """Render the labelled set into ``folder``; (documents, reasons for skipped ones)."""
    documents: list[LabelledDocument] = []
    for name, gold in RELEASES.items():
        for kind, render in _RENDERERS.items():
            path = folder / f"{name}.{kind}"
            documents.append(LabelledDocument(path, render(gold, path), kind))
        path = folder / f"{name}.pdf"
        layout = _LAYOUTS[name]
        documents.append(
            LabelledDocument(path, render_pdf(gold, path, layout), "pdf", layout.header)
        )
        if _page_count(path) < 2:
            raise AssertionError(f"{path.name} fits on one page: its running lines are untested")
    skipped: list[str] = []
    documents.extend(_libreoffice_pdfs(folder / "libreoffice", skipped))
    if SHARED_PDF.is_dir():
        for label in sorted(LABELS.glob("*.json")):
            labels: list[Gold] = [
                (str(kind), str(text), int(level))
                for kind, text, level in json.loads(label.read_text(encoding="utf-8"))
            ]
            pdf = SHARED_PDF / f"{label.stem}.pdf"
            documents.append(LabelledDocument(pdf, labels, "real-pdf"))
    else:
        skipped.append(f"real PDFs: {SHARED_PDF} is absent")
    return documents, skipped


def _libreoffice_pdfs(folder: Path, skipped: list[str]) -> list[LabelledDocument]:
    """The releases laid out by another engine: LibreOffice Writer's PDF export of the
    HTML (its own fonts, line breaking, list indents, blockquote margins, tables)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        skipped.append("LibreOffice-made PDFs: soffice is not installed")
        return []
    folder.mkdir(parents=True, exist_ok=True)
    pages = [folder / f"{name}.html" for name in RELEASES]
    golds = [
        render_html(gold, page, chrome=False)
        for gold, page in zip(RELEASES.values(), pages, strict=True)
    ]
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--infilter=HTML (StarWriter)",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(folder),
            *map(str, pages),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return [
        LabelledDocument(page.with_suffix(".pdf"), gold, "lo-pdf")
        for page, gold in zip(pages, golds, strict=True)
    ]


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def _norm(text: str) -> str:
    return " ".join(text.split())


def _segments_of(blocks: tuple[Block, ...]) -> list[str]:
    doc = segment(Document(source_path="gold", blocks=blocks))
    return [_norm(s.source) for s in doc.segments()]


def _gold_blocks(gold: list[Gold]) -> tuple[Block, ...]:
    return tuple(
        Block(id=f"p{n}", kind=BlockKind(kind), text=text, level=level)
        for n, (kind, text, level) in enumerate(gold, start=1)
    )


def score(document: LabelledDocument, doc: Document, report: EvalReport) -> None:
    """Add one read document's scores to ``report``."""
    report.documents += 1
    gold_texts = [_norm(text) for _, text, _ in document.gold]
    read_texts = [_norm(b.text) for b in doc.blocks]
    matcher = difflib.SequenceMatcher(a=gold_texts, b=read_texts, autojunk=False)
    matched = {
        run.a + i: run.b + i for run in matcher.get_matching_blocks() for i in range(run.size)
    }
    for index, (kind, _, _) in enumerate(document.gold):
        report.total[kind] += 1
        report.total_by_source[document.kind] += 1
        if index in matched and doc.blocks[matched[index]].kind.value == kind:
            report.right[kind] += 1
            report.right_by_source[document.kind] += 1
    segments = [_norm(s.source) for s in doc.segments()]
    if document.pdf:
        gold_segments = Counter(_segments_of(_gold_blocks(document.gold)))
        read = Counter(segments)
        report.pdf_gold_segments += sum(gold_segments.values())
        report.pdf_bad_segments += sum((read - gold_segments).values())
    report.furniture_leaks.extend(
        f"{document.path.name}: {s}"
        for s in segments
        if _PAGE_NUMBER.search(s) or (document.running and document.running in s)
    )
    gold_words = Counter(w.lower() for _, text, _ in document.gold for w in _WORD.findall(text))
    read_words = Counter(w.lower() for b in doc.blocks for w in _WORD.findall(b.text))
    report.lost_words.extend(
        f"{document.path.name}: {w}" for w in sorted((gold_words - read_words).elements())
    )


def evaluate(folder: Path) -> EvalReport:
    documents, skipped = build_documents(folder)
    report = EvalReport(skipped=skipped)
    for document in documents:
        try:
            doc = prepare(read_document(document.path))
        except Exception as err:  # a reader crash is a result to report, not a stop
            report.errors.append(f"{document.path.name}: {err}")
            report.total.update(kind for kind, _, _ in document.gold)
            continue
        score(document, doc, report)
    return report


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="readers-eval-") as folder:
        report = evaluate(Path(folder))
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
