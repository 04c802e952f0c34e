"""Every flag bilingue puts on a segment or document: code, severity and wording, once.

Stages raise flags through these functions and writers render the same flags, so a
wording lives here and nowhere else (``grep`` a message and you find its one home).
"""

from __future__ import annotations

from bilingue.document import Flag, FlagCode, Severity, TermHit

__all__ = [
    "LANGUAGE_NAMES",
    "code_lost",
    "encoding_guessed",
    "encoding_repaired",
    "engine_empty",
    "engine_fallback",
    "lang_kept",
    "page_furniture",
    "protect_fallback",
    "segment_split",
    "term_missing",
]

# Names shown to reviewers for the languages a French newsroom's releases mix in;
# any other code is shown as the code itself.
LANGUAGE_NAMES = {
    "en": "English",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "ru": "Russian",
    "ca": "Catalan",
    "fr": "French",
}


def term_missing(hit: TermHit) -> Flag:
    """A protected term whose target form the translation does not carry."""
    return Flag(
        FlagCode.TERM_MISSING,
        f"glossary term not in translation: {hit.source} → {hit.target}",
        Severity.ERROR,
    )


def protect_fallback() -> Flag:
    """The target was made by translating around the protected terms."""
    return Flag(
        FlagCode.PROTECT_FALLBACK,
        "glossary terms restored by translating around them",
        Severity.INFO,
    )


def engine_empty() -> Flag:
    """The engine gave back nothing for some text that had letters."""
    return Flag(
        FlagCode.ENGINE_EMPTY,
        "the engine returned nothing for part of this segment",
        Severity.WARNING,
    )


def segment_split() -> Flag:
    """The segment was too long for the engine in one piece and was translated in parts."""
    return Flag(
        FlagCode.SEGMENT_SPLIT,
        "too long for the engine in one piece: translated in parts; check the joins",
        Severity.INFO,
    )


def engine_fallback(note: str) -> Flag:
    """Why the run's engine is not the one first in line (``note`` from the engine choice)."""
    return Flag(FlagCode.ENGINE_FALLBACK, note, Severity.WARNING)


def lang_kept(language: str, confidence: float | None = None) -> Flag:
    """A segment left in its own language, with the detector's confidence when known."""
    name = LANGUAGE_NAMES.get(language, language)
    detected = f"{name} ({confidence:.2f})" if confidence is not None else name
    return Flag(FlagCode.LANG_KEPT, f"kept untranslated: detected {detected}")


def encoding_repaired(line: int, encoding: str) -> Flag:
    """One line of a UTF-8 file that was not UTF-8 and was read with ``encoding``."""
    return Flag(
        FlagCode.ENCODING_REPAIRED,
        f"line {line} is not UTF-8; read as {encoding}: check its accents",
        Severity.WARNING,
    )


def encoding_guessed(encoding: str) -> Flag:
    """A whole file in UTF-16 or UTF-32 without the byte-order mark that says so."""
    return Flag(
        FlagCode.ENCODING_REPAIRED,
        f"the file has no byte-order mark; read as {encoding.upper()}: check its text",
        Severity.WARNING,
    )


def code_lost(detail: str) -> Flag:
    """Review formatting that could not be taken as the reviewer left it (``detail`` says why)."""
    return Flag(FlagCode.CODE_LOST, f"formatting {detail}", Severity.WARNING)


def page_furniture(text: str, count: int) -> Flag:
    """A running header, footer or page number the reader or cleaner removed (a document
    note, so nothing disappears unseen)."""
    return Flag(
        FlagCode.PAGE_FURNITURE,
        f"removed running header/footer or page number: '{text}' ({count}×)",
        Severity.INFO,
    )
