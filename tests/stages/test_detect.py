"""The detect stage: document language, and which segments are kept untranslated."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingue.document import (
    Block,
    BlockKind,
    Document,
    Flag,
    FlagCode,
    LanguageGuess,
    Segment,
    Severity,
)
from bilingue.stages.clean import clean
from bilingue.stages.detect import (
    NOT_FRENCH_MIN_CONFIDENCE,
    UNDETERMINED,
    detect,
    detect_language,
    detect_segment,
)
from bilingue.stages.segment import segment
from tests.stages.raw import raw_document, read_raw

FRENCH_PARAGRAPH = (
    "La Russie est aussi un partenaire majeur de la Station Spatiale Internationale à "
    "laquelle la France participe à travers sa contribution à l’ESA."
)
ENGLISH_PARAGRAPH = (
    "The agreement will be signed next year by both agencies, and it covers launchers, "
    "orbital systems and microgravity research."
)
GERMAN_PARAGRAPH = (
    "Die Zusammenarbeit zwischen beiden Ländern wird im nächsten Jahr durch ein neues "
    "Abkommen über Trägerraketen erweitert."
)


def _prepared(text: str) -> Document:
    return detect(segment(clean(raw_document(text))))


# --- detect_language -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [(FRENCH_PARAGRAPH, "fr"), (ENGLISH_PARAGRAPH, "en"), (GERMAN_PARAGRAPH, "de")],
)
def test_detect_language_is_confident_on_sentences(text: str, code: str) -> None:
    guess = detect_language(text)
    assert guess.code == code
    assert guess.confidence >= NOT_FRENCH_MIN_CONFIDENCE


@pytest.mark.parametrize("text", ["", "   ", "2013", "*** 17.05.2013 ***", "+33 1 44 76 75 00"])
def test_detect_language_without_letters_is_undetermined(text: str) -> None:
    assert detect_language(text) == LanguageGuess(UNDETERMINED, 0.0)


def test_detect_language_is_deterministic() -> None:
    # Short, ambiguous input is where an unseeded langdetect changes its mind.
    text = "Soyouz Exomars Roscosmos"
    assert len({detect_language(text) for _ in range(5)}) == 1


# --- the user's sample release -------------------------------------------------------


@pytest.fixture(scope="module")
def seed_doc(seed_path: Path) -> Document:
    return detect(segment(clean(read_raw(seed_path))))


def test_seed_text_is_french(seed_path: Path) -> None:
    text = " ".join(seed_path.read_text(encoding="utf-8").split())
    guess = detect_language(text)
    assert guess.code == "fr"
    assert guess.confidence >= 0.9


def test_seed_detection_is_repeatable(seed_path: Path) -> None:
    runs = [detect(segment(clean(read_raw(seed_path)))) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    assert runs[0].language == runs[1].language == runs[2].language


def test_seed_is_french(seed_doc: Document) -> None:
    assert seed_doc.language is not None
    assert seed_doc.language.code == "fr"
    assert seed_doc.language.confidence >= 0.9


def test_seed_segments_are_all_translated_french(seed_doc: Document) -> None:
    segments = list(seed_doc.segments())
    assert len(segments) == 12
    assert {(s.lang, s.translate, s.flags) for s in segments} == {("fr", True, ())}


# --- per-segment decisions ---------------------------------------------------------------


def test_english_paragraph_in_french_document_is_kept_and_flagged() -> None:
    doc = _prepared(f"{FRENCH_PARAGRAPH}\n\n{ENGLISH_PARAGRAPH}\n\n{FRENCH_PARAGRAPH}")
    assert doc.language is not None and doc.language.code == "fr"
    first, english, last = doc.segments()
    assert (english.lang, english.translate) == ("en", False)
    (flag,) = english.flags
    assert flag.code is FlagCode.LANG_KEPT
    assert flag.message.startswith("kept untranslated: detected English (")
    confidence = float(flag.message.rsplit("(", 1)[1].rstrip(")"))
    assert confidence >= NOT_FRENCH_MIN_CONFIDENCE
    for french in (first, last):
        assert (french.lang, french.translate, french.flags) == ("fr", True, ())


@pytest.mark.parametrize(
    "short",
    [
        "Thank you, Moscow.",
        "John Smith",
        "Thursday, May 16, 2013",
        "Press contact: Sarah Jones",
        "See you next week, John.",  # 5 words
        "Go for it, now, please!",  # under 40 letters
    ],
)
def test_short_english_segment_follows_the_document(short: str) -> None:
    doc = _prepared(f"{FRENCH_PARAGRAPH}\n\n{short}")
    kept = list(doc.blocks[-1].segments)
    assert [(s.source, s.lang, s.translate, s.flags) for s in kept] == [(short, "fr", True, ())]


@pytest.mark.parametrize("symbols", ["***", "2013", "17.05.2013", "(3/12)"])
def test_segment_without_letters_is_copied_without_flag(symbols: str) -> None:
    doc = _prepared(f"{FRENCH_PARAGRAPH}\n\n{symbols}")
    (kept,) = doc.blocks[-1].segments
    assert (kept.source, kept.lang, kept.translate, kept.flags) == (symbols, "fr", False, ())


def test_german_paragraph_is_named_in_the_flag() -> None:
    doc = _prepared(f"{FRENCH_PARAGRAPH}\n\n{GERMAN_PARAGRAPH}")
    german = doc.blocks[-1].segments[0]
    assert (german.lang, german.translate) == ("de", False)
    assert german.flags[0].message.startswith("kept untranslated: detected German (")


def test_detect_twice_does_not_stack_flags() -> None:
    doc = _prepared(f"{FRENCH_PARAGRAPH}\n\n{ENGLISH_PARAGRAPH}")
    assert detect(doc) == doc


def test_detect_segment_keeps_other_flags() -> None:
    other = Flag(FlagCode.TERM_MISSING, "from another stage")
    seg = Segment(id="p1.s1", source=ENGLISH_PARAGRAPH, flags=(other,))
    out = detect_segment(seg, "fr")
    assert out.flags[0] == other
    assert [f.code for f in out.flags] == [FlagCode.TERM_MISSING, FlagCode.LANG_KEPT]


# --- whole documents -----------------------------------------------------------------------


def test_english_document_does_not_raise() -> None:
    doc = _prepared(f"{ENGLISH_PARAGRAPH}\n\n{ENGLISH_PARAGRAPH}")
    assert doc.language is not None
    assert doc.language.code == "en"
    assert all(not s.translate for s in doc.segments())


def test_document_without_letters_has_no_language() -> None:
    block = Block(
        id="p1",
        kind=BlockKind.PARAGRAPH,
        text="2013",
        segments=(Segment(id="p1.s1", source="2013"),),
    )
    doc = detect(Document(source_path="x.txt", blocks=(block,)))
    assert doc.language is None
    assert list(doc.segments()) == [
        Segment(id="p1.s1", source="2013", lang=UNDETERMINED, translate=False)
    ]


def test_short_segment_in_english_document_follows_it() -> None:
    doc = _prepared(f"{ENGLISH_PARAGRAPH}\n\nThank you, Moscow.")
    assert doc.language is not None and doc.language.code == "en"
    (short,) = doc.blocks[-1].segments
    assert (short.lang, short.translate, short.flags) == ("en", False, ())


def test_document_language_comes_from_segments_not_stale_block_text() -> None:
    # The segments are what gets translated, so they decide.
    block = Block(
        id="p1",
        kind=BlockKind.PARAGRAPH,
        text="***",
        segments=(Segment(id="p1.s1", source=FRENCH_PARAGRAPH),),
    )
    doc = detect(Document(source_path="x.txt", blocks=(block,)))
    assert doc.language is not None and doc.language.code == "fr"


def test_unsegmented_document_is_judged_on_block_text() -> None:
    block = Block(id="p1", kind=BlockKind.PARAGRAPH, text=ENGLISH_PARAGRAPH)
    doc = detect(Document(source_path="x.txt", blocks=(block,)))
    assert doc.language is not None and doc.language.code == "en"
    assert doc.blocks == (block,)


def test_flag_message_format() -> None:
    out = detect_segment(Segment(id="p1.s1", source=ENGLISH_PARAGRAPH), "fr")
    confidence = detect_language(ENGLISH_PARAGRAPH).confidence
    assert out.flags == (
        Flag(
            FlagCode.LANG_KEPT,
            f"kept untranslated: detected English ({confidence:.2f})",
            Severity.WARNING,
        ),
    )


@pytest.mark.parametrize(
    "source",
    [
        "Adrian Valente et Lucas Gonzalez, responsables de l'ADCS",
        "Jean-Yves Le Gall, Vladimir Popovkine, Pedro Sánchez et Juan Carlos García",
    ],
)
def test_a_french_line_of_names_follows_the_document(source: str) -> None:
    decided = detect_segment(Segment("p1.s1", source), "fr")
    assert (decided.lang, decided.translate, decided.flags) == ("fr", True, ())


def test_a_real_english_sentence_with_names_is_still_kept() -> None:
    source = (
        "Jean-Yves Le Gall said that the European Space Agency would announce the results "
        "of the study next week in Paris."
    )
    decided = detect_segment(Segment("p1.s1", source), "fr")
    assert (decided.lang, decided.translate) == ("en", False)


@pytest.mark.parametrize(
    "source",
    [
        '"This agreement is a milestone for European space," said the ESA Director General.',
        "The launch of Ariane 6 is planned for the end of the year.",
    ],
)
def test_a_short_english_sentence_full_of_names_is_kept(source: str) -> None:
    decided = detect_segment(Segment("p1.s1", source), "fr")
    assert (decided.lang, decided.translate) == ("en", False)
    assert [flag.code for flag in decided.flags] == [FlagCode.LANG_KEPT]


@pytest.mark.parametrize(
    "source",
    [
        "Le CNES et l'ESA signent un accord sur Ariane 6 à Paris.",
        "Airbus Defence and Space a livré le satellite au CNES.",
        "Rendez-vous sur le stand de Airbus Defence and Space à Paris.",
    ],
)
def test_a_short_french_sentence_with_english_names_is_translated(source: str) -> None:
    decided = detect_segment(Segment("p1.s1", source), "fr")
    assert (decided.lang, decided.translate, decided.flags) == ("fr", True, ())
