"""Where a protected term's target form stands in a translation, and whether it is there.

One rule for the translate stage's verdict (``TermHit.ok``, the ``term-missing`` flag,
the JSON) and for every writer that highlights terms (the review DOCX): they cannot
disagree about a term because they ask this module the same question.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from bilingue.document import TermHit

__all__ = ["WORD_MARKS", "FormSpan", "check_terms", "count_form", "form_spans", "target_spans"]

# Marks an engine puts on a word (Apertium's `*Soyuz` unknown, `#Soyuz` generation
# error, `@CNES` transfer error; a handle or hashtag elsewhere) make it a different
# token: `*Soyuz` in a draft is not the term the glossary asks for.
WORD_MARKS = "*#@"


@dataclass(frozen=True)
class FormSpan:
    """One occurrence of a target form in a translation; ``missed`` when its hits failed."""

    start: int
    end: int
    form: str
    missed: bool = False


@lru_cache(maxsize=4096)
def _pattern(form: str) -> re.Pattern[str]:
    # A form starting (ending) with a word character must not continue a word or an
    # engine's mark before it (a word after it); punctuation-edged forms ("+33 1 44")
    # stand on their own.
    before = rf"(?<![\w{re.escape(WORD_MARKS)}])" if re.match(r"\w", form) else ""
    after = r"(?!\w)" if re.search(r"\w\Z", form) else ""
    return re.compile(before + re.escape(form) + after)


def form_spans(text: str, form: str) -> list[tuple[int, int]]:
    """(start, end) of each occurrence of ``form`` in ``text``: exact case, whole words,
    not carrying an engine's mark."""
    if not form:
        return []
    return [match.span() for match in _pattern(form).finditer(text)]


def count_form(text: str, form: str) -> int:
    """How many times ``form`` stands in ``text`` (see :func:`form_spans`)."""
    return len(form_spans(text, form))


def check_terms(translation: str, hits: Sequence[TermHit]) -> tuple[bool, ...]:
    """Per hit: does ``translation`` carry its target form at least as often as needed?

    Occurrences are counted where they stand on their own: an ``ESA`` inside ``ESA
    Director General`` belongs to the longer form (leftmost-longest, as the review
    DOCX highlights them), so it cannot prove that a separate ``ESA`` came through.
    Needed is how many hits carry the form; more is fine (a repeated name has lost
    nothing the glossary asked for).
    """
    found = Counter(span.form for span in _tiling(translation, hits))
    needed = Counter(hit.target for hit in hits)
    return tuple(
        found[hit.target] >= needed[hit.target] if hit.target.strip() else True for hit in hits
    )


def target_spans(target: str, hits: Sequence[TermHit]) -> list[FormSpan]:
    """Each occurrence of a hit's target form in ``target``, leftmost-longest, no overlaps.

    These are exactly the occurrences :func:`check_terms` counts. ``missed`` repeats the
    recorded verdict: an occurrence of a form some hit failed on (too few of them, say)
    is shown as missed, never as found.
    """
    missed = {hit.target for hit in hits if hit.ok is False}
    return [replace(span, missed=span.form in missed) for span in _tiling(target, hits)]


def _tiling(text: str, hits: Sequence[TermHit]) -> list[FormSpan]:
    found = [
        FormSpan(start, end, form)
        for form in {hit.target for hit in hits if hit.target.strip()}
        for start, end in form_spans(text, form)
    ]
    spans: list[FormSpan] = []
    for span in sorted(found, key=lambda s: (s.start, -s.end, s.form)):
        if not spans or span.start >= spans[-1].end:
            spans.append(span)
    return spans
