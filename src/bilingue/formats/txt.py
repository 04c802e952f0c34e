"""Plain-text reader: bytes → text (encoding detected and verified) → paragraph blocks."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from bilingue.document import Block, BlockKind, Document, Flag
from bilingue.errors import BadInput, EmptyDocument
from bilingue.flags import encoding_guessed, encoding_repaired
from bilingue.formats.plain_layout import split_paragraph_lines, wrap_width
from bilingue.formats.source_file import read_source_bytes

__all__ = [
    "decode_text",
    "decode_text_repairing",
    "french_score",
    "read_txt",
    "split_blocks",
    "text_to_document",
]

# Single-byte encodings a French file plausibly uses, in order of preference when two
# decode equally well: Windows editors wrote cp1252 for decades, ISO-8859-15 added € and
# œ to Latin-1, and old Mac exports used Mac Roman.
_LEGACY_ENCODINGS = ("cp1252", "iso8859_15", "latin_1", "mac_roman")

# Non-ASCII characters ordinary French text is made of; anything else in the non-ASCII
# range (½, ¤, Ž, C1 controls…) hints that the bytes were decoded with the wrong table.
_FRENCH_NON_ASCII = frozenset(
    "àâäæçéèêëîïôöœùûüÿÀÂÄÆÇÉÈÊËÎÏÔÖŒÙÛÜŸ«»‹›’‘“”„–—…€°§©®™•·\u00a0\u202f"
)

# Control characters that have a place in text files: tab, newlines, form feed (page
# breaks in PDF extractions), vertical tab.
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")

# Above this share of stray control characters the file is binary, whatever it decodes as.
_MAX_CONTROL_RATIO = 0.05

# UTF-16 and UTF-32 text without a byte-order mark: of a French text's code units, at
# least this share have a NUL high byte (ASCII and Latin-1 letters), and at most this
# share of its low bytes are NUL (a text holds no NUL characters); everything decoded
# must then be printable text, so 16-bit samples or zero padding stay binary.
_MIN_NUL_HIGH = 0.5
_MAX_NUL_LOW = 0.01
_MIN_PRINTABLE = 0.98

_BINARY = "not a text file (binary content)"
_BINARY_HINT = "give a .txt or .docx export of the release"


def read_txt(path: Path) -> Document:
    """Read a plain-text release into one PARAGRAPH block per blank-line-separated chunk."""
    path = Path(path)
    text, encoding, notes = decode_text_repairing(read_source_bytes(path), path=path)
    return text_to_document(text, source_path=str(path), encoding=encoding, notes=notes)


def text_to_document(
    text: str, *, source_path: str, encoding: str = "", notes: tuple[Flag, ...] = ()
) -> Document:
    """Normalise newlines and Unicode, then split ``text`` into paragraph blocks: at blank
    lines, and where a line plainly ends a paragraph (:mod:`bilingue.formats.plain_layout`)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    chunks = split_blocks(text)
    width = wrap_width([chunk.split("\n") for chunk in chunks])
    chunks = [
        "\n".join(run)
        for chunk in chunks
        for run in split_paragraph_lines(chunk.split("\n"), width)
    ]
    if not chunks:
        raise EmptyDocument(path=source_path)
    blocks = tuple(
        Block(id=f"p{n}", kind=BlockKind.PARAGRAPH, text=chunk)
        for n, chunk in enumerate(chunks, start=1)
    )
    return Document(source_path=source_path, blocks=blocks, encoding=encoding, notes=notes)


def split_blocks(text: str) -> list[str]:
    """Chunks of ``text`` separated by blank or whitespace-only lines, lines kept verbatim."""
    chunks: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            lines.append(line)
        elif lines:
            chunks.append("\n".join(lines))
            lines = []
    if lines:
        chunks.append("\n".join(lines))
    return chunks


def decode_text(data: bytes, *, path: str | Path | None = None) -> tuple[str, str]:
    """Decode ``data`` and name the encoding used (a Python codec name).

    Raises BadInput for empty or binary content.
    """
    text, encoding, _ = decode_text_repairing(data, path=path)
    return text, encoding


def decode_text_repairing(
    data: bytes, *, path: str | Path | None = None
) -> tuple[str, str, tuple[Flag, ...]]:
    """Decode ``data``: (text, encoding, one note per line read with a fallback table).

    A UTF-8 file with a line pasted from an old cp1252 mail is decoded line by line:
    the UTF-8 lines as UTF-8, the others with the legacy table that reads them best,
    each noted, so one bad line never garbles the rest (``é`` → ``Ã©``).
    """
    notes: tuple[Flag, ...] = ()
    if not data.strip():
        raise EmptyDocument(path=path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Word's "Unicode text" export; the only case where NUL bytes are legitimate.
        text, encoding = _decode_or_binary(data, "utf-16", path), "utf-16"
    elif b"\x00" in data:
        wide = _wide_without_bom(data)
        if wide is None:
            raise BadInput(_BINARY, path=path, hint=_BINARY_HINT)
        text, encoding = wide
        notes = (encoding_guessed(encoding),)
    elif data.startswith(codecs.BOM_UTF8):
        text, encoding = _decode_or_binary(data, "utf-8-sig", path), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            mixed = _decode_mixed(data, path)
            if mixed is None:
                text, encoding = _decode_legacy(data, path)
            else:
                text, notes = mixed
                encoding = "utf-8"
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise BadInput(_BINARY, path=path, hint=_BINARY_HINT)
    return text, codecs.lookup(encoding).name, notes


def _decode_mixed(data: bytes, path: str | Path | None) -> tuple[str, tuple[Flag, ...]] | None:
    """Line-by-line decoding when some non-ASCII lines are valid UTF-8 and others not.

    None when no non-ASCII line is valid UTF-8: the file is in one legacy encoding,
    which :func:`_decode_legacy` reads whole, without a note per line.
    """
    lines = data.split(b"\n")
    decoded: list[str | None] = []
    utf8_lines = 0
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
            utf8_lines += not line.isascii()
        except UnicodeDecodeError:
            decoded.append(None)
    if not utf8_lines:
        return None
    bad = [line for line, text in zip(lines, decoded, strict=True) if text is None]
    # One table for all the foreign lines, chosen on all of them together.
    _, legacy = _decode_legacy(b"\n".join(bad), path)
    name = codecs.lookup(legacy).name
    notes = tuple(
        encoding_repaired(number, name)
        for number, text in enumerate(decoded, start=1)
        if text is None
    )
    text = "\n".join(
        line.decode(legacy) if text is None else text
        for line, text in zip(lines, decoded, strict=True)
    )
    return text, notes


def _wide_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, codec) of UTF-32 or UTF-16 text saved without a byte-order mark, else None.

    Such text has its NUL bytes in fixed columns (the high bytes of ASCII letters),
    never in the low ones; binary data with NULs fails that, or fails to decode
    cleanly, or decodes to control characters rather than printable text.
    """
    candidates = (
        ("utf-32-le", 4, (1, 2, 3), 0),
        ("utf-32-be", 4, (2, 1, 0), 3),
        ("utf-16-le", 2, (1,), 0),
        ("utf-16-be", 2, (0,), 1),
    )
    for encoding, width, high, low in candidates:
        units = len(data) // width
        if not units or len(data) % width:
            continue
        # UTF-32: the top two bytes of every BMP character are NUL; the third is
        # NUL for Latin letters, like UTF-16's high byte.
        if any(data[column::width].count(0) != units for column in high[1:]):
            continue
        if data[high[0] :: width].count(0) < _MIN_NUL_HIGH * units:
            continue
        if data[low::width].count(0) > _MAX_NUL_LOW * units:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(1 for char in text if char.isprintable() or char in _TEXT_CONTROLS)
        if printable >= _MIN_PRINTABLE * len(text):
            return text, encoding
    return None


def _decode_or_binary(data: bytes, encoding: str, path: str | Path | None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise BadInput(_BINARY, path=path, hint=_BINARY_HINT) from err


def _decode_legacy(data: bytes, path: str | Path | None) -> tuple[str, str]:
    """Best single-byte decoding: charset-normalizer proposes, French plausibility decides."""
    from charset_normalizer import from_bytes

    try:
        matches = from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS))
        proposed = [match.encoding for match in matches]
    except (ValueError, LookupError, RuntimeError):
        # The detector is only a proposal: if it fails on odd bytes, the usual tables
        # below are still tried, and French plausibility still decides.
        proposed = []
    # charset-normalizer rejects files it finds too messy; still try the usual tables.
    candidates = [*proposed, *(e for e in _LEGACY_ENCODINGS if e not in proposed)]
    decoded: list[tuple[int, int, str, str]] = []
    for rank, encoding in enumerate(candidates):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        decoded.append((-french_score(text), _preference(encoding, rank), encoding, text))
    if not decoded:
        raise BadInput(_BINARY, path=path, hint=_BINARY_HINT)
    _, _, encoding, text = min(decoded)
    return text, encoding


def _preference(encoding: str, rank: int) -> int:
    # cp1252 wins ties with Latin-1: it reads 0x80–0x9F as ’ œ € … where Latin-1 has
    # invisible C1 controls, and both agree everywhere else.
    return -1 if encoding == "cp1252" else rank


def french_score(text: str) -> int:
    """How French the non-ASCII characters of ``text`` look: +1 per expected, -1 per odd one."""
    score = 0
    for char in text:
        if char.isascii():
            continue
        if char in _FRENCH_NON_ASCII:
            score += 1
        elif unicodedata.category(char) == "Cc":
            score -= 3
        else:
            score -= 1
    return score


def _control_ratio(text: str) -> float:
    stray = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in _TEXT_CONTROLS
    )
    return stray / max(len(text), 1)
