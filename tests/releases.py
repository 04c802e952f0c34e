"""Generated French releases for batch tests: the sample's paragraphs, varied per release.

Every release shares boilerplate with the others (what pooling de-duplicates) and
has a paragraph of its own (so no two outputs are the same).
"""

from __future__ import annotations

from pathlib import Path

CITIES = ("Toulouse", "Kourou", "Paris", "Moscou", "Baïkonour", "Évry", "Cannes", "Lyon")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "septembre")


def seed_paragraphs(seed: Path) -> list[str]:
    text = seed.read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n \n") if len(p.strip()) > 80]


def french_release(seed: Path, number: int) -> str:
    """Release ``number``: its own opening paragraph, then the sample's, rotated."""
    paragraphs = seed_paragraphs(seed)
    shift = number % len(paragraphs)
    city, month = CITIES[number % len(CITIES)], MONTHS[(number // 3) % len(MONTHS)]
    opening = (
        f"Le CNES a réuni ses partenaires à {city} le {number % 27 + 1} {month} 2014 pour "
        f"la {number + 1}e réunion de son comité de coopération internationale."
    )
    return "\n\n".join([opening, *paragraphs[shift:], *paragraphs[:shift]]) + "\n"


def write_releases(seed: Path, folder: Path, names: list[str]) -> list[Path]:
    """One release per relative name (sub-folders created), numbered in order."""
    written = []
    for number, name in enumerate(names):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(french_release(seed, number), encoding="utf-8")
        written.append(path)
    return written
