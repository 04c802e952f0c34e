"""Glossary TSV files: reading, line-numbered errors, atomic line-preserving edits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bilingue.errors import GlossaryError
from bilingue.glossary import GlossaryEntry
from bilingue.glossary.store import (
    add_entry,
    default_glossary_paths,
    load_glossary,
    read_tsv,
    remove_entry,
    write_tsv,
)

SAMPLE = (
    "# space terms\n"
    "source\ttarget\ttype\tnote\tvariants\tcase\n"
    "Soyouz\tSoyuz\tprogramme\tlauncher\tSoyuz\n"
    "\n"
    "# agencies\n"
    "ESA\tESA\torganisation\n"
    "Baïkonour\tBaikonur\tplace\t\tBaikonour|Baïkonur\tinsensitive\n"
)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "space.tsv"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_read_parses_every_column(sample: Path) -> None:
    assert read_tsv(sample) == [
        GlossaryEntry("Soyouz", "Soyuz", "programme", "launcher", ("Soyuz",), ""),
        GlossaryEntry("ESA", "ESA", "organisation"),
        GlossaryEntry(
            "Baïkonour", "Baikonur", "place", "", ("Baikonour", "Baïkonur"), "insensitive"
        ),
    ]


def test_bom_crlf_and_any_column_order_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_bytes("\ufefftype\ttarget\tsource\r\nname\tVladimir Popovkin\tVladimir Popovkine\r\n"
                     .encode())  # fmt: skip
    assert read_tsv(path) == [GlossaryEntry("Vladimir Popovkine", "Vladimir Popovkin", "name")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("source\ttarget\nESA\t\n", "line 2: source and target must both be filled in"),
        ("source\ttarget\ttype\nESA\tESA\tagency\n", "line 2: type 'agency' is not one of"),
        ("source\ttarget\tcase\nESA\tESA\tupper\n", "line 2: case must be 'exact'"),
        ("source\ttarget\nESA\tESA\textra\n", "line 2: 3 fields for 2 columns"),
        ("source\tcible\nESA\tESA\n", "line 1: header must name the columns"),
        ("# only a comment\n", "no header line"),
    ],
)
def test_malformed_files_name_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError) as caught:
        read_tsv(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_later_files_replace_earlier_entries(sample: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.tsv"
    write_tsv(extra, [GlossaryEntry("ESA", "European Space Agency", "organisation"),
                      GlossaryEntry("CNES", "CNES", "organisation")])  # fmt: skip
    glossary = load_glossary([sample, extra])
    targets = {e.source: e.target for e in glossary.entries}
    assert targets["ESA"] == "European Space Agency"
    assert [e.source for e in glossary.entries] == ["Soyouz", "ESA", "Baïkonour", "CNES"]
    assert glossary.files == (str(sample), str(extra))


def test_add_appends_and_keeps_every_other_line_exactly(sample: Path) -> None:
    add_entry(sample, GlossaryEntry("Kourou", "Kourou", "place"))
    assert sample.read_text(encoding="utf-8") == SAMPLE + "Kourou\tKourou\tplace\n"


def test_add_replaces_an_existing_source_in_place(sample: Path) -> None:
    add_entry(sample, GlossaryEntry("ESA", "ESA", "organisation", note="agency"))
    lines = sample.read_text(encoding="utf-8").splitlines()
    assert lines[5] == "ESA\tESA\torganisation\tagency"
    assert len(lines) == len(SAMPLE.splitlines())


def test_add_creates_a_missing_file_with_a_header(tmp_path: Path) -> None:
    path = tmp_path / "custom.tsv"
    add_entry(path, GlossaryEntry("Philae", "Philae", "programme"))
    assert read_tsv(path) == [GlossaryEntry("Philae", "Philae", "programme")]


def test_remove_keeps_comments_and_order(sample: Path) -> None:
    assert remove_entry(sample, "ESA") is True
    assert sample.read_text(encoding="utf-8") == SAMPLE.replace("ESA\tESA\torganisation\n", "")
    assert remove_entry(sample, "ESA") is False


def test_a_crash_during_an_edit_leaves_the_file_whole(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(Exception, match="No space left on device"):
        add_entry(sample, GlossaryEntry("Kourou", "Kourou", "place"))
    assert sample.read_text(encoding="utf-8") == SAMPLE
    assert [p.name for p in sample.parent.iterdir()] == ["space.tsv"]


def test_fields_with_tabs_cannot_be_written(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="contains a tab or line break"):
        write_tsv(tmp_path / "g.tsv", [GlossaryEntry("a\tb", "x")])


def test_default_paths_are_the_sorted_tsv_files(tmp_path: Path) -> None:
    (tmp_path / "glossary").mkdir()
    for name in ["b.tsv", "a.tsv", "notes.txt"]:
        (tmp_path / "glossary" / name).write_text("source\ttarget\n", encoding="utf-8")
    assert [p.name for p in default_glossary_paths(tmp_path)] == ["a.tsv", "b.tsv"]
