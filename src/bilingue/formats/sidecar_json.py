"""The JSON sidecar: the whole Document as data, written beside the review DOCX and read back."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, TypeVar

from bilingue.collector import collector_paused
from bilingue.document import (
    Block,
    BlockKind,
    Comment,
    Document,
    EngineInfo,
    Flag,
    FlagCode,
    InlineCode,
    LanguageGuess,
    Repair,
    ReviewMark,
    Revision,
    Segment,
    SegmentState,
    Severity,
    TableCell,
    TargetOrigin,
    TermHit,
    TmSuggestion,
)
from bilingue.errors import BadInput
from bilingue.formats.notes import review_rows
from bilingue.formats.review_binding import ReviewRecord, record_from_json, record_to_json
from bilingue.safeio import atomic_write_text

__all__ = [
    "SCHEMA",
    "document_from_json",
    "document_to_json",
    "read_sidecar",
    "read_sidecar_and_record",
    "sidecar_text",
    "write_sidecar",
]

SCHEMA = "bilingue.sidecar/1"

_T = TypeVar("_T")


def document_to_json(doc: Document, review: ReviewRecord | None = None) -> dict[str, Any]:
    """The sidecar structure for ``doc`` (plain dicts and lists, ready for json.dumps).

    ``review`` is what the sidecar remembers of its review DOCX (written and imported).
    """
    # Tens of thousands of new dicts and no cycle: see bilingue.collector.
    with collector_paused():
        return _document_to_json(doc, review)


def _document_to_json(doc: Document, review: ReviewRecord | None) -> dict[str, Any]:
    found, expected = doc.term_accuracy()
    language = doc.language
    engine = doc.engine
    return {
        "schema": SCHEMA,
        "source_file": doc.source_path,
        "encoding": doc.encoding,
        "language": (
            None if language is None else {"code": language.code, "confidence": language.confidence}
        ),
        "engine": (
            None
            if engine is None
            else {"name": engine.name, "model": engine.model, "version": engine.version}
        ),
        "glossaries": list(doc.glossaries),
        "term_accuracy": {"found": found, "expected": expected},
        "notes": [_flag_to_json(flag) for flag in doc.notes],
        "review": None if review is None else record_to_json(review),
        "blocks": [
            {
                "id": block.id,
                "kind": str(block.kind),
                "level": block.level,
                "style": block.style,
                "text": block.text,
                "repairs": [_repair_to_json(r) for r in block.repairs],
                **_structure_to_json(block),
            }
            for block in doc.blocks
        ],
        "segments": [
            {
                "id": row.segment.id,
                "block": row.block.id,
                "source": row.segment.source,
                "space_after": row.segment.space_after,
                "target": row.segment.target,
                "lang": row.segment.lang,
                "translate": row.segment.translate,
                "state": str(row.segment.state),
                "notes": [note.text for note in row.notes],
                "repairs": [_repair_to_json(r) for r in row.segment.repairs],
                "flags": [_flag_to_json(f) for f in row.segment.flags],
                # The QA verdict alone, for tools that read only that (flags has it too).
                "qa": [
                    {"code": f.code, "severity": str(f.severity), "message": f.message}
                    for f in row.segment.flags
                    if f.code.startswith("qa-")
                ],
                "terms": [_term_to_json(t) for t in row.segment.terms],
                "codes": [_code_to_json(c) for c in row.segment.codes],
                "target_codes": [_code_to_json(c) for c in row.segment.target_codes],
                **_review_fields_to_json(row.segment),
                "origin": str(row.segment.origin),
                "suggestions": [_suggestion_to_json(s) for s in row.segment.suggestions],
            }
            for row in review_rows(doc)
        ],
    }


def sidecar_text(doc: Document, review: ReviewRecord | None = None) -> str:
    """The sidecar file's text for ``doc`` (UTF-8 JSON, newline-terminated).

    A source name that is not UTF-8 (lone surrogates in Python) is kept exact as
    ``\\udce9`` escapes, which UTF-8 can hold and json.loads turns back into the
    name, so publish still finds the source file.
    """
    # Indented, json.dumps runs its Python encoder while the whole structure is alive.
    with collector_paused():
        text = json.dumps(document_to_json(doc, review), ensure_ascii=False, indent=2) + "\n"
    return _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def write_sidecar(doc: Document, path: Path, review: ReviewRecord | None = None) -> None:
    """Write ``doc`` as UTF-8 JSON at ``path``, atomically."""
    atomic_write_text(Path(path), sidecar_text(doc, review))


def read_sidecar(path: Path) -> Document:
    """Read a sidecar back into the Document it was written from."""
    return read_sidecar_and_record(path)[0]


def read_sidecar_and_record(path: Path) -> tuple[Document, ReviewRecord | None]:
    """The Document a sidecar holds and its review record (None for older sidecars)."""
    from bilingue.safeinput import SIDECAR_MAX_BYTES, check_regular_file

    path = Path(path)
    if path.exists():  # a FIFO or /dev/zero would hang or fill the memory
        check_regular_file(path, max_bytes=SIDECAR_MAX_BYTES)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise BadInput(f"cannot read file ({err.strerror})", path=path) from err
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BadInput(f"not a JSON file ({err})", path=path, hint=_HINT) from err
    except RecursionError as err:  # [[[[… nested past Python's recursion limit
        raise BadInput("not a JSON file (nested too deeply)", path=path, hint=_HINT) from err
    doc = document_from_json(data, path=path)
    try:
        record = record_from_json(data.get("review"))
    except ValueError as err:
        raise BadInput(f"not a bilingue sidecar ({err})", path=path, hint=_HINT) from err
    return doc, record


_HINT = "write it again with bilingue; sidecars are not meant to be edited by hand"


class _SchemaError(Exception):
    """A field is missing or has the wrong type; turned into BadInput at the edge."""


def document_from_json(data: object, *, path: str | Path | None = None) -> Document:
    """The Document a sidecar structure describes; BadInput if it does not fit the schema."""
    try:
        return _document(data)
    except _SchemaError as err:
        raise BadInput(f"not a bilingue sidecar ({err})", path=path, hint=_HINT) from err


def _document(data: object) -> Document:
    root = _as(data, dict, "document")
    schema = root.get("schema")
    if schema != SCHEMA:
        raise _SchemaError(f"schema is {schema!r}, expected {SCHEMA!r}")
    language = root.get("language")
    engine = root.get("engine")
    segments_by_block: dict[str, list[Segment]] = {}
    blocks_json = _list(root, "blocks")
    block_ids = [_str(_as(b, dict, "block"), "id") for b in blocks_json]
    if len(set(block_ids)) != len(block_ids):
        raise _SchemaError("duplicate block ids")
    for block_id in block_ids:
        segments_by_block[block_id] = []
    for item in _list(root, "segments"):
        segment_json = _as(item, dict, "segment")
        owner = _str(segment_json, "block")
        if owner not in segments_by_block:
            raise _SchemaError(f"segment refers to unknown block {owner!r}")
        segments_by_block[owner].append(_segment(segment_json))
    blocks = tuple(
        _block(_as(b, dict, "block"), tuple(segments_by_block[block_id]))
        for b, block_id in zip(blocks_json, block_ids, strict=True)
    )
    return Document(
        source_path=_str(root, "source_file"),
        blocks=blocks,
        language=None
        if language is None
        else LanguageGuess(
            code=_str(_as(language, dict, "language"), "code"),
            confidence=_number(language, "confidence"),
        ),
        engine=None
        if engine is None
        else EngineInfo(
            name=_str(_as(engine, dict, "engine"), "name"),
            model=_str(engine, "model"),
            version=_str(engine, "version"),
        ),
        glossaries=tuple(_as(g, str, "glossary") for g in _list(root, "glossaries")),
        encoding=_str(root, "encoding"),
        notes=tuple(_flag(_as(f, dict, "note")) for f in _list(root, "notes")),
    )


def _block(data: dict[str, Any], segments: tuple[Segment, ...]) -> Block:
    return Block(
        id=_str(data, "id"),
        kind=_enum(BlockKind, _str(data, "kind")),
        text=_str(data, "text"),
        segments=segments,
        repairs=tuple(_repair(_as(r, dict, "repair")) for r in _list(data, "repairs")),
        level=_int(data, "level"),
        style=_str(data, "style"),
        **_structure(data),
    )


def _segment(data: dict[str, Any]) -> Segment:
    target = data.get("target")
    return Segment(
        id=_str(data, "id"),
        source=_str(data, "source"),
        space_after=_str(data, "space_after"),
        target=None if target is None else _as(target, str, "target"),
        lang=_str(data, "lang"),
        translate=_as(data.get("translate"), bool, "translate"),
        state=_enum(SegmentState, _str(data, "state")),
        repairs=tuple(_repair(_as(r, dict, "repair")) for r in _list(data, "repairs")),
        flags=tuple(_flag(_as(f, dict, "flag")) for f in _list(data, "flags")),
        terms=tuple(_term(_as(t, dict, "term")) for t in _list(data, "terms")),
        codes=_codes(data, "codes"),
        target_codes=_codes(data, "target_codes"),
        history=tuple(
            Revision(
                target=_str(r, "target"),
                origin=_str(r, "origin"),
                author=_str(r, "author"),
                date=_str(r, "date"),
                state=_str(r, "state"),
                codes=_codes(r, "codes"),
            )
            for r in _as(data.get("history", []), list, "history")
        ),
        comments=tuple(
            Comment(
                text=_str(c, "text"),
                author=_str(c, "author"),
                date=_str(c, "date"),
                source=_str(c, "source"),
            )
            for c in _as(data.get("comments", []), list, "comments")
        ),
        review=_review_mark(data.get("review")),
        # Sidecars written before the memory existed have neither field.
        origin=_enum(TargetOrigin, _as(data.get("origin", ""), str, "origin")),
        suggestions=tuple(
            _suggestion(_as(s, dict, "suggestion"))
            for s in _as(data.get("suggestions", []), list, "suggestions")
        ),
    )


# Inline codes and block structure (publishing). Older sidecars have none: optional.
def _code_to_json(code: InlineCode) -> dict[str, Any]:
    return {
        "id": code.id,
        "kind": code.kind,
        "start": code.start,
        "end": code.end,
        "data": code.data,
        "ref": code.ref,
    }


def _codes(data: dict[str, Any], key: str) -> tuple[InlineCode, ...]:
    return tuple(
        InlineCode(
            id=_str(c, "id"),
            kind=_str(c, "kind"),
            start=_int(c, "start"),
            end=_int(c, "end"),
            data=_str(c, "data"),
            ref=_str(c, "ref"),
        )
        for c in _as(data.get(key, []), list, key)
    )


def _structure_to_json(block: Block) -> dict[str, Any]:
    table = block.table
    return {
        "part": block.part,
        "list_kind": block.list_kind,
        "list_level": block.list_level,
        "anchor": block.anchor,
        "table": None
        if table is None
        else {
            "table": table.table,
            "row": table.row,
            "col": table.col,
            "rowspan": table.rowspan,
            "colspan": table.colspan,
        },
        "codes": [_code_to_json(c) for c in block.codes],
    }


def _structure(data: dict[str, Any]) -> dict[str, Any]:
    table = data.get("table")
    return {
        "part": _as(data.get("part", "body"), str, "part"),
        "list_kind": _as(data.get("list_kind", ""), str, "list_kind"),
        "list_level": _as(data.get("list_level", 0), int, "list_level"),
        "anchor": _as(data.get("anchor", ""), str, "anchor"),
        "table": None
        if table is None
        else TableCell(*(_int(table, k) for k in ("table", "row", "col", "rowspan", "colspan"))),
        "codes": _codes(data, "codes"),
    }


def _review_fields_to_json(segment: Segment) -> dict[str, Any]:
    """History, comments and review mark; absent until a review was imported."""
    fields: dict[str, Any] = {}
    if segment.history:
        fields["history"] = [
            {
                "target": r.target,
                "origin": r.origin,
                "author": r.author,
                "date": r.date,
                "state": r.state,
            }
            # Codes only where a version has them: older sidecars stay byte-identical.
            | ({"codes": [_code_to_json(c) for c in r.codes]} if r.codes else {})
            for r in segment.history
        ]
    if segment.comments:
        fields["comments"] = [
            {"text": c.text, "author": c.author, "date": c.date, "source": c.source}
            for c in segment.comments
        ]
    if segment.review is not None:
        mark = segment.review
        fields["review"] = {"status": mark.status, "author": mark.author, "date": mark.date}
    return fields


def _review_mark(data: object) -> ReviewMark | None:
    if data is None:
        return None
    status = _str(data, "status")
    if status not in ("approved", "rejected"):
        raise _SchemaError(f"unknown review status {status!r}")
    return ReviewMark(status, _str(data, "author"), _str(data, "date"))


def _repair_to_json(repair: Repair) -> dict[str, Any]:
    return {
        "kind": repair.kind,
        "before": repair.before,
        "after": repair.after,
        "start": repair.start,
        "end": repair.end,
    }


def _repair(data: dict[str, Any]) -> Repair:
    return Repair(
        kind=_str(data, "kind"),
        before=_str(data, "before"),
        after=_str(data, "after"),
        start=_int(data, "start"),
        end=_int(data, "end"),
    )


def _flag_to_json(flag: Flag) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": str(flag.code),
        "message": flag.message,
        "severity": str(flag.severity),
    }
    if flag.spans:
        data["spans"] = [list(span) for span in flag.spans]
    return data


def _flag(data: dict[str, Any]) -> Flag:
    return Flag(
        code=_enum(FlagCode, _str(data, "code")),
        message=_str(data, "message"),
        severity=_enum(Severity, _str(data, "severity")),
        spans=tuple(_span(s) for s in _as(data.get("spans", []), list, "spans")),
    )


def _span(data: object) -> tuple[int, int]:
    pair = _as(data, list, "span")
    if len(pair) != 2 or not all(isinstance(n, int) and not isinstance(n, bool) for n in pair):
        raise _SchemaError("a span should be two integers")
    return pair[0], pair[1]


def _term_to_json(hit: TermHit) -> dict[str, Any]:
    return {
        "source": hit.source,
        "target": hit.target,
        "start": hit.start,
        "end": hit.end,
        "kind": hit.kind,
        "entry": hit.entry,
        "ok": hit.ok,
        # The glossary's extra fields, only when the entry has them.
        **({"plural": True} if hit.plural else {}),
        **({"forbidden": list(hit.forbidden)} if hit.forbidden else {}),
        **({"context": hit.context} if hit.context else {}),
    }


def _term(data: dict[str, Any]) -> TermHit:
    ok = data.get("ok")
    return TermHit(
        source=_str(data, "source"),
        target=_str(data, "target"),
        start=_int(data, "start"),
        end=_int(data, "end"),
        kind=_str(data, "kind"),
        entry=_str(data, "entry"),
        ok=None if ok is None else _as(ok, bool, "ok"),
        plural=_as(data.get("plural", False), bool, "plural"),
        forbidden=tuple(
            _as(f, str, "forbidden") for f in _as(data.get("forbidden", []), list, "forbidden")
        ),
        context=_as(data.get("context", ""), str, "context"),
    )


def _suggestion_to_json(suggestion: TmSuggestion) -> dict[str, Any]:
    return {"source": suggestion.source, "target": suggestion.target, "score": suggestion.score}


def _suggestion(data: dict[str, Any]) -> TmSuggestion:
    return TmSuggestion(
        source=_str(data, "source"), target=_str(data, "target"), score=_number(data, "score")
    )


def _as(value: object, kind: type[_T], what: str) -> _T:
    if not isinstance(value, kind):
        raise _SchemaError(f"{what} should be {kind.__name__}, found {type(value).__name__}")
    return value


def _str(data: object, key: str) -> str:
    return _as(_as(data, dict, "object").get(key), str, key)


def _int(data: object, key: str) -> int:
    value = _as(data, dict, "object").get(key)
    # bool is an int subclass in Python; a true/false level is still a schema error.
    if isinstance(value, bool) or not isinstance(value, int):
        raise _SchemaError(f"{key} should be int, found {type(value).__name__}")
    return value


def _number(data: object, key: str) -> float:
    value = _as(data, dict, "object").get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _SchemaError(f"{key} should be a number, found {type(value).__name__}")
    return float(value)


def _list(data: object, key: str) -> list[Any]:
    return _as(_as(data, dict, "object").get(key), list, key)


_E = TypeVar("_E", BlockKind, SegmentState, Severity, FlagCode, TargetOrigin)


def _enum(kind: type[_E], value: str) -> _E:
    try:
        return kind(value)
    except ValueError as err:
        raise _SchemaError(f"unknown {kind.__name__} {value!r}") from err
