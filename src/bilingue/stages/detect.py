"""The detect stage: the document's language, and which segments stay untranslated.

Needs segments; sets ``Document.language`` (None when the document has no letters)
and, per segment, ``lang``/``translate`` plus a "lang-kept" flag when a segment is kept
in another language. A segment is kept as non-French only when it is long enough for
the detector to be trusted (:data:`NOT_FRENCH_MIN_LETTERS` letters and
:data:`NOT_FRENCH_MIN_WORDS` words), the detection is confident
(:data:`NOT_FRENCH_MIN_CONFIDENCE`) and not French: on a name, a date or a short title
langdetect is close to a coin toss, so short segments follow the document's language
(and are translated only when it is French), unless a sentence of six words or more
holds function words of other languages only (:data:`FOREIGN_MIN_FUNCTION_WORDS`), as
a short English quotation full of names does. Capitalised words (names, acronyms)
are left out of both the size and the detection: the evidence must be in the other
words. Segments without letters ("2013", "***")
are copied as they are, without a flag.

langdetect costs about 2 ms a segment and a quarter of a second to load, so it is
asked only where the cheap evidence does not decide (:mod:`bilingue.stages.evidence`):
words that are function words only in French ("les", "dans", "avec"…) against those
of the other languages we meet. A segment with French function words, four times as
many as another language's, is French without asking; so is a document whose
counted function words are 85 % French, its confidence then being that share. Everything else
(English, German, mixed, or too few function words) goes to langdetect as before.

The stage never raises for a non-French document: deciding to refuse it belongs to the
caller (the API raises NotFrench when ``doc.language.code != "fr"``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from bilingue.document import FRENCH, Document, FlagCode, LanguageGuess, Segment
from bilingue.flags import lang_kept
from bilingue.stages.evidence import document_is_french, function_words, segment_is_french

__all__ = [
    "FOREIGN_MIN_FUNCTION_WORDS",
    "FRENCH",
    "NOT_FRENCH_MIN_CONFIDENCE",
    "NOT_FRENCH_MIN_LETTERS",
    "NOT_FRENCH_MIN_WORDS",
    "UNDETERMINED",
    "detect",
    "detect_language",
    "detect_segment",
]

UNDETERMINED = "und"  # BCP 47 for "language not determined"

# Below these sizes langdetect's guesses on French names and titles are unreliable
# (it calls "Jean-Yves Le Gall" Dutch or Catalan), so a segment must be a real sentence.
NOT_FRENCH_MIN_LETTERS = 40
NOT_FRENCH_MIN_WORDS = 6
# langdetect's top probability; confused French/other guesses sit well below it.
NOT_FRENCH_MIN_CONFIDENCE = 0.90
# Below the sizes above, a sentence of six words or more is still judged when it holds
# this many function words of other languages and none of French's.
FOREIGN_MIN_FUNCTION_WORDS = 3


@lru_cache(maxsize=1)
def _detector_factory() -> Any:
    """langdetect's profiles, loaded once (about a second), with a fixed seed.

    A factory of our own with its ``seed`` set makes every detection reproducible
    without touching langdetect's module-level factory, which others may share.
    """
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def detect_language(text: str) -> LanguageGuess:
    """The most probable language of ``text`` and its probability.

    ``UNDETERMINED`` with confidence 0.0 when ``text`` has no letters to judge.
    """
    if not any(char.isalpha() for char in text):
        return LanguageGuess(UNDETERMINED, 0.0)
    from langdetect.lang_detect_exception import LangDetectException

    detector = _detector_factory().create()
    detector.append(text)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        # Letters but no usable n-grams (e.g. only symbols langdetect strips).
        return LanguageGuess(UNDETERMINED, 0.0)
    if not ranked:
        return LanguageGuess(UNDETERMINED, 0.0)
    return LanguageGuess(str(ranked[0].lang), round(float(ranked[0].prob), 4))


def detect_segment(segment: Segment, document_language: str) -> Segment:
    """``segment`` with its language decided (see module doc)."""
    # Running the stage again must not stack a second flag.
    flags = tuple(flag for flag in segment.flags if flag.code != FlagCode.LANG_KEPT)
    letters = sum(1 for char in segment.source if char.isalpha())
    if not letters:
        # Nothing to translate in "2013" or "***"; the writers copy it as it is.
        return segment.with_(lang=document_language, translate=False, flags=flags)
    # A segment too short or too uncertain to judge takes the document's language, and
    # with it the document's fate: translated when French, left alone otherwise.
    follows = segment.with_(
        lang=document_language, translate=document_language == FRENCH, flags=flags
    )
    # Names and acronyms say nothing about the language around them ("Adrian Valente
    # et Lucas Gonzalez, responsables de l'ADCS" reads as Spanish with them): the
    # sizes are judged, and the language detected, on the other words.
    evidence = _without_capitalised_words(segment.source)
    letters = sum(1 for char in evidence if char.isalpha())
    if (
        letters < NOT_FRENCH_MIN_LETTERS or len(evidence.split()) < NOT_FRENCH_MIN_WORDS
    ) and not _plainly_foreign(segment.source, evidence):
        return follows
    guess = LanguageGuess(FRENCH, 1.0) if segment_is_french(evidence) else detect_language(evidence)
    if guess.code == FRENCH:
        return segment.with_(lang=FRENCH, translate=True, flags=flags)
    if guess.confidence < NOT_FRENCH_MIN_CONFIDENCE:
        return follows
    flag = lang_kept(guess.code, guess.confidence)
    return segment.with_(lang=guess.code, translate=False, flags=(*flags, flag))


def _plainly_foreign(source: str, evidence: str) -> bool:
    """Whether a sentence too short for the size rule is still worth asking about.

    A quoted English line full of names ("This agreement is a milestone," said the ESA
    Director General.) keeps under 40 letters once its capitalised words are set
    aside, but its function words are all another language's.
    """
    french, other = function_words(evidence)
    return (
        french == 0
        and other >= FOREIGN_MIN_FUNCTION_WORDS
        and len(source.split()) >= NOT_FRENCH_MIN_WORDS
    )


_CAPITALISED_WORD = re.compile(r"(?<!\w)[^\W\d_a-zà-ÿ][\w’'-]*")


def _without_capitalised_words(text: str) -> str:
    """``text`` without its capitalised words (names, acronyms, sentence openers)."""
    return " ".join(_CAPITALISED_WORD.sub(" ", text).split())


def detect(doc: Document) -> Document:
    """``doc`` with its language and every segment's language decided.

    The document's language is judged on all its segment text (on the block text when
    it has not been segmented yet); a document without letters gets ``None``, and its
    segments are only marked untranslatable.
    """
    sources = [segment.source for segment in doc.segments()]
    if not sources:
        sources = [block.text for block in doc.blocks]
    text = "\n".join(sources)
    guess = document_is_french(text) or detect_language(text)
    language = None if guess.code == UNDETERMINED else guess
    return doc.map_segments(lambda segment: detect_segment(segment, guess.code)).with_(
        language=language
    )
