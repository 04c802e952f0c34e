"""The contract every reader keeps, written once and inherited per format.

A reader's test module subclasses :class:`ReaderContract` (its name must start with
``Test`` so pytest collects it) and says how to make a readable file of its format::

    class TestTxtReader(ReaderContract):
        extension = ".txt"

        def write_document(self, path: Path, paragraphs: Sequence[str]) -> None:
            path.write_text("\\n\\n".join(paragraphs), encoding="utf-8")

Every reader then proves the same things: any readable file gives a Document whose
blocks keep every word, with ids ``p1…pN`` in order, the same on every read; an empty
file is a ``BadInput`` saying "empty document"; garbage bytes, a folder, a FIFO or a
link to ``/dev/zero`` are a ``BilingueError`` naming the file — never another
exception, never a hang, never the whole device read into memory.

Decided once for all readers: an empty file is an error ("empty document"), not an
empty Document, because a run that writes an empty review would look like success.
"""

from __future__ import annotations

import os
import re
import signal
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingue.document import Document, FlagCode
from bilingue.errors import BadInput, BilingueError, EmptyDocument
from bilingue.formats import read_document, reader_for

__all__ = ["PARAGRAPHS", "ReaderContract"]

PARAGRAPHS = (
    "Le CNES et Roscosmos renforcent leur coopération spatiale.",
    "Paris, le 17 mai 2013",
    "Jean-Yves Le Gall, Président du CNES, a rencontré Vladimir Popovkine à Moscou.",
    "Les deux agences ont passé en revue les programmes Soyouz, ExoMars et Baïkonour.",
)
_WORD = re.compile(r"\w+")
_SECONDS = 20  # a reader that takes longer than this on a tiny input is hanging


def _words(text: str) -> list[str]:
    # Readers normalise to NFC (one form per accented letter), so compare in NFC.
    return _WORD.findall(unicodedata.normalize("NFC", text))


def _removed_words(doc: Document) -> Counter[str]:
    """Words the reader removed as page furniture, as its document notes list them: a
    lone number at a page foot is dropped as a page number, and that is no loss."""
    removed: Counter[str] = Counter()
    for note in doc.notes:
        if note.code is FlagCode.PAGE_FURNITURE:
            text, _, count = note.message.partition(": '")[2].rpartition("' (")
            for _ in range(int(count.rstrip("×)"))):
                removed.update(_words(text))
    return removed


class ReaderContract:
    """Subclass per reader; set ``extension`` and implement ``write_document``."""

    extension: str = ""

    def write_document(self, path: Path, paragraphs: Sequence[str]) -> None:
        """Write a file of this format holding ``paragraphs`` as separate paragraphs."""
        raise NotImplementedError

    # --- helpers -------------------------------------------------------------------

    @pytest.fixture
    def no_hang(self) -> Iterator[None]:
        """Fail the test (instead of hanging the suite) if a reader blocks."""

        def timeout(signum: int, frame: object) -> None:
            raise TimeoutError(f"the reader did not return within {_SECONDS} s")

        previous = signal.signal(signal.SIGALRM, timeout)
        signal.alarm(_SECONDS)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)

    def path(self, folder: Path, stem: str = "release") -> Path:
        return folder / f"{stem}{self.extension}"

    def read(self, path: Path) -> Document:
        return reader_for(path)(path)

    # --- readable files --------------------------------------------------------------

    def test_reader_is_registered(self) -> None:
        assert callable(reader_for(Path(f"x{self.extension}")))
        assert callable(reader_for(Path(f"X{self.extension.upper()}")))

    def test_every_word_is_kept_in_order(self, tmp_path: Path) -> None:
        path = self.path(tmp_path)
        self.write_document(path, PARAGRAPHS)
        doc = self.read(path)
        assert _words(" ".join(b.text for b in doc.blocks)) == _words(" ".join(PARAGRAPHS))
        assert doc.source_path == str(path)

    def test_block_ids_are_sequential_and_stable(self, tmp_path: Path) -> None:
        path = self.path(tmp_path)
        self.write_document(path, PARAGRAPHS)
        first, second = self.read(path), self.read(path)
        assert [b.id for b in first.blocks] == [f"p{n}" for n in range(1, len(first.blocks) + 1)]
        assert first == second

    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        paragraphs=st.lists(
            st.text(
                st.characters(categories=["L", "N", "Zs"], include_characters="’«»-.,;:!?"),
                min_size=1,
                max_size=60,
            ).filter(lambda t: _words(t)),
            min_size=1,
            max_size=5,
        )
    )
    def test_any_text_keeps_every_word(
        self, tmp_path_factory: pytest.TempPathFactory, paragraphs: list[str]
    ) -> None:
        path = self.path(tmp_path_factory.mktemp("any"))
        self.write_document(path, paragraphs)
        doc = self.read(path)
        kept = Counter(_words(" ".join(b.text for b in doc.blocks))) + _removed_words(doc)
        assert kept == Counter(_words(" ".join(paragraphs)))

    # --- files that are not documents ----------------------------------------------

    def test_empty_file_is_an_empty_document_error(self, tmp_path: Path) -> None:
        path = self.path(tmp_path)
        path.write_bytes(b"")
        with pytest.raises(BadInput) as caught:
            self.read(path)
        assert caught.value.path == str(path)
        assert isinstance(caught.value, EmptyDocument)
        assert caught.value.message == "empty document"

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.binary(max_size=2048))
    def test_garbage_bytes_are_a_bilingue_error_naming_the_file(
        self, tmp_path_factory: pytest.TempPathFactory, data: bytes
    ) -> None:
        path = self.path(tmp_path_factory.mktemp("garbage"))
        path.write_bytes(data)
        try:
            self.read(path)
        except BilingueError as err:
            assert err.path == str(path)
            assert "\n" not in err.line()

    def test_damaged_copies_of_a_real_file_never_raise_anything_else(self, tmp_path: Path) -> None:
        good = self.path(tmp_path, "good")
        self.write_document(good, PARAGRAPHS)
        data = good.read_bytes()
        path = self.path(tmp_path, "damaged")
        for cut in range(0, len(data), max(1, len(data) // 40)):
            for damaged in (data[:cut], data[:cut] + b"\x00" * 16 + data[cut + 16 :]):
                path.write_bytes(damaged)
                try:
                    self.read(path)
                except BilingueError as err:
                    assert err.path == str(path)

    def test_folder_is_a_bilingue_error(self, tmp_path: Path, no_hang: None) -> None:
        folder = self.path(tmp_path)
        folder.mkdir()
        with pytest.raises(BilingueError) as caught:
            self.read(folder)
        assert caught.value.path == str(folder)
        with pytest.raises(BilingueError):
            read_document(folder)

    def test_fifo_is_refused_without_hanging(self, tmp_path: Path, no_hang: None) -> None:
        fifo = self.path(tmp_path)
        os.mkfifo(fifo)
        with pytest.raises(BilingueError) as caught:
            self.read(fifo)
        assert caught.value.path == str(fifo)
        assert "not a regular file" in caught.value.message

    def test_link_to_a_device_is_refused(self, tmp_path: Path, no_hang: None) -> None:
        link = self.path(tmp_path)
        link.symlink_to("/dev/zero")
        with pytest.raises(BilingueError) as caught:
            self.read(link)
        assert caught.value.path == str(link)
        assert "not a regular file" in caught.value.message

    def test_missing_file_is_named(self, tmp_path: Path) -> None:
        path = self.path(tmp_path, "missing")
        with pytest.raises(BilingueError) as caught:
            self.read(path)
        assert caught.value.path == str(path)

    def test_oversized_file_is_refused_before_reading(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = self.path(tmp_path)
        self.write_document(path, PARAGRAPHS)
        monkeypatch.setattr("bilingue.formats.source_file.MAX_SOURCE_BYTES", 10)
        with pytest.raises(BadInput) as caught:
            self.read(path)
        assert caught.value.path == str(path)
        assert caught.value.message.startswith("file too large")
