"""Plain-text reader: encodings, newlines, blocks, and the files it must refuse."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bilingue.document import Block, BlockKind, FlagCode
from bilingue.errors import BadInput, UnsupportedFormat
from bilingue.flags import encoding_guessed, encoding_repaired
from bilingue.formats import SUPPORTED_EXTENSIONS, read_document
from bilingue.formats.txt import decode_text, read_txt, split_blocks

FRENCH = "L’été à Kourou : « Cœur » coûte 5 €.\nÀ bientôt.\n"


def write(tmp_path: Path, data: bytes, name: str = "release.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (FRENCH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + FRENCH.encode("utf-8"), "utf-8-sig"),
        (FRENCH.encode("cp1252"), "cp1252"),
        (codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be"), "utf-16"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "utf16le-bom", "utf16be-bom"],
)
def test_decodes_each_encoding_to_the_same_text(data: bytes, encoding: str) -> None:
    assert decode_text(data) == (FRENCH, encoding)


def test_cp1252_specific_bytes() -> None:
    # 0x92 ’, 0x9C œ, 0x80 €, 0x85 …, 0x96 – only exist in cp1252, not in Latin-1.
    data = b"l\x92\x9cuvre co\xfbte 5 \x80\x85 \x96 \xe9t\xe9"
    assert decode_text(data) == ("l’œuvre coûte 5 €… – été", "cp1252")


def test_latin1_text_without_c1_bytes_reads_as_cp1252() -> None:
    # Latin-1 and cp1252 agree outside 0x80–0x9F, so the name recorded is cp1252.
    data = "Le président a rencontré à Moscou.".encode("latin-1")
    assert decode_text(data) == ("Le président a rencontré à Moscou.", "cp1252")


def test_iso8859_15_euro_and_oe_win_over_cp1252() -> None:
    data = "Le cœur du programme coûte 5 € ; Œuvre.".encode("iso8859_15")
    assert data.count(b"\xbd") == 1  # œ in ISO-8859-15, ½ in cp1252
    assert decode_text(data) == ("Le cœur du programme coûte 5 € ; Œuvre.", "iso8859-15")


def test_mac_roman_export() -> None:
    text = "Le président a rencontré à Moscou le général."
    assert decode_text(text.encode("mac_roman")) == (text, "mac-roman")


def test_single_accented_byte() -> None:
    assert decode_text(b"caf\xe9") == ("café", "cp1252")


def test_read_txt_records_encoding_and_strips_bom(tmp_path: Path) -> None:
    doc = read_txt(write(tmp_path, codecs.BOM_UTF8 + "Été\n".encode()))
    assert doc.encoding == "utf-8-sig"
    assert doc.blocks == (Block(id="p1", kind=BlockKind.PARAGRAPH, text="Été"),)
    assert doc.source_path == str(tmp_path / "release.txt")


# --- newlines, Unicode, blocks -----------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_newlines_are_normalised(tmp_path: Path, newline: str) -> None:
    text = newline.join(["Titre", "sur deux lignes  ", "", "Corps."]) + newline
    doc = read_txt(write(tmp_path, text.encode()))
    assert [b.text for b in doc.blocks] == ["Titre\nsur deux lignes  ", "Corps."]


def test_unicode_is_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Président élu")
    assert len(decomposed) == 15
    doc = read_txt(write(tmp_path, decomposed.encode()))
    assert doc.blocks[0].text == "Président élu"


def test_blank_and_whitespace_only_lines_split_blocks() -> None:
    text = "  un\ndeux \n \t \ntrois\n\n\n\nquatre\n\u00a0\ncinq"
    assert split_blocks(text) == ["  un\ndeux ", "trois", "quatre", "cinq"]


def test_block_ids_and_kinds(tmp_path: Path) -> None:
    doc = read_txt(write(tmp_path, b"a\n\nb\n\nc"))
    assert [(b.id, b.kind, b.text) for b in doc.blocks] == [
        ("p1", BlockKind.PARAGRAPH, "a"),
        ("p2", BlockKind.PARAGRAPH, "b"),
        ("p3", BlockKind.PARAGRAPH, "c"),
    ]


@given(st.lists(st.text(alphabet="ab \n\t", max_size=30), max_size=8))
def test_split_blocks_keeps_every_non_blank_line(parts: list[str]) -> None:
    text = "\n".join(parts)
    chunks = split_blocks(text)
    assert [line for c in chunks for line in c.split("\n")] == [
        line for line in text.split("\n") if line.strip()
    ]
    assert all(chunk.strip() and "\n\n" not in chunk for chunk in chunks)


def test_seed_release(seed_path: Path) -> None:
    doc = read_document(seed_path)
    assert doc.encoding == "utf-8"
    assert len(doc.blocks) == 7
    assert doc.blocks[0].text == (
        " Jean-Yves Le Gall, Président du CNES, a rencontré  \n"
        "Vladimir Popovkine, Directeur de Roscosmos,  "
    )
    assert doc.blocks[1].text == "le vendredi 17 mai 2013 à Moscou  "
    assert [b.text.count("\n") + 1 for b in doc.blocks] == [2, 1, 5, 4, 3, 4, 6]
    assert doc.blocks[2].text.startswith(
        "Jean-Yves Le Gall, Président du CNES, a rencontré V ladimir"
    )
    assert "Cet te rencontre" in doc.blocks[2].text
    assert doc.blocks[6].text.endswith("domaine des hautes technologies. » ")


def test_seed_release_in_cp1252_reads_the_same(seed_path: Path, tmp_path: Path) -> None:
    original = read_txt(seed_path)
    converted = seed_path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("cp1252")
    doc = read_txt(write(tmp_path, converted))
    assert doc.encoding == "cp1252"
    assert doc.blocks == original.blocks


# --- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n \n", codecs.BOM_UTF16_LE],
    ids=["empty", "whitespace", "bom-only", "bom-whitespace", "utf16-bom-only"],
)
def test_empty_document(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, data)
    with pytest.raises(BadInput) as caught:
        read_txt(path)
    assert caught.value.message == "empty document"
    assert caught.value.path == str(path)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"texte\x00avec un NUL",
        bytes(range(1, 32)) * 4 + b"abc",
        b"\x01\x02\x03\x04 du texte mais trop de contr\xf4les\x05\x06\x07",
    ],
    ids=["png", "zip", "nul", "controls", "control-ratio"],
)
def test_binary_content(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, data)
    with pytest.raises(BadInput) as caught:
        read_txt(path)
    assert caught.value.message == "not a text file (binary content)"
    assert caught.value.path == str(path)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_byte_order_mark_are_read_with_a_note(
    tmp_path: Path, encoding: str
) -> None:
    # Exports from some Windows tools and databases: NUL bytes at fixed positions.
    release = FRENCH * 3 + "Le CNES confirme la date du lancement.\n"
    doc = read_txt(write(tmp_path, release.encode(encoding)))
    assert " ".join(b.text for b in doc.blocks).split() == release.split()
    assert doc.encoding == encoding
    [note] = doc.notes
    assert note.code is FlagCode.ENCODING_REPAIRED
    assert note.message == encoding_guessed(encoding).message
    assert encoding.upper()[:6] in note.message


@pytest.mark.parametrize(
    "data",
    [
        # 16-bit samples: NUL high bytes, but the "text" would be control characters.
        bytes(b for n in range(0, 64) for b in (n % 20, 0)) * 8,
        # NULs at alternating positions, but not a clean decode (a lone surrogate).
        "Le CNES".encode("utf-16-le") + b"\x00\xd8" + "confirme".encode("utf-16-le"),
        # Mostly zero words with a few letters: padding, not text.
        (b"\x00\x00" * 30 + b"A\x00") * 20,
        b"texte\x00avec un NUL",
    ],
    ids=["int16-samples", "lone-surrogate", "zero-padding", "odd-nul"],
)
def test_nul_patterns_that_are_not_utf16_text_stay_binary(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(BadInput) as caught:
        read_txt(write(tmp_path, data))
    assert caught.value.message == "not a text file (binary content)"


def test_form_feeds_and_tabs_are_text(tmp_path: Path) -> None:
    doc = read_txt(write(tmp_path, b"page un\tfin\n\x0c\npage deux"))
    assert [b.text for b in doc.blocks] == ["page un\tfin", "page deux"]


# --- the registry --------------------------------------------------------------------------


def test_supported_extensions() -> None:
    assert SUPPORTED_EXTENSIONS == (
        ".docx",
        ".htm",
        ".html",
        ".markdown",
        ".md",
        ".odt",
        ".pdf",
        ".txt",
    )


def test_uppercase_extension_is_read(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, b"Bonjour", name="NOTE.TXT"))
    assert [b.text for b in doc.blocks] == ["Bonjour"]


@pytest.mark.parametrize(
    ("name", "shown"), [("release.xyz", ".xyz"), ("release.pdf.bak", ".bak"), ("README", "(none)")]
)
def test_unsupported_extension(tmp_path: Path, name: str, shown: str) -> None:
    path = write(tmp_path, b"x", name=name)
    with pytest.raises(UnsupportedFormat) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: unsupported file type '{shown}' — supported types: "
        ".docx, .htm, .html, .markdown, .md, .odt, .pdf, .txt"
    )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadInput) as caught:
        read_document(tmp_path / "absent.txt")
    assert caught.value.message == "no such file"
    assert caught.value.path == str(tmp_path / "absent.txt")


def test_folder(tmp_path: Path) -> None:
    folder = tmp_path / "dossier.txt"
    folder.mkdir()
    with pytest.raises(BadInput) as caught:
        read_document(folder)
    assert caught.value.message == "is a folder, not a file"
    assert not isinstance(caught.value, UnsupportedFormat)


# --- a UTF-8 file with a line in another encoding ------------------------------------------


def test_one_cp1252_line_in_a_utf8_file_is_repaired_alone_and_noted(tmp_path: Path) -> None:
    lines = [
        "Le CNES a rencontré Roscosmos à Baïkonour.",
        "Cette ligne vient d’un vieux courriel : « été ».",
        "Les deux agences coopèrent sur Soyouz.",
    ]
    data = b"\n".join(
        [lines[0].encode("utf-8"), lines[1].encode("cp1252"), lines[2].encode("utf-8")]
    )
    doc = read_txt(write(tmp_path, data))
    assert doc.blocks[0].text == "\n".join(lines)
    assert doc.encoding == "utf-8"
    assert doc.notes == (encoding_repaired(2, "cp1252"),)
    assert doc.notes[0].code is FlagCode.ENCODING_REPAIRED


def test_a_whole_cp1252_file_gets_no_line_notes(tmp_path: Path) -> None:
    doc = read_txt(write(tmp_path, FRENCH.encode("cp1252")))
    assert (doc.blocks[0].text, doc.encoding, doc.notes) == (FRENCH.rstrip("\n"), "cp1252", ())


def test_a_failing_charset_detector_still_decodes(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("detector crashed")

    monkeypatch.setattr("charset_normalizer.from_bytes", broken)
    assert decode_text(FRENCH.encode("cp1252")) == (FRENCH, "cp1252")
