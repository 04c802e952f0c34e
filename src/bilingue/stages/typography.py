"""The typography stage: French conventions left in the English draft, put right.

Needs translated segments; changes ``Segment.target`` and records every change as an
INFO ``typography`` flag (``rule: 'before' → 'after'``), so the sidecar and the
review show what was touched. Target inline codes are moved with the text.

French typography is the most common tell of machine translation: `« »`, a space
before `; : ! ?`, `5 000`, `98,3 %`, `1er`, `M.`/`Mme` (Apertium's Spanish pivot even
leaves `Sra`), `14 h 30`, "The Thursday 16 May". Each rule is a small regular
expression, in :data:`RULES` order; a rule never applies inside a protected span:
URLs, e-mail addresses and the glossary's target forms are masked first (one
private-use character each) and put back after, so `https://x.fr/a;b` or a term
written `n°` stays exactly as it was.

Deliberately left alone: a comma followed by exactly three digits (`1,500` is
English thousands as often as a French decimal), ISO dates, phone numbers (groups
of two digits), version numbers, times already written `14:30`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bilingue.document import Document, Flag, FlagCode, Segment, Severity
from bilingue.inline import is_unchanged_at, map_offset, remap_codes

__all__ = ["LOCALES", "RULES", "TYPOGRAPHY_FLAG", "Change", "fix_typography", "typography"]

TYPOGRAPHY_FLAG = FlagCode.TYPOGRAPHY
LOCALES = ("en-GB", "en-US")

_MASK_BASE = 0xF0000  # Supplementary Private Use Area-A: never in a real release
_PROTECTED = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>«»“”\"]+[^\s<>«»“”\".,;:!?)\]]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    # Phone numbers (+33 1 44 76 75 00, 05 61 273 273): digit groups, never thousands.
    r"|\+\d{1,3}(?:[ .\u00a0]\d{1,4}){2,}"
    r"|(?<!\d)0\d{1,3}(?:[ .\u00a0]\d{2,4}){2,}"
)
_SPACE = r"[ \u00a0\u202f\u2007\u2009]"
# Apertium's marks on a word: "*" unknown, "@" not transferred, "#" not generated.
_ENGINE_MARK = re.compile(r"(?<![^\W_])[*#@]+(?=[^\W_])")
_WORD_AFTER = re.compile(r"[\w’'-]*")
# A capitalised name after a title, or a protected one (masked: one private character).
_NAME_AHEAD = r"(?= [A-Z\U000F0000-\U000FFFFD])"
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = (
    rf"(?P<day>\d{{1,2}})(?P<suffix>st|nd|rd|th)? (?:of )?(?P<month>{_MONTHS})"
    rf"(?: (?:of )?(?P<year>\d{{4}}))?"
)
_PREPOSITIONS = frozenset(
    [
        "on",
        "of",
        "by",
        "until",
        "till",
        "since",
        "from",
        "before",
        "after",
        "to",
        "for",
        "at",
        "in",
        "during",
        "between",
        "and",
        "or",
    ]
)


@dataclass(frozen=True)
class Change:
    """One typographic fix: which rule, the text it matched and what it became."""

    rule: str
    before: str
    after: str

    def describe(self) -> str:
        return f"{self.rule}: {self.before!r} → {self.after!r}"


# A replacement function gets the match and the locale ("en-GB" or "en-US").
_Replace = Callable[[re.Match[str], str], str]


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    replacement: _Replace


def _ordinal(number: str) -> str:
    n = int(number)
    if 10 <= n % 100 <= 20:
        return f"{number}th"
    return number + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _thousands(match: re.Match[str], _: str) -> str:
    return re.sub(_SPACE, ",", match.group(0))


def _weekday_date(match: re.Match[str], locale: str) -> str:
    """'The Thursday 16 May 2013' → 'On Thursday 16 May 2013' (en-US: 'Thursday, May 16')."""
    article, before = match.group("article"), match.group("before") or ""
    weekday = match.group("weekday")
    date = _date_text(match, locale)
    date = f"{weekday}, {date}" if locale == "en-US" else f"{weekday} {date}"
    if not article:
        return before + date
    previous = before.strip().lower()
    if previous in _PREPOSITIONS:
        return before + date  # "until the Monday 3 March" → "until Monday 3 March"
    lead = "On" if article[0].isupper() else "on"
    return f"{before}{lead} {date}"


def _date_text(match: re.Match[str], locale: str) -> str:
    day = match.group("day") + (match.group("suffix") or "")
    month, year = match.group("month"), match.group("year")
    if locale == "en-US":
        return f"{month} {day}, {year}" if year else f"{month} {day}"
    return f"{day} {month} {year}" if year else f"{day} {month}"


def _plain_date(match: re.Match[str], locale: str) -> str:
    return _date_text(match, locale)


def _after_name(match: re.Match[str]) -> bool:
    """Whether "M." follows a first name ("the director Jean M. Dupont": an initial).

    A capitalised word opening the sentence ("By M. Dupont", "Contact M. Dupont") is
    not taken for a first name: there "M." is Monsieur, by far the likelier reading.
    """
    before = match.string[: match.start()].rstrip()
    words = before.split()
    if not words or not words[-1][:1].isupper():
        return False
    return len(words) > 1 and not words[-2].endswith((".", "!", "?", ":", "“", '"'))


def _time(match: re.Match[str], _: str) -> str:
    minutes = match.group("m") or "00"
    return f"{match.group('h')}:{minutes}"


def _rule(name: str, pattern: str, replacement: str | _Replace) -> _Rule:
    if isinstance(replacement, str):
        template = replacement

        def expand(match: re.Match[str], _: str) -> str:
            return match.expand(template)

        return _Rule(name, re.compile(pattern), expand)
    return _Rule(name, re.compile(pattern), replacement)


def _dash(match: re.Match[str], locale: str) -> str:
    return "—" if locale == "en-US" else " – "


RULES: tuple[_Rule, ...] = (
    # Quotation marks: French guillemets and the spaces inside them.
    _rule("quotes", rf"«{_SPACE}*", "“"),
    _rule("quotes", rf"{_SPACE}*»", "”"),
    _rule("quotes", rf"‹{_SPACE}*", "‘"),
    _rule("quotes", rf"{_SPACE}*›", "’"),
    _rule("quotes", r"“ +", "“"),
    _rule("quotes", r" +”", "”"),
    # French spacing before high punctuation (not in a time like "10 : 30").
    _rule(
        "punctuation-space",
        rf"(?<=\S){_SPACE}+(?=[;:!?](?:\s|$|[”’)]))(?!:{_SPACE}*\d\d\b)",
        "",
    ),
    _rule("punctuation-space", rf"(?<=[”’\w]){_SPACE}+(?=[;:!?]$)", ""),
    # Numbers: decimal comma first (1 250,5 → 1 250.5), then thousands, then percent.
    _rule("decimal", r"(?<![\d,.])(\d+),(\d{1,2}|\d{4,})(?![\d,])", r"\1.\2"),
    _rule("thousands", rf"(?<![\d,.])\d{{1,3}}(?:{_SPACE}\d{{3}})+(?![\d]|{_SPACE}\d)", _thousands),
    _rule("percent", rf"(?<=\d){_SPACE}+%", "%"),
    _rule("currency", rf"(?<![\w€])(\d[\d,.]*\d|\d){_SPACE}*€", r"€\1"),
    _rule("currency", rf"(?<![\w€])(\d[\d,.]*\d|\d){_SPACE}*M€", r"€\1m"),
    # Ordinals: 1er, 1re, 2e, 3ème, 21ème (Apertium leaves some).
    _rule("ordinal", r"\b(\d+)(?:er|re|ère|ere)\b", lambda m, _: _ordinal(m.group(1))),
    _rule("ordinal", r"\b(\d+)(?:e|ème|eme|ième|ieme)\b", lambda m, _: _ordinal(m.group(1))),
    _rule("number-sign", rf"\b[nN]°{_SPACE}*(?=\d)", "No. "),
    # Titles before a capitalised name; Apertium's pivot leaves Spanish ones too.
    _rule("title", rf"\b(?:MM|Mm)\.{_NAME_AHEAD}", "Messrs"),
    _rule("title", rf"\bM\.{_NAME_AHEAD}", lambda m, _: m.group(0) if _after_name(m) else "Mr"),
    _rule("title", rf"\b(?:Mme|Mlle|Sra|Srta)\b\.?{_NAME_AHEAD}", "Ms"),
    _rule("title", rf"\bMmes\b\.?{_NAME_AHEAD}", "Mses"),
    _rule("title", rf"\bSr\.{_NAME_AHEAD}", "Mr"),
    # Times: 14 h 30, 14h30, 10 h → 14:30, 10:00.
    _rule("time", rf"\b(?P<h>[01]?\d|2[0-3]){_SPACE}?h{_SPACE}?(?P<m>[0-5]\d)\b", _time),
    # "10 h" alone is a time after "at", "from"…; elsewhere it may be a duration.
    _rule(
        "time",
        rf"\b(?P<prep>at|from|to|until|till|before|after|by|around) (?P<h>[01]?\d|2[0-3])"
        rf"{_SPACE}?h\b(?P<m>)",
        lambda m, locale: f"{m.group('prep')} {_time(m, locale)}",
    ),
    # Dates in English order, weekday without the French article.
    _rule(
        "date",
        rf"(?P<before>\b(?![Tt]he )\w+ )?(?P<article>\b[Tt]he )?(?P<weekday>{_WEEKDAYS}),? {_DATE}",
        _weekday_date,
    ),
    _rule("date", rf"(?<=, )on (?={_DATE}$)", ""),
    _rule("date", rf"\b{_DATE}", _plain_date),
    # Apostrophes one way (typographic), dashes one way per locale.
    _rule("apostrophe", r"(?<=[^\W\d_])'(?=[^\W_])", "’"),
    _rule("apostrophe", r"(?<=s)'(?= )", "’"),
    _rule("dash", rf"{_SPACE}+[-–—]{_SPACE}+", _dash),
    _rule("dash", r"(?<!\d-)\b((?:19|20)\d\d)-((?:19|20)\d\d)\b(?!-)", r"\1–\2"),
    # No-break and doubled spaces last: earlier rules read them.
    _rule("spaces", r"[\u00a0\u202f\u2007]", " "),
    _rule("spaces", r"(?<=\S)  +(?=\S)", " "),
)


def _mask(text: str, protected: Sequence[str]) -> tuple[str, list[str]]:
    """``text`` with URLs, e-mails and protected forms each replaced by one private char."""
    spans = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]
    for form in sorted({f for f in protected if f}, key=len, reverse=True):
        for match in re.finditer(re.escape(form), text):
            if not any(s < match.end() and match.start() < e for s, e in spans):
                spans.append((match.start(), match.end()))
    spans.sort()
    originals: list[str] = []
    out: list[str] = []
    cursor = 0
    for start, end in spans:
        out.append(text[cursor:start])
        out.append(chr(_MASK_BASE + len(originals)))
        originals.append(text[start:end])
        cursor = end
    out.append(text[cursor:])
    return "".join(out), originals


def _unmask(text: str, originals: Sequence[str]) -> str:
    for index, original in enumerate(originals):
        text = text.replace(chr(_MASK_BASE + index), original)
    return text


def fix_typography(
    text: str, *, protected: Sequence[str] = (), locale: str = "en-GB"
) -> tuple[str, tuple[Change, ...]]:
    """``text`` with French typography put into English, and the changes made.

    ``protected`` are exact strings never touched (glossary target forms);
    URLs and e-mail addresses are always protected. Applying it twice changes
    nothing more.
    """
    if locale not in LOCALES:
        raise ValueError(f"unknown locale {locale!r} (one of {', '.join(LOCALES)})")
    masked, originals = _mask(text, protected)
    changes: list[Change] = []
    for rule in RULES:

        def apply(match: re.Match[str], rule: _Rule = rule) -> str:
            after = rule.replacement(match, locale)
            if after != match.group(0):
                changes.append(
                    Change(rule.name, _unmask(match.group(0), originals), _unmask(after, originals))
                )
            return after

        masked = rule.pattern.sub(apply, masked)
    return _unmask(masked, originals), tuple(changes)


def _protected_forms(segment: Segment) -> list[str]:
    return [hit.target for hit in segment.terms if hit.target]


def _without_engine_marks(text: str, source: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` without Apertium's word marks, and each mark with its place in the result.

    Marks the source itself wrote (``@CNES``, ``#Ariane6``) are text and stay.
    """
    out: list[str] = []
    marks: list[tuple[int, str]] = []
    cursor = length = 0
    for match in _ENGINE_MARK.finditer(text):
        word = _WORD_AFTER.match(text, match.end())
        if word is not None and match.group() + word.group() in source:
            continue
        out.append(text[cursor : match.start()])
        length += match.start() - cursor
        marks.append((length, match.group()))
        cursor = match.end()
    out.append(text[cursor:])
    return "".join(out), marks


def _with_engine_marks(bare: str, fixed: str, marks: Sequence[tuple[int, str]]) -> str:
    """``fixed`` (a typeset ``bare``) with ``marks`` back before the words they marked.

    A mark on a word a rule rewrote goes (``*Sra`` → ``Ms``: the rule knew the word).
    """
    opcodes = difflib.SequenceMatcher(None, bare, fixed, autojunk=False).get_opcodes()
    kept = [
        (map_offset(opcodes, position, end=False), mark)
        for position, mark in marks
        if is_unchanged_at(opcodes, position)
    ]
    for position, mark in sorted(kept, reverse=True):
        fixed = fixed[:position] + mark + fixed[position:]
    return fixed


def _typeset(segment: Segment, locale: str) -> Segment:
    if segment.target is None or not segment.translate:
        return segment
    # Apertium's marks ("14 *h 30", "*Sra") are read by QA after this stage; the rules
    # must see the words without them.
    bare, marks = _without_engine_marks(segment.target, segment.source)
    fixed, changes = fix_typography(bare, protected=_protected_forms(segment), locale=locale)
    if not changes:
        return segment  # already typeset: earlier notes stay
    if marks:
        fixed = _with_engine_marks(bare, fixed, marks)
    flags = [*segment.flags]
    flags += [Flag(TYPOGRAPHY_FLAG, change.describe(), Severity.INFO) for change in changes]
    codes = remap_codes(segment.target, fixed, segment.target_codes)
    return segment.with_(target=fixed, target_codes=codes, flags=tuple(flags))


def typography(doc: Document, locale: str = "en-GB") -> Document:
    """Every translated target typeset in English, each change an INFO flag."""
    return doc.map_segments(lambda segment: _typeset(segment, locale))
