"""`bilingue publish` and `bilingue export` through the CLI, with a test-double engine.

Real DOCX files, real sidecars, real XLIFF validated against the XLIFF 2.1 core
schema; the engine is a double (the Apertium acceptance is tests/test_publish.py).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingue.api import translate_file
from bilingue.cli import cli
from bilingue.formats.publish_docx import DRAFT_LINE
from bilingue.formats.sidecar_json import read_sidecar
from bilingue.formats.xliff import NS, read_xliff
from bilingue.glossary import Glossary
from tests.doubles import IdentityEngine
from tests.formats.docx_fixture import URL, build_release_docx

SCHEMA = Path(__file__).parent / "formats" / "xliff_core_2.1.xsd"


@pytest.fixture
def translated(tmp_path: Path) -> Path:
    """A folder with release.docx, its review DOCX and sidecar (nothing approved)."""
    source = build_release_docx(tmp_path / "release.docx")
    translate_file(source, tmp_path, IdentityEngine(), Glossary(()))
    return tmp_path


def _approve(sidecar: Path, but: tuple[str, ...] = ()) -> None:
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    for segment in data["segments"]:
        if segment["id"] not in but:
            segment["state"] = "reviewed"
    sidecar.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _invoke(folder: Path, *args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(folder)
    try:
        result = runner.invoke(cli, list(args))
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def test_require_approved_refuses_listing_the_ids(translated: Path) -> None:
    _approve(translated / "release.json", but=("p3.s1", "p5.s1"))
    code, _, err = _invoke(translated, "publish", "release.json", "--require-approved")
    assert code == 1
    assert err.strip() == (
        "Error: release.json: 2 segment(s) not approved: p3.s1, p5.s1 — approve them in the "
        "review DOCX and `bilingue review import` it, or publish a draft without "
        "--require-approved"
    )
    assert not list(translated.glob("release.en.*"))


def test_require_approved_publishes_once_all_are_approved(translated: Path) -> None:
    _approve(translated / "release.json")
    code, out, _ = _invoke(translated, "publish", "release.json", "--require-approved")
    assert code == 0, out
    assert sorted(p.name for p in translated.glob("release.en.*")) == [
        "release.en.docx",
        "release.en.md",
        "release.en.txt",
    ]


def test_draft_says_so_in_the_document_and_its_properties(translated: Path) -> None:
    import docx

    code, _, _ = _invoke(translated, "publish", "release.json", "--to", "docx,txt")
    assert code == 0
    document = docx.Document(str(translated / "release.en.docx"))
    assert document.paragraphs[0].text == DRAFT_LINE
    assert document.core_properties.content_status == DRAFT_LINE
    assert (translated / "release.en.txt").read_text(encoding="utf-8").startswith(DRAFT_LINE)


def test_publishing_twice_gives_the_same_outputs(translated: Path) -> None:
    import docx

    _invoke(translated, "publish", "release.json", "--to", "txt,md,html,docx")
    first = {p.name: p.read_bytes() for p in translated.glob("release.en.*") if p.suffix != ".docx"}
    texts = [p.text for p in docx.Document(str(translated / "release.en.docx")).paragraphs]
    _invoke(translated, "publish", "release.json", "--to", "txt,md,html,docx")
    again = {p.name: p.read_bytes() for p in translated.glob("release.en.*") if p.suffix != ".docx"}
    assert again == first
    assert [p.text for p in docx.Document(str(translated / "release.en.docx")).paragraphs] == texts


def test_review_docx_and_folder_stand_for_their_sidecar(translated: Path) -> None:
    out = translated / "out"
    code, stdout, _ = _invoke(
        translated, "publish", "release.review.docx", "-o", "out", "--to", "md"
    )
    assert code == 0, stdout
    assert (out / "release.en.md").is_file()
    code, _, _ = _invoke(translated, "publish", ".", "-o", "out2", "--to", "html")
    html = (translated / "out2" / "release.en.html").read_text(encoding="utf-8")
    assert code == 0 and f'<a href="{URL}">' in html and "<table>" in html


def test_unknown_format_is_a_usage_error(translated: Path) -> None:
    code, _, err = _invoke(translated, "publish", "release.json", "--to", "docx,rtf")
    assert code == 2
    assert "--to: choose from docx, txt, md, html, pdf" in err


def test_missing_source_docx_is_named(translated: Path) -> None:
    (translated / "release.docx").rename(translated / "moved.docx")
    code, _, err = _invoke(translated, "publish", "release.json")
    assert code == 1
    assert "the source DOCX" in err and "release.docx is not found" in err
    assert not list(translated.glob("release.en.*"))


def test_pdf_without_libreoffice_says_so_and_writes_nothing(
    translated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_which = shutil.which
    monkeypatch.setattr(
        shutil,
        "which",
        lambda name: None if name in ("soffice", "libreoffice") else real_which(name),
    )
    code, _, err = _invoke(translated, "publish", "release.json", "--to", "docx,pdf")
    assert code == 1
    assert "PDF needs LibreOffice, which is not installed" in err
    assert not list(translated.glob("release.en.*"))


def test_template_supplies_the_house_style(tmp_path: Path, seed_path: Path) -> None:
    import docx
    from docx.shared import Pt

    house = docx.Document()
    house.styles["Normal"].font.size = Pt(13)
    house.add_paragraph("sample text the template carries")
    house.save(str(tmp_path / "house.docx"))
    translate_file(seed_path, tmp_path, IdentityEngine(), Glossary(()))
    sidecar = f"{seed_path.stem}.json"
    code, out, _ = _invoke(tmp_path, "publish", sidecar, "--to", "docx", "--template", "house.docx")
    assert code == 0, out
    published = docx.Document(str(tmp_path / f"{seed_path.stem}.en.docx"))
    assert published.styles["Normal"].font.size == Pt(13)
    assert "sample text" not in "\n".join(p.text for p in published.paragraphs)


# XLIFF 2.1 hand-off


def _schema() -> object:
    from lxml import etree  # type: ignore[import-untyped]

    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def test_export_xliff_validates_against_the_core_schema(translated: Path) -> None:
    from lxml import etree

    code, out, _ = _invoke(translated, "export", "--to", "xliff", "release.json")
    assert code == 0
    path = translated / "release.xlf"
    assert out.strip() == "release.xlf"
    tree = etree.parse(str(path))
    schema = _schema()
    assert schema.validate(tree), schema.error_log  # type: ignore[attr-defined]
    root = tree.getroot()
    assert root.get("version") == "2.1" and root.get("trgLang") == "en-GB"
    q = f"{{{NS}}}"
    pcs = {pc.get("subType") or pc.get("type") for pc in root.iter(f"{q}pc")}
    assert {"xlf:b", "xlf:i", "link"} <= pcs
    assert any(ph.get("disp") == "PAGE" for ph in root.iter(f"{q}ph"))
    data = {d.text for d in root.iter(f"{q}data")}
    assert URL in data


def test_xliff_ids_are_unique_where_the_spec_wants(translated: Path) -> None:
    """Segment ids in a unit; code ids in each source and target (a target's code
    reuses its source code's id, XLIFF 2.1 §4.7.2)."""
    from lxml import etree

    _invoke(translated, "export", "release.json")
    root = etree.parse(str(translated / "release.xlf")).getroot()
    q = f"{{{NS}}}"
    units = [u.get("id") for u in root.iter(f"{q}unit")]
    assert len(units) == len(set(units))
    for unit in root.iter(f"{q}unit"):
        segments = [s.get("id") for s in unit.iter(f"{q}segment")]
        assert len(segments) == len(set(segments))
        for content in [*unit.iter(f"{q}source"), *unit.iter(f"{q}target")]:
            ids = [e.get("id") for e in content.iter() if e.get("id")]
            assert len(ids) == len(set(ids)), unit.get("id")


def test_xliff_reads_back_what_was_written(translated: Path) -> None:
    _invoke(translated, "export", "release.json")
    doc = read_sidecar(translated / "release.json")
    segments = {s.id: s for s in doc.segments()}
    returned = read_xliff(translated / "release.xlf")
    assert [r.id for r in returned] == list(segments)
    for item in returned:
        original = segments[item.id]
        assert item.source == original.source
        assert item.target == original.target
        assert sorted((c.id, c.kind, c.start, c.end) for c in item.target_codes) == sorted(
            (c.id, c.kind, c.start, c.end) for c in original.target_codes
        )


def test_xliff_with_a_dtd_is_refused(tmp_path: Path) -> None:
    from bilingue.errors import BadInput

    path = tmp_path / "x.xlf"
    path.write_text('<!DOCTYPE x [<!ENTITY a "b">]><xliff/>', encoding="utf-8")
    with pytest.raises(BadInput, match="DTD"):
        read_xliff(path)


# A CAT tool's round trip: export, edit targets and states, import, publish.


def _cat_tool_edits(path: Path, edits: dict[str, str], approve: bool = True) -> None:
    """Rewrite targets (plain text) and set every state, as a CAT tool saves a file."""
    from lxml import etree

    tree = etree.parse(str(path))
    q = f"{{{NS}}}"
    for segment in tree.getroot().iter(f"{q}segment"):
        if approve:
            segment.set("state", "final")
        if segment.get("id") in edits:
            target = segment.find(f"{q}target")
            for child in list(target):
                target.remove(child)
            target.text = edits[segment.get("id")]
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_returned_xliff_is_imported_and_published(translated: Path) -> None:
    import docx

    _invoke(translated, "export", "release.json")
    _cat_tool_edits(
        translated / "release.xlf", {"p5.s1": "Both agencies have long worked together."}
    )
    code, out, err = _invoke(translated, "review", "import", "release.xlf")
    assert code == 0, out + err
    doc = read_sidecar(translated / "release.json")
    edited = next(s for s in doc.segments() if s.id == "p5.s1")
    assert edited.target == "Both agencies have long worked together."
    assert {s.state for s in doc.segments()} == {"reviewed"}
    code, out, err = _invoke(translated, "publish", "release.json", "--require-approved")
    assert code == 0, out + err
    texts = [p.text for p in docx.Document(str(translated / "release.en.docx")).paragraphs]
    assert "Both agencies have long worked together." in texts


def test_returned_xliff_keeps_codes_it_carried_and_flags_lost_ones(translated: Path) -> None:
    _invoke(translated, "export", "release.json")
    # p3.s1 has bold, italic and a footnote; the edit drops them all.
    _cat_tool_edits(translated / "release.xlf", {"p3.s1": "The chairman signed."})
    code, out, err = _invoke(translated, "review", "import", "release.xlf")
    assert code == 0, out + err
    segment = next(
        s for s in read_sidecar(translated / "release.json").segments() if s.id == "p3.s1"
    )
    assert sorted(c.id for c in segment.target_codes) == sorted(c.id for c in segment.codes)
    assert all(c.start == len("The chairman signed.") for c in segment.target_codes)
    (flag,) = [f for f in segment.flags if f.code == "code-moved"]
    assert "lost in the returned XLIFF" in flag.message


def test_returned_xliff_with_an_edited_source_is_refused(translated: Path) -> None:
    from lxml import etree

    _invoke(translated, "export", "release.json")
    path = translated / "release.xlf"
    tree = etree.parse(str(path))
    source = next(tree.getroot().iter(f"{{{NS}}}source"))
    source.text = "Texte changé"
    for child in list(source):
        source.remove(child)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    before = (translated / "release.json").read_bytes()
    code, _, err = _invoke(translated, "review", "import", "release.xlf")
    assert code == 1
    assert "release.xlf" in err and "another version" in err
    assert (translated / "release.json").read_bytes() == before


def test_xliff_not_from_bilingue_is_refused(translated: Path) -> None:
    _invoke(translated, "export", "release.json")
    path = translated / "release.xlf"
    path.write_text(
        path.read_text(encoding="utf-8").replace("bl:document=", "bl:other="), encoding="utf-8"
    )
    code, _, err = _invoke(translated, "review", "import", "release.xlf")
    assert code == 1
    assert "not exported by bilingue" in err


class _Upper(IdentityEngine):
    """Upper-cases, so a test can see which texts went through the engine."""

    def render(self, source: str) -> str:
        return source.upper()


def test_text_box_is_published_in_place_once(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    paragraph = document.add_paragraph("Avant la boîte.")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    v = "urn:schemas-microsoft-com:vml"
    paragraph._p.append(
        parse_xml(
            f'<w:r xmlns:w="{w}" xmlns:v="{v}"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>Texte dans la boîte.</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    document.save(str(tmp_path / "box.docx"))
    translate_file(tmp_path / "box.docx", tmp_path, _Upper(), Glossary(()))
    code, out, err = _invoke(tmp_path, "publish", "box.json", "--to", "docx")
    assert code == 0, out + err
    import zipfile

    with zipfile.ZipFile(tmp_path / "box.en.docx") as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert body.count("AVANT LA BOÎTE.") == 1 and body.count("TEXTE DANS LA BOÎTE.") == 1
    assert "Avant" not in body and "Texte dans" not in body


def test_a_review_docx_with_work_not_imported_is_not_published_over(translated: Path) -> None:
    import docx

    review = translated / "release.review.docx"
    document = docx.Document(str(review))
    document.add_paragraph("a reviewer was here")
    document.save(str(review))
    code, _, err = _invoke(translated, "publish", "release.review.docx")
    assert code == 1
    assert "release.review.docx was changed after bilingue wrote it and is not imported" in err
    assert "bilingue review import" in err
    assert not list(translated.glob("release.en.*"))


def test_a_source_docx_changed_since_translation_is_refused(translated: Path) -> None:
    import docx

    source = translated / "release.docx"
    document = docx.Document(str(source))
    document.add_paragraph("Un paragraphe ajouté après la traduction.")
    document.save(str(source))
    code, _, err = _invoke(translated, "publish", "release.json", "--to", "docx")
    assert code == 1
    assert "release.docx changed after it was translated" in err
    assert not list(translated.glob("release.en.*"))
