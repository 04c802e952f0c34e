"""Glossary import/export: every format round-trips; spreadsheets and XML cannot be weaponised."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingue.cli import cli
from bilingue.errors import GlossaryError
from bilingue.glossary import ENTRY_TYPES, GlossaryEntry
from bilingue.glossary.exchange import export_glossary, import_glossary, import_into, merge_entries
from bilingue.glossary.store import read_tsv, write_tsv

FORMATS = [("tsv", "2"), ("csv", "2"), ("xlsx", "2"), ("tbx", "2"), ("tbx", "3")]

SAMPLE = [
    GlossaryEntry("Soyouz", "Soyuz", "programme", "launcher", ("Soyuz",)),
    GlossaryEntry("Centre spatial guyanais", "Guiana Space Centre", "place"),
    GlossaryEntry(
        "ESA", "ESA", "organisation", "l’Agence, « spatiale », \"européenne\"", (), "exact"
    ),
    GlossaryEntry("Baïkonour", "Baikonur", "place", "", ("Baikonour", "Baïkonur")),
    GlossaryEntry("-ESA-", "=1+1", "term", "@risk", ("+33",)),
]  # fmt: skip


@pytest.mark.parametrize(("ext", "version"), FORMATS)
def test_export_then_import_gives_the_same_glossary(tmp_path: Path, ext: str, version: str) -> None:
    path = tmp_path / f"g.{ext}"
    export_glossary(SAMPLE, path, tbx_version=version)
    assert import_glossary(path) == SAMPLE


text = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="|\t\n\r"),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)
# A TSV line starting with # is a comment, so no source may start with one.
source_text = text.filter(lambda t: not t.startswith("#"))
entries = st.lists(
    st.builds(
        GlossaryEntry,
        source=source_text,
        target=text,
        type=st.sampled_from(ENTRY_TYPES),
        note=st.one_of(st.just(""), text),
        variants=st.lists(text, max_size=2).map(tuple),
        case=st.sampled_from(["", "exact", "insensitive"]),
    ),
    max_size=6,
    unique_by=lambda e: e.source,
)


@pytest.mark.parametrize(("ext", "version"), FORMATS)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(generated=entries)
def test_round_trip_property(
    tmp_path: Path, ext: str, version: str, generated: list[GlossaryEntry]
) -> None:
    path = tmp_path / f"p.{ext}"
    export_glossary(generated, path, tbx_version=version)
    assert import_glossary(path) == generated


def test_csv_cells_that_look_like_formulas_are_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    export_glossary(SAMPLE, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[5][:5] == ["'-ESA-", "'=1+1", "term", "'@risk", "'+33"]


def test_xlsx_cells_are_text_not_formulas(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "g.xlsx"
    export_glossary(SAMPLE, path)
    sheet = load_workbook(path).worksheets[0]
    assert sheet["B6"].value == "'=1+1"
    assert sheet["B6"].data_type == "s"
    assert sheet["A1"].font.bold


def test_tbx_2008_is_the_martif_form_and_v3_the_tbx_form(tmp_path: Path) -> None:
    old, new = tmp_path / "old.tbx", tmp_path / "new.tbx"
    export_glossary(SAMPLE[:1], old)
    export_glossary(SAMPLE[:1], new, tbx_version="3")
    assert b'<martif type="TBX-Basic" xml:lang="fr">' in old.read_bytes()
    assert b"<termEntry" in old.read_bytes() and b"<tig>" in old.read_bytes()
    assert (
        b'<tbx type="TBX-Basic" xml:lang="fr" xmlns="urn:iso:std:iso:30042:ed-2"'
        in new.read_bytes()
    )
    assert b"<conceptEntry" in new.read_bytes() and b"<termSec>" in new.read_bytes()


def test_a_foreign_tbx_v3_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cat.tbx"
    path.write_text(
        '<?xml version="1.0"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="fr" '
        'xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader/><text><body>'
        '<conceptEntry id="c1"><langSec xml:lang="fr-FR"><termSec><term>Vostotchny</term>'
        '</termSec></langSec><langSec xml:lang="en-GB"><termSec><term>Vostochny</term>'
        "</termSec></langSec></conceptEntry></body></text></tbx>",
        encoding="utf-8",
    )
    assert import_glossary(path) == [GlossaryEntry("Vostotchny", "Vostochny", "term")]


@pytest.mark.parametrize(
    "payload",
    [
        '<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">'
        ']><martif type="TBX-Basic"><text><body>&b;</body></text></martif>',
        '<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<martif type="TBX-Basic"><text><body><termEntry><note>&x;</note></termEntry>'
        "</body></text></martif>",
    ],
    ids=["billion-laughs", "external-entity"],
)
def test_entity_tricks_are_refused(tmp_path: Path, payload: str) -> None:
    path = tmp_path / "evil.tbx"
    path.write_text(payload, encoding="utf-8")
    with pytest.raises(GlossaryError, match="refused: the file declares a DTD"):
        import_glossary(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.tbx", "<html/>", "not a TBX file (root element <html>)"),
        ("x.tbx", "<martif", "not well-formed XML"),
        ("x.csv", "a,b\n1,2\n", "first row must name the columns source and target"),
        ("x.json", "{}", "unsupported glossary format '.json'"),
    ],
)
def test_bad_files_give_one_clear_error(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_glossary(path)


def test_merge_reports_added_changed_and_unchanged() -> None:
    existing = SAMPLE[:2]
    incoming = [SAMPLE[0], GlossaryEntry("Centre spatial guyanais", "Guiana Space Center", "place"),
                SAMPLE[3]]  # fmt: skip
    report = merge_entries(existing, incoming)
    assert (len(report.added), len(report.changed), len(report.skipped)) == (1, 1, 1)
    assert [e.target for e in report.entries] == ["Soyuz", "Guiana Space Center", "Baikonur"]


def test_cli_import_merges_into_a_tsv_and_keeps_its_comments(tmp_path: Path) -> None:
    into = tmp_path / "imported.tsv"
    into.write_text("# ours\nsource\ttarget\tfoo\n".replace("\tfoo", ""), encoding="utf-8")
    write_tsv(into, SAMPLE[:1])
    into.write_text("# ours\n" + into.read_text(encoding="utf-8"), encoding="utf-8")
    source = tmp_path / "in.xlsx"
    export_glossary(SAMPLE[:3], source)
    result = CliRunner().invoke(cli, ["glossary", "import", str(source), "--into", str(into)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{into}: 2 added, 0 changed, 1 unchanged\n"
    assert into.read_text(encoding="utf-8").startswith("# ours\n")
    assert read_tsv(into) == SAMPLE[:3]
    again = import_into(source, into)
    assert (len(again.added), len(again.skipped)) == (0, 3)
