"""The CLI end to end: help, exit codes, one-line errors, outputs, through real components."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bilingue.cli import cli


def _walk(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(_walk(command, (*prefix, name)))
    return found


COMMANDS = _walk(cli)


def test_the_expected_commands_exist() -> None:
    names = {" ".join(c) for c in COMMANDS}
    expected = {
        "translate", "batch", "segment", "detect", "config",
        "models", "models list", "models install", "models remove", "models ensure",
        "glossary", "glossary list", "glossary add", "glossary remove", "glossary check",
        "glossary find", "glossary import", "glossary export",
        "tm", "tm stats", "tm import", "tm export",
    }  # fmt: skip
    assert expected <= names


def test_usage_errors_exit_2() -> None:
    assert CliRunner().invoke(cli, ["translate"]).exit_code == 2
    assert CliRunner().invoke(cli, ["translate", "x.txt", "--engine", "google"]).exit_code == 2


def test_config_shows_values_and_where_they_come_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bilingue.toml").write_text('engine = "apertium"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["config"])
    assert result.exit_code == 0
    assert "engine = apertium\t(bilingue.toml)" in result.output
    assert "beam_size = 2\t(default)" in result.output


def test_a_bad_config_file_is_one_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bilingue.toml").write_text("beam_size = 99\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["config"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'bilingue.toml'}: beam_size must be a whole number from 1 to 16\n"
    )


def test_segment_shows_headline_dateline_and_five_paragraphs(seed_path: Path) -> None:
    result = CliRunner().invoke(cli, ["segment", str(seed_path)])
    assert result.exit_code == 0, result.output
    kinds = [line.split("[", 1)[1].rstrip("]") for line in result.output.splitlines()
             if line.startswith("p") and "[" in line]  # fmt: skip
    assert kinds == ["heading 1", "dateline"] + ["paragraph"] * 5
    assert "Vladimir" in result.output
    assert "repair split-word: 'V ladimir' → 'Vladimir'" in result.output
    assert "language: fr" in result.output


def test_segment_json_is_the_document_model(seed_path: Path) -> None:
    result = CliRunner().invoke(cli, ["segment", str(seed_path), "--json"])
    data = json.loads(result.stdout)
    assert data["language"]["code"] == "fr"
    assert len(data["segments"]) >= 10


def test_detect_prints_language_and_confidence(seed_path: Path, tmp_path: Path) -> None:
    english = tmp_path / "en.txt"
    english.write_text(
        "The agency signed a new agreement with its partners today in Paris, "
        "and the launch is planned for next year from French Guiana.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["detect", str(seed_path), str(english)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{seed_path}\tfr\t")
    assert lines[1].startswith(f"{english}\ten\t")


# --- translate through the real synthetic Argos model ---------------------------------


@pytest.fixture
def in_repo(workspace: Path) -> Path:
    """Run from a workspace holding the shipped glossary, so it is the default glossary."""
    return workspace


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Each bad file and the problem its error line must name."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "truncated.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (folder / "notzip.docx").write_text("just text", encoding="utf-8")
    (folder / "english.txt").write_text(
        "The French space agency met its Russian counterpart in Moscow on Friday. "
        "Both agencies reviewed their cooperation on launchers and the space station.\n",
        encoding="utf-8",
    )
    return {
        "empty.txt": "empty document",
        "junk.txt": "not a text file",
        "truncated.docx": "not a DOCX file",
        "notzip.docx": "not a DOCX file",
        "english.txt": "not a French document",
    }


def test_translate_a_folder_with_bad_files_writes_the_good_ones(
    argos_packages_dir: Path, in_repo: Path, seed_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(seed_path, source / "release.txt")
    problems = _bad_inputs(source)
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(
        cli, ["translate", str(source), "-o", str(out), "--engine", "argos"]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for name, problem in problems.items():
        lines = [line for line in result.stderr.splitlines() if f"{source / name}:" in line]
        assert len(lines) == 1 and problem in lines[0], (name, result.stderr)
    written = sorted(p.name for p in out.iterdir())
    assert written == ["release.json", "release.review.docx"]
    assert "6 file(s): 1 translated, 1 skipped, 4 failed" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "missing.txt: no such file"),
        (["notes.xyz"], "notes.xyz: unsupported file type '.xyz'"),
    ],
)
def test_single_bad_paths_fail_with_one_line(
    argos_packages_dir: Path, in_repo: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "notes.xyz").write_text("bonjour", encoding="utf-8")
    paths = [str(tmp_path / a) for a in args]
    result = CliRunner().invoke(
        cli, ["translate", *paths, "-o", str(tmp_path), "--engine", "argos"]
    )
    assert result.exit_code == 1
    assert message in result.stderr
    assert not list(tmp_path.glob("*.review.docx"))


def test_an_unusable_output_folder_is_one_error_and_no_output(
    argos_packages_dir: Path, in_repo: Path, seed_path: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["translate", str(seed_path), "-o", str(blocker / "out"), "--engine", "argos"]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {blocker / 'out'}: cannot create output folder (Not a directory)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_missing_output_folder_is_created(
    argos_packages_dir: Path, in_repo: Path, seed_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "new" / "out"
    result = CliRunner().invoke(cli, ["translate", str(seed_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".json"]


def test_an_empty_input_folder_says_so(
    argos_packages_dir: Path, in_repo: Path, tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == f"no documents found in {tmp_path / 'in'}\n"


def test_translate_the_sample_with_the_synthetic_model(
    argos_packages_dir: Path, in_repo: Path, seed_path: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        cli, ["translate", str(seed_path), "-o", str(tmp_path), "--engine", "argos"]
    )
    assert result.exit_code == 0, result.output
    stem = seed_path.stem
    data = json.loads((tmp_path / f"{stem}.json").read_text(encoding="utf-8"))
    segments = data["segments"]
    assert len(segments) >= 10
    sources = [s["source"] for s in segments]
    for artefact in ["V ladimir", "Cet te", "  "]:
        assert not any(artefact in s for s in sources), artefact
    assert any(
        s.startswith("MM. Le Gall et Popovkine ont donc passé en revue")
        and s.endswith("microgravité.")
        for s in sources
    )
    assert data["engine"]["name"] == "argos"
    # No silent miss: with a garbage model every term is either right or flagged.
    for seg in segments:
        missed = [
            f"[error] glossary term not in translation: {t['source']} → {t['target']}"
            for t in seg["terms"]
            if t["ok"] is False
        ]
        assert all(t["ok"] in (True, False) for t in seg["terms"]), seg["id"]
        assert [n for n in seg["notes"] if n.startswith("[error] glossary term")] == missed
    import docx

    table = docx.Document(str(tmp_path / f"{stem}.review.docx")).tables[0]
    ids = [row.cells[0].text for row in table.rows[1:]]
    assert ids == [s["id"] for s in segments]
    with zipfile.ZipFile(tmp_path / f"{stem}.review.docx") as z:
        assert z.testzip() is None
