"""Glossary entries as plain data; files and matching live in sibling modules."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ENTRY_TYPES", "Glossary", "GlossaryEntry"]

ENTRY_TYPES = ("name", "programme", "organisation", "place", "title", "term")


@dataclass(frozen=True)
class GlossaryEntry:
    """One protected term: every match of ``source`` (or a variant) must become ``target``."""

    source: str
    target: str
    type: str = "term"
    note: str = ""
    variants: tuple[str, ...] = ()
    case: str = ""  # "exact", "insensitive", or "" for the default rule

    @property
    def case_sensitive(self) -> bool:
        """Acronyms and all-caps terms match exactly by default; others ignore case."""
        if self.case:
            return self.case == "exact"
        letters = [c for c in self.source if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)

    @property
    def keep_as_is(self) -> bool:
        return self.source == self.target


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...] = ()
    files: tuple[str, ...] = field(default=())  # where the entries came from, for the report
