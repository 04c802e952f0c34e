"""`bilingue glossary`: list, add, remove, check, find, import and export glossary entries.

Each command parses, calls one ``bilingue.api`` function and renders its result.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bilingue.cli.common import handle_errors, settings_from
from bilingue.glossary.model import ENTRY_TYPES, CaseRule

if TYPE_CHECKING:
    from bilingue.glossary.match import Match

__all__ = ["glossary"]

# The model module is plain dataclasses and enums: cheap enough for `--help`.
TYPES = list(ENTRY_TYPES)
CASES = [rule.value for rule in CaseRule if rule.value]
_FILE = click.Path(path_type=Path, dir_okay=False)


@click.group()
def glossary() -> None:
    """Edit and check the domain glossary (glossary/*.tsv, or bilingue.toml's list)."""


def _warn(messages: tuple[str, ...]) -> None:
    for message in messages:
        click.echo(f"warning: {message}", err=True)


@glossary.command("list")
@click.option("--type", "entry_type", type=click.Choice(TYPES), default=None)
@click.option("--search", default=None, help="Only entries whose source or target contains TEXT.")
@click.pass_context
@handle_errors
def list_entries(ctx: click.Context, entry_type: str | None, search: str | None) -> None:
    """List glossary entries: source, target, type."""
    from bilingue.api import glossary_list

    for entry in glossary_list(settings_from(ctx), entry_type=entry_type, search=search):
        click.echo(f"{entry.source}\t{entry.target}\t{entry.type}")


@glossary.command("add")
@click.argument("source")
@click.argument("target")
@click.option("--type", "entry_type", type=click.Choice(TYPES), default="term")
@click.option("--note", default="")
@click.option("--variants", default="", help="Other French spellings, separated by |.")
@click.option("--case", type=click.Choice(CASES), default=None, help="Letter-case rule.")
@click.option("--plural", default="", help="English plural for a plural match (terms).")
@click.option("--forbidden", default="", help="Wrong English renderings to flag, separated by |.")
@click.option("--context", default="", help="Which sense the entry means.")
@click.option(
    "--not-context", default="", help="French words meaning another sense, separated by |."
)
@click.option(
    "--file",
    "file_path",
    type=_FILE,
    default=None,
    help="TSV file to edit (default: bilingue.toml's last glossary, else glossary/custom.tsv).",
)
@click.pass_context
@handle_errors
def add(
    ctx: click.Context,
    source: str,
    target: str,
    entry_type: str,
    note: str,
    variants: str,
    case: str | None,
    plural: str,
    forbidden: str,
    context: str,
    not_context: str,
    file_path: Path | None,
) -> None:
    """Add an entry (or replace the one with the same source in that file)."""
    from bilingue.api import glossary_add
    from bilingue.glossary import GlossaryEntry
    from bilingue.glossary.table import split_list

    entry = GlossaryEntry(
        source=source,
        target=target,
        type=entry_type,
        note=note,
        variants=split_list(variants),
        case=case or "",
        plural=plural,
        forbidden=split_list(forbidden),
        context=context,
        not_context=split_list(not_context),
    )
    added = glossary_add(settings_from(ctx), entry, file_path)
    click.echo(f"added to {added.path}: {source} → {target} ({entry_type})")
    _warn(added.warnings)


@glossary.command("remove")
@click.argument("source")
@click.option("--file", "file_path", type=_FILE, default=None)
@click.pass_context
@handle_errors
def remove(ctx: click.Context, source: str, file_path: Path | None) -> None:
    """Remove the entry with this source (from --file, or from every glossary file)."""
    from bilingue.api import glossary_remove

    removed = glossary_remove(settings_from(ctx), source, file_path)
    click.echo(f"removed {source!r} from {', '.join(map(str, removed))}")


@glossary.command("check")
@click.argument("paths", nargs=-1, type=_FILE)
@click.pass_context
@handle_errors
def check(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Report duplicates, conflicts, bad fields, shadowed terms and risky (short, common) terms."""
    from bilingue.api import glossary_check

    report = glossary_check(settings_from(ctx), paths)
    for problem in report.problems:
        click.echo(problem.describe())
    click.echo(
        f"{len(report.files)} file(s) checked: "
        f"{report.errors} error(s), {report.warnings} warning(s)"
    )
    sys.exit(report.exit_code)


def _describe(match: Match) -> str:
    kind = f"{match.kind}, plural" if match.plural else match.kind
    line = f"{match.start}-{match.end}\t{match.text} → {match.target}\t({kind})"
    if match.wrong_sense:
        line += f"\tnot protected: another sense next to {match.wrong_sense!r}"
    return line


@glossary.command("find")
@click.argument("file_or_text")
@click.option("--text", "as_text", is_flag=True, help="Search the argument as text, never a file.")
@click.pass_context
@handle_errors
def find(ctx: click.Context, file_or_text: str, as_text: bool) -> None:
    """Show which entries match in a document (by segment) or in a piece of text."""
    from bilingue.api import glossary_find

    found = glossary_find(settings_from(ctx), file_or_text, as_text=as_text)
    for item in found:
        click.echo(f"{item.place}\t{_describe(item.match)}")
    click.echo(f"{len(found)} match(es)")


@glossary.command("import")
@click.argument("source_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--into",
    type=_FILE,
    default=None,
    help="TSV file to merge into (default: bilingue.toml's last glossary, "
    "else glossary/imported.tsv).",
)
@click.pass_context
@handle_errors
def import_(ctx: click.Context, source_file: Path, into: Path | None) -> None:
    """Merge a .tsv/.csv/.xlsx/.tbx glossary into a TSV file and report the changes."""
    from bilingue.api import glossary_import

    result = glossary_import(settings_from(ctx), source_file, into)
    merge = result.merge
    click.echo(
        f"{result.path}: {len(merge.added)} added, {len(merge.changed)} changed, "
        f"{len(merge.skipped)} unchanged"
    )
    _warn(result.warnings)


@glossary.command("export")
@click.argument("target_file", type=_FILE)
@click.option(
    "--tbx-version",
    type=click.Choice(["2", "3"]),
    default="2",
    show_default=True,
    help="TBX flavour: 2 = TBX-Basic 2008 (martif), 3 = TBX v3 (tbx).",
)
@click.pass_context
@handle_errors
def export(ctx: click.Context, target_file: Path, tbx_version: str) -> None:
    """Export the glossary to .tsv, .csv, .xlsx or .tbx (by extension)."""
    from bilingue.api import glossary_export

    count = glossary_export(settings_from(ctx), target_file, tbx_version=tbx_version)
    click.echo(f"exported {count} entries to {target_file}")
