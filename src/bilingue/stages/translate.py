"""The translate stage: one batch through the engine, then proof that every term survived.

Needs protected segments (``Segment.terms``) and a :class:`Translator`; adds
``Segment.target``, ``state``, each hit's ``ok``, flags, and ``Document.engine``.

Strategy chain (docs/glossary-protection.md argues each choice):

1. **keep**, when the engine ``keeps_spans`` (Apertium): each
   segment goes as pieces, every protected span replaced by its target form and
   marked keep, so the engine carries it through verbatim — exact protection. A
   segment holding terminology (kind ``term``: "lanceur") also goes with those left
   French, in the same batch, and that translation wins when it verifies: a kept
   word cannot move ("a launcher Russian"), the engine's own can.
2. **inline**, for every other engine (Argos): the target forms are written into the
   French (``Soyouz`` → ``Soyuz``) and the batch is translated as is. No opaque
   placeholders: NMT drops and mangles ``⟨1⟩`` or ``XTERM1X``, while it copies a
   capitalised word it does not know, and it sees a real sentence.
3. **verify** (:func:`verify`): each distinct target form must occur at least as often
   as the segment's hits carry it, exact case, at word boundaries; no marker left
   (at least, not exactly: a repeated name is a fluency matter, not a lost term).
4. **split**, for the segments that failed: the French *between* protected spans is
   translated on its own (one more batch for all of them) and joined with the target
   forms, which are therefore present verbatim; verified again. A target taken from
   here carries an INFO ``protect-fallback`` flag.
5. **best**: the candidate with most hits right (the earlier strategy on a tie);
   failing hits get ``ok=False`` and one ERROR ``term-missing`` flag each, the others
   ``ok=True``. Markers are removed from whatever is kept.

A translation memory wrapped round the engine (:mod:`bilingue.engines.memory`)
answers first: segments it fills (``origin`` TM) are not sent, but their terms are
checked like the engine's, so a memory pair that breaks the glossary is flagged.
``origin`` records where each target came from (mt, tm, source).

Segments kept in their own language (``translate=False``) are not sent: ``target =
source``, state stays ``initial`` because nothing was machine-translated, and the
detect stage's note already says why. Blank segments are copied and ``translated``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from bilingue.document import (
    Document,
    Flag,
    FlagCode,
    Segment,
    SegmentState,
    TargetOrigin,
    TermHit,
)
from bilingue.engines import Piece, Translator, span_keeper, split_sources
from bilingue.engines.memory import Recalling
from bilingue.errors import EngineError
from bilingue.flags import engine_empty, protect_fallback, segment_split, term_missing
from bilingue.term_check import WORD_MARKS, check_terms

__all__ = [
    "OWN_FLAGS",
    "Strategy",
    "Verification",
    "has_markers",
    "inline_source",
    "pieces",
    "remove_markers",
    "translate",
    "verify",
]


class Strategy(StrEnum):
    """How a segment's target was made (the chain in the module doc)."""

    KEEP = "keep"  # protected spans sent as kept pieces to a span-keeping engine
    INLINE = "inline"  # target forms written into the French, sent as one sentence
    SPLIT = "split"  # the French between the spans translated alone, forms joined in
    COPY = "copy"  # blank segment: the source is the whole translation
    MEMORY = "memory"  # an approved target recalled from the translation memory


# The flags this stage owns; translating again replaces them, other stages' stay.
OWN_FLAGS = frozenset(
    {
        FlagCode.TERM_MISSING,
        FlagCode.PROTECT_FALLBACK,
        FlagCode.ENGINE_EMPTY,
        FlagCode.SEGMENT_SPLIT,
    }
)

# bilingue sends no placeholders, but an engine, a wrapper or a cache might leave
# some; whole placeholders go first (with the space before them), then any stray
# bracket of that kind, so none of these characters ever reaches a reviewer.
_PLACEHOLDER = re.compile(r"[ \t]*(?:⟨[^⟨⟩]{0,12}⟩|XTERM\d+X)")
_MARKER_CHARS = re.compile(r"[⟨⟩\x00]")
_LEFTOVER = re.compile(r"[⟨⟩\x00]|XTERM\d+X")
_LETTER = re.compile(r"[^\W\d_]")
_WORD_END = re.compile(r"\w\Z")
_TERM_GLUE = re.compile(rf"[\w{re.escape(WORD_MARKS)}]\Z")
_WORD_START = re.compile(r"\w")
# Glossary kinds an engine may translate itself when its English is the glossary's:
# common terminology ("lanceur" → "launcher"), never names.
_LOOSE = frozenset({"term"})


def has_markers(text: str) -> bool:
    """Whether ``text`` still holds a placeholder or marker character."""
    return _LEFTOVER.search(text) is not None


def remove_markers(text: str) -> str:
    """``text`` without placeholders, marker characters or the spaces before them."""
    return _MARKER_CHARS.sub("", _PLACEHOLDER.sub("", text)).strip()


@dataclass(frozen=True)
class Verification:
    """What the check found in one translation: per-hit verdicts and leftover markers."""

    ok: tuple[bool, ...]
    markers: bool

    @property
    def passed(self) -> bool:
        return all(self.ok) and not self.markers


def verify(translation: str, hits: Sequence[TermHit]) -> Verification:
    """Check one translation against its segment's hits (pure; see :func:`check_terms`)."""
    return Verification(check_terms(translation, hits), has_markers(translation))


def pieces(
    source: str, hits: Sequence[TermHit], *, loose: frozenset[str] = frozenset()
) -> list[Piece]:
    """``source`` cut at its hits: French text to translate, target forms to keep.

    Hits of a kind in ``loose`` stay French, for the engine to translate. A hit
    overlapping an earlier one is not cut (protect never makes one); it is still
    verified, so a target it needs cannot go missing unseen.
    """
    out: list[Piece] = []
    cursor = 0
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if hit.start < cursor or hit.end <= hit.start or hit.kind in loose:
            continue
        if hit.start > cursor:
            out.append((source[cursor : hit.start], False))
        out.append((hit.target, True))
        cursor = hit.end
    if cursor < len(source):
        out.append((source[cursor:], False))
    return out


def inline_source(source: str, hits: Sequence[TermHit]) -> str:
    """``source`` with every protected span written in its target form."""
    return "".join(text for text, _ in pieces(source, hits))


def _checked(outputs: Sequence[str], expected: int) -> list[str]:
    if len(outputs) != expected:
        raise EngineError(
            f"the engine returned {len(outputs)} translations for {expected} segments",
            hint="no translation was kept; report this engine and input",
        )
    return list(outputs)


def _primary(engine: Translator, segments: Sequence[Segment]) -> tuple[Strategy, list[str]]:
    keeper = span_keeper(engine)
    if keeper is not None:
        items = [pieces(s.source, s.terms) for s in segments]
        # A kept word cannot move: "un lanceur russe" came out "a launcher Russian".
        # Segments with terminology also go with it left French, in the same batch;
        # where the engine's own English holds every target, that one is used.
        loose = [i for i, s in enumerate(segments) if any(h.kind in _LOOSE for h in s.terms)]
        items += [pieces(segments[i].source, segments[i].terms, loose=_LOOSE) for i in loose]
        outputs = _checked(keeper.translate_keeping(items), len(items))
        kept = outputs[: len(segments)]
        for i, raw in zip(loose, outputs[len(segments) :], strict=True):
            if verify(remove_markers(raw), segments[i].terms).passed:
                kept[i] = raw
        return Strategy.KEEP, kept
    sources = [inline_source(s.source, s.terms) for s in segments]
    return Strategy.INLINE, _checked(engine.translate(sources), len(sources))


@dataclass(frozen=True)
class _Gap:
    """French text between protected spans; only ``core`` goes to the engine."""

    lead: str
    core: str
    trail: str


def _gap(text: str) -> _Gap:
    core = text.strip()
    return _Gap(text[: len(text) - len(text.lstrip())], core, text[len(text.rstrip()) :])


def _join(left: str, right: str, *, term: bool) -> str:
    """``left + right``, never gluing a word (or an engine's word mark) to the next.

    The source had a boundary there, but the engine may turn an elided ``l’`` into
    ``the`` or end a piece on ``*``: ``the`` + ``ESA`` needs a space. ``term`` says
    ``right`` is a protected target form.
    """
    glue = _TERM_GLUE if term else _WORD_END
    if glue.search(left) and _WORD_START.match(right):
        return f"{left} {right}"
    return left + right


def _split(engine: Translator, segments: Sequence[Segment]) -> list[tuple[str, bool]]:
    """Each segment translated around its hits: (text, whether the engine gave nothing)."""
    layouts: list[list[Piece | _Gap]] = []
    queue: list[str] = []
    for segment in segments:
        layout: list[Piece | _Gap] = []
        for text, keep in pieces(segment.source, segment.terms):
            if keep or not _LETTER.search(text):
                # Punctuation, digits and spaces need no engine: sent alone they come
                # back invented or empty.
                layout.append((text, keep))
            else:
                gap = _gap(text)
                layout.append(gap)
                queue.append(gap.core)
        layouts.append(layout)
    translated = iter(_checked(engine.translate(queue), len(queue)) if queue else [])
    results: list[tuple[str, bool]] = []
    for layout in layouts:
        text, empty = "", False
        for item in layout:
            if isinstance(item, _Gap):
                english = next(translated).strip()
                empty = empty or not english
                # Nothing came back: one space stands for the gap, not two.
                part = item.lead + english + item.trail if english else item.lead or item.trail
                text = _join(text, part, term=False)
            else:
                text = _join(text, item[0], term=item[1])
        results.append((text, empty))
    return results


@dataclass(frozen=True)
class _Candidate:
    strategy: Strategy
    text: str
    check: Verification
    empty: bool  # the engine returned nothing for some text with letters

    @property
    def score(self) -> int:
        return sum(self.check.ok)


def _candidate(strategy: Strategy, raw: str, segment: Segment, *, empty: bool) -> _Candidate:
    # Markers are removed before the check, so what is verified is what ships.
    text = remove_markers(raw)
    return _Candidate(strategy, text, verify(text, segment.terms), empty)


def _own_flags_removed(segment: Segment) -> list[Flag]:
    return [flag for flag in segment.flags if flag.code not in OWN_FLAGS]


_ORIGINS = {Strategy.MEMORY: TargetOrigin.TM, Strategy.COPY: TargetOrigin.SOURCE}


def _finish(segment: Segment, chosen: _Candidate, *, split: bool = False) -> Segment:
    """The segment with its target, hits checked and flags saying what happened."""
    terms = tuple(replace(h, ok=ok) for h, ok in zip(segment.terms, chosen.check.ok, strict=True))
    flags = _own_flags_removed(segment)
    if split:
        flags.append(segment_split())
    if chosen.strategy is Strategy.SPLIT:
        flags.append(protect_fallback())
    if chosen.empty:
        flags.append(engine_empty())
    flags += [term_missing(hit) for hit in terms if not hit.ok]
    origin = _ORIGINS.get(chosen.strategy, TargetOrigin.MT)
    return segment.with_(
        target=chosen.text,
        terms=terms,
        flags=tuple(flags),
        state=SegmentState.TRANSLATED,
        origin=origin,
    )


def _translate_batch(engine: Translator, todo: Sequence[Segment]) -> list[Segment]:
    strategy, outputs = _primary(engine, todo)
    split = split_sources(engine)  # read before the retry batch replaces it
    chosen = [
        _candidate(strategy, raw, segment, empty=not raw.strip())
        for segment, raw in zip(todo, outputs, strict=True)
    ]
    failing = [i for i, first in enumerate(chosen) if not first.check.passed]
    retries = _split(engine, [todo[i] for i in failing]) if failing else []
    for i, (raw, empty) in zip(failing, retries, strict=True):
        retry = _candidate(Strategy.SPLIT, raw, todo[i], empty=empty)
        # Strictly better only: on a tie the whole-sentence translation reads better.
        if retry.score > chosen[i].score:
            chosen[i] = retry
    return [
        _finish(segment, best, split=i in split)
        for i, (segment, best) in enumerate(zip(todo, chosen, strict=True))
    ]


def _recalled(segment: Segment) -> bool:
    return segment.origin == TargetOrigin.TM and segment.target is not None


def _needs_engine(segment: Segment) -> bool:
    return segment.translate and bool(segment.source.strip()) and not _recalled(segment)


def _from_memory(segment: Segment) -> Segment:
    # The approved English is kept as is; only the glossary check runs on it.
    target = segment.target or ""
    return _finish(
        segment, _Candidate(Strategy.MEMORY, target, verify(target, segment.terms), False)
    )


def _copy(segment: Segment) -> Segment:
    if not segment.translate:
        # Nothing was machine-translated: the source stands as the target, left in
        # state initial for the reviewer; detect's lang-kept flag says why.
        return segment.with_(
            target=segment.source,
            flags=tuple(_own_flags_removed(segment)),
            origin=TargetOrigin.SOURCE,
        )
    # Blank: the copy is the whole translation (whitespace has no marker to remove).
    check = verify(segment.source, segment.terms)
    return _finish(segment, _Candidate(Strategy.COPY, segment.source, check, empty=False))


def translate(doc: Document, engine: Translator) -> Document:
    """Every segment's target, with each protected occurrence proven present or flagged.

    Translatable segments go to the engine in one batch, plus one more for those
    whose terms the first strategy lost. EngineError from the engine propagates.
    """
    if isinstance(engine, Recalling):
        doc = engine.recall(doc)
    todo = [segment for segment in doc.segments() if _needs_engine(segment)]
    translated = iter(_translate_batch(engine, todo) if todo else [])

    def finish(segment: Segment) -> Segment:
        if _needs_engine(segment):
            return next(translated)
        return _from_memory(segment) if _recalled(segment) else _copy(segment)

    return doc.map_segments(finish).with_(engine=engine.info)
