"""The protect stage: find glossary terms and non-translatable spans in each segment.

Needs segments; adds ``Segment.terms`` (one unchecked :class:`TermHit` per protected
occurrence, offsets into ``Segment.source``), ``Document.glossaries`` and the
glossary's notes (``no glossary found…``) as document notes. A match in the wrong
sense (an entry's ``not_context`` word is in the segment) is not protected: it gets
a ``term-sense`` flag instead, so the reviewer checks that word. Segments kept in
their own language (``translate=False``) get no terms: their text is copied, not
translated. The translate stage decides each hit's ``ok``.
"""

from __future__ import annotations

from functools import lru_cache

from bilingue.collector import collector_paused
from bilingue.document import Document, Flag, FlagCode, Segment, Severity, TermHit
from bilingue.glossary.match import Match, Matcher, compile_matcher, find_matches
from bilingue.glossary.model import Glossary

__all__ = ["GLOSSARY_NOTE", "SENSE_FLAG", "protect", "protect_segment"]

SENSE_FLAG = FlagCode.TERM_SENSE  # a glossary match left unprotected: wrong sense here
GLOSSARY_NOTE = FlagCode.GLOSSARY_NONE  # the run has no glossary file


@lru_cache(maxsize=4)
def _matcher_for(glossary: Glossary) -> Matcher:
    # A batch protects many documents with one glossary: compile it once.
    return compile_matcher(glossary)


def _hit(match: Match) -> TermHit:
    entry = match.entry
    return TermHit(
        source=match.text,
        target=match.target,
        start=match.start,
        end=match.end,
        kind=match.kind,
        entry=match.entry_source,
        plural=match.plural,
        forbidden=entry.forbidden if entry else (),
        context=entry.context if entry else "",
    )


def _sense_flag(match: Match) -> Flag:
    entry = match.entry
    meaning = f" ({entry.context})" if entry and entry.context else ""
    message = (
        f"{match.text!r} not protected: next to {match.wrong_sense!r} it is not the glossary's "
        f"{match.entry_source} → {match.target}{meaning}; check its translation"
    )
    return Flag(SENSE_FLAG, message, Severity.WARNING)


def protect_segment(segment: Segment, matcher: Matcher) -> Segment:
    """``segment`` with its terms found afresh (none when it is not translated)."""
    flags = tuple(flag for flag in segment.flags if flag.code != SENSE_FLAG)
    if not segment.translate:
        return segment.with_(terms=(), flags=flags)
    matches = find_matches(segment.source, matcher)
    hits = tuple(_hit(m) for m in matches if not m.wrong_sense)
    doubts = tuple(_sense_flag(m) for m in matches if m.wrong_sense)
    return segment.with_(terms=hits, flags=flags + doubts)


@collector_paused()
def protect(doc: Document, glossary: Glossary) -> Document:
    """Every translatable segment's protected occurrences, and the glossary files used."""
    matcher = _matcher_for(glossary)
    protected = doc.map_segments(lambda segment: protect_segment(segment, matcher))
    notes = tuple(note for note in doc.notes if note.code != GLOSSARY_NOTE)
    notes += tuple(Flag(GLOSSARY_NOTE, text, Severity.WARNING) for text in glossary.notes)
    return protected.with_(glossaries=glossary.files, notes=notes)
