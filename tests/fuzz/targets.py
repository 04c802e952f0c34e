"""One fuzz target per reader: bytes in, a result or a BilingueError out, nothing else.

Shared by the Hypothesis properties (tests/fuzz/test_readers.py, in CI) and the
time-bounded `make fuzz` run (tests/fuzz/run.py, atheris when installed). Each
target writes the bytes to a file with the reader's extension and reads it back;
a BilingueError is the expected refusal, any other exception is a bug.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from bilingue.errors import BilingueError

__all__ = ["SEEDS", "TARGETS", "ZIPPED", "mutate_zip", "run_target"]

_FOLDER = Path(tempfile.mkdtemp(prefix="bilingue-fuzz-"))


def _reader(module: str, function: str) -> Callable[[Path], Any]:
    import importlib

    return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]


# name → (extension, "module:function")
TARGETS: dict[str, tuple[str, str]] = {
    "txt": (".txt", "bilingue.formats.txt:read_txt"),
    "docx": (".docx", "bilingue.formats.docx_source:read_docx"),
    "review-docx": (".docx", "bilingue.formats.review_import:read_reviewed_docx"),
    "pdf": (".pdf", "bilingue.formats.pdf:read_pdf"),
    "html": (".html", "bilingue.formats.html:read_html"),
    "markdown": (".md", "bilingue.formats.markdown:read_markdown"),
    "odt": (".odt", "bilingue.formats.odt:read_odt"),
    "sidecar-json": (".json", "bilingue.formats.sidecar_json:read_sidecar"),
    "tmx": (".tmx", "bilingue.formats.tmx:read_tmx"),
    "tbx": (".tbx", "bilingue.glossary.tbx:read_tbx"),
    "tsv-glossary": (".tsv", "bilingue.glossary.store:read_tsv"),
    "xlsx-glossary": (".xlsx", "bilingue.glossary.exchange:import_glossary"),
}


# Targets whose input is a zip: fuzzers edit the members' bytes and re-zip them.
ZIPPED = ("docx", "review-docx", "odt", "xlsx-glossary")


def run_target(name: str, data: bytes) -> None:
    """Feed ``data`` to the reader ``name``: return on a result or a BilingueError."""
    suffix, spec = TARGETS[name]
    module, _, function = spec.partition(":")
    path = _FOLDER / f"input{suffix}"
    path.write_bytes(data)
    with contextlib.suppress(BilingueError):  # the expected refusal
        _reader(module, function)(path)


def mutate_zip(seed: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """``seed`` (a zip) with byte edits applied INSIDE its members, then re-zipped.

    Flipping bytes of the compressed stream only tests zlib; editing the XML itself
    reaches the parsers. Each edit is (member index, offset, new byte).
    """
    with zipfile.ZipFile(io.BytesIO(seed)) as source:
        parts = [(info.filename, bytearray(source.read(info))) for info in source.infolist()]
    for index, offset, value in edits:
        _, data = parts[index % len(parts)]
        if data:
            data[offset % len(data)] = value
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            target.writestr(name, bytes(data))
    return out.getvalue()


@cache
def _seeds() -> dict[str, bytes]:
    from tests.hostile.corpus import (
        FRENCH,
        plain_docx,
        plain_odt,
        tbx_entity_attack,
        xlsx_glossary,
    )

    xlsx = _FOLDER / "seed.xlsx"
    xlsx_glossary(xlsx)
    tbx = tbx_entity_attack(_FOLDER / "seed.tbx", "", "").read_bytes()
    tmx = (
        b'<?xml version="1.0"?><tmx version="1.4"><header srclang="fr" datatype="plaintext" '
        b'segtype="sentence" adminlang="en" creationtool="x" creationtoolversion="1" '
        b'o-tmf="x"/><body><tu><tuv xml:lang="fr"><seg>Mars <bpt i="1">&lt;b&gt;</bpt>'
        b'rouge</seg></tuv><tuv xml:lang="en"><seg>Red Mars</seg></tuv></tu></body></tmx>'
    )
    return {
        "txt": FRENCH.encode() + "\n\nÉté « 2013 » — 5 %\n".encode("cp1252"),
        "docx": plain_docx(),
        "pdf": _pdf(FRENCH),
        "html": f"<html><body><h1>CNES</h1><p>{FRENCH}</p></body></html>".encode(),
        "markdown": f"# CNES\n\n{FRENCH}\n\n- Mars\n- *Lune*\n".encode(),
        "odt": plain_odt(),
        "review-docx": plain_docx(),
        "sidecar-json": b'{"format": "bilingue-sidecar", "version": 1, "blocks": []}',
        "tmx": tmx,
        "tbx": tbx,
        "tsv-glossary": b"source\ttarget\ttype\nCNES\tCNES\torganisation\n",
        "xlsx-glossary": xlsx.read_bytes(),
    }


def _pdf(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, text[:80])
    page.save()
    return out.getvalue()


class _Seeds(dict[str, bytes]):
    def __missing__(self, key: str) -> bytes:
        self.update(_seeds())
        return self[key]


SEEDS = _Seeds()
