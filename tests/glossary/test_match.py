"""The glossary matcher: messy French in, exact protected spans out."""

from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bilingue.errors import GlossaryError
from bilingue.glossary.match import (
    Match,
    Matcher,
    compile_matcher,
    find_matches,
    fold,
)
from bilingue.glossary.model import Glossary, GlossaryEntry

ENTRIES = (
    GlossaryEntry("ESA", "ESA", "organisation"),
    GlossaryEntry("CNES", "CNES", "organisation"),
    GlossaryEntry("Agence spatiale européenne", "European Space Agency", "organisation"),
    GlossaryEntry("Centre spatial guyanais", "Guiana Space Centre", "place"),
    GlossaryEntry("Centre spatial", "space centre", "place"),
    GlossaryEntry("Station spatiale internationale", "International Space Station", "place"),
    GlossaryEntry("Baïkonour", "Baikonur", "place"),
    GlossaryEntry("Exomars", "ExoMars", "programme"),
    GlossaryEntry("Ariane 6", "Ariane 6", "programme"),
    GlossaryEntry("Ariane 5+", "Ariane 5+", "programme"),
    GlossaryEntry("C++", "C++", "term"),
    GlossaryEntry("Vega-C", "Vega-C", "programme"),
    GlossaryEntry("Jean-Yves Le Gall", "Jean-Yves Le Gall", "name"),
    GlossaryEntry("Le Gall", "Le Gall", "name"),
    GlossaryEntry("Soyouz", "Soyuz", "programme", variants=("Soyuz",)),
    GlossaryEntry("Mars", "Mars", "place", case="exact"),
    GlossaryEntry("lanceur", "launcher", "term"),
    GlossaryEntry("lanceurs", "launchers", "term"),
    GlossaryEntry("Président du CNES", "CNES President", "title"),
    GlossaryEntry("Directeur général de l'ESA", "ESA Director General", "title"),
    GlossaryEntry("manœuvre orbitale", "orbital manoeuvre", "term"),
)
MATCHER = compile_matcher(Glossary(ENTRIES))
NOTHING = compile_matcher(Glossary())


def found(text: str, matcher: Matcher = MATCHER) -> list[tuple[str, str]]:
    matches = find_matches(text, matcher)
    for m in matches:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.target) for m in matches]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # elision: the article stays in the text, the match starts after the apostrophe
        ("l’ESA et L'ESA", [("ESA", "ESA"), ("ESA", "ESA")]),
        ("le programme d’Exomars", [("Exomars", "ExoMars")]),
        ("qu’Ariane 6 décolle", [("Ariane 6", "Ariane 6")]),
        ("lʼESA", [("ESA", "ESA")]),
        ("l‘ESA, l`ESA", [("ESA", "ESA"), ("ESA", "ESA")]),
        ("L’Agence spatiale européenne", [("Agence spatiale européenne", "European Space Agency")]),
        # word boundaries
        ("RESA, CNESx, ESAs", []),
        ("ESA-CNES", [("ESA", "ESA"), ("CNES", "CNES")]),
        ("CNES_x, ESAb, bESA, lanceurss", []),
        ("(ESA) «CNES»", [("ESA", "ESA"), ("CNES", "CNES")]),
        # case per entry: acronyms and `case=exact` entries are exact
        ("esa, Esa, cnes", []),
        (
            "le Centre Spatial Guyanais",
            [("Centre Spatial Guyanais", "Guiana Space Centre")],
        ),
        (
            "la Station Spatiale Internationale",
            [("Station Spatiale Internationale", "International Space Station")],
        ),
        ("CENTRE SPATIAL", [("CENTRE SPATIAL", "space centre")]),
        ("SOYOUZ et soyouz", [("SOYOUZ", "Soyuz"), ("soyouz", "Soyuz")]),
        ("en mars, vers Mars", [("Mars", "Mars")]),
        # accents, ligatures and variants
        ("Baikonour", [("Baikonour", "Baikonur")]),
        ("Baïkonour", [("Baïkonour", "Baikonur")]),
        ("à baïkonour", [("baïkonour", "Baikonur")]),
        ("BAÏKONOUR", [("BAÏKONOUR", "Baikonur")]),
        ("une manoeuvre orbitale", [("manoeuvre orbitale", "orbital manoeuvre")]),
        ("le lanceur Soyuz", [("lanceur", "launcher"), ("Soyuz", "Soyuz")]),
        # hyphen, space and line-break variants
        (
            "Vega C et Vega-C et Vega‑C",
            [("Vega C", "Vega-C"), ("Vega-C", "Vega-C"), ("Vega‑C", "Vega-C")],
        ),
        ("Jean Yves Le Gall", [("Jean Yves Le Gall", "Jean-Yves Le Gall")]),
        ("Jean‐Yves Le Gall", [("Jean‐Yves Le Gall", "Jean-Yves Le Gall")]),
        ("JeanYves Le Gall", [("Le Gall", "Le Gall")]),  # a hyphen is not nothing
        ("Vega-\nC", [("Vega-\nC", "Vega-C")]),
        ("VegaC", []),
        ("Centre\nspatial  guyanais", [("Centre\nspatial  guyanais", "Guiana Space Centre")]),
        (
            "Agence spatiale\u00a0européenne",
            [("Agence spatiale\u00a0européenne", "European Space Agency")],
        ),
        # regex metacharacters are literal
        ("Ariane 5+ et C++", [("Ariane 5+", "Ariane 5+"), ("C++", "C++")]),
        ("Ariane 5 et C", []),
        # longest match wins over the terms inside it
        ("Président du CNES", [("Président du CNES", "CNES President")]),
        ("au Centre spatial guyanais", [("Centre spatial guyanais", "Guiana Space Centre")]),
        ("au Centre spatial de Toulouse", [("Centre spatial", "space centre")]),
        (
            "Jean-Yves Le Gall et M. Le Gall",
            [("Jean-Yves Le Gall", "Jean-Yves Le Gall"), ("Le Gall", "Le Gall")],
        ),
        ("Directeur général de l’ESA", [("Directeur général de l’ESA", "ESA Director General")]),
        # no plural folding: each form is its own entry
        ("les lanceurs", [("lanceurs", "launchers")]),
        ("les Soyouz", [("Soyouz", "Soyuz")]),
        # a lowercase term opening a sentence gets a capital target
        ("Lanceur réussi", [("Lanceur", "Launcher")]),
        ("LANCEUR", [("LANCEUR", "launcher")]),
    ],
)
def test_glossary_matches(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_offsets_refer_to_the_original_decomposed_text() -> None:
    text = "Depuis " + unicodedata.normalize("NFD", "Baïkonour") + "."
    [match] = find_matches(text, MATCHER)
    assert (match.start, match.end) == (7, 7 + len("Baïkonour") + 1)
    assert match.text == unicodedata.normalize("NFD", "Baïkonour")
    assert match == Match(match.start, match.end, match.text, "Baikonur", "place", "Baïkonour")


def test_match_carries_the_entry() -> None:
    assert find_matches("le Soyuz", MATCHER) == [
        Match(3, 8, "Soyuz", "Soyuz", "programme", "Soyouz")
    ]


@pytest.mark.parametrize(
    ("text", "span", "kind"),
    [
        (
            "voir https://cnes.fr/fr/rapport-2013?lang=fr.",
            "https://cnes.fr/fr/rapport-2013?lang=fr",
            "url",
        ),
        ("(voir www.cnes.fr)", "www.cnes.fr", "url"),
        ("sur www.cnes.fr/x, puis", "www.cnes.fr/x", "url"),
        ("lien http://cnes.fr/a).", "http://cnes.fr/a", "url"),
        ("HTTPS://ESA.INT/Fr ici", "HTTPS://ESA.INT/Fr", "url"),
        ("sur cnes.fr, le site", "cnes.fr", "url"),
        (
            "https://fr.wikipedia.org/wiki/Ariane_(fusée).",
            "https://fr.wikipedia.org/wiki/Ariane_(fusée)",
            "url",
        ),
        ("écrire à pascale.bresson@cnes.fr.", "pascale.bresson@cnes.fr", "email"),
        ("tél. +33 (0)1 44 76 75 00.", "+33 (0)1 44 76 75 00", "phone"),
        ("tél. 01 44 76 76 00", "01 44 76 76 00", "phone"),
        ("tél. 01.44.76.76.00", "01.44.76.76.00", "phone"),
        ("tél. +33 1 44 76 76 00", "+33 1 44 76 76 00", "phone"),
        ("à Moscou +7 495 631 92 29", "+7 495 631 92 29", "phone"),
        ("suivez @CNES_fr !", "@CNES_fr", "handle"),
        ("avec #Ariane6 ce soir", "#Ariane6", "hashtag"),
        ("le rapport_2013.pdf joint", "rapport_2013.pdf", "filename"),
        ("Fichier : Dossier-de-presse.DOCX.", "Dossier-de-presse.DOCX", "filename"),
        ("le satellite MSG-4 est", "MSG-4", "code"),
        ("un Airbus A320", "A320", "code"),
        ("le vol VA212 part", "VA212", "code"),
        ("le satellite Sentinel-1A.", "Sentinel-1A", "code"),
        ("Pléiades-1B est", "Pléiades-1B", "code"),
        ("tél. 06 12 34 56 78", "06 12 34 56 78", "phone"),
        ("écrire à presse+ariane@esa.int", "presse+ariane@esa.int", "email"),
    ],
)
def test_non_translatable_spans(text: str, span: str, kind: str) -> None:
    [match] = find_matches(text, NOTHING)
    assert (match.text, match.target, match.kind, match.entry_source) == (span, span, kind, "")
    assert text[match.start : match.end] == span


@pytest.mark.parametrize(
    "text",
    [
        "En 2013, le 2e étage, au XXe siècle, à 17h30, 1 000 km, 3,5 %, page 12.",
        "Le 17.05.2013 à 10 h, n° 42, mille-feuille, l'a.b.c.",
        "CNES, MM. Le Gall et Popovkine. Fin.",
        "# titre, #1, @ ici, 33 44, +33",
        "Fondé en 1966, 2 000 salariés, Ariane 5 et le 14-Juillet, à 12.30 €.",
        "la fin.Puis le début, mail@ seul, www seul, fichier.pdfx, 12345678901234",
    ],
)
def test_ordinary_text_has_no_non_translatable_span(text: str) -> None:
    assert find_matches(text, NOTHING) == []


def test_protected_spans_ignore_the_glossary() -> None:
    text = "L’ESA (esa.int) et MSG-4."
    assert [(m.text, m.kind) for m in find_matches(text, NOTHING)] == [
        ("esa.int", "url"),
        ("MSG-4", "code"),
    ]
    assert [m.text for m in find_matches(text, MATCHER)] == ["ESA", "esa.int", "MSG-4"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # equal spans: the glossary entry beats the pattern
        ("le MSG-4", [("MSG-4", "programme")]),
        ("Sentinel 1A", [("Sentinel 1A", "programme")]),
        # a longer pattern swallows the term inside it
        ("https://www.esa.int/ESA", [("https://www.esa.int/ESA", "url")]),
        ("presse@cnes.fr", [("presse@cnes.fr", "email")]),
        ("#ESA #Exomars", [("#ESA", "hashtag"), ("#Exomars", "hashtag")]),
        # a longer term beats a shorter code
        ("le MSG-4 Second", [("MSG-4 Second", "programme")]),
    ],
)
def test_glossary_terms_and_patterns_compete_on_length(
    text: str, expected: list[tuple[str, str]]
) -> None:
    matcher = compile_matcher(
        Glossary(
            (
                *ENTRIES,
                GlossaryEntry("MSG-4", "MSG-4", "programme"),
                GlossaryEntry("MSG-4 Second", "MSG-4 Second", "programme"),
                GlossaryEntry("Sentinel-1A", "Sentinel-1A", "programme"),
            )
        )
    )
    assert [(m.text, m.kind) for m in find_matches(text, matcher)] == expected


def test_an_entry_without_type_is_a_term() -> None:
    matcher = compile_matcher(Glossary((GlossaryEntry("orbite", "orbit", type=""),)))
    assert find_matches("en orbite", matcher) == [Match(3, 9, "orbite", "orbit", "term", "orbite")]


def test_the_longer_span_wins_across_kinds() -> None:
    text = "écrire à @CNES ou presse@cnes.fr"
    assert [(m.text, m.kind) for m in find_matches(text, MATCHER)] == [
        ("@CNES", "handle"),
        ("presse@cnes.fr", "email"),
    ]


def test_overlaps_of_equal_length_keep_the_earliest() -> None:
    matcher = compile_matcher(Glossary((GlossaryEntry("a b", "X"), GlossaryEntry("b c", "Y"))))
    assert [(m.text, m.target) for m in find_matches("a b c", matcher)] == [("a b", "X")]


def test_equal_spans_prefer_the_entry_written_as_in_the_text() -> None:
    matcher = compile_matcher(
        Glossary((GlossaryEntry("Véga", "Vega"), GlossaryEntry("Vega", "Vega rocket")))
    )
    assert [m.target for m in find_matches("Vega, Véga", matcher)] == ["Vega rocket", "Vega"]


def test_an_entry_with_nothing_to_match_is_an_error() -> None:
    with pytest.raises(GlossaryError, match="has nothing to match"):
        compile_matcher(Glossary((GlossaryEntry("  ", "x"),)))


def test_fold_unifies_accents_ligatures_and_apostrophes() -> None:
    assert fold("L’Œuvre de Baïkonour") == "l'oeuvre de baikonour"
    assert fold("Baïkonour", keep_case=True) == "Baikonour"


def test_the_sample_release_with_the_shipped_glossary(repo_root: Path, seed_path: Path) -> None:
    from bilingue.glossary.store import load_glossary

    matcher = compile_matcher(load_glossary([repo_root / "glossary" / "space.tsv"]))
    text = seed_path.read_text(encoding="utf-8")
    matches = find_matches(text, matcher)
    pairs = [(m.text, m.target) for m in matches]
    assert pairs[:12] == [
        ("Jean-Yves Le Gall", "Jean-Yves Le Gall"),
        ("Président du CNES", "CNES President"),
        ("Vladimir Popovkine", "Vladimir Popovkin"),
        ("Roscosmos", "Roscosmos"),
        ("Moscou", "Moscow"),
        ("Jean-Yves Le Gall", "Jean-Yves Le Gall"),
        ("Président du CNES", "CNES President"),
        ("Popovkine", "Popovkin"),  # `V ladimir` is split by the PDF; the surname still matches
        ("Roscosmos", "Roscosmos"),
        ("Moscou", "Moscow"),
        ("Général De Gaulle", "General de Gaulle"),
        ("Baïkonour", "Baikonur"),
    ]
    assert ("Centre Spatial Guyanais", "Guiana Space Centre") in pairs
    assert ("Station Spatiale Internationale", "International Space Station") in pairs
    assert ("Agence spatiale européenne", "European Space Agency") in pairs
    assert ("accord-cadre", "framework agreement") in pairs
    assert [p for p in pairs if p[1] == "ESA"] == [("ESA", "ESA")] * 2
    assert [p for p in pairs if p[1] == "Soyuz"] == [("Soyouz", "Soyuz")] * 2
    assert [p for p in pairs if p[1] == "Mars"] == [("Mars", "Mars")]
    assert len(matches) == 32


# --- properties -------------------------------------------------------------------

FILLER = ["le", "la", "de", "vol", "spatial", "et", ",", ".", "«", "»", "2013", "réussi", "l’"]
SEPARATORS = [" ", "  ", "\n", " \n ", "\u00a0"]


@st.composite
def variant_of(draw: st.DrawFn, entry: GlossaryEntry) -> str:
    """``entry.source`` as a messy text might write it: any case, spacing, accents."""
    words = entry.source.replace("-", " ").split(" ")
    out = words[0]
    for word in words[1:]:
        out += draw(st.sampled_from([*SEPARATORS, "-"])) + word
    if not entry.case_sensitive:
        out = draw(st.sampled_from([out, out.upper(), out.lower(), out.title()]))
    if draw(st.booleans()):
        out = "".join(c for c in unicodedata.normalize("NFD", out) if not unicodedata.combining(c))
    return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), out)


SIMPLE = [e for e in ENTRIES if e.source.replace("-", " ").replace(" ", "").isalnum()]


@given(
    data=st.data(),
    entry=st.sampled_from(SIMPLE),
    before=st.lists(st.sampled_from(FILLER), max_size=4),
    after=st.lists(st.sampled_from(FILLER), max_size=4),
)
def test_an_entry_is_found_however_it_is_written(
    data: st.DataObject, entry: GlossaryEntry, before: list[str], after: list[str]
) -> None:
    written = data.draw(variant_of(entry))
    prefix = " ".join(before) + " "
    text = prefix + written + " " + " ".join(after)
    matches = find_matches(text, MATCHER)
    assert [m.start for m in matches] == [len(prefix)]
    assert matches[0].text == written
    assert matches[0].target.casefold() == entry.target.casefold()


@given(
    st.lists(
        st.sampled_from(
            [
                *FILLER,
                *SEPARATORS,
                *(e.source for e in ENTRIES),
                "@CNES",
                "A320",
                "https://esa.int/",
            ]
        ),
        max_size=30,
    )
)
def test_matches_are_sorted_disjoint_and_point_into_the_text(parts: list[str]) -> None:
    assert_well_formed("".join(parts))


MESSY = st.lists(
    st.sampled_from(
        [*"aeEsSAcCnNé\u0301ïœ’'-‐ \n\u00a0.,@#/+()0123456789:_", "ESA", "CNES", "www.", "http"]
    ),
    max_size=60,
).map("".join)


@given(MESSY)
def test_matches_in_any_text_are_well_formed(text: str) -> None:
    assert_well_formed(text)
    spans = find_matches(text, NOTHING)
    assert all(m.target == m.text and m.entry_source == "" for m in spans)


def assert_well_formed(text: str) -> None:
    matches = find_matches(text, MATCHER)
    for m in matches:
        assert text[m.start : m.end] == m.text and m.start < m.end
    for left, right in itertools.pairwise(matches):
        assert left.end <= right.start


WORDS = st.sampled_from(["a", "b", "c"])


@given(
    entries=st.lists(st.lists(WORDS, min_size=1, max_size=3), min_size=1, max_size=6),
    words=st.lists(WORDS, max_size=25),
)
def test_longest_then_earliest_agrees_with_a_brute_force(
    entries: list[list[str]], words: list[str]
) -> None:
    sources = list(dict.fromkeys(" ".join(e) for e in entries))
    matcher = compile_matcher(Glossary(tuple(GlossaryEntry(s, s.upper()) for s in sources)))
    text = " ".join(words)
    # Every occurrence of every entry on word boundaries, as (start, end) in ``text``.
    starts = [2 * i for i in range(len(words))]
    candidates = {
        (starts[i], starts[i] + len(source))
        for source in sources
        for i in range(len(words))
        if " ".join(words[i : i + len(source.split())]) == source
    }
    taken: list[tuple[int, int]] = []
    for start, end in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
    assert [(m.start, m.end) for m in find_matches(text, matcher)] == sorted(taken)
