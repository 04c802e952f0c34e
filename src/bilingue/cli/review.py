"""Commands over reviewed DOCX files: `bilingue review import`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bilingue.cli.common import handle_errors, settings_from

if TYPE_CHECKING:
    from bilingue.api import ReviewImport
    from bilingue.errors import BilingueError

__all__ = ["review"]


@click.group()
def review() -> None:
    """Bring a reviewed DOCX back into its JSON sidecar and the translation memory."""


def _render(result: ReviewImport | BilingueError) -> None:
    from bilingue.errors import BilingueError

    if isinstance(result, BilingueError):
        click.echo(f"Error: {result.line()}", err=True)
    else:
        click.echo(result.line())


@review.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--sidecar",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The JSON sidecar to update (default: <stem>.json beside the DOCX).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Import even a review older than the one already imported.",
)
@click.pass_context
@handle_errors
def import_(ctx: click.Context, paths: tuple[Path, ...], sidecar: Path | None, force: bool) -> None:
    """Import reviewed DOCX files: edits, statuses and comments go into their sidecars.

    A DOCX whose French, IDs or rows were changed is refused and nothing is written.
    Approved segments are added to the translation memory.
    """
    from bilingue.api import import_reviews

    if sidecar is not None and len(paths) > 1:
        raise click.UsageError("--sidecar names one sidecar: give one DOCX with it")
    settings = settings_from(ctx)
    report = import_reviews(list(paths), settings, sidecar=sidecar, force=force, on_result=_render)
    sys.exit(report.exit_code)
