"""What every QA check shares: the pair it reads, what it finds, and the registry.

A check is a small function ``(Pair) -> Iterable[Finding]`` registered with
:func:`check`, which gives it a stable code and a severity; its docstring's first line
is the title shown to the user (Translate Toolkit's pofilter does the same).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bilingue.document import FlagCode, Severity, TermHit
from bilingue.term_check import form_spans

__all__ = [
    "CHECKS",
    "QA_BRACKETS",
    "QA_CODES",
    "QA_LENGTH",
    "QA_MARKUP",
    "QA_NAME",
    "QA_NUMBER",
    "QA_PUNCTUATION",
    "QA_REPETITION",
    "QA_TERM_FORBIDDEN",
    "QA_UNTRANSLATED",
    "QA_URL",
    "Check",
    "CheckFn",
    "Finding",
    "Pair",
    "check",
    "protected_target_spans",
]

# Stable flag codes, defined in FlagCode (document.py); named here for the checks.
QA_UNTRANSLATED = FlagCode.QA_UNTRANSLATED
QA_MARKUP = FlagCode.QA_MARKUP
QA_NAME = FlagCode.QA_NAME
QA_NUMBER = FlagCode.QA_NUMBER
QA_URL = FlagCode.QA_URL
QA_LENGTH = FlagCode.QA_LENGTH
QA_REPETITION = FlagCode.QA_REPETITION
QA_BRACKETS = FlagCode.QA_BRACKETS
QA_PUNCTUATION = FlagCode.QA_PUNCTUATION
QA_TERM_FORBIDDEN = FlagCode.QA_TERM_FORBIDDEN
QA_CODES = (
    QA_UNTRANSLATED,
    QA_MARKUP,
    QA_NAME,
    QA_NUMBER,
    QA_URL,
    QA_LENGTH,
    QA_REPETITION,
    QA_BRACKETS,
    QA_PUNCTUATION,
    QA_TERM_FORBIDDEN,
)


@dataclass(frozen=True)
class Pair:
    """One segment as the checks see it.

    ``unknown`` are target spans the engine itself marked as unknown words (Apertium's
    ``*``/``@`` marks, removed from ``target`` by the markup step); ``leftovers`` are
    target spans of engine markup that could not be repaired.
    """

    source: str
    target: str
    terms: tuple[TermHit, ...] = ()
    unknown: tuple[tuple[int, int], ...] = ()
    leftovers: tuple[tuple[int, int], ...] = ()
    repaired: tuple[str, ...] = ()  # one description per markup repair made


@dataclass(frozen=True)
class Finding:
    """What a check found: one line for the reviewer, and where in the target."""

    message: str
    spans: tuple[tuple[int, int], ...] = ()
    severity: Severity | None = None  # None: the check's own severity


CheckFn = Callable[[Pair], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    code: FlagCode
    severity: Severity
    run: CheckFn

    @property
    def title(self) -> str:
        """The first line of the check's docstring."""
        return (self.run.__doc__ or self.code).strip().splitlines()[0]


CHECKS: list[Check] = []


def check(code: FlagCode, severity: Severity) -> Callable[[CheckFn], CheckFn]:
    """Register a check function under ``code`` with its default ``severity``."""

    def register(fn: CheckFn) -> CheckFn:
        CHECKS.append(Check(code, severity, fn))
        return fn

    return register


def protected_target_spans(pair: Pair) -> list[tuple[int, int]]:
    """Where the protected forms (terms, names, URLs…) stand in the target, by the rule
    the translate stage's verdict uses (bilingue/term_check.py)."""
    return [
        span
        for form in {hit.target for hit in pair.terms if hit.target.strip()}
        for span in form_spans(pair.target, form)
    ]
