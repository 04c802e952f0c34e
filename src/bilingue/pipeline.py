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

__all__ = [
    "PREPARE_STAGES",
    "Stage",
    "after_translate",
    "before_translate",
    "prepare",
    "run",
    "translate_all",
]

Stage = Callable[[Document], Document]

# Reading order matters: cleaning rebuilds the blocks that segmentation splits, and
# language detection is per segment, so it runs on segments.
PREPARE_STAGES: tuple[Stage, ...] = (clean, segment, hand_codes, detect)


def prepare(doc: Document, stages: Sequence[Stage] = PREPARE_STAGES) -> Document:
    """Clean, segment and detect: everything that needs no engine and no glossary."""
    for stage in stages:
        doc = stage(doc)
    return doc


def before_translate(doc: Document, glossary: Glossary) -> Document:
    """Protect glossary terms and names in a prepared document."""
    return protect_names(protect(doc, glossary))


def translate_all(doc: Document, engine: Translator) -> Document:
    """Every stage that asks the engine: translate, then carry the inline codes across."""
    return carry_codes(translate(doc, engine), engine)


def after_translate(doc: Document, *, locale: str | None = "en-GB") -> Document:
    """Typeset the English for ``locale`` (``None``: typography off), then check it
    (QA sees the English as it will ship). No engine: a batch pools the stages before."""
    checked = doc if locale is None else typography(doc, locale)
    # QA may rewrite targets (engine marks removed): the codes follow the text.
    return follow_targets(checked, qa(checked))


def run(
    doc: Document, engine: Translator, glossary: Glossary, *, locale: str | None = "en-GB"
) -> Document:
    """Protect glossary terms and names, translate a prepared document, carry its inline
    codes onto the English, typeset it for ``locale`` (``None``: typography off), then
    check it (QA sees the English as it will ship)."""
    return after_translate(translate_all(before_translate(doc, glossary), engine), locale=locale)
