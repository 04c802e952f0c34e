"""`bilingue tm …` from the command line, in a workspace of its own."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from bilingue.cli import cli
from bilingue.tm import TmUnit, open_memory

SAMPLES = Path(__file__).parent / "data" / "tm"
MEMORY = Path(".bilingue") / "tm.sqlite"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for sample in SAMPLES.glob("*.tmx"):
        shutil.copy(sample, tmp_path / sample.name)
    return tmp_path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_stats_of_a_workspace_without_memory_creates_nothing(workspace: Path) -> None:
    code, out, _ = invoke("tm", "stats")
    assert code == 0
    assert (
        out == f"memory: {workspace / MEMORY}\nunits: 0 (0 distinct sources) from 0 document(s)\n"
    )
    assert not (workspace / ".bilingue").exists()


def test_import_then_stats_then_export(workspace: Path) -> None:
    code, out, _ = invoke("tm", "import", "omegat-project_save.tmx")
    assert code == 0
    assert out == f"omegat-project_save.tmx: 2 unit(s) read, 2 new in {workspace / MEMORY}\n"
    code, out, _ = invoke("tm", "import", "trados-studio-export.tmx")
    assert code == 0
    assert out.endswith(", 1 skipped (not French→English, or blank)\n")
    assert invoke("tm", "import", "omegat-project_save.tmx")[1].startswith(
        "omegat-project_save.tmx: 2 unit(s) read, 0 new"
    )
    code, out, _ = invoke("tm", "stats")
    assert out.splitlines()[1:] == [
        "units: 4 (4 distinct sources) from 1 document(s)",
        "dates: 2013-05-16T09:10:00Z to 2013-05-21T08:00:00Z",
        "engines: (none) 4",
    ]
    code, out, _ = invoke("tm", "export", "all.tmx")
    assert (code, out) == (0, "all.tmx: 4 unit(s) written\n")
    assert len(ElementTree.parse(workspace / "all.tmx").getroot().findall("body/tu")) == 4


def test_a_hostile_tmx_is_one_error_line_and_the_memory_is_untouched(workspace: Path) -> None:
    invoke("tm", "import", "omegat-project_save.tmx")
    before = (workspace / MEMORY).read_bytes()
    (workspace / "bomb.tmx").write_text(
        '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        '<tmx version="1.4"><header/><body/></tmx>',
        encoding="utf-8",
    )
    code, out, err = invoke("tm", "import", "bomb.tmx")
    assert (code, out) == (1, "")
    assert err == (
        "Error: bomb.tmx: refused: the file declares XML entities (EntitiesForbidden); "
        "TMX needs none, and expanding them is how entity bombs work "
        "— export it again from the CAT tool as TMX 1.4\n"
    )
    assert (workspace / MEMORY).read_bytes() == before


def test_a_truncated_tmx_stores_nothing(workspace: Path) -> None:
    text = (workspace / "omegat-project_save.tmx").read_text(encoding="utf-8")
    (workspace / "cut.tmx").write_text(text[: text.index("<!-- Alternative")], encoding="utf-8")
    code, _, err = invoke("tm", "import", "cut.tmx")
    assert code == 1 and err.startswith("Error: cut.tmx: not well-formed XML (line ")
    with open_memory(workspace / MEMORY) as memory:
        assert memory.stats().units == 0


def test_the_memory_path_comes_from_bilingue_toml(workspace: Path) -> None:
    (workspace / "bilingue.toml").write_text('tm = "shared/team.sqlite"\n', encoding="utf-8")
    assert invoke("tm", "import", "omegat-project_save.tmx")[0] == 0
    assert (workspace / "shared" / "team.sqlite").exists()
    assert not (workspace / MEMORY).exists()


def test_a_missing_tmx_is_a_usage_error(workspace: Path) -> None:
    code, _, err = invoke("tm", "import", "absent.tmx")
    assert code == 2 and "absent.tmx" in err


def test_exporting_without_a_memory_writes_an_empty_tmx_and_creates_nothing(
    workspace: Path,
) -> None:
    code, out, _ = invoke("tm", "export", "empty.tmx")
    assert (code, out) == (0, "empty.tmx: 0 unit(s) written\n")
    assert ElementTree.parse(workspace / "empty.tmx").getroot().findall("body/tu") == []
    assert not (workspace / ".bilingue").exists()


def test_a_memory_that_cannot_be_opened_is_not_called_something_else(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import bilingue.tm.store

    invoke("tm", "import", "omegat-project_save.tmx")

    def locked(db: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("database is locked")

    # What SQLite says when another process holds the file past the timeout.
    monkeypatch.setattr(bilingue.tm.store, "_prepare", locked)
    code, _, err = invoke("tm", "stats")
    assert code == 1
    assert err == (
        f"Error: {workspace / MEMORY}: cannot open (database is locked) — check the file "
        "and its folder are writable, or run with --no-tm\n"
    )


def test_use_tm_in_bilingue_toml_must_be_a_boolean(workspace: Path) -> None:
    (workspace / "bilingue.toml").write_text('use_tm = "yes"\n', encoding="utf-8")
    code, _, err = invoke("tm", "stats")
    assert code == 1
    assert err == f"Error: {workspace / 'bilingue.toml'}: use_tm must be true or false\n"


def test_translating_with_the_argos_model_uses_the_memory_unless_told_not_to(
    workspace: Path, argos_packages_dir: Path, seed_path: Path
) -> None:
    import json

    (workspace / "input").mkdir()
    shutil.copy(seed_path, workspace / "input" / "release.txt")
    code, _, err = invoke("batch", "--engine", "argos", "--no-tm")
    assert code == 0, err
    assert not (workspace / ".bilingue").exists()
    segments = json.loads((workspace / "output" / "release.json").read_text("utf-8"))["segments"]
    first = next(s for s in segments if s["translate"] and s["source"].strip())
    with open_memory(workspace / MEMORY) as memory:
        memory.add([TmUnit(first["source"], "Approved English.", document="release.txt")])
    code, _, err = invoke("batch", "--engine", "argos")
    assert code == 0, err
    assert "1 from memory" in err
    segments = json.loads((workspace / "output" / "release.json").read_text("utf-8"))["segments"]
    again = next(s for s in segments if s["id"] == first["id"])
    assert (again["target"], again["origin"]) == ("Approved English.", "tm")
