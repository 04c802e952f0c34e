"""Reading an input file safely: regular files only, size checked before reading.

Every reader gets its bytes here, so a FIFO cannot hang a run, a link to ``/dev/zero``
cannot fill the memory, and a file too large to be a press release is refused with a
message instead of a run that never ends (issue 12).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bilingue.errors import BadInput, EmptyDocument
from bilingue.safeinput import special_kind

__all__ = ["MAX_SOURCE_BYTES", "read_source_bytes"]

# A press release is a few kB of text, or a DOCX of a few MB with its photos; 50 MB
# leaves room for a heavy DOCX and stops a 50 MB text dump (a whole book) from taking
# many minutes to segment, translate and write.
MAX_SOURCE_BYTES = 50 * 1024 * 1024


def read_source_bytes(path: Path) -> bytes:
    """The bytes of ``path``, or BadInput when it is not a regular file of a sane size.

    The file is opened without blocking and checked on the open descriptor, so what is
    checked is what is read (a FIFO is never waited on, a swapped file never slips in).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as err:
        raise BadInput("no such file", path=path, hint="check the path") from err
    except IsADirectoryError as err:
        raise BadInput("not a regular file (a folder)", path=path) from err
    except OSError as err:
        raise BadInput(f"cannot read file ({err.strerror})", path=path) from err
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else special_kind(info.st_mode)
            raise BadInput(
                f"not a regular file ({kind})",
                path=path,
                hint="give a document file, not a folder, pipe or device",
            )
        limit = MAX_SOURCE_BYTES
        if info.st_size > limit:
            raise BadInput(
                f"file too large ({_megabytes(info.st_size)}; the limit is {_megabytes(limit)})",
                path=path,
                hint="a press release is far smaller: split the document or export its text",
            )
        if info.st_size == 0:
            raise EmptyDocument(path=path)
        os.set_blocking(fd, True)
        return _read_at_most(fd, limit, path)
    except OSError as err:
        raise BadInput(f"cannot read file ({err.strerror})", path=path) from err
    finally:
        os.close(fd)


def _read_at_most(fd: int, limit: int, path: Path) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(fd, 1024 * 1024):
        total += len(chunk)
        if total > limit:  # the file grew after it was checked
            raise BadInput(f"file too large (over {_megabytes(limit)})", path=path)
        chunks.append(chunk)
    return b"".join(chunks)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
