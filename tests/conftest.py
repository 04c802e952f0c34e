"""Shared fixtures: the user's sample inputs from ../shared and the synthetic Argos model."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED_NAME = "cnes-roscosmos-2013-05-17.fr.txt"

pytest_plugins = ["tests.model_fixture"]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


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
