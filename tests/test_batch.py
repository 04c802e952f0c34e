"""Batch runs: sorted inputs, isolated failures, distinct output names, exit codes."""

from __future__ import annotations

import os
from pathlib import Path

from bilingue.batch import (
    FileResult,
    FileStatus,
    collect_inputs,
    output_stems,
    plan_batch,
    run_batch,
)
from bilingue.errors import BadInput, LinkOutsideInput, NotFrench, NotRegularFile, OutputCollision


def test_folders_give_sorted_supported_files_without_hidden_or_lock_files(tmp_path: Path) -> None:
    for name in ["b.txt", "a.docx", "c.pdf.tmp", ".hidden.txt", "~$lock.docx", "z.TXT"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    found = collect_inputs([tmp_path], (".txt", ".docx"))
    assert [p.name for p in found] == ["a.docx", "b.txt", "z.TXT"]


def test_explicit_files_are_kept_even_when_unsupported_and_duplicates_dropped(
    tmp_path: Path,
) -> None:
    a = tmp_path / "a.txt"
    a.write_text("x", encoding="utf-8")
    odd = tmp_path / "notes.xyz"
    found = collect_inputs([a, odd, tmp_path / "." / "a.txt"], (".txt",))
    assert found == [a, odd]


def test_same_stem_inputs_get_distinct_output_stems() -> None:
    stems = output_stems([Path("x.txt"), Path("x.docx"), Path("y.txt")])
    assert stems == {Path("x.txt"): "x-txt", Path("x.docx"): "x-docx", Path("y.txt"): "y"}


def test_one_bad_file_does_not_stop_the_others() -> None:
    seen: list[tuple[str, int, int]] = []

    def process(path: Path) -> FileResult:
        if path.name == "bad.txt":
            raise BadInput("empty document", path=path)
        if path.name == "english.txt":
            raise NotFrench("not a French document (detected en, 0.99)", path=path)
        if path.name == "broken.txt":
            raise OSError("disk on fire")
        return FileResult(path=path, status=FileStatus.DONE, terms_found=3, terms_expected=4)

    files = [Path(n) for n in ["a.txt", "bad.txt", "english.txt", "broken.txt", "b.txt"]]
    report = run_batch(files, process, lambda r, i, n: seen.append((r.status, i, n)))
    done, failed, skipped = FileStatus.DONE, FileStatus.FAILED, FileStatus.SKIPPED
    assert [r.status for r in report.results] == [done, failed, skipped, failed, done]
    assert report.results[1].error == "bad.txt: empty document"
    assert report.results[3].error == "broken.txt: OSError: disk on fire"
    assert seen[-1] == (done, 5, 5)
    assert report.term_accuracy == (6, 8)
    assert report.exit_code == 1


def test_exit_code_is_zero_only_when_everything_was_translated() -> None:
    ok = run_batch([Path("a.txt")], lambda p: FileResult(path=p, status=FileStatus.DONE))
    assert ok.exit_code == 0
    assert run_batch([], lambda p: FileResult(path=p, status=FileStatus.DONE)).exit_code == 1


# --- isolation: anything one file raises stays with that file -------------------------


def test_any_exception_fails_only_its_file_with_one_line_and_keeps_the_traceback() -> None:
    def process(path: Path) -> FileResult:
        if path.name == "crash.txt":
            raise RuntimeError("engine state lost\nsecond line")
        if path.name == "deep.txt":
            raise RecursionError("maximum recursion depth exceeded")
        return FileResult(path=path, status=FileStatus.DONE)

    files = [Path(n) for n in ["a.txt", "crash.txt", "deep.txt", "b.txt"]]
    report = run_batch(files, process)
    assert [r.status for r in report.results] == [
        FileStatus.DONE,
        FileStatus.FAILED,
        FileStatus.FAILED,
        FileStatus.DONE,
    ]
    crash = report.results[1]
    assert crash.error == "crash.txt: RuntimeError: engine state lost second line"
    assert crash.detail.startswith("Traceback (most recent call last):")
    assert crash.detail.rstrip().endswith("RuntimeError: engine state lost\nsecond line")
    assert report.results[2].error == "deep.txt: RecursionError: maximum recursion depth exceeded"
    assert report.results[0].detail == ""
    assert (len(report.done), len(report.failed), report.exit_code) == (2, 2, 1)


# --- planning: unique output names, links that leave the input folder -----------------


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).write_text("x", encoding="utf-8")


def test_an_output_name_collision_refuses_the_second_file(tmp_path: Path) -> None:
    _touch(tmp_path, "x.txt", "x.docx", "x-txt.txt")
    plan = plan_batch([tmp_path], (".txt", ".docx"))
    assert [p.name for p in plan.files] == ["x-txt.txt", "x.docx", "x.txt"]
    assert {p.name: s for p, s in plan.stems.items()} == {
        "x-txt.txt": "x-txt",
        "x.docx": "x-docx",
        "x.txt": "x-txt",
    }
    [(refused, error)] = plan.refused.items()
    assert refused == tmp_path / "x.txt"
    assert isinstance(error, OutputCollision)
    assert error.line() == (
        f"{tmp_path / 'x.txt'}: output name 'x-txt' is already used by "
        f"{tmp_path / 'x-txt.txt'} in this run; not translated — rename one of the two files"
    )


def test_names_differing_only_in_case_collide(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _touch(tmp_path / "a", "Note.txt")
    _touch(tmp_path / "b", "note.txt")
    plan = plan_batch([tmp_path / "a", tmp_path / "b"], (".txt",))
    assert list(plan.refused) == [tmp_path / "b" / "note.txt"]


def test_links_leaving_the_input_folder_are_skipped_unless_followed(tmp_path: Path) -> None:
    inside = tmp_path / "in"
    inside.mkdir()
    _touch(tmp_path, "secret.txt")
    _touch(inside, "a.txt")
    (inside / "b.txt").symlink_to(tmp_path / "secret.txt")
    (inside / "c.txt").symlink_to(inside / "a.txt")  # same file as a.txt: read once
    (inside / "d.txt").symlink_to("a.txt")
    os.mkfifo(inside / "e.txt")  # not a regular file: named in its turn, never opened
    plan = plan_batch([inside], (".txt",))
    assert [p.name for p in plan.files] == ["a.txt", "b.txt", "e.txt"]
    refused = dict(plan.refused)
    assert isinstance(refused.pop(inside / "e.txt"), NotRegularFile)
    [(path, error)] = refused.items()
    assert path == inside / "b.txt"
    assert isinstance(error, LinkOutsideInput)
    assert error.line() == (
        f"{inside / 'b.txt'}: link to {tmp_path / 'secret.txt'}, outside the input folder; "
        "skipped — use --follow-links to translate it"
    )
    assert list(plan_batch([inside], (".txt",), follow_links=True).refused) == [inside / "e.txt"]
    # A file named on the command line is the user's explicit choice, link or not.
    assert plan_batch([inside / "b.txt"], (".txt",)).refused == {}


def test_refusals_are_reported_in_turn_as_skipped_or_failed(tmp_path: Path) -> None:
    def process(path: Path) -> FileResult:
        if path in plan.refused:
            raise plan.refused[path]
        return FileResult(path=path, status=FileStatus.DONE)

    inside = tmp_path / "in"
    inside.mkdir()
    _touch(tmp_path, "outside.txt")
    _touch(inside, "x.txt", "x.docx", "x-txt.txt")
    (inside / "y.txt").symlink_to(tmp_path / "outside.txt")
    plan = plan_batch([inside], (".txt", ".docx"))
    report = run_batch(plan.files, process)
    assert [(r.path.name, r.status) for r in report.results] == [
        ("x-txt.txt", FileStatus.DONE),
        ("x.docx", FileStatus.DONE),
        ("x.txt", FileStatus.FAILED),
        ("y.txt", FileStatus.SKIPPED),
    ]
