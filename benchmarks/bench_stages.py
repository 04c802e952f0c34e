"""Every stage at 1k / 5k / 20k segments: is the cost per segment flat (linear)?

Run: ``uv run --frozen python benchmarks/bench_stages.py [--sizes 1000 5000 20000]``.
One generated document per size (benchmarks/releases.py) goes through reader, clean,
segment, detect, protect (the repository glossary), names, translate (a word-for-word
engine in-process, so only the stage's own bookkeeping is timed), qa, and both writers
(review DOCX, sidecar JSON). Each stage is timed on CPU time of this process, which a
busy machine disturbs less than wall time. Target: per-segment cost at the largest
size within 1.2× of the smallest (noise under a few ms is ignored: a stage that costs
next to nothing cannot be judged on its ratio). Also prints the fixed costs of one
short release (imports, first detection, first wordfreq lookup).
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 1.2
# A stage under this many CPU seconds at the largest size is too cheap to judge.
NOISE_FLOOR_S = 0.05

__all__ = ["StageTimes", "main", "time_stages"]

StageTimes = dict[str, float]


class _WordEngine:
    """The French words in reverse order: cheap, deterministic, in-process."""

    keeps_spans = False

    @property
    def info(self) -> Any:
        from bilingue.document import EngineInfo

        return EngineInfo(name="bench", model="word-for-word", version="0")

    def translate(self, sources: Sequence[str]) -> list[str]:
        return [" ".join(reversed(source.split())) for source in sources]


def _timed(times: StageTimes, name: str, call: Callable[[], Any]) -> Any:
    # A full collection walks every live object: collected here, its cost is not
    # charged to whichever stage happens to trigger it (the larger the document,
    # the dearer), which made cheap stages look superlinear.
    gc.collect()
    start = time.process_time()
    result = call()
    times[name] = time.process_time() - start
    return result


def time_stages(text: str, folder: Path) -> tuple[int, StageTimes]:
    """Seconds of CPU per stage for one document of ``text``; and its segment count."""
    from bilingue.formats import read_document
    from bilingue.formats.review_docx import write_review_docx
    from bilingue.formats.sidecar_json import write_sidecar
    from bilingue.glossary.store import load_glossary
    from bilingue.stages.clean import clean
    from bilingue.stages.detect import detect
    from bilingue.stages.names import protect_names
    from bilingue.stages.protect import protect
    from bilingue.stages.qa import qa
    from bilingue.stages.segment import segment
    from bilingue.stages.translate import translate

    source = folder / "release.txt"
    source.write_text(text, encoding="utf-8")
    glossary = load_glossary(sorted((ROOT / "glossary").glob("*.tsv")))
    times: StageTimes = {}
    doc = _timed(times, "reader", lambda: read_document(source))
    doc = _timed(times, "clean", lambda: clean(doc))
    doc = _timed(times, "segment", lambda: segment(doc))
    doc = _timed(times, "detect", lambda: detect(doc))
    doc = _timed(times, "protect", lambda: protect(doc, glossary))
    doc = _timed(times, "names", lambda: protect_names(doc))
    doc = _timed(times, "translate", lambda: translate(doc, _WordEngine()))
    doc = _timed(times, "qa", lambda: qa(doc))
    _timed(times, "review docx", lambda: write_review_docx(doc, folder / "r.docx"))
    _timed(times, "sidecar json", lambda: write_sidecar(doc, folder / "r.json"))
    return sum(1 for _ in doc.segments()), times


def _best_of(repeat: int, text: str, folder: Path) -> tuple[int, StageTimes]:
    """Each stage's least CPU time over ``repeat`` runs (the least disturbed)."""
    runs = [time_stages(text, folder) for _ in range(max(1, repeat))]
    best = {name: min(times[name] for _, times in runs) for name in runs[0][1]}
    return runs[0][0], best


def _warm_up(folder: Path) -> StageTimes:
    """The fixed costs, paid once per process: one short release, then the same again."""
    from benchmarks.releases import release_text

    first_start = time.perf_counter()
    _, first = time_stages(release_text(1), folder)
    first_wall = time.perf_counter() - first_start
    _, again = time_stages(release_text(2), folder)
    fixed = {name: first[name] - again[name] for name in first}
    fixed["(first release, wall)"] = first_wall
    return fixed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=2, help="runs per size; best kept")
    args = parser.parse_args(argv)
    from benchmarks.releases import segments_text

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        fixed = _warm_up(folder)
        print("fixed costs of the first short release in a process (s, first minus second):")
        for name, seconds in fixed.items():
            print(f"  {name:<24}{seconds:8.3f}")
        runs = [_best_of(args.repeat, segments_text(size), folder) for size in args.sizes]
    names = list(runs[0][1])
    header = "".join(f"{f'{count:,} seg µs/seg':>18}" for count, _ in runs)
    print(f"{'stage':<14}{header}{'ratio':>8}  verdict")
    failed = []
    for name in names:
        per = [times[name] / count * 1e6 for count, times in runs]
        ratio = per[-1] / per[0] if per[0] else 1.0
        cheap = runs[-1][1][name] < NOISE_FLOOR_S
        ok = cheap or ratio <= TARGET
        if not ok:
            failed.append(name)
        cells = "".join(f"{value:>18.1f}" for value in per)
        verdict = "PASS" if ok else "FAIL"
        print(f"{name:<14}{cells}{ratio:>8.2f}  {verdict}{' (below noise)' if cheap else ''}")
    total = [sum(times.values()) / count * 1e6 for count, times in runs]
    print(f"{'total':<14}" + "".join(f"{value:>18.1f}" for value in total))
    print(f"target: every stage ≤ {TARGET}× its per-segment cost from the smallest size")
    print("PASS" if not failed else f"FAIL: {', '.join(failed)}")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
