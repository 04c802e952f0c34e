"""Cheap language evidence: function words that belong to French alone, or to another language.

The detect stage asks langdetect (2 ms a segment, 0.25 s to load) only where this
evidence does not decide. The lists hold function words that are not words of the
other language(s) too: "de", "la", "en", "que", "il", "non", "a", "on", "mais",
"plus", "met", "van", "te" are missing on purpose, because French shares them with
Spanish, Italian, Portuguese, Dutch or English, and the other lists leave out French
words ("an", "or", "su", "y", "os", "dos"). A segment counts as French only when it
has French function words, four times as many as another language's (one alone
only with none of another's), so a mixed or foreign text goes on to langdetect:
the shortcut skips work on plainly French sentences, where langdetect would have
said French anyway (tests/stages/test_detect_evidence.py compares both on the
test corpora).
"""

from __future__ import annotations

import re

from bilingue.document import FRENCH, LanguageGuess

__all__ = [
    "DOCUMENT_MIN_FRENCH_SHARE",
    "DOCUMENT_MIN_FUNCTION_WORDS",
    "SEGMENT_FRENCH_PER_OTHER",
    "SEGMENT_MIN_FRENCH_WORDS",
    "document_is_french",
    "function_words",
    "segment_is_french",
]

# A segment needs this many French function words, and four times as many as
# another language's (an English name like "Defence and Space" brings one "and").
SEGMENT_MIN_FRENCH_WORDS = 1
SEGMENT_FRENCH_PER_OTHER = 4
# A document needs this many function words counted, this share of them French.
DOCUMENT_MIN_FUNCTION_WORDS = 20
# (A French release naming "Airbus Defence and Space" three times is at 0.94; one
# with an English paragraph near 0.85, and its English segment is judged alone.)
DOCUMENT_MIN_FRENCH_SHARE = 0.85


def _word_set(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


_FRENCH = _word_set(
    "le les des du et est à au aux une pour dans sur avec par cette ces sont été ont "
    "nous vous leur leurs ainsi aussi entre lors très elle ils elles qui ne pas être "
    "sa ses notre nos votre vos d' l' qu' n' c' s' j' jusqu' lorsqu' puisqu' où "
    "depuis dont selon chez sous vers après avant également afin grâce notamment cet "
    "deux trois était sera avait fait peut doit aujourd' ceux celle celui dès"
)
_OTHER = _word_set(
    # English
    "the and of is with for that which was were are by from this have has will would "
    "been its their it to not be can into our",
    # German
    "der die das und ist mit von zu den dem nicht ein eine für auf wird sich über im "
    "auch werden nach wie",
    # Spanish
    "el los las del es con por para una sus como pero fue muy este esta",
    # Italian
    "di che della delle degli dei nel nella gli sono alla anche",
    # Portuguese
    "da do das em não com uma também",
    # Dutch
    "het een niet op voor zijn dat wordt",
    # Catalan
    "amb els seva són també",
)
# Words and elided articles ("l'", "qu'"): the apostrophe stays with what it elides.
_WORD = re.compile(r"[^\W\d_]+['’]?")


def function_words(text: str) -> tuple[int, int]:
    """How many French-only and other-language function words ``text`` holds."""
    french = other = 0
    for match in _WORD.finditer(text.lower()):
        word = match.group().replace("’", "'")
        if word in _FRENCH:
            french += 1
        elif word.rstrip("'") in _OTHER:
            other += 1
    return french, other


def segment_is_french(text: str) -> bool:
    """Whether ``text`` is plainly French: enough French function words, few of another's."""
    french, other = function_words(text)
    return french >= SEGMENT_MIN_FRENCH_WORDS and french >= SEGMENT_FRENCH_PER_OTHER * other


def document_is_french(text: str) -> LanguageGuess | None:
    """French with the French share of its function words as confidence, or None
    when the function words do not decide (then langdetect does)."""
    french, other = function_words(text)
    counted = french + other
    if counted < DOCUMENT_MIN_FUNCTION_WORDS:
        return None
    share = french / counted
    return LanguageGuess(FRENCH, round(share, 4)) if share >= DOCUMENT_MIN_FRENCH_SHARE else None
