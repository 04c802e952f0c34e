"""The contract every translation engine meets, written once and inherited per engine.

Subclass :class:`EngineContract` and give it an ``engine`` fixture; every test here
then runs against that engine (the way Translate Toolkit subclasses one store test
per format). A new engine, wrapper or test double inherits the whole contract.
"""

from __future__ import annotations

import pytest

from bilingue.engines import Translator, span_keeper

__all__ = ["HOSTILE", "SOURCES", "EngineContract"]

SOURCES = [
    "Le CNES et Roscosmos signent un accord.",
    "Bonjour.",
    "Le lanceur Soyouz décollera du Centre spatial guyanais à Kourou en 2014.",
    "Paris, le 17 mai 2013",
]
# Text that markup, stream formats or UTF-16 code units could misread.
HOSTILE = [
    '<b>gras</b> & "guillemets" <!-- commentaire --> ]]>',
    "Musique 𝄞, visage 😀, caractère 𠜎 hors du plan de base.",
    "Le satellite ] ^Mars$ [<s0>] est lancé.",
    "Caractères réservés \uffff \ufffe \x00 ici.",
]
LONG = " ".join(
    f"Le satellite numéro {n} sera lancé depuis Kourou, en Guyane, par une fusée Soyouz."
    for n in range(50)
)


class EngineContract:
    """Tests every engine must pass; subclasses provide the ``engine`` fixture."""

    @pytest.fixture
    def engine(self) -> Translator:
        raise NotImplementedError("a contract subclass provides the engine")

    def test_one_target_per_source_in_order(self, engine: Translator) -> None:
        targets = engine.translate(SOURCES)
        assert len(targets) == len(SOURCES)
        assert all(isinstance(t, str) and t.strip() for t in targets)
        # The same batch in another order must come back in that order.
        order = [1, 2, 3, 0]
        assert engine.translate([SOURCES[i] for i in order]) == [targets[i] for i in order]

    def test_an_empty_batch_gives_an_empty_list(self, engine: Translator) -> None:
        assert engine.translate([]) == []

    def test_blank_sources_stay_blank_and_keep_their_place(self, engine: Translator) -> None:
        targets = engine.translate(["", " ", "Bonjour.", "\n\t", "\u00a0"])
        assert len(targets) == 5
        assert [t.strip() for i, t in enumerate(targets) if i != 2] == ["", "", "", ""]
        assert targets[2].strip()

    def test_hostile_characters_break_nothing(self, engine: Translator) -> None:
        sources = [s for hostile in HOSTILE for s in (SOURCES[0], hostile)]
        targets = engine.translate(sources)
        assert len(targets) == len(sources)
        assert all(isinstance(t, str) and t.strip() for t in targets)
        # The plain sentence between hostile ones is translated alike every time.
        assert len(set(targets[0::2])) == 1

    def test_a_long_segment_gives_one_target(self, engine: Translator) -> None:
        targets = engine.translate(["Bonjour.", LONG])
        assert len(targets) == 2
        assert targets[0].strip() and len(targets[1]) > len(LONG) // 10

    def test_keeps_spans_is_declared(self, engine: Translator) -> None:
        assert engine.keeps_spans in (True, False)
        keeper = span_keeper(engine)
        assert (keeper is engine) if engine.keeps_spans else keeper is None

    def test_kept_pieces_come_out_verbatim(self, engine: Translator) -> None:
        keeper = span_keeper(engine)
        if keeper is None:
            pytest.skip("this engine does not keep spans")
        kept = ["Guiana Space Centre", "a<b>&c 😀 ]^x$[", "jean.dupont@cnes.fr"]
        items = [
            [("Le ", False), (kept[0], True), (" est ouvert.", False)],
            [("Voir ", False), (kept[1], True)],
            [(kept[2], True)],
            [("Bonjour.", False)],
        ]
        targets = keeper.translate_keeping(items)
        assert len(targets) == 4
        for piece, target in zip(kept, targets, strict=False):
            assert piece in target
        assert keeper.translate_keeping([]) == []
