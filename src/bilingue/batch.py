"""Batch conversion: sorted inputs, one file's failure never stops the others, a summary."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from bilingue.errors import (
    BadInput,
    BilingueError,
    LinkOutsideInput,
    NotFrench,
    NotRegularFile,
    OutputCollision,
)

__all__ = [
    "BatchPlan",
    "BatchReport",
    "FileResult",
    "FileStatus",
    "collect_inputs",
    "output_stems",
    "plan_batch",
    "run_batch",
]


class FileStatus(StrEnum):
    """What became of one input file in a run."""

    DONE = "done"  # translated, outputs written
    SKIPPED = "skipped"  # deliberately not translated (not French, a link leaving the input,
    # a FIFO, socket or device in an input folder)
    FAILED = "failed"  # could not be read, translated or written
    UNCHANGED = "unchanged"  # outputs already up to date (same run key): not redone


@dataclass(frozen=True)
class FileResult:
    path: Path
    status: FileStatus
    outputs: tuple[Path, ...] = ()
    error: str = ""
    segments: int = 0
    terms_found: int = 0
    terms_expected: int = 0
    engine: str = ""
    qa_flagged: int = 0  # segments with a QA warning or error
    qa_errors: int = 0
    from_memory: int = 0  # segments the translation memory answered
    detail: str = ""  # the traceback of an unexpected failure, shown under --debug


@dataclass
class BatchReport:
    results: list[FileResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the whole run (no glossary found…)
    seconds: float = 0.0  # wall time of the run
    pooled: tuple[int, int] = (0, 0)  # segments answered, distinct sources the engine translated

    @property
    def done(self) -> list[FileResult]:
        return [r for r in self.results if r.status is FileStatus.DONE]

    @property
    def skipped(self) -> list[FileResult]:
        return [r for r in self.results if r.status is FileStatus.SKIPPED]

    @property
    def unchanged(self) -> list[FileResult]:
        return [r for r in self.results if r.status is FileStatus.UNCHANGED]

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status is FileStatus.FAILED]

    @property
    def term_accuracy(self) -> tuple[int, int]:
        return (
            sum(r.terms_found for r in self.results),
            sum(r.terms_expected for r in self.results),
        )

    @property
    def exit_code(self) -> int:
        """0 when every document was translated (or already was), 1 when any failed or
        was skipped."""
        settled = len(self.done) + len(self.unchanged)
        return 0 if self.results and settled == len(self.results) else 1


def collect_inputs(
    paths: Iterable[Path], extensions: Sequence[str], *, follow_links: bool = False
) -> list[Path]:
    """Files given directly are kept as they are (their reader will judge them); folders
    contribute their supported regular files, sorted, skipping hidden and temporary files.

    Links leading out of their folder are kept in the list; :func:`plan_batch` refuses
    them unless ``follow_links``."""
    return [path for path, folder in _found(paths, extensions) if not (folder and _special(path))]


def _special(path: Path) -> str | None:
    """What ``path`` (links followed) is when it is a FIFO, socket or device, else None."""
    from bilingue.safeinput import special_kind

    try:
        return special_kind(os.stat(path).st_mode)
    except OSError:  # a broken link, or gone: the listing's is_file() dropped it too
        return None


def _broken(path: Path) -> bool:
    """Whether ``path`` is a link whose target does not exist."""
    return path.is_symlink() and not path.exists()


def _found(paths: Iterable[Path], extensions: Sequence[str]) -> list[tuple[Path, Path | None]]:
    """(file, folder it was listed from, or None when given directly), duplicates dropped."""
    found: list[tuple[Path, Path | None]] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                (p, path)
                for p in sorted(path.iterdir())
                if not p.name.startswith((".", "~$"))
                # Regular files (through links) of a supported type, and broken links
                # of that type; FIFOs, sockets and devices of any name too, for
                # plan_batch to name them (never read).
                and (
                    (p.suffix.lower() in extensions and (p.is_file() or _broken(p))) or _special(p)
                )
            )
        else:
            found.append((path, None))
    seen: set[Path] = set()
    unique = []
    for p, folder in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((p, folder))
    return unique


@dataclass(frozen=True)
class BatchPlan:
    """What a run will do before it does anything: files in order, output stems, refusals."""

    files: tuple[Path, ...]
    stems: Mapping[Path, str]
    refused: Mapping[Path, BilingueError]  # raised for that file when its turn comes


def plan_batch(
    paths: Iterable[Path], extensions: Sequence[str], *, follow_links: bool = False
) -> BatchPlan:
    """The inputs of a run with a unique output stem each.

    Refused up front, each reported in its turn: a link in an input folder that leads
    outside it (skipped unless ``follow_links``: it may expose any file the user can
    read), and a file whose output names another file of the run already takes.
    """
    found = _found(paths, extensions)
    files = tuple(path for path, _ in found)
    refused: dict[Path, BilingueError] = {}
    for path, folder in found:
        if folder is not None and _broken(path):
            refused[path] = NotRegularFile(
                f"link to {os.readlink(path)}, which does not exist; skipped",
                path=path,
                hint="fix or remove the link",
            )
            continue
        kind = _special(path) if folder is not None else None
        if kind is not None:
            refused[path] = NotRegularFile(
                f"not a regular file ({kind}); skipped",
                path=path,
                hint="only regular files are translated",
            )
    if not follow_links:
        for path, folder in found:
            if path in refused:
                continue
            if folder is not None and not path.resolve().is_relative_to(folder.resolve()):
                refused[path] = LinkOutsideInput(
                    f"link to {path.resolve()}, outside the input folder; skipped",
                    path=path,
                    hint="use --follow-links to translate it",
                )
    stems = output_stems([p for p in files if p not in refused])
    owners: dict[str, Path] = {}
    for path, stem in stems.items():
        # Case-folded: x.txt and X.txt overwrite each other on Windows and macOS disks.
        owner = owners.setdefault(stem.casefold(), path)
        if owner != path:
            refused[path] = OutputCollision(
                f"output name '{stem}' is already used by {owner} in this run; not translated",
                path=path,
                hint="rename one of the two files",
            )
    return BatchPlan(files, stems, refused)


def output_stems(files: Sequence[Path]) -> dict[Path, str]:
    """Output name stems; two inputs with one stem (x.txt, x.docx) get the suffix added
    so neither output overwrites the other (:func:`plan_batch` refuses what still clashes)."""
    counts: dict[str, int] = {}
    for p in files:
        counts[p.stem] = counts.get(p.stem, 0) + 1
    return {
        p: p.stem if counts[p.stem] == 1 else f"{p.stem}-{p.suffix.lstrip('.').lower()}"
        for p in files
    }


def run_batch(
    files: Sequence[Path],
    process: Callable[[Path], FileResult],
    on_result: Callable[[FileResult, int, int], None] | None = None,
) -> BatchReport:
    """Run ``process`` on every file, isolating failures: a bad file is reported, not fatal.

    Anything ``process`` raises fails that file alone, with one line; an exception
    that is not a BilingueError (a bug, a library crash) keeps its traceback in
    ``FileResult.detail`` for ``--debug``.
    """
    report = BatchReport()
    for index, path in enumerate(files, start=1):
        try:
            result = process(path)
        except (NotFrench, LinkOutsideInput, NotRegularFile) as err:
            result = FileResult(path=path, status=FileStatus.SKIPPED, error=_named(err, path))
        except BilingueError as err:
            result = FileResult(path=path, status=FileStatus.FAILED, error=_named(err, path))
        except Exception as err:
            # Isolation is this loop's whole job: one document's crash must not cost
            # the others their translation.
            problem = " ".join(f"{type(err).__name__}: {err}".split())
            result = FileResult(
                path=path,
                status=FileStatus.FAILED,
                error=BadInput(problem, path=path).line(),
                detail=traceback.format_exc(),
            )
        report.results.append(result)
        if on_result is not None:
            on_result(result, index, len(files))
    return report


def _named(err: BilingueError, path: Path) -> str:
    """The error's line, naming the document even when the error itself cannot (an engine
    failing knows the batch it was given, not the file it came from)."""
    return err.line() if err.path else f"{path}: {err.line()}"
