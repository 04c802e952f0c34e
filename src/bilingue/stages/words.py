"""French word knowledge for the cleaner: which split words and line-end hyphens to rejoin."""

from __future__ import annotations

from functools import lru_cache

from bilingue.frequency import zipf as frequency_zipf

__all__ = [
    "FRAGMENT",
    "KNOWN",
    "NAME",
    "should_dehyphenate",
    "should_join",
    "zipf",
]

# Zipf scale (log10 of frequency per billion words): 3 is a word met about once per
# million words. Thresholds were tuned on the tables in tests/stages/test_clean.py.
KNOWN = 3.0  # at or above: a known French word
FRAGMENT = 2.5  # below: not a word on its own, typically half a word cut by a PDF
NAME = 2.0  # above: a known name, enough to rejoin "V ladimir"

# A joined word must beat its weakest part by this much: a rare real word next to a
# common one must not be glued into another rare word.
_MARGIN = 1.0

# Single letters that are French words by themselves: "A la suite" (unaccented À) or
# "Y compris" must never become "Ala" or "Ycompris".
_LETTER_WORDS = frozenset("aàyô")

# Bound prefixes that are (almost) never a word on their own in a release, so a space
# after them is a PDF artefact: "inter nationale" → "internationale". "inter" alone
# scores as a word (France Inter, Inter Milan), hence the list.
_PREFIXES = frozenset(
    {"inter", "intra", "multi", "trans", "hyper", "micro", "macro", "anti", "télé"}
)

# Determiners cannot be followed by a two-letter clitic or fragment, so "Cet te" is a
# split "Cette" even though "te" is a word. The excluded followers can legitimately
# come after one of these words when it is a pronoun ("ce ne sont", "les y mettre").
_DETERMINERS = frozenset(
    {
        "ce", "cet", "ces", "le", "la", "les", "un", "une", "des", "du", "au", "aux",
        "mon", "ton", "son", "ma", "ta", "sa", "mes", "tes", "ses", "nos", "vos",
        "notre", "votre", "leur", "leurs",
    }
)  # fmt: skip
_FREE_FOLLOWERS = frozenset(
    {
        "en", "ne", "et", "ou", "où", "on", "il", "au", "de", "du", "le", "la", "un",
        "si", "ce", "sa", "ma", "ta", "se", "y", "à", "a", "es", "as",
    }
)  # fmt: skip


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """Zipf frequency of ``word`` in French (case-insensitive), 0.0 when unknown."""
    return frequency_zipf(word.lower(), "fr")


def should_join(left: str, right: str) -> bool:
    """Whether ``left right`` is one word split by a spurious space (precision first).

    Joins only letter-only tokens whose second part is lowercase (a continuation), when
    the joined word is known and one of these holds: a part is a fragment that is not a
    word; ``left`` is a bound prefix; ``left`` is a determiner and ``right`` a two-letter
    piece that cannot follow it; ``left`` is a lone capital that is not a word and the
    joined form is a known word or name ("V ladimir").
    """
    if not (left.isalpha() and right.isalpha() and right.islower()):
        return False
    if not (left.islower() or left.istitle()):
        return False  # all-caps acronyms ("du CNES") are left alone
    joined = left + right
    if len(left) == 1:
        # Lowercase single letters are words ("a", "à", "y") or lost elisions ("l", "d").
        return (
            left.isupper()
            and left.lower() not in _LETTER_WORDS
            and zipf(right) < KNOWN
            and zipf(joined) > NAME
        )
    joined_zipf = zipf(joined)
    if joined_zipf < KNOWN:
        return False
    weakest = min(zipf(left), zipf(right))
    if weakest < FRAGMENT and joined_zipf >= weakest + _MARGIN:
        return True
    lower = left.lower()
    if lower in _PREFIXES:
        return True
    return lower in _DETERMINERS and len(right) == 2 and right not in _FREE_FOLLOWERS


def should_dehyphenate(left: str, right: str) -> bool:
    """Whether ``left-⏎right`` is a word hyphenated at a line end, not a real compound.

    A capitalised or non-letter second part keeps its hyphen (Jean-Yves, Vega-C);
    otherwise join when the joined word is known and more frequent than the compound
    (coopé-ration → coopération, but accord-cadre and porte-parole stay), or when the
    first part is no word at all and the joined one is a rarer but real word
    (inaugu-rations → inaugurations).
    """
    if not (left.isalpha() and right.isalpha() and right.islower()):
        return False
    joined = zipf(left + right)
    compound = zipf(f"{left}-{right}")
    if joined >= KNOWN and joined > compound:
        return True
    return len(left) > 2 and zipf(left) == 0.0 and joined >= NAME and joined > compound
