"""Document tasks: prepare, detect, translate one file or a batch, and pick the engine."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from bilingue.api.glossary import glossary_for
from bilingue.batch import BatchReport, FileResult, FileStatus, plan_batch, run_batch
from bilingue.config import Settings
from bilingue.document import FRENCH, Document, FlagCode, LanguageGuess, TargetOrigin
from bilingue.engines import Translator
from bilingue.engines.choice import EngineChoice
from bilingue.errors import BadInput, NotFrench, ReviewAtRisk
from bilingue.flags import engine_fallback
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
ENGINE_NOTE = FlagCode.ENGINE_FALLBACK


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
    force: bool = False,
    engine_notes: Sequence[str] = (),
    typography: str | None = "en-GB",
) -> FileResult:
    """Translate one document and write ``<stem>.review.docx`` and ``<stem>.json``.

    Both outputs appear together or not at all. A review DOCX there that changed
    since bilingue wrote it is not overwritten (ReviewAtRisk) unless ``force``, which
    keeps it as a dated backup; review work already imported into the sidecar is
    carried over to the new translation. ``engine_notes`` (why the engine is not the
    one expected) go into the document's notes, shown in the review header.
    """
    from bilingue.api.review import guard_review_outputs
    from bilingue.formats.review_binding import ReviewRecord, binding_for, file_sha256
    from bilingue.formats.review_docx import write_review_docx
    from bilingue.formats.sidecar_json import write_sidecar
    from bilingue.pipeline import run
    from bilingue.safeio import atomic_outputs

    _refuse_review_docx(path)
    doc = prepare_file(path)
    language = doc.language
    if language is None or language.code != FRENCH:
        detected = f"{language.code}, {language.confidence:.2f}" if language else "none"
        raise NotFrench(f"not a French document (detected {detected}); not translated", path=path)
    stem = stem or path.stem
    review_path = out_dir / f"{stem}.review.docx"
    json_path = out_dir / f"{stem}.json"
    previous, record = guard_review_outputs(review_path, json_path, force=force)
    doc = run(doc, engine, glossary, locale=typography)
    if engine_notes:
        notes = tuple(engine_fallback(note) for note in engine_notes)
        doc = doc.with_(notes=doc.notes + notes)
    if previous is not None:
        doc = _carry_review(previous, doc, json_path, force=force)
    checksum = file_sha256(path)
    binding = binding_for(doc, checksum, (record.revision + 1) if record else 1)
    with atomic_outputs(review_path, json_path) as (review_tmp, json_tmp):
        write_review_docx(doc, review_tmp, binding=binding)
        written = ReviewRecord(
            document_id=binding.document_id,
            source_checksum=checksum,
            revision=binding.revision,
            docx_sha256=file_sha256(review_tmp),
        )
        if record is not None and record.document_id == binding.document_id:
            written = replace(
                written,
                imported_revision=record.imported_revision,
                imported_modified=record.imported_modified,
            )
        write_sidecar(doc, json_tmp, written)
    found, expected = doc.term_accuracy()
    from bilingue.api.quality import qa_summary

    checked = qa_summary(doc)
    return FileResult(
        path=path,
        status=FileStatus.DONE,
        outputs=(review_path, json_path),
        segments=sum(1 for _ in doc.segments()),
        terms_found=found,
        terms_expected=expected,
        engine=doc.engine.name if doc.engine else "",
        qa_flagged=checked.flagged,
        qa_errors=checked.errors,
        from_memory=sum(1 for s in doc.segments() if s.origin == TargetOrigin.TM),
    )


def _refuse_review_docx(path: Path) -> None:
    """BadInput when ``path`` is a review DOCX bilingue wrote: it goes back by review import."""
    if path.suffix.lower() != ".docx" or not path.is_file():
        return
    from bilingue.formats.review_import import read_binding

    try:
        binding = read_binding(path)
    except BadInput:
        return  # not a readable DOCX: the reader will say why
    if binding is not None:
        raise BadInput(
            "this is a bilingue review DOCX, not a French source",
            path=path,
            hint=f"bring the review back with `bilingue review import {path}`",
        )


def _carry_review(previous: Document, doc: Document, json_path: Path, *, force: bool) -> Document:
    from bilingue.stages.review import carry_review

    doc, lost = carry_review(previous, doc)
    if lost and not force:
        shown = ", ".join(lost[:5]) + (" …" if len(lost) > 5 else "")
        raise ReviewAtRisk(
            f"reviewed segments whose French changed would lose their review ({shown})",
            path=json_path,
            hint="translate with --force to replace them (the old sidecar is kept as a "
            "dated backup)",
        )
    if lost:
        from datetime import datetime

        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        shutil.copy2(json_path, json_path.with_name(f"{json_path.stem}.{stamp}.json"))
    return doc


def translate_paths(
    paths: Sequence[Path],
    out_dir: Path,
    settings: Settings,
    *,
    engine_name: str | None = None,
    extra_glossaries: Sequence[Path] = (),
    on_result: Callable[[FileResult, int, int], None] | None = None,
    force: bool = False,
    follow_links: bool = False,
    engine: Translator | None = None,
) -> BatchReport:
    """Translate files and folders into ``out_dir``; bad files are reported, not fatal.

    Raises (before translating anything) when the glossary is invalid, no engine is
    available or the output folder cannot be created or written: nothing could
    succeed then. A missing output folder is created.

    Unless ``settings.use_tm`` is off, the translation memory (``settings.tm``)
    answers approved segments first and suggests fuzzy matches for the others. A
    review DOCX changed since bilingue wrote it is not overwritten unless ``force``
    (see :func:`translate_file`).
    Links in an input folder that lead outside it are skipped unless ``follow_links``;
    two inputs that would write the same output names: the second fails. ``engine``
    replaces the one the settings choose (a caller that already holds one, or a test).
    """
    from contextlib import ExitStack

    from bilingue.formats import SUPPORTED_EXTENSIONS
    from bilingue.safeio import ensure_output_dir

    plan = plan_batch(paths, SUPPORTED_EXTENSIONS, follow_links=follow_links)
    glossary = glossary_for(settings, extra_glossaries)
    if engine is None:
        choice = choose_engine(settings, engine_name)
        translator, engine_notes = choice.engine, choice.notes
    else:
        translator, engine_notes = engine, ()
    ensure_output_dir(out_dir)

    with ExitStack() as stack:
        if settings.use_tm:
            from bilingue.engines.memory import with_memory
            from bilingue.tm import open_memory

            memory = stack.enter_context(open_memory(settings.resolve(settings.tm)))
            translator = with_memory(translator, memory)

        def process(path: Path) -> FileResult:
            refused = plan.refused.get(path)
            if refused is not None:
                raise refused
            return translate_file(
                path,
                out_dir,
                translator,
                glossary,
                stem=plan.stems[path],
                force=force,
                engine_notes=engine_notes,
                typography=settings.english if settings.typography else None,
            )

        report = run_batch(plan.files, process, on_result)
    report.notes.extend(engine_notes)
    report.notes.extend(glossary.notes)
    return report
