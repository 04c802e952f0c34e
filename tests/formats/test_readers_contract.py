"""The shared reader contract (tests/formats/contract.py) for the PDF, HTML, Markdown
and ODT readers."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.formats.contract import ReaderContract, _words
from tests.formats.pdf_fixtures import Page, column, draw_pdf

# Markdown syntax characters, escaped as any Markdown writer escapes them in text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<])")


class TestHtmlReader(ReaderContract):
    extension = ".html"

    def write_document(self, path: Path, paragraphs: Sequence[str]) -> None:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        path.write_text(f"<!DOCTYPE html><html><body><main>{body}</main></body></html>", "utf-8")


class TestMarkdownReader(ReaderContract):
    extension = ".md"

    def write_document(self, path: Path, paragraphs: Sequence[str]) -> None:
        escaped = (_MARKDOWN_SPECIAL.sub(r"\\\1", p) for p in paragraphs)
        path.write_text("\n\n".join(escaped) + "\n", encoding="utf-8")


class TestOdtReader(ReaderContract):
    extension = ".odt"

    def write_document(self, path: Path, paragraphs: Sequence[str]) -> None:
        from odf.opendocument import OpenDocumentText
        from odf.text import P

        document = OpenDocumentText()
        for paragraph in paragraphs:
            document.text.addElement(P(text=paragraph))
        document.save(str(path))


class TestPdfReader(ReaderContract):
    extension = ".pdf"

    def write_document(self, path: Path, paragraphs: Sequence[str]) -> None:
        page = Page()
        y = 780.0
        for paragraph in paragraphs:
            placed = column(56, y, paragraph, 420)
            page.texts.extend(placed)
            y = placed[-1].y - 24
        draw_pdf(path, [page])

    # The PDF standard fonts draw Latin-1 only, so the property runs on the letters a
    # French release can hold (the labelled set covers real French text at length).
    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        paragraphs=st.lists(
            st.text(
                st.sampled_from("abcdefghijklmnopqrstuvwxyzéèêàâçôùûïœ ABCDÉÈ0123456789’«»-.,;:!?"),
                min_size=1,
                max_size=60,
            ).filter(lambda t: _words(t)),
            min_size=1,
            max_size=5,
        )
    )
    def test_any_text_keeps_every_word(
        self, tmp_path_factory: pytest.TempPathFactory, paragraphs: list[str]
    ) -> None:
        super().test_any_text_keeps_every_word.hypothesis.inner_test(  # type: ignore[attr-defined]
            self, tmp_path_factory, paragraphs
        )
