"""Crashes the fuzzers found, kept as plain tests (each was a traceback before its fix)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingue.errors import GlossaryError
from bilingue.glossary.exchange import import_glossary
from tests.hostile.corpus import rebuild, xlsx_glossary


@pytest.mark.parametrize(
    ("part", "data", "detail"),
    [
        # expat's ParseError from openpyxl's reader of the worksheet
        ("xl/worksheets/sheet1.xml", b"<a\x01", "not well-formed (invalid token)"),
        # lxml's XMLSyntaxError from openpyxl's workbook reader
        ("xl/workbook.xml", b"", "Document is empty"),
    ],
)
def test_an_xlsx_with_a_malformed_part_is_a_glossary_error(
    tmp_path: Path, part: str, data: bytes, detail: str
) -> None:
    good = xlsx_glossary(tmp_path / "good.xlsx").read_bytes()
    bad = rebuild(good, tmp_path / "bad.xlsx", replace={part: data})
    with pytest.raises(GlossaryError) as caught:
        import_glossary(bad)
    line = str(caught.value)
    assert line.startswith(f"{bad}: not a readable .xlsx file (")
    assert detail in line
    assert line.endswith(" — save it from a spreadsheet as .xlsx")
