"""The `bilingue` command: parse arguments, call bilingue.api, render results. Nothing else.

Subcommand modules import only click at module level, so `bilingue --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bilingue")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Settings file (default: ./bilingue.toml when present).",
)
def cli(debug: bool, config_file: Path | None) -> None:
    """bilingue: French press releases to English drafts you can review, offline.

    Exit codes: 0 all done, 1 some documents failed (the others are still written),
    2 usage error.
    """
    _escape_unprintable_names()


def _escape_unprintable_names() -> None:
    """Print what the terminal cannot encode as escapes instead of dying on it.

    A file name that is not UTF-8 (``communiqu\\xe9.txt``) reaches Python as lone
    surrogates; printing one is a UnicodeEncodeError on a strict stream. They are
    shown as ``\\xe9``, like in error messages (errors.escape_undecodable).
    """
    import codecs
    import io
    import sys

    def escape(err: UnicodeError) -> tuple[str, int]:
        if not isinstance(err, UnicodeEncodeError):
            raise err
        from bilingue.errors import escape_undecodable

        shown = escape_undecodable(err.object[err.start : err.end])
        return shown.encode("ascii", "backslashreplace").decode("ascii"), err.end

    codecs.register_error("bilingue-escape", escape)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="bilingue-escape")


def _register() -> None:
    from bilingue.cli import documents, glossary, memory, models, publish, quality, review

    for command in (
        documents.translate,
        documents.batch,
        documents.segment,
        documents.detect,
        documents.show_config,
        models.models,
        glossary.glossary,
        publish.publish,
        publish.export,
        quality.qa,
        review.review,
        memory.tm,
    ):
        cli.add_command(command)


_register()


def main() -> None:
    import os
    import sys

    from bilingue.cli.malloc import tune_allocator

    tune_allocator(sys.argv, os.environ)  # translating commands: glibc malloc tuned
    cli(prog_name="bilingue")
