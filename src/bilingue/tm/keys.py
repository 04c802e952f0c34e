"""Match keys and index tokens: how the memory sees a French source.

A *match key* is the source with whitespace and typography normalised, so a pair
approved in a Word file with no-break spaces and curly apostrophes is found again
in a plain-text release with straight ones. Case is kept: ``Le CNES`` and
``le CNES`` are different sources, because the English differs (sentence start,
acronym against word) and an exact match is reused with no engine and no edit.
"""

from __future__ import annotations

import math
import re
import unicodedata
from itertools import pairwise

__all__ = ["KEYS_VERSION", "index_tokens", "length_window", "match_key"]

# Stored keys and postings were made by these rules; a memory made under another
# version is re-keyed when opened. Change it whenever match_key or index_tokens do.
KEYS_VERSION = "1"

# Typography that varies between a Word file, a PDF and a plain-text release of the
# same sentence without changing a word of it.
_CHARACTERS = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space (French spacing before ;:!?)
        "\u2007": " ",  # figure space
        "\u2009": " ",  # thin space
        "\u200a": " ",  # hair space
        "\u2019": "'",  # right single quotation mark, the typographic apostrophe
        "\u2018": "'",
        "\u02bc": "'",  # modifier letter apostrophe
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',  # « and » become plain quotes, once the spaces inside are gone
        "\u00bb": '"',
        "\u2011": "-",  # non-breaking hyphen
        "\u2026": "...",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u2060": None,  # word joiner
        "\ufeff": None,
    }
)
_SPACES = re.compile(r"\s+")
# French puts a space before ; : ! ? and inside « »; English and many files do not.
_SPACE_BEFORE = re.compile(r" (?=[;:!?])")
_GUILLEMET_SPACES = re.compile(r"(?<=«)\s+|\s+(?=»)")
_WORD = re.compile(r"\w+")


def match_key(text: str) -> str:
    """``text`` as the memory compares it: typography and whitespace normalised, case kept."""
    text = _GUILLEMET_SPACES.sub("", unicodedata.normalize("NFC", text))
    text = _SPACES.sub(" ", text.translate(_CHARACTERS)).strip()
    return _SPACE_BEFORE.sub("", text)


def index_tokens(key: str) -> set[str]:
    """The index terms of a key: its words and its word pairs, case folded.

    Pairs matter on a memory of similar sentences: every word of "le lanceur du
    programme" may be in thousands of units, "lanceur du" in far fewer.
    """
    words = _WORD.findall(key.casefold())
    return {*words, *(f"{a} {b}" for a, b in pairwise(words))}


def length_window(length: int, threshold: float) -> tuple[int, int]:
    """Key lengths that can score ``threshold``: ratio = 2·common/(a+b)·100 and
    common ≤ min(a, b), so the shorter must be at least t/(200−t) of the longer."""
    t = max(min(threshold, 100.0), 1.0)
    return math.ceil(length * t / (200 - t)), math.floor(length * (200 - t) / t)
