"""safeinput: every zip limit refuses at its edge and accepts just below it."""

from __future__ import annotations

import os
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from bilingue.errors import BadInput, GlossaryError, escape_undecodable
from bilingue.safeinput import (
    DOCX_LIMITS,
    ZipLimits,
    check_regular_file,
    check_zip,
    load_json,
)

SMALL = ZipLimits(
    kind="TEST",
    max_members=3,
    max_total_bytes=3000,
    max_member_bytes=2000,
    max_ratio=10,
    max_xml_tags=20,
    ratio_floor_bytes=100,
    hint="fix it",
)


def make_zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def refusal(path: Path, limits: ZipLimits = SMALL) -> str:
    with pytest.raises(BadInput) as caught:
        check_zip(path, limits)
    return str(caught.value)


def test_a_zip_within_every_limit_passes(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "ok.zip", {"a.xml": b"<a><b/></a>", "b.bin": os.urandom(1500)})
    assert [i.filename for i in check_zip(path, SMALL)] == ["a.xml", "b.bin"]


@pytest.mark.parametrize(
    ("members", "method", "message"),
    [
        ({f"{i}": b"" for i in range(4)}, zipfile.ZIP_STORED, "4 members (the limit is 3)"),
        ({"a": os.urandom(2001)}, zipfile.ZIP_STORED, "member 'a' unpacks to 2001 bytes"),
        (
            {"a": os.urandom(950).hex().encode(), "b": os.urandom(600).hex().encode()},
            zipfile.ZIP_DEFLATED,
            "unpacks to more than 3000 bytes",
        ),
        ({"a": b"\0" * 1500}, zipfile.ZIP_DEFLATED, "member 'a' is compressed"),
        ({"a.xml": b"<a/>" * 21}, zipfile.ZIP_STORED, "more than 20 XML tags (at a.xml"),
        ({"a.bin": b"x", "x.rels": b"<a/>" * 21}, zipfile.ZIP_STORED, "more than 20 XML tags"),
        (
            {"a.xml": "<!DOCTYPE a><a/>".encode("utf-16-le")},
            zipfile.ZIP_STORED,
            "a.xml declares a DTD or entities",
        ),
        ({"a.xml": b'<!ENTITY x "y">'}, zipfile.ZIP_STORED, "a.xml declares a DTD or entities"),
        ({"a": b"x"}, zipfile.ZIP_BZIP2, "unsupported compression method (12;"),
        ({"a": b"x"}, zipfile.ZIP_LZMA, "unsupported compression method (14;"),
    ],
)
def test_each_limit_refuses_with_its_own_reason(
    tmp_path: Path, members: dict[str, bytes], method: int, message: str
) -> None:
    path = make_zip(tmp_path / "x.zip", members, method)
    line = refusal(path)
    assert line.startswith(f"{path}: TEST refused: ")
    assert message in line
    assert line.endswith(" — fix it")


def test_small_members_may_compress_any_amount(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "x.zip", {"a": b"\0" * 100})
    check_zip(path, SMALL)


def test_a_mark_split_across_chunks_is_still_found(tmp_path: Path) -> None:
    limits = replace(SMALL, max_member_bytes=3 * 1024 * 1024, max_total_bytes=4 * 1024 * 1024)
    limits = replace(limits, max_ratio=1e9, max_xml_tags=10**9)
    data = b" " * (1024 * 1024 - 4) + b"<!DOCTYPE a>"
    path = make_zip(tmp_path / "x.zip", {"a.xml": data})
    assert "declares a DTD" in refusal(path, limits)


def test_encrypted_and_duplicate_members_are_refused(tmp_path: Path) -> None:
    from tests.hostile.corpus import patch_members

    path = make_zip(tmp_path / "x.zip", {"a": b"x"}, zipfile.ZIP_STORED)
    path.write_bytes(patch_members(path.read_bytes(), flags=0x1))
    assert "member 'a' is encrypted" in refusal(path)
    import warnings

    with warnings.catch_warnings(), zipfile.ZipFile(tmp_path / "d.zip", "w") as archive:
        warnings.simplefilter("ignore")
        archive.writestr("a", b"1")
        archive.writestr("a", b"2")
    assert "member 'a' appears twice" in refusal(tmp_path / "d.zip")


def test_a_member_with_an_empty_name_is_refused(tmp_path: Path) -> None:
    # Found by the ODT reader contract: zipfile's ZipInfo.is_dir() raises IndexError on it.
    path = make_zip(tmp_path / "x.zip", {"a.xml": b"<a/>", "x": b"y"}, zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    # Name length 1 → 0 and extra length 0 → 1 in both headers of member "x": the name
    # byte becomes a one-byte extra field, so every offset still holds.
    for signature, name_at in ((b"PK\x03\x04", 26), (b"PK\x01\x02", 28)):
        start = 0
        while (found := data.find(signature, start)) != -1:
            if data[found + name_at : found + name_at + 2] == b"\x01\x00":
                data[found + name_at : found + name_at + 4] = b"\x00\x00\x01\x00"
            start = found + 4
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert "" in archive.namelist()
    assert "a member has an empty name" in refusal(path)


def test_not_a_zip_and_the_error_class_are_the_callers(tmp_path: Path) -> None:
    (tmp_path / "x.xlsx").write_bytes(b"plain text")
    with pytest.raises(GlossaryError) as caught:
        check_zip(tmp_path / "x.xlsx", replace(SMALL, kind="XLSX"), error=GlossaryError)
    assert str(caught.value) == f"{tmp_path}/x.xlsx: not a XLSX file (not a zip archive) — fix it"


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "x.docx"
    os.mkfifo(fifo)
    with pytest.raises(BadInput, match=r"not a regular file \(a pipe, device or socket\)"):
        check_zip(fifo, DOCX_LIMITS)


def test_a_device_behind_a_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.docx").symlink_to("/dev/zero")
    with pytest.raises(BadInput, match="not a regular file"):
        check_regular_file(tmp_path / "zero.docx", max_bytes=10)


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    (tmp_path / "big").write_bytes(b"x" * 11)
    with pytest.raises(BadInput) as caught:
        check_regular_file(tmp_path / "big", max_bytes=10, hint="smaller")
    assert str(caught.value) == (
        f"{tmp_path}/big: file too large (11 bytes; the limit is 10 bytes) — smaller"
    )


def test_a_non_utf8_name_is_shown_with_its_bytes_escaped() -> None:
    name = Path(os.fsdecode(b"in/caf\xe9.txt"))
    assert str(BadInput("x", path=name)) == "in/caf\\xe9.txt: x"
    assert escape_undecodable(str(name)) == "in/caf\\xe9.txt"
    assert escape_undecodable("in/café \ud800.txt") == "in/café \\ud800.txt"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "x.json: JSON is nested too deeply to read"),
        (b"{", "x.json: JSON is not valid JSON (Expecting property name"),
        (b"\xff", "x.json: JSON is not UTF-8 (invalid start byte)"),
    ],
)
def test_hostile_json_is_one_error(raw: bytes, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        load_json(raw, path="x.json")
    assert str(caught.value).startswith(message)


def test_json_with_a_byte_order_mark_is_read() -> None:
    assert load_json(b'\xef\xbb\xbf{"a": [1]}', path="x.json") == {"a": [1]}
