"""Document tasks: prepare, detect, translate one file or a batch, and pick the engine."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bilingue.batch import BatchReport, FileResult
from bilingue.config import Settings
from bilingue.document import FRENCH, Document, LanguageGuess, TargetOrigin
from bilingue.engines import Translator
from bilingue.errors import (
    BadInput,
    EngineUnavailable,
    ModelInstallError,
    ModelNotInstalled,
    NotFrench,
    ReviewAtRisk,
)
from bilingue.glossary import Glossary

if TYPE_CHECKING:
    from bilingue.formats.review_binding import ReviewRecord

__all__ = [
    "EngineChoice",
    "StartedDocument",
    "detect_file",
    "ensure_engine",
    "finish_document",
    "open_engine",
    "prepare_file",
    "start_document",
    "translate_file",
    "translate_paths",
]


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


_NO_ENGINE_HINT = (
    "install the Argos fr→en model (`bilingue models install fr en`, or offline "
    "`bilingue models install --file PATH.argosmodel`) or Apertium "
    "(`apt-get install apertium apertium-fr-es apertium-eng-spa`)"
)


def open_engine(settings: Settings, name: str | None = None) -> Translator:
    """The engine a run uses: ``auto`` picks Argos when an fr→en package is installed,
    else Apertium when it is available, else explains both ways to get one."""
    choice = name or settings.engine
    if choice in ("argos", "auto"):
        from bilingue.engines.argos import argos_engine_from_installed

        try:
            return argos_engine_from_installed(
                FRENCH,
                "en",
                beam_size=settings.beam_size,
                batch_size=settings.batch_size,
                threads=settings.threads,
            )
        except ModelNotInstalled:
            if choice == "argos":
                raise
    if choice in ("apertium", "auto"):
        from bilingue.engines.apertium import ApertiumEngine, apertium_available

        if choice == "apertium" or apertium_available():
            # Unknown-word marks kept: the QA stage flags those words, then removes them.
            engine = ApertiumEngine(unknown_marks=True)
            engine.check()
            return engine
    if choice == "auto":
        raise EngineUnavailable("no French→English engine is installed", hint=_NO_ENGINE_HINT)
    raise EngineUnavailable(f"unknown engine {choice!r} (auto, argos, apertium)")


@dataclass(frozen=True)
class EngineChoice:
    """What `ensure_engine` found or did, for one line of output."""

    engine: str
    message: str


def ensure_engine(
    settings: Settings,
    progress: Callable[[int, int | None], None] | None = None,
    *,
    offline: bool = False,
) -> EngineChoice:
    """Make sure `make run` has an engine: an installed Argos model; else try the Argos
    index (unless ``offline``); else fall back to Apertium; else raise with both ways
    to get one."""
    from bilingue.packages import find_installed, install_from_index

    if settings.engine == "apertium":
        open_engine(settings, "apertium")
        return EngineChoice("apertium", "engine: Apertium (chosen in settings)")
    package = find_installed(FRENCH, "en")
    if package is not None:
        return EngineChoice("argos", f"engine: Argos model {package.name} is installed")
    reason = "no Argos fr→en model is installed"
    try:
        if not offline:
            package = install_from_index(FRENCH, "en", progress=progress)
            return EngineChoice("argos", f"engine: installed Argos model {package.name}")
    except ModelInstallError as err:
        reason = f"no Argos fr→en model is installed and it could not be downloaded: {err.message}"
    if settings.engine == "argos":
        raise ModelInstallError(
            f"the Argos fr→en model could not be had ({reason})",
            hint="install it from a file: bilingue models install --file PATH.argosmodel",
        )
    try:
        open_engine(settings, "apertium")
    except EngineUnavailable as err:
        raise EngineUnavailable(
            f"no French→English engine: {reason}, and Apertium is not installed",
            hint=_NO_ENGINE_HINT,
        ) from err
    return EngineChoice(
        "apertium",
        f"engine: Apertium ({reason})",
    )


@dataclass(frozen=True)
class StartedDocument:
    """A document read, checked and protected: ready for the translate stage."""

    path: Path
    doc: Document
    review_path: Path
    json_path: Path
    previous: Document | None  # the sidecar's document being replaced, if any
    record: ReviewRecord | None


def start_document(
    path: Path, out_dir: Path, glossary: Glossary, stem: str | None = None, *, force: bool = False
) -> StartedDocument:
    """Everything before the engine: refuse a review DOCX, read and prepare, refuse a
    document that is not French, guard review work in the outputs, protect terms."""
    from bilingue.api.review import guard_review_outputs
    from bilingue.pipeline import before_translate

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
    return StartedDocument(
        path, before_translate(doc, glossary), review_path, json_path, previous, record
    )


def finish_document(
    started: StartedDocument, translated: Document, *, force: bool = False, run_key: str = ""
) -> FileResult:
    """Everything after the engine: check, carry review work over, write both outputs
    together (recording ``run_key`` for the next incremental run)."""
    from bilingue.api.quality import qa_summary
    from bilingue.formats.review_binding import ReviewRecord, binding_for, file_sha256
    from bilingue.formats.review_docx import write_review_docx
    from bilingue.formats.sidecar_json import write_sidecar
    from bilingue.incremental import KEY_FIELD
    from bilingue.pipeline import after_translate
    from bilingue.safeio import atomic_outputs

    path, record = started.path, started.record
    review_path, json_path = started.review_path, started.json_path
    doc = after_translate(translated)
    if started.previous is not None:
        doc = _carry_review(started.previous, doc, json_path, force=force)
    if run_key:
        doc = replace(doc, meta={**doc.meta, KEY_FIELD: run_key})
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
) -> FileResult:
    """Translate one document and write ``<stem>.review.docx`` and ``<stem>.json``.

    Both outputs appear together or not at all. A review DOCX there that changed
    since bilingue wrote it is not overwritten (ReviewAtRisk) unless ``force``, which
    keeps it as a dated backup; review work already imported into the sidecar is
    carried over to the new translation.
    """
    from bilingue.stages.translate import translate

    started = start_document(path, out_dir, glossary, stem, force=force)
    return finish_document(started, translate(started.doc, engine), force=force)


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
    redo: bool = False,
) -> BatchReport:
    """Translate files and folder trees into ``out_dir``; bad files are reported, not fatal.

    Folders are walked recursively and keep their layout in ``out_dir``. Documents
    whose outputs are up to date are skipped unless ``redo``; documents in flight
    share one engine in pooled batches (see :func:`bilingue.api.runs.translate_tree`).

    Unless ``settings.use_tm`` is off, the translation memory (``settings.tm``)
    answers approved segments first and suggests fuzzy matches for the others. A
    review DOCX changed since bilingue wrote it is not overwritten unless ``force``
    (see :func:`translate_file`), which also implies ``redo``.
    """
    from bilingue.api.runs import translate_tree

    return translate_tree(
        paths,
        out_dir,
        settings,
        engine_name=engine_name,
        extra_glossaries=extra_glossaries,
        on_result=on_result,
        force=force,
        redo=redo,
    )
