"""`bilingue batch` over folder trees through the real CLI and real Apertium:
layout kept, incremental re-runs, --redo/--force, pooled translation, summary."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bilingue.cli import cli
from bilingue.engines import Piece
from bilingue.engines.apertium import ApertiumEngine, apertium_available
from tests.releases import write_releases

pytestmark = pytest.mark.skipif(
    not apertium_available(), reason="Apertium fr-es/eng-spa is not installed"
)

TREE = ["a.txt", "2013/mai/b.txt", "2013/mai/c.txt", "2014/d.txt", "2014/d.docx"]


class ApertiumSpy:
    """Records every call to the real engine and the texts it was sent."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self.sent: list[str] = []
        keeping, plain = ApertiumEngine.translate_keeping, ApertiumEngine.translate
        spy = self

        def translate_keeping(engine: ApertiumEngine, items: Sequence[Sequence[Piece]]) -> Any:
            spy.calls += 1
            spy.sent += ["".join(text for text, _ in item) for item in items]
            return keeping(engine, items)

        def translate(engine: ApertiumEngine, sources: Sequence[str]) -> Any:
            spy.calls += 1
            spy.sent += list(sources)
            return plain(engine, sources)

        monkeypatch.setattr(ApertiumEngine, "translate_keeping", translate_keeping)
        monkeypatch.setattr(ApertiumEngine, "translate", translate)


@pytest.fixture
def workspace(
    tmp_path: Path, repo_root: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    shutil.copytree(repo_root / "glossary", tmp_path / "glossary")
    write_releases(seed_path, tmp_path / "input", [n for n in TREE if n.endswith(".txt")])
    # A DOCX beside a text file of the same name: both are translated, neither output
    # overwrites the other.
    from docx import Document as DocxDocument

    docx = DocxDocument()
    for paragraph in (tmp_path / "input" / "2014" / "d.txt").read_text("utf-8").split("\n\n"):
        docx.add_paragraph(paragraph)
    docx.save(str(tmp_path / "input" / "2014" / "d.docx"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def batch(*args: str) -> Result:
    return CliRunner().invoke(cli, ["batch", "input", "output", "--engine", "apertium", *args])


def summary(result: Result) -> str:
    return result.stdout.strip().splitlines()[-1]


def test_a_tree_keeps_its_layout(workspace: Path) -> None:
    result = batch()

    assert result.exit_code == 0, result.output
    written = sorted(
        str(p.relative_to(workspace / "output")) for p in (workspace / "output").rglob("*.*")
    )
    assert written == sorted(
        [
            "a.json",
            "a.review.docx",
            "2013/mai/b.json",
            "2013/mai/b.review.docx",
            "2013/mai/c.json",
            "2013/mai/c.review.docx",
            "2014/d-txt.json",
            "2014/d-txt.review.docx",
            "2014/d-docx.json",
            "2014/d-docx.review.docx",
        ]
    )
    line = summary(result)
    assert line.startswith("5 file(s): 5 translated, 0 skipped, 0 failed; 0 unchanged;")
    segments = sum(
        len(json.loads(p.read_text("utf-8"))["segments"])
        for p in (workspace / "output").rglob("*.json")
    )
    assert f"; {segments} segments;" in line
    assert "segments/s" in line and "glossary terms" in line


def test_an_unchanged_rerun_translates_nothing_and_a_change_redoes_only_its_document(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert batch().exit_code == 0
    spy = ApertiumSpy(monkeypatch)
    before = {p: p.read_bytes() for p in (workspace / "output").rglob("*.*")}

    again = batch()

    assert again.exit_code == 0, again.output
    assert spy.calls == 0
    assert "5 unchanged" in summary(again)
    assert {p: p.read_bytes() for p in (workspace / "output").rglob("*.*")} == before

    changed = workspace / "input" / "2013" / "mai" / "b.txt"
    changed.write_text(
        changed.read_text("utf-8") + "\nLe CNES publiera un nouveau communiqué demain.\n",
        encoding="utf-8",
    )
    third = batch()

    assert third.exit_code == 0, third.output
    assert summary(third).startswith("5 file(s): 1 translated, 0 skipped, 0 failed; 4 unchanged")
    assert "Le CNES publiera un nouveau communiqué demain." in "\n".join(spy.sent)
    redone = {p for p, data in before.items() if p.read_bytes() != data}
    assert {p.name for p in redone} == {"b.json", "b.review.docx"}


def test_a_glossary_change_redoes_everything_and_redo_forces_it(workspace: Path) -> None:
    assert batch().exit_code == 0
    glossary = next((workspace / "glossary").glob("*.tsv"))
    with glossary.open("a", encoding="utf-8") as handle:
        handle.write("comité de coopération\tcooperation committee\n")

    assert "5 translated" in summary(batch())
    assert "5 unchanged" in summary(batch())
    assert "5 translated" in summary(batch("--redo"))


def test_pooling_sends_each_distinct_text_once_in_few_calls(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = ApertiumSpy(monkeypatch)

    result = batch("--no-tm")

    assert result.exit_code == 0, result.output
    # The releases share most paragraphs: sent once each, not once per document.
    assert len(spy.sent) == len(set(spy.sent))
    sidecars = [json.loads(p.read_text("utf-8")) for p in (workspace / "output").rglob("*.json")]
    translated = [s for doc in sidecars for s in doc["segments"] if s["origin"] == "mt"]
    assert len(spy.sent) < len(translated)
    # One call for every document's batch, one for the segments retried around terms.
    assert spy.calls <= 2
    # Pooling changes who asks, not the answers: one document alone gets the same English.
    alone = CliRunner().invoke(
        cli,
        ["translate", "input/a.txt", "-o", "alone", "--engine", "apertium", "--no-tm"],
    )
    assert alone.exit_code == 0, alone.output
    targets = [s["target"] for s in json.loads(Path("alone/a.json").read_text("utf-8"))["segments"]]
    pooled = [s["target"] for s in json.loads(Path("output/a.json").read_text("utf-8"))["segments"]]
    assert targets == pooled


def test_quiet_prints_only_the_summary(workspace: Path) -> None:
    result = batch("--quiet")

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert len(result.stdout.strip().splitlines()) == 1


def test_on_a_terminal_a_progress_bar_replaces_the_lines(workspace: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    script = Path(sys.executable).with_name("bilingue")
    run = subprocess.Popen(
        [str(script), "batch", "input", "output", "--engine", "apertium"],
        stdout=subprocess.PIPE,
        stderr=follower,
        text=True,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    stdout, _ = run.communicate(timeout=300)
    os.close(leader)

    assert run.returncode == 0
    text = shown.decode("utf-8", "replace")
    final = text.rstrip().split("\r")[-1]  # the bar as last drawn
    assert re.search(r"\[#+\] 5/5 documents · [\d,]+ segments · [\d.]+ segments/s · ETA 0s", final)
    assert "0/5 documents" in text  # drawn before the first document settled
    assert "[1/5]" not in text  # no per-document lines
    assert stdout.strip().startswith("5 file(s): 5 translated")
