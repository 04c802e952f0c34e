"""Words left untranslated: French kept in the English, Spanish from a pivot, or the whole.

Two independent sources of evidence, so an engine without marks is still checked:

- the engine's own unknown-word marks (``Pair.unknown``, from Apertium);
- word lists (wordfreq): a target word rare in English but common in French or
  Spanish, or a source word copied into the target that English does not use.

Names are not words to translate: a capitalised word written the same in the source
(Popovkine), and every protected form (terms, names, URLs), are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from bilingue.document import Severity
from bilingue.frequency import zipf as frequency_zipf
from bilingue.stages.qa.base import QA_UNTRANSLATED, Finding, Pair, check, protected_target_spans

__all__ = ["ENGLISH_KNOWN", "FOREIGN_COMMON", "suspect_words", "untranslated"]

# Zipf thresholds, set on the Apertium output of real releases (tests/qa_eval): an
# English word sits above 3.2 ("format" 4.5, "voices" 4.4; "travers", 3.07, is
# French left over, English only as a surname), the French words
# Apertium leaves sit below 1 in English ("jongler", "identifiants", "revêt": 0.0),
# and a French or Spanish word worth flagging is at least this common in its language.
ENGLISH_KNOWN = 3.2
FOREIGN_COMMON = 1.5
_MARGIN = 1.0  # foreign frequency must beat English by this much
# A source word copied into the target is left over when English barely knows it.
_COPIED_ENGLISH_MAX = 2.0
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Letters English never writes but Spanish does: an Apertium pivot leftover.
_SPANISH_ONLY = frozenset("ñáíóú¿¡")


@lru_cache(maxsize=1 << 15)
def _zipf(word: str, lang: str) -> float:
    return frequency_zipf(word, lang)


def _language(word: str, copied: bool) -> str:
    """ "French", "Spanish" or "" (not suspect) for one lowercase target word."""
    english = _zipf(word, "en")
    if any(c in _SPANISH_ONLY for c in word) and english < ENGLISH_KNOWN:
        return "Spanish"
    if english >= ENGLISH_KNOWN:
        return ""
    french, spanish = _zipf(word, "fr"), _zipf(word, "es")
    foreign = max(french, spanish)
    if foreign >= FOREIGN_COMMON and foreign - english >= _MARGIN:
        return "French" if french >= spanish else "Spanish"
    if copied and len(word) >= 4 and english < _COPIED_ENGLISH_MAX:
        return "French"
    return ""


def _fold(word: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)
    ).casefold()


def suspect_words(pair: Pair) -> list[tuple[int, int, str]]:
    """(start, end, language) of each target word that looks untranslated."""
    protected = protected_target_spans(pair) + _links(pair.target) + _copied_names(pair)
    source_words = {m.group() for m in _WORD.finditer(pair.source)}
    source_lower = {w.lower() for w in source_words}
    folded_source = {_fold(w) for w in source_words}
    found: dict[tuple[int, int], str] = {}
    for start, end in pair.unknown:
        word = pair.target[start:end]
        if len(word) < 2 or any(c.isdigit() for c in word):
            continue  # a lone letter ("x,y,z") or a number ("14h30") is no word to translate
        if word[:1].isupper() and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", pair.source):
            continue  # a name the engine did not know ("PHP-Java"), rightly left alone
        if _zipf(word.lower(), "en") >= ENGLISH_KNOWN:
            continue  # English already ("open source", "frameworks" in the French)
        if len(word) <= 3 and not _language(word.lower(), False):
            continue  # "sce": an abbreviation, no word a reviewer could translate
        if any(s <= start and end <= e for s, e in protected):
            continue
        copied = word.lower() in source_lower
        found[(start, end)] = "French" if copied else (_language(word.lower(), False) or "Spanish")
    for match in _WORD.finditer(pair.target):
        start, end = match.span()
        word = match.group()
        if (start, end) in found or len(word) < 3:
            continue
        if any(s <= start and end <= e for s, e in protected):
            continue
        if (
            word[:1].isupper()
            and any(c in _SPANISH_ONLY for c in word.lower())
            and word not in pair.source
            and _fold(word) not in folded_source
        ):
            found[(start, end)] = "Spanish"  # "Ródano-Alps" for "Rhône-Alpes": the pivot's
            continue
        if word[:1].isupper() and (
            word in source_words or not word[1:].islower() or _fold(word) in folded_source
        ):
            continue  # names and acronyms (even accented by the pivot: qa-name says so)
        if "-" in word:
            # "word-dièse": the French half is the word to find.
            lowered = [w.lower() for w in word.split("-")]
            if any(_language(w, w in source_lower) for w in lowered):
                found[(start, end)] = "French"
            continue
        language = _language(word.lower(), word.lower() in source_lower)
        if language:
            found[(start, end)] = language
    return [(s, e, lang) for (s, e), lang in sorted(found.items())]


def _links(text: str) -> list[tuple[int, int]]:
    from bilingue.glossary.match import find_pattern_spans

    return [(m.start, m.end) for m in find_pattern_spans(text)]


def _copied_names(pair: Pair) -> list[tuple[int, int]]:
    """Target runs copied verbatim from the source from a capitalised word on, two words
    or more ("Palais des congrès"): a named place or body, kept in French on purpose."""
    from bilingue.stages.names import find_names

    spans: list[tuple[int, int]] = []
    names = {n.text.split()[0] for n in find_names(pair.source)}
    # A titlecase word that is no name of its own ("Palais", "Centre") opens the run:
    # after a name ("AFUP propulse") the next word is just a word left untranslated.
    for match in re.finditer(r"(?<!\w)[^\W\d_a-zà-ÿ][a-zà-ÿ]+", pair.target):
        if match.group() in names:
            continue
        for at in (m.start() for m in re.finditer(re.escape(match.group()), pair.source)):
            size = 0
            rest_t, rest_s = pair.target[match.start() :], pair.source[at:]
            while size < min(len(rest_t), len(rest_s)) and rest_t[size] == rest_s[size]:
                size += 1
            copied = rest_t[:size]
            if size < len(rest_t) and rest_t[size : size + 1].isalnum():
                copied = re.sub(r"\W*\w*$", "", copied)  # stop at the last whole word
            if len(copied.split()) >= 2:
                spans.append((match.start(), match.start() + len(copied)))
    return spans


def _same_as_source(pair: Pair) -> bool:
    """A target identical to a source that has French words in it."""
    if _fold(pair.target.strip()) != _fold(pair.source.strip()):
        return False
    links = _links(pair.source)
    return any(
        _language(m.group().lower(), True)
        for m in _WORD.finditer(pair.source)
        if not m.group()[:1].isupper() and not any(s <= m.start() < e for s, e in links)
    )


@check(QA_UNTRANSLATED, Severity.ERROR)
def untranslated(pair: Pair) -> Iterator[Finding]:
    """Words left untranslated (French or Spanish in the English)."""
    if pair.target.strip() and _same_as_source(pair):
        yield Finding("not translated: the target is the source", ((0, len(pair.target)),))
        return
    words = suspect_words(pair)
    if not words:
        return
    by_language: dict[str, list[str]] = {}
    for start, end, language in words:
        by_language.setdefault(language, []).append(pair.target[start:end])
    shown = "; ".join(
        f"{', '.join(dict.fromkeys(found))} ({language})" for language, found in by_language.items()
    )
    yield Finding(f"untranslated: {shown}", tuple((s, e) for s, e, _ in words))
