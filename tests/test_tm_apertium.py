"""End to end through real Apertium: approved pairs come back from the memory, unasked."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bilingue.cli import cli
from bilingue.engines import Piece
from bilingue.engines.apertium import ApertiumEngine, apertium_available
from bilingue.tm import TmUnit, open_memory

pytestmark = [
    pytest.mark.apertium,
    pytest.mark.skipif(
        not apertium_available(),
        reason="Apertium with fr-es and spa-eng is not installed "
        "(apt-get install apertium apertium-fr-es apertium-eng-spa)",
    ),
]


class ApertiumSpy:
    """Records every text the real ApertiumEngine is asked to translate."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked: list[str] = []
        keeping, plain = ApertiumEngine.translate_keeping, ApertiumEngine.translate
        spy = self

        def translate_keeping(engine: ApertiumEngine, items: Sequence[Sequence[Piece]]) -> Any:
            spy.asked += ["".join(text for text, _ in item) for item in items]
            return keeping(engine, items)

        def translate(engine: ApertiumEngine, sources: Sequence[str]) -> Any:
            spy.asked += list(sources)
            return plain(engine, sources)

        monkeypatch.setattr(ApertiumEngine, "translate_keeping", translate_keeping)
        monkeypatch.setattr(ApertiumEngine, "translate", translate)


def _has_terms(segments: list[dict[str, Any]], source: str) -> bool:
    # A segment with glossary terms goes to the engine with its terms in English.
    return any(s["source"] == source and s["terms"] for s in segments)


@pytest.fixture
def workspace(
    tmp_path: Path, repo_root: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    shutil.copytree(repo_root / "glossary", tmp_path / "glossary")
    (tmp_path / "input").mkdir()
    shutil.copy(seed_path, tmp_path / "input" / seed_path.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def translate_sample(workspace: Path, *flags: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["batch", "--engine", "apertium", *flags])
    assert result.exit_code == 0, result.output
    sidecar = next((workspace / "output").glob("*.json"))
    segments: list[dict[str, Any]] = json.loads(sidecar.read_text(encoding="utf-8"))["segments"]
    return segments


def test_approved_pairs_are_reused_without_asking_apertium(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = ApertiumSpy(monkeypatch)
    first = translate_sample(workspace)
    assert {s["origin"] for s in first if s["translate"]} == {"mt"}
    first_asked = list(spy.asked)
    sources = [s["source"] for s in first]
    # Three translated sentences, one of them with glossary terms; unique in the text.
    chosen = [
        s
        for s in first
        if s["translate"]
        and s["target"]
        and sources.count(s["source"]) == 1
        and len(s["source"]) > 40
    ]
    with_terms = next(s for s in chosen if s["terms"])
    approved = [with_terms, *[s for s in chosen if s is not with_terms][:2]]
    # The reviewer's English, not Apertium's: the glossary targets kept, wording changed.
    english = {s["id"]: f"{s['target']} (reviewed)" for s in approved}
    with open_memory(workspace / ".bilingue" / "tm.sqlite") as memory:
        memory.add(
            TmUnit(s["source"], english[s["id"]], document="cnes.txt", segment_id=s["id"])
            for s in approved
        )

    spy.asked.clear()
    second = translate_sample(workspace)
    by_id = {s["id"]: s for s in second}
    for segment in approved:
        again = by_id[segment["id"]]
        assert (again["target"], again["origin"]) == (english[segment["id"]], "tm")
        assert again["state"] == "translated"
        assert all(term["ok"] for term in again["terms"])
    others = [s for s in second if s["translate"] and s["id"] not in english and s["target"]]
    assert others and {s["origin"] for s in others} == {"mt"}
    # The first batch asked for every translatable segment (pooled: sorted by length,
    # each distinct text once); the second for the same ones minus the approved.
    todo = [s["id"] for s in first if s["translate"] and s["source"].strip()]
    asked_for = {s["id"]: s["source"] for s in first}
    expected = {asked_for[i] for i in todo if i not in english}
    sent = {"".join(text.split()) for text in spy.asked}
    assert {"".join(text.split()) for text in expected if not _has_terms(first, text)} <= sent
    assert not {"".join(asked_for[i].split()) for i in english} & sent

    # Switched off, the memory is neither read nor shown.
    spy.asked.clear()
    third = translate_sample(workspace, "--no-tm")
    assert {s["origin"] for s in third if s["translate"] and s["target"]} == {"mt"}
    assert len(spy.asked) == len(first_asked)


def test_a_broken_memory_stops_the_run_with_a_hint_and_no_tm_gets_round_it(
    workspace: Path,
) -> None:
    memory = workspace / ".bilingue" / "tm.sqlite"
    memory.parent.mkdir()
    memory.write_bytes(b"not a database, just bytes " * 200)
    result = CliRunner().invoke(cli, ["batch", "--engine", "apertium"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {memory}: not a bilingue translation memory (")
    assert result.stderr.rstrip().endswith("or run with --no-tm")
    assert not (workspace / "output").exists() or not list((workspace / "output").iterdir())
    result = CliRunner().invoke(cli, ["batch", "--engine", "apertium", "--no-tm"])
    assert result.exit_code == 0, result.output
