"""PDF reader: generated releases with real layouts, real AFUP releases, bad PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bilingue.document import BlockKind, Document, TableCell
from bilingue.errors import BadInput
from bilingue.formats import read_document
from bilingue.formats.pdf_layout import Line, find_furniture, reading_order
from bilingue.pipeline import prepare
from bilingue.stages.clean import clean
from tests.formats.pdf_fixtures import (
    BOLD,
    RELEASE_BLOCKS,
    Page,
    Text,
    draw_pdf,
    paragraph,
    release_pdf,
)

# What running furniture looks like once it has leaked into text.
# What running furniture looks like once it has leaked into text: a page number alone
# or ending a sentence ("… afup.org 3/6"), or the generated release's running lines.
_FURNITURE = re.compile(
    r"^[-–—]?\s*\d{1,3}\s*[-–—]?$|\s\d{1,3}\s?/\s?\d{1,3}$|– \d –|Communiqué \d"
)


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return release_pdf(tmp_path_factory.mktemp("pdf") / "release.pdf")


@pytest.fixture(scope="module")
def release_doc(release: Path) -> Document:
    return clean(read_document(release))


def test_release_blocks_recovered_exactly(release_doc: Document) -> None:
    assert [(b.kind.value, b.text) for b in release_doc.blocks] == RELEASE_BLOCKS


def test_title_and_heading_levels(release_doc: Document) -> None:
    headings = [(b.text, b.level) for b in release_doc.blocks if b.kind is BlockKind.HEADING]
    assert headings[0] == ("Le CNES et l’ESA signent un accord-cadre", 1)
    assert {level for _, level in headings[1:]} == {2}


def test_table_cells_keep_row_and_column(release_doc: Document) -> None:
    cells = [b.table for b in release_doc.blocks if b.kind is BlockKind.TABLE_CELL]
    assert cells == [TableCell(0, r, c) for r in range(3) for c in range(3)]


def test_running_furniture_listed_in_notes(release_doc: Document) -> None:
    notes = [(n.code, n.message) for n in release_doc.notes]
    prefix = "removed running header/footer or page number: "
    assert notes == [
        ("page-furniture", f"{prefix}'CNES – Communiqué de presse' (2×)"),
        ("page-furniture", f"{prefix}'– 1 –' (2×)"),
        ("page-furniture", f"{prefix}'cnes.fr – Communiqué 1/2' (2×)"),
    ]


def test_repairs_recorded(release_doc: Document) -> None:
    repairs = {(r.kind, r.before, r.after) for b in release_doc.blocks for r in b.repairs}
    assert ("hyphenation", "coopé-ration", "coopération") in repairs
    assert (
        "url-join",
        "https://cnes.fr/fr/comm uniques/accord-2025.html",
        "https://cnes.fr/fr/communiques/accord-2025.html",
    ) in repairs


def test_no_furniture_in_any_segment(release: Path) -> None:
    doc = prepare(read_document(release))
    assert [s.source for s in doc.segments() if _FURNITURE.search(s.source)] == []
    assert all("CNES – Communiqué de presse" not in s.source for s in doc.segments())


def test_owner_password_only_is_read(tmp_path: Path) -> None:
    doc = clean(read_document(release_pdf(tmp_path / "locked.pdf", encrypt="")))
    assert [(b.kind.value, b.text) for b in doc.blocks] == RELEASE_BLOCKS


def test_user_password_is_a_clear_error(tmp_path: Path) -> None:
    path = release_pdf(tmp_path / "secret.pdf", encrypt="secret")
    with pytest.raises(BadInput) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: encrypted PDF: needs a password — "
        "save an unprotected copy (print to PDF) and read that"
    )


def test_scanned_pdf_needs_ocr(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw
    from reportlab.pdfgen.canvas import Canvas

    scan = Image.new("L", (400, 100), 255)
    ImageDraw.Draw(scan).text((10, 40), "Paris, le 3 mars 2021", fill=0)
    image = tmp_path / "scan.png"
    scan.save(image)
    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path))
    canvas.drawImage(str(image), 50, 600, 400, 100)
    canvas.save()
    with pytest.raises(BadInput) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: no text layer: needs OCR — "
        "the pages are images; run OCR (e.g. ocrmypdf -l fra) and read the result"
    )


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4\n" + b"\x00garbage" * 50, b"not a pdf at all", "half"],
    ids=["garbage", "text", "truncated"],
)
def test_malformed_pdf_is_a_clear_error(tmp_path: Path, release: Path, content: object) -> None:
    data = release.read_bytes()
    path = tmp_path / "broken.pdf"
    path.write_bytes(data[: len(data) // 2] if content == "half" else content)  # type: ignore[arg-type]
    with pytest.raises(BadInput) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: not a readable PDF (damaged, or not a PDF) — "
        "re-export the PDF from its source document, or give the .docx or .txt"
    )


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(BadInput, match="empty document"):
        read_document(path)


def test_slow_pdf_gives_up_instead_of_hanging(
    release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bilingue.formats.pdf as pdf

    monkeypatch.setattr(pdf, "_SECONDS_BUDGET", -10.0)
    with pytest.raises(BadInput, match="gave up reading after page 0"):
        read_document(release)


# --- layout rules on hand-made lines -------------------------------------------------


def _line(text: str, x0: float, top: float, width: float = 200, page: int = 0) -> Line:
    return Line(text, x0, x0 + width, top, top + 10, 10.0, page=page)


def test_side_column_read_after_the_body() -> None:
    body = [_line(f"le corps du texte, ligne {n}", 150, 100 + 12 * n, 380) for n in range(6)]
    side = [_line(f"marge {n}", 20, 120 + 12 * n, 80) for n in range(3)]
    runs = reading_order(side + body)
    assert [line.text for run in runs for line in run.lines] == [
        *(f"le corps du texte, ligne {n}" for n in range(6)),
        *(f"marge {n}" for n in range(3)),
    ]


def test_title_then_two_columns() -> None:
    title = _line("Titre", 50, 40, 480)
    left = [_line(f"la colonne de gauche, ligne {n}", 50, 80 + 12 * n, 230) for n in range(4)]
    right = [_line(f"la colonne de droite, ligne {n}", 300, 80 + 12 * n, 230) for n in range(4)]
    runs = reading_order([title, *right, *left])
    assert [line.text for run in runs for line in run.lines] == [
        "Titre",
        *(f"la colonne de gauche, ligne {n}" for n in range(4)),
        *(f"la colonne de droite, ligne {n}" for n in range(4)),
    ]


@pytest.mark.parametrize("number", ["3", "– 3 –", "- 3 -", "3/6", "Page 3", "page 3 sur 6"])
def test_page_numbers_are_furniture_even_on_one_page(number: str) -> None:
    footer = _line(number, 280, 810, 30)
    body = _line("Le texte du communiqué.", 50, 300)
    assert find_furniture([[body, footer]]) == {footer}


def test_repeated_line_in_the_body_is_not_furniture() -> None:
    pages = [
        [_line("Contact presse", 50, 400, page=p), _line("texte", 50, 420, page=p)] for p in (0, 1)
    ]
    assert find_furniture(pages) == set()


def test_bold_label_line_is_a_heading(tmp_path: Path) -> None:
    page = Page()
    y = page.add(paragraph(56, 760, ["Un lancement réussi"], 18, BOLD))
    y = page.add(paragraph(56, y - 8, ["Les résultats"], 10, BOLD))
    page.add(paragraph(56, y - 4, ["Le satellite est en orbite depuis ce matin."]))
    page.add([Text(300, 100, "Fin.", 10)])
    doc = clean(read_document(draw_pdf(tmp_path / "bold.pdf", [page])))
    assert [(b.kind.value, b.level + b.list_level, b.text) for b in doc.blocks] == [
        ("heading", 1, "Un lancement réussi"),
        ("heading", 2, "Les résultats"),
        ("paragraph", 0, "Le satellite est en orbite depuis ce matin."),
        ("paragraph", 0, "Fin."),
    ]


def test_dot_leaders_dropped(tmp_path: Path) -> None:
    page = Page()
    page.add(
        paragraph(
            56,
            700,
            [
                "Sommaire",
                "Le programme ........................ 3",
                "Les partenaires . . . . . . . 5",
            ],
        )
    )
    doc = clean(read_document(draw_pdf(tmp_path / "toc.pdf", [page])))
    assert [(b.style, b.text) for b in doc.blocks] == [
        ("", "Sommaire"),
        ("toc", "Le programme 3"),
        ("toc", "Les partenaires 5"),
    ]


def test_nested_bullets_keep_their_level(tmp_path: Path) -> None:
    page = Page()
    page.add(
        paragraph(56, 700, ["Le programme comprend :"])
        + paragraph(66, 687.5, ["• deux lanceurs ;"])
        + paragraph(86, 675, ["– Ariane 6 ;", "– Vega-C ;"])
        + paragraph(66, 650, ["• un satellite."])
    )
    doc = clean(read_document(draw_pdf(tmp_path / "nested.pdf", [page])))
    assert [(b.kind.value, b.level + b.list_level, b.text) for b in doc.blocks] == [
        ("paragraph", 0, "Le programme comprend :"),
        ("list_item", 0, "deux lanceurs ;"),
        ("list_item", 1, "Ariane 6 ;"),
        ("list_item", 1, "Vega-C ;"),
        ("list_item", 0, "un satellite."),
    ]


# --- the real releases in ../shared/pdf ----------------------------------------------

_LINK = re.compile(r"^(?:https?://|www\.|[\w.+-]+@)\S+$")
_REAL_DATELINES = {
    "afup-cp-bilan-forum-php-2010.pdf": "Paris le 18 novembre 2010",
    "afup-cp-forum-php-2005.pdf": "Paris le 11 octobre 2005",
    "afup-cp-forum-php-2006.pdf": "Paris le 10 octobre 2006 –",
}


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(_REAL_DATELINES))
def test_real_release(shared_pdf_dir: Path, name: str) -> None:
    doc = prepare(read_document(shared_pdf_dir / name))
    assert [s.source for s in doc.segments() if _FURNITURE.search(s.source)] == []
    datelines = [b.text for b in doc.blocks if b.kind is BlockKind.DATELINE]
    assert datelines == [_REAL_DATELINES[name]]
    # Every paragraph whole: none stops mid-sentence, none starts in lower case.
    for block in doc.blocks:
        body = block.style != "side"  # a side column's notes (venue, prices) are not prose
        if body and block.kind in (BlockKind.PARAGRAPH, BlockKind.ABOUT, BlockKind.QUOTE):
            last = block.text.split()[-1]
            assert last.endswith((".", "!", "?", "»", ":", "…")) or _LINK.match(last), block.text
            assert not block.text[0].islower() or _LINK.match(block.text), block.text


def test_segment_command_shows_what_was_read(release: Path) -> None:
    from click.testing import CliRunner

    from bilingue.cli import cli

    result = CliRunner().invoke(cli, ["segment", str(release)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == ["p1 [heading 1]", "  p1.s1  Le CNES et l’ESA signent un accord-cadre"]
    assert "p2 [dateline]" in lines
    assert "        repair hyphenation: 'coopé-ration' → 'coopération'" in lines
    assert (
        "[info] removed running header/footer or page number: 'CNES – Communiqué de presse' (2×)"
        in lines
    )


def test_segment_command_error_on_scanned_pdf(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bilingue.cli import cli

    path = draw_pdf(tmp_path / "blank.pdf", [Page()])
    result = CliRunner().invoke(cli, ["segment", str(path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: {path}: no text layer: needs OCR — "
        "the pages are images; run OCR (e.g. ocrmypdf -l fra) and read the result"
    )
