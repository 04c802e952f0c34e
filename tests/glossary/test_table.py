"""The glossary table: optional columns added without breaking older files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingue.glossary import GlossaryEntry
from bilingue.glossary.store import add_entry, read_tsv
from bilingue.glossary.table import COLUMNS, entry_problems

VOL = GlossaryEntry(
    "vol", "flight", plural="flights", forbidden=("theft",), context="space",
    not_context=("données",),
)  # fmt: skip


def test_the_columns_in_order() -> None:
    assert COLUMNS == (
        "source", "target", "type", "note", "variants", "case",
        "plural", "forbidden", "context", "not_context",
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "source\ttarget\nvol\tflight\n",
        "source\ttarget\ttype\tnote\tvariants\tcase\nvol\tflight\tterm\n",
        "not_context\tsource\tforbidden\ttarget\n données |vol de | \tvol\ttheft|robbery\tflight\n",
    ],
)
def test_old_and_new_files_read_alike(tmp_path: Path, text: str) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(text, encoding="utf-8")
    [entry] = read_tsv(path)
    assert (entry.source, entry.target, entry.type) == ("vol", "flight", "term")
    if "forbidden" in text:
        assert entry.forbidden == ("theft", "robbery")
        assert entry.not_context == ("données", "vol de")


def test_adding_an_entry_with_new_fields_extends_an_old_header(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    old = "# ours\nsource\ttarget\ttype\tnote\tvariants\tcase\nESA\tESA\torganisation\n"
    path.write_text(old, encoding="utf-8")
    add_entry(path, VOL)
    assert path.read_text(encoding="utf-8") == (
        "# ours\n"
        "source\ttarget\ttype\tnote\tvariants\tcase\tplural\tforbidden\tcontext\tnot_context\n"
        "ESA\tESA\torganisation\n"
        "vol\tflight\tterm\t\t\t\tflights\ttheft\tspace\tdonnées\n"
    )
    assert read_tsv(path)[1] == VOL


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (GlossaryEntry("vol", "flight", forbidden=("a|b",)), "forbidden rendering 'a|b' is empty"),
        (GlossaryEntry("vol", "flight", not_context=(" ",)), "cue ' ' is empty"),
        (GlossaryEntry("vol", "flight", plural=" flights"), "leading or trailing space"),
        (GlossaryEntry("vol", "flight", case="upper"), "invalid case 'upper'"),
        (GlossaryEntry("vol", "=flight"), "the target '=flight' would run as a formula"),
    ],
)
def test_one_validator_for_every_field(entry: GlossaryEntry, problem: str) -> None:
    assert any(p.startswith(problem) for p in entry_problems(entry)), entry_problems(entry)
