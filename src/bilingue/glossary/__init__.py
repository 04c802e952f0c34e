"""The domain glossary: entries, loading and editing, matching, file formats."""

from bilingue.glossary.model import ENTRY_TYPES, CaseRule, Glossary, GlossaryEntry

__all__ = ["ENTRY_TYPES", "CaseRule", "Glossary", "GlossaryEntry"]
