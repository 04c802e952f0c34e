"""`bilingue glossary`: list, add, remove, check, find, import and export glossary entries."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bilingue.cli.common import handle_errors, settings_from

__all__ = ["glossary"]

TYPES = ["name", "programme", "organisation", "place", "title", "term"]
DEFAULT_EDIT_FILE = Path("glossary") / "custom.tsv"
DEFAULT_IMPORT_FILE = Path("glossary") / "imported.tsv"


@click.group()
def glossary() -> None:
    """Edit and check the domain glossary (glossary/*.tsv)."""


def _count(value: object) -> int:
    return value if isinstance(value, int) else len(value)  # type: ignore[arg-type]


@glossary.command("list")
@click.option("--type", "entry_type", type=click.Choice(TYPES), default=None)
@click.option("--search", default=None, help="Only entries whose source or target contains TEXT.")
@click.pass_context
@handle_errors
def list_entries(ctx: click.Context, entry_type: str | None, search: str | None) -> None:
    """List glossary entries: source, target, type."""
    from bilingue.api import glossary_for

    needle = search.casefold() if search else None
    for entry in glossary_for(settings_from(ctx)).entries:
        if entry_type and entry.type != entry_type:
            continue
        if (
            needle
            and needle not in entry.source.casefold()
            and needle not in entry.target.casefold()
        ):
            continue
        click.echo(f"{entry.source}\t{entry.target}\t{entry.type}")


@glossary.command("add")
@click.argument("source")
@click.argument("target")
@click.option("--type", "entry_type", type=click.Choice(TYPES), default="term")
@click.option("--note", default="")
@click.option("--variants", default="", help="Other French spellings, separated by |.")
@click.option(
    "--file",
    "file_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_EDIT_FILE,
    show_default=True,
)
@handle_errors
def add(
    source: str, target: str, entry_type: str, note: str, variants: str, file_path: Path
) -> None:
    """Add an entry (or replace the one with the same source in that file)."""
    from bilingue.glossary import GlossaryEntry
    from bilingue.glossary.store import add_entry

    entry = GlossaryEntry(
        source=source,
        target=target,
        type=entry_type,
        note=note,
        variants=tuple(v.strip() for v in variants.split("|") if v.strip()),
    )
    add_entry(file_path, entry)
    click.echo(f"added to {file_path}: {source} → {target} ({entry_type})")


@glossary.command("remove")
@click.argument("source")
@click.option("--file", "file_path", type=click.Path(path_type=Path, dir_okay=False), default=None)
@click.pass_context
@handle_errors
def remove(ctx: click.Context, source: str, file_path: Path | None) -> None:
    """Remove the entry with this source (from --file, or from every glossary file)."""
    from bilingue.glossary.store import default_glossary_paths, remove_entry

    paths = [file_path] if file_path else default_glossary_paths(settings_from(ctx).root)
    removed = [p for p in paths if remove_entry(p, source)]
    if not removed:
        click.echo(f"Error: no entry {source!r} in {', '.join(map(str, paths))}", err=True)
        sys.exit(1)
    click.echo(f"removed {source!r} from {', '.join(map(str, removed))}")


@glossary.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
@handle_errors
def check(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Report duplicates, conflicts, empty fields, bad types and shadowed terms."""
    from bilingue.glossary.check import check_glossary
    from bilingue.glossary.store import default_glossary_paths

    files = list(paths) or default_glossary_paths(settings_from(ctx).root)
    problems = check_glossary(files)
    for p in problems:
        click.echo(f"{p.file}:{p.line}: {p.severity}: {p.message}")
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    click.echo(f"{len(files)} file(s) checked: {errors} error(s), {warnings} warning(s)")
    sys.exit(1 if errors else 0)


@glossary.command("find")
@click.argument("file_or_text")
@click.pass_context
@handle_errors
def find(ctx: click.Context, file_or_text: str) -> None:
    """Show which entries match in a document (by segment) or in a piece of text."""
    from bilingue.api import glossary_for, prepare_file
    from bilingue.glossary.match import compile_matcher, find_matches

    matcher = compile_matcher(glossary_for(settings_from(ctx)))
    path = Path(file_or_text)
    if path.is_file():
        places = [(seg.id, seg.source) for seg in prepare_file(path).segments()]
    else:
        places = [("text", file_or_text)]
    total = 0
    for place, text in places:
        for match in find_matches(text, matcher):
            total += 1
            click.echo(
                f"{place}\t{match.start}-{match.end}\t{match.text} → {match.target}\t({match.kind})"
            )
    click.echo(f"{total} match(es)")


@glossary.command("import")
@click.argument("source_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--into",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_IMPORT_FILE,
    show_default=True,
)
@handle_errors
def import_(source_file: Path, into: Path) -> None:
    """Merge a .tsv/.csv/.xlsx/.tbx glossary into a TSV file and report the changes."""
    from bilingue.glossary.exchange import import_into

    report = import_into(source_file, into)
    click.echo(
        f"{into}: {_count(report.added)} added, {_count(report.changed)} changed, "
        f"{_count(report.skipped)} unchanged"
    )


@glossary.command("export")
@click.argument("target_file", type=click.Path(path_type=Path, dir_okay=False))
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
    from bilingue.api import glossary_for
    from bilingue.glossary.exchange import export_glossary

    entries = glossary_for(settings_from(ctx)).entries
    export_glossary(list(entries), target_file, tbx_version=tbx_version)
    click.echo(f"exported {len(entries)} entries to {target_file}")
