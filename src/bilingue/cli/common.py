"""What every bilingue command shares: error rendering, settings, common options."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from bilingue.engines import EngineName
from bilingue.errors import BilingueError

if TYPE_CHECKING:
    from bilingue.config import Settings

__all__ = [
    "ENGINE_OPTION",
    "GLOSSARY_OPTION",
    "NO_TM_OPTION",
    "THREADS_OPTION",
    "handle_errors",
    "settings_from",
]

F = TypeVar("F", bound=Callable[..., Any])

ENGINE_OPTION = click.option(
    "--engine",
    type=click.Choice([name.value for name in EngineName]),
    default=None,
    help="Translation engine (default: bilingue.toml, else auto).",
)
GLOSSARY_OPTION = click.option(
    "--glossary",
    "glossaries",
    type=click.Path(path_type=Path, dir_okay=False),
    multiple=True,
    help="Extra glossary TSV; its entries add to or replace the default ones. Repeatable.",
)

NO_TM_OPTION = click.option(
    "--no-tm",
    "no_tm",
    is_flag=True,
    default=False,
    help="Translate without the translation memory (default: use_tm in bilingue.toml, else on).",
)

THREADS_OPTION = click.option(
    "--threads",
    type=click.IntRange(min=1, max=256),
    default=None,
    help="CPU threads the run may use (default: threads in bilingue.toml, else every "
    "core this process may run on). The Argos engine shares them among CTranslate2 "
    "translators decoding batches side by side, up to 4 of one thread each, then more "
    "threads in each (8 → 4×2); inter_threads / intra_threads in bilingue.toml "
    "override. See docs/threads.md.",
)


def handle_errors(fn: F) -> F:
    """Turn library errors into one `Error:` line and exit code 1 (tracebacks with --debug)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BilingueError as err:
            if click.get_current_context().find_root().params.get("debug"):
                raise
            click.echo(f"Error: {err.line()}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def settings_from(ctx: click.Context, **overrides: Any) -> Settings:
    from bilingue.config import load_settings

    root_params = ctx.find_root().params
    return load_settings(
        root=Path.cwd(), overrides=overrides, config_file=root_params.get("config_file")
    )
