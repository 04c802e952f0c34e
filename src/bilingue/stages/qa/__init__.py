"""The qa stage: checks every translated segment and flags what a reviewer must see.

Needs translated segments; replaces each segment's ``qa-*`` flags with fresh ones
(one per check that found something, with ``Flag.spans`` over the target), and, on
machine output, removes the engine's marks from the target first (stages/qa/markup.py).
Checks live in small modules, each registered with a stable code and severity
(stages/qa/base.py); ``CHECKS`` lists them in the order they run.

Run it again on reviewed English with ``repair=False``: the reviewer's text is
checked, never changed.
"""

from __future__ import annotations

from dataclasses import replace

from bilingue.collector import collector_paused
from bilingue.document import Document, Flag, Segment, SegmentState
from bilingue.stages.qa import markup, numbers, surface, untranslated
from bilingue.stages.qa.base import CHECKS, QA_CODES, Check, Finding, Pair
from bilingue.stages.qa.markup import clean_markup

__all__ = ["CHECKS", "QA_CODES", "Check", "Finding", "Pair", "check_pair", "qa", "qa_segment"]

# Importing the check modules registers their checks.
_MODULES = (markup, untranslated, numbers, surface)


def check_pair(pair: Pair) -> list[Flag]:
    """The flags every check raises on one pair, in CHECKS order."""
    flags: list[Flag] = []
    for registered in CHECKS:
        for finding in registered.run(pair):
            flags.append(
                Flag(
                    registered.code,
                    finding.message,
                    finding.severity or registered.severity,
                    spans=finding.spans,
                )
            )
    return flags


def qa_segment(segment: Segment, *, repair: bool = True) -> Segment:
    """``segment`` checked: its qa flags replaced, its engine marks removed if ``repair``."""
    kept = tuple(flag for flag in segment.flags if flag.code not in QA_CODES)
    if not segment.translate or segment.target is None or not segment.source.strip():
        return segment.with_(flags=kept)
    machine = repair and segment.state is SegmentState.TRANSLATED
    if machine:
        pair = replace(clean_markup(segment.source, segment.target), terms=segment.terms)
    else:
        pair = Pair(segment.source, segment.target, segment.terms)
    return segment.with_(target=pair.target, flags=kept + tuple(check_pair(pair)))


@collector_paused()
def qa(doc: Document, *, repair: bool = True) -> Document:
    """Every segment checked (see module doc)."""
    return doc.map_segments(lambda segment: qa_segment(segment, repair=repair))
