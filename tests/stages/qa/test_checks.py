"""Each QA check on pairs it must flag and pairs it must leave alone."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bilingue.document import Flag, FlagCode, Segment, SegmentState, Severity, TermHit
from bilingue.stages.qa import CHECKS, QA_CODES, Pair, check_pair, qa_segment
from bilingue.stages.qa.markup import clean_markup
from bilingue.stages.qa.numbers import english_values, french_values


def codes(source: str, target: str) -> set[str]:
    return {f.code for f in check_pair(Pair(source, target)) if f.severity != Severity.INFO}


def test_every_check_has_a_code_a_severity_and_a_title() -> None:
    assert sorted(c.code for c in CHECKS) == sorted(QA_CODES)
    for registered in CHECKS:
        assert registered.title and not registered.title.startswith("qa-")
        assert isinstance(registered.severity, Severity)


@pytest.mark.parametrize(
    ("source", "target", "code"),
    [
        ("Il a dû jongler.", "He had to jongler.", "qa-untranslated"),
        ("Ils arrivent prochainement.", "They arrive próximamente.", "qa-untranslated"),
        ("Cette décision est prise.", "Cette décision est prise.", "qa-untranslated"),
        ("Le format (x,y,z).", "The format (x,<prn>,w).", "qa-markup"),
        ("Le terme est protégé.", "The ⟨1⟩ is protected.", "qa-markup"),
        ("Joël Barre a parlé.", "Joël Fences in spoke.", "qa-name"),
        ("Les développeurs .NET.", "The .Clean developers.", "qa-name"),
        ("Adrian Valente dirige.", "Adrián Valente leads.", "qa-name"),
        ("Le budget atteint 5 000 euros.", "The budget reaches 5 000 euros.", "qa-number"),
        ("Une hausse de 98,3 %.", "A rise of 98,3%.", "qa-number"),
        ("Un taux de 1,5 %.", "A rate of 15%.", "qa-number"),
        ("Le 17 mai 2013.", "On 17 March 2013.", "qa-number"),
        ("À 14h30.", "At 3:30 pm.", "qa-number"),
        ("En 2012.", "In 2012 and 2014.", "qa-number"),
        ("Voir www.cnes.fr.", "See www.cnes.com.", "qa-url"),
        ("Écrire à presse@cnes.fr.", "Write to press@cnes.fr.", "qa-url"),
        (
            "Le projet, lancé avec plusieurs universités européennes, vise à développer "
            "de nouveaux matériaux pour l’industrie aéronautique.",
            "The project aims.",
            "qa-length",
        ),
        ("Le satellite est en orbite.", "The satellite is in orbit orbit.", "qa-repetition"),
        ("Le ciel.", "The sky the sky the sky the sky.", "qa-repetition"),
        ("Le centre (à Toulouse) ouvre.", "The centre (in Toulouse opens.", "qa-brackets"),
        ("Il a dit « oui ».", "He said “yes.", "qa-brackets"),
        ("Quelle suite ?", "What next.", "qa-punctuation"),
        ("Communiqué de presse", "Press release.", "qa-punctuation"),
    ],
)
def test_check_flags(source: str, target: str, code: str) -> None:
    assert code in codes(source, target)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Le 17 mai 2013 à 14h30.", "On 17 May 2013 at 2:30 pm."),
        ("10 000 agents et 98,3 %.", "10,000 agents and 98.3%."),
        ("Plus de 1 500 000 visiteurs.", "More than 1,500,000 visitors."),
        ("Pendant dix ans.", "For 10 years."),
        ("Jean-Yves Le Gall a parlé.", "Jean-Yves Le Gall spoke."),
        ("Voir www.afup.org ou @afup.", "See www.afup.org or @afup."),
        ("Au Palais des congrès.", "At the Palais des congrès."),
        ("Il a dit « oui ».", "He said “yes”."),
        ("Communiqué de presse", "Press release"),
        ("Le format est pris en charge.", "The format is supported."),
        # Seen in Apertium's output of the AFUP releases:
        ("Avec PHP 5.1 et PDO.", "With PHP 5.1 and PDO."),
        (
            "Laëtitia Coquelle – lcoquelle@alx-communication.com",
            "Laëtitia Coquelle – lcoquelle@alx-communication.com",
        ),
        ("les 9 et 10 novembre prochains", "the 9 and 10 next November"),
    ],
)
def test_good_pairs_pass(source: str, target: str) -> None:
    assert codes(source, target) == set()


def test_numbers_read_each_language_s_conventions() -> None:
    assert french_values("1,5 et 10 000 à 14h30") == english_values("1.5 and 10,000 at 2:30 pm")
    assert french_values("1,500") != english_values("1,500")


def test_engine_marks_are_removed_and_unknown_words_recorded() -> None:
    source = "Il a dû jongler au format (x,y,z) avec @CNES prochainement."
    raw = "It has had to **jongler to the format (*x,#<*prn>,**z) with @CNES *próximamente."
    pair = clean_markup(source, raw)
    assert pair.target == "It has had to jongler to the format (x,y,z) with @CNES próximamente."
    assert [pair.target[s:e] for s, e in pair.unknown] == ["jongler", "x", "z", "próximamente"]
    assert pair.repaired == ("engine tag <prn> replaced by 'y' from the source",)
    assert pair.leftovers == ()


def test_an_unrepairable_tag_stays_and_is_flagged() -> None:
    pair = clean_markup("de s’y interfacer", "of #<*prn> **interfacer")
    assert pair.target == "of <prn> interfacer"
    flags = check_pair(pair)
    markup = next(f for f in flags if f.code == "qa-markup")
    assert markup.severity is Severity.ERROR
    assert [pair.target[s:e] for s, e in markup.spans] == ["<prn>"]
    untranslated = next(f for f in flags if f.code == "qa-untranslated")
    assert [pair.target[s:e] for s, e in untranslated.spans] == ["interfacer"]


def test_qa_segment_replaces_its_own_flags_and_keeps_others() -> None:
    segment = Segment(
        "p1.s1",
        "Il a dû jongler.",
        target="He had to **jongler.",
        state=SegmentState.TRANSLATED,
        flags=(Flag(FlagCode.TERM_MISSING, "x", Severity.ERROR), Flag(FlagCode.QA_LENGTH, "old")),
    )
    checked = qa_segment(segment)
    assert checked.target == "He had to jongler."
    assert [f.code for f in checked.flags] == ["term-missing", "qa-untranslated"]
    assert qa_segment(checked).flags == checked.flags


def test_reviewed_english_is_checked_not_changed() -> None:
    segment = Segment("p1.s1", "Le 17 mai.", target="On 17 *May.", state=SegmentState.REVIEWED)
    checked = qa_segment(segment, repair=False)
    assert checked.target == "On 17 *May."
    assert "qa-markup" in {f.code for f in checked.flags}


def test_protected_forms_are_not_untranslated_words() -> None:
    hit = TermHit("Centre spatial guyanais", "Centre spatial guyanais", 3, 26, kind="name")
    pair = Pair("Au Centre spatial guyanais.", "At the Centre spatial guyanais.", (hit,))
    assert "qa-untranslated" not in {f.code for f in check_pair(pair)}


def test_engine_unknown_names_and_english_words_are_not_untranslated() -> None:
    source = "L'intégration PHP-Java et l'open source."
    pair = clean_markup(source, "The integration PHP-*Java and the *open source.")
    assert [pair.target[s:e] for s, e in pair.unknown] == ["Java", "open"]
    assert "qa-untranslated" not in {f.code for f in check_pair(pair)}


@dataclass(frozen=True)
class ForbiddingHit(TermHit):
    """A TermHit carrying the glossary's forbidden renderings (as keel-glossary's will)."""

    forbidden: tuple[str, ...] = ()


@pytest.mark.parametrize(
    ("target", "flagged"),
    [
        ("The Guiana Space Centre opens.", False),
        ("The Guyanese Space Center opens.", True),
        ("The guyanese space center opens.", True),
    ],
)
def test_forbidden_renderings_are_flagged(target: str, flagged: bool) -> None:
    hit = ForbiddingHit(
        "Centre spatial guyanais",
        "Guiana Space Centre",
        3,
        26,
        forbidden=("Guyanese Space Center", "Space Center"),
    )
    pair = Pair("Le Centre spatial guyanais ouvre.", target, (hit,))
    found = [f for f in check_pair(pair) if f.code == "qa-term-forbidden"]
    assert bool(found) is flagged
    if flagged:
        assert found[0].spans == ((4, 25),)
