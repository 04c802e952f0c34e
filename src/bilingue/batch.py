"""Batch conversion: sorted inputs, one file's failure never stops the others, a summary."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bilingue.errors import BadInput, BilingueError, NotFrench

__all__ = ["BatchReport", "FileResult", "collect_inputs", "output_stems", "run_batch"]


@dataclass(frozen=True)
class FileResult:
    path: Path
    status: str  # "done", "unchanged" (outputs up to date), "skipped" (not French), "failed"
    outputs: tuple[Path, ...] = ()
    error: str = ""
    segments: int = 0
    terms_found: int = 0
    terms_expected: int = 0
    engine: str = ""
    qa_flagged: int = 0  # segments with a QA warning or error
    qa_errors: int = 0
    from_memory: int = 0  # segments the translation memory answered


@dataclass
class BatchReport:
    results: list[FileResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the whole run (no glossary found…)
    seconds: float = 0.0  # wall time of the run
    pooled: tuple[int, int] = (0, 0)  # segments answered, distinct sources the engine translated

    @property
    def done(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "done"]

    @property
    def unchanged(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "unchanged"]

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status not in ("done", "unchanged")]

    @property
    def term_accuracy(self) -> tuple[int, int]:
        return (
            sum(r.terms_found for r in self.results),
            sum(r.terms_expected for r in self.results),
        )

    @property
    def exit_code(self) -> int:
        """0 when every document was translated (or already was), 1 when any failed or
        was skipped."""
        return 1 if self.failed or not self.results else 0


def collect_inputs(paths: Iterable[Path], extensions: Sequence[str]) -> list[Path]:
    """Files given directly are kept as they are (their reader will judge them); folders
    contribute their supported files, sorted, skipping hidden and temporary files."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.iterdir())
                if p.is_file()
                and p.suffix.lower() in extensions
                and not p.name.startswith((".", "~$"))
            )
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for p in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def output_stems(files: Sequence[Path]) -> dict[Path, str]:
    """Output name stems; two inputs with one stem (x.txt, x.docx) get the suffix added
    so neither output overwrites the other."""
    counts: dict[str, int] = {}
    for p in files:
        counts[p.stem] = counts.get(p.stem, 0) + 1
    return {
        p: p.stem if counts[p.stem] == 1 else f"{p.stem}-{p.suffix.lstrip('.').lower()}"
        for p in files
    }


def run_batch(
    files: Sequence[Path],
    process: Callable[[Path], FileResult],
    on_result: Callable[[FileResult, int, int], None] | None = None,
) -> BatchReport:
    """Run ``process`` on every file, isolating failures: a bad file is reported, not fatal."""
    report = BatchReport()
    for index, path in enumerate(files, start=1):
        try:
            result = process(path)
        except NotFrench as err:
            result = FileResult(path=path, status="skipped", error=err.line())
        except BilingueError as err:
            result = FileResult(path=path, status="failed", error=err.line())
        except (OSError, ValueError, KeyError) as err:
            # Unexpected reader or writer failures still must not stop the batch.
            wrapped = BadInput(f"{type(err).__name__}: {err}", path=path)
            result = FileResult(path=path, status="failed", error=wrapped.line())
        report.results.append(result)
        if on_result is not None:
            on_result(result, index, len(files))
    return report
