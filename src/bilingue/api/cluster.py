"""Batch runs past one machine, on Dask distributed (the optional ``bilingue[cluster]``).

The driver (the machine running ``bilingue batch --cluster``) plans the run, skips
unchanged documents with the same run keys as a local run, guards review work in
the outputs, reads the translation memory (SQLite, local to the driver) and writes
every output itself. Workers read and translate: a task is a chunk of documents,
sent as their bytes (workers need no shared disk), run through the same pooled
window as a local run, and returned as checked documents. With a memory, a chunk
goes out twice: prepared on a worker, answered from the memory on the driver
(exact matches become targets with origin TM and never reach an engine; fuzzy
matches become suggestions), then translated and checked on a worker. Each worker
process builds its engine once and keeps it for every task it gets, so a model
loads once per worker, not per task.

Dask was chosen over Ray for its size (pure Python wheels, a few MB) and because a
local cluster is the same code as a real one: ``--cluster local:N`` starts N
worker processes here; ``--cluster tcp://scheduler:8786`` uses a running cluster
(see docs/cluster.md).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bilingue.batch import FileResult, FileStatus
from bilingue.config import Settings
from bilingue.document import Document
from bilingue.errors import BilingueError, EngineUnavailable, NotFrench
from bilingue.glossary import Glossary

if TYPE_CHECKING:
    from bilingue.api.documents import PlannedOutputs
    from bilingue.api.runs import PlannedFile

__all__ = [
    "ChunkItem",
    "ChunkResult",
    "connect",
    "drive",
    "finish_chunk",
    "prepare_chunk",
    "translate_chunk",
    "worker_settings",
]

# One engine per worker process, built on its first task (keyed by what builds it).
_ENGINES: dict[tuple[str, Settings], Any] = {}


@dataclass(frozen=True)
class ChunkItem:
    """One document sent to a worker: where it came from, and its bytes."""

    path: str
    data: bytes


@dataclass(frozen=True)
class ChunkResult:
    """One document back from a worker: the checked document, or why not."""

    path: str
    doc: Document | None = None
    status: FileStatus = FileStatus.DONE  # or SKIPPED (not French), FAILED
    error: str = ""


def connect(address: str) -> Any:
    """A Dask client: ``local:N`` starts N worker processes here, else a scheduler address."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:
        raise EngineUnavailable(
            "the cluster extra is not installed",
            hint="install it with `pip install 'bilingue[cluster]'` (Dask distributed)",
        ) from err
    if address.startswith("local:"):
        count = address.partition(":")[2]
        if not count.isdigit() or int(count) < 1:
            raise EngineUnavailable(
                f"--cluster {address}: local:N needs a number of workers, e.g. local:2"
            )
        cluster = LocalCluster(
            n_workers=int(count),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        return Client(cluster)
    try:
        return Client(address, timeout=30)
    except OSError as err:
        raise EngineUnavailable(
            f"cannot reach the Dask scheduler at {address} ({err})",
            hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`",
        ) from err


def _engine(settings: Settings, engine_name: str | None) -> Any:
    key = (engine_name or settings.engine, settings)
    if key not in _ENGINES:
        from bilingue.api.documents import open_engine

        _ENGINES[key] = open_engine(settings, engine_name)
    return _ENGINES[key]


def prepare_chunk(items: Sequence[ChunkItem], glossary: Glossary) -> list[ChunkResult]:
    """Runs on a worker: read, prepare and protect each document (everything before
    the translation memory and the engine)."""
    from bilingue.api.documents import read_french
    from bilingue.pipeline import before_translate

    results: list[ChunkResult] = []
    with tempfile.TemporaryDirectory(prefix="bilingue-task-") as scratch:
        for index, item in enumerate(items):
            # Each file in its own folder under its own name: readers and messages see it.
            local = Path(scratch) / str(index) / Path(item.path).name
            local.parent.mkdir()
            local.write_bytes(item.data)
            try:
                doc = before_translate(read_french(local), glossary)
            except Exception as err:
                results.append(_failed(item.path, err, local))
                continue
            results.append(ChunkResult(item.path, doc.with_(source_path=item.path)))
    return results


def finish_chunk(
    prepared: Sequence[ChunkResult],
    settings: Settings,
    engine_name: str | None,
    typography: str | None,
) -> list[ChunkResult]:
    """Runs on a worker: translate prepared documents (pooled across the chunk) and
    check them; failures already in ``prepared`` pass through."""
    from bilingue.pipeline import after_translate, translate_all
    from bilingue.pooling import Deferred, Job, TranslationPool, run_window

    pool = TranslationPool(_engine(settings, engine_name))
    pooled = pool.translator()

    def start(item: ChunkResult) -> ChunkResult | Job[ChunkResult]:
        doc = item.doc
        if doc is None:
            return item

        def attempt() -> ChunkResult:
            try:
                checked = after_translate(translate_all(doc, pooled), locale=typography)
            except Deferred:
                raise
            except Exception as err:
                return _failed(item.path, err)
            return ChunkResult(item.path, checked)

        return Job(attempt, lambda err: _failed(item.path, err))

    starts = [lambda item=item: start(item) for item in prepared]
    return list(run_window(starts, pool, window=len(prepared) or 1))


def translate_chunk(
    items: Sequence[ChunkItem],
    settings: Settings,
    glossary: Glossary,
    engine_name: str | None,
    typography: str | None,
) -> list[ChunkResult]:
    """Runs on a worker: both halves in one task, for a run without a translation memory."""
    return finish_chunk(prepare_chunk(items, glossary), settings, engine_name, typography)


def _failed(path: str, err: Exception, local: Path | None = None) -> ChunkResult:
    line = err.line() if isinstance(err, BilingueError) else f"{type(err).__name__}: {err}"
    if local is not None:
        line = line.replace(str(local), path)
    if isinstance(err, BilingueError) and not err.path:
        line = f"{path}: {line}"
    status = FileStatus.SKIPPED if isinstance(err, NotFrench) else FileStatus.FAILED
    return ChunkResult(path, status=status, error=line)


def worker_settings(settings: Settings, client: Any) -> Settings:
    """The settings workers run with: on a local cluster the workers share this
    machine, so each gets its share of the run's threads (docs/threads.md)."""
    if getattr(client, "cluster", None) is None:  # a real cluster: each worker its node
        return settings
    from bilingue.engines.threads import available_cores

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    budget = settings.threads or available_cores()
    return replace(settings, threads=max(1, budget // workers))


def drive(
    client: Any,
    planned: Sequence[PlannedFile],
    prelude: Callable[[PlannedFile], FileResult | tuple[PlannedOutputs, str]],
    write: Callable[[PlannedOutputs, str, Document], FileResult],
    *,
    settings: Settings,
    glossary: Glossary,
    engine_name: str | None,
    typography: str | None,
    recall: Callable[[Document], Document] | None = None,
    chunk: int = 8,
) -> Iterator[FileResult]:
    """Results as documents finish: ``prelude`` on the driver (skips, review guards),
    chunks of documents translated on the workers, ``write`` on the driver.

    With ``recall`` (the translation memory, which lives on the driver), a chunk
    makes two trips: workers prepare the documents, the driver fills exact matches
    and attaches fuzzy suggestions, workers translate the rest and check. So the
    memory's English is used exactly as in a local run and never sent to the engine.
    At most two tasks per worker are in flight, so the driver holds a bounded
    number of documents however large the folder.
    """
    from distributed import as_completed

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    run_settings = worker_settings(settings, client)
    shared_glossary = client.scatter(glossary, broadcast=True)
    flying = as_completed()
    members: dict[Any, list[str]] = {}  # each task's documents, by driver path
    preparing: set[Any] = set()  # tasks whose documents go on to the memory, then finish_chunk
    waiting: dict[str, tuple[PlannedOutputs, str]] = {}
    batch: list[ChunkItem] = []

    def launch(future: Any, paths: list[str]) -> None:
        members[future] = paths
        flying.add(future)

    def submit() -> None:
        paths = [item.path for item in batch]
        if recall is None:
            future = client.submit(
                translate_chunk,
                list(batch),
                run_settings,
                shared_glossary,
                engine_name,
                typography,
                pure=False,
            )
            launch(future, paths)
        else:
            future = client.submit(prepare_chunk, list(batch), shared_glossary, pure=False)
            preparing.add(future)
            launch(future, paths)
        batch.clear()

    def remembered(
        prepared: list[ChunkResult], recall: Callable[[Document], Document]
    ) -> Iterator[ChunkResult]:
        """The memory's answers filled in on the driver (a failing lookup fails its document)."""
        for item in prepared:
            if item.doc is None:
                yield item
                continue
            try:
                yield ChunkResult(item.path, recall(item.doc))
            except Exception as err:
                yield _failed(item.path, err)

    def finished(future: Any) -> Iterator[FileResult]:
        paths = members.pop(future)
        prepared_only = future in preparing
        preparing.discard(future)
        try:
            results: list[ChunkResult] = future.result()
        except Exception as err:  # a worker lost, a task that could not run
            for path in paths:
                waiting.pop(path)
                yield FileResult(
                    path=Path(path),
                    status=FileStatus.FAILED,
                    error=f"{path}: the cluster task failed ({type(err).__name__}: {err})",
                )
            return
        if prepared_only and recall is not None:
            prepared = list(remembered(results, recall))
            results = [item for item in prepared if item.doc is None]
            ready = [item for item in prepared if item.doc is not None]
            if ready:
                launch(
                    client.submit(
                        finish_chunk, ready, run_settings, engine_name, typography, pure=False
                    ),
                    [item.path for item in ready],
                )
        for result in results:
            outputs, key = waiting.pop(result.path)
            if result.doc is None:
                yield FileResult(path=outputs.path, status=result.status, error=result.error)
            else:
                yield write(outputs, key, result.doc)

    for item in planned:
        before = prelude(item)
        if isinstance(before, FileResult):
            yield before
            continue
        try:
            if not item.path.is_file():  # a FIFO or a device would block the read
                raise OSError(0, "not a regular file")
            data = item.path.read_bytes()
        except OSError as err:
            yield FileResult(
                path=item.path, status=FileStatus.FAILED, error=f"{item.path}: {err.strerror}"
            )
            continue
        waiting[str(item.path)] = before
        batch.append(ChunkItem(str(item.path), data))
        if len(batch) >= chunk:
            submit()
        while flying.count() >= 2 * workers:
            yield from finished(next(flying))
    if batch:
        submit()
    # as_completed also yields the finishing tasks added while it is iterated.
    for future in flying:
        yield from finished(future)
