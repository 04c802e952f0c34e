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

# --- acceptance: paragraphs of the sample, exactly as clean hands them over ----------

MM_PARAGRAPH = (
    "MM. Le Gall et Popovkine ont donc passé en revue l’ensemble de ces sujets et ont "
    "discuté des prochaines étapes de la coopération entre les deux pays, en particulier "
    "dans le domaine des lanceurs et dans celui des systèmes orbitaux et de la "
    "microgravité. L’ensemble donnera lieu à un accord-cadre, en cours de finalisation."
)
QUOTE_PARAGRAPH = (
    "À l’issue de cette rencontre, Jean-Yves Le Gall a déclaré : « Cette visite revêt "
    "pour moi une très grande importance, dans la mesure où la Russie est depuis près de "
    "50 ans un partenaire majeur de la France dans le secteur spatial. Les nombreux "
    "projets que nous conduisons ensemble, dans le domaine des lanceurs, des vols habités "
    "ou de la science, la coopération industrielle sur les satellites, sont autant "
    "d’exemples de la densité des échanges entre nos deux pays dans le domaine des hautes "
    "technologies. »"
)


def _cleaned(*texts: str) -> Document:
    blocks = tuple(
        Block(id=f"p{n}", kind=BlockKind.PARAGRAPH, text=text)
        for n, text in enumerate(texts, start=1)
    )
    return Document(source_path="release.txt", blocks=blocks)


def test_acceptance_mm_paragraph_is_two_segments() -> None:
    (block,) = segment(_cleaned(MM_PARAGRAPH)).blocks
    first, second = block.segments
    assert (first.id, second.id) == ("p1.s1", "p1.s2")
    assert first.source.startswith("MM. Le Gall et Popovkine")
    assert first.source.endswith("microgravité.")
    assert first.space_after == " "
    assert second == Segment(
        id="p1.s2", source="L’ensemble donnera lieu à un accord-cadre, en cours de finalisation."
    )


def test_acceptance_quote_keeps_its_closing_guillemet() -> None:
    (block,) = segment(_cleaned(QUOTE_PARAGRAPH)).blocks
    # Sentences inside the quotation are split; « opens the first, » closes the last.
    first, last = block.segments
    cut = QUOTE_PARAGRAPH.index(" Les nombreux")
    assert first == Segment(id="p1.s1", source=QUOTE_PARAGRAPH[:cut], space_after=" ")
    assert last == Segment(id="p1.s2", source=QUOTE_PARAGRAPH[cut + 1 :])
    assert "« Cette visite" in first.source
    assert first.source.endswith("dans le secteur spatial.")
    assert last.source.endswith("technologies. »")


def test_blocks_without_text_get_no_segments() -> None:
    doc = segment(_cleaned("", "   ", "Un. Deux."))
    assert [len(b.segments) for b in doc.blocks] == [0, 0, 2]
    assert [b.text for b in doc.blocks] == ["", "   ", "Un. Deux."]


# --- the user's sample release, through clean -----------------------------------------


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
    "Mmes. Durand et Martin sont là.",
    "Plaidé par Me. Dupont hier.",
    "La place St. Pierre et la rue Ste. Anne.",
    "Fondée en 43 apr. J.-C. par les Romains.",
    "Contact : J. Dupont, CNES.",
    "Une hausse de 0.5 % en 2013.",
    "Écrire à a.b@cnes.fr pour en savoir plus.",
    "Voir https://cnes.fr/fr/media. pour les images.",
    "Des lanceurs, des satellites… et des sondes.",
    "Une coopération « exemplaire. » selon lui.",
    "LES TÉMOIGNAGES DE YAHOO ! ET GOOGLE.",
    "Rendez-vous le 1er janv. 2024 à Paris.",
    "Le 3 sept. 2024 à 10 h 30.",
    "Une fenêtre de 30 min. pour lancer.",
    "QUI GAGNE ? OU PERD ?",
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
    ("Il est parti. — Oui, dit-elle.", ["Il est parti.", "— Oui, dit-elle."]),
    ("Il est parti. - Oui.", ["Il est parti.", "- Oui."]),
    ("Quoi ?! Non.", ["Quoi ?!", "Non."]),
    ("Il a vu M. Dupont. Elle a vu Mme Durand.", ["Il a vu M. Dupont.", "Elle a vu Mme Durand."]),
    ("Consultez Me Dupont. Il plaidera.", ["Consultez Me Dupont.", "Il plaidera."]),
    ("Voir cf. p. 12. La suite est là.", ["Voir cf. p. 12.", "La suite est là."]),
    ("Écrivez à a.b@cnes.fr. Merci.", ["Écrivez à a.b@cnes.fr.", "Merci."]),
    ("Il a dit : « Oui ! » Puis il partit.", ["Il a dit : « Oui ! »", "Puis il partit."]),
    ("Il coûte 3.5 M€. Ensuite rien.", ["Il coûte 3.5 M€.", "Ensuite rien."]),
    ("Signé le 17.05.2013. Le texte suit.", ["Signé le 17.05.2013.", "Le texte suit."]),
    ("Il y en a 3. Puis 4.", ["Il y en a 3.", "Puis 4."]),
    ("Fin.\u00a0Début.", ["Fin.", "Début."]),
    # Capitals carry no signal only where the whole sentence is in capitals.
    ("Quelle chance ! ET pourtant.", ["Quelle chance !", "ET pourtant."]),
    ("BRAVO ! MERCI À TOUS.", ["BRAVO !", "MERCI À TOUS."]),
    # A unit after a number ends a sentence before a capital, as an initial does not.
    (
        "Le lancement est à 10 h. La fenêtre dure 30 min. Tout est prêt.",
        ["Le lancement est à 10 h.", "La fenêtre dure 30 min.", "Tout est prêt."],
    ),
    ("Le satellite pèse 1,5 t. Il part en juin.", ["Le satellite pèse 1,5 t.", "Il part en juin."]),
    ("Le lanceur Vega-C. Le programme continue.", ["Le lanceur Vega-C.", "Le programme continue."]),
    ("Ils sont sept. Le huitième arrive.", ["Ils sont sept.", "Le huitième arrive."]),
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


@pytest.mark.parametrize("text", [" Un. Deux.", "\nUn.", "\u00a0Un."])
def test_leading_whitespace_is_refused_not_dropped(text: str) -> None:
    with pytest.raises(ValueError, match="starts with whitespace"):
        split_sentences(text)


def test_segment_block_records_leading_whitespace_as_a_repair() -> None:
    block = Block(
        id="p2",
        kind=BlockKind.PARAGRAPH,
        text=" \n Cette fois. Oui.",
        repairs=(Repair("split-word", "Cet te", "Cette", 3, 8),),
    )
    out = segment_block(block)
    assert out.text == "Cette fois. Oui."
    assert out.repairs == (
        Repair("spaces", " \n ", "", 0, 0),
        Repair("split-word", "Cet te", "Cette", 0, 5),
    )
    first, second = out.segments
    assert first.source == "Cette fois."
    assert first.repairs == out.repairs
    assert second.repairs == ()


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


@given(st.text(max_size=80))
def test_segment_block_rebuilds_any_text(text: str) -> None:
    block = Block(id="p1", kind=BlockKind.PARAGRAPH, text=text)
    out = segment_block(block)
    segments = out.segments
    if not text.strip():
        assert (out.text, segments) == (text, ())
        return
    # Leading whitespace moves from the text into a repair: nothing is lost.
    lead = out.repairs[0].before if out.repairs else ""
    assert lead + out.text == text
    assert "".join(s.source + s.space_after for s in segments) == out.text
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
