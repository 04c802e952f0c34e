"""The pool alone: de-duplication, length order, the window bound, failure isolation."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from bilingue.errors import EngineError
from bilingue.pooling import Deferred, Job, TranslationPool, run_window
from tests.doubles import RecordingEngine


class UpperEngine(RecordingEngine):
    """Upper-cases; fails on any batch holding "PANNE"."""

    def translate(self, sources: Sequence[str]) -> list[str]:
        if any("PANNE" in s for s in sources):
            raise EngineError("the engine stopped answering")
        return super().translate(sources)

    def render(self, source: str) -> str:
        return source.upper()


def document(
    name: str, sources: list[str], pool: TranslationPool, live: list[str]
) -> Callable[[], str | Job[str]]:
    """A start function: a Job that asks the pool for ``sources`` in two rounds."""

    def start() -> str | Job[str]:
        live.append(name)
        translator = pool.translator()

        def attempt() -> str:
            first = translator.translate(sources)
            second = translator.translate([s + " bis" for s in sources[:1]])
            live.remove(name)
            return f"{name}: {' / '.join(first + second)}"

        def fail(err: Exception) -> str:
            live.remove(name)
            return f"{name} failed: {err}"

        return Job(attempt, fail)

    return start


def test_sources_are_translated_once_longest_last_and_every_answer_is_right() -> None:
    engine = UpperEngine()
    pool = TranslationPool(engine)
    live: list[str] = []
    docs = {
        "a": ["Le CNES a signé.", "Boilerplate commun à toutes les annonces."],
        "b": ["Boilerplate commun à toutes les annonces.", "Court."],
        "c": ["Le CNES a signé."],
    }
    starts = [document(name, sources, pool, live) for name, sources in docs.items()]

    results = sorted(run_window(starts, pool, window=8))

    assert results == [
        "a: LE CNES A SIGNÉ. / BOILERPLATE COMMUN À TOUTES LES ANNONCES. / LE CNES A SIGNÉ. BIS",
        "b: BOILERPLATE COMMUN À TOUTES LES ANNONCES. / COURT. / BOILERPLATE COMMUN À TOUTES "
        "LES ANNONCES. BIS",
        "c: LE CNES A SIGNÉ. / LE CNES A SIGNÉ. BIS",
    ]
    sent = [s for call in engine.calls for s in call]
    assert len(sent) == len(set(sent)) == 5  # 3 sentences, 2 distinct "bis"
    assert engine.calls[0] == sorted(engine.calls[0], key=len)
    assert len(engine.calls) == 2  # one pooled call per round, not one per document
    assert pool.stats.requested == 8  # 5 + 3 texts answered, counted once each
    assert pool.stats.translated == 5


def test_no_more_documents_than_the_window_are_in_flight() -> None:
    pool = TranslationPool(UpperEngine())
    live: list[str] = []
    peak = 0

    def watched(start: Callable[[], str | Job[str]]) -> Callable[[], str | Job[str]]:
        def wrapper() -> str | Job[str]:
            nonlocal peak
            started = start()
            peak = max(peak, len(live))
            return started

        return wrapper

    starts = [watched(document(f"d{i}", [f"phrase {i}"], pool, live)) for i in range(10)]

    results = list(run_window(starts, pool, window=3))

    assert len(results) == 10 and peak == 3


def test_a_failing_document_fails_alone() -> None:
    pool = TranslationPool(UpperEngine())
    live: list[str] = []
    starts = [
        document("good", ["Bonjour."], pool, live),
        document("bad", ["PANNE ici."], pool, live),
        document("also", ["Au revoir."], pool, live),
    ]

    results = sorted(run_window(starts, pool, window=8))

    assert results == [
        "also: AU REVOIR. / AU REVOIR. BIS",
        "bad failed: the engine stopped answering",
        "good: BONJOUR. / BONJOUR. BIS",
    ]


def test_an_unanswered_request_defers() -> None:
    pool = TranslationPool(UpperEngine())
    with pytest.raises(Deferred):
        pool.translator().translate(["Pas encore."])
    assert pool.waiting
    assert pool.flush() == {}
    assert pool.translator().translate(["Pas encore."]) == ["PAS ENCORE."]
