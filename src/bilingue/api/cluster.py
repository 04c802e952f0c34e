"""Batch runs past one machine, on Dask distributed (the optional ``bilingue[cluster]``).

The driver (the machine running ``bilingue batch --cluster``) plans the run, skips
unchanged documents with the same run keys as a local run, guards review work in
the outputs, and writes every output itself. Workers only translate: a task is a
chunk of documents, sent as their bytes (workers need no shared disk), run through
the same pooled window as a local run, and returned as checked documents. Each
worker process builds its engine once and keeps it for every task it gets, so a
model loads once per worker, not per task.

Dask was chosen over Ray for its size (pure Python wheels, a few MB) and because a
local cluster is the same code as a real one: ``--cluster local:N`` starts N
worker processes here; ``--cluster tcp://scheduler:8786`` uses a running cluster
(see docs/cluster.md).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
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

__all__ = ["ChunkItem", "ChunkResult", "connect", "drive", "translate_chunk"]

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


def translate_chunk(
    items: Sequence[ChunkItem],
    settings: Settings,
    glossary: Glossary,
    engine_name: str | None,
    typography: str | None,
) -> list[ChunkResult]:
    """Runs on a worker: read, prepare, translate (pooled across the chunk) and check."""
    from bilingue.api.documents import read_french
    from bilingue.pipeline import after_translate, before_translate, translate_all
    from bilingue.pooling import Deferred, Job, TranslationPool, run_window

    pool = TranslationPool(_engine(settings, engine_name))
    pooled = pool.translator()
    with tempfile.TemporaryDirectory(prefix="bilingue-task-") as scratch:

        def start(index: int, item: ChunkItem) -> ChunkResult | Job[ChunkResult]:
            # Each file in its own folder under its own name: readers and messages see it.
            local = Path(scratch) / str(index) / Path(item.path).name
            local.parent.mkdir()
            local.write_bytes(item.data)
            try:
                doc = before_translate(read_french(local), glossary)
            except Exception as err:
                return _failed(item.path, local, err)
            doc = doc.with_(source_path=item.path)

            def attempt() -> ChunkResult:
                try:
                    checked = after_translate(translate_all(doc, pooled), locale=typography)
                except Deferred:
                    raise
                except Exception as err:
                    return _failed(item.path, local, err)
                return ChunkResult(item.path, checked)

            return Job(attempt, lambda err: _failed(item.path, local, err))

        starts = [
            lambda index=index, item=item: start(index, item) for index, item in enumerate(items)
        ]
        return list(run_window(starts, pool, window=len(items) or 1))


def _failed(path: str, local: Path, err: Exception) -> ChunkResult:
    line = err.line() if isinstance(err, BilingueError) else f"{type(err).__name__}: {err}"
    line = line.replace(str(local), path)
    if isinstance(err, BilingueError) and not err.path:
        line = f"{path}: {line}"
    status = FileStatus.SKIPPED if isinstance(err, NotFrench) else FileStatus.FAILED
    return ChunkResult(path, status=status, error=line)


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
    chunk: int = 8,
) -> Iterator[FileResult]:
    """Results as documents finish: ``prelude`` on the driver (skips, review guards),
    chunks of documents translated on the workers, ``write`` on the driver.

    At most two chunks per worker are in flight, so the driver holds a bounded
    number of documents however large the folder.
    """
    from distributed import as_completed

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    shared_glossary = client.scatter(glossary, broadcast=True)
    flying = as_completed()
    members: dict[Any, list[ChunkItem]] = {}
    waiting: dict[str, tuple[PlannedOutputs, str]] = {}
    batch: list[ChunkItem] = []

    def submit() -> None:
        future = client.submit(
            translate_chunk,
            list(batch),
            settings,
            shared_glossary,
            engine_name,
            typography,
            pure=False,
        )
        members[future] = list(batch)
        flying.add(future)
        batch.clear()

    def finished(future: Any) -> Iterator[FileResult]:
        items = members.pop(future)
        try:
            results: list[ChunkResult] = future.result()
        except Exception as err:  # a worker lost, a task that could not run
            for item in items:
                waiting.pop(item.path)
                yield FileResult(
                    path=Path(item.path),
                    status=FileStatus.FAILED,
                    error=f"{item.path}: the cluster task failed ({type(err).__name__}: {err})",
                )
            return
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
    for future in flying:
        yield from finished(future)
