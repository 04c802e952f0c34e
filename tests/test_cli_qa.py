"""`bilingue qa`: what it prints on a sidecar, and one error line for what it cannot read."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingue.cli import cli
from bilingue.document import Block, BlockKind, Document, Segment, SegmentState
from bilingue.formats.sidecar_json import read_sidecar, write_sidecar


def _sidecar(path: Path) -> Path:
    segments = (
        Segment(
            "p1.s1", "Il a dû jongler.", " ", "He had to jongler.", state=SegmentState.REVIEWED
        ),
        Segment("p1.s2", "Le 17 mai.", "", "On 17 May.", state=SegmentState.REVIEWED),
    )
    text = "Il a dû jongler. Le 17 mai."
    doc = Document("release.txt", (Block("p1", BlockKind.PARAGRAPH, text, segments),))
    write_sidecar(doc, path)
    return path


def test_qa_lists_flags_and_a_summary_and_changes_nothing(tmp_path: Path) -> None:
    path = _sidecar(tmp_path / "release.json")
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["qa", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ("p1.s1\terror\tqa-untranslated\tuntranslated: jongler (French)\n")
    assert result.stderr == (
        f"{path}: QA: 1/2 segments flagged (1 errors, 0 warnings): qa-untranslated 1\n"
    )
    assert path.read_bytes() == before
    assert [s.target for s in read_sidecar(path).segments()] == ["He had to jongler.", "On 17 May."]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.json", "cannot read file (No such file or directory)"),
        (
            "reviewed.docx",
            "not a DOCX file (not a zip archive) — re-save it from Word or LibreOffice",
        ),
        (
            "notes.txt",
            "not a bilingue sidecar (.json) or review DOCX (.docx) — "
            "give the .json file or the .review.docx",
        ),
    ],
)
def test_qa_refuses_what_it_cannot_check(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    if name != "missing.json":
        path.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["qa", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: {message}\n"
