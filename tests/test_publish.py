"""Acceptance for publishing: a real DOCX through real Apertium, approved, published.

The published DOCX must keep the source's structure (paragraphs and styles, list
numbering, table grid and merges, image, footnote, header, footer with its PAGE
field, the hyperlink's URL), put bold, italic and the link on the English words
for the marked French, leave no French but protected terms, and open in
LibreOffice (PDF checked with pdftotext).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from bilingue.api import glossary_for, publish_file, translate_file
from bilingue.config import load_settings
from bilingue.engines.apertium import ApertiumEngine, apertium_available
from tests.conftest import REPO
from tests.formats.docx_fixture import URL, build_release_docx

pytestmark = pytest.mark.skipif(
    not apertium_available(),
    reason="Apertium with fr-es and spa-eng is not installed "
    "(apt-get install apertium apertium-fr-es apertium-eng-spa)",
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
FRENCH_WORDS = re.compile(
    r"\b(?:le|la|les|des|du|et|est|une|avec|pour|dans|sur|de|communiqué|accord|agence)\b",
    re.IGNORECASE,
)


def approve_all(sidecar: Path) -> None:
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    for segment in data["segments"]:
        segment["state"] = "reviewed"
    sidecar.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def engine() -> ApertiumEngine:
    return ApertiumEngine()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, engine: ApertiumEngine) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("publish")
    source = build_release_docx(folder / "release.docx")
    settings = load_settings(root=REPO)
    translate_file(source, folder, engine, glossary_for(settings))
    sidecar = folder / "release.json"
    approve_all(sidecar)
    before = source.read_bytes()
    # PDF only where LibreOffice is installed (its test is skipped, with the reason, else).
    pdf = ("pdf",) if shutil.which("soffice") else ()
    result = publish_file(sidecar, settings, formats=("docx", "txt", "md", *pdf))
    return {
        "folder": folder,
        "source": source,
        "source_bytes": before,
        "sidecar": sidecar,
        "result": result,
        "docx": folder / "release.en.docx",
    }


def _docx(path: Path) -> Any:
    import docx

    return docx.Document(str(path))


def _part(path: Path, name: str) -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def _ppr_xml(paragraph: Any) -> str:
    from lxml import etree

    ppr = paragraph._p.pPr
    return "" if ppr is None else etree.tostring(ppr).decode()


def test_outputs_written_and_source_untouched(published: dict[str, Any]) -> None:
    folder: Path = published["folder"]
    expected = {"release.en.docx", "release.en.md", "release.en.txt"}
    if shutil.which("soffice"):
        expected.add("release.en.pdf")
    assert {p.name for p in folder.glob("release.en.*")} == expected
    assert published["source"].read_bytes() == published["source_bytes"]
    assert not list(folder.glob(".*tmp*")), "no temporary files left"


def test_same_paragraphs_styles_and_numbering(published: dict[str, Any]) -> None:
    source, english = _docx(published["source"]), _docx(published["docx"])
    assert len(english.paragraphs) == len(source.paragraphs)
    assert [p.style.name for p in english.paragraphs] == [p.style.name for p in source.paragraphs]
    # Paragraph properties carry list numbering (numPr) and style: identical, byte for byte.
    assert [_ppr_xml(p) for p in english.paragraphs] == [_ppr_xml(p) for p in source.paragraphs]
    styles = [p.style.name for p in english.paragraphs]
    assert styles.count("List Bullet") == 2 and styles.count("List Number") == 2


def _cell_properties(table: Any) -> list[str]:
    """Each cell's w:tcPr (width, gridSpan, vMerge) as XML."""
    from lxml import etree

    return [
        "" if tc.tcPr is None else etree.tostring(tc.tcPr).decode()
        for tc in table._tbl.iter(f"{W}tc")
    ]


def test_same_table_grid_and_merged_cell(published: dict[str, Any]) -> None:
    from lxml import etree

    source, english = _docx(published["source"]), _docx(published["docx"])
    (table_fr,), (table_en,) = source.tables, english.tables
    assert etree.tostring(table_en._tbl.tblGrid) == etree.tostring(table_fr._tbl.tblGrid)
    assert _cell_properties(table_en) == _cell_properties(table_fr)
    assert len(table_en.rows) == 3 and len(table_en.columns) == 3
    assert table_en.cell(1, 1).text == table_en.cell(2, 1).text  # one merged cell
    assert table_en.cell(0, 0).text == "Agency"


def test_image_footnote_header_and_footer_kept(published: dict[str, Any]) -> None:
    path = published["docx"]
    body = _part(path, "word/document.xml")
    assert len(body.findall(f".//{W}drawing")) == 1
    with zipfile.ZipFile(path) as archive, zipfile.ZipFile(published["source"]) as original:
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert images and archive.read(images[0]) == original.read(images[0])
    (reference,) = body.findall(f".//{W}footnoteReference")
    assert reference.get(f"{W}id") == "1"
    notes = _part(path, "word/footnotes.xml")
    note = next(n for n in notes.iter(f"{W}footnote") if n.get(f"{W}id") == "1")
    note_text = "".join(t.text or "" for t in note.iter(f"{W}t"))
    assert note.find(f".//{W}footnoteRef") is not None
    assert "agency" in note_text and "agence" not in note_text
    header = _part(path, "word/header1.xml")
    assert "Press release" in "".join(t.text or "" for t in header.iter(f"{W}t"))
    footer = _part(path, "word/footer1.xml")
    assert "PAGE" in "".join(t.text or "" for t in footer.iter(f"{W}instrText"))
    assert "".join(t.text or "" for t in footer.iter(f"{W}t")).startswith("Page ")


def test_every_run_is_english(published: dict[str, Any]) -> None:
    path = published["docx"]
    for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml", "word/footnotes.xml"):
        runs = list(_part(path, name).iter(f"{W}r"))
        assert runs
        langs = {run.find(f"{W}rPr/{W}lang").get(f"{W}val") for run in runs}
        assert langs == {"en-GB"}, name
    properties = _docx(path).core_properties
    assert properties.language == "en-GB"
    assert properties.title == _docx(path).paragraphs[0].text
    assert properties.content_status == "Reviewed"


def _formatted(path: Path, tag: str) -> list[str]:
    body = _part(path, "word/document.xml")
    return [
        "".join(t.text or "" for t in run.iter(f"{W}t"))
        for run in body.iter(f"{W}r")
        if run.find(f"{W}rPr/{W}{tag}") is not None and run.find(f"{W}t") is not None
    ]


def test_bold_italic_and_link_sit_on_the_english_words(
    published: dict[str, Any], engine: ApertiumEngine
) -> None:
    path = published["docx"]
    bold_en, italic_en, link_en = engine.translate(["président", "accord", "site"])
    assert [t.lower() for t in _formatted(path, "b")] == [bold_en.lower()]
    # A fragment alone comes back capitalised; in the sentence it is not.
    assert [t.lower() for t in _formatted(path, "i")] == [italic_en.lower()]
    body = _part(path, "word/document.xml")
    (link,) = body.iter(f"{W}hyperlink")
    assert link.find(f"{W}r/{W}rPr/{W}u") is not None  # the link's own look is kept
    assert "".join(t.text or "" for t in link.iter(f"{W}t")).lower() == link_en.lower()
    with zipfile.ZipFile(path) as archive:
        rels = _part_bytes(archive, "word/_rels/document.xml.rels")
    assert f'Id="{link.get(f"{R}id")}"' in rels and URL in rels


def _part_bytes(archive: zipfile.ZipFile, name: str) -> str:
    return archive.read(name).decode("utf-8")


def test_no_french_left_but_protected_terms(published: dict[str, Any]) -> None:
    data = json.loads(published["sidecar"].read_text(encoding="utf-8"))
    protected = {term["target"] for s in data["segments"] for term in s["terms"]}
    document = _docx(published["docx"])
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    for text in texts:
        for term in sorted(protected, key=len, reverse=True):
            text = text.replace(term, "")
        assert not FRENCH_WORDS.search(text), text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_published_docx_opens_in_libreoffice(published: dict[str, Any]) -> None:
    pdf = published["folder"] / "release.en.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.MULTILINE)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    title = _docx(published["docx"]).paragraphs[0].text
    assert title in text
    assert "Page 1" in text  # the footer's PAGE field, computed by LibreOffice
    assert "Agency" in text and "DRAFT" not in text


def test_text_and_markdown_follow(published: dict[str, Any]) -> None:
    markdown = (published["folder"] / "release.en.md").read_text(encoding="utf-8")
    assert markdown.startswith("# ")
    assert f"]({URL})" in markdown
    assert "[^1]:" in markdown and "| Agency |" in markdown
    plain = (published["folder"] / "release.en.txt").read_text(encoding="utf-8")
    assert "DRAFT" not in plain and f"<{URL}>" in plain


def test_sample_txt_publishes_with_distinct_styles(
    tmp_path: Path, seed_path: Path, engine: ApertiumEngine
) -> None:
    settings = load_settings(root=REPO)
    translate_file(seed_path, tmp_path, engine, glossary_for(settings))
    sidecar = tmp_path / f"{seed_path.stem}.json"
    result = publish_file(sidecar, settings, formats=("docx", "md"))
    assert [p.name for p in result.outputs] == [
        f"{seed_path.stem}.en.docx",
        f"{seed_path.stem}.en.md",
    ]
    document = _docx(tmp_path / f"{seed_path.stem}.en.docx")
    styles = [p.style.name for p in document.paragraphs if p.text.strip()]
    # Unreviewed: the draft line first, then the title, the dateline and the body.
    assert document.paragraphs[0].text == "DRAFT — not reviewed"
    assert document.core_properties.content_status == "DRAFT — not reviewed"
    assert styles[1:4] == ["Title", "Dateline", "Normal"]
    markdown = (tmp_path / f"{seed_path.stem}.en.md").read_text(encoding="utf-8")
    assert markdown.splitlines()[2].startswith("# ")
