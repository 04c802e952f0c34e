"""Shared fixtures: the user's sample inputs from ../shared and the synthetic Argos model."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED_NAME = "cnes-roscosmos-2013-05-17.fr.txt"

pytest_plugins = ["tests.model_fixture"]


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """bilingue's rebuildable caches (word-frequency indexes) kept out of the user's home.

    In pytest's own cache folder, so they are built once, not in every session; CLI
    runs in subprocesses inherit the variable.
    """
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    folder = cache.mkdir("bilingue-cache") if cache else tmp_path_factory.mktemp("cache")
    before = os.environ.get("BILINGUE_CACHE_DIR")
    os.environ["BILINGUE_CACHE_DIR"] = str(folder)
    yield
    if before is None:
        os.environ.pop("BILINGUE_CACHE_DIR", None)
    else:
        os.environ["BILINGUE_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture
def workspace(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh workspace holding a copy of the shipped glossary/, as the current folder.

    Runs from here get the shipped glossary by default, as from the repository root,
    but their translation memory (.bilingue/) and outputs stay in the test's folder:
    a developer's own memory never leaks into a test, nor a test's into it.
    """
    root = tmp_path_factory.mktemp("workspace")  # beside tmp_path, never inside it
    shutil.copytree(REPO / "glossary", root / "glossary")
    monkeypatch.chdir(root)
    return root


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The user's sample release, as committed in input/ (a copy of ../shared/seeds)."""
    path = REPO / "input" / SEED_NAME
    if not path.exists():
        pytest.skip(f"sample release missing: {path}")
    return path


@pytest.fixture(scope="session")
def shared_pdf_dir() -> Path:
    path = SHARED / "pdf"
    if not path.is_dir():
        pytest.skip(f"../shared/pdf is absent ({path}): real-PDF tests need it")
    return path
