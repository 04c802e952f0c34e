"""Commands over documents: translate, batch, segment, detect, config."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from bilingue.cli.common import (
    ENGINE_OPTION,
    GLOSSARY_OPTION,
    NO_TM_OPTION,
    THREADS_OPTION,
    handle_errors,
    settings_from,
)
from bilingue.errors import BilingueError

if TYPE_CHECKING:
    from bilingue.batch import BatchReport
    from bilingue.cli.progress import ProgressView
    from bilingue.config import Settings

__all__ = ["batch", "detect", "show_config", "translate"]


FOLLOW_LINKS_OPTION = click.option(
    "--follow-links",
    is_flag=True,
    help="Also translate links in an input folder that lead outside it (skipped by default).",
)


def _progress_view(ctx: click.Context, quiet: bool) -> ProgressView:
    """The run's progress on stderr: a bar on a terminal, lines otherwise, nothing if quiet."""
    from bilingue.cli.progress import ProgressView

    debug = bool(ctx.find_root().params.get("debug"))
    return ProgressView(sys.stderr, quiet=quiet, debug=debug)


def _run(
    ctx: click.Context,
    inputs: list[Path],
    settings: Settings,
    *,
    quiet: bool,
    extra_glossaries: tuple[Path, ...],
    force: bool,
    redo: bool,
    follow_links: bool,
    cluster: str | None = None,
) -> NoReturn:
    """``translate`` and ``batch``: run with progress on stderr, render, exit with the code."""
    from bilingue.api import translate_paths

    progress = _progress_view(ctx, quiet)
    try:
        report = translate_paths(
            inputs,
            settings.resolve(settings.output),
            settings,
            extra_glossaries=extra_glossaries,
            on_progress=progress,
            force=force,
            redo=redo,
            cluster=cluster,
            follow_links=follow_links,
        )
    finally:
        progress.close()
    _render_report(report, inputs, progress)
    sys.exit(report.exit_code)


def _render_report(report: BatchReport, inputs: list[Path], progress: ProgressView) -> None:
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    if not report.results:
        click.echo(f"no documents found in {', '.join(str(p) for p in inputs)}", err=True)
        return
    problems = [*report.skipped, *report.failed]
    if problems and not progress.lines:
        # Plain lines already named each problem once; a bar or --quiet did not.
        click.echo(f"{len(problems)} problem(s):", err=True)
        for result in problems:
            click.echo(f"  {result.error}", err=True)
    found, expected = report.term_accuracy
    accuracy = f"{found}/{expected} ({100 * found / expected:.1f}%)" if expected else "0/0"
    segments = sum(r.segments for r in report.done)
    rate = segments / report.seconds if report.seconds > 0 else 0.0
    click.echo(
        f"{len(report.results)} file(s): {len(report.done)} translated, "
        f"{len(report.skipped)} skipped, {len(report.failed)} failed; "
        f"{len(report.unchanged)} unchanged; {segments} segments; "
        f"glossary terms {accuracy}; {report.seconds:.1f} s, {rate:.1f} segments/s"
        + _pooling(report)
    )


def _pooling(report: BatchReport) -> str:
    """What pooling saved, when it did: texts the stages asked for against those sent."""
    asked, sent = report.pooled
    return f"; engine sent {sent} distinct texts for {asked} asked" if sent < asked else ""


_REDO_OPTION = click.option(
    "--redo",
    is_flag=True,
    help="Translate again documents whose outputs are up to date (same source, glossary, "
    "engine and settings). Review DOCX files changed since bilingue wrote them are "
    "still never overwritten.",
)
_FORCE_OPTION = click.option(
    "--force",
    is_flag=True,
    help="Redo every document (as --redo) and replace review DOCX files changed since "
    "bilingue wrote them; the old ones are kept as dated backups.",
)
_QUIET_OPTION = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress on stderr: a terminal shows a bar (documents and segments done, "
    "segments/s, time left), a log one line per document; only the summary stays.",
)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output folder (default: bilingue.toml, else output/).",
)
@ENGINE_OPTION
@GLOSSARY_OPTION
@_FORCE_OPTION
@_REDO_OPTION
@_QUIET_OPTION
@NO_TM_OPTION
@THREADS_OPTION
@FOLLOW_LINKS_OPTION
@click.pass_context
@handle_errors
def translate(
    ctx: click.Context,
    paths: tuple[Path, ...],
    out_dir: Path | None,
    engine: str | None,
    glossaries: tuple[Path, ...],
    force: bool,
    redo: bool,
    quiet: bool,
    no_tm: bool,
    threads: int | None,
    follow_links: bool,
) -> None:
    """Translate files or folders into review DOCX + JSON files."""
    settings = settings_from(
        ctx, engine=engine, output=out_dir, use_tm=False if no_tm else None, threads=threads
    )
    _run(
        ctx,
        list(paths),
        settings,
        quiet=quiet,
        extra_glossaries=glossaries,
        force=force,
        redo=redo,
        follow_links=follow_links,
    )


@click.command()
@click.argument("input_dir", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.argument("output_dir", required=False, type=click.Path(path_type=Path, file_okay=False))
@ENGINE_OPTION
@GLOSSARY_OPTION
@_FORCE_OPTION
@_REDO_OPTION
@_QUIET_OPTION
@NO_TM_OPTION
@THREADS_OPTION
@click.option(
    "--cluster",
    metavar="ADDRESS",
    default=None,
    help="Translate on Dask workers: local:N starts N here, or a scheduler address "
    "(tcp://host:8786). Needs bilingue[cluster]; see docs/cluster.md.",
)
@FOLLOW_LINKS_OPTION
@click.pass_context
@handle_errors
def batch(
    ctx: click.Context,
    input_dir: Path | None,
    output_dir: Path | None,
    engine: str | None,
    glossaries: tuple[Path, ...],
    force: bool,
    redo: bool,
    quiet: bool,
    no_tm: bool,
    threads: int | None,
    cluster: str | None,
    follow_links: bool,
) -> None:
    """Translate every document under INPUT_DIR (default input/) into OUTPUT_DIR (output/).

    Sub-folders keep their layout. Documents whose outputs are up to date are
    skipped (see --redo and --force), so an interrupted run resumes where it stopped.
    """
    from bilingue.errors import BadInput

    settings = settings_from(
        ctx,
        engine=engine,
        input=input_dir,
        output=output_dir,
        use_tm=False if no_tm else None,
        threads=threads,
    )
    source = settings.resolve(settings.input)
    if not source.is_dir():
        raise BadInput("input folder not found", path=source)
    _run(
        ctx,
        [source],
        settings,
        quiet=quiet,
        extra_glossaries=glossaries,
        force=force,
        redo=redo,
        cluster=cluster,
        follow_links=follow_links,
    )


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the document model as JSON.")
@handle_errors
def segment(path: Path, as_json: bool) -> None:
    """Show the cleaned blocks and segments of a document, with the repairs made."""
    from bilingue.api import prepare_file

    doc = prepare_file(path)
    if as_json:
        from bilingue.formats.sidecar_json import document_to_json

        click.echo(json.dumps(document_to_json(doc), ensure_ascii=False, indent=2))
        return
    for block in doc.blocks:
        label = block.kind.value + (f" {block.level}" if block.level else "")
        click.secho(f"{block.id} [{label}]", bold=True)
        for seg in block.segments:
            marker = "" if seg.translate else f"  (kept: {seg.lang})"
            click.echo(f"  {seg.id}  {seg.source}{marker}")
            for repair in seg.repairs:
                click.echo(f"        repair {repair.describe()}")
            for flag in seg.flags:
                click.echo(f"        [{flag.severity.value}] {flag.message}")
    for note in doc.notes:
        click.echo(f"[{note.severity.value}] {note.message}")
    language = doc.language
    if language is not None:
        click.echo(f"language: {language.code} ({language.confidence:.2f})")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@handle_errors
def detect(paths: tuple[Path, ...]) -> None:
    """Print the detected language and confidence of each document."""
    from bilingue.api import detect_file

    failures = 0
    for path in paths:
        try:
            guess = detect_file(path)
        except BilingueError as err:
            click.echo(f"Error: {err.line()}", err=True)
            failures += 1
            continue
        click.echo(f"{path}\t{guess.code}\t{guess.confidence:.2f}")
    sys.exit(1 if failures else 0)


@click.command("config")
@click.pass_context
@handle_errors
def show_config(ctx: click.Context) -> None:
    """Print the effective settings and where each value came from."""
    settings = settings_from(ctx)
    for key, value, origin in settings.items():
        shown = ", ".join(str(v) for v in value) if isinstance(value, tuple) else value
        if key == "glossary" and not value:
            shown = "glossary/*.tsv"
        if key == "threads":
            shown = _threads_shown(settings)
        click.echo(f"{key} = {shown}\t({origin})")


def _threads_shown(settings: Settings) -> str:
    """The thread budget as set, and what it means here: ``0 (every core: 2) → 2 × 1``."""
    from bilingue.engines.threads import available_cores, plan_threads

    plan = plan_threads(settings.threads, settings.inter_threads, settings.intra_threads)
    budget = f"{settings.threads}" if settings.threads else f"0 (every core: {available_cores()})"
    return (
        f"{budget} → CTranslate2 {plan.inter_threads} translator(s) × "
        f"{plan.intra_threads} thread(s)"
    )
