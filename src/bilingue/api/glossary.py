"""Glossary tasks: which files a run uses, and list, add, remove, check, find, import, export.

:func:`glossary_paths` is the one place that decides which glossary files a run
uses; every task here, and translation, goes through it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bilingue.config import Settings
from bilingue.errors import BadInput, GlossaryError
from bilingue.glossary import Glossary, GlossaryEntry

if TYPE_CHECKING:
    from bilingue.glossary.check import GlossaryProblem
    from bilingue.glossary.exchange import MergeReport
    from bilingue.glossary.match import Match

__all__ = [
    "EntryAdded",
    "GlossaryCheck",
    "GlossaryImport",
    "TermFound",
    "glossary_add",
    "glossary_check",
    "glossary_export",
    "glossary_find",
    "glossary_for",
    "glossary_import",
    "glossary_list",
    "glossary_paths",
    "glossary_remove",
]

_EDIT_FILE = "custom.tsv"
_IMPORT_FILE = "imported.tsv"
# Extensions of documents a user may name in `glossary find` (read or not): with one,
# a word with no spaces is a path, so a typo is reported instead of searched as text.
_DOCUMENT_SUFFIXES = (".doc", ".docx", ".htm", ".html", ".md", ".odt", ".pdf", ".rtf", ".txt")


def glossary_paths(settings: Settings, extra: Sequence[Path] = ()) -> list[Path]:
    """The glossary files a run uses, in load order: bilingue.toml's ``glossary`` list
    (else every ``glossary/*.tsv`` under the workspace), then each ``extra`` file."""
    from bilingue.glossary.store import default_glossary_paths

    base = (
        [settings.resolve(p) for p in settings.glossary]
        if settings.glossary
        else default_glossary_paths(settings.root)
    )
    return base + [p for p in extra if p not in base]


def _where_looked(settings: Settings) -> str:
    from bilingue.glossary.store import GLOSSARY_FOLDER

    return str(settings.root / GLOSSARY_FOLDER / "*.tsv")


def glossary_for(settings: Settings, extra: Sequence[Path] = ()) -> Glossary:
    """The glossary a run uses (files from :func:`glossary_paths`), later entries
    replacing earlier ones for the same source. With no file at all, its ``notes``
    say where it looked, for the run to report."""
    from bilingue.glossary.store import load_glossary

    paths = glossary_paths(settings, extra)
    if not paths:
        note = (
            f"no glossary found (looked in {_where_looked(settings)}); "
            "only URLs, e-mails, phone numbers and codes are protected"
        )
        return Glossary(notes=(note,))
    return load_glossary(paths)


def glossary_list(
    settings: Settings, *, entry_type: str | None = None, search: str | None = None
) -> list[GlossaryEntry]:
    """The run's entries, optionally of one type, or whose source or target contains
    ``search`` (case folded)."""
    needle = search.casefold() if search else ""
    return [
        entry
        for entry in glossary_for(settings).entries
        if (not entry_type or entry.type == entry_type)
        and (needle in entry.source.casefold() or needle in entry.target.casefold())
    ]


def _default_edit_file(settings: Settings, name: str) -> Path:
    """Where an edit goes by default: the last configured file (it wins), else glossary/NAME."""
    from bilingue.glossary.store import GLOSSARY_FOLDER

    if settings.glossary:
        return settings.resolve(settings.glossary[-1])
    return settings.root / GLOSSARY_FOLDER / name


def _unused_warning(settings: Settings, path: Path) -> list[str]:
    """A warning when runs will not read ``path`` (so an edit there changes nothing)."""
    used = {p.resolve() for p in glossary_paths(settings)}
    if path.resolve() in used or (not settings.glossary and _in_default_folder(settings, path)):
        return []
    where = "bilingue.toml's glossary list" if settings.glossary else _where_looked(settings)
    return [f"{path} is not among the files runs use ({where}); pass it with --glossary"]


def _in_default_folder(settings: Settings, path: Path) -> bool:
    from bilingue.glossary.store import GLOSSARY_FOLDER

    folder = (settings.root / GLOSSARY_FOLDER).resolve()
    return path.suffix == ".tsv" and path.resolve().parent == folder


@dataclass(frozen=True)
class EntryAdded:
    """What `glossary add` did, and what the user should know about it."""

    path: Path
    entry: GlossaryEntry
    warnings: tuple[str, ...] = ()


def glossary_add(settings: Settings, entry: GlossaryEntry, path: Path | None = None) -> EntryAdded:
    """Add ``entry`` to ``path`` (default: the last configured file, else
    glossary/custom.tsv), replacing the line with its source there; warns about terms
    too short or too common to protect safely, and about a file runs do not read."""
    from bilingue.glossary.check import entry_warnings
    from bilingue.glossary.store import add_entry

    target = Path(path) if path is not None else _default_edit_file(settings, _EDIT_FILE)
    add_entry(target, entry)
    warnings = entry_warnings(entry) + _unused_warning(settings, target)
    return EntryAdded(target, entry, tuple(warnings))


def glossary_remove(settings: Settings, source: str, path: Path | None = None) -> list[Path]:
    """Remove the entry with ``source`` from ``path``, or from every file the run uses;
    the files it was removed from. GlossaryError when none had it."""
    from bilingue.glossary.store import remove_entry

    paths = [Path(path)] if path is not None else glossary_paths(settings)
    removed = [p for p in paths if remove_entry(p, source)]
    if not removed:
        where = ", ".join(map(str, paths)) or _where_looked(settings)
        raise GlossaryError(
            f"no entry {source!r} in {where}", hint="`bilingue glossary list` shows the entries"
        )
    return removed


@dataclass(frozen=True)
class GlossaryCheck:
    """The files checked and every problem found, errors first within a line."""

    files: tuple[Path, ...]
    problems: tuple[GlossaryProblem, ...]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def glossary_check(settings: Settings, paths: Sequence[Path] = ()) -> GlossaryCheck:
    """Check ``paths`` together, or the files a run uses (see :func:`check_glossary`)."""
    from bilingue.glossary.check import check_glossary

    files = list(paths) or glossary_paths(settings)
    if not files:
        raise GlossaryError(
            f"no glossary found (looked in {_where_looked(settings)})",
            hint="name the files to check, or add entries with `bilingue glossary add`",
        )
    return GlossaryCheck(tuple(files), tuple(check_glossary(files)))


@dataclass(frozen=True)
class TermFound:
    """One match `glossary find` shows: where (a segment id, or "text") and what."""

    place: str
    match: Match


def _looks_like_path(text: str) -> bool:
    if any(c.isspace() for c in text) or "://" in text:
        return False
    return "/" in text or "\\" in text or Path(text).suffix.lower() in _DOCUMENT_SUFFIXES


def glossary_find(
    settings: Settings, file_or_text: str, *, as_text: bool = False
) -> list[TermFound]:
    """The run's glossary matches in a document (per segment) or in a piece of text.

    A word that looks like a path (a slash, or a document extension such as ``.docx``)
    but names no file is an error, not a text to search; ``as_text`` searches it anyway.
    Matches in the wrong sense are listed too (``match.wrong_sense``).
    """
    from bilingue.api.documents import prepare_file
    from bilingue.glossary.match import compile_matcher, find_matches

    path = Path(file_or_text)
    if not as_text and path.is_file():
        places = [(seg.id, seg.source) for seg in prepare_file(path).segments() if seg.translate]
    elif not as_text and _looks_like_path(file_or_text):
        raise BadInput(
            "no such file",
            path=path,
            hint="check the path; to search these characters as text, add --text",
        )
    else:
        places = [("text", file_or_text)]
    matcher = compile_matcher(glossary_for(settings))
    return [TermFound(place, m) for place, text in places for m in find_matches(text, matcher)]


@dataclass(frozen=True)
class GlossaryImport:
    """The file merged into, what the merge did, and warnings about the new entries."""

    path: Path
    merge: MergeReport
    warnings: tuple[str, ...] = ()


def glossary_import(
    settings: Settings, source_file: Path, into: Path | None = None
) -> GlossaryImport:
    """Merge a .tsv/.csv/.xlsx/.tbx glossary into ``into`` (default: the last configured
    file, else glossary/imported.tsv). Values a spreadsheet would run as formulas are
    refused, naming the line."""
    from bilingue.glossary.check import entry_warnings
    from bilingue.glossary.exchange import import_into

    target = Path(into) if into is not None else _default_edit_file(settings, _IMPORT_FILE)
    merge = import_into(Path(source_file), target)
    warnings = [w for e in (*merge.added, *merge.changed) for w in entry_warnings(e)]
    return GlossaryImport(target, merge, tuple(warnings + _unused_warning(settings, target)))


def glossary_export(settings: Settings, target: Path, *, tbx_version: str = "2") -> int:
    """Write the run's glossary to ``target`` (.tsv, .csv, .xlsx or .tbx, by extension);
    the number of entries written."""
    from bilingue.glossary.exchange import export_glossary

    entries = glossary_for(settings).entries
    export_glossary(list(entries), Path(target), tbx_version=tbx_version)
    return len(entries)
