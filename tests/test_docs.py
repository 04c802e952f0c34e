"""The docs show only commands that exist, and every command explains itself.

Each `bilingue …` line in README.md and docs/*.md (fenced blocks and inline code)
names a real command whose `--help` works, with options that command accepts.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bilingue.cli import cli

REPO = Path(__file__).resolve().parent.parent
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]

_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_INLINE = re.compile(r"`((?:uv run (?:--frozen )?)?bilingue [^`]+)`")
_PREFIX = re.compile(r"^(?:\$ )?(?:uv run (?:--frozen )?)?bilingue(?= |$)")


def shown_commands() -> list[tuple[str, int, str]]:
    """(file name, line number, command line) for every bilingue invocation shown."""
    found: list[tuple[str, int, str]] = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for block in _FENCE.finditer(text):
            first_line = text.count("\n", 0, block.start(1)) + 1
            for offset, line in enumerate(block.group(1).splitlines()):
                command = line.split("#", 1)[0].strip()
                if _PREFIX.match(command):
                    found.append((doc.name, first_line + offset, command))
        for inline in _INLINE.finditer(text):
            found.append((doc.name, text.count("\n", 0, inline.start()) + 1, inline.group(1)))
    return found


def resolve(command_line: str) -> tuple[list[str], click.Command, list[str]]:
    """(command path, the click command, the options used) for a shown command line."""
    words = shlex.split(_PREFIX.sub("bilingue", command_line, count=1))[1:]
    path: list[str] = []
    command: click.Command = cli
    options: list[str] = []
    for word in words:
        if word in ("…", "..."):  # "bilingue batch …": the rest is left to the reader
            break
        if word.startswith("-"):
            options.append(word.split("=", 1)[0])
            continue
        if isinstance(command, click.Group) and not options:
            sub = command.commands.get(word)
            assert sub is not None, f"`bilingue {' '.join(path)}` has no command {word!r}"
            path.append(word)
            command = sub
    return path, command, options


SHOWN = shown_commands()


def test_the_docs_show_commands() -> None:
    # The parser must keep finding them: README's everyday commands at least.
    assert len({command for _, _, command in SHOWN}) >= 8


@pytest.mark.parametrize(
    ("where", "line", "command_line"), SHOWN, ids=[f"{w}:{n}" for w, n, _ in SHOWN]
)
def test_each_shown_command_exists_and_has_help(where: str, line: int, command_line: str) -> None:
    path, command, options = resolve(command_line)
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="bilingue")
    assert result.exit_code == 0, f"{where}:{line}: {result.output}"
    assert result.output.startswith(" ".join(["Usage: bilingue", *path]) + " ")
    accepted = {name for param in [*command.params, *cli.params] for name in param.opts}
    accepted |= {"--help", "-h"}
    unknown = [option for option in options if option not in accepted]
    assert not unknown, f"{where}:{line}: `{command_line}` uses unknown options {unknown}"


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
    return found


@pytest.mark.parametrize("command", _commands(cli), ids=" ".join)
def test_every_command_has_help_text(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"], prog_name="bilingue")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(" ".join(["Usage: bilingue", *command]) + " ")
    summary = result.output.split("\n\n", 2)[1].strip()
    assert summary and not summary.startswith("Options:"), f"{command} has no help text"
