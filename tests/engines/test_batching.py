"""Token-budgeted batches: every input exactly once, shortest first, within the budget."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bilingue.engines.batching import token_batches


@given(
    lengths=st.lists(st.integers(min_value=0, max_value=300), max_size=200),
    budget=st.integers(min_value=1, max_value=2000),
    max_examples=st.integers(min_value=0, max_value=40),
)
def test_batches_cover_every_input_once_sorted_and_within_budget(
    lengths: list[int], budget: int, max_examples: int
) -> None:
    batches = token_batches(lengths, budget, max_examples)
    flat = [i for batch in batches for i in batch]
    assert sorted(flat) == list(range(len(lengths)))
    assert [lengths[i] for i in flat] == sorted(lengths)
    for batch in batches:
        assert batch
        padded = len(batch) * max(max(lengths[i] for i in batch), 1)
        assert len(batch) == 1 or padded <= budget
        assert max_examples <= 0 or len(batch) <= max_examples


def test_ties_keep_input_order_and_short_inputs_share_batches() -> None:
    assert token_batches([5, 5, 5, 5], budget=10) == [[0, 1], [2, 3]]
    assert token_batches([3, 50, 2, 3], budget=12) == [[2, 0, 3], [1]]


def test_budget_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        token_batches([1], 0)
