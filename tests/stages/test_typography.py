"""The typography stage: French conventions in English drafts, each with its expected fix."""

from __future__ import annotations

import pytest

from bilingue.document import Block, BlockKind, Document, InlineCode, Segment, TermHit
from bilingue.stages.typography import TYPOGRAPHY_FLAG, fix_typography, typography

NBSP, NNBSP = "\u00a0", "\u202f"

# (French-in-English as engines leave it, what English typography wants)
FIXES = [
    # quotes
    ("He said « we are proud ».", "He said “we are proud”."),
    (f"He said «{NBSP}we are proud{NBSP}».", "He said “we are proud”."),
    (f"«{NNBSP}Soyuz{NNBSP}» is ready.", "“Soyuz” is ready."),
    ("a ‹ small › word", "a ‘small’ word"),
    ("the “ Mars ” mission", "the “Mars” mission"),
    # space before high punctuation
    ("It is a first !", "It is a first!"),
    ("Why now ?", "Why now?"),
    ("the agreement ; it is signed", "the agreement; it is signed"),
    ("Contact : the press office", "Contact: the press office"),
    (f"He declared{NBSP}: yes", "He declared: yes"),
    (f"Really{NNBSP}?", "Really?"),
    ("« Now ! »", "“Now!”"),
    # no-break and doubled spaces
    (f"the{NBSP}agency", "the agency"),
    ("the  agency  said", "the agency said"),
    # numbers
    ("5 000 million euros", "5,000 million euros"),
    (f"5{NBSP}000 euros", "5,000 euros"),
    (f"1{NNBSP}250{NNBSP}000 people", "1,250,000 people"),
    ("98,3 % of the total", "98.3% of the total"),
    ("It weighs 1 250,5 kg.", "It weighs 1,250.5 kg."),
    ("3,5 billion", "3.5 billion"),
    ("up 12 %", "up 12%"),
    ("it costs 20 €", "it costs €20"),
    ("it costs 12 M€", "it costs €12m"),
    ("a 0,25 ratio", "a 0.25 ratio"),
    # ordinals
    ("On 1er June", "On 1st June"),
    ("the 1re mission", "the 1st mission"),
    ("the 2e country", "the 2nd country"),
    ("the 3ème stage", "the 3rd stage"),
    ("the 21e century", "the 21st century"),
    ("the 11e edition", "the 11th edition"),
    ("the n° 5 of the magazine", "the No. 5 of the magazine"),
    # titles
    ("M. Le Gall signed.", "Mr Le Gall signed."),
    ("Mm. Le Gall and Popovkin", "Messrs Le Gall and Popovkin"),
    ("MM. Le Gall and Popovkin", "Messrs Le Gall and Popovkin"),
    ("Mme Dupont declared", "Ms Dupont declared"),
    ("Sra Dupont has declared", "Ms Dupont has declared"),
    ("Mlle Martin", "Ms Martin"),
    # times
    ("The meeting begins at 14 h 30.", "The meeting begins at 14:30."),
    ("at 9h15", "at 9:15"),
    ("at 10 h.", "at 10:00."),
    ("from 9 h to 17 h 30", "from 9:00 to 17:30"),
    ("in the year 2013 ; then", "in the year 2013; then"),
    ("Contact M. Dupont now", "Contact Mr Dupont now"),
    # dates
    ("The Thursday 16 May 2013, the CNES", "On Thursday 16 May 2013, the CNES"),
    ("begins the Monday 3 March", "begins on Monday 3 March"),
    ("until the Friday 7 June", "until Friday 7 June"),
    ("Paris, on 17 May 2013", "Paris, 17 May 2013"),
    ("on 16 of May of 2013", "on 16 May 2013"),
    # apostrophes and dashes
    ("the agency's budget and ESA’s", "the agency’s budget and ESA’s"),
    ("it's done", "it’s done"),
    ("the launch - a first - succeeded", "the launch – a first – succeeded"),
    ("in 2015-2016", "in 2015–2016"),
]


@pytest.mark.parametrize(("draft", "expected"), FIXES)
def test_french_typography_is_put_into_english(draft: str, expected: str) -> None:
    fixed, changes = fix_typography(draft)
    assert fixed == expected
    assert changes, "every fix is recorded"


def test_there_are_at_least_forty_cases() -> None:
    assert len(FIXES) >= 40


# Real text that must come through unchanged.
UNCHANGED = [
    "See https://cnes.fr/fr/actu?id=3;x=4 now.",
    "Write to presse@cnes.fr now.",
    "The meeting is at 14:30.",
    "Version 2.1 and release 10.4.2 are out.",
    "It costs 1,500 euros.",
    "Call +33 1 44 76 75 00 today.",
    "The launch date is 2013-05-17.",
    "Vega-C and Jean-Yves Le Gall",
    "He said “yes”.",
    "In 2013 100 satellites were launched.",
    "items 1, 2 and 3",
    "He lives at 5 Main Street.",
    "the 2nd and 3rd stages",
    "Mr Smith and Ms Jones",
    "Call 05 61 273 273 now.",
    "Call +33 5 61 273 273 now.",
    "a 3 h flight",
    "On Monday, the director Jean M. Dupont signed.",
    "The meeting is at 10 : 30.",
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_english_and_technical_text_stays_unchanged(text: str) -> None:
    fixed, changes = fix_typography(text)
    assert fixed == text
    assert changes == ()


def test_url_keeps_its_colon_and_semicolon() -> None:
    fixed, _ = fix_typography("Read http://x.fr/a;b ; then call.")
    assert fixed == "Read http://x.fr/a;b; then call."


def test_protected_glossary_form_is_not_touched() -> None:
    fixed, _ = fix_typography("The n° 1 and n° 2 issues", protected=["n° 1"])
    assert fixed == "The n° 1 and No. 2 issues"


def test_typography_is_idempotent() -> None:
    for draft, _ in FIXES:
        once, _ = fix_typography(draft)
        twice, changes = fix_typography(once)
        assert twice == once
        assert changes == ()


def test_us_locale_writes_month_first_and_em_dashes() -> None:
    fixed, _ = fix_typography("The Thursday 16 May 2013 - a first", locale="en-US")
    assert fixed == "On Thursday, May 16, 2013—a first"


def test_unknown_locale_is_refused() -> None:
    with pytest.raises(ValueError, match="en-AU"):
        fix_typography("x", locale="en-AU")


def _doc(target: str, source: str = "src", **segment: object) -> Document:
    seg = Segment(id="p1.s1", source=source, target=target, **segment)  # type: ignore[arg-type]
    return Document("x.txt", (Block("p1", BlockKind.PARAGRAPH, "src", segments=(seg,)),))


def test_stage_records_each_change_as_a_flag_and_moves_codes() -> None:
    target = "Mme Dupont said « yes »."
    bold = InlineCode("c0", "bold", target.index("yes"), target.index("yes") + 3)
    doc = typography(_doc(target, target_codes=(bold,)))
    segment = next(doc.segments())
    assert segment.target == "Ms Dupont said “yes”."
    notes = [f.message for f in segment.flags if f.code == TYPOGRAPHY_FLAG]
    assert "title: 'Mme' → 'Ms'" in notes
    assert len(notes) == 3
    (moved,) = segment.target_codes
    assert segment.target[moved.start : moved.end] == "yes"


def test_stage_again_keeps_the_earlier_notes() -> None:
    doc = typography(typography(_doc("It is a first !")))
    assert [f.code for f in next(doc.segments()).flags] == [TYPOGRAPHY_FLAG]


def test_stage_protects_glossary_targets() -> None:
    term = TermHit("n° 7", "n° 7", 0, 4)
    doc = typography(_doc("the n° 7 and n° 8", terms=(term,)))
    assert next(doc.segments()).target == "the n° 7 and No. 8"


def test_untranslated_segment_is_left_alone() -> None:
    doc = typography(_doc("Il dit « oui » !", translate=False))
    assert next(doc.segments()).target == "Il dit « oui » !"


def test_title_before_a_protected_name_is_put_into_english() -> None:
    name = TermHit("Josef Aschbacher", "Josef Aschbacher", 4, 20)
    doc = typography(_doc("Sra Josef Aschbacher and M. Dupont signed.", terms=(name,)))
    assert next(doc.segments()).target == "Ms Josef Aschbacher and Mr Dupont signed."


def test_apertium_marks_do_not_hide_words_from_the_rules() -> None:
    # Apertium marks unknown words ("*h", "*Sra"); QA reads the marks after this stage.
    doc = typography(_doc("*Sra Dupont comes at 14 *h 30 with the *mutualización."))
    segment = next(doc.segments())
    assert segment.target == "Ms Dupont comes at 14:30 with the *mutualización."


def test_a_mark_the_source_wrote_is_text() -> None:
    doc = typography(_doc("Follow @CNES on 14 h 30 !", source="Suivez @CNES à 14 h 30 !"))
    assert next(doc.segments()).target == "Follow @CNES on 14:30!"
