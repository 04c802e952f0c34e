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
from bilingue.api.memory import TmImport, tm_export, tm_import, tm_stats
from bilingue.api.publish import (
    PUBLISH_FORMATS,
    export_xliff,
    publish_file,
    publish_paths,
)
from bilingue.api.review import (
    ReviewImport,
    ReviewImportReport,
    default_sidecar,
    import_review,
    import_reviews,
)

__all__ = [
    "PUBLISH_FORMATS",
    "EngineChoice",
    "ReviewImport",
    "ReviewImportReport",
    "TmImport",
    "default_sidecar",
    "detect_file",
    "ensure_engine",
    "export_xliff",
    "glossary_for",
    "import_review",
    "import_reviews",
    "open_engine",
    "prepare_file",
    "publish_file",
    "publish_paths",
    "tm_export",
    "tm_import",
    "tm_stats",
    "translate_file",
    "translate_paths",
]
