"""Translating commands tune glibc malloc as they start; other commands never do."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bilingue.cli.malloc import MALLOC_SETTINGS, malloc_settings, tune_allocator

SCRIPT = "/usr/local/bin/bilingue"


@pytest.mark.parametrize("command", [["batch"], ["translate", "x.txt"], ["--debug", "batch"]])
def test_translating_commands_get_the_tuned_allocator(command: list[str]) -> None:
    assert malloc_settings([SCRIPT, *command], {"PATH": "/usr/bin"}) == MALLOC_SETTINGS


@pytest.mark.parametrize("command", [["--help"], ["models", "list"], ["glossary", "list"], []])
def test_other_commands_run_as_they_are(command: list[str]) -> None:
    assert malloc_settings([SCRIPT, *command], {}) == {}
    assert tune_allocator([SCRIPT, *command], {}) == 0


def test_the_users_own_malloc_settings_stand() -> None:
    assert malloc_settings([SCRIPT, "batch"], {"MALLOC_ARENA_MAX": "4"}) == {}


def test_it_can_be_turned_off() -> None:
    assert malloc_settings([SCRIPT, "batch"], {"BILINGUE_MALLOC": "default"}) == {}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc mallopt is Linux-only")
def test_glibc_accepts_every_setting() -> None:
    """In a child process, so this test's interpreter keeps its allocator as it was."""
    code = (
        "from bilingue.cli.malloc import MALLOC_SETTINGS, tune_allocator;"
        "print(tune_allocator(['bilingue', 'batch'], {}), len(MALLOC_SETTINGS))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    assert out[0] == out[1] != "0"
