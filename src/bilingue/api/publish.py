"""Publishing tasks: the English release from reviewed sidecars, and the XLIFF hand-off."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path

from bilingue.batch import BatchReport, FileResult, FileStatus, run_batch
from bilingue.config import Settings
from bilingue.document import Document
from bilingue.errors import BadInput, OutputError, PublishRefused

__all__ = [
    "PUBLISH_FORMATS",
    "export_xliff",
    "find_source",
    "publish_file",
    "publish_paths",
    "sidecar_for",
]

PUBLISH_FORMATS = ("docx", "txt", "md", "html", "pdf")
DEFAULT_FORMATS = ("docx", "txt", "md")
_SHOWN_IDS = 20
_SOFFICE_HINT = "install LibreOffice (apt-get install libreoffice-writer) or leave pdf out of --to"


def sidecar_for(path: Path) -> Path:
    """The sidecar a publish input stands for: itself, or ``X.json`` beside ``X.review.docx``."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        return path
    name = path.name
    if name.lower().endswith(".review.docx"):
        return path.with_name(name[: -len(".review.docx")] + ".json")
    raise BadInput(
        "not a sidecar or a review DOCX",
        path=path,
        hint="publish the <stem>.json written by `bilingue translate` (or its folder)",
    )


def find_source(doc: Document, sidecar: Path) -> Path | None:
    """The original file the sidecar was made from: as recorded, else beside the sidecar."""
    recorded = Path(doc.source_path)
    for candidate in (recorded, sidecar.parent / recorded, sidecar.parent / recorded.name):
        if candidate.is_file():
            return candidate
    return None


def _refuse_unapproved(doc: Document, sidecar: Path) -> None:
    from bilingue.formats.english import unapproved_ids

    waiting = unapproved_ids(doc)
    if waiting:
        shown = ", ".join(waiting[:_SHOWN_IDS])
        more = f" and {len(waiting) - _SHOWN_IDS} more" if len(waiting) > _SHOWN_IDS else ""
        raise PublishRefused(
            f"{len(waiting)} segment(s) not approved: {shown}{more}",
            path=sidecar,
            hint="approve them in the review DOCX and `bilingue review import` it, "
            "or publish a draft without --require-approved",
        )


def _refuse_unimported_review(sidecar: Path) -> None:
    """PublishRefused when the review DOCX beside the sidecar holds work not imported:
    publishing would silently leave the reviewer's English out."""
    from bilingue.formats.review_binding import file_sha256
    from bilingue.formats.sidecar_json import read_sidecar_and_record

    review = sidecar.with_name(f"{sidecar.stem}.review.docx")
    if not review.is_file():
        return
    _, record = read_sidecar_and_record(sidecar)
    if record is None:
        return
    if not record.knows(file_sha256(review)):
        raise PublishRefused(
            f"{review.name} was changed after bilingue wrote it and is not imported",
            path=sidecar,
            hint=f"run `bilingue review import {review}` first, so the review is published",
        )


def _check_source_docx(source: Path | None, doc: Document, sidecar: Path) -> None:
    """BadInput unless the DOCX the sidecar was made from is there, unchanged: the
    English is written into its paragraphs by position."""
    from bilingue.formats.review_binding import file_sha256
    from bilingue.formats.sidecar_json import read_sidecar_and_record

    hint = "publishing a DOCX rewrites the original: keep it as it was translated"
    if source is None:
        raise BadInput(f"the source DOCX {doc.source_path} is not found", path=sidecar, hint=hint)
    _, record = read_sidecar_and_record(sidecar)
    if record is not None and record.source_checksum != file_sha256(source):
        raise BadInput(
            f"the source DOCX {source} changed after it was translated",
            path=sidecar,
            hint="translate it again (review work already imported is carried over)",
        )
    if any(block.segments and not block.anchor for block in doc.blocks):
        raise BadInput(
            "this sidecar was written before bilingue could publish DOCX files",
            path=sidecar,
            hint="translate the DOCX again (review work already imported is carried over)",
        )


def _pdf(docx_path: Path, pdf_path: Path) -> None:
    """Convert with LibreOffice headless, in a private profile (runs never share one)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise OutputError("PDF needs LibreOffice, which is not installed", hint=_SOFFICE_HINT)
    with tempfile.TemporaryDirectory(prefix="bilingue-pdf-") as work:
        folder = Path(work)
        source = folder / "release.docx"
        shutil.copyfile(docx_path, source)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=180, check=False)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise OutputError(f"LibreOffice failed: {err}", path=pdf_path) from err
        produced = folder / "release.pdf"
        if not produced.is_file():
            raise OutputError(
                "LibreOffice wrote no PDF", path=pdf_path, hint="open the DOCX in LibreOffice"
            )
        shutil.copyfile(produced, pdf_path)


def _typeset(doc: Document, settings: Settings) -> Document:
    if not settings.typography:
        return doc
    from bilingue.stages.typography import typography

    # Again at publication: a reviewer's edits may bring French spacing back.
    return typography(doc, settings.english)


def publish_file(
    sidecar: Path,
    settings: Settings,
    *,
    out_dir: Path | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    require_approved: bool = False,
    template: Path | None = None,
) -> FileResult:
    """Write ``<stem>.en.<format>`` for one sidecar; all outputs appear together or none.

    Unapproved segments publish as machine English, marked DRAFT (a line at the top
    and the core-property status) — or, with ``require_approved``, PublishRefused
    lists them and nothing is written.
    """
    from bilingue.formats.english import unapproved_ids
    from bilingue.formats.publish_docx import publish_docx
    from bilingue.formats.publish_new_docx import build_docx
    from bilingue.formats.publish_text import render_html, render_markdown, render_text
    from bilingue.formats.sidecar_json import read_sidecar
    from bilingue.safeio import atomic_output, ensure_output_dir

    sidecar = sidecar_for(sidecar)
    if not sidecar.is_file():
        raise BadInput("no sidecar", path=sidecar, hint="translate the document first")
    unknown = [f for f in formats if f not in PUBLISH_FORMATS]
    if unknown:
        raise BadInput(f"unknown format {unknown[0]!r} (one of {', '.join(PUBLISH_FORMATS)})")
    _refuse_unimported_review(sidecar)
    doc = read_sidecar(sidecar)
    if require_approved:
        _refuse_unapproved(doc, sidecar)
    draft = bool(unapproved_ids(doc))
    doc = _typeset(doc, settings)
    source = find_source(doc, sidecar)
    from_docx = Path(doc.source_path).suffix.lower() == ".docx"
    if from_docx and ("docx" in formats or "pdf" in formats):
        _check_source_docx(source, doc, sidecar)
    out_dir = out_dir if out_dir is not None else sidecar.parent
    ensure_output_dir(out_dir)
    stem = sidecar.stem
    outputs = {fmt: out_dir / f"{stem}.en.{fmt}" for fmt in formats}
    for path in outputs.values():
        if source is not None and path.resolve() == source.resolve():
            raise OutputError("would overwrite the source", path=path, hint="choose another -o")
    language = settings.english
    texts: dict[str, Callable[[], str]] = {
        "txt": lambda: render_text(doc, draft=draft),
        "md": lambda: render_markdown(doc, draft=draft),
        "html": lambda: render_html(doc, draft=draft, language=language),
    }
    with ExitStack() as stack:
        temps = {fmt: stack.enter_context(atomic_output(path)) for fmt, path in outputs.items()}
        if "docx" in temps or "pdf" in temps:
            docx_tmp = temps.get("docx") or _scratch(stack) / f"{stem}.en.docx"
            if from_docx and source is not None:
                title = _title(doc)
                publish_docx(doc, source, docx_tmp, language=language, draft=draft, title=title)
            else:
                build_docx(doc, docx_tmp, language=language, draft=draft, template=template)
            if "pdf" in temps:
                _pdf(docx_tmp, temps["pdf"])
        for fmt, render in texts.items():
            if fmt in temps:
                temps[fmt].write_text(render(), encoding="utf-8")
    return FileResult(
        path=sidecar,
        status=FileStatus.DONE,
        outputs=tuple(outputs.values()),
        segments=sum(1 for _ in doc.segments()),
    )


def _scratch(stack: ExitStack) -> Path:
    """A temporary folder removed when ``stack`` closes (a DOCX only the PDF needs)."""
    return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bilingue-")))


def _title(doc: Document) -> str:
    from bilingue.document import BlockKind
    from bilingue.formats.english import english_blocks

    for english in english_blocks(doc):
        if english.block.kind is BlockKind.HEADING and english.block.part == "body":
            return english.text
    return ""


def publish_paths(
    paths: Sequence[Path],
    settings: Settings,
    *,
    out_dir: Path | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    require_approved: bool = False,
    template: Path | None = None,
    on_result: Callable[[FileResult, int, int], None] | None = None,
) -> BatchReport:
    """Publish sidecars, review DOCX files and folders of them; bad ones are reported."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.iterdir() if p.suffix.lower() == ".json" and p.is_file()
            )
        else:
            files.append(path)

    def process(path: Path) -> FileResult:
        return publish_file(
            path,
            settings,
            out_dir=out_dir,
            formats=formats,
            require_approved=require_approved,
            template=template,
        )

    return run_batch(files, process, on_result)


def export_xliff(path: Path, out_dir: Path | None = None) -> Path:
    """Write ``<stem>.xlf`` (XLIFF 2.1) from a sidecar or review DOCX; returns its path."""
    from bilingue.formats.review_binding import binding_for
    from bilingue.formats.sidecar_json import read_sidecar_and_record
    from bilingue.formats.xliff import write_xliff
    from bilingue.safeio import ensure_output_dir

    sidecar = sidecar_for(path)
    if not sidecar.is_file():
        raise BadInput("no sidecar", path=sidecar, hint="translate the document first")
    doc, record = read_sidecar_and_record(sidecar)
    # The review binding lets `bilingue review import X.xlf` refuse another document's
    # file or an older export, as it does for the review DOCX.
    binding = None if record is None else binding_for(doc, record.source_checksum, record.revision)
    out_dir = out_dir if out_dir is not None else sidecar.parent
    ensure_output_dir(out_dir)
    out = out_dir / f"{sidecar.stem}.xlf"
    write_xliff(doc, out, binding=binding)
    return out
