"""Every engine passes the contract: Argos (synthetic model), Apertium, and the test doubles."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from bilingue.engines import Translator
from bilingue.engines.apertium import INSTALL_HINT, ApertiumEngine, apertium_available
from bilingue.engines.argos import ArgosEngine
from tests.doubles import ApertiumLikeMangler, IdentityEngine, SpanKeepingDouble
from tests.engines.contract import EngineContract


class TestArgosContract(EngineContract):
    @pytest.fixture
    def engine(self, argos_engine: ArgosEngine) -> Translator:
        # A small input budget so the long segment is split, and a short beam: the
        # random-weight model decodes to its length cap, so this keeps the suite quick.
        return ArgosEngine(argos_engine.package, beam_size=1, max_input_tokens=64)


@pytest.mark.apertium
@pytest.mark.skipif(
    not apertium_available(),
    reason=f"Apertium with fr-es and spa-eng is not installed ({INSTALL_HINT})",
)
class TestApertiumContract(EngineContract):
    @pytest.fixture
    def engine(self) -> Translator:
        return ApertiumEngine()


class TestIdentityContract(EngineContract):
    @pytest.fixture
    def engine(self) -> Translator:
        return IdentityEngine()


class TestManglerContract(EngineContract):
    @pytest.fixture
    def engine(self) -> Translator:
        return ApertiumLikeMangler()


class TestSpanKeepingDoubleContract(EngineContract):
    @pytest.fixture
    def engine(self) -> Translator:
        return SpanKeepingDouble()


class ReversingEngine(IdentityEngine):
    """Returns the right targets in reverse order: the bug the contract must catch."""

    def translate(self, sources: Sequence[str]) -> list[str]:
        return super().translate(sources)[::-1]


class DroppingEngine(IdentityEngine):
    """Drops blank sources instead of keeping their place."""

    def translate(self, sources: Sequence[str]) -> list[str]:
        return [s for s in super().translate(sources) if s.strip()]


@pytest.mark.parametrize(
    ("broken", "test"),
    [
        (ReversingEngine(), EngineContract.test_one_target_per_source_in_order),
        (DroppingEngine(), EngineContract.test_blank_sources_stay_blank_and_keep_their_place),
        (
            SpanKeepingDouble(breaks_spans=True),
            EngineContract.test_kept_pieces_come_out_verbatim,
        ),
    ],
)
def test_the_contract_catches_a_broken_engine(broken: Translator, test: object) -> None:
    assert callable(test)
    with pytest.raises(AssertionError):
        test(EngineContract(), broken)


class TestMemoryWrapperContract(EngineContract):
    """The translation-memory wrapper around a span keeper is still an engine."""

    @pytest.fixture
    def engine(self, tmp_path: Path) -> Iterator[Translator]:
        from bilingue.engines.memory import with_memory
        from bilingue.tm import open_memory

        with open_memory(tmp_path / "tm.sqlite") as memory:
            yield with_memory(SpanKeepingDouble(), memory)
