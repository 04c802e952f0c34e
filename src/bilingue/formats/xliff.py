"""XLIFF 2.1 hand-off: a document's segments for a CAT tool, and what comes back.

One ``<unit>`` per block (id = block id), one ``<segment>`` per segment (id =
segment id, ``state`` = our :class:`SegmentState`, XLIFF 2's own four values), the
whitespace between segments as ``<ignorable>``. Inline codes become ``<pc>`` where
they nest and ``<sc>``/``<ec>`` where they cross, placeholders ``<ph>``; a code's id
is ``<segment id>_<code id>`` because XLIFF wants ids unique in the unit. Flags and
notes become ``<note>`` (category = flag code, priority 1 error … 10 info). A link's
URL travels in ``<originalData>``. Namespace: XLIFF 2.1 keeps 2.0's
(``urn:oasis:names:tc:xliff:document:2.0``) with ``version="2.1"``.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from bilingue.document import Document, Flag, FlagCode, InlineCode, Segment, SegmentState, Severity
from bilingue.errors import BadInput, escape_undecodable
from bilingue.formats.notes import review_rows
from bilingue.formats.review_binding import ReviewBinding, segment_hash
from bilingue.formats.review_import import ReviewedDocx, ReviewedRow
from bilingue.safeio import atomic_write_text

__all__ = [
    "BILINGUE_NS",
    "NS",
    "XliffSegment",
    "read_reviewed_xliff",
    "read_xliff",
    "with_returned_codes",
    "write_xliff",
    "xliff_text",
]

NS = "urn:oasis:names:tc:xliff:document:2.0"
_Q = f"{{{NS}}}"
# The review binding (document id, revision, source hashes) rides on <file> as
# extension attributes, which XLIFF 2 allows there, so an import can refuse a file
# of another document or an older export exactly as for the review DOCX.
BILINGUE_NS = "urn:bilingue:review"
_B = f"{{{BILINGUE_NS}}}"
_PRIORITY = {Severity.ERROR: "1", Severity.WARNING: "5", Severity.INFO: "10"}
# XML 1.0 forbids most control characters; a release never needs them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FORMAT_SUBTYPES = {"bold": "xlf:b", "italic": "xlf:i", "underline": "xlf:u"}
_HINT = "export it again with `bilingue export --to xliff`; keep unit and segment ids"


def _code_attributes(segment_id: str, code: InlineCode) -> dict[str, str]:
    attributes = {"id": f"{segment_id}_{code.id}"}
    if code.kind == "link":
        attributes["type"] = "link"
        attributes["dataRefStart"] = f"{segment_id}_{code.id}_url"
    elif code.kind in _FORMAT_SUBTYPES:
        attributes.update(type="fmt", subType=_FORMAT_SUBTYPES[code.kind])
    elif code.kind == "break":
        attributes.update(type="fmt", subType="xlf:lb")
    elif code.kind == "image":
        attributes["type"] = "image"
    elif code.kind in ("sup", "sub"):
        attributes.update(type="fmt", subType=f"bilingue:{code.kind}")
    else:
        attributes.update(type="other", subType=f"bilingue:{code.kind}")
    if code.data and code.kind in ("field", "footnote", "endnote"):
        attributes["disp"] = code.data
    return attributes


def _crossing(codes: list[InlineCode]) -> set[str]:
    """Ids of paired codes that overlap another without nesting (they need sc/ec)."""
    paired = [c for c in codes if not c.is_placeholder]
    crossing: set[str] = set()
    for a in paired:
        for b in paired:
            if a.start < b.start < a.end < b.end:
                crossing.update((a.id, b.id))
    return crossing


def _fill(parent: ET.Element, text: str, codes: tuple[InlineCode, ...], segment_id: str) -> None:
    """Write ``text`` with its inline codes as XLIFF inline elements under ``parent``."""
    text = _XML_INVALID.sub("", text)
    size = len(text)
    codes_list = [
        InlineCode(c.id, c.kind, min(c.start, size), min(c.end, size), c.data, c.ref) for c in codes
    ]
    crossing = _crossing(codes_list)
    events: list[tuple[int, int, str, InlineCode]] = []
    for code in codes_list:
        if code.is_placeholder:
            events.append((code.start, 1, "ph", code))
        elif code.id in crossing or code.end == code.start:
            events.append((code.start, 2, "sc", code))
            events.append((code.end, 0, "ec", code))
        else:
            events.append((code.start, 2, "open", code))
            events.append((code.end, 0, "close", code))
    # At one offset: closings first (innermost first), then placeholders, then openings
    # (outermost first), so pc elements nest.
    events.sort(key=lambda e: (e[0], e[1], -e[3].end if e[1] == 2 else -e[3].start))
    stack = [parent]
    cursor = 0

    def append_text(piece: str) -> None:
        if not piece:
            return
        node = stack[-1]
        if len(node):
            node[-1].tail = (node[-1].tail or "") + piece
        else:
            node.text = (node.text or "") + piece

    for at, _, kind, code in events:
        append_text(text[cursor:at])
        cursor = at
        attributes = _code_attributes(segment_id, code)
        if kind == "ph":
            attributes.pop("dataRefStart", None)
            ET.SubElement(stack[-1], f"{_Q}ph", attributes)
        elif kind == "open":
            stack.append(ET.SubElement(stack[-1], f"{_Q}pc", attributes))
        elif kind == "close":
            if len(stack) > 1:
                stack.pop()
        elif kind == "sc":
            ET.SubElement(stack[-1], f"{_Q}sc", attributes)
        else:
            ET.SubElement(stack[-1], f"{_Q}ec", {"startRef": attributes["id"]})
    append_text(text[cursor:])


def _notes(unit: ET.Element, segments: tuple[Segment, ...], extra: dict[str, list[str]]) -> None:
    """One <notes> per unit (XLIFF allows one, first): every segment's flags and notes."""
    items: list[tuple[dict[str, str], str]] = []
    for segment in segments:
        for flag in segment.flags:
            attributes = {"category": flag.code, "priority": _PRIORITY[flag.severity]}
            items.append((attributes, f"[{segment.id}] {flag.message}"))
        flagged = {f.message for f in segment.flags}
        for text in extra.get(segment.id, []):
            if not any(message in text for message in flagged):
                items.append(({"category": "bilingue"}, f"[{segment.id}] {text}"))
    if not items:
        return
    notes = ET.SubElement(unit, f"{_Q}notes")
    for attributes, text in items:
        ET.SubElement(notes, f"{_Q}note", attributes).text = _XML_INVALID.sub("", text)


def xliff_text(
    doc: Document, *, target_language: str = "en-GB", binding: ReviewBinding | None = None
) -> str:
    """The XLIFF 2.1 document for ``doc``, as a string."""
    ET.register_namespace("", NS)
    ET.register_namespace("bl", BILINGUE_NS)
    root = ET.Element(f"{_Q}xliff", {"version": "2.1", "srcLang": "fr", "trgLang": target_language})
    original = escape_undecodable(Path(doc.source_path).name)
    file = ET.SubElement(root, f"{_Q}file", {"id": "f1", "original": original})
    if binding is not None:
        file.set(f"{_B}document", binding.document_id)
        file.set(f"{_B}source-sha256", binding.source_checksum)
        file.set(f"{_B}revision", str(binding.revision))
    notes_by_segment = {row.segment.id: [n.text for n in row.notes] for row in review_rows(doc)}
    for block in doc.blocks:
        if not block.segments:
            continue
        unit = ET.SubElement(file, f"{_Q}unit", {"id": block.id, "name": block.kind})
        if not any(s.translate for s in block.segments):
            unit.set("translate", "no")
        _notes(unit, block.segments, notes_by_segment)
        _original_data(unit, block.segments)
        for segment in block.segments:
            element = ET.SubElement(
                unit, f"{_Q}segment", {"id": segment.id, "state": str(segment.state)}
            )
            _fill(ET.SubElement(element, f"{_Q}source"), segment.source, segment.codes, segment.id)
            if segment.target is not None:
                target = ET.SubElement(element, f"{_Q}target")
                _fill(target, segment.target, segment.target_codes, segment.id)
            if segment.space_after:
                ignorable = ET.SubElement(unit, f"{_Q}ignorable")
                ET.SubElement(ignorable, f"{_Q}source").text = segment.space_after
    _indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


# Elements whose children are structure, not text: only these are indented, since
# whitespace inside <source>, <target>, <note> or <data> would change the content.
_STRUCTURE = {
    f"{_Q}{name}"
    for name in ("xliff", "file", "unit", "notes", "originalData", "segment", "ignorable")
}


def _indent(element: ET.Element, level: int = 0) -> None:
    if element.tag not in _STRUCTURE or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        _indent(child, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * level


def _original_data(unit: ET.Element, segments: tuple[Segment, ...]) -> None:
    links = [(s.id, c) for s in segments for c in s.codes if c.kind == "link"]
    if not links:
        return
    data = ET.SubElement(unit, f"{_Q}originalData")
    for segment_id, code in links:
        item = ET.SubElement(data, f"{_Q}data", {"id": f"{segment_id}_{code.id}_url"})
        item.text = _XML_INVALID.sub("", code.data)


def write_xliff(
    doc: Document,
    path: Path,
    *,
    target_language: str = "en-GB",
    binding: ReviewBinding | None = None,
) -> None:
    """Write ``doc`` as XLIFF 2.1 at ``path``, atomically."""
    text = xliff_text(doc, target_language=target_language, binding=binding)
    atomic_write_text(Path(path), text)


@dataclass(frozen=True)
class XliffSegment:
    """One segment as a CAT tool returned it."""

    unit: str
    id: str
    state: SegmentState
    source: str
    target: str | None
    target_codes: tuple[InlineCode, ...]


def _read_inline(element: ET.Element, segment_id: str) -> tuple[str, tuple[InlineCode, ...]]:
    """The text of a <source>/<target> and its codes (ids back to ours)."""
    text: list[str] = []
    codes: list[InlineCode] = []
    opened: dict[str, tuple[int, ET.Element]] = {}
    prefix = f"{segment_id}_"

    def own(code_id: str) -> str:
        return code_id[len(prefix) :] if code_id.startswith(prefix) else code_id

    def kind_of(node: ET.Element) -> str:
        sub = node.get("subType", "")
        by_subtype = {v: k for k, v in _FORMAT_SUBTYPES.items()}
        if sub in by_subtype:
            return by_subtype[sub]
        if sub == "xlf:lb":
            return "break"
        if sub.startswith("bilingue:"):
            return sub.partition(":")[2]
        return {"link": "link", "image": "image"}.get(node.get("type", ""), "object")

    def walk(node: ET.Element) -> None:
        if node.text:
            text.append(node.text)
        for child in node:
            at = len("".join(text))
            tag = child.tag.removeprefix(_Q)
            code_id = own(child.get("id", child.get("startRef", "")))
            if tag == "pc":
                walk(child)
                end = len("".join(text))
                codes.append(InlineCode(code_id, kind_of(child), at, end, child.get("disp", "")))
            elif tag == "ph":
                codes.append(InlineCode(code_id, kind_of(child), at, at, child.get("disp", "")))
            elif tag == "sc":
                opened[code_id] = (at, child)
            elif tag == "ec" and code_id in opened:
                start, opener = opened.pop(code_id)
                codes.append(InlineCode(code_id, kind_of(opener), start, at))
            else:
                walk(child)  # mrk and other annotations: their text counts
            if child.tail:
                text.append(child.tail)

    walk(element)
    return "".join(text), tuple(codes)


def read_xliff(path: Path) -> list[XliffSegment]:
    """Every segment of an XLIFF 2.x file; BadInput if it is not one bilingue can take."""
    return _read(Path(path))[1]


def _read(path: Path) -> tuple[ET.Element, list[XliffSegment]]:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise BadInput(f"cannot read file ({err.strerror})", path=path) from err
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise BadInput("XLIFF with a DTD or entities is refused", path=path, hint=_HINT)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise BadInput(f"not an XML file ({err})", path=path, hint=_HINT) from err
    if root.tag != f"{_Q}xliff" or not root.get("version", "").startswith("2."):
        raise BadInput("not an XLIFF 2 file", path=path, hint=_HINT)
    found: list[XliffSegment] = []
    for unit in root.iter(f"{_Q}unit"):
        for element in unit.iter(f"{_Q}segment"):
            segment_id = element.get("id", "")
            source_el = element.find(f"{_Q}source")
            target_el = element.find(f"{_Q}target")
            if source_el is None:
                raise BadInput(f"segment {segment_id} has no source", path=path, hint=_HINT)
            state_text = element.get("state", "initial")
            try:
                state = SegmentState(state_text)
            except ValueError as err:
                raise BadInput(
                    f"segment {segment_id}: unknown state {state_text!r}", path=path, hint=_HINT
                ) from err
            source, _ = _read_inline(source_el, segment_id)
            target, codes = (None, ()) if target_el is None else _read_inline(target_el, segment_id)
            found.append(XliffSegment(unit.get("id", ""), segment_id, state, source, target, codes))
    return root, found


# An XLIFF state is approval: reviewed and final are approved; a CAT tool marking a
# rejection uses subState "bilingue:rejected" (XLIFF 2 has no rejected state).
_APPROVED_STATES = frozenset({SegmentState.REVIEWED, SegmentState.FINAL})


def read_reviewed_xliff(path: Path) -> tuple[ReviewedDocx, dict[str, tuple[InlineCode, ...]]]:
    """A returned XLIFF as the review import reads a review DOCX, plus each target's codes.

    BadInput when the file carries no bilingue binding (not exported by bilingue).
    """
    path = Path(path)
    root, segments = _read(path)
    file = root.find(f"{_Q}file")
    if file is None or not file.get(f"{_B}document"):
        raise BadInput(
            "this XLIFF was not exported by bilingue (no review binding on <file>)",
            path=path,
            hint=_HINT,
        )
    revision = file.get(f"{_B}revision", "0")
    binding = ReviewBinding(
        document_id=file.get(f"{_B}document", ""),
        source_name=file.get("original", ""),
        source_checksum=file.get(f"{_B}source-sha256", ""),
        revision=int(revision) if revision.isdigit() else 0,
        segments=tuple((s.id, segment_hash(s.source)) for s in segments),
    )
    substates = {e.get("id", ""): e.get("subState", "") for e in root.iter(f"{_Q}segment")}
    rows = tuple(
        ReviewedRow(
            position=index,
            segment_id=s.id,
            source=s.source,
            target=s.target if s.target is not None else "",
            status=_status(s, substates.get(s.id, "")),
            comments=(),
        )
        for index, s in enumerate(segments, start=1)
    )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    codes = {s.id: s.target_codes for s in segments if s.target is not None}
    return ReviewedDocx(path, binding, rows, "", "", digest), codes


def _status(segment: XliffSegment, substate: str) -> str:
    if substate == "bilingue:rejected":
        return "rejected"
    return "approved" if segment.state in _APPROVED_STATES else ""


def with_returned_codes(doc: Document, codes: dict[str, tuple[InlineCode, ...]]) -> Document:
    """Targets' codes as the CAT tool returned them. A source code it lost is put back at
    the end of the target and flagged; one it invented is left out and flagged."""

    def apply(segment: Segment) -> Segment:
        if segment.id not in codes or segment.target is None:
            return segment
        returned = {c.id: c for c in codes[segment.id]}
        known = {c.id for c in segment.codes}
        end = len(segment.target)
        placed: list[InlineCode] = []
        lost: list[str] = []
        for code in segment.codes:
            got = returned.get(code.id)
            start, stop = (end, end) if got is None else (min(got.start, end), min(got.end, end))
            if got is None:
                lost.append(f"{code.kind} {code.id}")
            placed.append(InlineCode(code.id, code.kind, start, stop, code.data, code.ref))
        invented = [f"{c.kind} {c.id}" for c in returned.values() if c.id not in known]
        flags = [f for f in segment.flags if f.code != FlagCode.CODE_MOVED]
        parts = []
        if lost:
            parts.append(f"lost in the returned XLIFF, put at the end: {', '.join(lost)}")
        if invented:
            parts.append(f"added in the returned XLIFF, left out: {', '.join(invented)}")
        if parts:
            flags.append(
                Flag(FlagCode.CODE_MOVED, "formatting " + "; ".join(parts), Severity.WARNING)
            )
        return segment.with_(target_codes=tuple(placed), flags=tuple(flags))

    return doc.map_segments(apply)
