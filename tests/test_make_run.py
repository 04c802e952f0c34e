"""The README's first command on a fresh checkout: `make run` in a clean clone, no .venv.

The clone is made from this repository's last commit. The Argos index is pointed at
a path that does not exist and the packages folder is empty, as on a machine with
no network: `make run` must fall back to Apertium and say so once, or, when
Apertium is absent and cannot be installed (simulated by a PATH without apertium
and apt-get), print one line saying what to install and exit non-zero.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bilingue.engines.apertium import apertium_available
from tests.environment import outside_venv

REPO = Path(__file__).resolve().parent.parent
HIDDEN = ("apertium", "apt-get", "apt")  # what the "bare machine" PATH leaves out


def _make(clone: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "run"], cwd=clone, env=env, capture_output=True, text=True, timeout=900
    )


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    if shutil.which("make") is None or shutil.which("git") is None:
        pytest.skip("make or git is not installed")
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: nothing to clone")
    base = tmp_path_factory.mktemp("fresh")
    clone = base / "bilingue"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(clone)],
        check=True,
        capture_output=True,
    )
    assert not (clone / ".venv").exists()
    env = {k: v for k, v in outside_venv(os.environ).items() if k != "ARGOS_PACKAGES_DIR"}
    env |= {
        "ARGOS_PACKAGES_DIR": str(base / "argos-packages"),
        "ARGOS_PACKAGE_INDEX": f"file://{base}/no-index/",
        "XDG_DATA_HOME": str(base / "data"),
    }
    setup = subprocess.run(
        ["make", "setup"], cwd=clone, env=env, capture_output=True, text=True, timeout=900
    )
    if setup.returncode != 0:
        pytest.skip(f"the locked environment cannot be built here: {setup.stderr[-300:]}")
    return clone, env


def _bare_path(base: Path) -> str:
    """A PATH holding every command of this one except Apertium's and apt's."""
    bare = base / "bare-bin"
    bare.mkdir(exist_ok=True)
    for folder in outside_venv(os.environ)["PATH"].split(os.pathsep):
        if not folder or not Path(folder).is_dir():
            continue
        for tool in Path(folder).iterdir():
            name = tool.name
            if name.startswith(HIDDEN) or (bare / name).exists():
                continue
            if os.access(tool, os.X_OK) and not tool.is_dir():
                (bare / name).symlink_to(tool)
    return str(bare)


def test_with_no_engine_and_none_installable_make_run_says_what_to_install(
    fresh_clone: tuple[Path, dict[str, str]],
) -> None:
    clone, env = fresh_clone
    bare = env | {"PATH": _bare_path(clone.parent)}

    result = _make(clone, bare)

    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert "no French→English engine" in errors[0]
    assert "apt-get install apertium apertium-fr-es apertium-eng-spa" in errors[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert not list((clone / "output").glob("*.review.docx"))


def test_make_run_on_a_fresh_clone_chooses_apertium_once_and_translates(
    fresh_clone: tuple[Path, dict[str, str]],
) -> None:
    if not apertium_available():
        pytest.skip("Apertium fr-es/eng-spa is not installed")
    clone, env = fresh_clone

    first = _make(clone, env)
    again = _make(clone, env)

    assert first.returncode == 0, first.stderr
    chosen = [line for line in first.stdout.splitlines() if line.startswith("engine:")]
    assert len(chosen) == 1, first.stdout
    assert chosen[0].startswith("engine: Apertium (the Argos fr→en model could not be downloaded")
    samples = sorted(p.stem for p in (clone / "input").iterdir() if not p.name.startswith("."))
    written = sorted(p.name for p in (clone / "output").glob("*.review.docx"))
    assert written == [f"{stem}.review.docx" for stem in samples]
    assert again.returncode == 0, again.stderr
    assert f"{len(samples)} unchanged" in again.stdout
