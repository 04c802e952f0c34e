"""Hostile glossaries, memories and model packages, through the real CLI in a child.

Partners send XLSX/TBX glossaries and TMX memories; model packages come from the
network or a USB stick. Each case: the exact error line, exit 1, nothing written
outside the output folder (the glossary folder, the memory and the packages folder
stay untouched), bounded peak memory.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from devtools.synthetic_argos import SYNTHETIC_NAME
from tests.hostile import corpus
from tests.hostile.conftest import Run

XLSX_HINT = " — save it from a spreadsheet as .xlsx"
TBX_ENTITIES = (
    "refused: the file declares XML entities (EntitiesForbidden) — TBX needs no entity "
    "declarations; remove them from the <!DOCTYPE>"
)
TMX_ENTITIES = (
    "refused: the file declares XML entities (EntitiesForbidden); TMX needs none, and "
    "expanding them is how entity bombs work — export it again from the CAT tool as TMX 1.4"
)
XLSX_DTD = (
    "XLSX refused: xl/worksheets/sheet1.xml declares a DTD or entities, which this format "
    "never does" + XLSX_HINT
)

EXCHANGE_CASES: list[tuple[str, tuple[str, ...], Callable[[Path], Path], str]] = [
    (
        "bomb.xlsx",
        ("glossary", "import"),
        corpus.xlsx_bomb,
        "XLSX refused: member 'xl/sharedStrings.xml' is compressed {ratio} to 1 "
        "(the limit is 200; a zip bomb?)" + XLSX_HINT,
    ),
    (
        "xxe.xlsx",
        ("glossary", "import"),
        lambda p: corpus.xlsx_entity_attack(p, corpus.XXE_DTD, "&xxe;"),
        XLSX_DTD,
    ),
    (
        "laughs.xlsx",
        ("glossary", "import"),
        lambda p: corpus.xlsx_entity_attack(p, corpus.LAUGHS_DTD, "&l9;"),
        XLSX_DTD,
    ),
    (
        "encrypted.xlsx",
        ("glossary", "import"),
        lambda p: corpus.xlsx_patched(p, flags=0x1),
        "XLSX refused: member 'docProps/app.xml' is encrypted" + XLSX_HINT,
    ),
    (
        "deflate64.xlsx",
        ("glossary", "import"),
        lambda p: corpus.xlsx_patched(p, method=9),
        "XLSX refused: member 'docProps/app.xml' uses an unsupported compression method "
        "(9; only stored and deflate are read)" + XLSX_HINT,
    ),
    (
        "xxe.tbx",
        ("glossary", "import"),
        lambda p: corpus.tbx_entity_attack(p, corpus.XXE_DTD, "&xxe;"),
        TBX_ENTITIES,
    ),
    (
        "laughs.tbx",
        ("glossary", "import"),
        lambda p: corpus.tbx_entity_attack(p, corpus.LAUGHS_DTD, "&l9;"),
        TBX_ENTITIES,
    ),
    (
        "xxe.tmx",
        ("tm", "import"),
        lambda p: corpus.tmx_entity_attack(p, corpus.XXE_DTD, "&xxe;"),
        TMX_ENTITIES,
    ),
    (
        "laughs.tmx",
        ("tm", "import"),
        lambda p: corpus.tmx_entity_attack(p, corpus.LAUGHS_DTD, "&l9;"),
        TMX_ENTITIES,
    ),
]


@pytest.mark.parametrize(
    ("name", "command", "build", "message"), EXCHANGE_CASES, ids=[c[0] for c in EXCHANGE_CASES]
)
def test_a_hostile_glossary_or_memory_is_refused_and_changes_nothing(
    workspace: Path,
    run_contained: Run,
    name: str,
    command: tuple[str, ...],
    build: Callable[[Path], Path],
    message: str,
) -> None:
    bad = build(workspace / "input" / name)
    if "{ratio}" in message:
        import zipfile

        with zipfile.ZipFile(bad) as archive:
            info = archive.getinfo("xl/sharedStrings.xml")
        message = message.format(ratio=f"{info.file_size / info.compress_size:.0f}")
    outcome = run_contained(*command, f"input/{name}", may_write=())
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr == f"Error: input/{name}: {message}\n"


MODEL_HINT = ""


def _models(workspace: Path) -> list[str]:
    folder = workspace.parent / "packages"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


MODEL_CASES: list[tuple[str, Callable[[Path, Path], Path], str]] = [
    (
        "zip-slip",
        lambda src, p: corpus.model_variant(src, p, add={f"{SYNTHETIC_NAME}/../../evil": b"x"}),
        f"unsafe member '{SYNTHETIC_NAME}/../../evil' (leaves the package)",
    ),
    (
        "absolute",
        lambda src, p: corpus.model_variant(src, p, add={"/tmp/evil": b"x"}),
        "unsafe member '/tmp/evil' (absolute path)",
    ),
    (
        "symlink",
        lambda src, p: corpus.model_variant(src, p, symlink=f"{SYNTHETIC_NAME}/model/link"),
        f"unsafe member '{SYNTHETIC_NAME}/model/link' (symlink)",
    ),
    (
        "deep-metadata",
        lambda src, p: corpus.model_variant(
            src, p, add={f"{SYNTHETIC_NAME}/metadata.json": b"[" * 100_000 + b"]" * 100_000}
        ),
        "metadata.json is not valid JSON (nested too deeply)",
    ),
    (
        "bomb",
        lambda src, p: corpus.model_bomb(src, p, SYNTHETIC_NAME),
        f"model package refused: member '{SYNTHETIC_NAME}/model/padding.bin' is compressed "
        "{ratio} to 1 (the limit is 200; a zip bomb?) — download the package again",
    ),
]


@pytest.mark.parametrize(("name", "build", "message"), MODEL_CASES, ids=[c[0] for c in MODEL_CASES])
def test_a_hostile_model_package_is_refused_and_installs_nothing(
    workspace: Path,
    run_contained: Run,
    synthetic_argosmodel: Path,
    name: str,
    build: Callable[[Path, Path], Path],
    message: str,
) -> None:
    bad = build(synthetic_argosmodel, workspace / "input" / f"{name}.argosmodel")
    if "{ratio}" in message:
        import zipfile

        with zipfile.ZipFile(bad) as archive:
            info = archive.getinfo(f"{SYNTHETIC_NAME}/model/padding.bin")
        message = message.format(ratio=f"{info.file_size / info.compress_size:.0f}")
    outcome = run_contained(
        "models", "install", "--file", f"input/{name}.argosmodel", may_write=("packages",)
    )
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr == f"Error: input/{name}.argosmodel: {message}\n"
    assert _models(workspace) == []
    assert not (workspace.parent / "evil").exists()


def test_a_corrupt_model_never_replaces_a_working_one(
    workspace: Path, run_contained: Run, synthetic_argosmodel: Path
) -> None:
    import os

    good = run_contained(
        "models", "install", "--file", str(synthetic_argosmodel), may_write=("packages",)
    )
    assert good.code == 0, good.stderr
    installed = workspace.parent / "packages" / SYNTHETIC_NAME / "model" / "model.bin"
    before = installed.read_bytes()
    corrupt = corpus.model_variant(
        synthetic_argosmodel,
        workspace / "input" / "corrupt.argosmodel",
        add={f"{SYNTHETIC_NAME}/model/model.bin": os.urandom(len(before))},
    )
    outcome = run_contained(
        "models", "install", "--file", f"input/{corrupt.name}", may_write=("packages",)
    )
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr.startswith(f"Error: input/{corrupt.name}: the model does not work ("), (
        outcome.stderr
    )
    assert outcome.stderr.endswith(
        "; nothing was installed — download the package again; the installed one, if any, "
        "is unchanged\n"
    )
    assert _models(workspace) == [SYNTHETIC_NAME]
    assert installed.read_bytes() == before
