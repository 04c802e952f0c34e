"""The review round trip end to end: real Apertium, real DOCX edits, real SQLite, LibreOffice.

Translate the sample, edit its review DOCX the way Word and LibreOffice do, import it,
and check the sidecar, the translation memory, the refusals, and that later runs
never destroy the reviewer's work.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bilingue.cli import cli
from bilingue.engines.apertium import apertium_available
from bilingue.tm import open_memory
from tests.review_edits import ReviewEditor, libreoffice_resave

pytestmark = [
    pytest.mark.apertium,
    pytest.mark.skipif(
        not apertium_available(),
        reason="Apertium fr→es→en is not installed "
        "(apt-get install apertium apertium-fr-es apertium-eng-spa)",
    ),
]

REPO = Path(__file__).resolve().parent.parent
STEM = "cnes-roscosmos-2013-05-17.fr"
TRACKED_EDIT = "Jean-Yves Le Gall, CNES President, met Vladimir Popovkin, Director of Roscosmos,"
PLAIN_EDIT = "Friday 17 May 2013, Moscow"
TERM_BREAKING_EDIT = "The two will lead to an agreement that is being finalised."
TYPED_COMMENT = "ExoMars: keep the programme name as the glossary has it."
WORD_COMMENT = "Too literal; please rephrase."


def bilingue(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def segments(sidecar: Path) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in json.loads(sidecar.read_text(encoding="utf-8"))["segments"]}


@pytest.fixture
def workspace(tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace with the sample in input/, the project glossary, translated into output/."""
    (tmp_path / "input").mkdir()
    shutil.copy(seed_path, tmp_path / "input")
    shutil.copytree(REPO / "glossary", tmp_path / "glossary")
    monkeypatch.chdir(tmp_path)
    result = bilingue("batch", "input", "output", "--engine", "apertium")
    assert result.exit_code == 0, result.output
    return tmp_path


def review_edits(docx: Path, out: Path) -> Path:
    """The acceptance edits: a tracked edit + Approved, a plain edit, rejeté + a Word
    comment, a typed comment, and an approved edit that breaks a glossary term."""
    editor = ReviewEditor(docx)
    editor.track_change("p1.s1", delete="has found", insert="met")
    editor.set_status("p1.s1", "Approved")
    editor.set_text("p2.s1", "target", PLAIN_EDIT)
    editor.set_status("p4.s1", "rejeté")
    editor.add_comment("p4.s1", WORD_COMMENT, date="2026-11-20T11:00:00Z")
    editor.set_text("p5.s2", "comment", TYPED_COMMENT)
    editor.set_text("p6.s2", "target", TERM_BREAKING_EDIT)
    editor.set_status("p6.s2", "VALIDÉ")
    editor.save(out)
    return out


def test_review_import_brings_edits_states_and_comments_back(workspace: Path) -> None:
    docx = workspace / "output" / f"{STEM}.review.docx"
    sidecar = workspace / "output" / f"{STEM}.json"
    before = segments(sidecar)
    review_edits(docx, docx)

    result = bilingue("review", "import", str(docx))

    assert result.exit_code == 0, result.output
    assert (
        "3 edited, 2 approved, 1 rejected, 2 comments, 1 with a glossary term broken"
        in result.output
    )
    after = segments(sidecar)
    tracked = after["p1.s1"]
    assert tracked["target"] == TRACKED_EDIT
    assert "has found" not in tracked["target"]
    assert tracked["state"] == "reviewed"
    assert tracked["origin"] == "human"
    assert tracked["review"]["status"] == "approved"
    assert [r["target"] for r in tracked["history"]] == [before["p1.s1"]["target"], TRACKED_EDIT]
    assert [r["origin"] for r in tracked["history"]] == ["mt", "human"]
    assert tracked["history"][-1]["author"] == "Claire Martin"
    assert tracked["history"][-1]["date"] == "2026-11-20T10:15:00Z"

    assert after["p2.s1"]["target"] == PLAIN_EDIT
    assert after["p2.s1"]["state"] == "translated" and "review" not in after["p2.s1"]

    rejected = after["p4.s1"]
    assert rejected["review"]["status"] == "rejected"
    assert rejected["state"] == "translated"
    assert rejected["target"] == before["p4.s1"]["target"]
    assert rejected["comments"] == [
        {
            "text": WORD_COMMENT,
            "author": "Claire Martin",
            "date": "2026-11-20T11:00:00Z",
            "source": "reviewer",
        }
    ]
    assert [c["text"] for c in after["p5.s2"]["comments"]] == [TYPED_COMMENT]

    broken = after["p6.s2"]
    assert broken["target"] == TERM_BREAKING_EDIT
    assert [t["ok"] for t in broken["terms"]] == [False]
    assert [f["code"] for f in broken["flags"]] == ["term-missing"]

    untouched = {k: v for k, v in after.items() if k not in {"p1.s1", "p2.s1", "p4.s1"}}
    for key in set(untouched) - {"p5.s2", "p6.s2"}:
        assert after[key] == before[key]

    with open_memory(workspace / ".bilingue" / "tm.sqlite") as memory:
        match = memory.exact(tracked["source"])
        assert match is not None and match.unit.target == TRACKED_EDIT
        assert match.unit.document == f"{STEM}.txt"
        assert match.unit.segment_id == "p1.s1"
        assert match.unit.engine == "apertium"
        # An approved target that lost a glossary term is flagged, not remembered.
        assert memory.exact(broken["source"]) is None


def test_importing_twice_changes_nothing(workspace: Path) -> None:
    docx = workspace / "output" / f"{STEM}.review.docx"
    sidecar = workspace / "output" / f"{STEM}.json"
    review_edits(docx, docx)
    assert bilingue("review", "import", str(docx)).exit_code == 0
    first = sidecar.read_bytes()

    again = bilingue("review", "import", str(docx))

    assert again.exit_code == 0, again.output
    assert "0 edited, 0 approved, 0 rejected, 0 comments" in again.output
    assert "already in" in again.output
    assert sidecar.read_bytes() == first


@pytest.mark.libreoffice
def test_a_libreoffice_resave_imports_identically(workspace: Path, tmp_path: Path) -> None:
    output = workspace / "output"
    original = output / f"{STEM}.json"
    lo_dir = workspace / "lo"
    edited = review_edits(output / f"{STEM}.review.docx", workspace / f"{STEM}.review.docx")
    resaved = libreoffice_resave(edited, lo_dir, tmp_path / "lo-profile")
    shutil.copy(original, lo_dir / f"{STEM}.json")

    assert bilingue("review", "import", str(edited), "--sidecar", str(original)).exit_code == 0
    result = bilingue("review", "import", str(resaved))

    assert result.exit_code == 0, result.output
    assert segments(lo_dir / f"{STEM}.json") == segments(original)


def tamper_cases() -> list[tuple[str, Any, str]]:
    return [
        (
            "edited source",
            lambda e: e.set_text("p3.s2", "source", "Cette rencontre a eu lieu."),
            "p3.s2: the French (source) cell was edited",
        ),
        (
            "edited id",
            lambda e: e.set_text("p3.s2", "id", "p3.s9"),
            "'p3.s9' is not a segment id of this document",
        ),
        (
            "duplicated id",
            lambda e: e.duplicate_row("p3.s2"),
            "p3.s2 appears twice",
        ),
        ("deleted row", lambda e: e.delete_row("p4.s1"), "p4.s1: its row was deleted"),
        ("row added", lambda e: e.add_row_after("p2.s1"), "a row was added after p2.s1"),
    ]


@pytest.mark.parametrize(("case", "tamper", "message"), tamper_cases(), ids=lambda x: x)
def test_tampering_is_refused_and_nothing_is_written(
    workspace: Path, case: str, tamper: Any, message: str
) -> None:
    docx = workspace / "output" / f"{STEM}.review.docx"
    sidecar = workspace / "output" / f"{STEM}.json"
    tm = workspace / ".bilingue" / "tm.sqlite"
    review_edits(docx, docx)
    assert bilingue("review", "import", str(docx)).exit_code == 0
    before = (sidecar.read_bytes(), tm.read_bytes())
    editor = ReviewEditor(docx)
    editor.set_status("p7.s1", "approved")
    tamper(editor)
    editor.save(docx)

    result = bilingue("review", "import", str(docx))

    assert result.exit_code == 1
    assert message in result.output
    assert result.output.startswith(f"Error: {docx}: ")
    assert (sidecar.read_bytes(), tm.read_bytes()) == before


def test_a_review_of_another_document_is_refused(workspace: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    text = (workspace / "input" / f"{STEM}.txt").read_text(encoding="utf-8")
    (other / "autre.txt").write_text(text + "\nUne phrase de plus.\n", encoding="utf-8")
    assert bilingue("translate", str(other / "autre.txt"), "-o", str(other)).exit_code == 0
    sidecar = workspace / "output" / f"{STEM}.json"
    before = sidecar.read_bytes()

    result = bilingue(
        "review", "import", str(other / "autre.review.docx"), "--sidecar", str(sidecar)
    )

    assert result.exit_code == 1
    assert "this review belongs to autre.txt" in result.output
    assert sidecar.read_bytes() == before


def test_an_older_review_is_refused_unless_forced(workspace: Path) -> None:
    output = workspace / "output"
    docx = output / f"{STEM}.review.docx"
    old_review = workspace / f"{STEM}.review.docx"
    review_edits(docx, old_review)
    assert (
        bilingue(
            "review", "import", str(old_review), "--sidecar", str(output / f"{STEM}.json")
        ).exit_code
        == 0
    )
    # A new export (revision 2), e.g. after the glossary changed (--redo: the run
    # would otherwise skip the unchanged document).
    assert bilingue("batch", "input", "output", "--engine", "apertium", "--redo").exit_code == 0

    refused = bilingue(
        "review", "import", str(old_review), "--sidecar", str(output / f"{STEM}.json")
    )
    forced = bilingue(
        "review", "import", str(old_review), "--sidecar", str(output / f"{STEM}.json"), "--force"
    )

    assert refused.exit_code == 1
    assert "this review is of export 1, but the document was exported again" in refused.output
    assert forced.exit_code == 0, forced.output


def test_a_changed_review_survives_make_run_twice(workspace: Path) -> None:
    docx = workspace / "output" / f"{STEM}.review.docx"
    review_edits(docx, docx)
    reviewed = docx.read_bytes()

    # The source did not change: the document is not redone, and the run says a
    # review is waiting to be imported.
    for _ in range(2):
        result = bilingue("batch", "input", "output", "--engine", "apertium")
        assert result.exit_code == 0, result.output
        assert "review in progress, not imported yet" in result.output
        assert f"bilingue review import {docx}" in result.output
        assert docx.read_bytes() == reviewed
    # Asked to redo it, the run refuses that document rather than overwrite the review.
    for _ in range(2):
        result = bilingue("batch", "input", "output", "--engine", "apertium", "--redo")
        assert result.exit_code == 1
        assert "the review DOCX changed since bilingue wrote it; not overwritten" in result.output
        assert f"bilingue review import {docx}" in result.output
        assert docx.read_bytes() == reviewed


def test_after_import_a_run_keeps_the_review(workspace: Path) -> None:
    docx = workspace / "output" / f"{STEM}.review.docx"
    sidecar = workspace / "output" / f"{STEM}.json"
    review_edits(docx, docx)
    assert bilingue("review", "import", str(docx)).exit_code == 0
    imported = segments(sidecar)

    result = bilingue("batch", "input", "output", "--engine", "apertium")

    assert result.exit_code == 0, result.output
    again = segments(sidecar)
    for key in ("p1.s1", "p2.s1", "p4.s1", "p5.s2", "p6.s2"):
        assert again[key]["target"] == imported[key]["target"]
        assert again[key].get("review") == imported[key].get("review")
        assert again[key].get("comments") == imported[key].get("comments")
    # The new export shows the reviewer's English and verdicts, and comes back cleanly.
    editor = ReviewEditor(docx)
    assert editor.text("p1.s1", "target") == TRACKED_EDIT
    assert editor.text("p1.s1", "status") == "approved"
    assert bilingue("review", "import", str(docx)).exit_code == 0
    assert segments(sidecar) == again


def test_force_replaces_a_changed_review_and_keeps_a_backup(workspace: Path) -> None:
    docx = workspace / "output" / f"{STEM}.review.docx"
    review_edits(docx, docx)
    reviewed = docx.read_bytes()

    result = bilingue("batch", "input", "output", "--engine", "apertium", "--force")

    assert result.exit_code == 0, result.output
    backups = list((workspace / "output").glob(f"{STEM}.review.*-*.docx"))
    assert [b.read_bytes() for b in backups] == [reviewed]
    assert docx.read_bytes() != reviewed


def test_a_review_docx_given_to_translate_is_refused(workspace: Path) -> None:
    docx = workspace / "output" / f"{STEM}.review.docx"

    result = bilingue("translate", str(docx), "-o", str(workspace / "again"))

    assert result.exit_code == 1
    assert "this is a bilingue review DOCX, not a French source" in result.output
    assert f"bilingue review import {docx}" in result.output
    assert not (workspace / "again" / f"{STEM}.review.review.docx").exists()


def test_approved_pairs_are_reused_from_memory_with_no_engine_call(workspace: Path) -> None:
    from bilingue.api import glossary_for, translate_file
    from bilingue.config import load_settings
    from bilingue.engines.memory import with_memory
    from tests.doubles import IdentityEngine

    docx = workspace / "output" / f"{STEM}.review.docx"
    review_edits(docx, docx)
    assert bilingue("review", "import", str(docx)).exit_code == 0
    approved_source = segments(workspace / "output" / f"{STEM}.json")["p1.s1"]["source"]
    settings = load_settings(root=workspace)
    engine = IdentityEngine()
    fresh = workspace / "fresh"
    fresh.mkdir()

    with open_memory(settings.resolve(settings.tm)) as memory:
        translate_file(
            workspace / "input" / f"{STEM}.txt",
            fresh,
            with_memory(engine, memory),
            glossary_for(settings),
        )

    again = segments(fresh / f"{STEM}.json")
    assert again["p1.s1"]["target"] == TRACKED_EDIT
    assert again["p1.s1"]["origin"] == "tm"
    sent = [source for call in engine.calls for source in call]
    assert approved_source not in sent
    assert all(again[key]["origin"] == "mt" for key in again if key != "p1.s1")
    # The new review shows where the English came from.
    assert ReviewEditor(fresh / f"{STEM}.review.docx").text("p1.s1", "notes").startswith("TM 100%")


def test_approved_pairs_are_reused_through_apertium_from_the_cli(workspace: Path) -> None:
    docx = workspace / "output" / f"{STEM}.review.docx"
    review_edits(docx, docx)
    assert bilingue("review", "import", str(docx)).exit_code == 0

    result = bilingue("translate", f"input/{STEM}.txt", "-o", "fresh", "--engine", "apertium")

    assert result.exit_code == 0, result.output
    again = segments(workspace / "fresh" / f"{STEM}.json")
    assert (again["p1.s1"]["target"], again["p1.s1"]["origin"]) == (TRACKED_EDIT, "tm")
    assert again["p2.s1"]["origin"] == "mt"


def test_a_review_without_its_sidecar_is_explained(workspace: Path, tmp_path: Path) -> None:
    moved = tmp_path / f"{STEM}.review.docx"
    shutil.copy(workspace / "output" / f"{STEM}.review.docx", moved)

    result = bilingue("review", "import", str(moved))

    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / f'{STEM}.json'}: no sidecar for this review — keep the DOCX "
        "beside the JSON written with it, or give that JSON with --sidecar PATH\n"
    )


def test_one_sidecar_for_several_reviews_is_a_usage_error(workspace: Path) -> None:
    docx = str(workspace / "output" / f"{STEM}.review.docx")
    result = bilingue("review", "import", docx, docx, "--sidecar", "x.json")
    assert result.exit_code == 2
    assert "--sidecar names one sidecar" in result.output


def test_several_reviews_one_refused_the_other_imported(workspace: Path, tmp_path: Path) -> None:
    good = workspace / "output" / f"{STEM}.review.docx"
    review_edits(good, good)
    stray = tmp_path / "stray.review.docx"
    shutil.copy(good, stray)

    result = bilingue("review", "import", str(stray), str(good))

    assert result.exit_code == 1
    assert "no sidecar for this review" in result.output
    assert "3 edited, 2 approved, 1 rejected" in result.output


def test_the_rest_of_the_batch_goes_on(workspace: Path) -> None:
    docx = workspace / "output" / f"{STEM}.review.docx"
    review_edits(docx, docx)
    text = (workspace / "input" / f"{STEM}.txt").read_text(encoding="utf-8")
    (workspace / "input" / "autre.txt").write_text(text, encoding="utf-8")

    result = bilingue("batch", "input", "output", "--engine", "apertium", "--redo")

    assert result.exit_code == 1
    assert "1 translated, 0 skipped, 1 failed" in result.output
    assert (workspace / "output" / "autre.review.docx").exists()


def test_a_review_docx_with_no_sidecar_record_is_not_overwritten(workspace: Path) -> None:
    output = workspace / "output"
    (output / f"{STEM}.json").unlink()
    before = (output / f"{STEM}.review.docx").read_bytes()

    result = bilingue("batch", "input", "output", "--engine", "apertium")

    assert result.exit_code == 1
    assert f"{STEM}.json does not record it, so it may hold review work" in result.output
    assert (output / f"{STEM}.review.docx").read_bytes() == before
    assert not (output / f"{STEM}.json").exists()
