"""Every user task as a public function; the CLI only parses, calls these and renders.

One module per family of tasks (documents, models, glossary, review, memory…); this
package re-exports them so callers write ``from bilingue.api import translate_paths``.
Each module imports its heavy dependencies inside the functions that need them.
"""

from __future__ import annotations

from bilingue.api.documents import (
    ENGINE_NOTE,
    choose_engine,
    detect_file,
    glossary_for,
    open_engine,
    prepare_file,
    translate_file,
    translate_paths,
)
from bilingue.api.models import (
    EngineStatus,
    ModelListing,
    engine_options,
    ensure_engine,
    install_model,
    install_model_file,
    list_models,
    packages_folder,
    remove_model,
)
from bilingue.engines.choice import EngineChoice

__all__ = [
    "ENGINE_NOTE",
    "EngineChoice",
    "EngineStatus",
    "ModelListing",
    "choose_engine",
    "detect_file",
    "engine_options",
    "ensure_engine",
    "glossary_for",
    "install_model",
    "install_model_file",
    "list_models",
    "open_engine",
    "packages_folder",
    "prepare_file",
    "remove_model",
    "translate_file",
    "translate_paths",
]
