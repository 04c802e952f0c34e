"""The ordered stages that turn a read document into a translated one, and run()."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bilingue.document import Document
from bilingue.engines import Translator
from bilingue.glossary import Glossary
from bilingue.stages.clean import clean
from bilingue.stages.codes import carry_codes, follow_targets, hand_codes
from bilingue.stages.detect import detect
from bilingue.stages.names import protect_names
from bilingue.stages.protect import protect
from bilingue.stages.qa import qa
from bilingue.stages.segment import segment
from bilingue.stages.translate import translate
from bilingue.stages.typography import typography

__all__ = ["PREPARE_STAGES", "Stage", "prepare", "run"]

Stage = Callable[[Document], Document]

# Reading order matters: cleaning rebuilds the blocks that segmentation splits, and
# language detection is per segment, so it runs on segments.
PREPARE_STAGES: tuple[Stage, ...] = (clean, segment, hand_codes, detect)


def prepare(doc: Document, stages: Sequence[Stage] = PREPARE_STAGES) -> Document:
    """Clean, segment and detect: everything that needs no engine and no glossary."""
    for stage in stages:
        doc = stage(doc)
    return doc


def run(
    doc: Document, engine: Translator, glossary: Glossary, *, locale: str | None = "en-GB"
) -> Document:
    """Protect glossary terms and names, translate a prepared document, carry its inline
    codes onto the English, typeset it for ``locale`` (``None``: typography off), then
    check it (QA sees the English as it will ship)."""
    doc = carry_codes(translate(protect_names(protect(doc, glossary)), engine), engine)
    doc = doc if locale is None else typography(doc, locale)
    # QA may rewrite targets (engine marks removed): the codes follow the text.
    return follow_targets(doc, qa(doc))
