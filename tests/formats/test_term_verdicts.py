"""The review DOCX and the JSON sidecar give every protected term the same verdict.

Targets are generated with the forms engines really produce around a term: marked
(`*Soyuz`, `#Soyuz`, `@CNES`), glued into a longer word, lower-cased, repeated too
few times, nested in a longer term. The verdict comes from the translate stage's own
check; the DOCX is read back with python-docx and the JSON with json, and a term is
found in the DOCX when its form is drawn in the term colour in the English column.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docx
from docx.shared import RGBColor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingue.document import Block, BlockKind, Document, Segment, SegmentState, TermHit
from bilingue.flags import term_missing
from bilingue.formats.review_docx import write_review_docx
from bilingue.formats.sidecar_json import write_sidecar
from bilingue.stages.translate import verify

FOUND = RGBColor.from_string("1F4E9A")

# Forms that nest ("ESA" in "ESA Director General") but never overlap partially.
FORMS = ("Soyuz", "CNES", "ESA", "ESA Director General", "Ariane 6", "+33 1 44 76 75 00")
FILLER = ("the", "launch", "of", ",", ".", "and", "(", ")", "-", "l’")


def _variants(form: str) -> list[str]:
    return [
        form,
        form,
        f"*{form}",
        f"#{form}",
        f"@{form}",
        f"{form}s",
        f"x{form}",
        f"{form}_1",
        form.lower(),
    ]


@st.composite
def segments(draw: st.DrawFn, index: int) -> Segment:
    forms = draw(st.lists(st.sampled_from(FORMS), min_size=1, max_size=3))
    source_parts: list[str] = []
    hits: list[TermHit] = []
    cursor = 0
    for form in forms:
        start = cursor + len("le ")
        source_parts.append(f"le {form}")
        hits.append(TermHit(form, form, start, start + len(form), entry=form))
        cursor = start + len(form) + 1
    words = st.sampled_from([v for form in FORMS for v in _variants(form)] + list(FILLER))
    target = " ".join(draw(st.lists(words, max_size=8)))
    verdicts = verify(target, hits).ok
    terms = tuple(TermHit(h.source, h.target, h.start, h.end, entry=h.entry, ok=ok)
                  for h, ok in zip(hits, verdicts, strict=True))  # fmt: skip
    return Segment(
        id=f"p1.s{index}",
        source=" ".join(source_parts),
        space_after=" ",
        target=target,
        state=SegmentState.TRANSLATED,
        terms=terms,
        flags=tuple(term_missing(hit) for hit in terms if not hit.ok),
    )


@st.composite
def documents(draw: st.DrawFn) -> Document:
    count = draw(st.integers(min_value=5, max_value=25))
    segs = tuple(draw(segments(i)) for i in range(1, count + 1))
    block = Block("p1", BlockKind.PARAGRAPH, "".join(s.source + s.space_after for s in segs), segs)
    return Document(source_path="generated.txt", blocks=(block,))


def _docx_found(path: Path) -> dict[str, set[str]]:
    """Per segment id: the texts drawn in the found-term colour in its English cell."""
    table = docx.Document(str(path)).tables[0]
    found: dict[str, set[str]] = {}
    for row in table.rows[1:]:
        runs: list[Any] = [run for p in row.cells[2].paragraphs for run in p.runs]
        found[row.cells[0].text] = {run.text for run in runs if run.font.color.rgb == FOUND}
    return found


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=documents())
def test_docx_and_json_give_each_term_the_same_verdict(doc: Document, tmp_path: Path) -> None:
    write_review_docx(doc, tmp_path / "r.review.docx")
    write_sidecar(doc, tmp_path / "r.json")
    drawn = _docx_found(tmp_path / "r.review.docx")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    for segment in data["segments"]:
        for term in segment["terms"]:
            in_docx = term["target"] in drawn[segment["id"]]
            assert in_docx is term["ok"], (segment["target"], term, drawn[segment["id"]])


def test_marked_terms_are_not_drawn_as_found(tmp_path: Path) -> None:
    hits = [TermHit("Soyouz", "Soyuz", 3, 9), TermHit("CNES", "CNES", 13, 17)]
    target = "The *Soyuz, #Soyuz and @CNES"
    terms = tuple(TermHit(h.source, h.target, h.start, h.end, ok=ok)
                  for h, ok in zip(hits, verify(target, hits).ok, strict=True))  # fmt: skip
    segment = Segment("p1.s1", "le Soyouz et CNES", target=target, terms=terms)
    doc = Document("x.txt", (Block("p1", BlockKind.PARAGRAPH, segment.source, (segment,)),))
    write_review_docx(doc, tmp_path / "x.review.docx")
    assert [t.ok for t in terms] == [False, False]
    assert _docx_found(tmp_path / "x.review.docx") == {"p1.s1": set()}
