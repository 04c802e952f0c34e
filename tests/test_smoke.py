"""Smoke test: the runtime dependencies alone (no dev group) install and translate.

uv builds bilingue from this checkout into a fresh virtual environment, offline from
its cache, exactly as the lock file pins it; then the installed `bilingue` script
translates the sample release with Apertium. This catches a runtime import of a dev
tool (pytest, hypothesis, mypy…), a file missing from the wheel, or a broken entry
point — none of which the test suite, running from the dev environment, can see.
"""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from bilingue.engines.apertium import apertium_available
from tests.environment import uv_command

REPO = Path(__file__).resolve().parent.parent
DEV_ONLY = ("pytest", "hypothesis", "mypy", "ruff")


def _uv() -> list[str]:
    command = uv_command()
    if command is None:
        pytest.skip("uv is not installed (neither `uv` nor `python3 -m uv`): cannot build the venv")
    return command


@pytest.fixture(scope="module")
def runtime_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("smoke") / "venv"
    env = {
        k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")
    }
    env["UV_PROJECT_ENVIRONMENT"] = str(venv)
    command = [*_uv(), "sync", "--frozen", "--no-dev", "--no-editable", "--offline", "--quiet"]
    run = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if run.returncode != 0:
        if "offline" in run.stderr.lower() or "network" in run.stderr.lower():
            pytest.skip(
                f"runtime dependencies are not in the uv cache: {run.stderr.strip()[-300:]}"
            )
        pytest.fail(f"uv sync --no-dev failed:\n{run.stderr}")
    return venv


def test_runtime_install_has_no_dev_tools(runtime_venv: Path) -> None:
    python = runtime_venv / "bin" / "python"
    code = (
        "import importlib.util, sys; "
        f"print(','.join(m for m in {DEV_ONLY!r} if importlib.util.find_spec(m)))"
    )
    found = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == ""
    where = subprocess.run(
        [python, "-c", "import bilingue; print(bilingue.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    # Installed as a wheel, not pointing back into src/: the package data must ship.
    assert "site-packages" in where.stdout


@pytest.mark.apertium
def test_installed_script_translates_the_sample_with_apertium(
    runtime_venv: Path, seed_path: Path, tmp_path: Path
) -> None:
    if not apertium_available():
        pytest.skip("Apertium with the fr-es and spa-eng pairs is not installed")
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    run = subprocess.run(
        [
            runtime_venv / "bin" / "bilingue",
            "translate",
            seed_path,
            "-o",
            out,
            "--engine",
            "apertium",
        ],
        cwd=REPO,  # the repository's glossary/ is the default glossary
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    stem = seed_path.stem
    data = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
    assert data["engine"]["name"] == "apertium"
    assert len(data["segments"]) >= 10
    assert all(s["target"] for s in data["segments"] if s["translate"])
    accuracy = data["term_accuracy"]
    # Apertium carries protected spans verbatim: every term found, none silently lost.
    assert accuracy["expected"] > 0 and accuracy["found"] == accuracy["expected"]
    with zipfile.ZipFile(out / f"{stem}.review.docx") as review:
        assert review.testzip() is None
