"""The English as text, Markdown, HTML and a built DOCX, from hand-made documents."""

from __future__ import annotations

from pathlib import Path

from bilingue.document import Block, BlockKind, Document, InlineCode, Segment, SegmentState
from bilingue.formats.english import english_blocks, unapproved_ids
from bilingue.formats.publish_new_docx import build_docx
from bilingue.formats.publish_text import render_html, render_markdown, render_text


def _block(
    bid: str, kind: BlockKind, target: str, *, codes: tuple[InlineCode, ...] = (), **extra: object
) -> Block:
    segment = Segment(
        f"{bid}.s1",
        "fr",
        target=target,
        state=SegmentState.REVIEWED,
        codes=codes,
        target_codes=codes,
    )
    return Block(bid, kind, "fr", segments=(segment,), **extra)  # type: ignore[arg-type]


def _doc() -> Document:
    return Document(
        "release.txt",
        (
            _block("p1", BlockKind.HEADING, "Launch *success*", level=1),
            _block("p2", BlockKind.DATELINE, "Paris, 17 May 2013"),
            _block(
                "p3",
                BlockKind.PARAGRAPH,
                "Read the report now.",
                codes=(
                    InlineCode("c0", "link", 9, 15, data="https://x.fr/r?a=1&b=2"),
                    InlineCode("c1", "bold", 16, 19),
                ),
            ),
            _block("p4", BlockKind.QUOTE, "“We are proud.”"),
            _block("p5", BlockKind.LIST_ITEM, "first", list_kind="number"),
            _block("p6", BlockKind.LIST_ITEM, "second", list_kind="number"),
            _block("p7", BlockKind.LIST_ITEM, "nested", list_kind="bullet", list_level=1),
            _block("p8", BlockKind.PARAGRAPH, "The end."),
        ),
    )


def test_markdown_marks_kinds_codes_and_escapes() -> None:
    assert render_markdown(_doc()).splitlines() == [
        "# Launch \\*success\\*",
        "",
        "*Paris, 17 May 2013*",
        "",
        "Read the [report](https://x.fr/r?a=1&b=2) **now**.",
        "",
        "> “We are proud.”",
        "",
        "1. first",
        "2. second",
        "   - nested",
        "",
        "The end.",
    ]


def test_html_is_escaped_and_lists_are_lists() -> None:
    html = render_html(_doc(), language="en-US")
    assert '<html lang="en-US">' in html
    assert '<a href="https://x.fr/r?a=1&amp;b=2">report</a> <strong>now</strong>' in html
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n<ul>\n<li>nested</li>\n</ul>" in html
    assert '<p class="dateline"><em>Paris, 17 May 2013</em></p>' in html


def test_plain_text_keeps_the_url_after_the_link() -> None:
    text = render_text(_doc(), draft=True)
    assert text.startswith("DRAFT — not reviewed\n")
    assert "Read the report <https://x.fr/r?a=1&b=2> now." in text


def test_english_blocks_join_segments_and_codes() -> None:
    first = Segment(
        "p1.s1",
        "a",
        space_after=" ",
        target="One bold.",
        state=SegmentState.FINAL,
        target_codes=(InlineCode("c0", "bold", 4, 8),),
    )
    second = Segment(
        "p1.s2",
        "b",
        target="Two bold.",
        state=SegmentState.TRANSLATED,
        target_codes=(InlineCode("c0", "bold", 0, 3),),
    )
    doc = Document("x.txt", (Block("p1", BlockKind.PARAGRAPH, "a b", segments=(first, second)),))
    (english,) = english_blocks(doc)
    assert english.text == "One bold. Two bold."
    assert [(c.id, english.text[c.start : c.end]) for c in english.codes] == [
        ("c0", "bold"),
        ("c0", "Two"),
    ]
    assert unapproved_ids(doc) == ["p1.s2"]


def test_built_docx_has_a_style_per_kind(tmp_path: Path) -> None:
    import docx

    out = tmp_path / "x.docx"
    build_docx(_doc(), out, language="en-US")
    document = docx.Document(str(out))
    assert [p.style.name if p.style else None for p in document.paragraphs] == [
        "Title",
        "Dateline",
        "Normal",
        "Quote",
        "List Number",
        "List Number",
        "List Bullet 2",
        "Normal",
    ]
    runs = document.paragraphs[2].runs
    assert [(r.text, bool(r.bold)) for r in runs] == [
        ("Read the ", False),
        ("report", False),
        (" ", False),
        ("now", True),
        (".", False),
    ]
    assert document.core_properties.language == "en-US"
    assert document.core_properties.title == "Launch *success*"
