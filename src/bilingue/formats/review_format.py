"""Formatting in the review DOCX's text cells, both ways: codes to runs, runs to formatting.

Writing: a segment's inline codes become real formatting (bold, italic, underline,
superscript, subscript; a link a ``w:hyperlink`` to its URL), glossary terms are
coloured on top, QA's suspect words highlighted, and each placeholder (footnote
reference, field, image…) a small grey marker such as ``⟦footnote⟧`` in a locked
content control.

Reading: a cell as printed with tracked changes accepted, with each character's
formatting (direct or from a character style) and the markers taken out of the text
and kept as positions. Colour, size, highlight and shading are bilingue's decoration
and never read back; so is the underline of a link.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from bilingue.document import PLACEHOLDER_KINDS, InlineCode
from bilingue.formats.ooxml import (
    NOT_TEXT,
    attr,
    run_content_xml,
    track_field,
    visible_text,
    w,
)

__all__ = [
    "FORMAT_KINDS",
    "CellFormat",
    "Decoration",
    "PairedSpan",
    "cell_format",
    "cell_text",
    "formatted_runs",
    "marker",
    "styles_map",
]

# Paired code kinds shown (and read back) as run formatting; "link" is a w:hyperlink.
FORMAT_KINDS = ("bold", "italic", "underline", "sup", "sub")
_MARKER = re.compile("⟦(" + "|".join(sorted(PLACEHOLDER_KINDS)) + ")⟧")
_MARKER_COLOUR = "808080"
_LINK_COLOUR = "0563C1"
_HIGHLIGHT = "yellow"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_OFF = ("0", "false", "off", "none")


def marker(kind: str) -> str:
    """The text standing for a placeholder of ``kind`` in a review cell."""
    return f"⟦{kind}⟧"


@dataclass(frozen=True)
class Decoration:
    """bilingue's own colouring over a text: never formatting, never read back."""

    start: int
    end: int
    colour: str = ""  # a glossary term's colour
    underline: bool = False  # a missed glossary term (source column only)
    highlight: bool = False  # a QA suspect word


def formatted_runs(
    text: str,
    codes: Sequence[InlineCode],
    decorations: Sequence[Decoration],
    link_id: Callable[[str], str],
    *,
    lang: str,
    size: float | None = None,
) -> str:
    """``text`` as runs: codes as formatting and hyperlinks, decorations over them.

    ``link_id`` gives the relationship id of a URL (``#name`` for a bookmark anchor).
    """
    paired = [c for c in codes if not c.is_placeholder and c.start < c.end]
    placeholders = sorted((c for c in codes if c.is_placeholder), key=lambda c: c.start)
    cuts = {0, len(text)}
    bounds = [(c.start, c.end) for c in paired] + [(d.start, d.end) for d in decorations]
    for low, high in bounds:
        cuts.update((min(max(low, 0), len(text)), min(max(high, 0), len(text))))
    cuts.update(min(c.start, len(text)) for c in placeholders)
    edges: list[int | None] = [*sorted(cuts), None]
    out: list[str] = []
    link_open = ""
    for start, end in pairwise(edges):
        here = [c for c in placeholders if min(c.start, len(text)) == start]
        if here and link_open:
            out.append("</w:hyperlink>")
            link_open = ""
        out += [_marker_xml(c.kind, lang) for c in here]
        if start is None or end is None or end <= start:
            continue
        active = [c for c in paired if c.start <= start and end <= c.end]
        url = next((c.data for c in active if c.kind == "link" and c.data), "")
        if url != link_open:
            if link_open:
                out.append("</w:hyperlink>")
            if url:
                out.append(_hyperlink_open(url, link_id))
            link_open = url
        decoration = [d for d in decorations if d.start <= start and end <= d.end]
        colour = next((d.colour for d in decoration if d.colour), "")
        out.append(
            _run(
                text[start:end],
                kinds={c.kind for c in active},
                colour=colour or (_LINK_COLOUR if url else ""),
                underline_decoration=any(d.underline for d in decoration) or bool(url),
                highlight=any(d.highlight for d in decoration),
                size=size,
                lang=lang,
            )
        )
    if link_open:
        out.append("</w:hyperlink>")
    if not text and not placeholders:
        out.append(_run("", kinds=set(), size=size, lang=lang))
    return "".join(out)


def _hyperlink_open(url: str, link_id: Callable[[str], str]) -> str:
    if url.startswith("#"):
        return f"<w:hyperlink w:anchor={attr(url[1:])}>"
    return f'<w:hyperlink r:id={attr(link_id(url))} w:history="1">'


def _marker_xml(kind: str, lang: str) -> str:
    # Locked in Word (sdtContentLocked: neither deleted nor edited); LibreOffice keeps
    # the text, and the importer reads markers from the text alone.
    run = _run(marker(kind), kinds=set(), colour=_MARKER_COLOUR, size=7, lang=lang)
    return (
        '<w:sdt><w:sdtPr><w:alias w:val="bilingue code"/><w:lock w:val="sdtContentLocked"/>'
        f"</w:sdtPr><w:sdtContent>{run}</w:sdtContent></w:sdt>"
    )


def _run(
    text: str,
    *,
    kinds: set[str],
    colour: str = "",
    underline_decoration: bool = False,
    highlight: bool = False,
    size: float | None = None,
    lang: str,
) -> str:
    # CT_RPr order (ECMA-376 §17.3.2.28): b, i, color, sz, highlight, u, vertAlign, lang.
    vertical = "superscript" if "sup" in kinds else "subscript" if "sub" in kinds else ""
    props = "".join(
        (
            "<w:b/>" if "bold" in kinds else "",
            "<w:i/>" if "italic" in kinds else "",
            f'<w:color w:val="{colour}"/>' if colour else "",
            f'<w:sz w:val="{round(size * 2)}"/>' if size else "",
            f'<w:highlight w:val="{_HIGHLIGHT}"/>' if highlight else "",
            '<w:u w:val="single"/>' if "underline" in kinds or underline_decoration else "",
            f'<w:vertAlign w:val="{vertical}"/>' if vertical else "",
            f'<w:lang w:val="{lang}"/>',
        )
    )
    return f"<w:r><w:rPr>{props}</w:rPr>{run_content_xml(text)}</w:r>"


# Reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PairedSpan:
    kind: str  # one of FORMAT_KINDS, or "link"
    start: int
    end: int
    data: str = ""  # a link's URL


@dataclass(frozen=True)
class CellFormat:
    """A cell's text as printed, its formatting spans and its placeholder markers."""

    text: str
    spans: tuple[PairedSpan, ...] = ()
    markers: tuple[tuple[str, int], ...] = ()  # (placeholder kind, offset in text)


# Soft hyphens show only where a line breaks: not part of the words read back.
_NOT_TEXT = NOT_TEXT | {w("softHyphen")}
_LEAVES = {
    w("tab"): "\t",
    w("ptab"): "\t",
    w("br"): "\n",
    w("cr"): "\n",
    w("noBreakHyphen"): "\u2011",
}


def styles_map(styles: Any | None) -> dict[str, frozenset[str]]:
    """Character style id → the formatting kinds it turns on (``basedOn`` followed)."""
    if styles is None:
        return {}
    own: dict[str, tuple[str, dict[str, bool]]] = {}
    for style in styles.iterchildren(w("style")):
        if style.get(w("type")) != "character":
            continue
        based = style.find(w("basedOn"))
        rpr = style.find(w("rPr"))
        own[style.get(w("styleId"), "")] = (
            based.get(w("val"), "") if based is not None else "",
            _direct(rpr) if rpr is not None else {},
        )

    def resolve(style_id: str, depth: int = 0) -> dict[str, bool]:
        if style_id not in own or depth > 20:
            return {}
        parent, props = own[style_id]
        return {**resolve(parent, depth + 1), **props}

    return {key: frozenset(k for k, on in resolve(key).items() if on) for key in own}


def _direct(rpr: Any) -> dict[str, bool]:
    """Formatting kinds a ``w:rPr`` sets on (True) or off (False)."""
    found: dict[str, bool] = {}
    for tag, kind in (("b", "bold"), ("i", "italic")):
        element = rpr.find(w(tag))
        if element is not None:
            found[kind] = element.get(w("val"), "true").lower() not in _OFF
    underline = rpr.find(w("u"))
    if underline is not None:
        found["underline"] = underline.get(w("val"), "single").lower() not in _OFF
    vertical = rpr.find(w("vertAlign"))
    if vertical is not None:
        value = vertical.get(w("val"), "")
        found["sup"], found["sub"] = value == "superscript", value == "subscript"
    return found


def cell_format(cell: Any, styles: dict[str, frozenset[str]], links: dict[str, str]) -> CellFormat:
    """What ``cell`` prints (tracked changes accepted), with formatting and markers.

    ``links`` maps relationship ids to hyperlink URLs.
    """
    pieces = [p for p in _pieces(cell, styles, links, [], "", frozenset()) if p[0]]
    text = "".join(piece for piece, _ in pieces)
    if "⟦" not in text:  # the common case: no markers, spans straight from the pieces
        return CellFormat(text, tuple(_piece_spans(pieces)))
    # Markers out of the text: kept as positions, their own formatting dropped.
    kinds: list[frozenset[str]] = []
    for piece, formats in pieces:
        kinds += [formats] * len(piece)
    markers: list[tuple[str, int]] = []
    plain: list[str] = []
    plain_formats: list[frozenset[str]] = []
    position = 0
    for match in _MARKER.finditer(text):
        plain.append(text[position : match.start()])
        plain_formats += kinds[position : match.start()]
        markers.append((match.group(1), len("".join(plain))))
        position = match.end()
    plain.append(text[position:])
    plain_formats += kinds[position:]
    spans = _piece_spans([("x", formats) for formats in plain_formats])
    return CellFormat("".join(plain), tuple(spans), tuple(markers))


def cell_text(cell: Any) -> str:
    """What ``cell`` prints (tracked changes accepted), placeholder markers taken out."""
    return _MARKER.sub("", visible_text(cell))


def _piece_spans(pieces: list[tuple[str, frozenset[str]]]) -> Iterator[PairedSpan]:
    """Maximal runs of each formatting kind (and of each link URL) over ``pieces``."""
    open_at: dict[str, int] = {}
    position = 0
    for piece, formats in [*pieces, ("", frozenset())]:
        for name in [n for n in open_at if n not in formats]:
            kind, _, url = name.partition("\0")
            yield PairedSpan(kind, open_at.pop(name), position, url)
        for name in formats:
            open_at.setdefault(name, position)
        position += len(piece)


def _pieces(
    element: Any,
    styles: dict[str, frozenset[str]],
    links: dict[str, str],
    fields: list[bool],
    url: str,
    formats: frozenset[str],
) -> Iterator[tuple[str, frozenset[str]]]:
    """(text, formatting names) in print order; mirrors :func:`ooxml.visible_text`."""
    first_paragraph = True
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _NOT_TEXT:
            continue
        if tag == w("p"):
            if not first_paragraph:
                yield "\n", frozenset()
            first_paragraph = False
            yield from _pieces(child, styles, links, fields, url, formats)
        elif tag == w("r"):
            yield from _pieces(child, styles, links, fields, url, _run_formats(child, styles, url))
        elif tag == w("hyperlink"):
            target = links.get(child.get(f"{_R}id", ""), "")
            anchor = child.get(w("anchor"), "")
            target = target or (f"#{anchor}" if anchor else url)
            yield from _pieces(child, styles, links, fields, target, formats)
        elif tag == w("fldChar"):
            track_field(child, fields)
        elif tag in _LEAVES or tag == w("t"):
            if not any(fields):
                yield (child.text or "") if tag == w("t") else _LEAVES[tag], formats
        elif tag != w("sym"):
            yield from _pieces(child, styles, links, fields, url, formats)


def _run_formats(run: Any, styles: dict[str, frozenset[str]], url: str) -> frozenset[str]:
    rpr = run.find(w("rPr"))
    on: set[str] = set()
    if rpr is not None:
        style = rpr.find(w("rStyle"))
        if style is not None:
            on |= styles.get(style.get(w("val"), ""), frozenset())
        for kind, value in _direct(rpr).items():
            (on.add if value else on.discard)(kind)
    if url:
        on.discard("underline")  # a link's own underline, not the reviewer's formatting
        on.add(f"link\0{url}")
    return frozenset(on)
