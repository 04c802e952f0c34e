"""The glossary tasks of bilingue.api, and the one-line CLI around each."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingue.api import (
    glossary_add,
    glossary_check,
    glossary_find,
    glossary_for,
    glossary_list,
    glossary_paths,
    glossary_remove,
)
from bilingue.cli import cli
from bilingue.config import Settings, load_settings
from bilingue.errors import BadInput, GlossaryError
from bilingue.glossary import GlossaryEntry
from bilingue.glossary.check import entry_warnings
from bilingue.glossary.store import read_tsv

HEADER = "source\ttarget\ttype\n"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "b.tsv").write_text(HEADER + "ESA\tESA\torganisation\n", "utf-8")
    (tmp_path / "glossary" / "a.tsv").write_text(HEADER + "Soyouz\tSoyuz\tprogramme\n", "utf-8")
    return tmp_path


def test_paths_are_the_folder_sorted_then_extra_files(root: Path) -> None:
    settings = Settings(root=root)
    extra = root / "x.tsv"
    assert glossary_paths(settings, [extra]) == [
        root / "glossary" / "a.tsv",
        root / "glossary" / "b.tsv",
        extra,
    ]


def test_a_configured_list_replaces_the_folder(root: Path) -> None:
    (root / "bilingue.toml").write_text('glossary = ["glossary/b.tsv"]\n', "utf-8")
    settings = load_settings(root)
    assert glossary_paths(settings) == [root / "glossary" / "b.tsv"]
    assert [e.source for e in glossary_list(settings)] == ["ESA"]


def test_no_glossary_is_a_note_not_silence(tmp_path: Path) -> None:
    glossary = glossary_for(Settings(root=tmp_path))
    assert glossary.entries == ()
    assert glossary.notes == (
        f"no glossary found (looked in {tmp_path / 'glossary' / '*.tsv'}); "
        "only URLs, e-mails, phone numbers and codes are protected",
    )


def test_a_missing_extra_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match=r"none\.tsv: glossary file not found"):
        glossary_for(Settings(root=tmp_path), [tmp_path / "none.tsv"])


def test_the_no_glossary_note_reaches_the_document(tmp_path: Path) -> None:
    from bilingue.pipeline import run
    from tests.doubles import IdentityEngine, document_of

    doc = run(document_of("Soyouz part."), IdentityEngine(), glossary_for(Settings(root=tmp_path)))
    assert [(n.code, n.message.split(" (")[0]) for n in doc.notes] == [
        ("glossary-none", "no glossary found")
    ]


# --- risky terms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "warning"),
    [
        (GlossaryEntry("a", "HAS"), "'a' is a single character"),
        (GlossaryEntry("A", "A", case="exact"), "'A' is a single character"),
        (GlossaryEntry("ue", "EU"), "'ue' is too short to protect in any case"),
        (GlossaryEntry("espace", "space"), "'espace' is a common French word"),
        (GlossaryEntry("Mars", "Mars", case="capitals"), ""),
        (GlossaryEntry("UE", "EU", "organisation"), ""),
        (GlossaryEntry("lanceur", "launcher"), ""),
        (GlossaryEntry("de la Terre", "of the Earth"), ""),
    ],
)
def test_terms_too_short_or_too_common_draw_a_warning(entry: GlossaryEntry, warning: str) -> None:
    warnings = entry_warnings(entry)
    assert [w[: len(warning)] for w in warnings] == ([warning] if warning else [])


def test_add_warns_about_a_risky_term_and_still_adds_it(root: Path) -> None:
    added = glossary_add(Settings(root=root), GlossaryEntry("a", "HAS"))
    assert added.path == root / "glossary" / "custom.tsv"
    assert added.warnings == (
        "'a' is a single character: it matches wherever that letter stands alone",
    )
    assert read_tsv(added.path) == [GlossaryEntry("a", "HAS")]
    result = CliRunner().invoke(cli, ["glossary", "add", "de", "of"])
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: 'de' is too short to protect in any case")


def test_check_warns_about_a_risky_term(root: Path) -> None:
    (root / "glossary" / "a.tsv").write_text(HEADER + "a\tHAS\tterm\n", "utf-8")
    report = glossary_check(Settings(root=root))
    assert [(p.severity, p.line, p.message[:25]) for p in report.problems] == [
        ("warning", 2, "'a' is a single character")
    ]
    assert report.exit_code == 0


def test_adding_to_a_file_runs_do_not_read_says_so(root: Path) -> None:
    (root / "bilingue.toml").write_text('glossary = ["glossary/b.tsv"]\n', "utf-8")
    settings = load_settings(root)
    assert glossary_add(settings, GlossaryEntry("Kourou", "Kourou")).path == (
        root / "glossary" / "b.tsv"
    )
    elsewhere = glossary_add(settings, GlossaryEntry("Kourou", "Kourou"), root / "glossary/a.tsv")
    assert elsewhere.warnings == (
        f"{root / 'glossary' / 'a.tsv'} is not among the files runs use "
        "(bilingue.toml's glossary list); pass it with --glossary",
    )


def test_remove_from_nowhere_names_the_files_looked_in(root: Path) -> None:
    with pytest.raises(GlossaryError) as caught:
        glossary_remove(Settings(root=root), "Kourou")
    assert caught.value.line() == (
        f"no entry 'Kourou' in {root / 'glossary' / 'a.tsv'}, {root / 'glossary' / 'b.tsv'} "
        "— `bilingue glossary list` shows the entries"
    )
    result = CliRunner().invoke(cli, ["glossary", "remove", "Kourou"])
    assert (result.exit_code, result.stderr) == (1, f"Error: {caught.value.line()}\n")


# --- find: a document, a text, or a mistyped path -------------------------------------------


@pytest.mark.parametrize(
    "argument", ["input/releas.txt", "communique.docx", "dossier/presse", "C:\\docs\\cp.pdf"]
)
def test_a_mistyped_path_is_reported_not_searched(root: Path, argument: str) -> None:
    with pytest.raises(BadInput) as caught:
        glossary_find(Settings(root=root), argument)
    assert caught.value.line() == (
        f"{argument}: no such file — check the path; to search these characters as text, add --text"
    )
    result = CliRunner().invoke(cli, ["glossary", "find", argument])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {caught.value.line()}\n"


@pytest.mark.parametrize(
    "argument", ["Soyouz", "l’ESA lance Soyouz", "https://cnes.fr/soyouz", "presse@cnes.fr"]
)
def test_text_is_searched(root: Path, argument: str) -> None:
    found = glossary_find(Settings(root=root), argument)
    assert {item.place for item in found} == {"text"}
    assert found


def test_text_flag_searches_what_looks_like_a_path(root: Path) -> None:
    result = CliRunner().invoke(cli, ["glossary", "find", "--text", "Soyouz/ESA"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "text\t0-6\tSoyouz → Soyuz\t(programme)",
        "text\t7-10\tESA → ESA\t(organisation)",
        "2 match(es)",
    ]


def test_a_document_is_searched_segment_by_segment(root: Path) -> None:
    (root / "cp.txt").write_text(
        "Le lanceur Soyouz a décollé ce matin avec deux satellites.\n\n"
        "L’ESA et ses partenaires ont salué ce succès remarquable.\n",
        "utf-8",
    )
    found = glossary_find(Settings(root=root), "cp.txt")
    assert [(item.place, item.match.text) for item in found] == [
        ("p1.s1", "Soyouz"),
        ("p2.s1", "ESA"),
    ]


def test_find_shows_plurals_and_wrong_senses(root: Path) -> None:
    (root / "glossary" / "a.tsv").write_text(
        "source\ttarget\tnot_context\nvol\tflight\tdonnées\norbite\torbit\n", "utf-8"
    )
    result = CliRunner().invoke(cli, ["glossary", "find", "Vol de données en orbites"])
    assert result.stdout.splitlines() == [
        "text\t0-3\tVol → Flight\t(term)\tnot protected: another sense next to 'données'",
        "text\t18-25\torbites → orbits\t(term, plural)",
        "2 match(es)",
    ]
