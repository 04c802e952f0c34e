"""Inline codes: cut per segment, carried onto the English, never dropped or doubled."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from bilingue.document import Block, BlockKind, Document, EngineInfo, InlineCode, Segment
from bilingue.engines.argos import ArgosEngine
from bilingue.inline import clip_codes, remap_codes
from bilingue.stages.codes import CODE_MOVED, carry_codes, hand_codes, place_codes
from bilingue.stages.segment import segment


class DictionaryEngine:
    """Translates whole sources from a table (unknown ones come back unchanged)."""

    keeps_spans = False

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.batches: list[list[str]] = []

    @property
    def info(self) -> EngineInfo:
        return EngineInfo("dictionary")

    def translate(self, sources: Sequence[str]) -> list[str]:
        self.batches.append(list(sources))
        return [self.table.get(s, s) for s in sources]


def _code(kind: str, text: str, word: str, cid: str = "c0", data: str = "") -> InlineCode:
    start = text.index(word)
    end = start if kind in ("footnote", "field") else start + len(word)
    return InlineCode(cid, kind, start, end, data=data)


def test_remap_follows_cleaning() -> None:
    old = "Le  chat\nnoir dort."
    new = "Le chat noir dort."
    bold = InlineCode("c0", "bold", old.index("noir"), old.index("noir") + 4)
    (moved,) = remap_codes(old, new, [bold])
    assert new[moved.start : moved.end] == "noir"


def test_clip_cuts_a_code_crossing_segments() -> None:
    code = InlineCode("c0", "bold", 2, 12)
    assert clip_codes([code], 0, 6) == (InlineCode("c0", "bold", 2, 6),)
    assert clip_codes([code], 6, 20) == (InlineCode("c0", "bold", 0, 6),)


def test_hand_codes_gives_each_segment_its_part() -> None:
    text = "Le chat dort. Le chien mange."
    codes = (
        _code("bold", text, "chat"),
        InlineCode("c1", "italic", text.index("dort"), text.index("chien") + 5),
        InlineCode("x0", "footnote", len(text), len(text)),
    )
    doc = Document("x.docx", (Block("p1", BlockKind.PARAGRAPH, text, codes=codes),))
    first, second = hand_codes(segment(doc)).blocks[0].segments
    assert [(c.id, first.source[c.start : c.end]) for c in first.codes] == [
        ("c0", "chat"),
        ("c1", "dort."),
    ]
    assert [(c.id, second.source[c.start : c.end]) for c in second.codes] == [
        ("c1", "Le chien"),
        ("x0", ""),
    ]
    assert second.codes[-1].start == len(second.source)


def _segment(source: str, target: str, codes: tuple[InlineCode, ...]) -> Segment:
    return Segment("p1.s1", source, target=target, codes=codes)


def test_paired_code_lands_on_the_english_of_its_french() -> None:
    source = "Le chat noir dort."
    seg = _segment(source, "The black cat sleeps.", (_code("bold", source, "chat noir"),))
    placed = place_codes(seg, {"chat noir": "black cat"})
    (code,) = placed.target_codes
    assert placed.target is not None
    assert placed.target[code.start : code.end] == "black cat"
    assert not placed.flags


def test_untranslated_name_is_found_as_is() -> None:
    source = "Il a vu Popovkine hier."
    seg = _segment(source, "He saw Popovkine yesterday.", (_code("italic", source, "Popovkine"),))
    (code,) = place_codes(seg, {}).target_codes
    assert seg.target is not None and seg.target[code.start : code.end] == "Popovkine"


def test_whole_segment_code_covers_the_whole_target() -> None:
    source = "Tout est en gras."
    seg = _segment(source, "All is bold.", (InlineCode("c0", "bold", 0, len(source)),))
    (code,) = place_codes(seg, {}).target_codes
    assert (code.start, code.end) == (0, len("All is bold."))


def test_footnote_at_the_end_stays_before_the_full_stop() -> None:
    source = "Le CNES signe."
    seg = _segment(source, "CNES signs.", (InlineCode("x0", "footnote", 13, 13),))
    (code,) = place_codes(seg, {}).target_codes
    assert code.start == len("CNES signs")


def test_placeholder_after_the_full_stop_stays_after_it() -> None:
    source = "Le CNES signe."
    seg = _segment(source, "CNES signs.", (InlineCode("x0", "image", 14, 14),))
    (code,) = place_codes(seg, {}).target_codes
    assert code.start == len("CNES signs.")


def test_code_that_cannot_be_found_is_moved_and_flagged_not_dropped() -> None:
    source = "Un mot rare ici."
    seg = _segment(source, "A word here.", (_code("bold", source, "rare"),))
    placed = place_codes(seg, {"rare": "uncommon"})
    (code,) = placed.target_codes
    assert code.end > code.start
    assert placed.target is not None and placed.target[code.start : code.end].strip()
    assert [f.code for f in placed.flags] == [CODE_MOVED]
    assert "rare" in placed.flags[0].message


def test_two_codes_on_one_word_are_not_doubled_onto_one_place() -> None:
    source = "Paris et Paris."
    codes = (
        InlineCode("c0", "bold", 0, 5),
        InlineCode("c1", "bold", 9, 14),
    )
    seg = _segment(source, "Paris and Paris.", codes)
    first, second = place_codes(seg, {"Paris": "Paris"}).target_codes
    assert (first.start, second.start) == (0, 10)


def test_link_and_underline_share_the_same_words() -> None:
    source = "Voir le site ici."
    codes = (
        _code("link", source, "site", "c0", data="https://x.fr"),
        _code("underline", source, "site", "c1"),
    )
    seg = _segment(source, "See the website here.", codes)
    placed = place_codes(seg, {"site": "website"})
    assert [placed.target[c.start : c.end] for c in placed.target_codes] == ["website"] * 2  # type: ignore[index]
    assert placed.target_codes[0].data == "https://x.fr"


@pytest.mark.parametrize("translate", [True, False])
def test_carry_codes_sends_fragments_in_one_batch_and_keeps_every_code(translate: bool) -> None:
    source = "Le chat noir dort."
    codes = (_code("bold", source, "chat noir"), InlineCode("x0", "footnote", 17, 17))
    seg = Segment("p1.s1", source, target="The black cat sleeps.", codes=codes, translate=translate)
    if not translate:
        seg = seg.with_(target=source)
    doc = Document("x.docx", (Block("p1", BlockKind.PARAGRAPH, source, segments=(seg,)),))
    engine = DictionaryEngine({"chat noir": "black cat"})
    out = next(carry_codes(doc, engine).segments())
    assert sorted(c.id for c in out.target_codes) == ["c0", "x0"]
    assert engine.batches == ([["chat noir"]] if translate else [])


def test_real_argos_engine_keeps_every_code_once(argos_engine: ArgosEngine, tmp_path: Path) -> None:
    """Through the real (random-weight) Argos model: words are nonsense, so codes are
    mostly moved and flagged; none is dropped, doubled or outside its target."""
    from bilingue.formats.docx_source import read_docx
    from bilingue.glossary import Glossary
    from bilingue.pipeline import prepare, run
    from tests.formats.docx_fixture import build_release_docx

    source = build_release_docx(tmp_path / "release.docx")
    doc = run(prepare(read_docx(source)), argos_engine, Glossary(()))
    coded = [s for s in doc.segments() if s.codes]
    assert len(coded) >= 4
    for seg in coded:
        assert seg.target is not None
        assert sorted(c.id for c in seg.target_codes) == sorted(c.id for c in seg.codes)
        assert all(0 <= c.start <= c.end <= len(seg.target) for c in seg.target_codes)
        moved = [f for f in seg.flags if f.code == CODE_MOVED]
        paired_lost = [
            c
            for c in seg.target_codes
            if not c.is_placeholder and not seg.target[c.start : c.end].strip()
        ]
        assert not paired_lost or moved


def test_whole_segment_codes_cost_no_engine_call() -> None:
    source = "Tout est en gras."
    seg = Segment("p1.s1", source, target="All bold.", codes=(InlineCode("c0", "bold", 0, 17),))
    doc = Document("x.docx", (Block("p1", BlockKind.PARAGRAPH, source, segments=(seg,)),))
    engine = DictionaryEngine({})
    out = next(carry_codes(doc, engine).segments())
    assert engine.batches == []
    assert [(c.start, c.end) for c in out.target_codes] == [(0, len("All bold."))]


def test_engine_returning_too_few_fragments_is_an_error() -> None:
    from bilingue.errors import EngineError

    class Short(DictionaryEngine):
        def translate(self, sources: Sequence[str]) -> list[str]:
            return []

    source = "Le chat noir dort."
    seg = Segment("p1.s1", source, target="x", codes=(_code("bold", source, "chat"),))
    doc = Document("x.docx", (Block("p1", BlockKind.PARAGRAPH, source, segments=(seg,)),))
    with pytest.raises(EngineError, match="0 translations for 1 fragments"):
        carry_codes(doc, Short({}))


def test_codes_follow_a_later_stage_rewriting_the_target() -> None:
    from bilingue.stages.codes import follow_targets

    target = "The *Soyuz rocket flew."
    bold = InlineCode("c0", "bold", target.index("rocket"), target.index("rocket") + 6)
    seg = Segment("p1.s1", "La fusée Soyouz a volé.", target=target, target_codes=(bold,))
    before = Document("x.txt", (Block("p1", BlockKind.PARAGRAPH, "", segments=(seg,)),))
    after = before.map_segments(lambda s: s.with_(target="The Soyuz rocket flew."))
    (moved,) = next(follow_targets(before, after).segments()).target_codes
    assert "The Soyuz rocket flew."[moved.start : moved.end] == "rocket"
