"""The labelled set meets the readers' targets, and every reader loses no words."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingue.formats import read_document
from bilingue.pipeline import prepare
from tests.formats.pdf_fixtures import Page, column, draw_pdf
from tests.readers_eval.evaluate import EvalReport, evaluate

_WORD = re.compile(r"[^\W_]+")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> EvalReport:
    return evaluate(tmp_path_factory.mktemp("readers-eval"))


def test_at_least_twenty_documents(report: EvalReport) -> None:
    assert report.documents >= 20
    assert report.errors == []


def test_blocks_right_kind_and_boundaries(report: EvalReport) -> None:
    assert report.block_accuracy >= 0.97, "\n".join(report.lines())


def test_pdf_segments_rarely_split_or_glued(report: EvalReport) -> None:
    assert report.split_glue_rate <= 0.03, "\n".join(report.lines())


def test_no_running_furniture_in_segments(report: EvalReport) -> None:
    assert report.furniture_leaks == []


def test_no_lost_words(report: EvalReport) -> None:
    assert report.lost_words == []


# --- no-loss: every word written reaches a block, whatever the format ----------------

_FRENCH_WORD = st.sampled_from(
    [
        "le",
        "la",
        "les",
        "des",
        "une",
        "satellite",
        "lancement",
        "coopération",
        "spatiale",
        "agence",
        "Toulouse",
        "Paris",
        "mission",
        "données",
        "orbite",
        "européenne",
        "été",
        "accord-cadre",
        "l’ESA",
        "d’études",
        "2024",
        "3,5",
        "%",
        "ingénieurs",
        "programme",
        "Ariane",
        "Lune",
        "Mars",
        "recherche",
    ]
)
_SENTENCE = st.lists(_FRENCH_WORD, min_size=3, max_size=14).map(
    lambda words: " ".join(words).capitalize() + "."
)
_PARAGRAPHS = st.lists(
    st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=5
)


def _words(texts: list[str]) -> Counter[str]:
    return Counter(w.lower() for text in texts for w in _WORD.findall(text))


def _read_words(path: Path) -> Counter[str]:
    return _words([b.text for b in prepare(read_document(path)).blocks])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(paragraphs=_PARAGRAPHS)
def test_markdown_html_txt_lose_nothing(tmp_path: Path, paragraphs: list[str]) -> None:
    import html

    files = {
        "r.md": "\n\n".join(paragraphs),
        "r.txt": "\n\n".join(paragraphs),
        "r.html": "<main>" + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) + "</main>",
    }
    for name, content in files.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        assert _read_words(path) == _words(paragraphs), name


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(paragraphs=_PARAGRAPHS)
def test_pdf_loses_nothing(tmp_path: Path, paragraphs: list[str]) -> None:
    page = Page()
    y = 780.0
    for text in paragraphs:
        placed = column(56, y, text, 300)
        page.texts.extend(placed)
        y = placed[-1].y - 22
    path = draw_pdf(tmp_path / "r.pdf", [page])
    assert _read_words(path) == _words(paragraphs)
