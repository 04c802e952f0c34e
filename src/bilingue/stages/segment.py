"""The segment stage: each cleaned block's text → sentence-sized segments, French rules.

Needs cleaned blocks; adds ``Block.segments`` (ids ``"<block id>.s<k>"``, k from 1)
and hands each block repair to the segment that contains it, offsets re-based to the
segment. Segments rebuild their block exactly:
``"".join(s.source + s.space_after for s in block.segments) == block.text``.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (and runs of them), plus any closing
quotes or brackets right after (``pays. »``, with or without a no-break space before
the ``»``), when whitespace and then an uppercase letter, a digit, a dash or an opening
quote or bracket follow. It does not end after a title (``M.``, ``MM.``, ``Mme``, ``Dr``…), a
common abbreviation (``cf.``, ``p.``, ``av.``, ``apr.``, ``art.``, ``env.``…), an
initial (``J. Dupont``, ``J.-Y. Le Gall``, ``J.-C.``) or a list number (``1. Lancement``).
An abbreviated month before a year (``1er janv. 2024``) does not end it; a unit after
a number (``10 h.``, ``30 min.``) and a letter after a word and a hyphen (``Vega-C.``)
do, before a capital. In text set in capitals, ``!`` or ``?`` before a connective
(``YAHOO ! ET GOOGLE``) does not end it either: there a capital is no sign of a new
sentence.
Numbers, dates, URLs and e-mails never split (their dots are not followed by space).

Leading whitespace: clean strips every block, so :func:`split_sentences` refuses text
that starts with whitespace (a pair cannot hold it without an empty sentence) and
:func:`segment_block` moves it out of the block text into a "spaces" repair, so it is
shown to the reviewer rather than silently dropped. A block with no text gets no segments.

Quotations: sentences inside « » are split like any other, because the translation
engines do much worse on 60-word inputs than on two 30-word ones; the opening « stays
with the sentence it starts and the closing » with the sentence it closes.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bilingue.document import Block, Document, Repair, Segment

__all__ = ["ABBREVIATIONS", "TITLES", "segment", "segment_block", "split_sentences"]

# Titles before a name, matched with their case: "Me" is a lawyer's title, "me" is not.
TITLES = frozenset(
    {"M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Drs", "Pr", "Me", "Mgr", "St", "Ste"}
)

# Abbreviations whose period is not a sentence end, even before a capital or a digit
# ("cf. Annexe 2", "p. 12", "av. J.-C."). Matched lowercased.
ABBREVIATIONS = frozenset(
    {
        "cf", "p", "pp", "av", "apr", "art", "vol", "fig", "chap", "env", "no", "nos",
        "éd", "ex", "tél", "tel", "réf", "coll", "cie", "sq", "op", "cit", "ibid", "vs",
        "dir", "trad", "hab", "min", "max", "approx", "boul", "bd", "mme", "mlle",
    }
)  # fmt: skip

# Abbreviated months: no sentence ends in "le 1er janv. 2024" ("sept" is also seven,
# so these hold only before a digit).
_MONTHS_SHORT = frozenset(
    {"janv", "fév", "févr", "avr", "juil", "sept", "oct", "nov", "déc", "dec"}
)
# Units after a number ("10 h.", "30 min.", "1,5 t."): a sentence ends there before a
# capital, where a lone letter elsewhere would be an initial.
_UNITS = frozenset(
    {"h", "min", "mn", "s", "t", "m", "g", "kg", "km", "cm", "mm", "l", "ha", "mo", "go", "ko"}
)
_AFTER_NUMBER = re.compile(r"\d[ \u00a0\u202f]*$")
_AFTER_WORD_HYPHEN = re.compile(r"[^\W\d_]{2}-$")

# Lowercase one-letter words that can end a sentence ("il y en a."); other single
# letters before a period are initials or abbreviations ("s." for siècle).
_LETTER_WORDS = frozenset("aày")

# A sentence end: terminal punctuation, then closing quotes or brackets, each
# possibly after one (no-break) space as French typography puts before "»".
_END = re.compile(r"[.!?…]+(?:[ \u00a0\u202f]?[»”\"’)\]])*(?=\s)")
_SPACE = re.compile(r"\s+")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.$")
# What a list item may open with: "1.", "12)", "a)", "IV.".
_LIST_NUMBER = re.compile(r"(?:\d{1,3}|[a-zA-Z]|[IVXLC]{1,6})[.)]")
_OPENERS = frozenset("«“\"'‘([¿¡-–—•")
# Words that join what comes before to what follows. In text set in capitals a
# capital says nothing, so "YAHOO ! ET GOOGLE." goes on after "!" when one follows.
_CONNECTIVES = frozenset(
    {"et", "ou", "ni", "mais", "de", "du", "des", "à", "au", "aux", "avec", "pour", "par",
     "sur", "en", "dans", "chez", "sans", "sous", "vers", "contre", "entre", "puis"}
)  # fmt: skip
_NEXT_WORD = re.compile(r"[^\W\d_]+")


def split_sentences(text: str) -> list[tuple[str, str]]:
    """(sentence, whitespace after it) pairs that rebuild ``text`` exactly.

    No sentence is empty or has leading or trailing whitespace; the last one carries
    the text's trailing whitespace. Blank text has no sentence.

    Raises:
        ValueError: ``text`` has leading whitespace before its first sentence, which
            no pair could carry (see :func:`segment_block` for how the stage handles it).
    """
    if not text.strip():
        return []
    if text[0].isspace():
        raise ValueError(f"text starts with whitespace: {text[:20]!r}; strip it first")
    start = 0
    pairs: list[tuple[str, str]] = []
    for match in _END.finditer(text):
        space = _SPACE.match(text, match.end())
        if space is None or space.end() == len(text):
            break
        if not _opens_sentence(text[space.end()]):
            continue
        sentence = text[start : match.end()]
        if not _ends_sentence(sentence, match.group(0), text[space.end()]):
            continue
        if _joins_in_capitals(sentence, text, space.end()):
            continue
        pairs.append((sentence, space.group(0)))
        start = space.end()
    # Never blank: ``start`` is 0 (text is not blank) or just before an opening character.
    rest = text[start:]
    sentence = rest.rstrip()
    pairs.append((sentence, rest[len(sentence) :]))
    return pairs


def segment_block(block: Block) -> Block:
    """``block`` with its segments (any earlier ones replaced) and repairs distributed.

    Leading whitespace is taken out of ``block.text`` and recorded as a "spaces" repair
    (its ``before`` holds the exact whitespace), so the segments still rebuild the text.
    """
    if not block.text.strip():
        return block.with_(segments=())
    lead = len(block.text) - len(block.text.lstrip())
    if lead:
        block = _strip_leading_whitespace(block, lead)
    segments: list[Segment] = []
    offset = 0
    spans: list[tuple[int, int]] = []  # (start, end of the following whitespace)
    for k, (source, space_after) in enumerate(split_sentences(block.text), start=1):
        segments.append(Segment(id=f"{block.id}.s{k}", source=source, space_after=space_after))
        spans.append((offset, offset + len(source) + len(space_after)))
        offset += len(source) + len(space_after)
    for repair in block.repairs:
        index = _span_index(spans, repair.start)
        if index is None:
            continue
        seg = segments[index]
        base = spans[index][0]
        start = min(repair.start - base, len(seg.source))
        end = max(start, min(repair.end - base, len(seg.source)))
        rebased = replace(repair, start=start, end=end)
        segments[index] = seg.with_(repairs=(*seg.repairs, rebased))
    return block.with_(segments=tuple(segments))


def segment(doc: Document) -> Document:
    """Every block of ``doc`` split into sentence segments (see module doc)."""
    return doc.with_(blocks=tuple(segment_block(block) for block in doc.blocks))


def _strip_leading_whitespace(block: Block, lead: int) -> Block:
    """``block`` without its first ``lead`` characters (whitespace), repairs shifted."""
    shifted = tuple(
        replace(repair, start=max(0, repair.start - lead), end=max(0, repair.end - lead))
        for repair in block.repairs
    )
    record = Repair("spaces", block.text[:lead], "", 0, 0)
    return block.with_(text=block.text[lead:], repairs=(record, *shifted))


def _span_index(spans: list[tuple[int, int]], position: int) -> int | None:
    for index, (start, end) in enumerate(spans):
        if start <= position < end:
            return index
    # A repair pointing at the very end (an empty span) belongs to the last segment.
    return len(spans) - 1 if spans and position == spans[-1][1] else None


def _opens_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in _OPENERS


def _ends_sentence(sentence: str, terminator: str, following: str) -> bool:
    """Whether ``sentence``, ending with ``terminator``, really ends there (``following``
    is the character that opens what comes next)."""
    if not terminator.startswith(".") or terminator.startswith(".."):
        return True  # "!", "?", "…" and "..." end a sentence before a capital
    body = sentence[: len(sentence) - len(terminator) + 1]  # up to and with the "."
    if _LIST_NUMBER.fullmatch(body):
        return False
    word = _WORD_BEFORE.search(body)
    if word is None:
        return True
    token = word.group(1)
    if token.lower() in _MONTHS_SHORT:
        return not following.isdigit()  # "le 1er janv. 2024"
    if token.lower() in _UNITS and _AFTER_NUMBER.search(body[: word.start()]):
        return following.isupper()  # "prévu à 10 h. La fenêtre dure 30 min. Tout…"
    if token in TITLES or token.lower() in ABBREVIATIONS:
        return False
    if len(token) == 1 and _AFTER_WORD_HYPHEN.search(body[: word.start()]):
        return True  # "le lanceur Vega-C. Le programme" (not "J.-C.")
    return not (len(token) == 1 and token not in _LETTER_WORDS)


def _joins_in_capitals(sentence: str, text: str, after: int) -> bool:
    """Whether a capitalised connective after "!" or "?" continues a sentence in capitals."""
    word = _NEXT_WORD.match(text, after)
    if word is None or word.group(0).lower() not in _CONNECTIVES or not word.group(0).isupper():
        return False
    letters = [c for c in sentence if c.isalpha()]
    return sum(c.isupper() for c in letters) >= 0.8 * len(letters)
