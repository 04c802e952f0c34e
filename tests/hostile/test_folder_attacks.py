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
    (inputs / "f-gone.txt").symlink_to(workspace.parent / "deleted.txt")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(inputs / "e-socket"))  # no supported extension: still named
    try:
        outcome = run_contained("batch", "input", "output", *TRANSLATE)
    finally:
        server.close()
    assert outcome.code == 1  # as for a link leaving the input folder: skipped files
    assert outcome.stdout.startswith("6 file(s): 1 translated, 5 skipped, 0 failed;")
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
        f"skip  {inputs}/f-gone.txt: link to {workspace.parent}/deleted.txt, which does "
        "not exist; skipped — fix or remove the link",
    ]
    assert next(line for line in lines if not line.startswith("skip ")).startswith(
        f"ok    {inputs}/b-release.txt → "
    )
    assert sorted(p.name for p in (workspace / "output").iterdir()) == [
        "b-release.json",
        "b-release.review.docx",
    ]


BAD = b"communiqu\xe9"  # cp1252 bytes of "communiqué": not UTF-8
SHOWN = "communiqu\\xe9"  # how bilingue shows and writes that name
STEM = os.fsdecode(BAD)  # how Python holds it (a lone surrogate): files still open


def _bad_named(folder: Path, suffix: str, data: bytes) -> str:
    with open(os.fsencode(folder) + b"/" + BAD + suffix.encode(), "wb") as out:
        out.write(data)
    return os.fsdecode(BAD + suffix.encode())


def test_a_name_that_is_not_utf8_is_translated_and_shown_escaped(
    workspace: Path, run_contained: Run
) -> None:
    import json

    import docx

    name = _bad_named(workspace / "input", ".txt", FRENCH.encode())
    outcome = run_contained("translate", f"input/{name}", "-o", "output", *TRANSLATE)
    assert outcome.code == 0, outcome.stderr
    output = workspace / "output"
    assert outcome.stderr.splitlines()[0].startswith(
        f"[1/1] ok    input/{SHOWN}.txt → {output}/{SHOWN}.review.docx, {output}/{SHOWN}.json "
    )
    assert sorted(os.listdir(os.fsencode(output))) == [BAD + b".json", BAD + b".review.docx"]
    # The sidecar is UTF-8 JSON that keeps the exact name (publish finds the source by it).
    sidecar = (output / f"{STEM}.json").read_bytes().decode("utf-8")
    assert json.loads(sidecar)["source_file"] == f"input/{name}"
    review = docx.Document(str(output / f"{STEM}.review.docx"))
    assert review.core_properties.title == f"bilingue review: {SHOWN}.txt"


def test_every_command_takes_a_name_that_is_not_utf8(workspace: Path, run_contained: Run) -> None:
    inputs, output = workspace / "input", workspace / "output"
    _bad_named(inputs, ".txt", FRENCH.encode())
    (inputs / "ok.txt").write_text(FRENCH, encoding="utf-8")
    batch = run_contained("batch", "input", "output", *TRANSLATE)
    assert batch.code == 0, batch.stderr
    assert batch.stdout.startswith("2 file(s): 2 translated")
    assert f"ok    {inputs}/{SHOWN}.txt → " in batch.stderr

    sidecar, review = f"output/{STEM}.json", f"output/{STEM}.review.docx"
    from tests.review_edits import ReviewEditor

    editor = ReviewEditor(workspace / review)  # approved: the import remembers it (SQLite)
    editor.set_text("p1.s1", "status", "approved")
    editor.save(workspace / review)
    outcomes = {
        "qa sidecar": run_contained("qa", sidecar, may_write=()),
        "qa review": run_contained("qa", review, may_write=()),
        "review import": run_contained(
            "review", "import", review, may_write=("ws/output", "ws/.bilingue")
        ),
        "export": run_contained("export", sidecar),
        "publish": run_contained("publish", "output"),
    }
    for command, outcome in outcomes.items():
        assert outcome.code == 0, f"{command}: {outcome.stderr}"
        assert "Traceback" not in outcome.stderr + outcome.stdout
        assert SHOWN in outcome.stderr + outcome.stdout, f"{command}: {outcome}"
    assert "1 approved" in outcomes["review import"].stdout
    assert BAD + b".en.docx" in os.listdir(os.fsencode(output))

    glossary_file = _bad_named(workspace, ".tsv", b"source\ttarget\nCNES\tCNES\n")
    imported = run_contained("glossary", "import", glossary_file, may_write=("ws/glossary",))
    assert imported.code == 0, imported.stderr
    assert imported.stdout.endswith(": 1 added, 0 changed, 0 unchanged\n")
