"""`bilingue models`: list, install (index or file), remove and ensure translation models."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bilingue.cli.common import handle_errors, settings_from

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

__all__ = ["models"]


@click.group()
def models() -> None:
    """Manage Argos translation models (ARGOS_PACKAGES_DIR, or packages_dir in bilingue.toml)."""


@models.command("list")
@click.pass_context
@handle_errors
def list_models(ctx: click.Context) -> None:
    """List installed translation packages: languages, version, size, path."""
    from bilingue.api import list_models as listing_of

    listing = listing_of(settings_from(ctx))
    if not listing.packages:
        click.echo(f"no translation packages installed in {listing.folder}")
        return
    for package in listing.packages:
        size = f"{package.size_bytes / 1_000_000:.1f} MB"
        click.echo(
            f"{package.name}\t{package.from_code}→{package.to_code}\t"
            f"v{package.package_version}\t{size}\t{package.path}"
        )


@contextmanager
def _download_bar() -> Iterator[Callable[[int, int | None], None]]:
    """A click progress bar fed by byte counts, opened once the total is known."""
    with ExitStack() as stack:
        bar: ProgressBar[int] | None = None
        shown = 0

        def progress(done: int, total: int | None) -> None:
            nonlocal bar, shown
            if bar is None:
                bar = stack.enter_context(
                    click.progressbar(length=total or 0, label="downloading", file=sys.stderr)
                )
            bar.update(done - shown)
            shown = done

        yield progress


@models.command("install")
@click.argument("languages", nargs=-1)
@click.option(
    "--file",
    "file_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Install from a local .argosmodel file instead of the Argos index.",
)
@click.pass_context
@handle_errors
def install(ctx: click.Context, languages: tuple[str, ...], file_path: Path | None) -> None:
    """Install a model: `install fr en` from the Argos index, or `install --file X.argosmodel`.

    The new model must load and translate a sentence before it replaces an installed one.
    """
    from bilingue.api import install_model, install_model_file

    settings = settings_from(ctx)
    if file_path is not None:
        if languages:
            raise click.UsageError("give either FROM TO or --file, not both")
        package = install_model_file(settings, file_path)
    else:
        if len(languages) != 2:
            raise click.UsageError("give the two language codes, e.g. `install fr en`")
        with _download_bar() as progress:
            package = install_model(settings, languages[0], languages[1], progress)
    click.echo(
        f"installed {package.name} ({package.from_code}→{package.to_code}) in {package.path}"
    )


@models.command("remove")
@click.argument("name")
@click.pass_context
@handle_errors
def remove(ctx: click.Context, name: str) -> None:
    """Remove an installed package by the name `models list` shows."""
    from bilingue.api import remove_model

    remove_model(settings_from(ctx), name)
    click.echo(f"removed {name}")


@models.command("ensure")
@click.option("--offline", is_flag=True, help="Do not try the Argos index; use what is installed.")
@click.option(
    "--quiet-if-missing",
    is_flag=True,
    help="When no engine can be had, print nothing and exit 3 (`make run` then installs "
    "Apertium and asks again).",
)
@click.pass_context
@handle_errors
def ensure(ctx: click.Context, offline: bool, quiet_if_missing: bool) -> None:
    """Make sure a working French→English engine is available (used by `make run`).

    Uses an installed Argos model that loads and translates; else tries to install
    one from the Argos index; else falls back to Apertium when it is installed; else
    explains both ways.
    """
    from bilingue.api import ensure_engine
    from bilingue.errors import EngineUnavailable

    settings = settings_from(ctx)
    try:
        with _download_bar() as progress:
            status = ensure_engine(settings, progress=progress, offline=offline)
    except EngineUnavailable:
        if quiet_if_missing:
            sys.exit(3)
        raise
    click.echo(status.message)
