"""Engine markup in a draft: Apertium's word marks and tags, placeholders; repair or flag.

:func:`clean_markup` runs before the checks on machine output. It removes the marks
Apertium puts on words (``*`` unknown, ``@`` not transferred, ``#`` not generated),
remembering which words were unknown, and puts back the source word where a tag such
as ``<prn>`` replaced it and the words around it say which ("(x,<prn>,z)" from
"(x,y,z)"). What it cannot repair stays in the text and is flagged by
:func:`engine_markup`. Marks that the source itself carries (``@CNES``, ``#Ariane6``)
are text, not marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bilingue.document import Severity
from bilingue.stages.qa.base import QA_MARKUP, Finding, Pair, check

__all__ = ["clean_markup", "engine_markup"]

# A tag as Apertium leaves it: `#<*prn>`, `<prn>`, `<vblex><pri>`.
_TAG = re.compile(r"[#@]?<[*#@]*[a-z][a-z0-9_]*(?:><[a-z][a-z0-9_]*)*>")
_MARKED = re.compile(r"[*#@]+(?=[^\W_])")
_PLACEHOLDER = re.compile(r"⟨[^⟨⟩\s]{0,12}⟩|XTERM\d+X|\{\{?\s*\w{0,20}\s*\}?\}|%\d?[sd]\b")
_TOKEN_AROUND = re.compile(r"\S+")


def _token_at(text: str, index: int) -> str:
    """The marked word starting at ``index`` with what precedes it in its token."""
    for match in _TOKEN_AROUND.finditer(text):
        if match.start() <= index < match.end():
            word = re.match(r"[*#@]+[\w’'-]*", text[index:])
            return text[match.start() : index] + (word.group() if word else "")
    return ""


def _repair_tag(source: str, before: str, after: str) -> str | None:
    """The source word that stood between ``before`` and ``after``, if exactly one did."""
    left = re.search(r"[^\W_]+\W{0,2}$", before)
    right = re.match(r"\W{0,2}[^\W_]+", after)
    if not left or not right:
        return None
    pattern = re.escape(left.group()) + r"([^\W_]+)" + re.escape(right.group())
    found = {m.group(1) for m in re.finditer(pattern, source)}
    return found.pop() if len(found) == 1 else None


def clean_markup(source: str, raw: str) -> Pair:
    """``raw`` without engine marks and with the tags it can repair (see module doc)."""
    repaired: list[str] = []
    text = raw
    # Tags first: `#<*prn>` holds marks of its own.
    out: list[str] = []
    cursor = 0
    for match in _TAG.finditer(text):
        bare = re.sub(r"[*#@]", "", match.group())
        if bare in source:  # "<b>" in the source is text the engine marked
            out += [text[cursor : match.start()], bare]
            cursor = match.end()
            continue
        before = _MARKED.sub("", text[: match.start()])
        word = _repair_tag(source, before, _MARKED.sub("", text[match.end() :]))
        if word is None:
            out += [text[cursor : match.start()], bare]
        else:
            out += [text[cursor : match.start()], word]
            repaired.append(f"engine tag {bare} replaced by {word!r} from the source")
        cursor = match.end()
    text = "".join([*out, text[cursor:]])
    # Then word marks, recording where the unknown words end up.
    pieces: list[str] = []
    unknown: list[tuple[int, int]] = []
    length = 0
    cursor = 0
    for match in _MARKED.finditer(text):
        if _token_at(text, match.start()) in source:
            continue  # `@CNES`, `#Ariane6`: the source wrote it so
        pieces.append(text[cursor : match.start()])
        length += match.start() - cursor
        marked = re.match(r"[\w’'-]*", text[match.end() :])
        size = len(marked.group()) if marked else 0
        if "#" not in match.group():
            unknown.append((length, length + size))
        cursor = match.end()
    pieces.append(text[cursor:])
    cleaned = "".join(pieces)
    leftovers = [m.span() for m in _TAG.finditer(cleaned) if m.group() not in source]
    leftovers += [m.span() for m in _PLACEHOLDER.finditer(cleaned) if m.group() not in source]
    return Pair(
        source=source,
        target=cleaned,
        unknown=tuple(unknown),
        leftovers=tuple(sorted(leftovers)),
        repaired=tuple(repaired),
    )


@check(QA_MARKUP, Severity.ERROR)
def engine_markup(pair: Pair) -> Iterator[Finding]:
    """Engine markup left in the translation (tags, placeholders)."""
    leftovers = list(pair.leftovers)
    if not pair.leftovers:
        # Reviewed English never went through clean_markup: look for markup afresh.
        leftovers = [
            m.span()
            for pattern in (_TAG, _PLACEHOLDER)
            for m in pattern.finditer(pair.target)
            if m.group() not in pair.source
        ]
        leftovers += [
            m.span()
            for m in _MARKED.finditer(pair.target)
            if _token_at(pair.target, m.start()) not in pair.source
        ]
    if leftovers:
        shown = ", ".join(dict.fromkeys(pair.target[s:e] for s, e in leftovers))
        yield Finding(f"engine markup left in the translation: {shown}", tuple(sorted(leftovers)))
    for description in pair.repaired:
        yield Finding(description, severity=Severity.INFO)
