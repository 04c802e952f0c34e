"""The shell environment a user has outside bilingue's virtual environment.

pytest runs under `uv run`, which puts `.venv/bin` first on PATH. Tests that play a
user at a shell (`make run` in a fresh clone, a runtime-only install) must not find
that environment's `python3`, which has neither pip nor uv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping

__all__ = ["outside_venv", "uv_command"]


def outside_venv(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` without the active virtual environment (its variable and PATH entry)."""
    venv_bins = {os.path.join(sys.prefix, "bin")}
    if environ.get("VIRTUAL_ENV"):
        venv_bins.add(os.path.join(environ["VIRTUAL_ENV"], "bin"))
    path = [p for p in environ.get("PATH", "").split(os.pathsep) if p and p not in venv_bins]
    env = {k: v for k, v in environ.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")}
    env["PATH"] = os.pathsep.join(path)
    return env


def uv_command() -> list[str] | None:
    """How to run uv here: `uv`, or `python3 -m uv` with a Python outside the venv."""
    path = outside_venv(os.environ)["PATH"]
    if found := shutil.which("uv", path=path):
        return [found]
    base = getattr(sys, "_base_executable", "")
    for python in (shutil.which("python3", path=path), base, sys.executable):
        if not python:
            continue
        probe = subprocess.run([python, "-m", "uv", "--version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return [python, "-m", "uv"]
    return None
