"""Document tasks: prepare, detect, translate one file or a batch, and pick the engine."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bilingue.batch import FileResult, FileStatus
from bilingue.config import Settings
from bilingue.document import FRENCH, Document, FlagCode, LanguageGuess, TargetOrigin
from bilingue.engines import Translator
from bilingue.engines.choice import EngineChoice
from bilingue.errors import BadInput, NotFrench, ReviewAtRisk
from bilingue.flags import engine_fallback
from bilingue.glossary import Glossary

if TYPE_CHECKING:
    from bilingue.formats.review_binding import ReviewRecord

__all__ = [
    "ENGINE_NOTE",
    "EngineChoice",
    "PlannedOutputs",
    "StartedDocument",
    "choose_engine",
    "detect_file",
    "finish_document",
    "open_engine",
    "plan_outputs",
    "prepare_file",
    "read_french",
    "start_document",
    "translate_file",
    "write_document",
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


@dataclass(frozen=True)
class PlannedOutputs:
    """Where one document's outputs go, and the sidecar they replace (review guarded)."""

    path: Path
    review_path: Path
    json_path: Path
    previous: Document | None  # the sidecar's document being replaced, if any
    record: ReviewRecord | None


@dataclass(frozen=True)
class StartedDocument:
    """A document read, checked and protected: ready for the translate stage."""

    doc: Document
    outputs: PlannedOutputs


def plan_outputs(
    path: Path, out_dir: Path, stem: str | None = None, *, force: bool = False
) -> PlannedOutputs:
    """Refuse a review DOCX as input and guard review work in the outputs (ReviewAtRisk)."""
    from bilingue.api.review import guard_review_outputs

    _refuse_review_docx(path)
    stem = stem or path.stem
    review_path = out_dir / f"{stem}.review.docx"
    json_path = out_dir / f"{stem}.json"
    previous, record = guard_review_outputs(review_path, json_path, force=force)
    return PlannedOutputs(path, review_path, json_path, previous, record)


def read_french(path: Path) -> Document:
    """Read and prepare ``path``; NotFrench unless it is a French document."""
    doc = prepare_file(path)
    language = doc.language
    if language is None or language.code != FRENCH:
        detected = f"{language.code}, {language.confidence:.2f}" if language else "none"
        raise NotFrench(f"not a French document (detected {detected}); not translated", path=path)
    return doc


def start_document(
    path: Path, out_dir: Path, glossary: Glossary, stem: str | None = None, *, force: bool = False
) -> StartedDocument:
    """Everything before the engine: refuse a review DOCX, guard review work in the
    outputs, read and prepare, refuse a document that is not French, protect terms."""
    from bilingue.pipeline import before_translate

    outputs = plan_outputs(path, out_dir, stem, force=force)
    return StartedDocument(before_translate(read_french(path), glossary), outputs)


def finish_document(
    started: StartedDocument,
    translated: Document,
    *,
    force: bool = False,
    run_key: str = "",
    memory_stamp: str = "",
    engine_notes: Sequence[str] = (),
    typography: str | None = "en-GB",
) -> FileResult:
    """Everything after the engine: typeset and check, then :func:`write_document`."""
    from bilingue.pipeline import after_translate

    checked = after_translate(translated, locale=typography)
    return write_document(
        started.outputs,
        checked,
        force=force,
        run_key=run_key,
        memory_stamp=memory_stamp,
        engine_notes=engine_notes,
    )


def write_document(
    outputs: PlannedOutputs,
    doc: Document,
    *,
    force: bool = False,
    run_key: str = "",
    memory_stamp: str = "",
    engine_notes: Sequence[str] = (),
) -> FileResult:
    """Write a checked document: note why the engine is not the one expected
    (``engine_notes``, shown in the review header), carry review work over, write
    both outputs together (recording ``run_key`` and ``memory_stamp`` for the next
    incremental run, see bilingue.incremental)."""
    from bilingue.api.quality import qa_summary
    from bilingue.formats.review_binding import ReviewRecord, binding_for, file_sha256
    from bilingue.formats.review_docx import write_review_docx
    from bilingue.formats.sidecar_json import write_sidecar
    from bilingue.safeio import atomic_outputs

    path, record = outputs.path, outputs.record
    review_path, json_path = outputs.review_path, outputs.json_path
    if engine_notes:
        notes = tuple(engine_fallback(note) for note in engine_notes)
        doc = doc.with_(notes=doc.notes + notes)
    if outputs.previous is not None:
        doc = _carry_review(outputs.previous, doc, json_path, force=force)
    checksum = file_sha256(path)
    binding = binding_for(doc, checksum, (record.revision + 1) if record else 1)
    # Known to be bilingue's own (or kept as a backup under --force) by plan_outputs.
    replaced = file_sha256(review_path) if review_path.is_file() else ""
    # The sidecar is renamed first: killed before the DOCX follows, it vouches for
    # the DOCX left beside it (replaced_sha256), so the next run redoes the pair.
    with atomic_outputs(json_path, review_path) as (json_tmp, review_tmp):
        write_review_docx(doc, review_tmp, binding=binding)
        written = ReviewRecord(
            document_id=binding.document_id,
            source_checksum=checksum,
            revision=binding.revision,
            docx_sha256=file_sha256(review_tmp),
            run_key=run_key,
            memory_stamp=memory_stamp,
            replaced_sha256=replaced,
        )
        if record is not None and record.document_id == binding.document_id:
            written = replace(
                written,
                imported_revision=record.imported_revision,
                imported_modified=record.imported_modified,
            )
        write_sidecar(doc, json_tmp, written)
    found, expected = doc.term_accuracy()
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
    from bilingue.pipeline import translate_all

    started = start_document(path, out_dir, glossary, stem, force=force)
    return finish_document(
        started,
        translate_all(started.doc, engine),
        force=force,
        engine_notes=engine_notes,
        typography=typography,
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
