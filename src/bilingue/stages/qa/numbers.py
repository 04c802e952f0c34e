"""Numbers, dates and times: every source number in the target, in English form, no extra.

The source is read with French conventions (``10 000``, ``1,5``, ``14h30``, ``17 mai``)
and the target with English ones (``10,000``, ``1.5``, ``2:30 pm`` or ``14:30``,
``17 May``); both become canonical values and are compared as multisets. French
formatting left in the English (``5 000 agents``, ``98,3%``, ``14h30``) is flagged
even when the value is right. Protected spans (phone numbers, codes, terms) are left
out on both sides: they are checked verbatim elsewhere.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from bilingue.document import Severity
from bilingue.stages.qa.base import QA_NUMBER, Finding, Pair, check, protected_target_spans

__all__ = ["english_values", "french_values", "numbers"]

_SPACE = "[ \u00a0\u202f]"
_MARKUP = re.compile(r"⟨[^⟨⟩\s]{0,12}⟩|XTERM\d+X|<[a-z][a-z0-9_]*>")
_FR_TIME = re.compile(rf"(?<![\w,.])(\d{{1,2}}){_SPACE}?h{_SPACE}?(\d{{2}})?(?![\w])")
# Dotted numbers come first on both sides: in French text they are versions and
# English-style decimals ("PHP 5.1", "2.0.3"), never a French decimal.
_DOTTED = r"\d+(?:\.\d+)+(?![\d.])"
_FR_NUMBER = re.compile(
    rf"(?<![\d,.]){_DOTTED}|(?<![\d,.])\d{{1,3}}(?:{_SPACE}\d{{3}}(?!\d))+(?:,\d+)?|\d+(?:,\d+)?"
)
_EN_TIME = re.compile(
    r"(?<![\w.,:])(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\b\.?|(?<![\w.,:])(\d{1,2}):(\d{2})(?![\d:])",
    re.IGNORECASE,
)
_EN_NUMBER = re.compile(
    r"(?<![\d.,])\d+(?:\.\d+){2,}(?![\d.])"
    r"|(?<![\d.,])\d{1,3}(?:,\d{3}(?!\d))+(?:\.\d+)?|\d+(?:\.\d+)?"
)
# French formatting inside English: spaced thousands, a decimal comma, "14h30".
_FR_FORMAT = re.compile(
    rf"(?<![\d,.])\d{{1,3}}(?:{_SPACE}\d{{3}}(?!\d))+|(?<![\d,])\d+,\d{{1,2}}(?![\d])"
    rf"|(?<![\w,.])\d{{1,2}}{_SPACE}?h{_SPACE}?\d{{2}}(?!\w)"
)
_FR_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        start=1,
    )
}
_EN_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
_FR_DATE = re.compile(
    r"(?<=\d)\s+(" + "|".join(_FR_MONTHS) + r")\b|\b(" + "|".join(_FR_MONTHS) + r")\s+(?=\d{4})"
)
# Any capitalised month counts in English: drafts move it away from its day ("the 9
# and 10 next November").
_EN_DATE = re.compile(r"\b(" + "|".join(_EN_MONTHS) + r")\b()")
# Numbers a translator may spell out either way ("dix ans" → "10 years", "3" → "three").
_FR_WORDS = dict(
    zip(
        [
            "un",
            "deux",
            "trois",
            "quatre",
            "cinq",
            "six",
            "sept",
            "huit",
            "neuf",
            "dix",
            "onze",
            "douze",
            "treize",
            "quatorze",
            "quinze",
            "seize",
            "vingt",
            "trente",
            "cent",
            "mille",
        ],
        [*range(1, 17), 20, 30, 100, 1000],
        strict=True,
    )
)
_EN_WORDS = dict(
    zip(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "twenty",
            "thirty",
            "hundred",
            "thousand",
        ],
        [*range(1, 17), 20, 30, 100, 1000],
        strict=True,
    )
)


def _canonical(digits: str, decimal_mark: str) -> str:
    if re.fullmatch(_DOTTED, digits) and (digits.count(".") > 1 or decimal_mark == ","):
        # A version, or a dotted decimal in French text: read it the English way.
        return digits if digits.count(".") > 1 else _canonical(digits, ".")
    thousands = "." if decimal_mark == "," else ","
    text = re.sub(_SPACE, "", digits).replace(thousands, "").replace(decimal_mark, ".")
    try:
        return format(Decimal(text).normalize(), "f")
    except InvalidOperation:
        return text


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _values(
    text: str, time: re.Pattern[str], number: re.Pattern[str], mark: str, english: bool
) -> Counter[tuple[str, int]]:
    """Canonical values with their offset: times "t14:30" first, then the other numbers."""
    found: list[tuple[str, int]] = []
    consumed: list[tuple[int, int]] = []
    for m in time.finditer(text):
        if english:
            if m.group(3):
                hour = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0)
                minutes = int(m.group(2) or 0)
            else:
                hour, minutes = int(m.group(4)), int(m.group(5))
        else:
            hour, minutes = int(m.group(1)), int(m.group(2) or 0)
        if hour < 24 and minutes < 60:
            found.append((f"t{hour % 12}:{minutes:02d}", m.start()))
            consumed.append(m.span())
    rest = _blank(text, consumed)
    found += [(_canonical(m.group(), mark), m.start()) for m in number.finditer(rest)]
    return Counter(found)


def french_values(text: str) -> Counter[str]:
    """Canonical numbers and times of French text (``14h30`` → ``t2:30``)."""
    return Counter(v for v, _ in _values(text, _FR_TIME, _FR_NUMBER, ",", False))


def english_values(text: str) -> Counter[str]:
    """Canonical numbers and times of English text, French formats read too."""
    values = _values(text, _EN_TIME, _EN_NUMBER, ".", True)
    french = _values(text, _FR_TIME, _FR_FORMAT, ",", False)
    return Counter(v for v, _ in values) if not french else _merge(text, values, french)


def _merge(
    text: str, values: Counter[tuple[str, int]], french: Counter[tuple[str, int]]
) -> Counter[str]:
    """English reading, except where a French format covers the text ("5 000", "98,3")."""
    spans = [m.span() for m in _FR_FORMAT.finditer(text)]
    kept = [v for v, at in values if not any(s <= at < e for s, e in spans)]
    return Counter(kept + [v for v, at in french if any(s <= at < e for s, e in spans)])


def _months(pattern: re.Pattern[str], names: dict[str, int], text: str) -> Counter[int]:
    return Counter(names[m.group(1) or m.group(2)] for m in pattern.finditer(text))


def _spelled(text: str, words: dict[str, int]) -> Counter[str]:
    return Counter(
        str(words[w.lower()]) for w in re.findall(r"[^\W\d_]+", text) if w.lower() in words
    )


@check(QA_NUMBER, Severity.ERROR)
def numbers(pair: Pair) -> Iterator[Finding]:
    """Numbers, dates or times differ from the source, or keep French formatting."""
    source = _blank(pair.source, [(h.start, h.end) for h in pair.terms] + _links(pair.source))
    # Links and engine markup (`⟨1⟩`) are other checks' business.
    target = _blank(
        pair.target, protected_target_spans(pair) + _links(pair.target) + list(pair.leftovers)
    )
    target = _MARKUP.sub(lambda m: " " * len(m.group()), target)
    expected, found = french_values(source), english_values(target)
    missing = expected - found - _spelled(target, _EN_WORDS)
    extra = found - expected - _spelled(source, _FR_WORDS)
    problems: list[str] = []
    spans: list[tuple[int, int]] = []
    if missing:
        problems.append("missing " + ", ".join(_show(v) for v in missing.elements()))
    if extra:
        problems.append("not in the source " + ", ".join(_show(v) for v in extra.elements()))
        shown = set(extra)
        spans += [
            m.span() for m in _EN_NUMBER.finditer(target) if _canonical(m.group(), ".") in shown
        ]
    french_formats = list(_FR_FORMAT.finditer(target))
    if french_formats:
        problems.append("French format " + ", ".join(m.group() for m in french_formats))
        spans += [m.span() for m in french_formats]
    month_missing = _months(_FR_DATE, _FR_MONTHS, source) - _months(_EN_DATE, _EN_MONTHS, target)
    if month_missing:
        names = {v: k for k, v in _EN_MONTHS.items()}
        problems.append("month missing " + ", ".join(names[m] for m in month_missing.elements()))
    if problems:
        yield Finding("numbers: " + "; ".join(problems), tuple(sorted(set(spans))))


def _links(text: str) -> list[tuple[int, int]]:
    from bilingue.glossary.match import find_pattern_spans

    kinds = ("url", "email", "phone", "handle", "hashtag", "filename")
    return [(m.start, m.end) for m in find_pattern_spans(text) if m.kind in kinds]


def _show(value: str) -> str:
    return value[1:] if value.startswith("t") else value
