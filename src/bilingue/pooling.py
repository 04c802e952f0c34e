"""Pooled translation across documents: one engine, many documents, few large batches.

The translate stage asks its engine for one document's segments at a time. To pool
them, every document in a window goes through the engine stages with a
:class:`PooledTranslator`: a request it can answer from its cache is answered; any
other is recorded and the stage is interrupted (:class:`Deferred`). When every
document in the window waits, :meth:`TranslationPool.flush` sends all recorded
sources to the real engine in one call, de-duplicated and sorted by length, and
the waiting documents run the stages again, now answered from the cache. The
engine stages ask at most three times per document (the translate stage's whole
batch, then the segments whose glossary terms were lost; the inline-code fragments),
so a document is done after at most three flushes.

Re-running the stage is cheap next to the engine; in exchange the stage keeps its
simple one-batch contract and nothing here needs threads. Memory stays bounded: at
most ``window`` documents are in flight, and the cache is trimmed to its limit
before each flush (never in between, so every answer a waiting document needs is
still there when it runs again).

A failing engine call fails only the documents whose sources were in it: the
pooled call is retried per document, and a document whose own sources still fail
gets the engine's error (results come in completion order, so a failed document
is reported before the others of its window).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from bilingue.document import EngineInfo
from bilingue.engines import Piece, Translator, span_keeper, split_sources
from bilingue.errors import EngineError

__all__ = [
    "Deferred",
    "PoolStats",
    "PooledTranslator",
    "SpanKeepingPooledTranslator",
    "TranslationPool",
    "run_window",
]

_Result = TypeVar("_Result")
_Owner = Hashable


class Deferred(Exception):
    """The pool recorded sources it cannot answer yet; run the document again after a flush."""


@dataclass
class PoolStats:
    """What pooling saved: segments asked for against sources the engine translated."""

    requested: int = 0  # texts the engine stages of finished documents were answered
    translated: int = 0  # distinct sources the engine was sent
    flushes: int = 0


class TranslationPool:
    """A cache of translations in front of one engine, filled a pooled batch at a time."""

    def __init__(self, engine: Translator, *, cache_limit: int = 200_000) -> None:
        self.engine = engine
        self.cache_limit = cache_limit
        self.stats = PoolStats()
        self._plain: OrderedDict[str, str] = OrderedDict()
        self._keeping: OrderedDict[tuple[Piece, ...], str] = OrderedDict()
        self._wanted_plain: dict[_Owner, set[str]] = {}
        self._wanted_keeping: dict[_Owner, set[tuple[Piece, ...]]] = {}
        self._split: set[str] = set()  # sources the engine translated in parts
        self.owner: _Owner = None
        self._asked = 0  # texts answered in the current attempt

    def translator(self) -> PooledTranslator:
        """The engine the translate stage is given: span-keeping when the real one is."""
        if self.engine.keeps_spans:
            return SpanKeepingPooledTranslator(self)
        return PooledTranslator(self)

    def split_in(self, sources: Sequence[str]) -> frozenset[int]:
        """Indexes of ``sources`` the engine translated in parts (see split_sources)."""
        return frozenset(i for i, source in enumerate(sources) if source in self._split)

    def begin(self, owner: _Owner) -> None:
        """A document's attempt starts: what it records is its own."""
        self.owner, self._asked = owner, 0

    def settle(self) -> None:
        """The attempt finished: count what it was answered (once per document)."""
        self.stats.requested += self._asked
        self.owner, self._asked = None, 0

    @property
    def waiting(self) -> bool:
        return bool(self._wanted_plain or self._wanted_keeping)

    def answer_plain(self, sources: Sequence[str]) -> list[str]:
        missing = {s for s in sources if s not in self._plain}
        if missing:
            self._wanted_plain.setdefault(self.owner, set()).update(missing)
            raise Deferred
        self._asked += len(sources)
        return [self._plain[s] for s in sources]

    def answer_keeping(self, items: Sequence[Sequence[Piece]]) -> list[str]:
        keys = [tuple(item) for item in items]
        missing = {k for k in keys if k not in self._keeping}
        if missing:
            self._wanted_keeping.setdefault(self.owner, set()).update(missing)
            raise Deferred
        self._asked += len(items)
        return [self._keeping[k] for k in keys]

    def flush(self) -> dict[_Owner, Exception]:
        """Translate everything recorded; the owners whose own sources the engine refused.

        Any exception counts (an engine may crash with a library error): the
        documents whose sources caused it fail, never the run.
        """
        self._trim()
        plain = {s for wanted in self._wanted_plain.values() for s in wanted}
        keeping = {k for wanted in self._wanted_keeping.values() for k in wanted}
        failed: dict[_Owner, Exception] = {}
        try:
            self._fill(plain, keeping)
        except Exception:
            for owner in set(self._wanted_plain) | set(self._wanted_keeping):
                try:
                    self._fill(
                        self._wanted_plain.get(owner, set()),
                        self._wanted_keeping.get(owner, set()),
                    )
                except Exception as err:
                    failed[owner] = err
        self._wanted_plain.clear()
        self._wanted_keeping.clear()
        return failed

    def _fill(self, plain: set[str], keeping: set[tuple[Piece, ...]]) -> None:
        todo_plain = sorted((s for s in plain if s not in self._plain), key=len)
        if todo_plain:
            self.stats.flushes += 1
            self.stats.translated += len(todo_plain)
            outputs = self.engine.translate(todo_plain)
            _same_count(outputs, todo_plain)
            self._plain.update(zip(todo_plain, outputs, strict=True))
            self._split.update(todo_plain[i] for i in split_sources(self.engine))
        todo_keeping = sorted(
            (k for k in keeping if k not in self._keeping),
            key=lambda item: sum(len(text) for text, _ in item),
        )
        keeper = span_keeper(self.engine)
        if todo_keeping and keeper is not None:
            self.stats.flushes += 1
            self.stats.translated += len(todo_keeping)
            outputs = keeper.translate_keeping(todo_keeping)
            _same_count(outputs, todo_keeping)
            self._keeping.update(zip(todo_keeping, outputs, strict=True))

    def _trim(self) -> None:
        # Oldest first: boilerplate seen again moves nowhere, but a long run keeps
        # at most cache_limit answers of each kind.
        for cache in (self._plain, self._keeping):
            while len(cache) > self.cache_limit:
                cache.popitem(last=False)
        if len(self._split) > self.cache_limit:
            self._split.clear()  # only a flag's accuracy on a very long run


def _same_count(outputs: Sequence[str], inputs: Sequence[object]) -> None:
    if len(outputs) != len(inputs):
        raise EngineError(
            f"the engine returned {len(outputs)} translations for {len(inputs)} segments",
            hint="no translation was kept; report this engine and input",
        )


class PooledTranslator:
    """A :class:`Translator` answering from a pool, or raising :class:`Deferred`."""

    keeps_spans: ClassVar[bool] = False

    def __init__(self, pool: TranslationPool) -> None:
        self.pool = pool
        self.last_split: frozenset[int] = frozenset()

    @property
    def info(self) -> EngineInfo:
        return self.pool.engine.info

    def translate(self, sources: Sequence[str]) -> list[str]:
        answers = self.pool.answer_plain(sources)
        self.last_split = self.pool.split_in(sources)
        return answers


class SpanKeepingPooledTranslator(PooledTranslator):
    """The pooled translator for an engine that keeps marked spans (Apertium)."""

    keeps_spans: ClassVar[bool] = True

    def translate_keeping(self, items: Sequence[Sequence[Piece]]) -> list[str]:
        return self.pool.answer_keeping(items)


class Job(Generic[_Result]):
    """One document in flight: ``attempt`` finishes it or raises :class:`Deferred`."""

    def __init__(self, attempt: Callable[[], _Result], fail: Callable[[Exception], _Result]):
        self.attempt = attempt
        self.fail = fail


def run_window(
    starts: Iterable[Callable[[], _Result | Job[_Result]]],
    pool: TranslationPool,
    *,
    window: int = 16,
) -> Iterator[_Result]:
    """Results in completion order: each start gives a result at once or a Job to pool.

    At most ``window`` jobs are in flight. A job's ``attempt`` may raise anything
    but :class:`Deferred` only through the pool: the caller's attempt turns its own
    failures into results (per-document isolation belongs to the caller).
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    pending = iter(starts)
    live: list[Job[_Result]] = []
    exhausted = False
    while live or not exhausted:
        while not exhausted and len(live) < window:
            start = next(pending, None)
            if start is None:
                exhausted = True
                break
            started = start()
            if isinstance(started, Job):
                live.append(started)
            else:
                yield started
        still: list[Job[_Result]] = []
        for job in live:
            pool.begin(id(job))
            try:
                result = job.attempt()
            except Deferred:
                still.append(job)
                continue
            pool.settle()
            yield result
        pool.owner = None
        live = still
        if live and not pool.waiting:
            raise RuntimeError("documents wait on a pool with nothing to translate")
        if pool.waiting:
            failures = pool.flush()
            for job in [j for j in live if id(j) in failures]:
                live.remove(job)
                yield job.fail(failures[id(job)])
