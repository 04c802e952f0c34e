"""ODT reader (LibreOffice's own format) via odfpy: body order, typed raw blocks.

``text:h`` are headings (their outline level; the "Title" style is level 1), list
items keep their nesting depth in ``Block.level``, table cells are TABLE_CELL blocks
(``Block.table``) and footnotes follow the body as paragraphs of part ``footnote``, so
their text is translated too.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from bilingue.document import BlockKind, Document, TableCell
from bilingue.errors import BadInput
from bilingue.formats.raw_blocks import BlockCollector
from bilingue.formats.source_file import read_source_bytes

__all__ = ["read_odt"]

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_HINT = "re-save it from LibreOffice Writer as .odt"


def read_odt(path: Path) -> Document:
    """Read an OpenDocument text into raw blocks."""
    from odf.opendocument import load

    path = Path(path)
    data = read_source_bytes(path)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise BadInput("not an ODT file (zip header missing)", path=path, hint=_HINT)
    try:
        document = load(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as err:
        raise BadInput(f"not a readable ODT file ({err})", path=path, hint=_HINT) from err
    except Exception as err:  # odfpy raises bare xml.sax errors for broken content
        raise BadInput(f"not a readable ODT file ({err})", path=path, hint=_HINT) from err
    if getattr(document, "text", None) is None:
        raise BadInput("not a readable ODT file (no text body)", path=path, hint=_HINT)
    reader = _OdtReader()
    reader.visit(document.text, 0)
    for note in reader.notes:
        reader.add(BlockKind.PARAGRAPH, note, part="footnote")
    if not reader.blocks:
        raise BadInput("empty document", path=path, hint="the ODT body has no text")
    return Document(source_path=str(path), blocks=tuple(reader.blocks))


def _name(node: Any) -> tuple[str, str]:
    qname = getattr(node, "qname", None)
    return qname if isinstance(qname, tuple) else ("", "")


class _OdtReader(BlockCollector):
    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str] = []

    def visit(self, node: Any, depth: int, list_style: str = "") -> None:
        for child in node.childNodes:
            namespace, local = _name(child)
            if namespace == _TEXT_NS and local == "h":
                level = int(child.getAttribute("outlinelevel") or 1)
                self.add(BlockKind.HEADING, self.text(child), level)
            elif namespace == _TEXT_NS and local == "p":
                style = child.getAttribute("stylename") or ""
                if list_style:
                    self.add(BlockKind.LIST_ITEM, self.text(child), depth - 1, list_style)
                    list_style = ""  # later paragraphs of the item are its continuation
                elif style.lower() in ("title", "titre"):
                    self.add(BlockKind.HEADING, self.text(child), 1, style)
                else:
                    self.add(BlockKind.PARAGRAPH, self.text(child), style=style)
            elif namespace == _TEXT_NS and local == "list":
                self.visit(child, depth + 1)
            elif namespace == _TEXT_NS and local == "list-item":
                self.visit(child, depth, "list:•")
            elif namespace == _TABLE_NS and local == "table":
                self._table(child)
            elif hasattr(child, "childNodes"):
                self.visit(child, depth, list_style)

    def _table(self, table: Any) -> None:
        self.tables += 1
        for row_number, row in enumerate(_descendants(table, _TABLE_NS, "table-row"), start=1):
            cells = [c for c in row.childNodes if _name(c) == (_TABLE_NS, "table-cell")]
            for col, cell in enumerate(cells, start=1):
                text = "\n".join(self.text(p) for p in cell.childNodes if _name(p)[1] in ("p", "h"))
                self.add(
                    BlockKind.TABLE_CELL,
                    text,
                    table=TableCell(self.tables - 1, row_number - 1, col - 1),
                )

    def text(self, node: Any) -> str:
        parts: list[str] = []
        for child in node.childNodes:
            if child.nodeType == child.TEXT_NODE:
                parts.append(str(child.data))
                continue
            namespace, local = _name(child)
            if namespace != _TEXT_NS:
                parts.append(self.text(child) if hasattr(child, "childNodes") else "")
            elif local == "s":
                parts.append(" " * int(child.getAttribute("c") or 1))
            elif local == "tab":
                parts.append("\t")
            elif local == "line-break":
                parts.append("\n")
            elif local == "note":
                body = [c for c in child.childNodes if _name(c)[1] == "note-body"]
                self.notes.extend(self.text(b) for b in body)
            else:
                parts.append(self.text(child))
        return "".join(parts)


def _descendants(node: Any, namespace: str, local: str) -> list[Any]:
    found: list[Any] = []
    for child in getattr(node, "childNodes", []):
        if _name(child) == (namespace, local):
            found.append(child)
        elif _name(child)[1] != "table":  # nested tables are read as their own cells
            found.extend(_descendants(child, namespace, local))
    return found
