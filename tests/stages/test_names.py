"""Names kept verbatim: found in French text and protected before translation."""

from __future__ import annotations

import pytest

from bilingue.document import Document, Segment, TermHit
from bilingue.stages.names import NAME_KIND, find_names, protect_names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Il a rencontré Joël Barre hier.", ["Joël Barre"]),
        ("Les développeurs .NET et PHP.", [".NET", "PHP"]),
        (
            "Adrian Valente et Lucas Gonzalez, responsables de l'ADCS",
            ["Adrian Valente", "Lucas Gonzalez", "ADCS"],
        ),
        (
            "Jean-Yves Le Gall a rencontré Vladimir Popovkine.",
            ["Jean-Yves Le Gall", "Vladimir Popovkine"],
        ),
        (
            "avec Charles de Gaulle et Pierre Dupont de la Station",
            ["Charles de Gaulle", "Pierre Dupont"],
        ),
        ("le directeur de Roscosmos à Moscou", ["Roscosmos"]),
        ("Sur son iPhone, l’ESA publie.", ["iPhone", "ESA"]),
        ("COMMUNIQUÉ DE PRESSE DU CNES", []),
        ("Le Centre Spatial Guyanais et la France.", []),
    ],
)
def test_find_names(text: str, names: list[str]) -> None:
    assert [n.text for n in find_names(text)] == names


def test_names_are_added_where_the_glossary_has_nothing() -> None:
    glossary_hit = TermHit("CNES", "CNES", 25, 29, kind="organisation", entry="CNES")
    segment = Segment("p1.s1", "Joël Barre, président du CNES.", terms=(glossary_hit,))
    doc = Document("x.txt", ())
    from bilingue.document import Block, BlockKind

    doc = doc.with_(blocks=(Block("p1", BlockKind.PARAGRAPH, segment.source, (segment,)),))
    protected = next(protect_names(protect_names(doc)).segments())
    assert [(h.source, h.kind) for h in protected.terms] == [
        ("Joël Barre", NAME_KIND),
        ("CNES", "organisation"),
    ]
