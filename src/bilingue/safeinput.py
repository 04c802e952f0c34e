"""Hardened input: checks every untrusted file passes before a library or parser sees it.

bilingue opens files that come from outside (releases, reviewed DOCX, partner
glossaries, model packages). Zip containers are checked from their central
directory and then by inflating each XML part once as a stream, so a bomb is
refused at a bounded cost in memory: too many members, too many bytes in total or in
one member, a member that compresses too well, encrypted or unusual compression,
duplicate names, an XML part with too many tags, or a DTD (OOXML and ODF never
declare one, so a ``<!DOCTYPE`` or ``<!ENTITY`` is an attack, not a dialect).

Python's zipfile never inflates past a member's declared size (and fails the CRC
when a header lies), so checking declared sizes bounds what python-docx, openpyxl
and our own readers can later inflate.
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bilingue.errors import BadInput, BilingueError

__all__ = [
    "DOCX_LIMITS",
    "GLOSSARY_MAX_BYTES",
    "MODEL_LIMITS",
    "ODT_LIMITS",
    "REVIEW_DOCX_LIMITS",
    "SIDECAR_MAX_BYTES",
    "TMX_MAX_BYTES",
    "XLSX_LIMITS",
    "ZipLimits",
    "check_archive",
    "check_regular_file",
    "check_zip",
    "load_json",
    "open_checked_zip",
    "special_kind",
]

MIB = 1024 * 1024

# Compression methods every office suite and Argos package uses; anything else
# (deflate64, bzip2, lzma, AES) is refused rather than half-supported.
_PLAIN_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD_MARKS = tuple(
    mark.encode(codec)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(mark) for mark in _DTD_MARKS) - 1
_CHUNK = MIB


# Plain files read whole (glossaries, sidecars) or streamed (TMX): checked to be regular
# files no larger than this before the first byte is read.
GLOSSARY_MAX_BYTES = 64 * MIB  # a 100,000-term glossary is about 10 MB
SIDECAR_MAX_BYTES = 256 * MIB  # bilingue writes them; a 50 MB source gives ~100 MB
TMX_MAX_BYTES = 1024 * MIB  # streamed; a million-unit memory is a few hundred MB


@dataclass(frozen=True)
class ZipLimits:
    """The most a zip of one kind may hold; every field is a hard refusal."""

    kind: str  # shown in messages: "DOCX", "XLSX", "model package"
    max_members: int
    max_total_bytes: int  # sum of every member's uncompressed size
    max_member_bytes: int  # one member, uncompressed
    max_ratio: float  # uncompressed / compressed, for members past ratio_floor_bytes
    max_xml_tags: int  # '<' characters over all XML parts: bounds the parsed tree's nodes
    ratio_floor_bytes: int = MIB  # small members may compress any amount (headers, blanks)
    hint: str = ""


# Word/LibreOffice files: photos make the total, XML compresses 5-40x in practice.
# python-docx holds every XML part as an lxml tree, about 400 bytes a tag: a million
# tags (a 300-page report has a few hundred thousand) keeps a read under ~500 MB.
DOCX_LIMITS = ZipLimits(
    kind="DOCX",
    max_members=5000,
    max_total_bytes=256 * MIB,
    max_member_bytes=128 * MIB,
    max_ratio=200,
    max_xml_tags=1_000_000,
    hint="re-save it from Word or LibreOffice",
)
# A review DOCX is the one bilingue wrote, come back: about 170 tags a segment (six
# shaded cells, runs, a status drop-down), parsed by lxml at about 120 bytes a tag.
# Five million tags take a 29,000-segment review (20,000 read back in 3.7 s and
# 410 MB); a release is a few hundred.
REVIEW_DOCX_LIMITS = replace(DOCX_LIMITS, max_xml_tags=5_000_000)
ODT_LIMITS = ZipLimits(
    kind="ODT",
    max_members=5000,
    max_total_bytes=256 * MIB,
    max_member_bytes=128 * MIB,
    max_ratio=200,
    max_xml_tags=1_000_000,
    hint="re-save it from LibreOffice Writer as .odt",
)
# A glossary spreadsheet is a few thousand rows.
XLSX_LIMITS = ZipLimits(
    kind="XLSX",
    max_members=2000,
    max_total_bytes=64 * MIB,
    max_member_bytes=64 * MIB,
    max_ratio=200,
    max_xml_tags=1_000_000,
    hint="save it from a spreadsheet as .xlsx",
)
# An Argos package is a CTranslate2 model (tens to hundreds of MB of weights that
# barely compress), a SentencePiece model and small JSON/text files.
MODEL_LIMITS = ZipLimits(
    kind="model package",
    max_members=10_000,
    max_total_bytes=4096 * MIB,
    max_member_bytes=4096 * MIB,
    max_ratio=200,  # int8 weights compress about 1.1 to 1; only a bomb reaches 200
    max_xml_tags=1_000_000,
    hint="download the package again",
)


_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def special_kind(mode: int) -> str | None:
    """What a file of ``mode`` is when it is neither a regular file nor a folder
    ("a FIFO", "a socket"…): reading it would block or never end. None otherwise."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return next((name for test, name in _SPECIAL_KINDS if test(mode)), "a special file")


def check_regular_file(
    path: Path, *, max_bytes: int, error: type[BilingueError] = BadInput, hint: str = ""
) -> int:
    """The size of ``path``, once known to be a regular file of at most ``max_bytes``.

    A FIFO would block the reader forever and a device (``/dev/zero``) never ends, so
    only regular files (links followed) are read; the size is checked before reading.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError as err:
        raise error("no such file", path=path, hint="check the path") from err
    except OSError as err:
        raise error(f"cannot read file ({err.strerror})", path=path) from err
    if stat.S_ISDIR(info.st_mode):
        raise error("is a folder, not a file", path=path)
    if not stat.S_ISREG(info.st_mode):
        raise error("not a regular file (a pipe, device or socket)", path=path)
    if info.st_size > max_bytes:
        raise error(
            f"file too large ({_size(info.st_size)}; the limit is {_size(max_bytes)})",
            path=path,
            hint=hint,
        )
    return info.st_size


def check_zip(
    path: Path, limits: ZipLimits, *, error: type[BilingueError] = BadInput
) -> list[zipfile.ZipInfo]:
    """Refuse ``path`` unless it is a zip within ``limits``; return its members."""
    with open_checked_zip(path, limits, error=error) as archive:
        return archive.infolist()


def open_checked_zip(
    path: Path, limits: ZipLimits, *, error: type[BilingueError] = BadInput
) -> zipfile.ZipFile:
    """``path`` opened as a zip that passed every check in ``limits`` (caller closes it)."""
    path = Path(path)
    check_regular_file(path, max_bytes=limits.max_total_bytes, error=error, hint=limits.hint)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as err:
        raise error(
            f"not a {limits.kind} file (not a zip archive)", path=path, hint=limits.hint
        ) from err
    except OSError as err:
        raise error(f"cannot read file ({err.strerror})", path=path) from err
    try:
        check_archive(archive, limits, path=path, error=error)
    except BaseException:
        archive.close()
        raise
    return archive


def check_archive(
    archive: zipfile.ZipFile,
    limits: ZipLimits,
    *,
    path: str | Path,
    error: type[BilingueError] = BadInput,
) -> None:
    """Refuse an open zip (from a file or from bytes) unless it is within ``limits``.

    Call it before handing the archive, its file or its bytes to any library.
    """
    _check_directory(archive.infolist(), limits, Path(path), error)
    _check_xml_parts(archive, limits, Path(path), error)


def _check_directory(
    members: list[zipfile.ZipInfo],
    limits: ZipLimits,
    path: Path,
    error: type[BilingueError],
) -> None:
    """Every check the central directory alone can answer."""

    def refuse(message: str) -> BilingueError:
        return error(f"{limits.kind} refused: {message}", path=path, hint=limits.hint)

    if len(members) > limits.max_members:
        raise refuse(f"{len(members)} members (the limit is {limits.max_members})")
    seen: set[str] = set()
    total = 0
    for info in members:
        name = info.filename
        if not name:  # zipfile's own is_dir() fails on it; no format has one
            raise refuse("a member has an empty name")
        if name in seen:
            raise refuse(f"member {name!r} appears twice")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise refuse(f"member {name!r} is encrypted")
        if info.compress_type not in _PLAIN_METHODS:
            raise refuse(
                f"member {name!r} uses an unsupported compression method "
                f"({info.compress_type}; only stored and deflate are read)"
            )
        if info.file_size > limits.max_member_bytes:
            raise refuse(
                f"member {name!r} unpacks to {_size(info.file_size)} "
                f"(the limit is {_size(limits.max_member_bytes)})"
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise refuse(f"unpacks to more than {_size(limits.max_total_bytes)}")
        if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            ratio = info.file_size / max(info.compress_size, 1)
            raise refuse(
                f"member {name!r} is compressed {ratio:.0f} to 1 "
                f"(the limit is {limits.max_ratio:.0f}; a zip bomb?)"
            )


def _check_xml_parts(
    archive: zipfile.ZipFile, limits: ZipLimits, path: Path, error: type[BilingueError]
) -> None:
    """Inflate each XML part once, as a stream: count its tags and look for a DTD."""
    tags = 0
    for info in archive.infolist():
        if not info.filename.lower().endswith(_XML_SUFFIXES):
            continue
        for chunk in _stream(archive, info, limits, path, error):
            tags += chunk.count(b"<")
            if any(mark in chunk for mark in _DTD_MARKS):
                raise error(
                    f"{limits.kind} refused: {info.filename} declares a DTD or entities, "
                    "which this format never does",
                    path=path,
                    hint=limits.hint,
                )
        if tags > limits.max_xml_tags:
            raise error(
                f"{limits.kind} refused: more than {limits.max_xml_tags:,} XML tags "
                f"(at {info.filename}; a zip bomb?)",
                path=path,
                hint=limits.hint,
            )


def _stream(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: ZipLimits,
    path: Path,
    error: type[BilingueError],
) -> Iterator[bytes]:
    """The member's bytes in chunks, each starting with the previous chunk's tail.

    The overlap lets a mark split across two chunks still be found; it can count a
    few '<' twice, which only makes the tag cap stricter by a handful.
    """
    tail = b""
    try:
        with archive.open(info) as member:
            while block := member.read(_CHUNK):
                yield tail + block
                tail = block[-_OVERLAP:]
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as err:
        raise error(
            f"not a {limits.kind} file (damaged {info.filename}: {err})",
            path=path,
            hint=limits.hint,
        ) from err
    except RuntimeError as err:  # zipfile: "File ... is encrypted, password required"
        raise error(
            f"{limits.kind} refused: {info.filename} cannot be read ({err})",
            path=path,
            hint=limits.hint,
        ) from err
    except Exception as err:  # zlib.error and the like: a damaged deflate stream
        raise error(
            f"not a {limits.kind} file (damaged {info.filename}: {err})",
            path=path,
            hint=limits.hint,
        ) from err


def load_json(
    raw: bytes | str,
    *,
    path: str | Path | None,
    error: type[BilingueError] = BadInput,
    what: str = "JSON",
) -> Any:
    """Parse ``raw`` as JSON, or raise ``error`` naming ``path`` and what is wrong.

    json.loads recurses once per nesting level, so ``[[[[…`` 100,000 deep ends in
    RecursionError; that is a refusal like any other malformed file.
    """
    import json

    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as err:
        raise error(f"{what} is not UTF-8 ({err.reason})", path=path) from err
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise error(f"{what} is not valid JSON ({err})", path=path) from err
    except RecursionError as err:
        raise error(f"{what} is nested too deeply to read", path=path) from err


def _size(count: int) -> str:
    if count >= MIB:
        return f"{count / MIB:.0f} MB"
    return f"{count} bytes"
