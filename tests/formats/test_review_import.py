"""Reading a reviewed DOCX: statuses, rows, comments, binding; LibreOffice keeps what we need."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingue.errors import ReviewMismatch
from bilingue.formats.review_binding import ReviewBinding, binding_for
from bilingue.formats.review_docx import write_review_docx
from bilingue.formats.review_import import parse_status, read_binding, read_reviewed_docx
from tests.formats.samples import sample_document
from tests.review_edits import ReviewEditor, libreoffice_resave


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("", ""),
        ("  ", ""),
        ("(not reviewed)", ""),
        ("approved", "approved"),
        ("Approved", "approved"),
        (" APPROVED ", "approved"),
        ("validé", "approved"),
        ("Valide", "approved"),
        ("VALIDÉE", "approved"),
        ("rejected", "rejected"),
        ("rejeté", "rejected"),
        ("Rejete", "rejected"),
        ("ok", None),
        ("edited", None),
    ],
)
def test_parse_status(text: str, status: str | None) -> None:
    assert parse_status(text) == status


def test_binding_splits_segment_hashes_into_short_properties() -> None:
    segments = tuple((f"p{n}.s1", f"{n:010x}") for n in range(500))
    binding = ReviewBinding("d" * 16, "release.txt", "c" * 64, 4, segments)
    props = binding.to_properties()
    assert all(len(value) <= 255 for value in props.values())  # what Word keeps
    assert len([name for name in props if name.startswith("bilingue.segments.")]) > 1
    assert ReviewBinding.from_properties(props) == binding


def test_a_binding_missing_a_chunk_is_damaged() -> None:
    segments = tuple((f"p{n}.s1", f"{n:010x}") for n in range(100))
    props = ReviewBinding("d", "r.txt", "c", 1, segments).to_properties()
    del props["bilingue.segments.2"]
    with pytest.raises(ValueError, match="binding lists"):
        ReviewBinding.from_properties(props)


@pytest.fixture
def review_path(tmp_path: Path) -> Path:
    path = tmp_path / "release.review.docx"
    doc = sample_document()
    write_review_docx(doc, path, binding=binding_for(doc, "c" * 64, 2))
    return path


def test_rows_as_written(review_path: Path) -> None:
    reviewed = read_reviewed_docx(review_path)
    doc = sample_document()
    assert [r.segment_id for r in reviewed.rows] == [s.id for s in doc.segments()]
    assert [r.source for r in reviewed.rows] == [s.source for s in doc.segments()]
    expected = [(s.target if s.translate else s.source) or "" for s in doc.segments()]
    assert [r.target for r in reviewed.rows] == expected
    assert {r.status for r in reviewed.rows} == {""}
    assert reviewed.binding.revision == 2
    assert reviewed.modified_by == "bilingue"


def test_statuses_comments_and_tracked_changes_come_back(review_path: Path) -> None:
    editor = ReviewEditor(review_path)
    editor.track_change("p2.s1", delete="This meeting", insert="The meeting", author="Ana")
    editor.set_status("p2.s1", "Validé")
    editor.set_text("p2.s2", "comment", "Say ESA.")
    editor.add_comment("p2.s2", "Missing term.", author="Ana", date="2026-11-21T09:00:00Z")
    editor.save(review_path)
    rows = {r.segment_id: r for r in read_reviewed_docx(review_path).rows}
    assert rows["p2.s1"].target.startswith("The meeting")
    assert (rows["p2.s1"].status, rows["p2.s1"].edit_author) == ("approved", "Ana")
    assert [(c.text, c.author, c.date) for c in rows["p2.s2"].comments] == [
        ("Say ESA.", "", ""),
        ("Missing term.", "Ana", "2026-11-21T09:00:00Z"),
    ]


def test_an_unknown_status_names_the_segment(review_path: Path) -> None:
    editor = ReviewEditor(review_path)
    editor.set_status("p2.s2", "done")
    editor.save(review_path)
    with pytest.raises(ReviewMismatch, match=r"p2\.s2: unknown status 'done'"):
        read_reviewed_docx(review_path)


def test_a_docx_without_binding_is_not_a_review(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "plain.docx"
    docx.Document().save(str(path))
    assert read_binding(path) is None
    with pytest.raises(ReviewMismatch, match="not a bilingue review DOCX"):
        read_reviewed_docx(path)


@pytest.mark.libreoffice
def test_libreoffice_keeps_binding_and_status_drop_down(review_path: Path, tmp_path: Path) -> None:
    editor = ReviewEditor(review_path)
    editor.set_status("p2.s1", "rejected")
    editor.save(review_path)
    saved = libreoffice_resave(review_path, tmp_path / "lo", tmp_path / "profile")
    assert read_binding(saved) == read_binding(review_path)
    after = ReviewEditor(saved)
    drop_down = after.cell("p2.s1", "status").find(
        ".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}dropDownList"
    )
    assert drop_down is not None and len(drop_down) == 3
    assert read_reviewed_docx(saved).rows == read_reviewed_docx(review_path).rows


def test_a_cell_shaped_the_way_word_writes_it(review_path: Path) -> None:
    editor = ReviewEditor(review_path)
    editor.set_xml(
        "p2.s1",
        "target",
        '<w:r w:rsidR="00D1"><w:t xml:space="preserve">The meeting took </w:t></w:r>'
        '<w:proofErr w:type="gramStart"/><w:r w:rsidR="00E2"><w:t>place</w:t></w:r>'
        '<w:proofErr w:type="gramEnd"/><w:bookmarkStart w:id="3" w:name="_GoBack"/>'
        '<w:r><w:t xml:space="preserve"> in </w:t></w:r><w:bookmarkEnd w:id="3"/>'
        '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="City">'
        "<w:r><w:t>Moscow</w:t></w:r></w:smartTag>"
        '<w:del w:id="7" w:author="Ana" w:date="2026-11-21T08:00:00Z"><w:r>'
        "<w:delText> yesterday</w:delText></w:r></w:del>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        ' DATE \\@ "d MMMM" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
        '</w:r><w:r><w:t xml:space="preserve"> on 17 May</w:t></w:r><w:r>'
        '<w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t><w:br/><w:t>(CNES)</w:t></w:r>',
    )
    editor.save(review_path)
    row = read_reviewed_docx(review_path).rows[1]
    assert row.target == "The meeting took place in Moscow on 17 May.\n(CNES)"
    assert (row.edit_author, row.edit_date) == ("Ana", "2026-11-21T08:00:00Z")
