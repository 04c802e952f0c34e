"""The QA evaluation: precision and recall per check on a labelled set, false flags on good pairs.

Data (all in this folder):

- ``good_pairs.tsv``: French sentences from real releases (the CNES sample, AFUP's
  PDFs) and written in their style, with good English written by hand;
- ``seeded.tsv``: those pairs with one error of each check's kind planted
  (``seed.py`` writes it);
- ``argos_errors.tsv``: errors written by hand the way neural drafts go wrong;
- ``forbidden.tsv``: glossary terms with forbidden renderings, rendered right and wrong;
- ``apertium.jsonl``: real Apertium output (marks kept) for the sample, the AFUP
  PDFs and the good pairs' French (``build_apertium.py`` writes it), with the words
  Apertium itself marked unknown: the untranslated-word recall is measured on it.

Each pair is protected with the shipped glossary and names, as the pipeline does,
then run through the qa stage. Flags of severity warning or error count.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from bilingue.document import Segment, SegmentState, Severity, TermHit
from bilingue.glossary.match import Matcher, compile_matcher
from bilingue.stages.names import protect_names_segment
from bilingue.stages.protect import protect_segment
from bilingue.stages.qa import QA_CODES, Pair, qa_segment
from bilingue.stages.qa.markup import clean_markup
from bilingue.stages.qa.surface import length_ratio
from bilingue.stages.qa.untranslated import suspect_words

HERE = Path(__file__).parent
ROOT = HERE.parent.parent

# The targets the brief sets (checked by tests/test_qa_eval.py).
MIN_RECALL = 0.95
MAX_FALSE_FLAG_RATE = 0.05
MIN_UNTRANSLATED_RECALL = 0.9


@dataclass(frozen=True)
class Labelled:
    source: str
    target: str
    expected: frozenset[str]  # codes that must fire
    allowed: frozenset[str] = frozenset()  # codes that may fire as a side effect
    origin: str = "good"
    extra_terms: tuple[TermHit, ...] = ()


@dataclass
class Report:
    pairs: int = 0
    good: int = 0
    good_flagged: int = 0
    true_pos: Counter[str] = field(default_factory=Counter)
    false_neg: Counter[str] = field(default_factory=Counter)
    false_pos: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    false_flags: list[str] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    unknown_words: int = 0
    found_with_marks: int = 0
    found_by_lists: int = 0
    apertium_segments: int = 0

    def recall(self, code: str) -> float:
        total = self.true_pos[code] + self.false_neg[code]
        return self.true_pos[code] / total if total else 1.0

    def precision(self, code: str) -> float:
        total = self.true_pos[code] + self.false_pos[code]
        return self.true_pos[code] / total if total else 1.0

    @property
    def false_flag_rate(self) -> float:
        return self.good_flagged / self.good if self.good else 0.0

    @property
    def untranslated_recall(self) -> float:
        return self.found_with_marks / self.unknown_words if self.unknown_words else 1.0

    @property
    def list_only_recall(self) -> float:
        return self.found_by_lists / self.unknown_words if self.unknown_words else 1.0


def _rows(name: str) -> list[list[str]]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def labelled_pairs() -> list[Labelled]:
    pairs = [Labelled(s, t, frozenset()) for s, t in _rows("good_pairs.tsv")]
    pairs += [
        Labelled(s, t, frozenset({kind}), frozenset(filter(None, [also])), "seeded")
        for kind, also, s, t in _rows("seeded.tsv")
    ]
    pairs += [
        Labelled(s, t, frozenset(codes.split(",")), frozenset(), "argos")
        for codes, s, t in _rows("argos_errors.tsv")
    ]
    for code, term, english, wrong, s, t in _rows("forbidden.tsv"):
        at = s.lower().find(term.lower())
        hit = TermHit(
            s[at : at + len(term)], english, at, at + len(term), forbidden=tuple(wrong.split("|"))
        )
        pairs.append(
            Labelled(s, t, frozenset(filter(None, [code])), origin="forbidden", extra_terms=(hit,))
        )
    return pairs


@lru_cache(maxsize=1)
def _matcher() -> Matcher:
    from bilingue.glossary.store import default_glossary_paths, load_glossary

    return compile_matcher(load_glossary(default_glossary_paths(ROOT)))


def protected(source: str) -> Segment:
    """``source`` as the pipeline hands it to the engine: glossary terms and names found."""
    segment = Segment("e", source, state=SegmentState.TRANSLATED)
    return protect_names_segment(protect_segment(segment, _matcher()))


def flagged_codes(source: str, target: str, extra_terms: tuple[TermHit, ...] = ()) -> set[str]:
    segment = protected(source)
    segment = segment.with_(target=target, terms=segment.terms + extra_terms)
    checked = qa_segment(segment)
    return {f.code for f in checked.flags if f.code in QA_CODES and f.severity != Severity.INFO}


def _apertium_rows() -> list[dict[str, object]]:
    path = HERE / "apertium.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def evaluate() -> Report:
    report = Report()
    for pair in labelled_pairs():
        report.pairs += 1
        found = flagged_codes(pair.source, pair.target, pair.extra_terms)
        if not pair.expected:
            report.good += 1
            report.ratios.append(length_ratio(pair.source, pair.target))
            if found:
                report.good_flagged += 1
                report.false_flags.append(f"{sorted(found)} {pair.target}")
        for code in QA_CODES:
            if code in pair.expected:
                if code in found:
                    report.true_pos[code] += 1
                else:
                    report.false_neg[code] += 1
                    report.misses.append(f"{code} {pair.target}")
            elif code in found and code not in pair.allowed:
                report.false_pos[code] += 1
    for row in _apertium_rows():
        unknown = [str(word) for word in row["unknown"]]  # type: ignore[attr-defined]
        _score_apertium(report, str(row["source"]), str(row["raw"]), unknown)
    return report


def _score_apertium(report: Report, source: str, raw: str, unknown: list[str]) -> None:
    """Which of the words Apertium marked unknown the checks find, with and without marks."""
    report.apertium_segments += 1
    if not unknown:
        return
    segment = protected(source)
    cleaned = clean_markup(source, raw)
    with_marks = {cleaned.target[s:e] for s, e, _ in suspect_words(_with_terms(cleaned, segment))}
    bare = _with_terms(cleaned, segment, marks=False)
    by_lists = {bare.target[s:e] for s, e, _ in suspect_words(bare)}
    for word in unknown:
        report.unknown_words += 1
        # A word found inside a longer flagged one ("dièse" in "word-dièse") is found.
        report.found_with_marks += any(word in found for found in with_marks)
        report.found_by_lists += any(word in found for found in by_lists)


def _with_terms(pair: Pair, segment: Segment, *, marks: bool = True) -> Pair:
    """``pair`` with the segment's protected terms, and without the engine's marks if not
    ``marks`` (what the word lists alone must find)."""
    return replace(pair, terms=segment.terms, unknown=pair.unknown if marks else ())


def render(report: Report) -> str:
    lines = [f"{report.pairs} labelled pairs ({report.good} good), QA codes:"]
    lines.append(f"{'check':18} {'precision':>9} {'recall':>7}  (tp/fn/fp)")
    for code in QA_CODES:
        lines.append(
            f"{code:18} {report.precision(code):9.2f} {report.recall(code):7.2f}  "
            f"({report.true_pos[code]}/{report.false_neg[code]}/{report.false_pos[code]})"
        )
    lines.append(
        f"false-flag rate on good pairs: {report.false_flag_rate:.3f} "
        f"({report.good_flagged}/{report.good})"
    )
    ratios = sorted(report.ratios)
    lines.append(f"length ratio on good pairs: {ratios[0]:.2f} … {ratios[-1]:.2f}")
    lines.append(
        f"untranslated-word recall on real Apertium output ({report.apertium_segments} "
        f"segments, {report.unknown_words} unknown words): {report.untranslated_recall:.3f} "
        f"with the engine's marks, {report.list_only_recall:.3f} from word lists alone"
    )
    lines += [f"  miss: {m}" for m in report.misses]
    lines += [f"  false flag: {m}" for m in report.false_flags]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(evaluate()))
