"""Commands that hand the translation on: publish (the English release) and export (XLIFF)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bilingue.cli.common import handle_errors, settings_from

__all__ = ["export", "publish"]

_FORMATS = ("docx", "txt", "md", "html", "pdf")


def _formats(value: str) -> list[str]:
    chosen = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [f for f in chosen if f not in _FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(_FORMATS)} (comma-separated)")
    return chosen


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output folder (default: beside each sidecar).",
)
@click.option(
    "--require-approved",
    is_flag=True,
    help="Refuse while any segment is not approved (reviewed/final), listing their ids.",
)
@click.option(
    "--to",
    "to",
    default="docx,txt,md",
    show_default=True,
    help="Formats to write, comma-separated: docx, txt, md, html, pdf (PDF via LibreOffice).",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="House-style DOCX whose styles a DOCX built from text uses.",
)
@click.pass_context
@handle_errors
def publish(
    ctx: click.Context,
    paths: tuple[Path, ...],
    out_dir: Path | None,
    require_approved: bool,
    to: str,
    template: Path | None,
) -> None:
    """Write the English release (<stem>.en.docx, .txt, .md…) from sidecars or their folder.

    Unapproved segments come out as machine English and the document is marked
    "DRAFT — not reviewed", unless --require-approved refuses.
    """
    from bilingue.api import publish_paths

    try:
        formats = _formats(to)
    except click.BadParameter as err:
        raise click.UsageError(f"--to: {err.message}") from err
    settings = settings_from(ctx)
    report = publish_paths(
        list(paths),
        settings,
        out_dir=out_dir,
        formats=formats,
        require_approved=require_approved,
        template=template,
    )
    for result in report.results:
        if result.status == "done":
            click.echo(f"ok    {result.path} → {', '.join(str(p) for p in result.outputs)}")
        else:
            click.echo(f"Error: {result.error}", err=True)
    if not report.results:
        click.echo("no sidecars found", err=True)
    sys.exit(report.exit_code)


@click.command()
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--to",
    "to",
    type=click.Choice(["xliff"]),
    default="xliff",
    show_default=True,
    help="Exchange format.",
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output folder (default: beside the sidecar).",
)
@handle_errors
def export(path: Path, to: str, out_dir: Path | None) -> None:
    """Export a translated document (its sidecar) as XLIFF 2.1 for a CAT tool."""
    from bilingue.api import export_xliff

    click.echo(str(export_xliff(path, out_dir)))
