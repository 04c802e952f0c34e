"""Cutting overlong text at the safest boundaries (engines/chunks.py), with a word counter."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bilingue.engines.chunks import split_to_budget


def words(text: str) -> int:
    return len(text.split())


def chars(text: str) -> int:
    return len(text)


def test_text_within_budget_is_one_chunk() -> None:
    assert split_to_budget("Le satellite est lancé.", words, 4) == ["Le satellite est lancé."]


@pytest.mark.parametrize(
    ("text", "budget", "chunks"),
    [
        # Sentence ends first, packed greedily up to the budget.
        (
            "Un deux. Trois quatre ! Cinq six ? Sept.",
            5,
            ["Un deux. Trois quatre !", "Cinq six ? Sept."],
        ),
        # A closing quote after the full stop stays with its sentence.
        ("« Il part. » Elle reste ici.", 4, ["« Il part. »", "Elle reste ici."]),
        # A no-break space (French spacing) is never a cut.
        ("Un\u00a0! deux\u00a0? trois", 2, ["Un\u00a0!", "deux\u00a0?", "trois"]),
        # No sentence end inside: semicolons and colons next.
        (
            "un deux trois; quatre cinq : six sept",
            3,
            ["un deux trois;", "quatre cinq :", "six sept"],
        ),
        # Then commas.
        ("un deux, trois quatre, cinq six", 2, ["un deux,", "trois quatre,", "cinq six"]),
        # Then any whitespace.
        ("un deux trois quatre cinq", 2, ["un deux", "trois quatre", "cinq"]),
        # A sentence too long on its own is cut at its commas; the others stay whole
        # and never merge with a piece of it.
        (
            "Court. Un deux trois, quatre cinq six, sept. Fin ici.",
            3,
            ["Court.", "Un deux trois,", "quatre cinq six,", "sept.", "Fin ici."],
        ),
    ],
)
def test_cuts_at_the_safest_boundary(text: str, budget: int, chunks: list[str]) -> None:
    assert split_to_budget(text, words, budget) == chunks


def test_a_run_without_whitespace_is_cut_plainly() -> None:
    chunks = split_to_budget("é" * 5000, chars, 300)
    assert "".join(chunks) == "é" * 5000
    assert all(0 < len(chunk) <= 300 for chunk in chunks)


def test_budget_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least one token"):
        split_to_budget("x", chars, 0)


@given(st.text(alphabet="ab ,.;:!?\n«»", max_size=300), st.integers(min_value=1, max_value=40))
def test_every_chunk_fits_and_nothing_but_cut_whitespace_is_lost(text: str, budget: int) -> None:
    # Like SentencePiece, the counter gives whitespace no token of its own.
    def count(chunk: str) -> int:
        return len("".join(chunk.split()))

    chunks = split_to_budget(text, count, budget)
    if count(text) > budget:
        assert all(0 < count(chunk) <= budget for chunk in chunks)
    # Only whitespace at the cuts is dropped: every other character stays, in order.
    assert "".join("".join(chunks).split()) == "".join(text.split())
