"""`make qa-eval` runs and meets the brief's targets (issue 10); not timed."""

from __future__ import annotations

import pytest

from bilingue.stages.qa import QA_CODES
from tests.qa_eval.evaluate import (
    MAX_FALSE_FLAG_RATE,
    MIN_RECALL,
    MIN_UNTRANSLATED_RECALL,
    evaluate,
    labelled_pairs,
    render,
)


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return evaluate()


def test_the_set_is_big_enough_and_covers_every_check() -> None:
    pairs = labelled_pairs()
    assert len(pairs) >= 150
    seeded = {code for pair in pairs for code in pair.expected}
    assert seeded == set(QA_CODES)
    assert sum(1 for pair in pairs if not pair.expected) >= 50


@pytest.mark.parametrize("code", QA_CODES)
def test_recall_per_check(report, code: str) -> None:  # type: ignore[no-untyped-def]
    assert report.recall(code) >= MIN_RECALL, render(report)


def test_false_flag_rate_on_good_pairs(report) -> None:  # type: ignore[no-untyped-def]
    assert report.false_flag_rate <= MAX_FALSE_FLAG_RATE, render(report)


def test_untranslated_word_recall_on_real_apertium_output(report) -> None:  # type: ignore[no-untyped-def]
    assert report.unknown_words >= 30
    assert report.untranslated_recall >= MIN_UNTRANSLATED_RECALL, render(report)
    assert report.list_only_recall >= MIN_UNTRANSLATED_RECALL, render(report)


def test_render_prints_every_check(report) -> None:  # type: ignore[no-untyped-def]
    text = render(report)
    assert all(code in text for code in QA_CODES)
    assert "false-flag rate" in text
