"""Every user task as a public function; the CLI only parses, calls these and renders.

One module per family of tasks (documents, models, glossary, review, memory…); this
package re-exports them so callers write ``from bilingue.api import translate_paths``.
Each module imports its heavy dependencies inside the functions that need them.
"""

from __future__ import annotations

from bilingue.api.documents import (
    EngineChoice,
    detect_file,
    ensure_engine,
    open_engine,
    prepare_file,
    translate_file,
    translate_paths,
)
from bilingue.api.glossary import (
    EntryAdded,
    GlossaryCheck,
    GlossaryImport,
    TermFound,
    glossary_add,
    glossary_check,
    glossary_export,
    glossary_find,
    glossary_for,
    glossary_import,
    glossary_list,
    glossary_paths,
    glossary_remove,
)

__all__ = [
    "EngineChoice",
    "EntryAdded",
    "GlossaryCheck",
    "GlossaryImport",
    "TermFound",
    "detect_file",
    "ensure_engine",
    "glossary_add",
    "glossary_check",
    "glossary_export",
    "glossary_find",
    "glossary_for",
    "glossary_import",
    "glossary_list",
    "glossary_paths",
    "glossary_remove",
    "open_engine",
    "prepare_file",
    "translate_file",
    "translate_paths",
]
