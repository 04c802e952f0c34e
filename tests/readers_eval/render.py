"""Render a gold release as the files people actually send: TXT, Markdown, HTML, PDF.

Each renderer returns the gold blocks the file must read back as (a plain-text export
has no tables, so its gold has none). The TXT looks like text pulled out of a PDF
(hard wraps, page numbers between pages); the HTML page has navigation, a cookie
banner and a footer around the release; the PDF is laid out in one or two columns,
across pages, with a running header and footer.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from tests.formats.pdf_fixtures import BOLD, REGULAR, Page, Text, draw_pdf, wrap
from tests.readers_eval.corpus import Gold

__all__ = ["PdfLayout", "render_html", "render_markdown", "render_pdf", "render_txt"]


def _merged_dateline(gold: list[Gold]) -> list[tuple[str, str, int]]:
    """Blocks as written: a dateline ending with a dash opens the next paragraph."""
    out: list[tuple[str, str, int]] = []
    for kind, text, level in gold:
        if out and out[-1][0] == "dateline" and out[-1][1].endswith("–"):
            out[-1] = ("paragraph", f"{out[-1][1]} {text}", 0)
        else:
            out.append((kind, text, level))
    return out


def _table_rows(blocks: list[tuple[str, str, int]], start: int) -> tuple[list[list[str]], int]:
    cells = []
    index = start
    while index < len(blocks) and blocks[index][0] == "table_cell":
        cells.append(blocks[index][1])
        index += 1
    return [cells[i : i + 2] for i in range(0, len(cells), 2)], index


def render_txt(gold: list[Gold], path: Path) -> list[Gold]:
    lines: list[str] = []
    page = 1
    for n, (kind, text, level) in enumerate(_merged_dateline(gold)):
        if kind == "table_cell":
            continue
        if kind == "list_item":
            marker = "- " if level == 0 else "  – "
            lines.extend(textwrap.wrap(text, 76, initial_indent=marker, subsequent_indent="  "))
            continue
        if lines:
            lines.append("")
        lines.extend(textwrap.wrap(text, 78, break_long_words=False, break_on_hyphens=False))
        if n and n % 6 == 0:
            lines.extend(["", f"– {page} –", ""])
            page += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [g for g in gold if g[0] != "table_cell"]


def render_markdown(gold: list[Gold], path: Path) -> list[Gold]:
    out: list[str] = []
    blocks = _merged_dateline(gold)
    index = 0
    while index < len(blocks):
        kind, text, level = blocks[index]
        if kind == "table_cell":
            rows, index = _table_rows(blocks, index)
            out.append(
                "\n".join(
                    [f"| {rows[0][0]} | {rows[0][1]} |", "|---|---|"]
                    + [f"| {a} | {b} |" for a, b in rows[1:]]
                )
            )
            continue
        if kind == "heading":
            out.append(f"{'#' * max(level, 1)} {text}")
        elif kind == "lead":
            out.append(f"**{text}**")
        elif kind == "list_item":
            item = f"{'  ' * level}- {text}"
            if out and out[-1].lstrip().startswith("- "):
                out[-1] += "\n" + item
            else:
                out.append(item)
        elif kind == "quote":
            out.append("> " + text)
        else:
            out.append(text)
        index += 1
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return gold


def render_html(gold: list[Gold], path: Path, *, chrome: bool = True) -> list[Gold]:
    body: list[str] = []
    blocks = _merged_dateline(gold)
    index = 0
    depth = 0
    while index < len(blocks):
        kind, text, level = blocks[index]
        escaped = html.escape(text, quote=False)
        if kind != "list_item":
            body.extend(["</li></ul>"] * depth)
            depth = 0
        if kind == "table_cell":
            rows, index = _table_rows(blocks, index)
            body.append(
                "<table>"
                + "".join(
                    "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                    for row in rows
                )
                + "</table>"
            )
            continue
        if kind == "heading":
            body.append(f"<h{level}>{escaped}</h{level}>")
        elif kind == "lead":
            body.append(f'<p class="chapo"><strong>{escaped}</strong></p>')
        elif kind == "list_item":
            if level + 1 > depth:
                body.append("<ul><li>" if depth == 0 or level + 1 > depth else "")
                depth = level + 1
            elif level + 1 < depth:
                body.append("</li></ul>")
                depth = level + 1
                body.append("</li><li>")
            else:
                body.append("</li><li>")
            body.append(escaped)
        elif kind == "quote":
            body.append(f"<blockquote><p>{escaped}</p></blockquote>")
        else:
            body.append(f"<p>{escaped}</p>")
        index += 1
    body.extend(["</li></ul>"] * depth)
    article = "<main><article>" + "\n".join(body) + "</article></main>"
    if chrome:
        article = (
            '<div class="cookie-banner">Nous utilisons des cookies. <button>OK</button></div>'
            '<header><nav><a href="/">Accueil</a> <a href="/presse">Espace presse</a></nav>'
            "</header>" + article + '<aside class="related"><h2>Sur le même sujet</h2>'
            "<p>Autres communiqués</p></aside><footer><p>Mentions légales – Plan du site</p>"
            "</footer>"
        )
    page = (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Communiqué</title>'
        "<script>var tracker = 1;</script></head><body>" + article + "</body></html>"
    )
    path.write_text(page, encoding="utf-8")
    return gold


@dataclass
class PdfLayout:
    columns: int = 1
    size: tuple[float, float] = (595.0, 842.0)
    header: str = "Communiqué de presse"
    footer: str = "– {n} –"  # {n} page number, {total} page count
    body_size: float = 10.0
    margin: float = 56.0
    gutter: float = 24.0


@dataclass
class _Flow:
    layout: PdfLayout
    pages: list[Page] = field(default_factory=list)
    column: int = 0
    y: float = 0.0
    top: float = 0.0

    def __post_init__(self) -> None:
        self.new_page()

    @property
    def width(self) -> float:
        usable = self.layout.size[0] - 2 * self.layout.margin
        if self.layout.columns == 1:
            return usable
        return (usable - self.layout.gutter) / 2

    @property
    def x(self) -> float:
        return self.layout.margin + self.column * (self.width + self.layout.gutter)

    def new_page(self) -> None:
        self.pages.append(Page())
        self.column = 0
        self.top = self.y = self.layout.size[1] - 70

    def next_frame(self) -> None:
        if self.column + 1 < self.layout.columns:
            self.column += 1
            self.y = self.top
        else:
            self.new_page()

    def lines(self, lines: list[str], size: float, font: str, indent: float = 0.0) -> None:
        pitch = size * 1.25
        for line in lines:
            if self.y - pitch < 60:
                self.next_frame()
            self.pages[-1].texts.append(Text(self.x + indent, self.y - size, line, size, font))
            self.y -= pitch

    def full_width(self, lines: list[str], size: float, font: str) -> None:
        """Lines across the whole page above the columns (title, chapô, dateline)."""
        for line in lines:
            self.pages[-1].texts.append(Text(self.layout.margin, self.y - size, line, size, font))
            self.y -= size * 1.25
        self.top = self.y


def _hyphenable(text: str) -> str:
    """Soft hyphens in the middle of long lower-case words, as a word processor's
    hyphenation would allow breaks there; URLs may break after a slash."""
    words = []
    for word in text.split(" "):
        if word.startswith(("http://", "https://")):
            head, _, path = word.partition("://")
            word = head + "://" + path.replace("/", "/\u200b")
            words.append(word)
            continue
        if len(word) >= 10 and word.isalpha() and word.islower():
            middle = len(word) // 2
            word = f"{word[:middle]}\u00ad{word[middle:]}"
        words.append(word)
    return " ".join(words)


def render_pdf(gold: list[Gold], path: Path, layout: PdfLayout) -> list[Gold]:
    flow = _Flow(layout)
    size = layout.body_size
    page_width = layout.size[0] - 2 * layout.margin
    blocks = _merged_dateline(gold)
    index = 0
    head = True  # title, chapô and dateline run across the page, above the columns
    while index < len(blocks):
        kind, text, level = blocks[index]
        if head and kind not in ("heading", "lead", "dateline"):
            head = False
        if head:
            font_size, font = (16.0, BOLD) if kind == "heading" else (size + 1, BOLD)
            if kind == "dateline":
                font_size, font = size, REGULAR
            flow.full_width(wrap(text, page_width, font_size, font), font_size, font)
            flow.y -= 8
            flow.top = flow.y
            index += 1
            continue
        if kind == "table_cell":
            rows, index = _table_rows(blocks, index)
            if flow.y - 16 * len(rows) < 60:
                flow.next_frame()
            for r, row in enumerate(rows):
                cell_x = flow.x
                for cell in row:
                    font = BOLD if r == 0 else REGULAR
                    flow.pages[-1].texts.append(Text(cell_x, flow.y - size, cell, size, font))
                    cell_x += flow.width / 2
                flow.y -= 16
            flow.y -= 8
            continue
        if kind == "heading":
            flow.y -= 4
            heading = wrap(text, flow.width, size + 2, BOLD)
            if flow.y - (len(heading) + 2) * (size + 2) * 1.25 < 60:
                flow.next_frame()  # "keep with next": a heading never ends a column
            flow.lines(heading, size + 2, BOLD)
        elif kind == "list_item":
            indent = 10.0 + 16.0 * level
            bullet = "•" if level == 0 else "–"
            wrapped = wrap(f"{bullet} {text}", flow.width - indent, size)
            flow.lines(wrapped[:1], size, REGULAR, indent)
            flow.lines(wrapped[1:], size, REGULAR, indent + 8)
            index += 1
            if index < len(blocks) and blocks[index][0] == "list_item":
                continue
            flow.y -= 8
            continue
        else:
            flow.lines(wrap(_hyphenable(text), flow.width, size), size, REGULAR)
        flow.y -= 8
        index += 1
    total = len(flow.pages)
    for number, page in enumerate(flow.pages, start=1):
        page.texts.append(Text(layout.margin, layout.size[1] - 40, layout.header, 8))
        footer = layout.footer.format(n=number, total=total)
        page.texts.append(Text(layout.size[0] / 2 - 15, 30, footer, 8))
    draw_pdf(path, flow.pages, size=layout.size)
    return gold
