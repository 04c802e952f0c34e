"""`bilingue tm …` from the command line, in a workspace of its own."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from bilingue.cli import cli
from bilingue.tm import open_memory

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
