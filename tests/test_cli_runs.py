"""Whole runs through the CLI: failures mid-batch, collisions, links, --debug, --config.

The engine is a test double put where `choose_engine` would pick one, so these runs
exercise the real readers, pipeline, writers and batch loop in a second or two.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingue.cli import cli
from bilingue.engines import EngineName
from bilingue.engines.choice import EngineChoice
from bilingue.errors import ConfigError, EngineError
from tests.doubles import RecordingEngine

FRENCH = (
    "Le président du CNES a rencontré le directeur de Roscosmos à Moscou vendredi dernier. "
    "Les deux agences ont passé en revue leur coopération sur les lanceurs et la station."
)


class FailingEngine(RecordingEngine):
    """Copies its input, except that it fails on the documents that ask for it."""

    name = "failing"

    def translate(self, sources: Sequence[str]) -> list[str]:
        text = " ".join(sources)
        if "PANNE" in text:
            raise EngineError("the engine stopped answering", hint="restart it")
        if "PLANTAGE" in text:
            raise RuntimeError("decoder state corrupted")
        return super().translate(sources)


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FailingEngine:
    double = FailingEngine()
    choice = EngineChoice(double, EngineName.AUTO)
    monkeypatch.setattr("bilingue.api.documents.choose_engine", lambda *args, **kwargs: choice)
    monkeypatch.chdir(tmp_path)  # no bilingue.toml, no glossary/: defaults only
    return double


def _write(folder: Path, name: str, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"{FRENCH} {extra}\n", encoding="utf-8")
    return path


def test_an_engine_failing_mid_batch_fails_only_those_documents(
    engine: FailingEngine, tmp_path: Path
) -> None:
    source, out = tmp_path / "in", tmp_path / "out"
    _write(source, "a.txt")
    _write(source, "b.txt", "PANNE")
    _write(source, "c.txt", "PLANTAGE")
    _write(source, "d.txt")
    result = CliRunner().invoke(cli, ["batch", str(source), str(out)])
    assert result.exit_code == 1
    # Documents are reported as they finish (pooled: the failed ones first).
    failures = [line.split("] ", 1)[1] for line in result.stderr.splitlines() if "FAIL" in line]
    assert sorted(failures) == [
        f"FAIL  {source / 'b.txt'}: the engine stopped answering — restart it",
        f"FAIL  {source / 'c.txt'}: RuntimeError: decoder state corrupted",
    ]
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "a.json",
        "a.review.docx",
        "d.json",
        "d.review.docx",
    ]
    assert result.stdout.startswith("4 file(s): 2 translated, 0 skipped, 2 failed;")


def test_debug_shows_the_traceback_of_an_unexpected_failure(
    engine: FailingEngine, tmp_path: Path
) -> None:
    source = tmp_path / "in"
    _write(source, "c.txt", "PLANTAGE")
    result = CliRunner().invoke(cli, ["--debug", "batch", str(source), str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"[1/1] FAIL  {source / 'c.txt'}: RuntimeError: decoder state corrupted"
    assert lines[1] == "Traceback (most recent call last):"
    # The traceback ends where the exception is named; run notes may follow it.
    end = lines.index("RuntimeError: decoder state corrupted")
    assert all(line.startswith(" ") for line in lines[2:end])


def test_debug_raises_library_errors_instead_of_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without --debug the same file gives one `Error:` line (test_cli.py checks it).
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bilingue.toml").write_text("beam_size = 99\n", encoding="utf-8")
    debug = CliRunner().invoke(cli, ["--debug", "config"])
    assert debug.exit_code == 1
    assert isinstance(debug.exception, ConfigError)
    assert "beam_size must be a whole number from 1 to 16" in str(debug.exception)
    assert "Error: " not in debug.stderr


def test_config_option_reads_the_named_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bilingue.toml").write_text('engine = "argos"\n', encoding="utf-8")
    other = tmp_path / "conf" / "team.toml"
    other.parent.mkdir()
    other.write_text('engine = "apertium"\nbeam_size = 5\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(other), "config"])
    assert result.exit_code == 0, result.output
    assert "engine = apertium\t(team.toml)" in result.stdout
    assert "beam_size = 5\t(team.toml)" in result.stdout
    missing = CliRunner().invoke(cli, ["--config", str(tmp_path / "nope.toml"), "config"])
    assert missing.exit_code == 2
    assert "nope.toml" in missing.stderr


def test_batch_with_a_missing_input_folder_is_one_error_and_writes_nothing(
    engine: FailingEngine, tmp_path: Path
) -> None:
    missing, out = tmp_path / "no-such-folder", tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(missing), str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {missing}: input folder not found\n"
    assert not out.exists()
    assert engine.calls == []


def test_output_name_collision_never_overwrites(engine: FailingEngine, tmp_path: Path) -> None:
    import docx

    source, out = tmp_path / "in", tmp_path / "out"
    _write(source, "x-txt.txt", "Premier.")
    _write(source, "x.txt", "Second.")
    document = docx.Document()
    document.add_paragraph(FRENCH)
    document.save(str(source / "x.docx"))
    result = CliRunner().invoke(cli, ["batch", str(source), str(out)])
    assert result.exit_code == 1
    assert f"FAIL  {source / 'x.txt'}: output name 'x-txt' is already used by" in result.stderr
    sidecar = json.loads((out / "x-txt.json").read_text(encoding="utf-8"))
    assert sidecar["source_file"] == str(source / "x-txt.txt")
    assert sorted(p.name for p in out.iterdir()) == [
        "x-docx.json",
        "x-docx.review.docx",
        "x-txt.json",
        "x-txt.review.docx",
    ]


def test_a_link_out_of_the_input_folder_is_skipped_unless_followed(
    engine: FailingEngine, tmp_path: Path
) -> None:
    source, out = tmp_path / "in", tmp_path / "out"
    secret = _write(tmp_path / "private", "secret.txt")
    _write(source, "a.txt")
    (source / "b.txt").symlink_to(secret)
    result = CliRunner().invoke(cli, ["batch", str(source), str(out)])
    assert result.exit_code == 1
    assert (
        f"skip  {source / 'b.txt'}: link to {secret}, outside the input folder; skipped"
        in result.stderr
    )
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "a.review.docx"]
    followed = CliRunner().invoke(cli, ["batch", str(source), str(out), "--follow-links"])
    assert followed.exit_code == 0, followed.output
    assert (out / "b.json").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_a_fifo_named_on_the_command_line_fails_without_hanging(
    engine: FailingEngine, tmp_path: Path
) -> None:
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = CliRunner().invoke(cli, ["translate", str(fifo), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"FAIL  {fifo}: not a regular file (a FIFO)" in result.stderr
