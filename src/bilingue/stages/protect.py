"""The protect stage: find glossary terms and non-translatable spans in each segment.

Needs segments; adds ``Segment.terms`` (one unchecked :class:`TermHit` per protected
occurrence, offsets into ``Segment.source``) and ``Document.glossaries``. Segments
kept in their own language (``translate=False``) get no terms: their text is
copied, not translated. The translate stage decides each hit's ``ok``.
"""

from __future__ import annotations

from functools import lru_cache

from bilingue.document import Document, Segment, TermHit
from bilingue.glossary.match import Matcher, compile_matcher, find_matches
from bilingue.glossary.model import Glossary

__all__ = ["protect", "protect_segment"]


@lru_cache(maxsize=4)
def _matcher_for(glossary: Glossary) -> Matcher:
    # A batch protects many documents with one glossary: compile it once.
    return compile_matcher(glossary)


def protect_segment(segment: Segment, matcher: Matcher) -> Segment:
    """``segment`` with its terms found afresh (none when it is not translated)."""
    if not segment.translate:
        return segment.with_(terms=())
    hits = tuple(
        TermHit(
            source=m.text,
            target=m.target,
            start=m.start,
            end=m.end,
            kind=m.kind,
            entry=m.entry_source,
        )
        for m in find_matches(segment.source, matcher)
    )
    return segment.with_(terms=hits)


def protect(doc: Document, glossary: Glossary) -> Document:
    """Every translatable segment's protected occurrences, and the glossary files used."""
    matcher = _matcher_for(glossary)
    protected = doc.map_segments(lambda segment: protect_segment(segment, matcher))
    return protected.with_(glossaries=glossary.files)
