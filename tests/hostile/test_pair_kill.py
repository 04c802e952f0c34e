"""A review DOCX and its sidecar, and a process killed between their two renames.

The child process runs the real CLI with ``os.replace`` wrapped so that it dies
(``os._exit``, as abrupt as SIGKILL: no cleanup, no ``finally``) at one exact point
of the pair's replacement: before the first rename, between the two, after both.
Whatever is left, the next run must recognise it as bilingue's own output and
redo it; it must never refuse it as "possible review work", and a reviewer's edit
must still never be overwritten.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bilingue.formats.review_binding import file_sha256
from tests.hostile.conftest import Run
from tests.hostile.runner import run_bilingue

pytestmark = pytest.mark.apertium

FRENCH = "Le Centre national d'études spatiales a signé un accord avec l'agence russe.\n"
CHANGED = FRENCH + "\nLa coopération portera sur l'exploration de Mars.\n"
TRANSLATE = ("--engine", "apertium", "--no-tm")

# Dies at the KILL_AT-th rename of an output of the pair (0: before the first one),
# or after the last one (in the folder sync that follows the renames).
_DIE = """
import os
import bilingue.safeio as _safeio
_real_replace, _renamed = os.replace, [0]
KILL_AT = {kill_at}
def _replace(src, dst, **kw):
    if str(dst).endswith((".review.docx", ".json")):
        if _renamed[0] == KILL_AT:
            os._exit(137)
        _renamed[0] += 1
    return _real_replace(src, dst, **kw)
os.replace = _replace
_real_sync = _safeio._sync_folder
def _sync(folder):
    if _renamed[0] == KILL_AT:
        os._exit(137)
    return _real_sync(folder)
_safeio._sync_folder = _sync
"""

KILL_POINTS = {"before-first-rename": 0, "between-the-renames": 1, "after-both-renames": 2}
# What the next run has to do: the new pair is complete only after both renames.
NEXT_RUN = {
    "before-first-rename": "1 translated",
    "between-the-renames": "1 translated",
    "after-both-renames": "0 translated, 0 skipped, 0 failed; 1 unchanged",
}


def _command(kind: str) -> tuple[str, ...]:
    if kind == "translate":
        return ("translate", "input/release.txt", "-o", "output", *TRANSLATE)
    return ("batch", "input", "output", *TRANSLATE)


def _pair(workspace: Path) -> tuple[str, dict[str, str]]:
    output = workspace / "output"
    record = json.loads((output / "release.json").read_text(encoding="utf-8"))["review"]
    return file_sha256(output / "release.review.docx"), record


def _killed_rewrite(workspace: Path, kind: str, kill_at: int) -> None:
    """A first complete run, a changed source, then a run that dies at ``kill_at``."""
    source = workspace / "input" / "release.txt"
    source.write_text(FRENCH, encoding="utf-8")
    assert run_bilingue(workspace, *_command(kind)).code == 0
    source.write_text(CHANGED, encoding="utf-8")
    killed = run_bilingue(workspace, *_command(kind), prelude=_DIE.format(kill_at=kill_at))
    assert killed.code == 137, killed.stderr


@pytest.mark.parametrize("kind", ["translate", "batch"])
@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_run_killed_around_the_pair_renames_is_redone_by_the_next_run(
    workspace: Path, run_contained: Run, kind: str, point: str
) -> None:
    _killed_rewrite(workspace, kind, KILL_POINTS[point])
    outcome = run_contained(*_command(kind))
    assert outcome.code == 0, outcome.stderr
    assert outcome.stdout.startswith(f"1 file(s): {NEXT_RUN[point]}"), outcome.stdout
    docx_hash, record = _pair(workspace)
    assert docx_hash == record["docx_sha256"]  # the pair agrees again
    hidden = sorted(p.name for p in (workspace / "output").iterdir() if p.name.startswith("."))
    assert hidden == []


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_reviewer_edit_after_a_killed_run_is_still_never_overwritten(
    workspace: Path, run_contained: Run, point: str
) -> None:
    _killed_rewrite(workspace, "translate", KILL_POINTS[point])
    review = workspace / "output" / "release.review.docx"
    import docx

    edited = docx.Document(str(review))
    edited.add_paragraph("Relu par Claire.")
    edited.save(str(review))
    before = review.read_bytes()
    outcome = run_contained(*_command("translate"))
    # Refused (a new translation is due) or left as a review in progress (the pair
    # already is this run's): either way the reviewer is told to import it.
    assert f"`bilingue review import {review}`" in outcome.stderr, outcome.stderr
    assert review.read_bytes() == before
