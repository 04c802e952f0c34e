"""Names in French text that a translation must carry unchanged: people, acronyms, code names.

One rule shared by the protect stage (which hands the names to the engine as kept
spans, so Apertium cannot turn "Joël Barre" into "Joël Fences in" or ".NET" into
".Clean") and the QA name check (which proves they came through). A name is:

- a **person**: a known first name (gender-guesser's lists, which cover French and
  European names) followed by one to three capitalised words, with the particles
  ``de``/``du``/``le``/``la``/``van``/``von``… allowed between them ("Jean-Yves Le
  Gall", "Joël Barre", "Adrian Valente"): the surname may be a dictionary word, which
  is exactly what an engine bends;
- an **acronym**: two or more capitals, digits allowed (CNES, ADCS, PHP5), unless the
  segment is written in capitals (a shouted heading is words, not acronyms);
- a **code name**: a word with a capital after a lowercase letter or a leading dot
  (iPhone, .NET, eBay);
- a **rare capitalised word** not opening a sentence (Popovkine, Roscosmos): rare
  in French by wordfreq, so a name rather than a word the English needs translated.

Capitalised dictionary words alone ("Centre Spatial Guyanais", "Moscou") are left to the
engine and the glossary: they have English forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from bilingue.collector import collector_paused
from bilingue.document import Document, Segment, TermHit
from bilingue.usercache import cached_lines

__all__ = [
    "NAME_KIND",
    "RARE_ZIPF",
    "NameSpan",
    "find_names",
    "is_first_name",
    "protect_names",
    "protect_names_segment",
]

# TermHit.kind of a name protected as itself; not "name", a glossary entry type whose
# target may differ ("Vladimir Popovkine" → "Vladimir Popovkin").
NAME_KIND = "kept-name"
# Zipf below which a capitalised word is a name, not French vocabulary: "Popovkine" 0,
# "Roscosmos" 1.8, "Valente" 2.1, while "Kourou" (2.75) and "Moscou" (4.4) have
# English forms the engine or the glossary supply.
RARE_ZIPF = 2.3

# Apostrophes end a word: the name in "l’ESA" or "d'ADCS" starts after them.
_WORD = re.compile(r"\.?[^\W\d_][\w&.+-]*|\d\w*")
_PARTICLES = frozenset({"de", "du", "des", "le", "la", "van", "von", "der", "di", "da", "del"})
_SENTENCE_OPENERS = frozenset('.!?:;«“"(—–-•*')
_MAX_SURNAME_WORDS = 3
# After a particle, a capitalised word this common is a place or thing ("de la
# Station"), not a surname ("de Gaulle" is 4.2).
_COMMON_AFTER_PARTICLE = 4.5


@dataclass(frozen=True)
class NameSpan:
    start: int
    end: int
    text: str
    why: str  # "person", "acronym", "code", "rare"


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """Every first name gender-guesser knows, lowercased, as its detector keys them.

    A name is known exactly when the detector's answer is not "unknown", so the set
    is all is_first_name needs. Parsing gender-guesser's list takes 0.3 s; the set is
    kept in the user cache (bilingue.usercache) and read back in milliseconds.
    """
    spec = find_spec("gender_guesser")
    folders = list(spec.submodule_search_locations or []) if spec else []
    data = Path(folders[0]) / "data" / "nam_dict.txt" if folders else None
    if data is None or not data.is_file():
        return frozenset(_parse_first_names())  # laid out otherwise: no cache, same answer
    return frozenset(cached_lines("first-names", data, _parse_first_names))


def _parse_first_names() -> list[str]:
    import gender_guesser.detector as gender

    return sorted(gender.Detector(case_sensitive=False).names)


def is_first_name(word: str) -> bool:
    """Whether ``word`` (or the first half of ``Jean-Yves``) is a known first name."""
    head = word.split("-")[0]
    if len(head) < 3 or not head[0].isupper() or head.lower() in _PARTICLES:
        return False
    return head.lower() in _first_names()


def _zipf_fr(word: str) -> float:
    from bilingue.stages.words import zipf

    return float(zipf(word.lower()))


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word[:1].isdigit()


def _acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and word[0].isalpha()


def _code_name(word: str) -> bool:
    if word.startswith(".") and len(word) > 2 and any(c.isupper() for c in word):
        return True
    return re.search(r"[a-zà-ÿ][A-Z]", word) is not None


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in _SENTENCE_OPENERS


def _shouting(words: list[re.Match[str]]) -> bool:
    """A segment mostly in capitals (a heading): its capitals are not acronyms."""
    lettered = [w.group() for w in words if any(c.isalpha() for c in w.group())]
    shouted = [w for w in lettered if _acronym(w)]
    return len(lettered) >= 3 and len(shouted) * 2 >= len(lettered)


def _words(text: str) -> list[re.Match[str]]:
    found = []
    for match in _WORD.finditer(text):
        word = match.group().rstrip(".-+&")
        if match.group().startswith(".") and not _code_name(word):
            continue  # a full stop before a word, not ".NET"
        found.append(re.compile(re.escape(word)).match(text, match.start()) or match)
    return [m for m in found if m.group()]


def _gap_is_space(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    return text[left.end() : right.start()] in (" ", "\u00a0")


def _persons(text: str, words: list[re.Match[str]]) -> Iterator[NameSpan]:
    i = 0
    while i < len(words):
        first = words[i].group()
        if not (_capitalised(first) and not _acronym(first) and is_first_name(first)):
            i += 1
            continue
        j, last = i, i
        while j + 1 < len(words) and j - i < _MAX_SURNAME_WORDS + 1:
            nxt = words[j + 1]
            if not _gap_is_space(text, words[j], nxt):
                break
            word = nxt.group()
            after_particle = j > last
            if _capitalised(word) and not _acronym(word):
                # "Jean de La Fontaine", but not "Pierre Dupont de la Station".
                if after_particle and _zipf_fr(word) >= _COMMON_AFTER_PARTICLE:
                    break
                last = j = j + 1
            elif word.lower() in _PARTICLES and j + 2 < len(words):
                j += 1  # a particle counts only if a capitalised word follows it
            else:
                break
        if last > i:
            start, end = words[i].start(), words[last].end()
            yield NameSpan(start, end, text[start:end], "person")
        i = last + 1


def find_names(text: str) -> list[NameSpan]:
    """Every name of ``text`` (see module doc), sorted, never overlapping."""
    words = _words(text)
    if not words:
        return []
    found = list(_persons(text, words))
    taken = [(n.start, n.end) for n in found]
    shouting = _shouting(words)
    for match in words:
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        word = match.group()
        why = ""
        if _code_name(word):
            why = "code"
        elif _acronym(word):
            why = "" if shouting else "acronym"
        elif (
            _capitalised(word)
            and len(word) > 2
            and not _sentence_initial(text, start)
            and _zipf_fr(word) < RARE_ZIPF
        ):
            why = "rare"
        if why:
            found.append(NameSpan(start, end, word, why))
    return sorted(found, key=lambda n: n.start)


def protect_names_segment(segment: Segment) -> Segment:
    """``segment`` with its uncovered names added to ``terms`` as NAME_KIND hits.

    The glossary and the URL/e-mail patterns win where they overlap a name (an entry
    may say how a name is written in English); running this twice adds nothing.
    """
    if not segment.translate:
        return segment
    hits = segment.terms
    names = tuple(
        TermHit(source=n.text, target=n.text, start=n.start, end=n.end, kind=NAME_KIND)
        for n in find_names(segment.source)
        if not any(h.start < n.end and n.start < h.end for h in hits)
    )
    if not names:
        return segment
    return segment.with_(terms=tuple(sorted(hits + names, key=lambda hit: hit.start)))


@collector_paused()
def protect_names(doc: Document) -> Document:
    """The protect stage's second half: names kept verbatim through the engine.

    Needs protected segments (glossary hits first, so they win); adds name hits, which
    the translate stage then keeps and verifies like any protected span.
    """
    return doc.map_segments(protect_names_segment)
