"""`bilingue qa`: check a translated or reviewed document again and list what it finds."""

from __future__ import annotations

from pathlib import Path

import click

from bilingue.cli.common import handle_errors

__all__ = ["qa"]


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--sidecar",
    type=click.Path(path_type=Path),
    help="The JSON sidecar of a reviewed DOCX (default: <stem>.json beside it).",
)
@handle_errors
def qa(path: Path, sidecar: Path | None) -> None:
    """Run the QA checks on a JSON sidecar or a reviewed DOCX and list the flags.

    A reviewed DOCX is checked on the reviewer's English; nothing is written.
    """
    from bilingue.api import qa_file, qa_summary
    from bilingue.stages.qa import QA_CODES

    doc = qa_file(path, sidecar=sidecar)
    for segment in doc.segments():
        for flag in segment.flags:
            if flag.code in QA_CODES:
                click.echo(f"{segment.id}\t{flag.severity}\t{flag.code}\t{flag.message}")
    click.echo(f"{path}: {qa_summary(doc).line()}", err=True)
