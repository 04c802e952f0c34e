"""The segment stage: French sentence splitting that loses nothing, and repairs per segment."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bilingue.document import Block, BlockKind, Document, Repair, Segment
from bilingue.stages.clean import clean
from bilingue.stages.segment import segment, segment_block, split_sentences
from tests.stages.raw import read_raw

# --- the user's sample release -------------------------------------------------------


@pytest.fixture(scope="module")
def seed_doc(seed_path: Path) -> Document:
    return segment(clean(read_raw(seed_path)))


def _segments(doc: Document) -> list[Segment]:
    return list(doc.segments())


def test_seed_blocks(seed_doc: Document) -> None:
    kinds = [b.kind for b in seed_doc.blocks]
    assert kinds == [BlockKind.HEADING, BlockKind.DATELINE, *[BlockKind.PARAGRAPH] * 5]
    heading, dateline = seed_doc.blocks[:2]
    assert heading.level == 1
    assert "\n" not in heading.text
    assert heading.text.startswith(
        "Jean-Yves Le Gall, Président du CNES, a rencontré Vladimir Popovkine"
    )
    assert dateline.text == "le vendredi 17 mai 2013 à Moscou"


def test_seed_segments(seed_doc: Document) -> None:
    segments = _segments(seed_doc)
    assert len(segments) == 12
    assert [s.id for s in seed_doc.blocks[2].segments] == ["p3.s1", "p3.s2"]
    for bad in ("V ladimir", "Cet te", "  "):
        assert all(bad not in s.source for s in segments)
    for block in seed_doc.blocks:
        assert "".join(s.source + s.space_after for s in block.segments) == block.text


def test_seed_mm_sentence_is_one_segment(seed_doc: Document) -> None:
    matching = [s for s in _segments(seed_doc) if s.source.startswith("MM. Le Gall")]
    assert len(matching) == 1
    assert matching[0].source.startswith(
        "MM. Le Gall et Popovkine ont donc passé en revue l’ensemble"
    )
    assert matching[0].source.endswith("des systèmes orbitaux et de la microgravité.")


def test_seed_keeps_accord_cadre(seed_doc: Document) -> None:
    assert [s.id for s in _segments(seed_doc) if "accord-cadre" in s.source] == ["p6.s2"]


def test_seed_quote_split_with_closing_guillemet_on_last_sentence(seed_doc: Document) -> None:
    first, second = seed_doc.blocks[-1].segments
    assert first.source.startswith("À l’issue de cette rencontre")
    assert "« Cette visite revêt" in first.source
    assert first.source.endswith("dans le secteur spatial.")
    assert second.source.startswith("Les nombreux projets")
    assert second.source.endswith("hautes technologies. »")


@pytest.mark.parametrize(("after", "word"), [("Vladimir", "V ladimir"), ("Cette", "Cet te")])
def test_seed_repairs_land_on_their_segment(seed_doc: Document, after: str, word: str) -> None:
    carriers = [(s, r) for s in _segments(seed_doc) for r in s.repairs if r.before == word]
    assert len(carriers) == 1
    seg, repair = carriers[0]
    assert repair.after == after
    assert seg.source[repair.start : repair.end] == after


# --- split_sentences: French rules -----------------------------------------------------

NO_SPLIT = [
    "M. Dupont est arrivé.",
    "MM. Le Gall et Popovkine ont signé.",
    "Mme Martin et Mlle Durand sont là.",
    "Le Dr. Martin et le Pr. Durand sont là.",
    "Il a vu J.-Y. Le Gall hier.",
    "Il a vu J. Dupont hier.",
    "Né en 52 av. J.-C. à Rome.",
    "Voir cf. Annexe 2 pour les détails.",
    "Voir p. 12 du rapport.",
    "Voir art. 3 de la convention.",
    "Une masse de env. 300 kg au décollage.",
    "Le taux est de 3.5 pour cent.",
    "Il y a 1.200 salariés.",
    "Signé le 17.05.2013 à Moscou.",
    "Il hésita... puis repartit.",
    "Il hésita… puis repartit.",
    "Des satellites, des lanceurs, etc. sont concernés.",
    "Voir www.cnes.fr pour en savoir plus.",
    "Écrire à presse@cnes.fr avant lundi.",
    "« Nous sommes prêts. » a-t-il déclaré.",
    "Quelle surprise ! a-t-il dit.",
    "1. Lancement du satellite.",
    "a) Le premier point.",
    "Il est né au XIXe s. Ce siècle fut riche.",
]


@pytest.mark.parametrize("text", NO_SPLIT)
def test_no_split(text: str) -> None:
    assert split_sentences(text) == [(text, "")]


SPLITS = [
    ("Il est parti. Elle reste.", ["Il est parti.", "Elle reste."]),
    ("Vraiment ? Oui !  Bien sûr.", ["Vraiment ?", "Oui !", "Bien sûr."]),
    ("Il hésita… Puis il partit.", ["Il hésita…", "Puis il partit."]),
    ("Il hésita... Puis il partit.", ["Il hésita...", "Puis il partit."]),
    ("Créé en 1966. 2013 fut une année clé.", ["Créé en 1966.", "2013 fut une année clé."]),
    ("Il a dit. « Bonjour » fut la réponse.", ["Il a dit.", "« Bonjour » fut la réponse."]),
    ("Et ainsi de suite, etc. La suite demain.", ["Et ainsi de suite, etc.", "La suite demain."]),
    ("Voir www.cnes.fr. Le site est à jour.", ["Voir www.cnes.fr.", "Le site est à jour."]),
    ("Il y en a. Mais peu.", ["Il y en a.", "Mais peu."]),
    (
        "Il a déclaré : « Cette visite compte pour nos deux pays. » Il est reparti.",
        ["Il a déclaré : « Cette visite compte pour nos deux pays. »", "Il est reparti."],
    ),
    (
        "Il a déclaré : « Cette visite compte.\u00a0» Il est reparti.",
        ["Il a déclaré : « Cette visite compte.\u00a0»", "Il est reparti."],
    ),
    (
        "Il a dit : « C’est important. Nous le ferons. » Puis il partit.",
        ["Il a dit : « C’est important.", "Nous le ferons. »", "Puis il partit."],
    ),
    ("Il a cité “la Lune”. Puis Mars.", ["Il a cité “la Lune”.", "Puis Mars."]),
    ("(Voir plus haut.) Ensuite, rien.", ["(Voir plus haut.)", "Ensuite, rien."]),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_splits(text: str, expected: list[str]) -> None:
    assert [sentence for sentence, _ in split_sentences(text)] == expected


def test_whitespace_between_sentences_is_kept() -> None:
    assert split_sentences("Un.  Deux.\nTrois. ") == [
        ("Un.", "  "),
        ("Deux.", "\n"),
        ("Trois.", " "),
    ]


@pytest.mark.parametrize("text", ["", " ", "\n\t "])
def test_blank_text_has_no_sentence(text: str) -> None:
    assert split_sentences(text) == []


_ALPHABET = st.sampled_from(
    [
        *"aAbBéÉ zZ1 9.!?…«»“”\"()'’-:;,\n\t\u00a0\u202f",
        *(". ", ". A", " » ", "M. ", "J.-C. ", "etc. ", "... ", "1. "),
    ]
)


@given(st.lists(_ALPHABET, max_size=60).map("".join).map(str.lstrip))
def test_split_loses_nothing(text: str) -> None:
    pairs = split_sentences(text)
    assert "".join(s + space for s, space in pairs) == text
    for sentence, space in pairs:
        assert sentence
        assert sentence == sentence.strip()
        assert not space.strip()
    for _, space in pairs[:-1]:
        assert space


@given(st.text(max_size=80).map(str.lstrip))
def test_segment_block_rebuilds_any_text(text: str) -> None:
    block = Block(id="p1", kind=BlockKind.PARAGRAPH, text=text)
    segments = segment_block(block).segments
    assert "".join(s.source + s.space_after for s in segments) == text
    assert [s.id for s in segments] == [f"p1.s{k}" for k in range(1, len(segments) + 1)]
    assert all(s.source and s.source == s.source.strip() for s in segments)


# --- segment_block: ids and repairs ----------------------------------------------------


def test_segment_ids_and_sources() -> None:
    block = Block(id="p4", kind=BlockKind.PARAGRAPH, text="Un. Deux. Trois.")
    assert segment_block(block).segments == (
        Segment(id="p4.s1", source="Un.", space_after=" "),
        Segment(id="p4.s2", source="Deux.", space_after=" "),
        Segment(id="p4.s3", source="Trois.", space_after=""),
    )


def test_repairs_are_rebased_to_their_segment() -> None:
    text = "Le président part. Cette coopération dure. Voilà."
    repairs = (
        Repair("split-word", "prési dent", "président", 3, 12),
        Repair("split-word", "Cet te", "Cette", 19, 24),
        Repair("hyphenation", "coopé-ration", "coopération", 25, 36),
        Repair("spaces", "2 doubled spaces", "single spaces", 0, 0),
    )
    block = Block(id="p1", kind=BlockKind.PARAGRAPH, text=text, repairs=repairs)
    first, second, third = segment_block(block).segments
    assert first.repairs == (
        Repair("split-word", "prési dent", "président", 3, 12),
        Repair("spaces", "2 doubled spaces", "single spaces", 0, 0),
    )
    assert second.repairs == (
        Repair("split-word", "Cet te", "Cette", 0, 5),
        Repair("hyphenation", "coopé-ration", "coopération", 6, 17),
    )
    assert third.repairs == ()
    for seg in (first, second):
        for repair in seg.repairs[:2]:
            if repair.kind != "spaces":
                assert seg.source[repair.start : repair.end] == repair.after


def test_segment_replaces_earlier_segments_and_keeps_block_repairs() -> None:
    repair = Repair("split-word", "Cet te", "Cette", 0, 5)
    block = Block(
        id="p1",
        kind=BlockKind.QUOTE,
        text="Cette fois. Oui.",
        segments=(Segment(id="old", source="x"),),
        repairs=(repair,),
    )
    doc = segment(Document(source_path="x.txt", blocks=(block,)))
    (out,) = doc.blocks
    assert [s.id for s in out.segments] == ["p1.s1", "p1.s2"]
    assert out.repairs == (repair,)
    assert out.kind is BlockKind.QUOTE
