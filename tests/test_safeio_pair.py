"""Pair writes: a review DOCX and its sidecar are replaced together or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bilingue.errors import OutputError
from bilingue.safeio import atomic_outputs


def test_both_files_are_replaced(tmp_path: Path) -> None:
    docx, sidecar = tmp_path / "r.review.docx", tmp_path / "r.json"
    docx.write_text("old docx")
    with atomic_outputs(docx, sidecar) as (docx_tmp, sidecar_tmp):
        docx_tmp.write_text("new docx")
        sidecar_tmp.write_text("new json")
    assert (docx.read_text(), sidecar.read_text()) == ("new docx", "new json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json", "r.review.docx"]


def test_a_failed_second_rename_puts_the_first_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docx, sidecar = tmp_path / "r.review.docx", tmp_path / "r.json"
    docx.write_text("old docx")
    sidecar.write_text("old json")
    real_replace = os.replace

    def fail_on_sidecar(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == sidecar:
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", fail_on_sidecar)
    with (
        pytest.raises(OutputError, match="No space left on device"),
        atomic_outputs(docx, sidecar) as (docx_tmp, sidecar_tmp),
    ):
        docx_tmp.write_text("new docx")
        sidecar_tmp.write_text("new json")
    assert (docx.read_text(), sidecar.read_text()) == ("old docx", "old json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json", "r.review.docx"]


def test_a_failed_second_rename_removes_a_first_file_that_was_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docx, sidecar = tmp_path / "r.review.docx", tmp_path / "r.json"
    real_replace = os.replace

    def fail_on_sidecar(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == sidecar:
            raise OSError(13, "Permission denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", fail_on_sidecar)
    with pytest.raises(OutputError), atomic_outputs(docx, sidecar) as (docx_tmp, sidecar_tmp):
        docx_tmp.write_text("new docx")
        sidecar_tmp.write_text("new json")
    assert list(tmp_path.iterdir()) == []


def test_an_error_while_writing_leaves_nothing(tmp_path: Path) -> None:
    docx, sidecar = tmp_path / "r.review.docx", tmp_path / "r.json"
    sidecar.write_text("old json")
    with pytest.raises(RuntimeError), atomic_outputs(docx, sidecar) as (docx_tmp, _):
        docx_tmp.write_text("half")
        raise RuntimeError("writer crashed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]
    assert sidecar.read_text() == "old json"
