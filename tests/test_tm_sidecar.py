"""The sidecar records where each target came from and the memory's suggestions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bilingue.document import TargetOrigin, TmSuggestion
from bilingue.errors import BadInput
from bilingue.formats.sidecar_json import document_to_json, read_sidecar, write_sidecar
from tests.doubles import document_of


def _doc_with_memory_fields() -> object:
    doc = document_of("Bonjour.", "Le CNES signe.")
    marks: dict[str, dict[str, object]] = {
        "p1.s1": {"origin": TargetOrigin.TM, "target": "Hello."},
        "p1.s2": {
            "origin": TargetOrigin.MT,
            "target": "CNES signs.",
            "suggestions": (TmSuggestion("Le CNES signa.", "CNES signed.", 88.5),),
        },
    }
    return doc.map_segments(lambda s: s.with_(**marks[s.id]))


def test_origin_and_suggestions_are_written_and_read_back(tmp_path: Path) -> None:
    doc = _doc_with_memory_fields()
    path = tmp_path / "release.json"
    write_sidecar(doc, path)  # type: ignore[arg-type]
    rows = json.loads(path.read_text(encoding="utf-8"))["segments"]
    assert [row["origin"] for row in rows] == ["tm", "mt"]
    assert rows[1]["suggestions"] == [
        {"source": "Le CNES signa.", "target": "CNES signed.", "score": 88.5}
    ]
    assert read_sidecar(path) == doc


def test_a_sidecar_from_before_the_memory_reads_with_no_origin(tmp_path: Path) -> None:
    data = document_to_json(document_of("Bonjour."))
    for row in data["segments"]:
        del row["origin"], row["suggestions"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    segment = next(read_sidecar(path).segments())
    assert (segment.origin, segment.suggestions) == (TargetOrigin.NONE, ())


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("origin", "robot", "unknown TargetOrigin 'robot'"),
        ("suggestions", [{"source": "a", "target": "b", "score": "high"}], "score should be"),
    ],
)
def test_bad_memory_fields_are_bad_input(
    tmp_path: Path, field: str, value: object, reason: str
) -> None:
    data = document_to_json(document_of("Bonjour."))
    data["segments"][0][field] = value
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BadInput, match=reason):
        read_sidecar(path)
