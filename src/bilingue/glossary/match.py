"""Finding protected spans in French text: glossary terms and non-translatable strings.

A glossary is compiled once into a :class:`Matcher`; :func:`find_matches` then scans a
text in one pass over its words (:func:`find_protected_spans` finds the patterns
alone). Text and entries are compared word by word on a folded form
(compatibility-decomposed, accents and apostrophe variants unified, case folded unless
the entry is case-sensitive), so ``Baikonour`` finds ``Baïkonour``, ``Vega C`` finds
``Vega-C`` and a term broken over two lines is still found. The text itself is never
normalised, only each word's copy is folded, so offsets always refer to the original
text, NFC or NFD. (One regex for the whole glossary was the alternative: Python's
``re`` tries every alternative at every position, 5x slower or more at 2,000 entries,
and accent classes such as ``[eé]`` miss decomposed input.)

Rules worth knowing (docs/glossary-protection.md says why):

- words are runs of letters, digits and ``_``; whitespace (any amount, line breaks
  included) and the hyphens ``-`` ``‐`` ``‑`` separate words and are interchangeable;
  every other character is a word of its own;
- a match starts and ends on word boundaries, so ``ESA`` is not found in ``RESA``;
  after an elided article (``l’ESA``, ``d’Exomars``) the match starts after the
  apostrophe and the article stays in the text;
- no plural folding: ``lanceurs`` is not ``lanceur`` (its English differs), so a
  plural the glossary must protect is an entry of its own; names are invariable
  (``les Soyouz``), and a wrong guess would be silent while a miss is flagged;
- URLs, e-mail addresses, phone numbers, @handles, #hashtags, file names and
  reference codes are protected with their own text as the target;
- overlapping candidates: the longest wins, then the earliest.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from bilingue.errors import GlossaryError
from bilingue.glossary.model import Glossary, GlossaryEntry

__all__ = [
    "PATTERN_KINDS",
    "Match",
    "Matcher",
    "compile_matcher",
    "find_matches",
    "find_protected_spans",
    "fold",
]

APOSTROPHES = "'’ʼ‘`´′"
_HYPHENS = r"\-‐‑"  # hyphen-minus, hyphen, non-breaking hyphen; dashes are punctuation
# Letters, digits and `_` (as `\w`: CNES_x is no CNES), plus combining marks so
# decomposed (NFD) input stays one word.
_MARKS = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
# ʼ (U+02BC) is a letter to Unicode but an apostrophe in French text (lʼESA).
_TOKEN = re.compile(rf"(?:[^\Wʼ]+{_MARKS}*)+|[^\s{_HYPHENS}]")
# Ligatures NFKD leaves alone but French writes both ways (œuvre / oeuvre).
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
_APOSTROPHE_MAP = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))

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


@dataclass(frozen=True)
class Match:
    """One protected span of a text: ``text`` is ``source[start:end]`` as written there."""

    start: int
    end: int
    text: str
    target: str
    kind: str  # the entry's type, or one of PATTERN_KINDS
    entry_source: str  # the glossary entry's canonical source; "" for PATTERN_KINDS


@dataclass(frozen=True)
class _Form:
    """One way to write an entry (its source or a variant), as folded words."""

    keys: tuple[str, ...]
    cased: tuple[str, ...]
    joined: tuple[bool, ...]  # per word after the first
    exact: str  # NFC with apostrophes unified, to prefer the literal form on ties
    case_sensitive: bool
    entry: GlossaryEntry
    order: int


@dataclass(frozen=True, eq=False)
class Matcher:
    """A compiled glossary: every form indexed by its first folded word."""

    index: dict[str, tuple[_Form, ...]]
    entries: int


def fold(text: str, *, keep_case: bool = False) -> str:
    """The form words are compared on: no accents, ligatures split, one apostrophe."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.translate(_APOSTROPHE_MAP)
    return bare if keep_case else bare.casefold()


@lru_cache(maxsize=1 << 16)
def _fold_word(raw: str) -> tuple[str, str]:
    """(key, cased) of one word; words repeat, so this is cached."""
    cased = raw.replace("`", "'") if raw.isascii() else fold(raw, keep_case=True)
    return cased.casefold(), cased


def _folded_words(text: str) -> list[tuple[str, str]]:
    """(key, cased) of each word of ``text``; ``findall`` keeps the loop in C."""
    return [_fold_word(raw) for raw in _TOKEN.findall(text)]


def _spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word, aligned with :func:`_folded_words`."""
    return [token.span() for token in _TOKEN.finditer(text)]


def _exact(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).translate(_APOSTROPHE_MAP).split())


def _form(written: str, entry: GlossaryEntry, order: int) -> _Form:
    words = _folded_words(written)
    if not words:
        raise GlossaryError(
            f"entry {entry.source!r} has nothing to match in {written!r}",
            hint="give the entry (or variant) a source with at least one letter or sign",
        )
    spans = _spans(written)
    return _Form(
        keys=tuple(key for key, _ in words),
        cased=tuple(cased for _, cased in words),
        joined=tuple(spans[k][0] == spans[k - 1][1] for k in range(1, len(spans))),
        exact=_exact(written),
        case_sensitive=entry.case_sensitive,
        entry=entry,
        order=order,
    )


def compile_matcher(glossary: Glossary) -> Matcher:
    """Index every entry's source and variants; raise GlossaryError on an empty form."""
    index: dict[str, list[_Form]] = {}
    for order, entry in enumerate(glossary.entries):
        for written in dict.fromkeys((entry.source, *entry.variants)):
            form = _form(written, entry, order)
            index.setdefault(form.keys[0], []).append(form)
    return Matcher(
        index={key: tuple(forms) for key, forms in index.items()}, entries=len(glossary.entries)
    )


def _fits(form: _Form, words: list[tuple[str, str]], spans: list[tuple[int, int]], i: int) -> bool:
    """Whether ``form`` is written at word ``i``: same words, same joins, case if exact."""
    n = len(form.keys)
    if i + n > len(words):
        return False
    for k in range(1, n):
        joined = spans[i + k][0] == spans[i + k - 1][1]
        if words[i + k][0] != form.keys[k] or joined != form.joined[k - 1]:
            return False
    return not form.case_sensitive or all(words[i + k][1] == form.cased[k] for k in range(n))


# A candidate: (start, end, rank on equal spans (lower wins), Match).
_Candidate = tuple[int, int, tuple[int, int, int], Match]


def _glossary_candidates(text: str, matcher: Matcher) -> Iterator[_Candidate]:
    index = matcher.index
    words = _folded_words(text)
    firsts = [i for i, (key, _) in enumerate(words) if key in index]
    if not firsts:
        return  # most segments: no need to locate the words
    spans = _spans(text)
    for i in firsts:
        for form in index[words[i][0]]:
            if not _fits(form, words, spans, i):
                continue
            # Words are maximal runs of word characters, so a match built from
            # whole words starts and ends on word boundaries (`ESA` is not in `RESA`).
            start, end = spans[i][0], spans[i + len(form.keys) - 1][1]
            written = text[start:end]
            literal = _exact(written) == form.exact
            rank = (0, 0 if literal else 1, (0 if form.case_sensitive else 1) * 10**6 + form.order)
            entry = form.entry
            target = _target_for(written, entry)
            kind = entry.type or "term"
            yield start, end, rank, Match(start, end, written, target, kind, entry.source)


def _target_for(written: str, entry: GlossaryEntry) -> str:
    """The entry's target, capitalised where a lowercase term opens a sentence."""
    target = entry.target
    if (
        written[:1].isupper()
        and not written.isupper()
        and entry.source[:1].islower()
        and target[:1].islower()
    ):
        return target[:1].upper() + target[1:]
    return target


def _trim_url(span: str) -> str:
    """A URL without the sentence punctuation that follows it (a `)` only if unopened)."""
    while span and span[-1] in _URL_END:
        if span[-1] == ")" and span.count("(") >= span.count(")"):
            break
        span = span[:-1]
    return span


def _pattern_candidates(text: str) -> Iterator[_Candidate]:
    for priority, (kind, hint, pattern) in enumerate(_PATTERNS, start=1):
        if not hint.search(text):
            continue
        for found in pattern.finditer(text):
            span = _trim_url(found.group()) if kind == "url" else found.group()
            if not span:
                continue
            start, end = found.start(), found.start() + len(span)
            yield start, end, (priority, 0, 0), Match(start, end, span, span, kind, "")


def _merge(candidates: Iterable[_Candidate]) -> list[Match]:
    """The longest candidates first, then the earliest, skipping any that overlap."""
    ordered = sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2]))
    starts: list[int] = []  # of the matches taken, sorted; they never overlap
    taken: list[Match] = []
    for start, end, _, match in ordered:
        at = bisect.bisect_right(starts, start)
        if at and taken[at - 1].end > start:
            continue  # overlaps the taken match starting at or before it
        if at < len(starts) and starts[at] < end:
            continue  # overlaps the next one
        starts.insert(at, start)
        taken.insert(at, match)
    return taken


def find_matches(text: str, matcher: Matcher) -> list[Match]:
    """Protected spans of ``text``: sorted, non-overlapping, longest first then earliest.

    Glossary terms and non-translatable patterns compete on the same terms. On equal
    spans a pattern (URL, e-mail…) loses to a glossary entry, and among entries the
    one written exactly as in the text wins, then a case-sensitive one, then the one
    listed first.
    """
    return _merge([*_glossary_candidates(text, matcher), *_pattern_candidates(text)])


def find_protected_spans(text: str) -> list[Match]:
    """Non-translatable spans alone (URLs, e-mails, phones, handles, codes…), merged alike."""
    return _merge(_pattern_candidates(text))
