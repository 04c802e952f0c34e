"""Hostile DOCX sources: bombs in any part, entity attacks, damaged or odd packages.

Each case runs the real CLI in a child process (real python-docx, real Apertium) and
asserts the one-line failure, the exit code, that nothing is written outside the
output folder, and the peak memory.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile import corpus
from tests.hostile.conftest import Run

pytestmark = pytest.mark.apertium

HINT = " — re-save it from Word or LibreOffice"
CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    (
        "styles-bomb",
        corpus.docx_styles_bomb,
        "DOCX refused: member 'word/styles.xml' is compressed {ratio} to 1 "
        "(the limit is 200; a zip bomb?)",
    ),
    (
        "document-bomb",
        corpus.docx_document_bomb,
        "DOCX refused: member 'word/document.xml' is compressed {ratio} to 1 "
        "(the limit is 200; a zip bomb?)",
    ),
    (
        "media-bomb",
        corpus.docx_media_bomb,
        "DOCX refused: member 'word/media/image1.png' unpacks to 400 MB (the limit is 128 MB)",
    ),
    (
        "many-tags",
        corpus.docx_many_tags,
        "DOCX refused: more than 1,000,000 XML tags (at word/styles.xml; a zip bomb?)",
    ),
    (
        "xxe",
        lambda p: corpus.docx_entity_attack(p, corpus.XXE_DTD, "&xxe;"),
        "DOCX refused: word/document.xml declares a DTD or entities, which this format never does",
    ),
    (
        "billion-laughs",
        lambda p: corpus.docx_entity_attack(p, corpus.LAUGHS_DTD, "&l9;"),
        "DOCX refused: word/document.xml declares a DTD or entities, which this format never does",
    ),
    (
        "encrypted",
        lambda p: corpus.docx_patched(p, flags=0x1),
        "DOCX refused: member '[Content_Types].xml' is encrypted",
    ),
    (
        "deflate64",
        lambda p: corpus.docx_patched(p, method=9),
        "DOCX refused: member '[Content_Types].xml' uses an unsupported compression "
        "method (9; only stored and deflate are read)",
    ),
    (
        "many-members",
        corpus.docx_many_members,
        "DOCX refused: 20017 members (the limit is 5000)",
    ),
    (
        "duplicate-member",
        corpus.docx_duplicate_member,
        "DOCX refused: member 'word/document.xml' appears twice",
    ),
]


def ratio_of(path: Path, member: str) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    return f"{info.file_size / info.compress_size:.0f}"


@pytest.mark.parametrize(("name", "build", "message"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_docx_fails_alone_in_bounded_memory(
    workspace: Path,
    run_contained: Run,
    name: str,
    build: Callable[[Path], Path],
    message: str,
) -> None:
    bad = build(workspace / "input" / f"{name}.docx")
    good = workspace / "input" / "good.docx"
    good.write_bytes(corpus.plain_docx())
    if "{ratio}" in message:
        member = message.split("'")[1]
        message = message.format(ratio=ratio_of(bad, member))
    outcome = run_contained("batch", "input", "output", "--engine", "apertium", "--no-tm")
    assert outcome.code == 1, outcome.stderr
    assert outcome.stdout.startswith("2 file(s): 1 translated, 0 skipped, 1 failed;")
    failures = [line for line in outcome.stderr.splitlines() if " FAIL " in line]
    assert [line.split("FAIL  ", 1)[1] for line in failures] == [f"{bad}: {message}{HINT}"], (
        outcome.stderr
    )
    assert "Traceback" not in outcome.stderr
    # The batch went on: the good file was translated, the bad one left nothing.
    assert sorted(p.name for p in (workspace / "output").iterdir()) == [
        "good.json",
        "good.review.docx",
    ]


REVIEW_CASES = [
    *(case for case in CASES if case[0] in ("styles-bomb", "xxe", "encrypted")),
    (
        # A review holds about 170 tags a segment: its own, higher limit.
        "many-tags",
        lambda p: corpus.docx_many_tags(p, repeats=80),
        "DOCX refused: more than 5,000,000 XML tags (at word/styles.xml; a zip bomb?)",
    ),
]


@pytest.mark.parametrize(
    ("name", "build", "message"), REVIEW_CASES, ids=[c[0] for c in REVIEW_CASES]
)
def test_a_hostile_reviewed_docx_is_refused_before_parsing(
    workspace: Path,
    run_contained: Run,
    name: str,
    build: Callable[[Path], Path],
    message: str,
) -> None:
    # A freelancer's "reviewed" file: refused by the same checks, sidecar untouched.
    bad = build(workspace / "output" / f"{name}.review.docx")
    if "{ratio}" in message:
        message = message.format(ratio=ratio_of(bad, message.split("'")[1]))
    outcome = run_contained("review", "import", f"output/{name}.review.docx", may_write=())
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr == f"Error: output/{name}.review.docx: {message}{HINT}\n"


ODT_HINT = " — re-save it from LibreOffice Writer as .odt"
ODT_CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    (
        "odt-bomb",
        corpus.odt_bomb,
        "ODT refused: member 'styles.xml' is compressed {ratio} to 1 "
        "(the limit is 200; a zip bomb?)",
    ),
    (
        "odt-xxe",
        lambda p: corpus.odt_entity_attack(p, corpus.XXE_DTD, "&xxe;"),
        "ODT refused: content.xml declares a DTD or entities, which this format never does",
    ),
    (
        "odt-laughs",
        lambda p: corpus.odt_entity_attack(p, corpus.LAUGHS_DTD, "&l9;"),
        "ODT refused: content.xml declares a DTD or entities, which this format never does",
    ),
]


@pytest.mark.parametrize(("name", "build", "message"), ODT_CASES, ids=[c[0] for c in ODT_CASES])
def test_a_hostile_odt_is_refused_before_odfpy_parses_it(
    workspace: Path,
    run_contained: Run,
    name: str,
    build: Callable[[Path], Path],
    message: str,
) -> None:
    bad = build(workspace / "input" / f"{name}.odt")
    if "{ratio}" in message:
        message = message.format(ratio=ratio_of(bad, message.split("'")[1]))
    outcome = run_contained(
        "translate", f"input/{name}.odt", "-o", "output", "--engine", "apertium", "--no-tm"
    )
    assert outcome.code == 1
    assert outcome.stderr.splitlines()[0] == f"[1/1] FAIL  input/{name}.odt: {message}{ODT_HINT}"
    assert list((workspace / "output").iterdir()) == []
