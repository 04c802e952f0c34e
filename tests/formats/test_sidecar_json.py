"""JSON sidecar: exact schema, write-then-read identity, refusal of foreign files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from bilingue.document import Document, Repair, Segment
from bilingue.errors import BadInput
from bilingue.formats.notes import ReviewCounts, review_counts, segment_notes
from bilingue.formats.sidecar_json import (
    SCHEMA,
    document_from_json,
    document_to_json,
    read_sidecar,
    write_sidecar,
)
from tests.formats.samples import documents, sample_document


def test_document_fields() -> None:
    data = document_to_json(sample_document())
    assert list(data) == [
        "schema",
        "source_file",
        "encoding",
        "language",
        "engine",
        "glossaries",
        "term_accuracy",
        "notes",
        "review",
        "blocks",
        "segments",
    ]
    assert data["review"] is None
    assert data["schema"] == SCHEMA == "bilingue.sidecar/1"
    assert data["source_file"] == "input/cnes-roscosmos.fr.txt"
    assert data["encoding"] == "cp1252"
    assert data["language"] == {"code": "fr", "confidence": 0.9999}
    assert data["engine"] == {"name": "argos", "model": "translate-fr_en", "version": "1.9"}
    assert data["glossaries"] == ["glossaries/space.tsv"]
    assert data["term_accuracy"] == {"found": 3, "expected": 4}
    assert data["notes"] == [
        {"code": "encoding-repaired", "message": "document detected as French", "severity": "info"}
    ]


def test_review_record_round_trips(tmp_path: Path) -> None:
    from bilingue.formats.review_binding import ReviewRecord
    from bilingue.formats.sidecar_json import read_sidecar_and_record

    record = ReviewRecord("d1", "ab" * 32, 3, "cd" * 32, 2, "2026-11-20T10:00:00Z", "ef" * 32)
    path = tmp_path / "release.json"
    write_sidecar(sample_document(), path, record)
    assert read_sidecar_and_record(path) == (sample_document(), record)


def test_blocks_and_segments() -> None:
    data = document_to_json(sample_document())
    assert data["blocks"][1] == {
        "id": "p2",
        "kind": "paragraph",
        "level": 0,
        "style": "",
        "text": "Cette rencontre a eu lieu à Moscou. La France participe via l’ESA.",
        "repairs": [
            {"kind": "split-word", "before": "Cet te", "after": "Cette", "start": 0, "end": 5}
        ],
        "part": "body",
        "list_kind": "",
        "list_level": 0,
        "anchor": "",
        "table": None,
        "codes": [],
    }
    assert [s["id"] for s in data["segments"]] == ["p1.s1", "p2.s1", "p2.s2", "p3.s1", "p4.s1"]
    assert [s["block"] for s in data["segments"]] == ["p1", "p2", "p2", "p3", "p4"]
    assert data["segments"][2] == {
        "id": "p2.s2",
        "block": "p2",
        "source": "La France participe via l’ESA.",
        "space_after": "",
        "target": "France takes part through the agency.",
        "lang": "fr",
        "translate": True,
        "state": "translated",
        "notes": [
            "[info] target much shorter than source",
            "[error] glossary term not in translation: ESA → ESA",
        ],
        "repairs": [],
        "flags": [
            {"code": "qa-length", "message": "target much shorter than source", "severity": "info"}
        ],
        "qa": [
            {"code": "qa-length", "severity": "info", "message": "target much shorter than source"}
        ],
        "terms": [
            {
                "source": "ESA",
                "target": "ESA",
                "start": 26,
                "end": 29,
                "kind": "organisation",
                "entry": "ESA",
                "ok": False,
            }
        ],
        "codes": [],
        "target_codes": [],
        "origin": "",
        "suggestions": [],
    }


@pytest.mark.parametrize(
    ("segment_id", "notes"),
    [
        ("p1.s1", []),
        # The block repair is carried by the segment too, so it shows once.
        ("p2.s1", ["split-word: 'Cet te' → 'Cette'"]),
        ("p3.s1", ["[info] segment is in English: kept as is"]),
        ("p4.s1", ["[error] number 2013 missing"]),
    ],
)
def test_segment_notes(segment_id: str, notes: list[str]) -> None:
    segments = {s["id"]: s for s in document_to_json(sample_document())["segments"]}
    assert segments[segment_id]["notes"] == notes


def test_undetected_language_and_no_engine_are_null() -> None:
    data = document_to_json(sample_document().with_(language=None, engine=None))
    assert data["language"] is None
    assert data["engine"] is None


def test_file_is_utf8_indented_and_not_ascii_escaped(tmp_path: Path) -> None:
    path = tmp_path / "release.json"
    write_sidecar(sample_document(), path)
    text = path.read_bytes().decode("utf-8")
    assert "l’ESA" in text and "\\u2019" not in text
    assert text.startswith('{\n  "schema": "bilingue.sidecar/1",\n')
    assert text.endswith("}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release.json"]


def test_sample_round_trip(tmp_path: Path) -> None:
    doc = sample_document()
    path = tmp_path / "release.json"
    write_sidecar(doc, path)
    back = read_sidecar(path)
    assert back == doc


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents())
def test_any_document_round_trips(doc: Document, tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    write_sidecar(doc, path)
    back = read_sidecar(path)
    assert back == doc


@given(doc=documents())
def test_in_memory_round_trip(doc: Document) -> None:
    assert document_from_json(json.loads(json.dumps(document_to_json(doc)))) == doc


def _broken(change: str) -> dict[str, Any]:
    data = document_to_json(sample_document())
    if change == "schema":
        data["schema"] = "bilingue.sidecar/99"
    elif change == "no-blocks":
        del data["blocks"]
    elif change == "kind":
        data["blocks"][0]["kind"] = "chapter"
    elif change == "state":
        data["segments"][0]["state"] = "done"
    elif change == "level-type":
        data["blocks"][0]["level"] = "1"
    elif change == "level-bool":
        data["blocks"][0]["level"] = True
    elif change == "unknown-block":
        data["segments"][0]["block"] = "p99"
    elif change == "duplicate-block":
        data["blocks"][1]["id"] = "p1"
    elif change == "ok-type":
        data["segments"][0]["terms"][0]["ok"] = "yes"
    elif change == "confidence":
        data["language"]["confidence"] = "high"
    elif change == "severity":
        data["notes"][0]["severity"] = "fatal"
    elif change == "segment-list":
        data["segments"] = {"p1.s1": {}}
    return data


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("schema", "schema is 'bilingue.sidecar/99', expected 'bilingue.sidecar/1'"),
        ("no-blocks", "blocks should be list, found NoneType"),
        ("kind", "unknown BlockKind 'chapter'"),
        ("state", "unknown SegmentState 'done'"),
        ("level-type", "level should be int, found str"),
        ("level-bool", "level should be int, found bool"),
        ("unknown-block", "segment refers to unknown block 'p99'"),
        ("duplicate-block", "duplicate block ids"),
        ("ok-type", "ok should be bool, found str"),
        ("confidence", "confidence should be a number, found str"),
        ("severity", "unknown Severity 'fatal'"),
        ("segment-list", "segments should be list, found dict"),
    ],
)
def test_wrong_schema_is_bad_input(tmp_path: Path, change: str, reason: str) -> None:
    path = tmp_path / "release.json"
    path.write_text(json.dumps(_broken(change)), encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        read_sidecar(path)
    assert caught.value.message == f"not a bilingue sidecar ({reason})"
    assert caught.value.path == str(path)


@pytest.mark.parametrize(
    ("content", "message_start"),
    [
        (b'{"schema": ', "not a JSON file (Expecting value"),
        (b"\xff\xfe{}", "not a JSON file ("),
        (b"[1, 2]", "not a bilingue sidecar (document should be dict, found list)"),
        (b"{}", "not a bilingue sidecar (schema is None"),
    ],
)
def test_malformed_file_is_bad_input(tmp_path: Path, content: bytes, message_start: str) -> None:
    path = tmp_path / "release.json"
    path.write_bytes(content)
    with pytest.raises(BadInput) as caught:
        read_sidecar(path)
    assert caught.value.message.startswith(message_start)


def test_missing_sidecar(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="cannot read file"):
        read_sidecar(tmp_path / "absent.json")


def test_block_repairs_not_on_any_segment_go_to_the_first_row() -> None:
    doc = sample_document()
    p2 = doc.blocks[1]
    moved = p2.with_(
        repairs=(*p2.repairs, Repair("spaces", "entre  la", "entre la", 10, 18)),
        segments=tuple(s.with_(repairs=()) for s in p2.segments),
    )
    data = document_to_json(doc.with_(blocks=(doc.blocks[0], moved, *doc.blocks[2:])))
    notes = {s["id"]: s["notes"] for s in data["segments"]}
    assert notes["p2.s1"] == [
        "split-word: 'Cet te' → 'Cette'",
        "spaces: 'entre  la' → 'entre la'",
    ]
    assert notes["p2.s2"] == [
        "[info] target much shorter than source",
        "[error] glossary term not in translation: ESA → ESA",
    ]


@pytest.mark.parametrize(
    ("changes", "notes"),
    [
        ({"translate": False, "lang": "en"}, ["[warning] kept untranslated: detected English"]),
        ({"target": None}, ["not translated yet"]),
        ({"target": None, "translate": False}, ["[warning] kept untranslated: detected French"]),
    ],
)
def test_why_the_target_is_missing(changes: dict[str, Any], notes: list[str]) -> None:
    segment = Segment(id="p1.s1", source="Bonjour", target="Hello").with_(**changes)
    assert [n.text for n in segment_notes(segment)] == notes


def test_review_counts() -> None:
    assert review_counts(sample_document()) == ReviewCounts(
        blocks=4,
        segments=5,
        translated=4,
        untranslated=1,
        terms_found=3,
        terms_expected=4,
        flagged=3,
    )
