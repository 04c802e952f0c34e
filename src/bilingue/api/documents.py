"""Document tasks: prepare, detect, translate one file or a batch, and pick the engine."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from bilingue.api.glossary import glossary_for
from bilingue.batch import BatchReport, FileResult, collect_inputs, output_stems, run_batch
from bilingue.config import Settings
from bilingue.document import FRENCH, Document, Flag, LanguageGuess, Severity
from bilingue.engines import Translator
from bilingue.engines.choice import EngineChoice
from bilingue.errors import NotFrench
from bilingue.glossary import Glossary

__all__ = [
    "ENGINE_NOTE",
    "EngineChoice",
    "choose_engine",
    "detect_file",
    "open_engine",
    "prepare_file",
    "translate_file",
    "translate_paths",
]

# Document.notes code for an engine ``auto`` passed over (e.g. a broken Argos model).
ENGINE_NOTE = "engine-fallback"


def prepare_file(path: Path) -> Document:
    """Read, clean, segment and detect one file (what `bilingue segment` shows)."""
    from bilingue.formats import read_document
    from bilingue.pipeline import prepare

    return prepare(read_document(path))


def detect_file(path: Path) -> LanguageGuess:
    doc = prepare_file(path)
    if doc.language is None:
        raise NotFrench("no language could be detected (no text?)", path=path)
    return doc.language


def choose_engine(settings: Settings, name: str | None = None) -> EngineChoice:
    """The engine a run uses (``name``, else the settings' engine), with notes on any
    engine ``auto`` passed over; the policy lives in engines/choice.py."""
    from bilingue.api.models import engine_options
    from bilingue.engines.choice import choose_engine as choose

    return choose(name or settings.engine, engine_options(settings))


def open_engine(settings: Settings, name: str | None = None) -> Translator:
    """The engine a run uses, without the notes (see :func:`choose_engine`)."""
    return choose_engine(settings, name).engine


def translate_file(
    path: Path,
    out_dir: Path,
    engine: Translator,
    glossary: Glossary,
    stem: str | None = None,
    *,
    engine_notes: Sequence[str] = (),
) -> FileResult:
    """Translate one document and write ``<stem>.review.docx`` and ``<stem>.json``.

    Both outputs appear together or not at all: they are written to temporary files
    and renamed only when both are complete. ``engine_notes`` (why the engine is not
    the one expected) go into the document's notes, shown in the review header.
    """
    from bilingue.formats.review_docx import write_review_docx
    from bilingue.formats.sidecar_json import write_sidecar
    from bilingue.pipeline import run
    from bilingue.safeio import atomic_output

    doc = prepare_file(path)
    language = doc.language
    if language is None or language.code != FRENCH:
        detected = f"{language.code}, {language.confidence:.2f}" if language else "none"
        raise NotFrench(f"not a French document (detected {detected}); not translated", path=path)
    doc = run(doc, engine, glossary)
    if engine_notes:
        notes = tuple(Flag(ENGINE_NOTE, note, Severity.WARNING) for note in engine_notes)
        doc = doc.with_(notes=doc.notes + notes)
    stem = stem or path.stem
    review_path = out_dir / f"{stem}.review.docx"
    json_path = out_dir / f"{stem}.json"
    with atomic_output(review_path) as review_tmp, atomic_output(json_path) as json_tmp:
        write_review_docx(doc, review_tmp)
        write_sidecar(doc, json_tmp)
    found, expected = doc.term_accuracy()
    from bilingue.api.quality import qa_summary

    checked = qa_summary(doc)
    return FileResult(
        path=path,
        status="done",
        outputs=(review_path, json_path),
        segments=sum(1 for _ in doc.segments()),
        terms_found=found,
        terms_expected=expected,
        engine=doc.engine.name if doc.engine else "",
        qa_flagged=checked.flagged,
        qa_errors=checked.errors,
    )


def translate_paths(
    paths: Sequence[Path],
    out_dir: Path,
    settings: Settings,
    *,
    engine_name: str | None = None,
    extra_glossaries: Sequence[Path] = (),
    on_result: Callable[[FileResult, int, int], None] | None = None,
) -> BatchReport:
    """Translate files and folders into ``out_dir``; bad files are reported, not fatal.

    Raises (before translating anything) when the glossary is invalid, no engine is
    available or the output folder cannot be created or written: nothing could
    succeed then. A missing output folder is created.
    """
    from bilingue.formats import SUPPORTED_EXTENSIONS
    from bilingue.safeio import ensure_output_dir

    files = collect_inputs(paths, SUPPORTED_EXTENSIONS)
    glossary = glossary_for(settings, extra_glossaries)
    choice = choose_engine(settings, engine_name)
    engine = choice.engine
    ensure_output_dir(out_dir)
    stems = output_stems(files)

    def process(path: Path) -> FileResult:
        return translate_file(
            path, out_dir, engine, glossary, stem=stems[path], engine_notes=choice.notes
        )

    report = run_batch(files, process, on_result)
    report.notes.extend(choice.notes)
    report.notes.extend(glossary.notes)
    return report
