"""The translate stage: one batch through the engine, then proof that every term survived.

Needs protected segments (``Segment.terms``) and a :class:`Translator`; adds
``Segment.target``, ``state``, each hit's ``ok``, flags, and ``Document.engine``.

Strategy chain, per segment (docs/glossary-protection.md argues each choice):

1. **keep** when the engine is a :class:`SpanKeepingTranslator` (Apertium): the
   segment goes as pieces, each protected span replaced by its target form and marked
   keep, so the engine carries it through verbatim. Otherwise **inline**: the target
   forms are written into the French source (``Soyouz`` → ``Soyuz``) and the whole
   batch goes through ``translate``. No placeholders: NMT drops and mangles them,
   while it copies a capitalised foreign word it does not know.
2. **verify**: each distinct target form must occur in the translation, at word
   boundaries and in exact case, exactly as many times as the segment's hits carry it.
3. **split**, for the segments that failed: the text between protected spans is
   translated on its own (one batch for all of them) and joined with the target
   forms, which therefore appear verbatim; then verify again.
4. Keep the candidate with the most hits right (the first strategy on a tie). Hits
   that fail are ``ok=False`` with an ERROR ``term-missing`` flag each; the others
   ``ok=True``. A target taken from the split gets an INFO ``protect-fallback`` flag.

Segments kept in their own language (``translate=False``) and blank segments get
``target = source`` unchanged, with their hits checked the same way. Every segment
leaves in state ``translated`` (a draft waiting for review), kept ones included: the
reviewer signs them off like the rest, and the detect stage's flag says why they
are in the source language.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bilingue.document import Document, Flag, Segment, SegmentState, Severity, TermHit
from bilingue.engines import Piece, SpanKeepingTranslator, Translator
from bilingue.errors import EngineError

__all__ = [
    "FLAG_CODES",
    "STRATEGIES",
    "check_terms",
    "count_form",
    "inline_source",
    "pieces",
    "remove_markers",
    "translate",
]

STRATEGIES = ("keep", "inline", "split")
FLAG_CODES = ("term-missing", "protect-fallback", "engine-empty")
# Placeholder shapes NMT pipelines use; bilingue sends none, but an engine or a
# wrapper might, and a reviewer must never see one.
_MARKER = re.compile(r"[ \t]*(?:⟨[^⟨⟩]{0,12}⟩|XTERM\d+X)")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class _Candidate:
    strategy: str
    text: str
    ok: tuple[bool, ...]
    empty: bool  # the engine returned nothing for some text with letters

    @property
    def score(self) -> int:
        return sum(self.ok)


def count_form(text: str, form: str) -> int:
    """Occurrences of ``form`` in ``text``, exact case, not inside a longer word or mark."""
    if not form:
        return 0
    # `*Soyuz` or `#Soyuz` is an engine's mark on a word, not the term itself.
    return len(re.findall(rf"(?<![\w*#@]){re.escape(form)}(?!\w)", text))


def check_terms(translation: str, hits: Sequence[TermHit]) -> tuple[bool, ...]:
    """Per hit: does ``translation`` carry its target form as often as the source does?

    A form also counts where it sits inside another hit's target (``ESA`` inside
    ``ESA Director General``), so nested targets neither hide nor invent a miss.
    """
    forms = {hit.target for hit in hits}
    expected: Counter[str] = Counter()
    for hit in hits:
        for form in forms:
            expected[form] += count_form(hit.target, form)
    verdict = {form: count_form(translation, form) == expected[form] for form in forms}
    return tuple(verdict[hit.target] for hit in hits)


def remove_markers(text: str) -> str:
    """``text`` without placeholder markers (and the spaces before them), stripped."""
    return _MARKER.sub("", text).strip()


def _ordered(hits: Sequence[TermHit]) -> list[TermHit]:
    return sorted(hits, key=lambda hit: hit.start)


def pieces(source: str, hits: Sequence[TermHit]) -> list[Piece]:
    """``source`` cut at its hits: French text to translate, target forms to keep."""
    out: list[Piece] = []
    cursor = 0
    for hit in _ordered(hits):
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


def _primary(engine: Translator, segments: Sequence[Segment]) -> tuple[str, list[str]]:
    if isinstance(engine, SpanKeepingTranslator):
        items = [pieces(s.source, s.terms) for s in segments]
        return "keep", _checked(engine.translate_keeping(items), len(items))
    sources = [inline_source(s.source, s.terms) for s in segments]
    return "inline", _checked(engine.translate(sources), len(sources))


def _checked(outputs: Sequence[str], expected: int) -> list[str]:
    if len(outputs) != expected:
        raise EngineError(
            f"the engine returned {len(outputs)} translations for {expected} segments",
            hint="no translation was kept; report this engine and input",
        )
    return list(outputs)


@dataclass(frozen=True)
class _Gap:
    """French text between protected spans; only ``core`` goes to the engine."""

    lead: str
    core: str
    trail: str


def _gap(text: str) -> _Gap:
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :] if core else ""
    return _Gap(lead, core, trail)


def _split(engine: Translator, segments: Sequence[Segment]) -> list[tuple[str, bool]]:
    """Each segment translated around its hits: (text, engine returned nothing)."""
    layouts: list[list[Piece | _Gap]] = []
    queue: list[str] = []
    for segment in segments:
        layout: list[Piece | _Gap] = []
        for text, keep in pieces(segment.source, segment.terms):
            if keep or not _LETTER.search(text):
                layout.append((text, True))  # punctuation and spaces need no engine
            else:
                gap = _gap(text)
                layout.append(gap)
                queue.append(gap.core)
        layouts.append(layout)
    translated = iter(_checked(engine.translate(queue), len(queue)) if queue else [])
    results: list[tuple[str, bool]] = []
    for layout in layouts:
        text = ""
        empty = False
        for item in layout:
            if isinstance(item, _Gap):
                english = next(translated).strip()
                empty = empty or not english
                # Nothing came back: one space stands for the gap, not two.
                part = item.lead + english + item.trail if english else item.lead or item.trail
            else:
                part = item[0]
            text = _join(text, part)
        results.append((text, empty))
    return results


def _join(left: str, right: str) -> str:
    """``left + right``, never gluing two words where a term meets translated text.

    Terms start and end on word boundaries, but the engine may drop the comma after
    a term or turn an elided ``l’`` into ``the``: ``the`` + ``ESA`` needs a space.
    """
    if left[-1:].isalnum() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


def _candidate(strategy: str, raw: str, segment: Segment, *, empty: bool) -> _Candidate:
    text = remove_markers(raw)
    return _Candidate(strategy, text, check_terms(text, segment.terms), empty)


def _finish(segment: Segment, chosen: _Candidate, first: _Candidate) -> Segment:
    """The segment with its target, hits checked and flags saying what happened."""
    terms = tuple(replace(hit, ok=ok) for hit, ok in zip(segment.terms, chosen.ok, strict=True))
    flags = [flag for flag in segment.flags if flag.code not in FLAG_CODES]
    if chosen is not first:
        lost = dict.fromkeys(
            f"{hit.source} → {hit.target}"
            for hit, ok in zip(segment.terms, first.ok, strict=True)
            if not ok
        )
        flags.append(
            Flag(
                "protect-fallback",
                f"target from strategy {chosen.strategy} (text between protected terms "
                f"translated on its own): the {first.strategy} translation lost " + ", ".join(lost),
                Severity.INFO,
            )
        )
    if chosen.empty:
        flags.append(
            Flag(
                "engine-empty",
                "the engine returned nothing for part of this segment",
                Severity.WARNING,
            )
        )
    missing = Counter((hit.source, hit.target) for hit in terms if hit.ok is False)
    for (source, target), count in missing.items():
        times = f" ({count} occurrences)" if count > 1 else ""
        flags.append(
            Flag(
                "term-missing",
                f"glossary term not in translation: {source} → {target}{times}",
                Severity.ERROR,
            )
        )
    return segment.with_(
        target=chosen.text, terms=terms, flags=tuple(flags), state=SegmentState.TRANSLATED
    )


def _translate_batch(engine: Translator, todo: Sequence[Segment]) -> list[Segment]:
    strategy, outputs = _primary(engine, todo)
    firsts = [
        _candidate(strategy, raw, segment, empty=not raw.strip())
        for segment, raw in zip(todo, outputs, strict=True)
    ]
    chosen = list(firsts)
    failing = [i for i, first in enumerate(firsts) if not all(first.ok)]
    retries = _split(engine, [todo[i] for i in failing]) if failing else []
    for i, (raw, empty) in zip(failing, retries, strict=True):
        retry = _candidate("split", raw, todo[i], empty=empty)
        if retry.score > firsts[i].score:
            chosen[i] = retry
    return [
        _finish(segment, best, first)
        for segment, first, best in zip(todo, firsts, chosen, strict=True)
    ]


def _needs_engine(segment: Segment) -> bool:
    return segment.translate and bool(segment.source.strip())


def _copy(segment: Segment) -> Segment:
    # Kept or blank: the source stands as the target; its hits are still checked.
    kept = _Candidate("copy", segment.source, check_terms(segment.source, segment.terms), False)
    return _finish(segment, kept, kept)


def translate(doc: Document, engine: Translator) -> Document:
    """Every segment's target, with each protected occurrence proven present or flagged.

    Translatable segments go to the engine in one batch (plus one more for the
    segments whose terms the first pass lost); EngineError from the engine propagates.
    """
    todo = [segment for segment in doc.segments() if _needs_engine(segment)]
    translated = iter(_translate_batch(engine, todo) if todo else [])

    def finish(segment: Segment) -> Segment:
        return next(translated) if _needs_engine(segment) else _copy(segment)

    return doc.map_segments(finish).with_(engine=engine.info)
