"""The codes stages: block codes handed to segments, then carried onto the English.

``hand_codes`` (after segment) cuts each block's inline codes into its segments.
``carry_codes`` (after translate) places every source code on the target:

1. a code over the whole segment covers the whole target;
2. a paired code (bold, link…) goes on the English of the French it marks: the
   marked fragments are translated in one more batch (the same engine, so the words
   match the sentence's) and looked for in the target, exact case first, at word
   boundaries; the French itself is tried too (names, figures, URLs pass unchanged);
3. a placeholder at the start or end of the French stays at the start or end, on the
   same side of the final punctuation;
4. anything else goes to the nearest word boundary at the same relative place, and
   the segment gets a ``code-moved`` WARNING naming the code: never dropped, never
   doubled.

Engines are used only through :class:`Translator`, so Apertium and Argos are handled
alike; Apertium keeps word order often enough that rule 2 places most codes exactly.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bilingue.document import Document, Flag, FlagCode, InlineCode, Segment, Severity
from bilingue.engines import Translator
from bilingue.errors import EngineError
from bilingue.inline import clip_codes, remap_codes

__all__ = ["CODE_MOVED", "carry_codes", "follow_targets", "hand_codes", "place_codes"]

CODE_MOVED = FlagCode.CODE_MOVED
_LETTER = re.compile(r"[^\W\d_]")
_TRAILING_PUNCT = re.compile(r"[\s.,;:!?…”’)\]]*\Z")
_ARTICLE = re.compile(r"^(?:the|a|an|of|of the|to|to the)\s+", re.IGNORECASE)


def hand_codes(doc: Document) -> Document:
    """Each block's codes cut into its segments (offsets over each segment's source)."""
    blocks = []
    for block in doc.blocks:
        if not block.codes or not block.segments:
            blocks.append(block)
            continue
        offset = block.text.find(block.segments[0].source) if block.segments else 0
        offset = max(offset, 0)
        segments = []
        last = len(block.segments) - 1
        for index, segment in enumerate(block.segments):
            length = len(segment.source) + len(segment.space_after)
            # The last segment also takes placeholders at the very end of the block.
            stop = offset + length + (1 if index == last else 0)
            codes = tuple(
                replace(c, end=min(c.end, len(segment.source)))
                for c in clip_codes(block.codes, offset, stop)
                if c.start <= len(segment.source)
            )
            segments.append(segment.with_(codes=codes))
            offset += length
        blocks.append(block.with_(segments=tuple(segments)))
    return doc.with_(blocks=tuple(blocks))


def _find(target: str, fragment: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first occurrence of ``fragment`` in ``target``, at word boundaries, not
    ``taken`` (by another code of the same kind: two bold words "Paris" stay two)."""
    fragment = fragment.strip()
    if not fragment:
        return None
    for flags in (0, re.IGNORECASE):
        before = r"(?<!\w)" if fragment[0].isalnum() else ""
        after = r"(?!\w)" if fragment[-1].isalnum() else ""
        for match in re.finditer(before + re.escape(fragment) + after, target, flags):
            span = (match.start(), match.end())
            if span not in taken:
                return span
    return None


def _candidates(french: str, english: str) -> list[str]:
    core = _TRAILING_PUNCT.sub("", english.strip())
    out = [english.strip(), core, _ARTICLE.sub("", core), french.strip()]
    return [c for c in dict.fromkeys(out) if c]


def _snap(target: str, position: int) -> int:
    """The word boundary nearest ``position`` in ``target``."""
    position = max(0, min(position, len(target)))
    left = position
    while 0 < left < len(target) and target[left - 1].isalnum() and target[left].isalnum():
        left -= 1
    right = position
    while 0 < right < len(target) and target[right - 1].isalnum() and target[right].isalnum():
        right += 1
    return left if position - left <= right - position else right


def _proportional(code: InlineCode, source: str, target: str) -> tuple[int, int]:
    scale = len(target) / max(len(source), 1)
    start = _snap(target, round(code.start * scale))
    if code.is_placeholder:
        return start, start
    end = _snap(target, round(code.end * scale))
    if not re.search(r"\w", target[start:end]):  # keep at least one word under a paired code
        word = re.compile(r"\w+").search(target, start) or re.compile(r"\w+").search(target)
        start, end = (word.start(), word.end()) if word else (0, len(target))
    return start, end


def _placeholder_span(code: InlineCode, source: str, target: str) -> tuple[int, int] | None:
    if not source[: code.start].strip():
        return 0, 0
    if not source[code.start :].strip():
        return len(target), len(target)  # after the final punctuation, as in the French
    if not _LETTER.search(source[code.start :]):
        end = len(target) - len(_TRAILING_PUNCT.search(target).group(0))  # type: ignore[union-attr]
        return end, end
    return None


def place_codes(segment: Segment, fragments: dict[str, str]) -> Segment:
    """``segment`` with ``target_codes`` placed (see module doc); ``fragments`` maps
    each marked French fragment to the engine's English for it."""
    target = segment.target or ""
    source = segment.source
    placed: list[InlineCode] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    moved: list[InlineCode] = []
    for code in segment.codes:
        span: tuple[int, int] | None
        if code.is_placeholder:
            span = _placeholder_span(code, source, target)
        elif not source[: code.start].strip() and not source[code.end :].strip():
            span = (0, len(target))
        else:
            french = source[code.start : code.end]
            span = None
            for candidate in _candidates(french, fragments.get(french, "")):
                span = _find(target, candidate, taken.get(code.kind, []))
                if span is not None:
                    break
        if span is None:
            span = _proportional(code, source, target)
            moved.append(code)
        taken.setdefault(code.kind, []).append(span)
        placed.append(replace(code, start=span[0], end=span[1]))
    flags = [f for f in segment.flags if f.code != CODE_MOVED]
    if moved:
        names = ", ".join(
            f"{c.kind} {c.id} ({source[c.start : c.end] or 'at ' + str(c.start)})" for c in moved
        )
        flags.append(
            Flag(CODE_MOVED, f"formatting placed approximately: {names}", Severity.WARNING)
        )
    return segment.with_(target_codes=tuple(placed), flags=tuple(flags))


def _needs_placing(segment: Segment) -> bool:
    return bool(segment.codes) and segment.target is not None


def _fragment(segment: Segment, code: InlineCode) -> str:
    return segment.source[code.start : code.end]


def _whole(segment: Segment, code: InlineCode) -> bool:
    source = segment.source
    return not source[: code.start].strip() and not source[code.end :].strip()


def _fragments_to_translate(segments: list[Segment]) -> list[str]:
    """Each distinct marked French fragment that rule 2 needs, in order."""
    wanted: dict[str, None] = {}
    for segment in segments:
        if not segment.translate:
            continue
        for code in segment.codes:
            french = _fragment(segment, code).strip()
            if code.is_placeholder or _whole(segment, code) or not _LETTER.search(french):
                continue  # rules 1 and 3 need no engine; a figure is looked for as is
            wanted.setdefault(french)
    return list(wanted)


def carry_codes(doc: Document, engine: Translator) -> Document:
    """Every translated segment's codes placed on its target (one engine batch).

    EngineError when the engine returns another number of translations than asked.
    """
    todo = [s for s in doc.segments() if _needs_placing(s)]
    wanted = _fragments_to_translate(todo)
    english = engine.translate(wanted) if wanted else []
    if len(english) != len(wanted):
        raise EngineError(
            f"the engine returned {len(english)} translations for {len(wanted)} fragments",
            hint="no translation was kept; report this engine and input",
        )
    fragments = dict(zip(wanted, english, strict=True))

    def finish(segment: Segment) -> Segment:
        if not _needs_placing(segment):
            return segment
        if not segment.translate or segment.target == segment.source:
            return segment.with_(target_codes=segment.codes)
        marked = {
            _fragment(segment, c): fragments.get(_fragment(segment, c).strip(), "")
            for c in segment.codes
        }
        return place_codes(segment, marked)

    return doc.map_segments(finish)


def follow_targets(before: Document, after: Document) -> Document:
    """``after`` with each target's codes moved along with the text a later stage
    changed (QA removing an engine's ``*word`` marks, say): same segments, in order."""
    old = {segment.id: segment.target for segment in before.segments()}

    def follow(segment: Segment) -> Segment:
        previous = old.get(segment.id)
        if not segment.target_codes or previous is None or previous == segment.target:
            return segment
        moved = remap_codes(previous, segment.target or "", segment.target_codes)
        return segment.with_(target_codes=moved)

    return after.map_segments(follow)
