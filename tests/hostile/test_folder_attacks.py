"""Hostile input folders: special files among the releases, and file names that are not UTF-8.

Same contract as the other hostile cases: the exact lines, the exit code, nothing
written outside the output folder, bounded memory, never a traceback or a hang, and
the other documents of the folder translated.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from tests.hostile.conftest import Run

pytestmark = pytest.mark.apertium

FRENCH = "Le Centre national d'études spatiales a signé un accord avec l'agence russe.\n"
TRANSLATE = ("--engine", "apertium", "--no-tm")


def test_special_files_in_an_input_folder_are_each_named_and_the_rest_is_translated(
    workspace: Path, run_contained: Run
) -> None:
    inputs = workspace / "input"
    (inputs / "b-release.txt").write_text(FRENCH, encoding="utf-8")
    os.mkfifo(inputs / "a-pipe.txt")
    os.mkfifo(workspace.parent / "elsewhere.fifo")
    (inputs / "c-linked.txt").symlink_to(workspace.parent / "elsewhere.fifo")
    (inputs / "d-null.txt").symlink_to("/dev/null")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(inputs / "e-socket"))  # no supported extension: still named
    try:
        outcome = run_contained("batch", "input", "output", *TRANSLATE)
    finally:
        server.close()
    assert outcome.code == 1  # as for a link leaving the input folder: skipped files
    assert outcome.stdout.startswith("5 file(s): 1 translated, 4 skipped, 0 failed;")
    # Results come as documents finish (a skip before a translation): order-free.
    lines = [line.split(" ", 1)[1] for line in outcome.stderr.splitlines() if line[:1] == "["]
    assert sorted(line for line in lines if line.startswith("skip ")) == [
        f"skip  {inputs}/a-pipe.txt: not a regular file (a FIFO); skipped — only "
        "regular files are translated",
        f"skip  {inputs}/c-linked.txt: not a regular file (a FIFO); skipped — only "
        "regular files are translated",
        f"skip  {inputs}/d-null.txt: not a regular file (a character device); "
        "skipped — only regular files are translated",
        f"skip  {inputs}/e-socket: not a regular file (a socket); skipped — only "
        "regular files are translated",
    ]
    assert next(line for line in lines if not line.startswith("skip ")).startswith(
        f"ok    {inputs}/b-release.txt → "
    )
    assert sorted(p.name for p in (workspace / "output").iterdir()) == [
        "b-release.json",
        "b-release.review.docx",
    ]
