"""`bilingue tm`: the translation memory's statistics, TMX import and export."""

from __future__ import annotations

from pathlib import Path

import click

from bilingue.cli.common import handle_errors, settings_from

__all__ = ["tm"]


@click.group()
def tm() -> None:
    """The translation memory of approved pairs (.bilingue/tm.sqlite, `tm` in bilingue.toml)."""


@tm.command()
@click.pass_context
@handle_errors
def stats(ctx: click.Context) -> None:
    """Show how many approved pairs the memory holds, from which documents and engines."""
    from bilingue.api import tm_stats

    found = tm_stats(settings_from(ctx))
    click.echo(f"memory: {found.path}")
    click.echo(
        f"units: {found.units} ({found.sources} distinct sources) "
        f"from {found.documents} document(s)"
    )
    if found.units:
        click.echo(f"dates: {found.oldest or '?'} to {found.newest or '?'}")
        engines = ", ".join(f"{name or '(none)'} {count}" for name, count in found.engines)
        click.echo(f"engines: {engines}")


@tm.command("import")
@click.argument("tmx", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.pass_context
@handle_errors
def import_tmx(ctx: click.Context, tmx: Path) -> None:
    """Add the French→English units of a TMX file (OmegaT, Trados, any TMX 1.1–1.4)."""
    from bilingue.api import tm_import

    done = tm_import(tmx, settings_from(ctx))
    skipped = f", {done.skipped} skipped (not French→English, or blank)" if done.skipped else ""
    click.echo(f"{tmx}: {done.read} unit(s) read, {done.added} new in {done.memory}{skipped}")


@tm.command("export")
@click.argument("tmx", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
@handle_errors
def export_tmx(ctx: click.Context, tmx: Path) -> None:
    """Write every approved pair to a TMX 1.4b file for other CAT tools."""
    from bilingue.api import tm_export

    count = tm_export(tmx, settings_from(ctx))
    click.echo(f"{tmx}: {count} unit(s) written")
