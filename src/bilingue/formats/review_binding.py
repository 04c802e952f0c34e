"""What ties a review DOCX to its document: the binding in the DOCX, the record in the sidecar.

The binding travels inside the DOCX as custom document properties (which Word and
LibreOffice keep on save): the document id, the source checksum, the revision of the
export and a short hash of every segment's source. The record lives in the JSON
sidecar: the same id and checksum, the revision and hash of the DOCX last written,
and which export was last imported, so an older review cannot silently replace a
newer one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bilingue.document import Document
from bilingue.errors import escape_undecodable
from bilingue.formats.ooxml import xml_safe

__all__ = [
    "ReviewBinding",
    "ReviewRecord",
    "binding_for",
    "document_id",
    "file_sha256",
    "record_from_json",
    "record_to_json",
    "segment_hash",
]

_PREFIX = "bilingue."
# Word keeps at most 255 characters of a text property; chunks stay well under.
_CHUNK = 240


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def document_id(source_name: str, source_checksum: str) -> str:
    """A stable id for one source document: the same file translated again keeps it."""
    return hashlib.sha256(f"{source_name}\0{source_checksum}".encode()).hexdigest()[:16]


def segment_hash(source: str) -> str:
    """A short hash of a segment's source as the DOCX shows it."""
    return hashlib.sha256(xml_safe(source).encode()).hexdigest()[:10]


@dataclass(frozen=True)
class ReviewBinding:
    """The binding a review DOCX carries (see module docstring)."""

    document_id: str
    source_name: str
    source_checksum: str
    revision: int
    segments: tuple[tuple[str, str], ...]  # (segment id, segment_hash of its source)

    def to_properties(self) -> dict[str, str]:
        """Custom-property names and values, segment hashes in chunks Word keeps whole."""
        props = {
            f"{_PREFIX}document": self.document_id,
            f"{_PREFIX}source": self.source_name,
            f"{_PREFIX}source-sha256": self.source_checksum,
            f"{_PREFIX}revision": str(self.revision),
            f"{_PREFIX}segment-count": str(len(self.segments)),
        }
        for index, chunk in enumerate(_chunks(f"{i}:{h}" for i, h in self.segments), start=1):
            props[f"{_PREFIX}segments.{index}"] = chunk
        return props

    @classmethod
    def from_properties(cls, props: Mapping[str, str]) -> ReviewBinding | None:
        """The binding in ``props``, None when the DOCX has none (not a bilingue review).

        Raises ValueError when a binding is there but damaged.
        """
        if f"{_PREFIX}document" not in props:
            return None
        pairs: list[tuple[str, str]] = []
        index = 1
        while f"{_PREFIX}segments.{index}" in props:
            for item in props[f"{_PREFIX}segments.{index}"].split():
                segment_id, _, digest = item.rpartition(":")
                pairs.append((segment_id, digest))
            index += 1
        count = int(props.get(f"{_PREFIX}segment-count", "-1"))
        if count != len(pairs):
            raise ValueError(f"binding lists {len(pairs)} segments, expected {count}")
        return cls(
            document_id=props[f"{_PREFIX}document"],
            source_name=props.get(f"{_PREFIX}source", ""),
            source_checksum=props.get(f"{_PREFIX}source-sha256", ""),
            revision=int(props.get(f"{_PREFIX}revision", "0")),
            segments=tuple(pairs),
        )


def _chunks(items: Iterable[str]) -> Iterable[str]:
    current: list[str] = []
    size = 0
    for item in items:
        if current and size + len(item) + 1 > _CHUNK:
            yield " ".join(current)
            current, size = [], 0
        current.append(item)
        size += len(item) + 1
    if current:
        yield " ".join(current)


@dataclass(frozen=True)
class ReviewRecord:
    """The sidecar's memory of the review DOCX: what was written, what was imported."""

    document_id: str
    source_checksum: str
    revision: int  # revision of the last review DOCX written
    docx_sha256: str = ""  # hash of that DOCX as written, to see a reviewer changed it
    imported_revision: int = 0  # revision of the last DOCX imported (0: none)
    imported_modified: str = ""  # its dcterms:modified, which Word and LibreOffice update
    imported_sha256: str = ""
    # What the outputs were made from, for incremental runs (bilingue.incremental).
    run_key: str = ""
    memory_stamp: str = ""
    # Hash of the review DOCX this sidecar's DOCX replaced: the sidecar is renamed into
    # place first, so a run killed before the DOCX's rename leaves that older DOCX beside
    # it, which this proves to be bilingue's own (redone, never taken for review work).
    replaced_sha256: str = ""

    def knows(self, docx_sha256: str) -> bool:
        """Whether a review DOCX with this hash is one bilingue wrote or imported."""
        known = (self.docx_sha256, self.imported_sha256, self.replaced_sha256)
        return bool(docx_sha256) and docx_sha256 in known


def record_to_json(record: ReviewRecord) -> dict[str, Any]:
    return {
        "document_id": record.document_id,
        "source_sha256": record.source_checksum,
        "revision": record.revision,
        "docx_sha256": record.docx_sha256,
        "imported_revision": record.imported_revision,
        "imported_modified": record.imported_modified,
        "imported_sha256": record.imported_sha256,
        "run_key": record.run_key,
        "memory_stamp": record.memory_stamp,
        "replaced_sha256": record.replaced_sha256,
    }


def record_from_json(data: object) -> ReviewRecord | None:
    """The record in a sidecar's ``review`` field; ValueError when malformed."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ValueError("review should be an object")
    try:
        return ReviewRecord(
            document_id=str(data["document_id"]),
            source_checksum=str(data["source_sha256"]),
            revision=int(data["revision"]),
            docx_sha256=str(data.get("docx_sha256", "")),
            imported_revision=int(data.get("imported_revision", 0)),
            imported_modified=str(data.get("imported_modified", "")),
            imported_sha256=str(data.get("imported_sha256", "")),
            run_key=str(data.get("run_key", "")),
            memory_stamp=str(data.get("memory_stamp", "")),
            replaced_sha256=str(data.get("replaced_sha256", "")),
        )
    except (KeyError, TypeError, ValueError) as err:
        raise ValueError(f"review record: {err}") from err


def binding_for(doc: Document, source_checksum: str, revision: int) -> ReviewBinding:
    """The binding of a review DOCX written for ``doc`` at ``revision``."""
    name = escape_undecodable(Path(doc.source_path).name)
    return ReviewBinding(
        document_id=document_id(name, source_checksum),
        source_name=name,
        source_checksum=source_checksum,
        revision=revision,
        segments=tuple((s.id, segment_hash(s.source)) for s in doc.segments()),
    )
