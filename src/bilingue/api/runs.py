"""Batch runs over folder trees: incremental, resumable, pooled across documents.

A run plans its inputs (folders are walked recursively; each file's output keeps
its folder relative to the input), then streams them through a window of documents
in flight sharing one engine (:mod:`bilingue.pooling`). Each document is written as
soon as it is complete, both outputs together, with its run key in the sidecar
(:mod:`bilingue.incremental`); a document whose key is unchanged is not redone.
So a run killed at any moment loses only the documents in flight, and the next run
does only what is missing.
"""

from __future__ import annotations

import errno
import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bilingue.batch import BatchReport, FileResult, FileStatus, plan_batch
from bilingue.config import Settings
from bilingue.document import Document
from bilingue.engines import Translator
from bilingue.errors import (
    BadInput,
    BilingueError,
    LinkOutsideInput,
    NotFrench,
    NotRegularFile,
    OutputError,
)
from bilingue.incremental import Recorded
from bilingue.progress import ProgressCounter, RunProgress

__all__ = ["PlannedFile", "plan_tree", "translate_paths"]

WINDOW = 16  # documents in flight: the pool's reach, and the bound on memory


@dataclass(frozen=True)
class PlannedFile:
    """One input and where its outputs go: ``out_dir / folder / stem.{review.docx,json}``."""

    path: Path
    folder: Path  # relative to the output folder ("." for files given directly)
    stem: str
    refused: BilingueError | None = None  # reported in its turn, not translated


def _folders(root: Path) -> Iterator[Path]:
    """``root`` and every folder under it, sorted, skipping hidden ones; linked
    folders are not entered (a loop, or a tree elsewhere on the disk)."""
    for folder, dirs, _ in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield Path(folder)


def plan_tree(
    paths: Iterable[Path], extensions: Sequence[str], *, follow_links: bool = False
) -> list[PlannedFile]:
    """Every input with its output folder and a stem unique within that folder.

    Each folder is planned by :func:`bilingue.batch.plan_batch`, so its rules hold
    at every level: hidden and temporary files skipped, a link leading out of its
    folder refused unless ``follow_links``, colliding output names refused.
    """
    planned: list[PlannedFile] = []
    seen: set[Path] = set()

    def add(files: Sequence[Path], folder: Path, follow: bool) -> None:
        plan = plan_batch(files, extensions, follow_links=follow)
        for path in plan.files:
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            stem = plan.stems.get(path, path.stem)
            planned.append(PlannedFile(path, folder, stem, plan.refused.get(path)))

    direct = [p for p in paths if not p.is_dir()]
    if direct:
        add(direct, Path("."), follow_links)
    for given in paths:
        if given.is_dir():
            for folder in _folders(given):
                add([folder], folder.relative_to(given), follow_links)
    return planned


def _unchanged(
    path: Path, review_path: Path, json_path: Path, last: Recorded, key: str
) -> FileResult | None:
    """The result of a document that needs no new run, else None.

    A reviewed DOCX already imported is exported again (the new one shows the
    review; nothing is lost, the sidecar holds it). One changed and not imported
    is left alone, with a note saying it waits to be imported. The DOCX the sidecar's
    own replaced (a run killed between the pair's renames) is redone.
    """
    from bilingue.formats.review_binding import file_sha256

    if last.key != key:
        return None
    found = file_sha256(review_path)
    note = ""
    if found != last.written_review:
        if found in (last.imported_review, last.replaced_review):
            return None
        note = (
            f"{review_path}: review in progress, not imported yet — bring it in with "
            f"`bilingue review import {review_path}`"
        )
    return FileResult(
        path=path, status=FileStatus.UNCHANGED, outputs=(review_path, json_path), error=note
    )


def _size(path: Path) -> int:
    """Source bytes of ``path`` for the progress estimate (0 when it cannot be read)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _failure(path: Path, err: Exception) -> FileResult:
    """One document's failure as its result; a full disk stops the whole run."""
    cause = err.__cause__ if isinstance(err, OutputError) else err
    if isinstance(cause, OSError) and cause.errno == errno.ENOSPC:
        raise OutputError(
            "the output disk is full; the documents written so far are complete, "
            "nothing half-written was left",
            path=cause.filename or None,
            hint="free some space and run again: only what is missing will be done",
        ) from err
    if isinstance(err, BilingueError):
        line = err.line() if err.path else f"{path}: {err.line()}"
        skipped = isinstance(err, (NotFrench, LinkOutsideInput, NotRegularFile))
        status = FileStatus.SKIPPED if skipped else FileStatus.FAILED
        return FileResult(path=path, status=status, error=line)
    if isinstance(err, FileNotFoundError) and not path.exists():
        return FileResult(
            path=path, status=FileStatus.FAILED, error=f"{path}: vanished during the run"
        )
    # Isolation: a bug or a library crash fails this document alone; --debug shows it.
    problem = " ".join(f"{type(err).__name__}: {err}".split())
    return FileResult(
        path=path,
        status=FileStatus.FAILED,
        error=BadInput(problem, path=path).line(),
        detail="".join(traceback.format_exception(err)),
    )


def translate_paths(
    paths: Sequence[Path],
    out_dir: Path,
    settings: Settings,
    *,
    engine_name: str | None = None,
    extra_glossaries: Sequence[Path] = (),
    on_progress: Callable[[RunProgress], None] | None = None,
    force: bool = False,
    redo: bool = False,
    window: int = WINDOW,
    cluster: str | None = None,
    follow_links: bool = False,
    engine: Translator | None = None,
) -> BatchReport:
    """Translate files and folder trees into ``out_dir``; bad files are reported, not fatal.

    Folders are walked recursively and keep their layout in ``out_dir``; documents in
    flight share one engine in pooled batches (``window`` of them at a time). Unless
    ``settings.use_tm`` is off, the translation memory answers approved segments first
    and suggests fuzzy matches for the others.

    Raises (before translating anything) when the glossary is invalid, no engine is
    available or the output folder cannot be created or written, and (stopping the
    run) when the output disk fills up. A document whose sidecar records this run's
    key is reported ``unchanged`` and not redone, unless ``redo`` or ``force``.
    ``force`` also replaces review DOCX files changed since bilingue wrote them
    (kept as dated backups); without it they are never overwritten.
    ``on_progress`` gets a :class:`~bilingue.progress.RunProgress` once the inputs
    are planned and after each document settles (the library prints nothing). ``cluster``
    (``local:N`` or a Dask scheduler address) translates on Dask workers
    (:mod:`bilingue.api.cluster`), the memory still read here. Links in an
    input folder leading out of it are skipped unless ``follow_links``. ``engine``
    replaces the one the settings choose (a caller that holds one, or a test).
    """
    from bilingue.api.documents import (
        PlannedOutputs,
        StartedDocument,
        choose_engine,
        finish_document,
        plan_outputs,
        read_french,
        write_document,
    )
    from bilingue.api.glossary import glossary_for
    from bilingue.formats import SUPPORTED_EXTENSIONS
    from bilingue.incremental import RunKeys, memory_changes, recorded
    from bilingue.pooling import Job, TranslationPool, run_window
    from bilingue.safeio import ensure_output_dir

    began = time.monotonic()
    planned = plan_tree(paths, SUPPORTED_EXTENSIONS, follow_links=follow_links)
    glossary = glossary_for(settings, extra_glossaries)
    if engine is None:
        choice = choose_engine(settings, engine_name)
        engine, engine_notes = choice.engine, choice.notes
    else:
        engine_notes = ()
    typography = settings.english if settings.typography else None
    ensure_output_dir(out_dir)
    keys = RunKeys(glossary, engine.info, settings)
    pool = TranslationPool(engine)
    pooled = pool.translator()
    redo = redo or force
    report = BatchReport()
    progress = ProgressCounter({item.path: _size(item.path) for item in planned}, on_progress)
    progress.start()

    with ExitStack() as stack:
        recall = None
        remembered: Callable[[str], str | None] | None = None
        memory_stamp = ""  # the memory's state when this run began ("" without one)
        if settings.use_tm:
            from bilingue.engines.memory import with_memory
            from bilingue.tm import open_memory

            memory = stack.enter_context(open_memory(settings.resolve(settings.tm)))
            stats = memory.stats()
            memory_stamp = f"{stats.units} units, newest {stats.newest}"
            # An empty memory answers nothing: no lookups (and one trip per cluster task).
            recall = with_memory(engine, memory).recall if stats.units else None

            def remembered(source: str) -> str | None:
                match = memory.exact(source)
                return None if match is None else match.unit.target

        def prelude(item: PlannedFile) -> FileResult | tuple[PlannedOutputs, str]:
            """A result already (refused, unchanged, failed), or the outputs and run key."""
            path = item.path
            try:
                if item.refused is not None:
                    raise item.refused
                folder = out_dir / item.folder
                try:
                    key = keys.key(path)
                except OSError:
                    key = ""  # unreadable: the reader says why, in its words
                json_path = folder / f"{item.stem}.json"
                review_path = folder / f"{item.stem}.review.docx"
                if key and not redo and review_path.is_file():
                    last = recorded(json_path)
                    unchanged = _unchanged(path, review_path, json_path, last, key)
                    # The memory is asked only if it changed since this sidecar was written.
                    if unchanged is not None and not (
                        remembered is not None
                        and last.memory_stamp != memory_stamp
                        and memory_changes(last, remembered)
                    ):
                        return unchanged
                ensure_output_dir(folder)
                return plan_outputs(path, folder, item.stem, force=force), key
            except Exception as err:
                return _failure(path, err)

        def start(item: PlannedFile) -> FileResult | Job[FileResult]:
            before = prelude(item)
            if isinstance(before, FileResult):
                return before
            outputs, key = before
            from bilingue.pipeline import before_translate

            try:
                doc = before_translate(read_french(item.path), glossary)
                if recall is not None:
                    doc = recall(doc)
            except Exception as err:
                return _failure(item.path, err)
            started = StartedDocument(doc, outputs)

            def attempt() -> FileResult:
                from bilingue.pipeline import translate_all
                from bilingue.pooling import Deferred

                try:
                    translated = translate_all(started.doc, pooled)
                    return finish_document(
                        started,
                        translated,
                        force=force,
                        run_key=key,
                        memory_stamp=memory_stamp,
                        engine_notes=engine_notes,
                        typography=typography,
                    )
                except Deferred:
                    raise
                except Exception as err:
                    return _failure(item.path, err)

            return Job(attempt, lambda err: _failure(item.path, err))

        def write(outputs: PlannedOutputs, key: str, doc: Document) -> FileResult:
            try:
                return write_document(
                    outputs,
                    doc,
                    force=force,
                    run_key=key,
                    memory_stamp=memory_stamp,
                    engine_notes=engine_notes,
                )
            except Exception as err:
                return _failure(outputs.path, err)

        if cluster is not None:
            from bilingue.api.cluster import connect, drive

            client = stack.enter_context(connect(cluster))
            results = drive(
                client,
                planned,
                prelude,
                write,
                settings=settings,
                glossary=glossary,
                engine_name=engine_name,
                typography=typography,
                recall=recall,
            )
        else:
            results = run_window([partial(start, item) for item in planned], pool, window=window)
        for result in results:
            report.results.append(result)
            progress.settle(result)
    report.notes.extend(engine_notes)
    report.notes.extend(glossary.notes)
    report.seconds = time.monotonic() - began
    report.pooled = (pool.stats.requested, pool.stats.translated)
    return report
