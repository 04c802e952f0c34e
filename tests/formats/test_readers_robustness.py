"""The new readers (PDF, HTML, Markdown, ODT) on files that are not what they claim:
only BilingueErrors naming the file, never another exception, never a hang.

(The shared reader contract, tests/formats/contract.py, is being written on another
branch; once it lands these readers subclass it as well.)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingue.errors import BadInput, BilingueError
from bilingue.formats import reader_for
from tests.formats.pdf_fixtures import Page, column, draw_pdf

PARAGRAPHS = (
    "Le CNES et Roscosmos renforcent leur coopération spatiale.",
    "Jean-Yves Le Gall a rencontré Vladimir Popovkine à Moscou.",
)


def _pdf(path: Path) -> None:
    page = Page()
    for n, text in enumerate(PARAGRAPHS):
        page.texts.extend(column(56, 700 - 40 * n, text, 400))
    draw_pdf(path, [page])


def _odt(path: Path) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    doc = OpenDocumentText()
    for text in PARAGRAPHS:
        doc.text.addElement(P(text=text))
    doc.save(str(path))


def _html(path: Path) -> None:
    path.write_text("".join(f"<p>{t}</p>" for t in PARAGRAPHS), "utf-8")


def _markdown(path: Path) -> None:
    path.write_text("\n\n".join(PARAGRAPHS), "utf-8")


WRITERS: dict[str, Callable[[Path], None]] = {
    ".pdf": _pdf,
    ".html": _html,
    ".md": _markdown,
    ".odt": _odt,
}


def _read(path: Path) -> object:
    return reader_for(path)(path)


@pytest.mark.parametrize("extension", sorted(WRITERS))
def test_good_file_keeps_every_word(tmp_path: Path, extension: str) -> None:
    path = tmp_path / f"release{extension}"
    WRITERS[extension](path)
    doc = reader_for(path)(path)
    assert " ".join(b.text for b in doc.blocks).split() == " ".join(PARAGRAPHS).split()
    assert [b.id for b in doc.blocks] == [f"p{n}" for n in range(1, len(doc.blocks) + 1)]


@pytest.mark.parametrize("extension", sorted(WRITERS))
def test_empty_file(tmp_path: Path, extension: str) -> None:
    path = tmp_path / f"empty{extension}"
    path.write_bytes(b"")
    with pytest.raises(BadInput) as caught:
        _read(path)
    assert caught.value.path == str(path)


@pytest.mark.parametrize("extension", sorted(WRITERS))
def test_damaged_copies_raise_only_bilingue_errors(tmp_path: Path, extension: str) -> None:
    good = tmp_path / f"good{extension}"
    WRITERS[extension](good)
    data = good.read_bytes()
    path = tmp_path / f"damaged{extension}"
    for cut in range(0, len(data), max(1, len(data) // 25)):
        for damaged in (data[:cut], data[:cut] + b"\x00" * 16 + data[cut + 16 :]):
            path.write_bytes(damaged)
            try:
                _read(path)
            except BilingueError as err:
                assert err.path == str(path)
                assert "\n" not in err.line()


@pytest.mark.parametrize("extension", sorted(WRITERS))
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=1024))
def test_garbage_bytes(
    tmp_path_factory: pytest.TempPathFactory, extension: str, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("garbage") / f"x{extension}"
    path.write_bytes(data)
    try:
        _read(path)
    except BilingueError as err:
        assert err.path == str(path)


@pytest.mark.parametrize("extension", sorted(WRITERS))
def test_fifo_and_device_refused(tmp_path: Path, extension: str) -> None:
    fifo = tmp_path / f"pipe{extension}"
    os.mkfifo(fifo)
    link = tmp_path / f"zero{extension}"
    link.symlink_to("/dev/zero")
    for path in (fifo, link):
        with pytest.raises(BadInput) as caught:
            _read(path)
        assert caught.value.message == "not a regular file"
