"""Glossary TSV files: reading, line-numbered errors, loading, atomic line-preserving edits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingue.errors import GlossaryError, OutputError
from bilingue.glossary import ENTRY_TYPES, GlossaryEntry
from bilingue.glossary.store import (
    add_entry,
    default_glossary_paths,
    load_glossary,
    read_table,
    read_tsv,
    remove_entry,
    upsert_entries,
    write_tsv,
)
from bilingue.glossary.table import HEADER_HINT as TABLE_HINT

SAMPLE = (
    "# space terms\n"
    "source\ttarget\ttype\tnote\tvariants\tcase\n"
    "Soyouz\tSoyuz\tprogramme\tlauncher\tSoyuz\n"
    "\n"
    "# agencies\n"
    "ESA\tESA\torganisation\n"
    "Baïkonour\tBaikonur\tplace\t\tBaikonour | Baïkonur\tinsensitive\n"
)
KOUROU = GlossaryEntry("Kourou", "Kourou", "place")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "space.tsv"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def write(tmp_path: Path, content: str, name: str = "g.tsv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    return path


# --- reading ---------------------------------------------------------------------------


def test_read_parses_every_column(sample: Path) -> None:
    assert read_tsv(sample) == [
        GlossaryEntry("Soyouz", "Soyuz", "programme", "launcher", ("Soyuz",), ""),
        GlossaryEntry("ESA", "ESA", "organisation"),
        GlossaryEntry(
            "Baïkonour", "Baikonur", "place", "", ("Baikonour", "Baïkonur"), "insensitive"
        ),
    ]


def test_bom_crlf_and_any_column_order_are_accepted(tmp_path: Path) -> None:
    path = write(
        tmp_path, "\ufeffType\tTARGET\tsource\r\nName\tVladimir Popovkin\tVladimir Popovkine\r\n"
    )
    assert read_tsv(path) == [GlossaryEntry("Vladimir Popovkine", "Vladimir Popovkin", "name")]


def test_without_a_type_column_entries_are_terms(tmp_path: Path) -> None:
    path = write(tmp_path, "source\ttarget\nlanceur\tlauncher\n")
    assert read_tsv(path) == [GlossaryEntry("lanceur", "launcher", "term")]


def test_trailing_empty_cells_and_short_rows_are_tolerated(tmp_path: Path) -> None:
    path = write(tmp_path, "source\ttarget\ttype\tnote\t\t\nCSG\tCSG\tplace\t\t\t\t\nESA\tESA\n")
    assert read_tsv(path) == [GlossaryEntry("CSG", "CSG", "place"), GlossaryEntry("ESA", "ESA")]


def test_a_line_separator_inside_a_field_is_text_not_a_line_break(tmp_path: Path) -> None:
    path = write(tmp_path, "source\ttarget\tnote\nESA\tESA\tone\u2028two\x85three\n")
    assert read_tsv(path) == [GlossaryEntry("ESA", "ESA", note="one\u2028two\x85three")]


def test_comments_and_blank_lines_only_make_an_empty_glossary(tmp_path: Path) -> None:
    assert read_tsv(write(tmp_path, "# nothing yet\n\n   \n")) == []


HEADER_HINT = " — " + TABLE_HINT


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("source\ttarget\nESA\t\n", "line 2: empty target for 'ESA'"),
        ("source\ttarget\n \tESA\n", "line 2: empty source"),
        (
            "source\ttarget\ttype\nESA\tESA\tagency\n",
            "line 2: invalid type 'agency' (use one of: name, programme, organisation, "
            "place, title, term)",
        ),
        (
            "source\ttarget\tcase\nESA\tESA\tupper\n",
            "line 2: invalid case 'upper' (use exact, capitals, insensitive or leave it empty)",
        ),
        (
            "source\ttarget\nESA\tESA\textra\n",
            "line 2: 2 columns in the header but more cells on this line",
        ),
        ("# c\n\nsource\ttarget\nA\tB\nC\t\n", "line 5: empty target for 'C'"),
        ("source\tcible\nESA\tESA\n", "line 1: unknown column 'cible' in the header" + HEADER_HINT),
        (
            "source\ttarget\tSource\n",
            "line 1: column 'source' appears twice in the header" + HEADER_HINT,
        ),
        ("# x\nsource\ttype\n", "line 2: the header lacks the column(s) target" + HEADER_HINT),
        ("ESA\tESA\torganisation\n", "line 1: unknown column 'esa', 'organisation' in the header"
         + HEADER_HINT),
    ],
)  # fmt: skip
def test_malformed_files_name_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(GlossaryError) as caught:
        read_tsv(path)
    assert str(caught.value) == f"{path}: {message}"


def test_read_table_reports_every_bad_line_without_raising(tmp_path: Path) -> None:
    path = write(tmp_path, "source\ttarget\ttype\nA\t\tterm\nB\tB\tbad\nC\tC\tterm\n")
    table = read_table(path)
    assert table.errors == (
        (2, "empty target for 'A'"),
        (3, "invalid type 'bad' (use one of: name, programme, organisation, place, title, term)"),
    )
    assert table.entries() == [GlossaryEntry("C", "C", "term")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"source\ttarget\nCaf\xe9\tCafe\n", "not UTF-8 text (byte 17) — save it as UTF-8"),
        (None, "glossary file not found — check the path"),
    ],
)
def test_unreadable_files_say_why(tmp_path: Path, data: bytes | None, message: str) -> None:
    path = tmp_path / "g.tsv"
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(GlossaryError) as caught:
        read_tsv(path)
    assert str(caught.value).startswith(f"{path}: {message}")


# --- writing and loading -------------------------------------------------------------------


def test_write_then_read_round_trips(tmp_path: Path) -> None:
    entries = [
        GlossaryEntry("Soyouz", "Soyuz", "programme", "lanceur « russe », l’“R-7”", ("Soyuz",)),
        GlossaryEntry("Mars", "Mars", "place", case="exact"),
    ]
    path = tmp_path / "g.tsv"
    write_tsv(path, entries)
    assert path.read_text(encoding="utf-8") == (
        "source\ttarget\ttype\tnote\tvariants\tcase\n"
        "Soyouz\tSoyuz\tprogramme\tlanceur « russe », l’“R-7”\tSoyuz\n"
        "Mars\tMars\tplace\t\t\texact\n"
    )
    assert read_tsv(path) == entries


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (GlossaryEntry("a\tb", "x"), "a tab, line break or control character in the source"),
        (GlossaryEntry("a", "x\ny"), "a tab, line break or control character in the target"),
        (GlossaryEntry("a", "x", note="n\r"), "a tab, line break or control character in the note"),
        (GlossaryEntry("a", "x", variants=("b|c",)), "variant 'b|c' is empty or contains '|'"),
        (GlossaryEntry(" a", "x"), "leading or trailing space in the source"),
        (GlossaryEntry("#a", "x"), "a source cannot start with # (that marks a comment line)"),
        (GlossaryEntry("a", "x", "agency"), "invalid type 'agency'"),
        (GlossaryEntry("a", "x", case="upper"), "invalid case 'upper'"),
        (GlossaryEntry("a", ""), "empty target"),
    ],
)  # fmt: skip
def test_what_tsv_cannot_carry_is_refused_on_write(
    tmp_path: Path, entry: GlossaryEntry, problem: str
) -> None:
    path = tmp_path / "g.tsv"
    with pytest.raises(GlossaryError) as caught:
        write_tsv(path, [entry])
    assert str(caught.value).startswith(f"{path}: entry {entry.source!r}: {problem}")
    assert not path.exists()


def test_later_files_replace_earlier_entries(sample: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.tsv"
    write_tsv(extra, [GlossaryEntry("ESA", "European Space Agency", "organisation"),
                      GlossaryEntry("CNES", "CNES", "organisation")])  # fmt: skip
    glossary = load_glossary([sample, extra])
    assert [(e.source, e.target) for e in glossary.entries] == [
        ("Soyouz", "Soyuz"),
        ("ESA", "European Space Agency"),
        ("Baïkonour", "Baikonur"),
        ("CNES", "CNES"),
    ]
    assert glossary.files == (str(sample), str(extra))


def test_a_bad_file_stops_loading_with_its_line(sample: Path, tmp_path: Path) -> None:
    bad = write(tmp_path, "source\ttarget\nX\t\n", "bad.tsv")
    with pytest.raises(GlossaryError, match=r"bad\.tsv: line 2: empty target for 'X'"):
        load_glossary([sample, bad])


def test_default_paths_are_the_sorted_tsv_files(tmp_path: Path) -> None:
    (tmp_path / "glossary").mkdir()
    for name in ["b.tsv", "a.tsv", "notes.txt"]:
        (tmp_path / "glossary" / name).write_text("source\ttarget\n", encoding="utf-8")
    assert default_glossary_paths(tmp_path) == [
        tmp_path / "glossary" / "a.tsv",
        tmp_path / "glossary" / "b.tsv",
    ]
    assert default_glossary_paths(tmp_path / "nowhere") == []


# --- edits --------------------------------------------------------------------------------


def test_add_appends_and_keeps_every_other_line_exactly(sample: Path) -> None:
    add_entry(sample, KOUROU)
    assert sample.read_text(encoding="utf-8") == SAMPLE + "Kourou\tKourou\tplace\n"


def test_add_replaces_an_existing_source_in_place(sample: Path) -> None:
    add_entry(sample, GlossaryEntry("ESA", "ESA", "organisation", note="agency"))
    assert sample.read_text(encoding="utf-8") == SAMPLE.replace(
        "ESA\tESA\torganisation\n", "ESA\tESA\torganisation\tagency\n"
    )


def test_add_drops_later_duplicates_that_would_override_it(tmp_path: Path) -> None:
    path = write(tmp_path, "source\ttarget\nESA\tx\n# c\nESA\ty\nCSG\tCSG\n")
    add_entry(path, GlossaryEntry("ESA", "ESA"))
    assert path.read_text(encoding="utf-8") == "source\ttarget\nESA\tESA\n# c\nCSG\tCSG\n"


def test_add_keeps_bom_and_crlf(tmp_path: Path) -> None:
    original = "\ufeff# c\r\nsource\ttarget\ttype\r\nESA\tESA\torganisation\r\n"
    path = write(tmp_path, original)
    add_entry(path, KOUROU)
    assert path.read_bytes() == (original + "Kourou\tKourou\tplace\r\n").encode("utf-8")


def test_add_follows_the_files_column_order(tmp_path: Path) -> None:
    path = write(tmp_path, "type\ttarget\tsource\nplace\tCSG\tCSG\n")
    add_entry(path, GlossaryEntry("Baïkonour", "Baikonur", "place"))
    assert path.read_text(encoding="utf-8").splitlines()[-1] == "place\tBaikonur\tBaïkonour"


def test_add_appends_a_missing_column_to_the_header(tmp_path: Path) -> None:
    path = write(tmp_path, "source\ttarget\ttype\nCSG\tCSG\tplace")  # no final newline
    add_entry(path, GlossaryEntry("Baïkonour", "Baikonur", "place", variants=("Baikonour",)))
    assert path.read_text(encoding="utf-8") == (
        "source\ttarget\ttype\tvariants\nCSG\tCSG\tplace\nBaïkonour\tBaikonur\tplace\tBaikonour\n"
    )
    assert read_tsv(path)[1].variants == ("Baikonour",)


def test_add_to_a_file_of_comments_adds_the_header(tmp_path: Path) -> None:
    path = write(tmp_path, "# mine")
    add_entry(path, KOUROU)
    assert path.read_text(encoding="utf-8") == (
        "# mine\nsource\ttarget\ttype\tnote\tvariants\tcase\nKourou\tKourou\tplace\n"
    )


def test_add_creates_a_missing_file_with_a_header(tmp_path: Path) -> None:
    path = tmp_path / "custom.tsv"
    add_entry(path, GlossaryEntry("Philae", "Philae", "programme"))
    assert path.read_text(encoding="utf-8") == (
        "source\ttarget\ttype\tnote\tvariants\tcase\nPhilae\tPhilae\tprogramme\n"
    )


def test_upsert_applies_many_entries_in_one_write(sample: Path) -> None:
    upsert_entries(sample, [KOUROU, GlossaryEntry("Soyouz", "Soyuz", "programme")])
    assert read_tsv(sample)[0] == GlossaryEntry("Soyouz", "Soyuz", "programme")
    assert read_tsv(sample)[-1] == KOUROU


@pytest.mark.parametrize(
    ("content", "entry", "message"),
    [
        (SAMPLE, GlossaryEntry("a\tb", "x"), "entry 'a\\tb': a tab, line break"),
        ("source\ttarget\nX\t\n", KOUROU, "line 2: empty target for 'X'"),
    ],
)
def test_a_refused_edit_leaves_the_file_as_it_was(
    tmp_path: Path, content: str, entry: GlossaryEntry, message: str
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(GlossaryError) as caught:
        add_entry(path, entry)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert path.read_text(encoding="utf-8") == content


def test_remove_keeps_comments_and_order(sample: Path) -> None:
    assert remove_entry(sample, "ESA") is True
    assert sample.read_text(encoding="utf-8") == SAMPLE.replace("ESA\tESA\torganisation\n", "")
    assert remove_entry(sample, "ESA") is False
    assert remove_entry(sample.parent / "missing.tsv", "ESA") is False


@pytest.mark.parametrize("edit", ["add", "remove"])
def test_a_crash_during_an_edit_leaves_the_file_whole(
    sample: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="cannot write file \\(No space left on device\\)"):
        if edit == "add":
            add_entry(sample, KOUROU)
        else:
            remove_entry(sample, "ESA")
    assert sample.read_text(encoding="utf-8") == SAMPLE
    assert [p.name for p in sample.parent.iterdir()] == ["space.tsv"]


# --- properties ---------------------------------------------------------------------------

words = st.text(alphabet="abcdeéàç’' -CNES", min_size=1, max_size=12).map(str.strip).filter(bool)
entries = st.builds(
    GlossaryEntry,
    source=words,
    target=words,
    type=st.sampled_from(ENTRY_TYPES),
    note=st.one_of(st.just(""), words),
    variants=st.lists(words, max_size=2).map(tuple),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    existing=st.lists(entries, max_size=5, unique_by=lambda e: e.source),
    new=entries,
    comment=st.sampled_from(["", "# note\n", "\n"]),
)
def test_add_is_replace_in_place_or_append_and_keeps_other_lines(
    tmp_path: Path, existing: list[GlossaryEntry], new: GlossaryEntry, comment: str
) -> None:
    path = tmp_path / "p.tsv"
    write_tsv(path, existing)
    path.write_text(comment + path.read_text(encoding="utf-8"), encoding="utf-8")
    before = path.read_text(encoding="utf-8").splitlines()
    add_entry(path, new)
    sources = [e.source for e in existing]
    if new.source in sources:
        expected = [new if e.source == new.source else e for e in existing]
    else:
        expected = [*existing, new]
    assert read_tsv(path) == expected
    after = path.read_text(encoding="utf-8").splitlines()
    kept = [line for line in before if not line.startswith(new.source + "\t")]
    assert [line for line in after if not line.startswith(new.source + "\t")] == kept
