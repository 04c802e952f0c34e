"""Where a target form stands in a translation: the one rule the verdict and writers share."""

from __future__ import annotations

import pytest

from bilingue.document import TermHit
from bilingue.term_check import FormSpan, check_terms, count_form, form_spans, target_spans


def hit(target: str, ok: bool | None = None) -> TermHit:
    return TermHit(target, target, 0, len(target), ok=ok)


@pytest.mark.parametrize(
    ("translation", "hits", "expected"),
    [
        ("Soyuz and Soyuz", [hit("Soyuz"), hit("Soyuz")], (True, True)),
        ("Soyuz", [hit("Soyuz"), hit("Soyuz")], (False, False)),
        ("Soyuz Soyuz Soyuz", [hit("Soyuz"), hit("Soyuz")], (True, True)),
        ("the *Soyuz", [hit("Soyuz")], (False,)),
        ("#Soyuz", [hit("Soyuz")], (False,)),
        ("Soyuzes", [hit("Soyuz")], (False,)),
        ("soyuz", [hit("Soyuz")], (False,)),
        ("ESA Director General and ESA", [hit("ESA Director General"), hit("ESA")], (True, True)),
        ("ESA Director General", [hit("ESA Director General"), hit("ESA")], (True, False)),
        # A repeated long form does not stand in for the lone short one.
        (
            "ESA Director General ESA Director General",
            [hit("ESA Director General"), hit("ESA")],
            (True, False),
        ),
        ("follow @CNES", [hit("@CNES"), hit("CNES")], (True, False)),
        ("@CNES and CNES", [hit("@CNES"), hit("CNES")], (True, True)),
        ("C++ and C", [hit("C++")], (True,)),
        ("see https://cnes.fr.", [hit("https://cnes.fr")], (True,)),
        ("anything", [], ()),
    ],
)
def test_check_terms(translation: str, hits: list[TermHit], expected: tuple[bool, ...]) -> None:
    assert check_terms(translation, hits) == expected


@pytest.mark.parametrize(
    ("text", "form", "count"),
    [
        ("ESA, RESA, ESAs, (ESA), l’ESA", "ESA", 3),
        ("*ESA @ESA #ESA ESA_1", "ESA", 0),
        ("x+1 and x+1", "x+1", 2),
        ("+33 1 44", "+33 1 44", 1),
        ("anything", "", 0),
    ],
)
def test_count_form_respects_word_boundaries(text: str, form: str, count: int) -> None:
    assert count_form(text, form) == count


@pytest.mark.parametrize(
    ("text", "form", "spans"),
    [
        ("*Soyuz, Soyuz", "Soyuz", [(8, 13)]),
        ("@CNES CNES", "CNES", [(6, 10)]),
        ("(Paris)", "(Paris)", [(0, 7)]),
    ],
)
def test_form_spans_locates_each_whole_unmarked_occurrence(
    text: str, form: str, spans: list[tuple[int, int]]
) -> None:
    assert form_spans(text, form) == spans


def test_target_spans_repeat_the_verdict_and_keep_the_longest() -> None:
    hits = [hit("ESA Director General", ok=True), hit("ESA", ok=False), hit("Soyuz", ok=True)]
    target = "ESA Director General, ESA, *Soyuz, Soyuz"
    assert target_spans(target, hits) == [
        FormSpan(0, 20, "ESA Director General"),
        FormSpan(22, 25, "ESA", missed=True),
        FormSpan(35, 40, "Soyuz"),
    ]
