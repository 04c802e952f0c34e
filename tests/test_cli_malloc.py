"""Translating commands re-run themselves once with glibc malloc tuned; others never do."""

from __future__ import annotations

import pytest

from bilingue.cli.malloc import MALLOC_SETTINGS, malloc_environment

SCRIPT = "/usr/local/bin/bilingue"


@pytest.mark.parametrize("command", [["batch"], ["translate", "x.txt"], ["--debug", "batch"]])
def test_translating_commands_get_the_tuned_allocator(command: list[str]) -> None:
    env = malloc_environment([SCRIPT, *command], {"PATH": "/usr/bin"})
    assert env is not None
    assert {k: env[k] for k in MALLOC_SETTINGS} == MALLOC_SETTINGS
    assert env["PATH"] == "/usr/bin"
    # The re-run sees the mark and does not run itself again.
    assert malloc_environment([SCRIPT, *command], env) is None


@pytest.mark.parametrize("command", [["--help"], ["models", "list"], ["glossary", "list"], []])
def test_other_commands_run_as_they_are(command: list[str]) -> None:
    assert malloc_environment([SCRIPT, *command], {}) is None


def test_the_users_own_malloc_settings_stand() -> None:
    assert malloc_environment([SCRIPT, "batch"], {"MALLOC_ARENA_MAX": "4"}) is None


def test_it_can_be_turned_off() -> None:
    assert malloc_environment([SCRIPT, "batch"], {"BILINGUE_MALLOC": "default"}) is None
