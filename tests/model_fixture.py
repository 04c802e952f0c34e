"""Pytest plugin: the synthetic Argos fr→en package (devtools/synthetic_argos.py), built and
installed once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from devtools.synthetic_argos import build_synthetic_argosmodel

if TYPE_CHECKING:
    from bilingue.engines.argos import ArgosEngine

__all__ = ["argos_engine", "argos_packages_dir", "synthetic_argosmodel"]


@pytest.fixture(scope="session")
def synthetic_argosmodel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path to the synthetic ``.argosmodel`` file (built once per session)."""
    return build_synthetic_argosmodel(tmp_path_factory.mktemp("argosmodel"))


@pytest.fixture(scope="session")
def argos_packages_dir(
    synthetic_argosmodel: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """A packages folder holding the synthetic package.

    ARGOS_PACKAGES_DIR points at it for the session, as a user's shell would, so
    ``load_settings`` (and so the CLI) finds it; the library itself never reads it.
    """
    from bilingue.engines.argos import check_package
    from bilingue.packages import install_from_file

    folder = tmp_path_factory.mktemp("argos") / "packages"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARGOS_PACKAGES_DIR", str(folder))
        install_from_file(synthetic_argosmodel, folder, check=check_package)
        yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def argos_engine(argos_packages_dir: Path) -> ArgosEngine:
    """An ArgosEngine on the synthetic package."""
    from bilingue.engines.argos import ArgosEngine
    from bilingue.packages import find_installed

    package = find_installed(argos_packages_dir, "fr", "en")
    assert package is not None, f"synthetic package missing from {argos_packages_dir}"
    return ArgosEngine(package)
