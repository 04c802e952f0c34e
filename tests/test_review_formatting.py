"""Formatting through the review round trip: a real DOCX, real Apertium, real files.

The review DOCX shows bold, italic and links as formatting (links as hyperlinks to
their URL) and placeholders as grey markers; a reviewer's bold (added or removed)
comes back through `review import` as target codes and reaches `bilingue publish`,
also after a LibreOffice re-save. A deleted footnote marker is flagged, never lost.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner, Result
from docx.shared import RGBColor
from docx.text.run import Run

from bilingue.cli import cli
from bilingue.engines.apertium import apertium_available
from tests.formats.docx_fixture import URL, build_release_docx
from tests.review_edits import ReviewEditor, libreoffice_resave

pytestmark = pytest.mark.skipif(
    not apertium_available(),
    reason="Apertium fr→es→en is not installed "
    "(apt-get install apertium apertium-fr-es apertium-eng-spa)",
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
FORMATTED = "p3.s1"  # "Le **président** du CNES a signé un *accord* avec l’agence russe.[fn]"
LINKED = "p4.s1"  # "Le texte complet est sur le [site](URL) de l’agence."


def bilingue(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test release translated with Apertium: release.json and release.review.docx."""
    folder = tmp_path_factory.mktemp("formatting")
    source = build_release_docx(folder / "release.docx")
    result = bilingue("translate", str(source), "-o", str(folder), "--engine", "apertium")
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def folder(translated: Path, tmp_path: Path) -> Path:
    """A private copy of the translated folder (imports write the sidecar)."""
    copy = tmp_path / "work"
    shutil.copytree(translated, copy)
    return copy


def segments(folder: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    return {s["id"]: s for s in data["segments"]}


def spans(codes: list[dict[str, Any]], kind: str) -> list[tuple[int, int]]:
    return [(c["start"], c["end"]) for c in codes if c["kind"] == kind]


def runs_xml(text: str, paired: list[tuple[str, int, int]], markers: list[tuple[str, int]]) -> str:
    """An English cell as Word writes it: runs split at every change, rsids, a proofing
    mark, bold switched off explicitly; markers kept in their content control."""
    cuts = sorted(
        {0, len(text), *(p for _, a, b in paired for p in (a, b))} | {m[1] for m in markers}
    )
    out = ['<w:proofErr w:type="spellStart"/>']
    for start, end in zip(cuts, [*cuts[1:], len(text)], strict=True):
        for kind, at in markers:
            if at == start:
                out.append(
                    f"<w:sdt><w:sdtContent><w:r><w:t>⟦{kind}⟧</w:t></w:r></w:sdtContent></w:sdt>"
                )
        if end <= start:
            continue
        kinds = {k for k, a, b in paired if a <= start and end <= b}
        props = ("<w:b/>" if "bold" in kinds else '<w:b w:val="0"/>') + (
            "<w:i/>" if "italic" in kinds else ""
        )
        # Word splits runs by editing session: two runs for each piece.
        middle = start + (end - start) // 2
        for a, b in ((start, middle), (middle, end)):
            if b > a:
                out.append(
                    f'<w:r w:rsidR="00A1B2C3"><w:rPr>{props}</w:rPr>'
                    f'<w:t xml:space="preserve">{text[a:b]}</w:t></w:r>'
                )
    return "".join(out)


def rebold(folder: Path, out: Path, *, keep_footnote: bool = True) -> tuple[str, tuple[int, int]]:
    """Remove the bold the English carries and bold its last word instead; keep italic."""
    segment = segments(folder)[FORMATTED]
    target, codes = segment["target"], segment["target_codes"]
    last = list(re.finditer(r"[^\W\d_]+", target))[-1]
    paired = [("bold", last.start(), last.end())]
    paired += [("italic", a, b) for a, b in spans(codes, "italic")]
    markers = [(c["kind"], c["start"]) for c in codes if c["start"] == c["end"]]
    editor = ReviewEditor(folder / "release.review.docx")
    editor.set_xml(FORMATTED, "target", runs_xml(target, paired, markers if keep_footnote else []))
    editor.save(out)
    return last.group(), (last.start(), last.end())


def cell_runs(cell: Any) -> list[Any]:
    return [run for paragraph in cell.paragraphs for run in paragraph.runs]


def hyperlinks(review: Any, cell: Any) -> list[tuple[str, str]]:
    found = []
    for link in cell._tc.iter(f"{W}hyperlink"):
        text = "".join(t.text or "" for t in link.iter(f"{W}t"))
        found.append((text, review.part.rels[link.get(f"{R}id")].target_ref))
    return found


def test_the_review_shows_formatting_as_formatting(translated: Path) -> None:
    review = docx.Document(str(translated / "release.review.docx"))
    rows = {row.cells[0].text: row for row in review.tables[0].rows[1:]}
    data = segments(translated)
    target, codes = data[FORMATTED]["target"], data[FORMATTED]["target_codes"]
    french, english = rows[FORMATTED].cells[1], rows[FORMATTED].cells[2]
    assert [r.text for r in cell_runs(french) if r.bold] == ["président"]
    assert [r.text for r in cell_runs(french) if r.italic] == ["accord"]
    assert [r.text for r in cell_runs(english) if r.bold] == [
        target[a:b] for a, b in spans(codes, "bold")
    ]
    assert [r.text for r in cell_runs(english) if r.italic] == [
        target[a:b] for a, b in spans(codes, "italic")
    ]
    for cell in (french, english):  # the footnote reference: a small grey marker
        [marker] = [Run(r, cell) for r in cell._tc.iter(f"{W}r") if "⟦" in Run(r, cell).text]
        assert marker.text == "⟦footnote⟧"
        assert marker.font.color.rgb == RGBColor.from_string("808080")
    locks = rows[FORMATTED].cells[2]._tc.iter(f"{W}lock")
    assert [lock.get(f"{W}val") for lock in locks] == ["sdtContentLocked"]
    linked = data[LINKED]
    [(a, b)] = spans(linked["target_codes"], "link")
    assert hyperlinks(review, rows[LINKED].cells[1]) == [("site", URL)]
    assert hyperlinks(review, rows[LINKED].cells[2]) == [(linked["target"][a:b], URL)]


def test_importing_the_untouched_review_changes_no_segment(folder: Path) -> None:
    before = segments(folder)
    result = bilingue("review", "import", str(folder / "release.review.docx"))
    assert result.exit_code == 0, result.output
    assert "0 edited" in result.output
    assert segments(folder) == before


def published_paragraph(folder: Path, words: str) -> Any:
    english = docx.Document(str(folder / "release.en.docx"))
    return next(p for p in english.paragraphs if words in p.text)


def test_a_reviewers_bold_reaches_the_published_docx(folder: Path) -> None:
    old = segments(folder)[FORMATTED]
    [(bold_start, bold_end)] = spans(old["target_codes"], "bold")
    word, where = rebold(folder, folder / "release.review.docx")
    result = bilingue("review", "import", str(folder / "release.review.docx"))
    assert result.exit_code == 0, result.output
    assert "1 edited" in result.output
    new = segments(folder)[FORMATTED]
    assert new["target"] == old["target"]
    assert spans(new["target_codes"], "bold") == [where]
    assert spans(new["target_codes"], "italic") == spans(old["target_codes"], "italic")
    footnote = [c for c in new["target_codes"] if c["kind"] == "footnote"]
    assert footnote == [c for c in old["target_codes"] if c["kind"] == "footnote"]
    assert new["history"][-1]["codes"] == new["target_codes"]
    assert new["history"][0]["codes"] == old["target_codes"]

    result = bilingue("publish", str(folder / "release.json"), "--to", "docx")
    assert result.exit_code == 0, result.output
    paragraph = published_paragraph(folder, old["target"])
    assert [r.text for r in paragraph.runs if r.bold] == [word]
    unbolded = old["target"][bold_start:bold_end]
    assert all(unbolded not in r.text for r in paragraph.runs if r.bold)
    assert paragraph._p.find(f".//{W}footnoteReference") is not None


def test_a_libreoffice_resave_imports_the_same_formatting(folder: Path, tmp_path: Path) -> None:
    direct = tmp_path / "direct"
    shutil.copytree(folder, direct)
    rebold(direct, direct / "release.review.docx")
    assert bilingue("review", "import", str(direct / "release.review.docx")).exit_code == 0

    edited = tmp_path / "edited" / "release.review.docx"
    edited.parent.mkdir()
    rebold(folder, edited)
    resaved = libreoffice_resave(edited, tmp_path / "lo", tmp_path / "lo-profile")
    result = bilingue("review", "import", str(resaved), "--sidecar", str(folder / "release.json"))
    assert result.exit_code == 0, result.output
    ours, theirs = segments(direct), segments(folder)
    assert {i: s["target_codes"] for i, s in theirs.items()} == {
        i: s["target_codes"] for i, s in ours.items()
    }
    assert {i: s["target"] for i, s in theirs.items()} == {i: s["target"] for i, s in ours.items()}


def test_a_deleted_footnote_marker_is_flagged_and_kept(folder: Path) -> None:
    rebold(folder, folder / "release.review.docx", keep_footnote=False)
    editor = ReviewEditor(folder / "release.review.docx")
    linked = segments(folder)[LINKED]["target"]
    editor.set_text(LINKED, "target", linked)  # the link removed, the words kept
    editor.save(folder / "release.review.docx")
    result = bilingue("review", "import", str(folder / "release.review.docx"))
    assert result.exit_code == 0, result.output
    new = segments(folder)
    [footnote] = [c for c in new[FORMATTED]["target_codes"] if c["kind"] == "footnote"]
    assert footnote["start"] == len(new[FORMATTED]["target"])  # put back at the end
    [flag] = [f for f in new[FORMATTED]["flags"] if f["code"] == "code-lost"]
    assert "footnote" in flag["message"]
    assert new[LINKED]["target_codes"] == []  # neither the link nor its underline
    result = bilingue("publish", str(folder / "release.json"), "--to", "docx")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(folder / "release.en.docx") as archive:
        body = archive.read("word/document.xml").decode()
    assert body.count("<w:footnoteReference") == 1
    unlinked = published_paragraph(folder, linked[:20])
    assert unlinked._p.find(f".//{W}hyperlink") is None


def test_bilingue_qa_checks_the_reviewers_english_and_writes_nothing(folder: Path) -> None:
    editor = ReviewEditor(folder / "release.review.docx")
    editor.set_text(LINKED, "target", "The complete text is on the website of the agence, 2014.")
    editor.save(folder / "release.review.docx")
    files = {p: p.read_bytes() for p in folder.iterdir()}
    result = bilingue("qa", str(folder / "release.review.docx"))
    assert result.exit_code == 0, result.output
    flagged = [line.split("\t") for line in result.stdout.splitlines()]
    assert [LINKED, "error", "qa-number"] in [line[:3] for line in flagged]
    assert "segments flagged" in result.stderr
    assert {p: p.read_bytes() for p in folder.iterdir()} == files
