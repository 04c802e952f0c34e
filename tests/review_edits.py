"""Edits a reviewer makes to a review DOCX, written into its XML the way Word writes them.

Tests use this to produce reviewed files without Word: plain edits, tracked
insertions and deletions, statuses, comments (word/comments.xml, anchored in a row),
and the tampering the import must refuse.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS}
COLUMNS = {"id": 0, "source": 1, "target": 2, "status": 3, "comment": 4, "notes": 5}
_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def run(text: str, tag: str = "t") -> Any:
    r = etree.Element(w("r"))
    t = etree.SubElement(r, w(tag))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


class ReviewEditor:
    """A review DOCX opened for editing; ``save`` writes the edited package."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
        self.document = etree.fromstring(self.parts["word/document.xml"])
        self.comments: Any = None
        self._comment_id = 0

    def rows(self) -> list[Any]:
        table = self.document.find(".//w:tbl", NS)
        return list(table.iterchildren(w("tr")))[1:]

    def row(self, segment_id: str) -> Any:
        for tr in self.rows():
            cell = tr.findall(w("tc"))[0]
            if "".join(cell.itertext()).strip() == segment_id:
                return tr
        raise KeyError(segment_id)

    def cell(self, segment_id: str, column: str) -> Any:
        return self.row(segment_id).findall(w("tc"))[COLUMNS[column]]

    def text(self, segment_id: str, column: str) -> str:
        return "".join(self.cell(segment_id, column).itertext())

    def set_text(self, segment_id: str, column: str, text: str) -> None:
        """Replace a cell's text, as typing over it with tracking off does."""
        cell = self.cell(segment_id, column)
        paragraph = cell.find(w("p"))
        for child in list(paragraph):
            if child.tag != w("pPr"):
                paragraph.remove(child)
        paragraph.append(run(text))

    def set_xml(self, segment_id: str, column: str, paragraph_content: str) -> None:
        """Replace a cell's paragraph content with raw WordprocessingML (``w:`` prefix)."""
        cell = self.cell(segment_id, column)
        paragraph = cell.find(w("p"))
        for child in list(paragraph):
            if child.tag != w("pPr"):
                paragraph.remove(child)
        wrapper = etree.fromstring(f'<w:x xmlns:w="{W_NS}">{paragraph_content}</w:x>')
        for child in list(wrapper):
            paragraph.append(child)

    def track_change(
        self,
        segment_id: str,
        *,
        delete: str,
        insert: str,
        author: str = "Claire Martin",
        date: str = "2026-11-20T10:15:00Z",
    ) -> None:
        """Replace ``delete`` in the English cell by ``insert`` as tracked changes."""
        cell = self.cell(segment_id, "target")
        text = "".join(cell.itertext())
        before, found, after = text.partition(delete)
        assert found, f"{delete!r} not in {text!r}"
        paragraph = cell.find(w("p"))
        for child in list(paragraph):
            if child.tag != w("pPr"):
                paragraph.remove(child)
        paragraph.append(run(before))
        deletion = etree.SubElement(
            paragraph, w("del"), {w("id"): "901", w("author"): author, w("date"): date}
        )
        deletion.append(run(delete, "delText"))
        insertion = etree.SubElement(
            paragraph, w("ins"), {w("id"): "902", w("author"): author, w("date"): date}
        )
        insertion.append(run(insert))
        paragraph.append(run(after))

    def set_status(self, segment_id: str, status: str) -> None:
        """Pick ``status`` in the drop-down (its content's text changes)."""
        cell = self.cell(segment_id, "status")
        content = cell.find(".//w:sdtContent", NS)
        for child in list(content):
            content.remove(child)
        content.append(run(status))

    def add_comment(
        self, segment_id: str, text: str, *, author: str = "Claire Martin", date: str = ""
    ) -> None:
        """A Word comment anchored on the English cell of ``segment_id``."""
        if self.comments is None:
            self.comments = etree.Element(w("comments"), nsmap={"w": W_NS})
        self._comment_id += 1
        key = str(self._comment_id)
        attrs = {w("id"): key, w("author"): author, w("initials"): "CM"}
        if date:
            attrs[w("date")] = date
        comment = etree.SubElement(self.comments, w("comment"), attrs)
        paragraph = etree.SubElement(comment, w("p"))
        paragraph.append(run(text))
        target = self.cell(segment_id, "target").find(w("p"))
        target.insert(1, etree.Element(w("commentRangeStart"), {w("id"): key}))
        target.append(etree.Element(w("commentRangeEnd"), {w("id"): key}))
        reference = etree.SubElement(target, w("r"))
        etree.SubElement(reference, w("commentReference"), {w("id"): key})

    def delete_row(self, segment_id: str) -> None:
        row = self.row(segment_id)
        row.getparent().remove(row)

    def duplicate_row(self, segment_id: str) -> None:
        row = self.row(segment_id)
        row.addnext(copy.deepcopy(row))

    def add_row_after(self, segment_id: str) -> None:
        """A new row below ``segment_id``, with an empty ID, as Word's Insert Row makes."""
        row = self.row(segment_id)
        new = copy.deepcopy(row)
        for cell in new.findall(w("tc")):
            for paragraph in cell.findall(w("p")):
                for child in list(paragraph):
                    if child.tag != w("pPr"):
                        paragraph.remove(child)
        row.addnext(new)

    def save(self, path: Path) -> None:
        parts = dict(self.parts)
        parts["word/document.xml"] = etree.tostring(
            self.document, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        if self.comments is not None:
            parts["word/comments.xml"] = etree.tostring(
                self.comments, xml_declaration=True, encoding="UTF-8", standalone=True
            )
            types = parts["[Content_Types].xml"].decode()
            override = f'<Override PartName="/word/comments.xml" ContentType="{_COMMENTS_TYPE}"/>'
            parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
            rels = parts["word/_rels/document.xml.rels"].decode()
            rel = f'<Relationship Id="rId90" Type="{_COMMENTS_REL}" Target="comments.xml"/>'
            parts["word/_rels/document.xml.rels"] = rels.replace(
                "</Relationships>", rel + "</Relationships>"
            ).encode()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                archive.writestr(name, data)


def libreoffice_resave(path: Path, out_dir: Path, profile: Path) -> Path:
    """``path`` opened and saved again as DOCX by LibreOffice; the new file's path."""
    import shutil
    import subprocess

    import pytest

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("soffice is not on PATH: cannot re-save with LibreOffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(out_dir),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    saved = out_dir / path.name
    assert saved.exists(), result.stdout + result.stderr
    return saved
