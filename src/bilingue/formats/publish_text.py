"""The English release as plain text, Markdown or HTML, from the published blocks.

Body blocks in reading order (tables as tables, lists with their markers), then the
footnotes and endnotes as a numbered list of notes. Headers and footers are page
furniture and stay out of these formats. Inline codes become Markdown or HTML
formatting; plain text keeps the words only (and a link's URL after its text).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Sequence

from bilingue.document import BlockKind, Document
from bilingue.formats.english import EnglishBlock, english_blocks

__all__ = ["render_html", "render_markdown", "render_text"]

_NOTE_PARTS = ("footnote", "endnote")
_MD_MARKS = {"bold": "**", "italic": "*", "sub": "~", "sup": "^"}
_HTML_TAGS = {"bold": "strong", "italic": "em", "underline": "u", "sup": "sup", "sub": "sub"}

Formatter = Callable[[EnglishBlock], str]


def _body_and_notes(doc: Document) -> tuple[list[EnglishBlock], list[EnglishBlock]]:
    body: list[EnglishBlock] = []
    notes: list[EnglishBlock] = []
    for english in english_blocks(doc):
        part = english.block.part
        if part in _NOTE_PARTS:
            notes.append(english)
        elif part in ("body", "textbox"):
            body.append(english)
    return body, notes


def _spans(english: EnglishBlock) -> Iterator[tuple[str, list[tuple[str, str]], list[str]]]:
    """(text piece, [(kind, data) active over it], placeholder kinds just before it)."""
    text = english.text
    paired = [c for c in english.codes if not c.is_placeholder and c.end > c.start]
    points = [c for c in english.codes if c.is_placeholder]
    cuts = sorted(
        {0, len(text)}
        | {min(c.start, len(text)) for c in english.codes}
        | {min(c.end, len(text)) for c in paired}
    )
    for start, end in zip(cuts, [*cuts[1:], None], strict=True):
        here = [c.kind for c in points if min(c.start, len(text)) == start]
        if end is None:
            if here:
                yield "", [], here
            return
        active = [(c.kind, c.data) for c in paired if c.start <= start and end <= c.end]
        yield text[start:end], active, here


def _note_marks(kinds: list[str], counter: list[int], template: str) -> str:
    """Footnote and endnote references numbered in reading order (``counter`` is shared)."""
    out = ""
    for kind in kinds:
        if kind in ("footnote", "endnote"):
            counter[0] += 1
            out += template.format(n=counter[0])
    return out


def _inline_markdown(english: EnglishBlock, counter: list[int] | None = None) -> str:
    out: list[str] = []
    for piece, active, points in _spans(english):
        out.append(_note_marks(points, counter if counter is not None else [0], "[^{n}]"))
        escaped = _md_escape(piece)
        core = escaped.strip()
        if not core:
            out.append(escaped)
            continue
        lead = escaped[: len(escaped) - len(escaped.lstrip())]
        trail = escaped[len(escaped.rstrip()) :]
        for kind, data in active:
            if kind == "link":
                core = f"[{core}]({data})"
            elif kind in _MD_MARKS:
                core = f"{_MD_MARKS[kind]}{core}{_MD_MARKS[kind]}"
        out.append(lead + core + trail)
    return "".join(out)


def _md_escape(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_[]<>|" else c for c in text)


def _inline_html(english: EnglishBlock, counter: list[int] | None = None) -> str:
    out: list[str] = []
    for piece, active, points in _spans(english):
        out.append(_note_marks(points, counter if counter is not None else [0], "<sup>{n}</sup>"))
        part = html.escape(piece)
        for kind, data in active:
            if kind == "link":
                part = f'<a href="{html.escape(data, quote=True)}">{part}</a>'
            elif kind in _HTML_TAGS:
                part = f"<{_HTML_TAGS[kind]}>{part}</{_HTML_TAGS[kind]}>"
        out.append(part)
    return "".join(out).replace("\n", "<br>")


def _inline_text(english: EnglishBlock, counter: list[int] | None = None) -> str:
    out: list[str] = []
    for piece, active, points in _spans(english):
        out.append(_note_marks(points, counter if counter is not None else [0], "[{n}]"))
        out.append(piece)
        url = next((data for kind, data in active if kind == "link"), "")
        if url and not url.startswith("#") and url not in piece:
            out.append(f" <{url}>")
    return "".join(out)


def _tables(blocks: Sequence[EnglishBlock]) -> Iterator[EnglishBlock | list[EnglishBlock]]:
    """Each block in reading order, a table's cells gathered into one list."""
    index = 0
    while index < len(blocks):
        block = blocks[index].block
        if block.table is None:
            yield blocks[index]
            index += 1
            continue
        number = block.table.table
        cells: list[EnglishBlock] = []
        while index < len(blocks) and (cell := blocks[index].block.table) is not None:
            if cell.table != number:
                break
            cells.append(blocks[index])
            index += 1
        yield cells


def _grid(cells: Sequence[EnglishBlock], fmt: Formatter) -> list[list[str]]:
    places = [c.block.table for c in cells if c.block.table is not None]
    rows = 1 + max(place.row for place in places)
    cols = 1 + max(place.col + place.colspan - 1 for place in places)
    grid = [["" for _ in range(cols)] for _ in range(rows)]
    for english in cells:
        cell = english.block.table
        assert cell is not None
        text = fmt(english)
        previous = grid[cell.row][cell.col]
        grid[cell.row][cell.col] = f"{previous} {text}".strip()
    return grid


def _list_marker(english: EnglishBlock, counters: dict[int, int], markdown: bool) -> str:
    block = english.block
    level = block.list_level
    numbered = block.list_kind == "number" or block.style[5:6].isdigit()
    if numbered:
        counters[level] = counters.get(level, 0) + 1
        marker = f"{counters[level]}."
    else:
        marker = "-" if markdown else "•"
    return "   " * level + marker + " "


def render_markdown(doc: Document, *, draft: bool = False) -> str:
    """The release as Markdown: headings, dateline in italics, lists, quotes, tables."""
    body, notes = _body_and_notes(doc)
    lines: list[str] = ["**DRAFT — not reviewed**", ""] if draft else []
    counters: dict[int, int] = {}
    notes_seen = [0]
    for item in _tables(body):
        if isinstance(item, list):
            grid = _grid(item, _inline_markdown)
            lines.append("| " + " | ".join(grid[0]) + " |")
            lines.append("|" + "---|" * len(grid[0]))
            lines += ["| " + " | ".join(row) + " |" for row in grid[1:]]
            lines.append("")
            continue
        english = item
        block = english.block
        text = _inline_markdown(english, notes_seen)
        if block.kind is not BlockKind.LIST_ITEM:
            counters.clear()
        if block.kind is BlockKind.HEADING:
            lines.append("#" * max(1, min(block.level, 6)) + " " + text)
        elif block.kind is BlockKind.DATELINE:
            lines.append(f"*{text}*")
        elif block.kind is BlockKind.QUOTE:
            lines.append("> " + text)
        elif block.kind is BlockKind.LIST_ITEM:
            lines.append(_list_marker(english, counters, markdown=True) + text)
            continue  # list items stay together, no blank line between them
        else:
            lines.append(text)
        lines.append("")
    if notes:
        lines += ["---", ""]
        lines += [f"[^{n}]: {_inline_markdown(e)}" for n, e in enumerate(notes, start=1)]
    return "\n".join(_tidy(lines)).rstrip() + "\n"


def _tidy(lines: list[str]) -> list[str]:
    """A blank line after a run of list items, none doubled."""
    out: list[str] = []
    for line in lines:
        if out and line and out[-1] and _is_list(out[-1]) and not _is_list(line):
            out.append("")
        if line or (out and out[-1]):
            out.append(line)
    return out


def _is_list(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith("- ") or (stripped[:1].isdigit() and ". " in stripped[:5])


def render_text(doc: Document, *, draft: bool = False) -> str:
    """The release as plain text: one paragraph per line, blank lines between."""
    body, notes = _body_and_notes(doc)
    lines: list[str] = ["DRAFT — not reviewed", ""] if draft else []
    counters: dict[int, int] = {}
    notes_seen = [0]
    for item in _tables(body):
        if isinstance(item, list):
            grid = _grid(item, _inline_text)
            lines += ["\t".join(row) for row in grid]
            lines.append("")
            continue
        english = item
        if english.block.kind is BlockKind.LIST_ITEM:
            marker = _list_marker(english, counters, markdown=False)
            lines.append(marker + _inline_text(english, notes_seen))
            continue
        counters.clear()
        if lines and lines[-1] and _is_bullet(lines[-1]):
            lines.append("")
        lines += [_inline_text(english, notes_seen), ""]
    if notes:
        lines += ["Notes", ""]
        lines += [f"{n}. {_inline_text(e)}" for n, e in enumerate(notes, start=1)]
    return "\n".join(lines).rstrip() + "\n"


def _is_bullet(line: str) -> bool:
    return line.lstrip().startswith("•") or _is_list(line)


def render_html(doc: Document, *, draft: bool = False, language: str = "en-GB") -> str:
    """The release as a standalone HTML page."""
    body, notes = _body_and_notes(doc)
    title = next(
        (html.escape(e.text) for e in body if e.block.kind is BlockKind.HEADING), "Release"
    )
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{language}">',
        f'<head><meta charset="utf-8"><title>{title}</title></head>',
        "<body>",
    ]
    if draft:
        out.append('<p class="draft"><strong>DRAFT — not reviewed</strong></p>')
    open_list = ""
    notes_seen = [0]
    for item in _tables(body):
        wanted = "" if isinstance(item, list) else _html_list(item)
        if open_list and open_list != wanted:
            out.append(f"</{open_list}>")
            open_list = ""
        if wanted and not open_list:
            out.append(f"<{wanted}>")
            open_list = wanted
        if isinstance(item, list):
            grid = _grid(item, _inline_html)
            out.append("<table>")
            out += ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in grid]
            out.append("</table>")
        else:
            out.append(_html_block(item, notes_seen))
    if open_list:
        out.append(f"</{open_list}>")
    if notes:
        out.append('<hr><ol class="notes">')
        out += [f"<li>{_inline_html(e)}</li>" for e in notes]
        out.append("</ol>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_list(english: EnglishBlock) -> str:
    """ "ol" or "ul" for a list item, "" for any other block."""
    block = english.block
    if block.kind is not BlockKind.LIST_ITEM:
        return ""
    return "ol" if block.list_kind == "number" or block.style[5:6].isdigit() else "ul"


def _html_block(english: EnglishBlock, notes_seen: list[int]) -> str:
    block = english.block
    text = _inline_html(english, notes_seen)
    if block.kind is BlockKind.HEADING:
        level = max(1, min(block.level, 6))
        return f"<h{level}>{text}</h{level}>"
    if block.kind is BlockKind.DATELINE:
        return f'<p class="dateline"><em>{text}</em></p>'
    if block.kind is BlockKind.QUOTE:
        return f"<blockquote><p>{text}</p></blockquote>"
    if block.kind is BlockKind.LIST_ITEM:
        return f"<li>{text}</li>"
    return f"<p>{text}</p>"
