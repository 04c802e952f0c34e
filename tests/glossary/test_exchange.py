"""Glossary import/export: every format round-trips; spreadsheets and XML cannot be weaponised."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingue.cli import cli
from bilingue.errors import GlossaryError, OutputError
from bilingue.glossary import ENTRY_TYPES, GlossaryEntry
from bilingue.glossary.exchange import (
    export_glossary,
    import_glossary,
    import_into,
    merge_entries,
    neutralise_formula,
    restore_formula,
)
from bilingue.glossary.store import read_tsv, write_tsv
from bilingue.glossary.table import COLUMNS, runs_as_formula
from bilingue.glossary.tbx import tbx_bytes

FORMATS = [("tsv", "2"), ("csv", "2"), ("xlsx", "2"), ("tbx", "2"), ("tbx", "3")]

SAMPLE = [
    GlossaryEntry("Soyouz", "Soyuz", "programme", "launcher", ("Soyuz",)),
    GlossaryEntry("Centre spatial guyanais", "Guiana Space Centre", "place"),
    GlossaryEntry("ESA", "ESA", "organisation", "l’Agence, « spatiale », \"européenne\"", (),
                  "exact"),
    GlossaryEntry("Baïkonour", "Baikonur", "place", "", ("Baikonour", "Baïkonur"), "insensitive"),
    GlossaryEntry("-ESA-", "-1+1", "term", "@risk", ("+33", "'=x")),
    GlossaryEntry("Président du CNES", "CNES President", "title", "x < y & z"),
]  # fmt: skip


@pytest.mark.parametrize(("ext", "version"), FORMATS)
def test_export_then_import_gives_the_same_glossary(tmp_path: Path, ext: str, version: str) -> None:
    path = tmp_path / f"g.{ext}"
    export_glossary(SAMPLE, path, tbx_version=version)
    assert import_glossary(path) == SAMPLE


text = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc"), blacklist_characters="|\ufffe\uffff"
        ),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
    # What a spreadsheet would run is refused (see test_formulas_are_refused_everywhere).
    .filter(lambda t: not runs_as_formula(t))
)
french = st.sampled_from(["Baïkonour", "l’ESA", "d'Exomars", "Agence, « spatiale »", '"Vega-C"'])
field = st.one_of(text, french)
entries = st.lists(
    st.builds(
        GlossaryEntry,
        # A line starting with # is a comment, so no source may start with one.
        source=field.filter(lambda t: not t.startswith("#")),
        target=field,
        type=st.sampled_from(ENTRY_TYPES),
        note=st.one_of(st.just(""), field),
        variants=st.lists(field, max_size=2).map(tuple),
        case=st.sampled_from(["", "exact", "capitals", "insensitive"]),
        plural=st.one_of(st.just(""), field),
        forbidden=st.lists(field, max_size=2).map(tuple),
        context=st.one_of(st.just(""), field),
        not_context=st.lists(field, max_size=2).map(tuple),
    ),
    max_size=5,
    unique_by=lambda e: e.source,
)


@pytest.mark.parametrize(("ext", "version"), FORMATS)
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(generated=entries)
def test_round_trip_property(
    tmp_path: Path, ext: str, version: str, generated: list[GlossaryEntry]
) -> None:
    path = tmp_path / f"p.{ext}"
    export_glossary(generated, path, tbx_version=version)
    assert import_glossary(path) == generated


FULL = GlossaryEntry(
    "vol",
    "flight",
    "term",
    "a note",
    ("vols",),
    "insensitive",
    plural="flights",
    forbidden=("theft", "robbery"),
    context="a space flight, not a theft",
    not_context=("données", "à l’étalage"),
)


@pytest.mark.parametrize(("ext", "version"), FORMATS)
def test_every_column_survives_every_format(tmp_path: Path, ext: str, version: str) -> None:
    old = GlossaryEntry("ESA", "ESA", "organisation")
    path = tmp_path / f"g.{ext}"
    export_glossary([FULL, old], path, tbx_version=version)
    assert import_glossary(path) == [FULL, old]


def test_forbidden_renderings_are_deprecated_terms_in_tbx() -> None:
    text = tbx_bytes([FULL]).decode()
    assert (
        "<term>theft</term>\n"
        '            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>'
    ) in text
    assert "<note>not_context: données|à l’étalage</note>" in text


@given(value=st.text(alphabet="'=+-@\t\rab", max_size=6))
def test_formula_protection_is_undone_exactly(value: str) -> None:
    protected = neutralise_formula(value)
    assert restore_formula(protected) == value
    assert not protected.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize(
    ("value", "protected"),
    [("-ESA-", "'-ESA-"), ("+33", "'+33"), ("=1+1", "'=1+1"), ("@risk", "'@risk"),
     ("'=x", "''=x"), ("'quoted'", "'quoted'"), ("ESA", "ESA"), ("", "")],
)  # fmt: skip
def test_formula_protection_examples(value: str, protected: str) -> None:
    assert neutralise_formula(value) == protected


def test_csv_is_utf8_with_bom_and_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    export_glossary(SAMPLE, path)
    header = "source,target,type,note,variants,case,plural,forbidden,context,not_context\r\n"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf" + header.encode())
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[5] == ["'-ESA-", "'-1+1", "term", "'@risk", "'+33|'=x", "", "", "", "", ""]


def test_csv_from_a_french_excel_with_semicolons_is_read(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes("\ufeffsource;target;type\r\nBaïkonour;Baikonur;place\r\n".encode())
    assert import_glossary(path) == [GlossaryEntry("Baïkonour", "Baikonur", "place")]


def test_xlsx_cells_are_text_not_formulas(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "g.xlsx"
    export_glossary(SAMPLE, path)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert all(cell.font.bold for cell in sheet[1])
    assert (sheet["A6"].value, sheet["B6"].value) == ("'-ESA-", "'-1+1")
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None]
    assert len(cells) == 27  # the non-empty fields of SAMPLE
    assert {cell.data_type for cell in cells} == {"s"}
    book.close()


def test_xlsx_numbers_typed_in_a_spreadsheet_read_as_text(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["source", "target"])
    book.active.append([2013, 2013.0])
    book.save(tmp_path / "n.xlsx")
    assert import_glossary(tmp_path / "n.xlsx") == [GlossaryEntry("2013", "2013")]


def test_tbx_2008_is_the_martif_form_and_v3_the_tbx_form(tmp_path: Path) -> None:
    old, new = tmp_path / "old.tbx", tmp_path / "new.tbx"
    export_glossary(SAMPLE[:1], old)
    export_glossary(SAMPLE[:1], new, tbx_version="3")
    old_text, new_text = old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8")
    assert '<martif type="TBX-Basic" xml:lang="fr">' in old_text
    assert '<p type="XCSURI">TBXBasicXCSV02.xcs</p>' in old_text
    assert (
        '<tbx type="TBX-Basic" xml:lang="fr" style="dca" xmlns="urn:iso:std:iso:30042:ed-2">'
        in new_text
    )
    tig = (
        "<tig>\n            <term>Soyouz</term>\n"
        '            <termNote type="partOfSpeech">properNoun</termNote>\n'
        '            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>\n'
        '            <admin type="projectSubset">programme</admin>\n'
        "          </tig>\n"
    )
    assert tig in old_text
    assert tig.replace("tig>", "termSec>") in new_text
    variant = (
        '<term>Soyuz</term>\n            <termNote type="administrativeStatus">'
        "admittedTerm-admn-sts"
    )
    assert variant in old_text
    assert '<langSet xml:lang="en">\n          <tig>\n            <term>Soyuz</term>' in old_text
    assert '<termEntry id="e1">\n        <note>launcher</note>' in old_text


FOREIGN_2008 = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "{dtd}">
<martif type="TBX" xml:lang="en"><martifHeader/><text><body>
<termEntry id="t1">
  <descrip type="subjectField">space</descrip>
  <note>agency</note>
  <langSet xml:lang="EN-GB"><tig><term>European Space Agency</term></tig></langSet>
  <langSet xml:lang="fr"><ntig><termGrp><term>ASE</term>
    <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termGrp></ntig>
    <tig><term>Agence spatiale <hi>européenne</hi></term>
    <termNote type="partOfSpeech">properNoun</termNote>
    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
    <note>official name</note></tig></langSet>
  <langSet xml:lang="de"><tig><term>Europäische Weltraumorganisation</term></tig></langSet>
</termEntry>
<termEntry><langSet xml:lang="fr"><tig><term>lanceur</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>launcher</term></tig><tig><term>launch vehicle</term></tig>
  </langSet></termEntry>
</body></text></martif>
"""


def test_a_foreign_tbx_2008_with_a_doctype_is_read_without_fetching_the_dtd(tmp_path: Path) -> None:
    # The DTD exists and is broken: reading it would fail the parse.
    dtd = tmp_path / "TBXcdv04.dtd"
    dtd.write_text("<!ENTITY broken", encoding="utf-8")
    path = tmp_path / "weblate.tbx"
    path.write_text(FOREIGN_2008.format(dtd=dtd.as_uri()), encoding="utf-8")
    assert import_glossary(path) == [
        GlossaryEntry("Agence spatiale européenne", "European Space Agency", "name",
                      "agency; official name", ("ASE",)),
        GlossaryEntry("lanceur", "launcher", "term"),
    ]  # fmt: skip


def test_a_foreign_tbx_v3_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cat.tbx"
    path.write_text(
        '<?xml version="1.0"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="fr" '
        'xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader/><text><body>'
        '<conceptEntry id="c1"><langSec xml:lang="fr-FR"><termSec><term>Vostotchny</term>'
        '<admin type="projectSubset">Place</admin><note>case: exact</note></termSec></langSec>'
        '<langSec xml:lang="en-GB"><termSec><term>Vostochny</term>'
        "</termSec></langSec></conceptEntry></body></text></tbx>",
        encoding="utf-8",
    )
    assert import_glossary(path) == [
        GlossaryEntry("Vostotchny", "Vostochny", "place", case="exact")
    ]


SECRET = "TOP-SECRET-42"


REFUSED = "refused: the file declares XML entities (EntitiesForbidden)"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">'
            ']><martif type="TBX-Basic"><text><body>&c;</body></text></martif>',
            REFUSED,
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x SYSTEM "{secret}">]>'
            '<martif type="TBX-Basic"><text><body><termEntry><note>&x;</note>'
            '<langSet xml:lang="fr"><tig><term>&x;</term></tig></langSet>'
            '<langSet xml:lang="en"><tig><term>x</term></tig></langSet></termEntry>'
            "</body></text></martif>",
            REFUSED,
        ),
        # The DTD is never fetched, so its entities stay undefined (and the file unread).
        (
            '<?xml version="1.0"?><!DOCTYPE martif SYSTEM "{secret}"><martif type="TBX-Basic">'
            "<text><body>&x;</body></text></martif>",
            "not well-formed XML (undefined entity &x;: line 1, column ",
        ),
    ],
    ids=["billion-laughs", "external-entity", "external-dtd"],
)
def test_entity_tricks_are_refused_and_never_read_the_file(
    tmp_path: Path, payload: str, message: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    path = tmp_path / "evil.tbx"
    path.write_text(payload.replace("{secret}", secret.as_uri()), encoding="utf-8")
    with pytest.raises(GlossaryError) as caught:
        import_glossary(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.tbx", "<html/>", "not a TBX file (root element <html>)"),
        ("x.tbx", "<martif", "not well-formed XML (unclosed token: line 1, column 0)"),
        (
            "x.tbx",
            '<martif><text><body><termEntry id="t9"><langSet xml:lang="fr"><tig><term>a</term>'
            "</tig></langSet></termEntry></body></text></martif>",
            "entry t9: needs a French and an English term",
        ),
        ("x.csv", "a,b\n1,2\n", "line 1: unknown column 'a', 'b' in the header"),
        ("x.csv", "source,target\nESA,\n", "line 2: empty target for 'ESA'"),
        ("x.csv", "", "no header row (source, target, …)"),
        ("x.csv", b"source,target\n\xe9,x\n", "not UTF-8 text (byte 14)"),
        ("x.xlsx", "not a zip", "not a readable .xlsx file"),
        ("x.json", "{}", "unsupported glossary format '.json'"),
    ],
)
def test_bad_files_give_one_clear_error(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    with pytest.raises(GlossaryError) as caught:
        import_glossary(path)
    assert str(caught.value).startswith(f"{path}: {message}")


def test_xlsx_errors_name_the_row(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["source", "target", "type"])
    book.active.append(["ESA", "ESA", "agency"])
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(GlossaryError, match=r"bad\.xlsx: row 2: invalid type 'agency'"):
        import_glossary(tmp_path / "bad.xlsx")


@pytest.mark.parametrize("ext", ["tsv", "csv", "xlsx", "tbx"])
def test_export_refuses_what_cannot_round_trip(tmp_path: Path, ext: str) -> None:
    path = tmp_path / f"g.{ext}"
    with pytest.raises(GlossaryError, match="entry 'a': a tab, line break or control character"):
        export_glossary([GlossaryEntry("a", "b\nc")], path)
    assert not path.exists()


def test_unknown_tbx_version_and_format_are_refused(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="unknown TBX version '4'"):
        export_glossary(SAMPLE, tmp_path / "g.tbx", tbx_version="4")
    with pytest.raises(GlossaryError, match=r"unsupported glossary format '\.txt'"):
        export_glossary(SAMPLE, tmp_path / "g.txt")


def test_merge_reports_added_changed_and_unchanged() -> None:
    existing = [SAMPLE[0], SAMPLE[1], GlossaryEntry("Soyouz", "Soyuz", "programme")]
    incoming = [
        GlossaryEntry("Soyouz", "Soyuz", "programme"),  # what the file means: the later line
        GlossaryEntry("Centre spatial guyanais", "Guiana Space Center", "place"),
        SAMPLE[3],
    ]
    report = merge_entries(existing, incoming)
    assert report.added == (SAMPLE[3],)
    assert report.changed == (incoming[1],)
    assert report.skipped == (incoming[0],)
    assert report.entries == (incoming[0], incoming[1], SAMPLE[3])


def test_import_into_keeps_comments_and_writes_only_on_change(tmp_path: Path) -> None:
    into = tmp_path / "imported.tsv"
    write_tsv(into, SAMPLE[:1])
    into.write_text("# ours\n" + into.read_text(encoding="utf-8"), encoding="utf-8")
    source = tmp_path / "in.xlsx"
    export_glossary(SAMPLE[:3], source)
    result = CliRunner().invoke(cli, ["glossary", "import", str(source), "--into", str(into)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{into}: 2 added, 0 changed, 1 unchanged\n"
    assert into.read_text(encoding="utf-8").startswith("# ours\n")
    assert read_tsv(into) == SAMPLE[:3]
    before = into.stat().st_mtime_ns
    again = import_into(source, into)
    assert (again.added, again.changed, len(again.skipped)) == ((), (), 3)
    assert into.stat().st_mtime_ns == before


def test_import_into_creates_the_file(tmp_path: Path) -> None:
    source = tmp_path / "in.tbx"
    export_glossary(SAMPLE, source, tbx_version="3")
    report = import_into(source, tmp_path / "new.tsv")
    assert report.added == tuple(SAMPLE)
    assert read_tsv(tmp_path / "new.tsv") == SAMPLE


def test_a_crash_while_importing_leaves_the_target_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    into = tmp_path / "imported.tsv"
    write_tsv(into, SAMPLE[:1])
    before = into.read_bytes()
    source = tmp_path / "in.csv"
    export_glossary(SAMPLE, source)

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError):
        import_into(source, into)
    assert into.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["imported.tsv", "in.csv"]
