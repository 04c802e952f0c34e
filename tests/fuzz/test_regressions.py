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


def test_a_damaged_odt_is_bad_input_and_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import zipfile

    from bilingue.errors import BadInput
    from bilingue.formats.odt import read_odt
    from tests.fuzz.targets import mutate_zip
    from tests.hostile.corpus import plain_odt

    seed = plain_odt()
    with zipfile.ZipFile(io.BytesIO(seed)) as archive:
        content = archive.namelist().index("content.xml")
    bad = tmp_path / "bad.odt"
    bad.write_bytes(mutate_zip(seed, [(content, 20, ord("x")), (content, 60, ord("<"))]))
    with pytest.raises(BadInput, match="not a readable ODT file"):
        read_odt(bad)
    assert capsys.readouterr().out == ""  # odfpy used to dump the whole part here
