"""Non-translatable spans found without a glossary: URLs, e-mails, phones, handles, codes.

Each is protected with its own text as the target. docs/glossary-protection.md lists
what each pattern takes and leaves out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["PATTERN_KINDS", "pattern_spans"]

_URL_END = ".,;:!?»\"')]}"
_TLDS = r"(?:fr|com|org|net|int|eu|gouv\.fr|gov|edu|io|ru|de|it|es|uk|be|ch|ca|space)"
_URL_SCHEME = re.compile(r"(?<![\w@/.])(?:(?:https?|ftp)://|www\.)[^\s<>\"«»]+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w@])")
_BARE_DOMAIN = re.compile(
    rf"(?<![\w@/.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.{_TLDS}(?:/[^\s<>\"«»]*)?(?![\w@])"
)
_PHONE_FR = re.compile(
    r"(?<![\w+])(?:\+33[ \u00a0\u202f]?(?:\(0\)[ \u00a0\u202f]?)?|0)[1-9]"
    r"(?:[ \u00a0\u202f.-]?\d\d){4}(?!\w)"
)
_PHONE_INTL = re.compile(
    r"(?<![\w+])\+(?!33)\d{1,3}(?:[ \u00a0\u202f.-]?(?:\(\d{1,4}\)|\d{2,4})){2,5}(?!\w)"
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{1,30}(?![\w@])")
_HASHTAG = re.compile(r"(?<![\w#&])#(?=\w*[^\W\d_])\w+")
_EXTENSIONS = (
    r"(?i:pdf|docx?|xlsx?|pptx?|odt|ods|txt|csv|zip|jpe?g|png|gif|tiff?|mp4|mov|xml|json|html?)"
)
_FILENAME = re.compile(r"(?<![\w.-])[\w-]+(?:\.[\w-]+)*\." + _EXTENSIONS + r"(?!\w|\.\w)")
# A reference code mixes capitals and digits (A320, MSG-4, H2020) or is a capitalised
# name, a hyphen and a number (Sentinel-1A); requiring a capital first and a digit keeps
# years, ordinals (2e, XXe), words and `Ariane 5` (no hyphen) out.
_CODE = re.compile(
    r"(?<![\w-])(?:[A-Z]{1,6}-?|[A-Z][a-zà-öø-ÿ]{1,15}-)\d{1,5}[A-Z]?(?:-\d{1,3})?(?![\w-])"
)
# (kind, hint, pattern): the hint is a cheap search (no leading lookbehind, so `re`
# jumps to its first literal) that every match contains, letting prose skip the scan.
# Order is priority on equal spans; e-mail before handle so `a@b.fr` stays one span.
_PATTERNS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    ("url", re.compile(r"(?i)://|www\."), _URL_SCHEME),
    ("email", re.compile("@"), _EMAIL),
    ("url", re.compile(rf"\.{_TLDS}(?!\w)"), _BARE_DOMAIN),
    ("phone", re.compile(r"\d\d"), _PHONE_FR),
    ("phone", re.compile(r"\+\d"), _PHONE_INTL),
    ("handle", re.compile("@"), _HANDLE),
    ("hashtag", re.compile("#"), _HASHTAG),
    ("filename", re.compile(rf"\.{_EXTENSIONS}(?!\w)"), _FILENAME),
    ("code", re.compile(r"[A-Za-zà-ÿ]-?\d"), _CODE),
)
PATTERN_KINDS = tuple(dict.fromkeys(kind for kind, _, _ in _PATTERNS))


def _trim_url(span: str) -> str:
    """A URL without the sentence punctuation that follows it (a `)` only if unopened)."""
    while span and span[-1] in _URL_END:
        if span[-1] == ")" and span.count("(") >= span.count(")"):
            break
        span = span[:-1]
    return span


def pattern_spans(text: str) -> Iterator[tuple[int, int, int, str]]:
    """(start, end, priority, kind) of every pattern match; lower priority wins a tie."""
    for priority, (kind, hint, pattern) in enumerate(_PATTERNS, start=1):
        if not hint.search(text):
            continue
        for found in pattern.finditer(text):
            span = _trim_url(found.group()) if kind == "url" else found.group()
            if span:
                yield found.start(), found.start() + len(span), priority, kind
