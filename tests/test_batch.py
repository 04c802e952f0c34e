"""Batch runs: sorted inputs, isolated failures, distinct output names, exit codes."""

from __future__ import annotations

from pathlib import Path

from bilingue.batch import FileResult, FileStatus, collect_inputs, output_stems, run_batch
from bilingue.errors import BadInput, NotFrench


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
