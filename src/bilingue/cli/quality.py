"""`bilingue qa`: check a translated or reviewed document again and list what it finds."""

from __future__ import annotations

from pathlib import Path

import click

from bilingue.cli.common import handle_errors

__all__ = ["qa"]


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@handle_errors
def qa(path: Path) -> None:
    """Run the QA checks on a JSON sidecar (reviewed English included) and list the flags."""
    from bilingue.api import qa_file, qa_summary
    from bilingue.stages.qa import QA_CODES

    doc = qa_file(path)
    for segment in doc.segments():
        for flag in segment.flags:
            if flag.code in QA_CODES:
                click.echo(f"{segment.id}\t{flag.severity}\t{flag.code}\t{flag.message}")
    click.echo(f"{path}: {qa_summary(doc).line()}", err=True)
