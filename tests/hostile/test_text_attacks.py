"""Hostile or broken plain inputs: names, encodings, binary, settings, glossary files.

Same contract as the other hostile cases: the exact line, the exit code, nothing
written outside the output folder, bounded memory, and never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.conftest import Run

pytestmark = pytest.mark.apertium

FRENCH = "Le Centre national d'études spatiales a signé un accord avec l'agence russe.\n"
TRANSLATE = ("--engine", "apertium", "--no-tm")
NO_GLOSSARY = (
    "note: no glossary found (looked in {ws}/glossary/*.tsv); only URLs, e-mails, phone "
    "numbers and codes are protected"
)


def write(name: str, data: bytes) -> Callable[[Path], str]:
    def make(workspace: Path) -> str:
        (workspace / "input" / name).write_bytes(data)
        return f"input/{name}"

    return make


FAILING_SOURCES: list[tuple[str, Callable[[Path], str], str]] = [
    (
        "binary",
        write("bin.txt", bytes(range(256)) * 40),
        "input/bin.txt: not a text file (binary content) — give a .txt or .docx export "
        "of the release",
    ),
    ("empty", write("empty.txt", b""), "input/empty.txt: empty document — the file has no text"),
    (
        "not-a-zip-docx",
        write("fake.docx", FRENCH.encode()),
        "input/fake.docx: not a DOCX file (not a zip archive) — re-save it from Word or "
        "LibreOffice",
    ),
    (
        "truncated-docx",
        lambda ws: write("cut.docx", _docx_bytes()[:5000])(ws),
        "input/cut.docx: not a DOCX file (not a zip archive) — re-save it from Word or LibreOffice",
    ),
]


def _docx_bytes() -> bytes:
    from tests.hostile.corpus import plain_docx

    return plain_docx()


@pytest.mark.parametrize(
    ("name", "make", "line"), FAILING_SOURCES, ids=[c[0] for c in FAILING_SOURCES]
)
def test_a_broken_source_fails_with_one_line(
    workspace: Path, run_contained: Run, name: str, make: Callable[[Path], str], line: str
) -> None:
    source = make(workspace)
    outcome = run_contained("translate", source, "-o", "output", *TRANSLATE)
    assert outcome.code == 1
    assert outcome.stdout.startswith("1 file(s): 0 translated, 0 skipped, 1 failed;")
    assert outcome.stderr.splitlines() == [
        f"[1/1] FAIL  {line}",
        NO_GLOSSARY.format(ws=workspace),
    ]
    assert list((workspace / "output").iterdir()) == []


def test_a_config_with_a_byte_order_mark_is_read(workspace: Path, run_contained: Run) -> None:
    (workspace / "bilingue.toml").write_bytes(b'\xef\xbb\xbfengine = "apertium"\n')
    outcome = run_contained("config", may_write=())
    assert outcome.code == 0
    assert "engine = apertium\t(bilingue.toml)" in outcome.stdout.splitlines()


def test_settings_beside_a_bilingue_table_are_refused(workspace: Path, run_contained: Run) -> None:
    (workspace / "bilingue.toml").write_text('engine = "x"\n[bilingue]\nthreads = 2\n')
    outcome = run_contained("config", may_write=())
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr == (
        f"Error: {workspace}/bilingue.toml: settings go at the top level, not under a "
        "[bilingue] table — delete the [bilingue] line so its keys are read\n"
    )


def test_a_glossary_that_is_not_utf8_stops_the_run_before_any_output(
    workspace: Path, run_contained: Run
) -> None:
    (workspace / "glossary").mkdir()
    (workspace / "glossary" / "bad.tsv").write_bytes(b"source\ttarget\nCNES\tCNES\n\xff\xfe\n")
    (workspace / "input" / "ok.txt").write_text(FRENCH)
    outcome = run_contained("translate", "input/ok.txt", "-o", "output", *TRANSLATE)
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr == (
        f"Error: {workspace}/glossary/bad.tsv: not UTF-8 text (byte 24) — save it as UTF-8 "
        "(in a spreadsheet: character set Unicode UTF-8)\n"
    )


def test_a_formula_is_never_added_to_the_glossary(workspace: Path, run_contained: Run) -> None:
    formula = "=cmd|' /C calc'!A0"
    outcome = run_contained("glossary", "add", formula, "x", may_write=("ws/glossary",))
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr == (
        f'Error: {workspace}/glossary/custom.tsv: entry "{formula}": the source "{formula}" '
        "would run as a formula in a spreadsheet (remove the leading sign or rephrase it)\n"
    )
    assert not (workspace / "glossary" / "custom.tsv").exists()


SPECIAL_FILES: list[tuple[str, tuple[str, ...], str]] = [
    ("pipe.tsv", ("glossary", "import"), "fifo"),
    ("zero.tbx", ("glossary", "import"), "/dev/zero"),
    ("zero.csv", ("glossary", "import"), "/dev/zero"),
    ("zero.tmx", ("tm", "import"), "/dev/zero"),
    ("pipe.xlsx", ("glossary", "import"), "fifo"),
]


@pytest.mark.parametrize(
    ("name", "command", "kind"), SPECIAL_FILES, ids=[c[0] for c in SPECIAL_FILES]
)
def test_a_pipe_or_device_given_as_a_glossary_or_memory_never_hangs(
    workspace: Path, run_contained: Run, name: str, command: tuple[str, ...], kind: str
) -> None:
    special = workspace / "input" / name
    if kind == "fifo":
        os.mkfifo(special)
    else:
        special.symlink_to(kind)
    outcome = run_contained(*command, f"input/{name}", may_write=())
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr == (
        f"Error: input/{name}: not a regular file (a pipe, device or socket)\n"
    )


def fifo(workspace: Path) -> str:
    os.mkfifo(workspace / "input" / "pipe.txt")
    return "input/pipe.txt"


def dev_zero(workspace: Path) -> str:
    (workspace / "input" / "zero.txt").symlink_to("/dev/zero")
    return "input/zero.txt"


def too_big(workspace: Path) -> str:
    with open(workspace / "input" / "big.txt", "wb") as out:
        out.truncate(51 * 1024 * 1024)  # sparse: the size is what is checked
    return "input/big.txt"


SPECIAL_SOURCES: list[tuple[str, Callable[[Path], str], str]] = [
    (
        "fifo",
        fifo,
        "input/pipe.txt: not a regular file (a FIFO) — give a document file, not a folder, "
        "pipe or device",
    ),
    (
        "dev-zero",
        dev_zero,
        "input/zero.txt: not a regular file (a character device) — give a document file, "
        "not a folder, pipe or device",
    ),
    (
        "too-big",
        too_big,
        "input/big.txt: file too large (51.0 MB; the limit is 50.0 MB) — a press release is "
        "far smaller: split the document or export its text",
    ),
]


@pytest.mark.parametrize(
    ("name", "make", "line"), SPECIAL_SOURCES, ids=[c[0] for c in SPECIAL_SOURCES]
)
def test_a_special_or_huge_source_is_refused_before_reading(
    workspace: Path, run_contained: Run, name: str, make: Callable[[Path], str], line: str
) -> None:
    source = make(workspace)
    outcome = run_contained("translate", source, "-o", "output", *TRANSLATE)
    assert outcome.code == 1
    assert outcome.stderr.splitlines()[0] == f"[1/1] FAIL  {line}"
    assert list((workspace / "output").iterdir()) == []


def test_a_link_leaving_the_input_folder_is_skipped_with_a_note(
    workspace: Path, run_contained: Run
) -> None:
    secret = workspace.parent / "secret.txt"
    secret.write_text(FRENCH, encoding="utf-8")
    (workspace / "input" / "leak.txt").symlink_to(secret)
    outcome = run_contained("batch", "input", "output", *TRANSLATE)
    assert outcome.code == 1  # nothing was translated
    assert outcome.stderr.splitlines()[0] == (
        f"[1/1] skip  {workspace}/input/leak.txt: link to {secret}, outside the input "
        "folder; skipped — use --follow-links to translate it"
    )
    assert list((workspace / "output").iterdir()) == []


def test_a_utf8_file_with_one_cp1252_line_keeps_every_accent(
    workspace: Path, run_contained: Run
) -> None:
    import json

    line = "Été à Kourou : la fusée décolle.\n"
    (workspace / "input" / "mixed.txt").write_bytes(
        FRENCH.encode() + line.encode("cp1252") + FRENCH.encode()
    )
    outcome = run_contained("translate", "input/mixed.txt", "-o", "output", *TRANSLATE)
    assert outcome.code == 0, outcome.stderr
    sidecar = json.loads((workspace / "output" / "mixed.json").read_text(encoding="utf-8"))
    text = json.dumps(sidecar, ensure_ascii=False)
    assert "Été à Kourou : la fusée décolle." in text
    assert "Ã" not in text


def test_apertium_stream_syntax_and_noncharacters_translate_without_failing(
    workspace: Path, run_contained: Run
) -> None:
    (workspace / "input" / "stream.txt").write_text(
        "Le lancement vers ] ^Mars$ est prévu \uffff en juin. Le CNES confirme la date.\n",
        encoding="utf-8",
    )
    outcome = run_contained("translate", "input/stream.txt", "-o", "output", *TRANSLATE)
    assert outcome.code == 0, outcome.stderr
    assert outcome.stdout.startswith("1 file(s): 1 translated, 0 skipped, 0 failed")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-32-be"])
def test_utf16_or_utf32_without_a_byte_order_mark_is_translated_with_a_note(
    workspace: Path, run_contained: Run, encoding: str
) -> None:
    import docx

    (workspace / "input" / "wide.txt").write_bytes((FRENCH * 2).encode(encoding))
    outcome = run_contained("translate", "input/wide.txt", "-o", "output", *TRANSLATE)
    assert outcome.code == 0, outcome.stderr
    note = f"the file has no byte-order mark; read as {encoding.upper()}: check its text"
    sidecar = (workspace / "output" / "wide.json").read_text(encoding="utf-8")
    assert note in sidecar
    review = docx.Document(str(workspace / "output" / "wide.review.docx"))
    shown = "\n".join(p.text for p in review.paragraphs)
    shown += "\n".join(c.text for t in review.tables for r in t.rows for c in r.cells)
    assert note in shown
    assert "d'études spatiales" in shown
