"""Finding protected spans in French text: glossary terms and non-translatable strings.

A glossary is compiled once into a :class:`Matcher`; :func:`find_matches` then scans a
text in one pass over its words. Text and entries are compared word by word on a
folded form (compatibility-decomposed, accents and apostrophe variants unified, case
folded), so ``Baikonour`` finds ``Baïkonour``, ``Vega C`` finds ``Vega-C`` and a term
broken over two lines is still found; the entry's case rule then decides whether the
letter case fits. The text itself is never normalised, only each word's copy is
folded, so offsets always refer to the original text, NFC or NFD, soft hyphens and
zero-width characters included. (One regex for the whole glossary was the
alternative: Python's ``re`` tries every alternative at every position, 5x slower or
more at 2,000 entries, and accent classes such as ``[eé]`` miss decomposed input.)

Rules worth knowing (docs/glossary-protection.md says why):

- words are runs of letters, digits and ``_``; whitespace (any amount, line breaks
  included) and the hyphens ``-`` ``‐`` ``‑`` separate words and are interchangeable;
  soft hyphens and zero-width characters are ignored; every other character is a
  word of its own;
- a match starts and ends on word boundaries, so ``ESA`` is not found in ``RESA``;
  after an elided article (``l’ESA``, ``d’Exomars``) the match starts after the
  apostrophe and the article stays in the text;
- case: ``exact`` entries match only as written, ``capitals`` entries wherever their
  capitals are capitals (``Mars``, ``MARS``, not ``mars``; not in an all-caps line,
  where case tells nothing), the others in any case; all-caps sources default to
  ``capitals``;
- ``term`` entries also match their French plural (``orbites géostationnaires``), and
  their target becomes the English plural; names are invariable;
- an entry whose ``not_context`` word is in the text matches in the wrong sense: the
  match is reported apart (:attr:`Match.wrong_sense`), never protected;
- URLs, e-mail addresses, phone numbers, @handles, #hashtags, file names and
  reference codes are protected with their own text as the target;
- overlapping candidates: the longest wins, then the earliest.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from bilingue.errors import GlossaryError
from bilingue.glossary.forms import english_plural, french_plurals, plural_heads, visible
from bilingue.glossary.model import CaseRule, Glossary, GlossaryEntry
from bilingue.glossary.patterns import PATTERN_KINDS, pattern_spans

__all__ = [
    "PATTERN_KINDS",
    "Match",
    "Matcher",
    "compile_matcher",
    "find_matches",
    "find_pattern_spans",
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

Words = list[tuple[str, str]]  # (key, cased) per word


@dataclass(frozen=True)
class Match:
    """One protected span of a text: ``text`` is ``source[start:end]`` as written there."""

    start: int
    end: int
    text: str
    target: str
    kind: str  # the entry's type, or one of PATTERN_KINDS
    entry_source: str  # the glossary entry's canonical source; "" for PATTERN_KINDS
    # The entry itself (None for PATTERN_KINDS); entry_source already identifies it.
    entry: GlossaryEntry | None = field(default=None, compare=False)
    plural: bool = False  # a French plural of the entry: ``target`` is the English plural
    wrong_sense: str = ""  # the entry's not_context word found in the text, if any


@dataclass(frozen=True)
class _Form:
    """One way to write an entry (its source or a variant), as folded words."""

    keys: tuple[str, ...]
    plurals: tuple[tuple[str, ...], ...]  # per word: its plural keys (none if invariable)
    cased: tuple[str, ...]
    joined: tuple[bool, ...]  # per word after the first
    exact: str  # NFC with apostrophes unified, to prefer the literal form on ties
    rule: CaseRule
    entry: GlossaryEntry
    order: int


@dataclass(frozen=True, eq=False)
class Matcher:
    """A compiled glossary: every form indexed by each folded word it may start with."""

    index: dict[str, tuple[_Form, ...]]
    entries: int
    cues: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]  # source → (cue, its keys)


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


def _folded_words(text: str) -> Words:
    """(key, cased) of each word of ``text``; ``findall`` keeps the loop in C."""
    return [_fold_word(raw) for raw in _TOKEN.findall(text)]


def _spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word, aligned with :func:`_folded_words`."""
    return [token.span() for token in _TOKEN.finditer(text)]


def _exact(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).translate(_APOSTROPHE_MAP).split())


def _form(written: str, entry: GlossaryEntry, order: int) -> _Form:
    clean, _ = visible(written)
    words = _folded_words(clean)
    if not words:
        raise GlossaryError(
            f"entry {entry.source!r} has nothing to match in {written!r}",
            hint="give the entry (or variant) a source with at least one letter or sign",
        )
    spans = _spans(clean)
    keys = tuple(key for key, _ in words)
    heads = plural_heads(list(keys)) if entry.numbered else [False] * len(keys)
    return _Form(
        keys=keys,
        plurals=tuple(
            french_plurals(key) if head else () for key, head in zip(keys, heads, strict=True)
        ),
        cased=tuple(cased for _, cased in words),
        joined=tuple(spans[k][0] == spans[k - 1][1] for k in range(1, len(spans))),
        exact=_exact(clean),
        rule=entry.case_rule,
        entry=entry,
        order=order,
    )


def compile_matcher(glossary: Glossary) -> Matcher:
    """Index every entry's source and variants; raise GlossaryError on an empty form."""
    index: dict[str, list[_Form]] = {}
    cues: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
    for order, entry in enumerate(glossary.entries):
        for written in dict.fromkeys((entry.source, *entry.variants)):
            form = _form(written, entry, order)
            for first in dict.fromkeys((form.keys[0], *form.plurals[0])):
                index.setdefault(first, []).append(form)
        folded = [(cue, tuple(k for k, _ in _folded_words(cue))) for cue in entry.not_context]
        if any(keys for _, keys in folded):
            cues[entry.source] = tuple((cue, keys) for cue, keys in folded if keys)
    return Matcher(
        index={key: tuple(forms) for key, forms in index.items()},
        entries=len(glossary.entries),
        cues=cues,
    )


def _has_lower(cased: str) -> bool:
    return any(c.islower() for c in cased)


def _shouting(words: Words, first: int, last: int) -> bool:
    """Whether the words around ``first..last`` are all caps (a headline): no case clue."""
    before = next((w for w in reversed(words[:first]) if _has_letters(w[1])), None)
    after = next((w for w in words[last + 1 :] if _has_letters(w[1])), None)
    return not any(w is not None and _has_lower(w[1]) for w in (before, after))


def _has_letters(cased: str) -> bool:
    return any(c.isalpha() for c in cased)


def _same_case(written: str, expected: str) -> bool:
    """Whether each letter of ``written`` has the case it has in ``expected`` (a plural
    ending, beyond ``expected``'s length, follows the letter before it)."""
    pairs = zip(written, expected + expected[-1:] * (len(written) - len(expected)), strict=False)
    return all(w.isupper() == e.isupper() for w, e in pairs)


def _capitals_kept(written: str, expected: str) -> bool:
    """Whether every capital of ``expected`` is a capital in ``written`` (plural or not)."""
    return all(w.isupper() for w, e in zip(written, expected, strict=False) if e.isupper())


def _case_fits(form: _Form, words: Words, i: int) -> bool:
    n = len(form.keys)
    if form.rule is CaseRule.INSENSITIVE:
        return True
    if form.rule is CaseRule.EXACT:
        return all(_same_case(words[i + k][1], form.cased[k]) for k in range(n))
    if not all(_capitals_kept(words[i + k][1], form.cased[k]) for k in range(n)):
        return False
    # Written in capitals where the entry has small letters: only a name in a
    # mixed-case sentence (`la station MIR`) says which word it is; a headline does not.
    lowered = any(_has_lower(form.cased[k]) and not _has_lower(words[i + k][1]) for k in range(n))
    return not lowered or not _shouting(words, i, i + n - 1)


def _fit(form: _Form, words: Words, spans: list[tuple[int, int]], i: int) -> int:
    """-1 if ``form`` is not written at word ``i``; else 1 for a plural, 0 otherwise."""
    n = len(form.keys)
    if i + n > len(words):
        return -1
    plural = False
    for k in range(n):
        key = words[i + k][0]
        if key != form.keys[k]:
            if key not in form.plurals[k]:
                return -1
            plural = True
        if k and (spans[i + k][0] == spans[i + k - 1][1]) != form.joined[k - 1]:
            return -1
    return int(plural) if _case_fits(form, words, i) else -1


def _wrong_sense(entry: GlossaryEntry, words: Words, matcher: Matcher) -> str:
    """The first of the entry's not_context cues the text holds, or ""."""
    keys = [key for key, _ in words]
    for cue, cue_keys in matcher.cues.get(entry.source, ()):
        n = len(cue_keys)
        if any(tuple(keys[i : i + n]) == cue_keys for i in range(len(keys) - n + 1)):
            return cue
    return ""


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
            plural = _fit(form, words, spans, i)
            if plural < 0:
                continue
            # Words are maximal runs of word characters, so a match built from
            # whole words starts and ends on word boundaries (`ESA` is not in `RESA`).
            start, end = spans[i][0], spans[i + len(form.keys) - 1][1]
            written = text[start:end]
            # On equal spans: as written, then folded, then a plural; case-sensitive first.
            closeness = 2 if plural else 0 if _exact(written) == form.exact else 1
            sensitive = form.rule is not CaseRule.INSENSITIVE
            rank = (0, closeness, (0 if sensitive else 1) * 10**6 + form.order)
            entry = form.entry
            yield (
                start,
                end,
                rank,
                Match(
                    start,
                    end,
                    written,
                    _target_for(written, entry, plural=bool(plural)),
                    entry.type or "term",
                    entry.source,
                    entry,
                    bool(plural),
                    _wrong_sense(entry, words, matcher) if entry.not_context else "",
                ),
            )


def _target_for(written: str, entry: GlossaryEntry, *, plural: bool) -> str:
    """The entry's target (its plural for a plural match), capitalised where a lowercase
    term opens a sentence."""
    target = (entry.plural or english_plural(entry.target)) if plural else entry.target
    if (
        written[:1].isupper()
        and not written.isupper()
        and entry.source[:1].islower()
        and target[:1].islower()
    ):
        return target[:1].upper() + target[1:]
    return target


def _pattern_candidates(text: str) -> Iterator[_Candidate]:
    for start, end, priority, kind in pattern_spans(text):
        span = text[start:end]
        yield start, end, (priority, 0, 0), Match(start, end, span, span, kind, "")


def _merge(*groups: Sequence[_Candidate]) -> list[Match]:
    """The longest candidates first, then the earliest, skipping any that overlap; a later
    group only fills the room earlier groups left."""
    starts: list[int] = []  # of the matches taken, sorted; they never overlap
    taken: list[Match] = []
    for group in groups:
        for start, end, _, match in sorted(group, key=lambda c: (c[0] - c[1], c[0], c[2])):
            at = bisect.bisect_right(starts, start)
            if at and taken[at - 1].end > start:
                continue  # overlaps the taken match starting at or before it
            if at < len(starts) and starts[at] < end:
                continue  # overlaps the next one
            starts.insert(at, start)
            taken.insert(at, match)
    return taken


def _mapped(match: Match, original: str, offsets: list[int]) -> Match:
    """``match`` (found in the visible text) with offsets and text of the original."""
    start, end = offsets[match.start], offsets[match.end - 1] + 1
    return Match(
        start,
        end,
        original[start:end],
        match.target,
        match.kind,
        match.entry_source,
        match.entry,
        match.plural,
        match.wrong_sense,
    )


def find_matches(text: str, matcher: Matcher) -> list[Match]:
    """Protected spans of ``text``: sorted, non-overlapping, longest first then earliest.

    Glossary terms and non-translatable patterns compete on the same terms. On equal
    spans a pattern (URL, e-mail…) loses to a glossary entry, and among entries the
    one written exactly as in the text wins, then a case-sensitive one, then the one
    listed first. Matches in the wrong sense (``wrong_sense`` set) only take the room
    the others leave. Soft hyphens and zero-width characters are ignored; offsets and
    ``Match.text`` still refer to ``text`` as given.
    """
    clean, offsets = visible(text)
    candidates = [*_glossary_candidates(clean, matcher), *_pattern_candidates(clean)]
    right = [c for c in candidates if not c[3].wrong_sense]
    wrong = [c for c in candidates if c[3].wrong_sense]
    matches = _merge(right, wrong)
    if offsets is None:
        return matches
    return [_mapped(match, text, offsets) for match in matches]


def find_pattern_spans(text: str) -> list[Match]:
    """Non-translatable spans alone (URLs, e-mails, phones, handles, codes…), merged as
    :func:`find_matches` merges them; the QA checks compare these between source and target."""
    return _merge(list(_pattern_candidates(text)))
