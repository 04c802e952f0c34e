"""HTML and Markdown readers keep emphasis and links as inline codes on the segments."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingue.cli import cli
from bilingue.document import Document, Segment
from bilingue.engines.apertium import apertium_available
from bilingue.formats import read_document
from bilingue.pipeline import prepare

FIXTURES = Path(__file__).parent / "fixtures"
DOSSIER = "https://cnes.fr/fr/dossier"


def _segment(doc: Document, starting: str) -> Segment:
    return next(s for s in doc.segments() if s.source.startswith(starting))


def _codes(segment: Segment) -> list[tuple[str, str, str]]:
    """(kind, covered text, URL) of each code, in order."""
    return [(c.kind, segment.source[c.start : c.end], c.data) for c in segment.codes]


@pytest.fixture(scope="module", params=["inline.md", "inline.html"])
def doc(request: pytest.FixtureRequest) -> Document:
    return prepare(read_document(FIXTURES / request.param))


def test_bold_and_italic_cover_their_words(doc: Document) -> None:
    segment = _segment(doc, "Le satellite est")
    assert segment.source == "Le satellite est opérationnel depuis lundi matin."
    assert _codes(segment) == [("bold", "opérationnel", ""), ("italic", "lundi", "")]


def test_link_keeps_its_url(doc: Document) -> None:
    segment = _segment(doc, "Le dossier")
    assert _codes(segment) == [("link", "le site du CNES", DOSSIER)]


def test_bold_link_keeps_both_codes_and_relative_url(doc: Document) -> None:
    segment = _segment(doc, "Consultez")
    assert segment.source == "Consultez la fiche technique pour les détails."
    assert sorted(_codes(segment)) == [
        ("bold", "la fiche technique", ""),
        ("link", "la fiche technique", "fiches/satellite.html"),
    ]


def test_code_ids_unique_in_each_segment(doc: Document) -> None:
    for segment in doc.segments():
        ids = [c.id for c in segment.codes]
        assert len(ids) == len(set(ids)), segment


def test_markdown_autolink_and_underscore_emphasis() -> None:
    doc = prepare(read_document(FIXTURES / "inline.md"))
    segment = _segment(doc, "Écrivez-nous")
    assert segment.source == "Écrivez-nous à https://presse.cnes.fr ou vite et bien."
    assert _codes(segment) == [
        ("link", "https://presse.cnes.fr", "https://presse.cnes.fr"),
        ("bold", "vite", ""),
        ("italic", "bien", ""),
    ]


def test_html_sup_sub_underline() -> None:
    doc = prepare(read_document(FIXTURES / "inline.html"))
    segment = _segment(doc, "Le 1er")
    assert _codes(segment) == [
        ("sup", "er", ""),
        ("underline", "sans", ""),
        ("italic", "incident", ""),
        ("sub", "2", ""),
    ]


@pytest.mark.skipif(
    not apertium_available(),
    reason="Apertium with fr-es and spa-eng is not installed "
    "(apt-get install apertium apertium-fr-es apertium-eng-spa)",
)
def test_markdown_link_reaches_published_md_and_review_docx(tmp_path: Path) -> None:
    source = tmp_path / "release.md"
    source.write_text((FIXTURES / "inline.md").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bilingue.toml").write_text('engine = "apertium"\n', encoding="utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        runner = CliRunner()
        translated = runner.invoke(cli, ["translate", "release.md", "-o", "out", "-q"])
        assert translated.exit_code == 0, translated.output
        published = runner.invoke(cli, ["publish", "out/release.json", "--to", "md"])
        assert published.exit_code == 0, published.output
    finally:
        os.chdir(old)
    english = (tmp_path / "out" / "release.en.md").read_text(encoding="utf-8")
    assert f"]({DOSSIER})" in english
    assert "](fiches/satellite.html)" in english
    with zipfile.ZipFile(tmp_path / "out" / "release.review.docx") as review:
        rels = review.read("word/_rels/document.xml.rels").decode()
        body = review.read("word/document.xml").decode()
    assert f'Target="{DOSSIER}"' in rels
    assert "<w:hyperlink" in body
