"""Property: glossary matching on random text with random terms never fails, and a term
planted in the text is still found when zero-width characters and soft hyphens are
injected inside it (issue 12: they used to hide it while the run reported 100%).
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingue.errors import GlossaryError
from bilingue.glossary.forms import INVISIBLE
from bilingue.glossary.match import compile_matcher, find_matches
from bilingue.glossary.model import Glossary, GlossaryEntry

LETTERS = "abcdeéèçëïôœfghijklmnopqrstuvwxyzABCDÉFGHIJKLMNOPQRSTUVWXYZ"
word = st.text(alphabet=LETTERS, min_size=3, max_size=10)
term = st.lists(word, min_size=1, max_size=3).map(" ".join)
anything = st.text(
    alphabet=st.one_of(st.characters(), st.sampled_from([*INVISIBLE, " ", "-", "'", "’"])),
    max_size=200,
)
RANDOM = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _matcher(sources: list[str]) -> object | None:
    entries = tuple(
        GlossaryEntry(source, f"EN{index}", kind)
        for index, (source, kind) in enumerate(
            zip(sources, ["term", "place", "organisation", "name"] * 10, strict=False)
        )
    )
    try:
        return compile_matcher(Glossary(entries))
    except GlossaryError:
        return None  # an entry the glossary refuses (e.g. nothing to match) is fine


@RANDOM
@given(sources=st.lists(st.one_of(term, anything), min_size=1, max_size=6), text=anything)
def test_any_text_with_any_terms_matches_or_refuses_cleanly(sources: list[str], text: str) -> None:
    matcher = _matcher(sources)
    if matcher is None:
        return
    previous_end = 0
    for match in find_matches(text, matcher):  # type: ignore[arg-type]
        assert previous_end <= match.start < match.end <= len(text)
        assert text[match.start : match.end] == match.text
        previous_end = match.end


@RANDOM
@given(
    planted=term,
    before=st.lists(word, max_size=4).map(" ".join),
    after=st.lists(word, max_size=4).map(" ".join),
    seed=st.integers(0, 2**32 - 1),
    count=st.integers(1, 4),
)
def test_a_planted_term_survives_injected_invisible_characters(
    planted: str, before: str, after: str, seed: int, count: int
) -> None:
    matcher = _matcher([planted])
    if matcher is None:
        return
    rng = random.Random(seed)
    inside = list(planted)
    for _ in range(count):
        # Inside the term only (between two of its characters), where they used to hide it.
        inside.insert(rng.randrange(1, len(inside)), rng.choice(sorted(INVISIBLE)))
    noisy_term = "".join(inside)
    text = f"{before} {noisy_term} {after}".strip()
    clean = f"{before} {planted} {after}".strip()
    found_clean = [(m.target, m.entry_source) for m in find_matches(clean, matcher)]  # type: ignore[arg-type]
    found_noisy = [(m.target, m.entry_source) for m in find_matches(text, matcher)]  # type: ignore[arg-type]
    assert found_noisy == found_clean
