"""Document tasks: prepare, detect, translate one file or a batch, and pick the engine."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bilingue.batch import BatchReport, FileResult, collect_inputs, output_stems, run_batch
from bilingue.config import Settings
from bilingue.document import Document, LanguageGuess
from bilingue.engines import Translator
from bilingue.errors import EngineUnavailable, ModelInstallError, ModelNotInstalled, NotFrench
from bilingue.glossary import Glossary

__all__ = [
    "EngineChoice",
    "detect_file",
    "ensure_engine",
    "glossary_for",
    "open_engine",
    "prepare_file",
    "translate_file",
    "translate_paths",
]

FRENCH = "fr"


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


def glossary_for(settings: Settings, extra: Sequence[Path] = ()) -> Glossary:
    """The glossary a run uses: bilingue.toml's list (or every glossary/*.tsv), then
    each ``--glossary`` file, later entries replacing earlier ones for the same source."""
    from bilingue.glossary.store import default_glossary_paths, load_glossary

    base = (
        [settings.resolve(p) for p in settings.glossary]
        if settings.glossary
        else default_glossary_paths(settings.root)
    )
    return load_glossary(base + [p for p in extra if p not in base])


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
            engine = ApertiumEngine()
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
) -> EngineChoice:
    """Make sure `make run` has an engine: an installed Argos model; else try the Argos
    index; else fall back to Apertium; else raise with both ways to get one."""
    from bilingue.packages import find_installed, install_from_index

    if settings.engine == "apertium":
        open_engine(settings, "apertium")
        return EngineChoice("apertium", "engine: Apertium (chosen in settings)")
    package = find_installed(FRENCH, "en")
    if package is not None:
        return EngineChoice("argos", f"engine: Argos model {package.name} is installed")
    try:
        package = install_from_index(FRENCH, "en", progress=progress)
        return EngineChoice("argos", f"engine: installed Argos model {package.name}")
    except ModelInstallError as err:
        reason = err.message
    if settings.engine == "argos":
        raise ModelInstallError(
            f"the Argos fr→en model could not be installed ({reason})",
            hint="install it from a file: bilingue models install --file PATH.argosmodel",
        )
    try:
        open_engine(settings, "apertium")
    except EngineUnavailable as err:
        raise EngineUnavailable(
            f"no French→English engine: the Argos model could not be installed ({reason}) "
            "and Apertium is not available",
            hint=_NO_ENGINE_HINT,
        ) from err
    return EngineChoice(
        "apertium",
        f"engine: Apertium (the Argos fr→en model could not be downloaded: {reason})",
    )


def translate_file(
    path: Path,
    out_dir: Path,
    engine: Translator,
    glossary: Glossary,
    stem: str | None = None,
    *,
    typography: str | None = "en-GB",
) -> FileResult:
    """Translate one document and write ``<stem>.review.docx`` and ``<stem>.json``.

    Both outputs appear together or not at all: they are written to temporary files
    and renamed only when both are complete.
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
    doc = run(doc, engine, glossary, locale=typography)
    stem = stem or path.stem
    review_path = out_dir / f"{stem}.review.docx"
    json_path = out_dir / f"{stem}.json"
    with atomic_output(review_path) as review_tmp, atomic_output(json_path) as json_tmp:
        write_review_docx(doc, review_tmp)
        write_sidecar(doc, json_tmp)
    found, expected = doc.term_accuracy()
    return FileResult(
        path=path,
        status="done",
        outputs=(review_path, json_path),
        segments=sum(1 for _ in doc.segments()),
        terms_found=found,
        terms_expected=expected,
        engine=doc.engine.name if doc.engine else "",
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
    engine = open_engine(settings, engine_name)
    ensure_output_dir(out_dir)
    stems = output_stems(files)

    def process(path: Path) -> FileResult:
        return translate_file(
            path,
            out_dir,
            engine,
            glossary,
            stem=stems[path],
            typography=settings.english if settings.typography else None,
        )

    return run_batch(files, process, on_result)
