"""Generated French press releases for the benchmarks: seeded, varied, realistic in shape.

Each release has a title, a dateline, paragraphs of sentences built from a small
grammar (agencies, people, programmes, numbers, dates), a quotation, sometimes an
English sentence (the detect stage must keep it), and a press contact. Nothing is
copied from real releases; the words are ordinary press-release French.
"""

from __future__ import annotations

import random
from pathlib import Path

__all__ = ["release_text", "segments_text", "write_releases"]

_AGENCIES = (
    "le CNES",
    "l'ESA",
    "Roscosmos",
    "la NASA",
    "l'Agence spatiale italienne",
    "le DLR",
    "Arianespace",
    "Airbus Defence and Space",
    "Thales Alenia Space",
)
_PEOPLE = (
    "Jean-Yves Le Gall",
    "Marie Dupont",
    "Philippe Baptiste",
    "Claire Martin",
    "Vladimir Popovkine",
    "Lionel Suchet",
    "Sophie Bernard",
    "Antoine Leroy",
)
_ROLES = (
    "président du CNES",
    "directrice des programmes",
    "directeur général",
    "responsable de la mission",
    "cheffe de projet",
    "directeur de Roscosmos",
)
_PROGRAMMES = (
    "Exomars",
    "SVOM",
    "Ariane 6",
    "Soyouz",
    "SWOT",
    "MicroCarb",
    "Pléiades Neo",
    "Athena",
    "JUICE",
    "la Station spatiale internationale",
)
_VERBS = (
    "a signé un accord de coopération avec",
    "a présenté les résultats de",
    "a confirmé le calendrier de",
    "a annoncé une nouvelle étape pour",
    "a célébré le succès de",
    "a rencontré les équipes de",
    "poursuit le développement de",
    "a lancé une consultation sur",
)
_OBJECTS = (
    "la mission {p}",
    "le programme {p}",
    "l'instrument principal de {p}",
    "la phase de qualification de {p}",
    "le segment sol de {p}",
    "les essais de {p}",
)
_TAILS = (
    "dans le domaine des lanceurs",
    "pour les dix prochaines années",
    "en présence des partenaires industriels",
    "au Centre spatial guyanais, à Kourou",
    "avec un budget de {n} millions d'euros",
    "le {d} {m} {y} à Paris",
    "afin de renforcer la recherche sur le climat",
    "grâce à {n} ingénieurs mobilisés",
)
_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_QUOTES = (
    "Cette étape est essentielle pour l'Europe spatiale et pour nos partenaires",
    "Nous sommes fiers du travail accompli par les équipes depuis {y}",
    "Ce succès confirme la place de la France dans le secteur spatial",
    "La coopération entre nos deux pays se renforce année après année",
)
_ENGLISH = (
    "The agreement will be signed next year by both agencies, and it covers launchers, "
    "orbital systems and microgravity research."
)


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        p=rng.choice(_PROGRAMMES),
        n=rng.randint(2, 900),
        d=rng.randint(1, 28),
        m=rng.choice(_MONTHS),
        y=rng.randint(1995, 2026),
    )


def _sentence(rng: random.Random) -> str:
    subject = rng.choice(_AGENCIES)
    subject = subject[0].upper() + subject[1:]
    obj = _fill(rng, rng.choice(_OBJECTS))
    tail = _fill(rng, rng.choice(_TAILS))
    return f"{subject} {rng.choice(_VERBS)} {obj} {tail}."


def release_text(index: int, *, paragraphs: int = 4) -> str:
    """Release number ``index`` as plain text (about 12–20 segments)."""
    rng = random.Random(index)
    programme = rng.choice(_PROGRAMMES)
    person, role = rng.choice(_PEOPLE), rng.choice(_ROLES)
    lines = [
        f"Communiqué de presse n° {index}",
        f"{programme} : une nouvelle étape franchie",
        f"Paris, le {rng.randint(1, 28)} {rng.choice(_MONTHS)} {rng.randint(2005, 2026)}",
    ]
    for _ in range(paragraphs):
        lines.append(" ".join(_sentence(rng) for _ in range(rng.randint(2, 4))))
    quote = _fill(rng, rng.choice(_QUOTES))
    lines.append(f"{person}, {role}, a déclaré : « {quote}. »")
    if index % 10 == 3:
        lines.append(_ENGLISH)
    lines.append(f"Contact presse : {rng.choice(_PEOPLE)}, tél. 01 44 76 {rng.randint(10, 99)} 37")
    return "\n\n".join(lines) + "\n"


def segments_text(count: int) -> str:
    """One long document of about ``count`` segments (for the stage-linearity runs)."""
    parts: list[str] = []
    index = 0
    total = 0
    while total < count:
        text = release_text(10_000 + index)
        parts.append(text)
        total += text.count(".") + text.count("\n\n") // 2
        index += 1
    return "\n".join(parts)


def write_releases(folder: Path, count: int, *, start: int = 0) -> list[Path]:
    """Write releases ``start`` … ``start+count-1`` as ``release-NNNN.txt`` files."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(start, start + count):
        path = folder / f"release-{index:04d}.txt"
        path.write_text(release_text(index), encoding="utf-8")
        paths.append(path)
    return paths
