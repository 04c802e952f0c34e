"""Atomic writes: the target is either the old file or the complete new one, never debris."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bilingue.errors import OutputError
from bilingue.safeio import atomic_output, atomic_write_bytes, atomic_write_text, check_output_dir


class Boom(Exception):
    pass


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_bytes_creates_the_file_and_nothing_else(tmp_path: Path) -> None:
    atomic_write_bytes(tmp_path / "out.bin", b"\x00\x01abc")
    assert (tmp_path / "out.bin").read_bytes() == b"\x00\x01abc"
    assert listing(tmp_path) == ["out.bin"]


def test_write_text_encodes_utf8_by_default(tmp_path: Path) -> None:
    atomic_write_text(tmp_path / "out.txt", "Président — « œuvre »")
    assert (tmp_path / "out.txt").read_bytes() == "Président — « œuvre »".encode()


def test_write_text_with_another_encoding(tmp_path: Path) -> None:
    atomic_write_text(tmp_path / "out.txt", "été", encoding="cp1252")
    assert (tmp_path / "out.txt").read_bytes() == b"\xe9t\xe9"


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert listing(tmp_path) == ["out.txt"]


def test_failure_mid_write_leaves_neither_target_nor_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    with pytest.raises(Boom), atomic_output(target) as tmp:
        tmp.write_bytes(b"half a file")
        raise Boom
    assert listing(tmp_path) == []


def test_failure_mid_write_keeps_the_existing_target(tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"reviewed yesterday")
    with pytest.raises(Boom), atomic_output(target) as tmp:
        tmp.write_bytes(b"half")
        raise Boom
    assert target.read_bytes() == b"reviewed yesterday"
    assert listing(tmp_path) == ["out.docx"]


def test_temp_file_is_beside_the_target_and_hidden(tmp_path: Path) -> None:
    with atomic_output(tmp_path / "out.json") as tmp:
        assert tmp.parent == tmp_path
        assert tmp.name.startswith(".out.json.")
        assert tmp.name.endswith(".tmp")
        assert tmp.exists()
        tmp.write_text("{}")
    assert listing(tmp_path) == ["out.json"]


def test_os_error_while_writing_becomes_output_error_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(OutputError) as caught, atomic_output(target):
        raise OSError(28, "No space left on device")
    assert caught.value.path == str(target)
    assert str(caught.value) == f"{target}: cannot write file (No space left on device)"
    assert listing(tmp_path) == []


def test_new_file_gets_umask_permissions_not_0600(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "out.txt", "x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == 0o644


def test_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write_text(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_missing_output_folder_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "nowhere"
    with pytest.raises(OutputError) as caught:
        atomic_write_text(folder / "out.txt", "x")
    assert caught.value.path == str(folder)
    assert caught.value.message == "output folder does not exist"
    assert str(caught.value) == f"{folder}: output folder does not exist — create it first"


def test_output_folder_that_is_a_file_is_named(tmp_path: Path) -> None:
    regular = tmp_path / "report.txt"
    regular.write_text("I am a file")
    with pytest.raises(OutputError) as caught:
        atomic_write_text(regular / "out.txt", "x")
    assert caught.value.path == str(regular)
    assert caught.value.message == "output path is not a folder"
    assert regular.read_text() == "I am a file"


def test_path_below_a_file_does_not_exist(tmp_path: Path) -> None:
    regular = tmp_path / "report.txt"
    regular.write_text("x")
    with pytest.raises(OutputError, match="output folder does not exist"):
        check_output_dir(regular / "sub")


def test_check_output_dir_accepts_a_writable_folder_and_leaves_it_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "keep.txt").write_text("x")
    asked: list[tuple[Path, int]] = []
    real_access = os.access

    def access(path: Path, mode: int) -> bool:
        asked.append((Path(path), mode))
        return real_access(path, mode)

    monkeypatch.setattr(os, "access", access)
    check_output_dir(tmp_path)
    # It asks for write and search permission on the folder itself, and writes no probe.
    assert asked == [(tmp_path, os.W_OK | os.X_OK)]
    assert listing(tmp_path) == ["keep.txt"]


def test_unwritable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, which ignores permission bits: simulate what os.access says.
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    with pytest.raises(OutputError) as caught:
        check_output_dir(tmp_path)
    assert caught.value.message == "output folder is not writable"
    assert caught.value.path == str(tmp_path)


def test_target_that_is_a_folder_fails_cleanly(tmp_path: Path) -> None:
    (tmp_path / "out.txt").mkdir()
    with pytest.raises(OutputError, match="cannot write file"):
        atomic_write_text(tmp_path / "out.txt", "x")
    assert listing(tmp_path) == ["out.txt"]
    assert (tmp_path / "out.txt").is_dir()


def test_relative_path_writes_in_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    atomic_write_text(Path("out.txt"), "here")
    assert (tmp_path / "out.txt").read_text() == "here"
    assert listing(tmp_path) == ["out.txt"]
