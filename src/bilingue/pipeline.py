"""The ordered stages that turn a read document into a translated one, and run()."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bilingue.document import Document
from bilingue.engines import Translator
from bilingue.glossary import Glossary
from bilingue.stages.clean import clean
from bilingue.stages.detect import detect
from bilingue.stages.names import protect_names
from bilingue.stages.protect import protect
from bilingue.stages.qa import qa
from bilingue.stages.segment import segment
from bilingue.stages.translate import translate

__all__ = ["PREPARE_STAGES", "Stage", "after_translate", "before_translate", "prepare", "run"]

Stage = Callable[[Document], Document]

# Reading order matters: cleaning rebuilds the blocks that segmentation splits, and
# language detection is per segment, so it runs on segments.
PREPARE_STAGES: tuple[Stage, ...] = (clean, segment, detect)


def prepare(doc: Document, stages: Sequence[Stage] = PREPARE_STAGES) -> Document:
    """Clean, segment and detect: everything that needs no engine and no glossary."""
    for stage in stages:
        doc = stage(doc)
    return doc


def before_translate(doc: Document, glossary: Glossary) -> Document:
    """Protect glossary terms and names in a prepared document."""
    return protect_names(protect(doc, glossary))


def after_translate(doc: Document) -> Document:
    """Check a translated document (a batch runs the translate stage in between)."""
    return qa(doc)


def run(doc: Document, engine: Translator, glossary: Glossary) -> Document:
    """Protect glossary terms and names, translate a prepared document, then check it."""
    return after_translate(translate(before_translate(doc, glossary), engine))
