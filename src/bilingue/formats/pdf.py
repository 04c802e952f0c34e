"""PDF reader: pypdfium2's characters with positions → text lines → layout → raw blocks.

PDFium (Apache-2.0/BSD, via pypdfium2) was chosen over pdfminer.six after measuring
both: the same lines in the same order on the AFUP releases, and ~40–80 pages/s
against 8.7 pages/s for pdfminer.six on the 120-page benchmark PDF. What the
characters become (reading order, running headers, headings, lists, tables) is
decided in :mod:`bilingue.formats.pdf_layout` and :mod:`bilingue.formats.pdf_blocks`,
which know nothing of PDFium.
"""

from __future__ import annotations

import ctypes
import time
import unicodedata
from pathlib import Path
from typing import Any

from bilingue.document import Document
from bilingue.errors import BadInput
from bilingue.flags import page_furniture
from bilingue.formats.pdf_blocks import layout_blocks
from bilingue.formats.pdf_layout import Line
from bilingue.formats.source_file import read_source_bytes

__all__ = ["read_pdf"]

# PDFium's FPDF_GetLastError codes for FPDF_LoadDocument (fpdfview.h).
_ERR_FORMAT = 3
_ERR_PASSWORD = 4
_ERR_SECURITY = 6

# A malformed file can make a page very slow to parse; past this budget the reader stops
# with an error instead of appearing to hang (checked between pages).
_SECONDS_BUDGET = 30.0
_SECONDS_PER_PAGE = 1.0

# Characters further apart than this many font sizes on one baseline belong to different
# fragments (a column gutter or a side column), never to one line of text.
_FRAGMENT_GAP = 1.5
_SPACE_GAP = 0.04  # font sizes: a wider gap between two letters is a word space
_OBJECT_CALL = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_BOX_CALL = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
_ASCENT, _DESCENT = 0.75, 0.2  # of the font size, above and below the baseline
_LABEL_MAX = 40  # characters: a bold "Contact presse :" label opening a line
_BOLD_SHARE = 0.8  # a line is bold when this share of its characters is
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demibold")

_HINT = "re-export the PDF from its source document, or give the .docx or .txt"


def read_pdf(path: Path) -> Document:
    """Read a PDF's text layer into raw blocks; running headers/footers become notes."""
    import pypdfium2 as pdfium

    path = Path(path)
    # Bytes through the one checked door (regular file, size limit, never a FIFO).
    data = read_source_bytes(path)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise _open_error(path, err) from err
    try:
        pages = _read_pages(pdf, path)
    except pdfium.PdfiumError as err:
        raise BadInput("not a readable PDF (a page is damaged)", path=path, hint=_HINT) from err
    finally:
        pdf.close()
    if not any(page for page in pages):
        raise BadInput(
            "no text layer: needs OCR",
            path=path,
            hint="the pages are images; run OCR (e.g. ocrmypdf -l fra) and read the result",
        )
    layout = layout_blocks(pages)
    if not layout.blocks:
        raise BadInput("empty document", path=path, hint="the PDF has no body text")
    notes = tuple(page_furniture(text, count) for text, count in layout.removed)
    return Document(source_path=str(path), blocks=layout.blocks, notes=notes)


def _open_error(path: Path, err: Any) -> BadInput:
    code = getattr(err, "err_code", None)
    if code in (_ERR_PASSWORD, _ERR_SECURITY):
        return BadInput(
            "encrypted PDF: needs a password",
            path=path,
            hint="save an unprotected copy (print to PDF) and read that",
        )
    if code == _ERR_FORMAT:
        return BadInput("not a readable PDF (damaged, or not a PDF)", path=path, hint=_HINT)
    return BadInput(f"not a readable PDF ({err})", path=path, hint=_HINT)


def _read_pages(pdf: Any, path: Path) -> list[list[Line]]:
    deadline = time.monotonic() + _SECONDS_BUDGET + _SECONDS_PER_PAGE * len(pdf)
    pages: list[list[Line]] = []
    for index in range(len(pdf)):
        if time.monotonic() > deadline:
            raise BadInput(
                f"gave up reading after page {index}: the PDF is too slow to parse",
                path=path,
                hint=_HINT,
            )
        page = pdf[index]
        textpage = page.get_textpage()
        try:
            width, height = page.get_size()
            pages.append(_page_lines(textpage, index, width, height))
        finally:
            textpage.close()
            page.close()
    return pages


class _Fragment:
    """Characters accumulating into one line fragment (mutable while reading)."""

    __slots__ = ("baseline", "bold", "bold_prefix", "bottom", "chars", "sizes", "top", "x0", "x1")

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.sizes: dict[float, int] = {}
        self.bold = 0
        self.bold_prefix = -1  # characters in the leading bold run; -1 while still in it
        self.baseline = 0.0
        self.x0 = self.x1 = self.top = self.bottom = 0.0


def _page_lines(textpage: Any, page: int, width: float, height: float) -> list[Line]:
    """The page's text lines in PDFium's order, split at gutters, superscripts merged."""
    import pypdfium2.raw as raw

    handle = textpage.raw
    name_buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    fragments: list[_Fragment] = []
    current = _Fragment()

    def close() -> None:
        nonlocal current
        if "".join(current.chars).strip():
            fragments.append(current)
        current = _Fragment()

    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    # Raw prototypes taking and returning plain addresses: pypdfium2's typed wrappers
    # cost more per call than the calls themselves, for thousands of characters a page.
    address = ctypes.cast(handle, ctypes.c_void_p)
    text_object_of = ctypes.cast(raw.FPDFText_GetTextObject, _OBJECT_CALL)
    loose_box_of = ctypes.cast(raw.FPDFText_GetLooseCharBox, _BOX_CALL)
    loose = raw.FS_RECTF()
    loose_address = ctypes.cast(ctypes.pointer(loose), ctypes.c_void_p)
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # characters outside the BMP: ask one by one
        text = "".join(chr(raw.FPDFText_GetUnicode(handle, i)) for i in range(count))
    # Font size and weight belong to the text object a character is drawn by: looked
    # up once per object, not per character (most of the reading time otherwise).
    fonts: dict[int | None, tuple[float, bool]] = {}
    for index, char in enumerate(text):
        if char in "\x02\ufffe":
            # PDFium marks a hyphen drawn at a line end (FPDFText_IsHyphen) as U+0002 one
            # character at a time, U+FFFE in bulk text; it is a real "-" on the page,
            # which the clean stage resolves.
            char = "-"
        elif char <= " " or char.isspace() or "\x7f" <= char <= "\x9f":
            if char in "\r\n":
                close()
            elif current.chars and current.chars[-1] != " ":
                current.chars.append(" ")
            continue
        text_object = text_object_of(address, index)
        font = fonts.get(text_object)
        if font is None:
            font = fonts[text_object] = _font(raw, handle, index, name_buffer, flags)
        size, bold = font
        # Advance-width (loose) boxes: tight glyph boxes make a "1" look spaced out.
        loose_box_of(address, index, loose_address)
        x0, x1, y0, y1 = loose.left, loose.right, loose.bottom, loose.top
        if current.chars and (
            x0 < current.x1 - size  # went back: a new line PDFium did not mark
            or x0 - current.x1 > _FRAGMENT_GAP * max(size, 1.0)
            or y1 < current.bottom
            or y0 > current.top
        ):
            close()
        if not current.chars:
            current.x0, current.x1, current.top, current.bottom = x0, x1, y1, y0
            raw.FPDFText_GetCharOrigin(handle, index, origin_x, origin_y)
            current.baseline = origin_y.value
        elif current.chars[-1] != " " and x0 - current.x1 > _SPACE_GAP * size:
            current.chars.append(" ")  # a gap the PDF drew without a space character
        if current.bold_prefix < 0 and not bold:
            current.bold_prefix = len(current.chars)
        current.chars.append(char)
        if x1 > current.x1:
            current.x1 = x1
        if y1 > current.top:
            current.top = y1
        if y0 < current.bottom:
            current.bottom = y0
        current.sizes[size] = current.sizes.get(size, 0) + 1
        if bold:
            current.bold += 1
    close()
    return _merge_superscripts([_to_line(f, page, width, height) for f in fragments])


def _font(raw: Any, handle: Any, index: int, name_buffer: Any, flags: Any) -> tuple[float, bool]:
    """(size, bold) of the font drawing character ``index``."""
    size = round(float(raw.FPDFText_GetFontSize(handle, index)), 1)
    length = raw.FPDFText_GetFontInfo(handle, index, name_buffer, len(name_buffer), flags)
    # The buffer is reused: the name ends at the first NUL, older bytes follow.
    name = name_buffer.raw[: max(length - 1, 0)].split(b"\0")[0].decode("latin-1").lower()
    bold = raw.FPDFText_GetFontWeight(handle, index) >= 600 or any(b in name for b in _BOLD_NAMES)
    return size, bold


def _to_line(fragment: _Fragment, page: int, width: float, height: float) -> Line:
    size = max(fragment.sizes.items(), key=lambda item: item[1])[0]
    raw_text = "".join(fragment.chars)
    bold_run = raw_text if fragment.bold_prefix < 0 else raw_text[: fragment.bold_prefix]
    return Line(
        text=unicodedata.normalize("NFC", raw_text.strip()),
        # The colon after a bold label is often set in the regular font.
        label=bool(bold_run.strip())
        and (":" in bold_run[:_LABEL_MAX] or raw_text[len(bold_run) :].lstrip().startswith(":")),
        x0=fragment.x0,
        x1=fragment.x1,
        # Distances from the page top, growing downwards, from the baseline and the font
        # size rather than the glyphs' ink, so a line of "–" or of capitals measures the
        # same as any other and the gaps between lines are the leading.
        top=height - (fragment.baseline + _ASCENT * size),
        bottom=height - (fragment.baseline - _DESCENT * size),
        size=size,
        bold=fragment.bold >= _BOLD_SHARE * sum(fragment.sizes.values()),
        page=page,
        page_width=width,
        page_height=height,
    )


def _merge_superscripts(lines: list[Line]) -> list[Line]:
    """Join a fragment PDFium put on a line of its own although it continues the one
    before on the same baseline band (a raised "ème" after "6", a font change)."""
    merged: list[Line] = []
    for line in lines:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and -1.0 <= line.x0 - previous.x1 <= previous.size * 0.5
            and line.top < previous.bottom
            and line.bottom > previous.top
        ):
            merged[-1] = previous.joined(line)
        else:
            merged.append(line)
    return merged
