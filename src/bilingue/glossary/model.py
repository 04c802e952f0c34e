"""Glossary entries as plain data; files and matching live in sibling modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["ENTRY_TYPES", "NUMBERED_TYPES", "CaseRule", "Glossary", "GlossaryEntry"]

ENTRY_TYPES = ("name", "programme", "organisation", "place", "title", "term")
# Common nouns take the plural; names, programmes, organisations, places and titles
# are invariable in French (les Soyouz, les Ariane 5), so a guess there would be wrong.
NUMBERED_TYPES = ("term",)


class CaseRule(StrEnum):
    """How an entry's letter case must appear in the text (the ``case`` column)."""

    DEFAULT = ""  # capitals for all-caps sources (ESA), insensitive otherwise
    EXACT = "exact"  # only as written: `Mir` finds neither `MIR` nor `mir`
    CAPITALS = "capitals"  # its capitals stay capitals: `Mars`, `MARS`, never `mars`
    INSENSITIVE = "insensitive"  # any case


@dataclass(frozen=True)
class GlossaryEntry:
    """One protected term: every match of ``source`` (or a variant) must become ``target``.

    ``plural`` is the English for a plural match (``term`` entries; empty: the usual
    English rule), ``forbidden`` lists wrong renderings a QA check flags, ``context``
    says which sense the entry means, and ``not_context`` lists French words that, in
    the same segment, mean a match is another sense (then it is not protected).
    """

    source: str
    target: str
    type: str = "term"
    note: str = ""
    variants: tuple[str, ...] = ()
    case: str = ""  # a CaseRule value
    plural: str = ""
    forbidden: tuple[str, ...] = ()
    context: str = ""
    not_context: tuple[str, ...] = ()

    @property
    def case_rule(self) -> CaseRule:
        """The rule in force: the ``case`` column, or the default for this source."""
        if self.case:
            return CaseRule(self.case)
        letters = [c for c in self.source if c.isalpha()]
        if letters and all(c.isupper() for c in letters):
            return CaseRule.CAPITALS  # acronyms: `ESA`, never `esa`
        return CaseRule.INSENSITIVE

    @property
    def case_sensitive(self) -> bool:
        """Whether some spelling of the source in another case does not match."""
        return self.case_rule is not CaseRule.INSENSITIVE

    @property
    def numbered(self) -> bool:
        """Whether the French plural of the source matches too (common nouns only)."""
        return self.type in NUMBERED_TYPES

    @property
    def keep_as_is(self) -> bool:
        return self.source == self.target


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...] = ()
    files: tuple[str, ...] = field(default=())  # where the entries came from, for the report
    notes: tuple[str, ...] = ()  # what the run should be told (no glossary found…)
