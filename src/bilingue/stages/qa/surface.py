"""Checks on the surface of the text: names, links, length, repetition, punctuation."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from bilingue.document import Severity
from bilingue.glossary.match import find_pattern_spans
from bilingue.stages.names import NAME_KIND, find_names
from bilingue.stages.qa.base import (
    QA_BRACKETS,
    QA_LENGTH,
    QA_NAME,
    QA_PUNCTUATION,
    QA_REPETITION,
    QA_TERM_FORBIDDEN,
    QA_URL,
    Finding,
    Pair,
    check,
)

__all__ = [
    "LENGTH_RATIO_MAX",
    "LENGTH_RATIO_MIN",
    "brackets",
    "final_punctuation",
    "forbidden_renderings",
    "length",
    "names",
    "repetition",
    "urls",
]

# (len(target) + 10) / (len(source) + 10), bounds from the good pairs of
# tests/qa_eval (`make qa-eval` prints the observed range): good French→English
# pairs ran from 0.58 to 1.26; the bounds leave about 10% on both sides.
LENGTH_RATIO_MIN = 0.52
LENGTH_RATIO_MAX = 1.40
_LENGTH_SMOOTHING = 10  # characters added to both sides, so short titles are not judged

_LINK_KINDS = ("url", "email", "phone", "handle", "hashtag")


def _count(text: str, form: str) -> int:
    before = r"(?<!\w)" if re.match(r"\w", form) else ""
    after = r"(?!\w)" if re.search(r"\w$", form) else ""
    return len(re.findall(before + re.escape(form) + after, text))


def _spans_of(text: str, form: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(re.escape(form), text)]


def _bare(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


@check(QA_NAME, Severity.ERROR)
def names(pair: Pair) -> Iterator[Finding]:
    """Names or acronyms changed by the translation."""
    # The glossary decides how a name it covers is written ("Vladimir Popovkine" →
    # "Vladimir Popovkin"), unless its English keeps the name ("CNES President").
    glossary = [h for h in pair.terms if h.kind != NAME_KIND and h.target != h.source]
    needed = Counter(
        n.text
        for n in find_names(pair.source)
        if not any(
            h.start < n.end and n.start < h.end and _count(h.target, n.text) == 0 for h in glossary
        )
    )
    missing = [name for name, times in needed.items() if _count(pair.target, name) < times]
    # A first name that gained an accent in the pivot ("Adrian" → "Adrián").
    source_words = set(re.findall(r"[^\W\d_]+", pair.source))
    accented = [
        m
        for m in re.finditer(r"[^\W\d_]+", pair.target)
        if m.group()[:1].isupper()
        and m.group() not in source_words
        and _bare(m.group()) in source_words
        and _bare(m.group()) != m.group()
    ]
    if missing or accented:
        shown = [*missing, *(f"{_bare(m.group())} → {m.group()}" for m in accented)]
        yield Finding("names changed: " + ", ".join(shown), tuple(m.span() for m in accented))


@check(QA_URL, Severity.ERROR)
def urls(pair: Pair) -> Iterator[Finding]:
    """URLs, e-mail addresses, phone numbers or handles changed by the translation."""
    wanted = Counter(m.text for m in find_pattern_spans(pair.source) if m.kind in _LINK_KINDS)
    missing = [text for text, times in wanted.items() if pair.target.count(text) < times]
    invented = [
        m
        for m in find_pattern_spans(pair.target)
        if m.kind in ("url", "email", "handle") and m.text not in pair.source
    ]
    if missing or invented:
        shown = [*missing, *(f"{m.text} (not in the source)" for m in invented)]
        yield Finding(
            "links changed: " + ", ".join(shown), tuple((m.start, m.end) for m in invented)
        )


def length_ratio(source: str, target: str) -> float:
    """The smoothed length ratio :func:`length` judges (see LENGTH_RATIO_MIN)."""
    return (len(target.strip()) + _LENGTH_SMOOTHING) / (len(source.strip()) + _LENGTH_SMOOTHING)


@check(QA_LENGTH, Severity.WARNING)
def length(pair: Pair) -> Iterator[Finding]:
    """The translation is much shorter or longer than the source (omission or addition)."""
    ratio = length_ratio(pair.source, pair.target)
    if ratio < LENGTH_RATIO_MIN:
        yield Finding(
            f"translation much shorter than the source ({ratio:.2f}×): something left out?"
        )
    elif ratio > LENGTH_RATIO_MAX:
        yield Finding(f"translation much longer than the source ({ratio:.2f}×): something added?")


_LOOP = re.compile(r"\b(\w+(?:\W+\w+){0,3}?)(?:\W+\1\b){2,}", re.IGNORECASE)
_DOUBLED = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.IGNORECASE)
_DOUBLES_OK = frozenset({"that", "had", "is", "do"})


@check(QA_REPETITION, Severity.WARNING)
def repetition(pair: Pair) -> Iterator[Finding]:
    """Repeated words or a runaway loop in the translation."""
    spans: list[tuple[int, int]] = []
    shown: list[str] = []
    for m in _LOOP.finditer(pair.target):
        unit = m.group(1)
        if _LOOP.search(pair.source) and unit.lower() in pair.source.lower():
            continue
        spans.append(m.span())
        shown.append(f"“{unit}” ×{len(re.findall(re.escape(unit), m.group(), re.I))}")
    for m in _DOUBLED.finditer(pair.target):
        word = m.group(1)
        if word.lower() in _DOUBLES_OK or any(s <= m.start() < e for s, e in spans):
            continue
        if re.search(rf"\b{re.escape(word)}\s+{re.escape(word)}\b", pair.source, re.I):
            continue  # the source repeats it too ("Go Go")
        spans.append(m.span())
        shown.append(f"“{m.group()}”")
    if spans:
        yield Finding("repeated: " + ", ".join(shown), tuple(sorted(spans)))


_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"))
_OPEN_QUOTES, _CLOSE_QUOTES = "«“", "»”"


def _imbalance(text: str) -> tuple[int, ...]:
    brackets = tuple(text.count(a) - text.count(b) for a, b in _PAIRS)
    quotes = sum(text.count(c) for c in _OPEN_QUOTES) - sum(text.count(c) for c in _CLOSE_QUOTES)
    straight = text.count('"') % 2
    # A straight quote may stand for either French guillemet.
    return (*brackets, abs(quotes) + straight)


@check(QA_BRACKETS, Severity.WARNING)
def brackets(pair: Pair) -> Iterator[Finding]:
    """Brackets or quotation marks unbalanced where the source's were not."""
    source, target = _imbalance(pair.source), _imbalance(pair.target)
    if source == target:
        return
    names = ["( )", "[ ]", "{ }", "quotes"]
    wrong = [name for name, s, t in zip(names, source, target, strict=True) if s != t]
    marks = '()[]{}«»“”"'
    spans = tuple((i, i + 1) for i, c in enumerate(pair.target) if c in marks)
    yield Finding("unbalanced " + ", ".join(wrong) + " compared with the source", spans)


_CLOSERS = " \t\n\u00a0\u202f»”\"')]"
_FINAL = {".": ".", "!": "!", "?": "?", ":": ":", ";": ";", "…": "…"}


def _final(text: str) -> str:
    stripped = text.rstrip(_CLOSERS)
    if stripped.endswith("..."):
        return "…"
    return _FINAL.get(stripped[-1:], "") if stripped else ""


@check(QA_PUNCTUATION, Severity.WARNING)
def final_punctuation(pair: Pair) -> Iterator[Finding]:
    """Sentence-final punctuation differs from the source."""
    source, target = _final(pair.source), _final(pair.target)
    if source != target and pair.target.strip():
        said = {"": "none"}
        yield Finding(
            f"ends with {said.get(target, target)!s}, the source with {said.get(source, source)!s}",
            ((len(pair.target.rstrip()) - 1, len(pair.target.rstrip())),) if target else (),
        )


@check(QA_TERM_FORBIDDEN, Severity.ERROR)
def forbidden_renderings(pair: Pair) -> Iterator[Finding]:
    """A glossary term rendered in a way its entry forbids."""
    matches: list[tuple[int, int, str]] = []
    for hit in pair.terms:
        # TermHit.forbidden comes with the glossary's forbidden column (keel-glossary);
        # hits without it forbid nothing.
        for wrong in hit.forbidden:
            right = [m.span() for m in re.finditer(re.escape(hit.target), pair.target)]
            matches += [
                (m.start(), m.end(), f"{m.group()} (not {hit.target})")
                for m in re.finditer(rf"(?<!\w){re.escape(wrong)}(?!\w)", pair.target, re.I)
                if not any(s <= m.start() and m.end() <= e for s, e in right)
            ]
    kept: list[tuple[int, int, str]] = []
    for start, end, shown in sorted(matches, key=lambda m: (m[0], -m[1])):
        if not kept or start >= kept[-1][1]:  # the longest forbidden form wins
            kept.append((start, end, shown))
    if kept:
        shown_all = ", ".join(dict.fromkeys(shown for _, _, shown in kept))
        yield Finding("forbidden rendering: " + shown_all, tuple((s, e) for s, e, _ in kept))
