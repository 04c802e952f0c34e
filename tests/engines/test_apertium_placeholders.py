"""Kept pieces as placeholder words through Apertium (engines/apertium_placeholders.py)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bilingue.engines import Piece
from bilingue.engines.apertium import ApertiumEngine, apertium_available
from bilingue.engines.apertium_placeholders import encode, restore

HAVE_APERTIUM = apertium_available()
SKIP_REASON = "Apertium with fr-es and spa-eng is not installed (scripts/system-deps.sh)"


def test_kept_words_become_placeholders_and_symbols_stay_kept() -> None:
    encoded = encode([("la ", False), ("NASA", True), (" et ", False), ("•", True)])
    assert encoded.pieces == (("la ", False), ("Zqxja", False), (" et ", False), ("•", True))
    assert encoded.kept == {"Zqxja": "NASA"}


def test_restore_puts_each_piece_back_marks_and_case_aside() -> None:
    encoded = encode([("l'", False), ("ESA", True), (" et ", False), ("Ariane 6", True)])
    assert restore("**zqxja and the *Zqxjb.", encoded) == "ESA and the Ariane 6."


@pytest.mark.parametrize("output", ["the Zqxja.", "Zqxja Zqxja Zqxjb", "the Zqxjc Zqxja Zqxjb"])
def test_restore_refuses_a_lost_doubled_or_strange_placeholder(output: str) -> None:
    encoded = encode([("", False), ("ESA", True), (" et ", False), ("CNES", True)])
    assert restore(output, encoded) is None


def test_text_spelling_the_stem_keeps_superblanks() -> None:
    pieces: list[Piece] = [("le code zqxj ", False), ("ESA", True)]
    assert encode(pieces).pieces == tuple(pieces)


def test_many_placeholders_have_distinct_names() -> None:
    encoded = encode([(f"t{i}", True) for i in range(60)])
    assert len(set(encoded.kept)) == 60
    assert all(name.isalpha() for name in encoded.kept)


def test_an_item_whose_placeholder_is_lost_is_translated_again_with_superblanks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[list[list[Piece]]] = []

    def streams(self: ApertiumEngine, items: Sequence[Sequence[Piece]]) -> list[str]:
        calls.append([list(item) for item in items])
        if len(calls) == 1:
            return ["the agency signs", "the Zqxja signs"]
        return ["the ESA signs (kept)"]

    monkeypatch.setattr(ApertiumEngine, "_translate_streams", streams)
    items = [[("l'", False), ("ESA", True), (" signe", False)]] * 2
    assert ApertiumEngine().translate_keeping(items) == ["the ESA signs (kept)", "the ESA signs"]
    assert calls[1] == [items[0]]  # the original pieces: ESA as a superblank


@pytest.mark.skipif(not HAVE_APERTIUM, reason=SKIP_REASON)
def test_a_kept_name_keeps_the_sentence_parsed() -> None:
    # As a superblank, "la [NASA] renforcent" read as a pronoun: "reinforce it".
    pieces: list[Piece] = [
        ("Le ", False),
        ("CNES", True),
        (" et la ", False),
        ("NASA", True),
        (" renforcent leur coopération.", False),
    ]
    with ApertiumEngine() as engine:
        (draft,) = engine.translate_keeping([pieces])
    assert draft.startswith("The CNES and the NASA reinforce")


@pytest.mark.skipif(not HAVE_APERTIUM, reason=SKIP_REASON)
def test_terminology_apertium_renders_itself_moves_with_the_sentence() -> None:
    from bilingue.glossary.model import Glossary, GlossaryEntry
    from bilingue.stages.protect import protect
    from bilingue.stages.translate import translate
    from tests.doubles import document_of

    glossary = Glossary(
        (
            GlossaryEntry("lanceur", "launcher", type="term"),
            GlossaryEntry("Soyouz", "Soyuz", type="programme"),
        )
    )
    with ApertiumEngine() as engine:
        doc = translate(protect(document_of("Le Soyouz est un lanceur russe."), glossary), engine)
    (segment,) = doc.segments()
    # Kept in place, "launcher" stayed before its adjective: "a launcher Russian".
    assert segment.target == "The Soyuz is a Russian launcher."
    assert [hit.ok for hit in segment.terms] == [True, True]


@pytest.mark.skipif(not HAVE_APERTIUM, reason=SKIP_REASON)
def test_the_capital_of_c_est_after_a_quote_stays_on_the_first_word() -> None:
    with ApertiumEngine() as engine:
        drafts = engine.translate(["Il a dit : « C'est une étape. »", "Il a dit : «C'est prêt.»"])
    assert ["It is" in draft for draft in drafts] == [True, True], drafts
    assert not any("it Is" in draft for draft in drafts)
