"""The function-word shortcut changes no detect decision: compared with langdetect alone.

The detect stage skips langdetect where French function words decide
(stages/evidence.py). Run on every French and English sentence the tests hold (the
QA evaluation pairs, the sample release, the real PDFs when present), each segment's
decision (language, translate, flags) must be what langdetect alone decides.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bilingue.document import Segment
from bilingue.formats.txt import text_to_document
from bilingue.stages import detect as detect_module
from bilingue.stages.clean import clean
from bilingue.stages.detect import detect, detect_segment
from bilingue.stages.evidence import (
    DOCUMENT_MIN_FRENCH_SHARE,
    document_is_french,
    function_words,
    segment_is_french,
)
from bilingue.stages.segment import segment

QA_EVAL = Path(__file__).resolve().parent.parent / "qa_eval"
PDF_DIR = Path(__file__).resolve().parents[3] / "shared" / "pdf"


def _tsv_columns(name: str, columns: tuple[int, ...]) -> Iterator[str]:
    for line in (QA_EVAL / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cells = line.split("\t")
        yield from (cells[c] for c in columns if c < len(cells))


def _corpus() -> list[str]:
    texts = list(_tsv_columns("good_pairs.tsv", (0, 1)))  # French and English
    texts += _tsv_columns("argos_errors.tsv", (1,))
    texts += _tsv_columns("seeded.tsv", (1,))
    for line in (QA_EVAL / "apertium.jsonl").read_text(encoding="utf-8").splitlines():
        texts.append(json.loads(line)["source"])
    return [text for text in texts if text.strip()]


def _reference(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the detect stage ask langdetect about everything, as it did before."""
    monkeypatch.setattr(detect_module, "segment_is_french", lambda text: False)
    monkeypatch.setattr(detect_module, "document_is_french", lambda text: None)


def _decision(segment: Segment) -> tuple[str, bool, tuple[str, ...]]:
    return segment.lang, segment.translate, tuple(flag.code for flag in segment.flags)


def test_corpus_is_large_and_mixed() -> None:
    texts = _corpus()
    assert len(texts) >= 200
    english = [t for t in texts if function_words(t)[1] > function_words(t)[0]]
    assert len(english) >= 30  # the hand-written English translations


@pytest.mark.parametrize("document_language", ["fr", "en"])
def test_segment_decisions_match_langdetect_alone(
    monkeypatch: pytest.MonkeyPatch, document_language: str
) -> None:
    segments = [Segment(f"p{i}.s1", text) for i, text in enumerate(_corpus())]
    fast = [_decision(detect_segment(s, document_language)) for s in segments]
    shortcut = sum(segment_is_french(s.source) for s in segments)
    _reference(monkeypatch)
    slow = [_decision(detect_segment(s, document_language)) for s in segments]
    assert fast == slow
    assert shortcut >= len(segments) // 3  # the shortcut really is taken


def _pdf_texts() -> list[str]:
    if not PDF_DIR.is_dir() or shutil.which("pdftotext") is None:
        return []
    texts = []
    for pdf in sorted(PDF_DIR.glob("*.pdf")):
        done = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=False
        )
        if done.returncode == 0 and done.stdout.strip():
            texts.append(done.stdout)
    return texts


def test_whole_documents_decide_the_same(monkeypatch: pytest.MonkeyPatch, seed_path: Path) -> None:
    texts = [seed_path.read_text(encoding="utf-8"), *_pdf_texts()]
    english = "\n\n".join(_tsv_columns("good_pairs.tsv", (1,)))
    texts.append(english)
    docs = [segment(clean(text_to_document(t, source_path="x.txt"))) for t in texts]
    fast = [detect(doc) for doc in docs]
    _reference(monkeypatch)
    slow = [detect(doc) for doc in docs]
    for quick, reference in zip(fast, slow, strict=True):
        assert quick.language is not None and reference.language is not None
        assert quick.language.code == reference.language.code
        assert [_decision(s) for s in quick.segments()] == [
            _decision(s) for s in reference.segments()
        ]
    assert fast[0].language is not None and fast[0].language.code == "fr"
    assert fast[-1].language is not None and fast[-1].language.code == "en"


def test_document_shortcut_needs_overwhelming_french() -> None:
    french = "Le CNES et l'ESA ont signé un accord pour les lanceurs dans le domaine spatial. "
    assert document_is_french(french * 3) is not None
    guess = document_is_french(french * 3)
    assert guess is not None and guess.code == "fr"
    assert DOCUMENT_MIN_FRENCH_SHARE <= guess.confidence <= 1.0
    assert document_is_french(french) is None  # too few function words to decide
    english = "The agency and the partners signed it with the ministry for the launchers. "
    assert document_is_french(french * 3 + english) is None  # mixed: langdetect decides


def test_a_plainly_french_sentence_takes_the_shortcut() -> None:
    assert segment_is_french("la mission a été lancée depuis la base avec succès")
    assert not segment_is_french("the mission was launched from the base with success")
    assert not segment_is_french("la misión de la agencia en marzo del año")
