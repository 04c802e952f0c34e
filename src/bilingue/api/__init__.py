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
    glossary_for,
    open_engine,
    prepare_file,
    translate_file,
    translate_paths,
)
from bilingue.api.quality import QaSummary, qa_file, qa_summary

__all__ = [
    "EngineChoice",
    "QaSummary",
    "detect_file",
    "ensure_engine",
    "glossary_for",
    "open_engine",
    "prepare_file",
    "qa_file",
    "qa_summary",
    "translate_file",
    "translate_paths",
]
