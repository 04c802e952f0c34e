"""The clean stage: unwrapping, space and word repairs, and block classification."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bilingue.document import Block, BlockKind, Document, Repair
from bilingue.formats import read_document
from bilingue.stages.clean import clean, clean_text, split_list_items
from bilingue.stages.words import should_dehyphenate, should_join

pytestmark = pytest.mark.filterwarnings("error")


def _read(tmp_path: Path, text: str, encoding: str = "utf-8") -> Document:
    path = tmp_path / "release.txt"
    path.write_bytes(text.encode(encoding))
    return read_document(path)


def _shape(doc: Document) -> list[tuple[str, BlockKind, int, str, str]]:
    return [(b.id, b.kind, b.level, b.style, b.text) for b in doc.blocks]


# --- the user's sample release -------------------------------------------------------


@pytest.fixture(scope="module")
def seed_doc(seed_path: Path) -> Document:
    return clean(read_document(seed_path))


def test_seed_structure(seed_doc: Document) -> None:
    kinds = [(b.id, b.kind, b.level) for b in seed_doc.blocks]
    assert kinds == [
        ("p1", BlockKind.HEADING, 1),
        ("p2", BlockKind.DATELINE, 0),
        *((f"p{n}", BlockKind.PARAGRAPH, 0) for n in range(3, 8)),
    ]
    assert seed_doc.blocks[0].text == (
        "Jean-Yves Le Gall, Président du CNES, a rencontré Vladimir Popovkine, "
        "Directeur de Roscosmos,"
    )
    assert seed_doc.blocks[1].text == "le vendredi 17 mai 2013 à Moscou"


@pytest.mark.parametrize("bad", ["V ladimir", "Cet te", "  ", "\n", "\t"])
def test_seed_artefacts_gone(seed_doc: Document, bad: str) -> None:
    assert all(bad not in b.text for b in seed_doc.blocks)


@pytest.mark.parametrize("kept", ["accord-cadre", "Jean-Yves", "l’ESA", "Le Gall", "Exomars"])
def test_seed_real_words_intact(seed_doc: Document, kept: str) -> None:
    assert any(kept in b.text for b in seed_doc.blocks)


def test_seed_repairs_locate_their_fix(seed_doc: Document) -> None:
    p3 = seed_doc.blocks[2]
    assert "Vladimir Popovkine, Directeur de Roscosmos, le vendredi" in p3.text
    assert p3.repairs == (
        Repair("split-word", "V ladimir", "Vladimir", 50, 58),
        Repair("split-word", "Cet te", "Cette", 128, 133),
        Repair("spaces", "2 doubled spaces", "single spaces", 207, 207),
    )
    for repair in p3.repairs[:2]:
        assert p3.text[repair.start : repair.end] == repair.after
    # The source had "entre  la France": the summary points at that collapsed run.
    assert p3.text[202:217] == "entre la France"
    # Only p3 had artefacts; unwrapping alone is never reported.
    assert [b.id for b in seed_doc.blocks if b.repairs] == ["p3"]


# --- split words: precision first ----------------------------------------------------

NO_JOIN = [
    "la France", "de la", "à la", "en 1966", "Le Gall", "à Moscou", "a rencontré",
    "et ont", "du CNES", "l’ESA et", "en cours", "un accord", "a permis", "le domaine",
    "de nombreux", "sa contribution", "ce jour", "se sont", "il y a", "y a", "ou encore",
    "où la", "pour moi", "nos deux", "les deux", "à travers", "en place", "des vols",
    "par les", "a aussi", "en fin de compte", "coup de main", "quel que soit",
    "sur tout", "par ce", "a mis", "A la suite", "Y compris", "C est", "L ensemble",
    "ce ne sont", "les y mettre", "bien que", "si non", "la microgravité",
    "Roscosmos coopèrent", "Station Spatiale", "MM. Le Gall", "De Gaulle", "de Mars",
    "France Inter", "et al", "à un", "en particulier", "le secteur spatial",
    "de venir", "ou vert", "en jeu", "à nouveau", "le lanceur", "au sein", "un peu",
    "tout le", "ont été", "mise en", "pro gramme", "Y a-t-il", "A nouveau", "D ans",
]  # fmt: skip


@pytest.mark.parametrize("text", NO_JOIN)
def test_real_word_pairs_stay_apart(text: str) -> None:
    assert clean_text([text]) == (text, ())


MUST_JOIN = [
    ("Cet te", "Cette"),
    ("V ladimir", "Vladimir"),
    ("prési dent", "président"),
    ("coopé ration", "coopération"),
    ("inter nationale", "internationale"),
    ("spati al", "spatial"),
    ("lan ceur", "lanceur"),
    ("satel lite", "satellite"),
    ("rencon tre", "rencontre"),
    ("impor tance", "importance"),
    ("P aris", "Paris"),
    ("ma is", "mais"),
    ("par tenaire", "partenaire"),
    ("con férence", "conférence"),
    ("N ous", "Nous"),
    ("la isse", "laisse"),
]


@pytest.mark.parametrize(("split", "joined"), MUST_JOIN)
def test_split_words_rejoined(split: str, joined: str) -> None:
    text = f"Ici {split} là"
    cleaned, repairs = clean_text([text])
    assert cleaned == f"Ici {joined} là"
    assert repairs == (Repair("split-word", split, joined, 4, 4 + len(joined)),)


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("Cet", "te", True),
        ("cet", "te", True),
        ("CET", "TE", False),  # acronyms and all-caps are left alone
        ("Cet", "Te", False),  # a capitalised second part is a new word
        ("l’", "ESA", False),
        ("en", "1966", False),
        ("a", "mis", False),
        ("V", "ladimir", True),
        ("A", "ladimir", False),  # "A" is a word (unaccented À)
    ],
)
def test_should_join(left: str, right: str, expected: bool) -> None:
    assert should_join(left, right) is expected


def test_joins_do_not_chain() -> None:
    assert clean_text(["la coopé ration"])[0] == "la coopération"


# --- hyphenation at line ends --------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected", "repairs"),
    [
        (
            ["la coopé-", "ration entre"],
            "la coopération entre",
            (("coopé-ration", "coopération", 3),),
        ),
        (["Jean-", "Yves Le Gall"], "Jean-Yves Le Gall", ()),
        (["un accord-", "cadre, en cours"], "un accord-cadre, en cours", ()),
        (["le lanceur Vega-", "C en 2022"], "le lanceur Vega-C en 2022", ()),
        (["le porte-", "parole"], "le porte-parole", ()),
        (["Ariane-", "6 décolle"], "Ariane-6 décolle", ()),
        (["la coopé\u00ad", "ration"], "la coopération", (("coopé-ration", "coopération", 3),)),
        (["une idée -", "à voir"], "une idée - à voir", ()),
    ],
)
def test_line_end_hyphens(
    lines: list[str], expected: str, repairs: tuple[tuple[str, str, int], ...]
) -> None:
    text, found = clean_text(lines)
    assert text == expected
    assert found == tuple(Repair("hyphenation", b, a, s, s + len(a)) for b, a, s in repairs)


def test_hyphenation_offsets_follow_later_joins() -> None:
    text, repairs = clean_text(["Cet te coopé-", "ration"])
    assert text == "Cette coopération"
    assert [(r.kind, text[r.start : r.end]) for r in repairs] == [
        ("split-word", "Cette"),
        ("hyphenation", "coopération"),
    ]


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [("coopé", "ration", True), ("accord", "cadre", False), ("Jean", "Yves", False),
     ("Vega", "C", False), ("peut", "être", False)],
)  # fmt: skip
def test_should_dehyphenate(left: str, right: str, expected: bool) -> None:
    assert should_dehyphenate(left, right) is expected


# --- spaces -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected", "summary", "at"),
    [
        (["entre  la France"], "entre la France", "1 doubled space", 5),
        (["a\t\tb  c", "d   e  "], "a b c d e", "3 doubled spaces", 1),
        (["x\ty"], "x y", "1 doubled space", 1),
        (["  bord  "], "bord", None, 0),  # edge spaces are line noise, not doubled spaces
        (["déclaré\u00a0: «\u202fOui\u00a0»"], "déclaré\u00a0: «\u00a0Oui\u00a0»", None, 0),
        (["déclaré \u00a0 : « \u202f Oui"], "déclaré\u00a0: «\u00a0Oui", "2 doubled spaces", 7),
        (["un", "deux"], "un deux", None, 0),  # unwrapping is not reported
        (
            ["Cet te ren-", "contre a permis de", "consolider  la relation"],
            "Cette rencontre a permis de consolider la relation",
            "1 doubled space",
            38,
        ),
    ],
)
def test_spaces(lines: list[str], expected: str, summary: str | None, at: int) -> None:
    """One summary per block, placed at the first collapsed run in the cleaned text."""
    text, repairs = clean_text(lines)
    assert text == expected
    spaces = [r for r in repairs if r.kind == "spaces"]
    assert spaces == ([Repair("spaces", summary, "single spaces", at, at)] if summary else [])


# --- structure -----------------------------------------------------------------------


def test_wrapped_bullet_list(tmp_path: Path) -> None:
    doc = clean(
        _read(
            tmp_path,
            "Le programme comprend :\n"
            "- un lanceur lourd pour\n  les missions habitées ;\n"
            "• la station ;\n"
            "1. la mise en orbite\nde satellites.\n"
            "2) Exomars.\n\n"
            "Fin du communiqué, avec une phrase complète.\n",
        )
    )
    assert _shape(doc) == [
        ("p1", BlockKind.PARAGRAPH, 0, "", "Le programme comprend :"),
        ("p2", BlockKind.LIST_ITEM, 0, "list:-", "un lanceur lourd pour les missions habitées ;"),
        ("p3", BlockKind.LIST_ITEM, 0, "list:•", "la station ;"),
        ("p4", BlockKind.LIST_ITEM, 0, "list:1.", "la mise en orbite de satellites."),
        ("p5", BlockKind.LIST_ITEM, 0, "list:2)", "Exomars."),
        ("p6", BlockKind.PARAGRAPH, 0, "", "Fin du communiqué, avec une phrase complète."),
    ]


@pytest.mark.parametrize(
    ("lines", "groups"),
    [
        (["- a", "b", "– c"], [("-", ["a", "b"]), ("–", ["c"])]),
        (["en", "12. tout"], [("", ["en", "12. tout"])]),  # a wrap, not a list
        (["fin.", "* point"], [("", ["fin."]), ("*", ["point"])]),
        (["texte", "—"], [("", ["texte", "—"])]),  # a lone dash is no item
    ],
)
def test_split_list_items(lines: list[str], groups: list[tuple[str, list[str]]]) -> None:
    assert split_list_items(lines) == groups


def test_cp1252_file(tmp_path: Path) -> None:
    doc = clean(
        _read(
            tmp_path,
            "Paris, le 3 juin 2014\r\n\r\nL’accord-cadre  sera signé à Toulouse.\r\n",
            "cp1252",
        )
    )
    assert doc.encoding == "cp1252"
    assert _shape(doc) == [
        ("p1", BlockKind.DATELINE, 0, "", "Paris, le 3 juin 2014"),
        ("p2", BlockKind.PARAGRAPH, 0, "", "L’accord-cadre sera signé à Toulouse."),
    ]


@pytest.mark.parametrize(
    ("text", "kind", "level"),
    [
        ("Le CNES et Roscosmos signent un accord\n\nLe texte suit, enfin.", BlockKind.HEADING, 1),
        ("Paris, le 3 juin 2014\n\nLe texte suit.", BlockKind.DATELINE, 0),
        ("Toulouse, 12/05/2015\n\nLe texte suit.", BlockKind.DATELINE, 0),
        ("Le CNES a signé un accord.\n\nLe texte suit.", BlockKind.PARAGRAPH, 0),
        ("« Une phrase citée. »\n\nLe texte suit.", BlockKind.QUOTE, 0),
        ("« Une phrase » dit-il.\n\nLe texte suit.", BlockKind.PARAGRAPH, 0),
        ("seul bloc sans point", BlockKind.PARAGRAPH, 0),
    ],
)
def test_first_block_kind(tmp_path: Path, text: str, kind: BlockKind, level: int) -> None:
    first = clean(_read(tmp_path, text)).blocks[0]
    assert (first.kind, first.level) == (kind, level)


def test_section_headings(tmp_path: Path) -> None:
    doc = clean(
        _read(
            tmp_path,
            "Titre du communiqué\n\nLe texte commence.\n\nUne coopération ancienne\n\n"
            "Le texte continue.\n\nSuite, avec virgule,\n\nLe texte.\n\nContacts presse\n",
        )
    )
    assert [(b.kind, b.level) for b in doc.blocks] == [
        (BlockKind.HEADING, 1),
        (BlockKind.PARAGRAPH, 0),
        (BlockKind.HEADING, 2),
        (BlockKind.PARAGRAPH, 0),
        (BlockKind.PARAGRAPH, 0),  # ends with a comma
        (BlockKind.PARAGRAPH, 0),
        (BlockKind.PARAGRAPH, 0),  # last block: nothing follows it
    ]


def test_docx_kinds_kept_and_ids_renumbered() -> None:
    doc = Document(
        source_path="release.docx",
        blocks=(
            Block("p1", BlockKind.HEADING, "Le CNES  et Roscosmos", level=1, style="Title"),
            Block("p2", BlockKind.PARAGRAPH, "   "),
            Block("p3", BlockKind.HEADING, "Contexte", level=2, style="Heading 2"),
            Block("p4", BlockKind.PARAGRAPH, "Cet te rencontre a eu lieu."),
            Block("p5", BlockKind.LIST_ITEM, "un point", style="List Bullet"),
            Block("p6", BlockKind.TABLE_CELL, "17 mai 2013"),
            Block("p7", BlockKind.PARAGRAPH, "Court titre"),
        ),
    )
    assert _shape(clean(doc)) == [
        ("p1", BlockKind.HEADING, 1, "Title", "Le CNES et Roscosmos"),
        ("p2", BlockKind.HEADING, 2, "Heading 2", "Contexte"),
        ("p3", BlockKind.PARAGRAPH, 0, "", "Cette rencontre a eu lieu."),
        ("p4", BlockKind.LIST_ITEM, 0, "List Bullet", "un point"),
        ("p5", BlockKind.TABLE_CELL, 0, "", "17 mai 2013"),
        ("p6", BlockKind.PARAGRAPH, 0, "", "Court titre"),
    ]


def test_import_stays_light() -> None:
    code = "import sys, bilingue.stages.clean; print('wordfreq' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


def test_clean_depends_only_on_its_input(seed_path: Path) -> None:
    raw = read_document(seed_path)
    first = clean(raw)
    # Cleaning another document in between must not change the result (no state kept).
    other = Document("other.txt", (Block("p1", BlockKind.PARAGRAPH, "Cet te phrase\nest coupée."),))
    assert clean(other).blocks[0].text == "Cette phrase est coupée."
    assert clean(raw) == first
    # The repair is in the copy it returns; the reader's document still has the artefact.
    assert any("V ladimir" in block.text for block in raw.blocks)
    assert not any("V ladimir" in block.text for block in first.blocks)
