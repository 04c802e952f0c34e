"""Matching beyond the written form: letter case, French plurals, invisible characters, sense."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilingue.glossary.forms import INVISIBLE, english_plural, french_plurals, visible
from bilingue.glossary.match import Match, compile_matcher, find_matches
from bilingue.glossary.model import CaseRule, Glossary, GlossaryEntry
from bilingue.glossary.store import load_glossary


def found(text: str, *entries: GlossaryEntry) -> list[tuple[str, str]]:
    """(text, target) of every glossary match in ``text``."""
    matcher = compile_matcher(Glossary(entries))
    return [(m.text, m.target) for m in find_matches(text, matcher) if m.entry_source]


MIR = GlossaryEntry("Mir", "Mir", "programme")


# --- letter case -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("", [("MIR", "Mir"), ("Mir", "Mir"), ("mir", "Mir")]),
        ("insensitive", [("MIR", "Mir"), ("Mir", "Mir"), ("mir", "Mir")]),
        ("capitals", [("MIR", "Mir"), ("Mir", "Mir")]),
        ("exact", [("Mir", "Mir")]),
    ],
)
def test_case_variants_match_unless_the_entry_says_otherwise(
    case: str, expected: list[tuple[str, str]]
) -> None:
    entry = GlossaryEntry("Mir", "Mir", "programme", case=case)
    assert found("la station MIR, la station Mir, la station mir", entry) == expected


def test_the_default_rule_depends_on_the_source() -> None:
    assert MIR.case_rule is CaseRule.INSENSITIVE
    assert GlossaryEntry("ESA", "ESA").case_rule is CaseRule.CAPITALS
    assert GlossaryEntry("ESA", "ESA", case="exact").case_rule is CaseRule.EXACT
    esa = GlossaryEntry("ESA", "ESA", "organisation")
    assert found("l’ESA, l’esa, l’Esa", esa) == [("ESA", "ESA")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le rover se pose sur MARS le 3 mars.", [("MARS", "Mars")]),
        ("Cap sur Mars", [("Mars", "Mars")]),
        ("LANCEMENT PRÉVU EN MARS", []),  # a headline: case says nothing
        ("MARS", []),
        ("Lancement prévu en mars.", []),
    ],
)
def test_capitals_must_stay_capitals_and_a_headline_proves_nothing(
    text: str, expected: list[tuple[str, str]]
) -> None:
    mars = GlossaryEntry("Mars", "Mars", "place", case="capitals")
    assert found(text, mars) == expected


@pytest.fixture(scope="module")
def space_glossary() -> Glossary:
    return load_glossary([Path(__file__).parents[2] / "glossary" / "space.tsv"])


def test_the_shipped_glossary_finds_the_station_mir_in_capitals(
    space_glossary: Glossary,
) -> None:
    matches = find_matches("Les cosmonautes de la station MIR.", compile_matcher(space_glossary))
    assert [(m.text, m.target, m.entry_source) for m in matches] == [("MIR", "Mir", "Mir")]


# --- French plurals ------------------------------------------------------------------------

GEO = GlossaryEntry("orbite géostationnaire", "geostationary orbit", "term")


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("les orbites géostationnaires", "geostationary orbits"),
        ("l’orbite géostationnaire", "geostationary orbit"),
        ("Orbites géostationnaires", "Geostationary orbits"),
        ("les orbites\ngéostationnaires", "geostationary orbits"),
    ],
)
def test_a_term_matches_its_french_plural_with_the_english_plural(text: str, target: str) -> None:
    [match] = find_matches(text, compile_matcher(Glossary((GEO,))))
    assert match.target == target
    assert match.plural is (target.endswith("s"))
    assert text[match.start : match.end] == match.text


@pytest.mark.parametrize(
    ("entry", "text", "target"),
    [
        (GlossaryEntry("débris spatial", "space debris"), "des débris spatiaux", "space debris"),
        (GlossaryEntry("station sol", "ground station"), "deux stations sol", "ground stations"),
        (
            GlossaryEntry("centre de contrôle", "control centre"),
            "les centres de contrôle",
            "control centres",
        ),
        (
            GlossaryEntry("charge utile", "payload", plural="payload items"),
            "les charges utiles",
            "payload items",
        ),
        (
            GlossaryEntry("vitrail", "stained glass", plural="stained glass"),
            "vitraux",
            "stained glass",
        ),
        (GlossaryEntry("réseau", "network"), "les réseaux", "networks"),
    ],
)
def test_plural_forms_and_targets(entry: GlossaryEntry, text: str, target: str) -> None:
    assert found(text, entry) == [(text.split(" ", 1)[-1], target)]


def test_the_complement_of_a_term_keeps_its_number() -> None:
    entry = GlossaryEntry("centre de contrôle", "control centre")
    assert found("les centres des contrôles", entry) == []


@pytest.mark.parametrize("kind", ["name", "programme", "organisation", "place", "title"])
def test_names_are_invariable(kind: str) -> None:
    entry = GlossaryEntry("Soyouz", "Soyuz", kind)
    assert found("les Soyouzs", entry) == []
    assert found("les Soyouz", entry) == [("Soyouz", "Soyuz")]


def test_an_entry_for_the_plural_itself_wins_over_the_guess() -> None:
    singular = GlossaryEntry("lanceur", "launcher")
    plural = GlossaryEntry("lanceurs", "launch vehicles")
    assert found("Les Lanceurs", singular, plural) == [("Lanceurs", "Launch vehicles")]


@pytest.mark.parametrize(
    ("word", "plurals"),
    [
        ("orbite", ("orbites",)),
        ("spatial", ("spatiaux", "spatials")),
        ("travail", ("travails", "travaux")),
        ("reseau", ("reseaux", "reseaus")),
        ("bijou", ("bijous", "bijoux")),
        ("succes", ()),
        ("prix", ()),
        ("de", ()),
        ("la", ()),
        ("a320", ()),
    ],
)
def test_french_plurals(word: str, plurals: tuple[str, ...]) -> None:
    assert french_plurals(word) == plurals


@pytest.mark.parametrize(
    ("singular", "plural"),
    [
        ("launcher", "launchers"),
        ("geostationary orbit", "geostationary orbits"),
        ("Director of Operations", "Directors of Operations"),
        ("space debris", "space debris"),
        ("battery", "batteries"),
        ("relay", "relays"),
        ("bus", "buses"),
        ("ATV", "ATVs"),
        ("spacewoman", "spacewomans"),  # the rule is simple; such entries give `plural`
        ("woman", "women"),
    ],
)
def test_english_plurals(singular: str, plural: str) -> None:
    assert english_plural(singular) == plural


# --- soft hyphens and zero-width characters ------------------------------------------------


def test_invisible_characters_inside_a_term_do_not_hide_it() -> None:
    soyuz = GlossaryEntry("Soyouz", "Soyuz", "programme")
    geo = GEO
    text = "Soy\u00adouz vise l’orbite\u200b géo\u200dstation\u2060naire\ufeff."
    matches = find_matches(text, compile_matcher(Glossary((soyuz, geo))))
    assert [(m.text, m.target) for m in matches] == [
        ("Soy\u00adouz", "Soyuz"),
        ("orbite\u200b géo\u200dstation\u2060naire", "geostationary orbit"),
    ]
    assert all(text[m.start : m.end] == m.text for m in matches)


def test_visible_maps_every_kept_character_back() -> None:
    text = "a\u00adb\u200bc"
    clean, offsets = visible(text)
    assert clean == "abc"
    assert offsets == [0, 2, 4, 5]
    assert visible("abc") == ("abc", None)


ENTRIES = (
    GlossaryEntry("Soyouz", "Soyuz", "programme"),
    GlossaryEntry("Centre spatial guyanais", "Guiana Space Centre", "place"),
    GlossaryEntry("ESA", "ESA", "organisation"),
    GlossaryEntry("orbite géostationnaire", "geostationary orbit"),
    GlossaryEntry("Baïkonour", "Baikonur", "place"),
    GlossaryEntry("Mars", "Mars", "place", case="capitals"),
)
MATCHER = compile_matcher(Glossary(ENTRIES))
filler = st.sampled_from(["le", "de la", "l’", "et", ",", "depuis", "vers", "2013", "www.cnes.fr"])
term = st.sampled_from(
    ["Soyouz", "Centre spatial guyanais", "ESA", "orbites géostationnaires", "Baïkonour", "Mars"]
)


def _strip(text: str) -> str:
    return "".join(c for c in text if c not in INVISIBLE)


@settings(deadline=None, max_examples=200)
@given(
    parts=st.lists(st.one_of(filler, term), min_size=1, max_size=8),
    seed=st.integers(0, 2**32 - 1),
    count=st.integers(1, 6),
)
def test_injecting_invisible_characters_never_loses_a_match(
    parts: list[str], seed: int, count: int
) -> None:
    text = " ".join(parts)
    rng = random.Random(seed)
    injected = list(text)
    for _ in range(count):
        injected.insert(rng.randrange(len(injected) + 1), rng.choice(INVISIBLE))
    noisy = "".join(injected)
    before = find_matches(text, MATCHER)
    after = find_matches(noisy, MATCHER)
    assert [_key(m) for m in after] == [_key(m) for m in before]
    for match in after:
        assert noisy[match.start : match.end] == match.text
        assert match.text[:1] not in INVISIBLE and match.text[-1:] not in INVISIBLE


def _key(match: Match) -> tuple[str, str, str, str]:
    return (_strip(match.text), match.target, match.kind, match.entry_source)


@given(st.text(alphabet=st.sampled_from("Soyuzé \u00ad\u200b-'’.ESA"), max_size=30))
def test_spans_slice_the_original_text_whatever_it_holds(text: str) -> None:
    for match in find_matches(unicodedata.normalize("NFD", text), MATCHER):
        assert match.start < match.end


# --- sense ------------------------------------------------------------------------------------

VOL = GlossaryEntry(
    "vol", "flight", context="a space flight, not a theft", not_context=("données", "à l'étalage")
)


@pytest.mark.parametrize(
    ("text", "wrong_sense"),
    [
        ("Le vol de Soyouz est prévu.", ""),
        ("Le vol de données inquiète.", "données"),
        ("Un vol à l’étalage.", "à l'étalage"),
        ("Les vols de DONNEES.", "données"),
    ],
)
def test_a_negative_context_marks_the_match_as_another_sense(text: str, wrong_sense: str) -> None:
    [match] = find_matches(text, compile_matcher(Glossary((VOL,))))
    assert match.wrong_sense == wrong_sense
    assert match.entry is VOL


def test_a_wrong_sense_match_gives_way_to_a_right_one() -> None:
    # The longer entry is in the wrong sense here, so the shorter one inside it counts.
    long = GlossaryEntry("Centre spatial", "Space Centre", not_context=("commercial",))
    short = GlossaryEntry("spatial", "space")
    matcher = compile_matcher(Glossary((long, short)))
    matches = find_matches("Le Centre spatial du centre commercial", matcher)
    assert [(m.text, m.target, m.wrong_sense) for m in matches] == [("spatial", "space", "")]
    alone = find_matches(
        "Le Centre spatial du centre commercial", compile_matcher(Glossary((long,)))
    )
    assert [(m.text, m.wrong_sense) for m in alone] == [("Centre spatial", "commercial")]


word = st.text(alphabet="abcdeéèçœïAÉSXZ", min_size=1, max_size=6)
random_term = st.lists(word, min_size=1, max_size=3).map(" ".join)


@settings(deadline=None, max_examples=200)
@given(
    terms=st.lists(random_term, min_size=1, max_size=4, unique_by=str.casefold),
    layout=st.lists(st.one_of(st.integers(0, 3), st.sampled_from([" ", ", ", " l’", "-"]))),
    seed=st.integers(0, 2**32 - 1),
)
def test_random_terms_survive_injected_invisible_characters(
    terms: list[str], layout: list[int | str], seed: int
) -> None:
    entries = tuple(GlossaryEntry(t, t.upper(), "name") for t in terms)
    matcher = compile_matcher(Glossary(entries))
    text = "".join(terms[p % len(terms)] + " " if isinstance(p, int) else p for p in layout)
    rng = random.Random(seed)
    injected = list(text)
    for _ in range(rng.randint(1, 8)):
        injected.insert(rng.randrange(len(injected) + 1), rng.choice(INVISIBLE))
    noisy = "".join(injected)
    before = find_matches(text, matcher)
    after = find_matches(noisy, matcher)
    assert [_key(m) for m in after] == [_key(m) for m in before]
    assert all(noisy[m.start : m.end] == m.text for m in after)
