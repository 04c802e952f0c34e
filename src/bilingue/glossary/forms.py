"""Word forms the matcher needs: invisible characters, French plurals, English plurals.

- **Invisible characters.** A soft hyphen (U+00AD, left by word processors and PDF
  extraction) or a zero-width character inside ``Soy\u00adouz`` hides the term from a
  word-by-word matcher. :func:`visible` removes them and keeps, for each remaining
  character, its offset in the original text, so every span found maps back.
- **French plurals** of a folded word (no accents, lower case): ``orbite`` →
  ``orbites``, ``spatial`` → ``spatiaux``, ``réseau`` → ``réseaux``. Irregular forms
  are accepted alongside regular ones (``festivals`` and ``festivaux``): a form only
  matters if the text holds it, so accepting both costs nothing.
- **English plurals** of a target (``geostationary orbit`` → ``geostationary orbits``,
  ``Director of Operations`` → ``Directors of Operations``). An entry whose English
  the rule gets wrong gives its plural in the ``plural`` column.
"""

from __future__ import annotations

import re

__all__ = ["INVISIBLE", "english_plural", "french_plurals", "plural_heads", "visible"]

# Soft hyphen, zero-width space / non-joiner / joiner, word joiner, zero-width
# no-break space (a BOM inside text).
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")

# Words that end the part of a French term that takes the plural: in `centre de
# contrôle` only `centre` does (`centres de contrôle`).
_FRENCH_LINKS = frozenset(
    {"de", "du", "des", "d", "à", "a", "au", "aux", "en", "pour", "sur", "par", "avec"}
    | {"sans", "sous", "entre", "contre", "dans", "vers", "chez", "et", "ou"}
)
_ENGLISH_LINKS = frozenset({"of", "for", "in", "on", "at", "to", "from", "with", "by", "and", "or"})
# English nouns with no plural of their own (space debris, two pieces of equipment).
_UNCOUNTABLE = frozenset(
    {"aircraft", "data", "debris", "equipment", "hardware", "information", "news"}
    | {"personnel", "research", "series", "software", "spacecraft", "species"}
)
_IRREGULAR = {"man": "men", "woman": "women", "child": "children", "person": "people"}
_MIN_LETTERS = 3  # `de`, `la`, `ce` never take a glossary plural


def visible(text: str) -> tuple[str, list[int] | None]:
    """``text`` without invisible characters, and each kept character's original offset.

    The offsets list has one more item, ``len(text)``, so an end offset maps too. It is
    None when nothing was removed (the common case costs one search).
    """
    if _INVISIBLE.search(text) is None:
        return text, None
    offsets = [i for i, char in enumerate(text) if char not in INVISIBLE]
    return "".join(text[i] for i in offsets), [*offsets, len(text)]


def french_plurals(word: str) -> tuple[str, ...]:
    """Plural spellings of a folded French word other than the word itself (maybe none)."""
    if len(word) < _MIN_LETTERS or not word.isalpha() or word in _FRENCH_LINKS:
        return ()
    if word.endswith(("s", "x", "z")):
        return ()  # invariable: succès, prix, gaz
    if word.endswith("al"):
        return (word[:-2] + "aux", word + "s")
    if word.endswith("ail"):
        return (word + "s", word[:-3] + "aux")
    if word.endswith(("au", "eu")):
        return (word + "x", word + "s")
    if word.endswith("ou"):
        return (word + "s", word + "x")
    return (word + "s",)


def plural_heads(words: list[str]) -> list[bool]:
    """Which words of a French term take the plural: those before its first link word."""
    heads: list[bool] = []
    linked = False
    for word in words:
        linked = linked or word.casefold() in _FRENCH_LINKS
        heads.append(not linked)
    return heads


def _english_word_plural(word: str) -> str:
    lower = word.casefold()
    if lower in _UNCOUNTABLE or not any(c.isalpha() for c in word):
        return word
    if lower in _IRREGULAR:
        plural = _IRREGULAR[lower]
        return plural.upper() if word.isupper() else word[0] + plural[1:]
    if word.isupper() and len(word) > 1:
        return word + "s"  # acronyms: CubeSats, ATVs
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def english_plural(target: str) -> str:
    """The usual English plural of a glossary target: its head noun takes the ``s``.

    The head is the last word before the first link word (``of``, ``for``…), or the
    last word: ``launcher`` → ``launchers``, ``ground station`` → ``ground stations``,
    ``Director of Operations`` → ``Directors of Operations``, ``space debris`` stays.
    """
    words = target.split(" ")
    head = len(words) - 1
    for index, word in enumerate(words[1:], start=1):
        if word.casefold() in _ENGLISH_LINKS:
            head = index - 1
            break
    words[head] = _english_word_plural(words[head])
    return " ".join(words)
