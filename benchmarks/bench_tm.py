"""Translation memory at scale: TMX import, exact and fuzzy lookups on 100,000 units.

Run: ``uv run --frozen python benchmarks/bench_tm.py [--units 100000] [--exact 2000]
[--fuzzy 300]``. Builds French-like press-release sentences (seeded, so every run
measures the same memory), writes them as TMX, imports the file into an empty
memory the way `bilingue tm import` does, then times exact lookups (typography
changed, so normalisation is exercised) and fuzzy lookups (one word changed, so
each query has a match scoring ≥ 75 to find). Prints wall and CPU time (targets
are checked on CPU time, which other work on the machine does not inflate); exits 1
if a target is missed or a lookup misses its unit.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bilingue.formats.tmx import read_tmx, write_tmx
from bilingue.tm import TmMatch, TmUnit, match_key, open_memory

__all__ = ["french_sentences", "main"]

TARGETS = {"import s": 60.0, "exact/s": 1000.0, "fuzzy/s": 20.0}

SUBJECTS = [
    "Le CNES",
    "L'Agence spatiale européenne",
    "Roscosmos",
    "La NASA",
    "Le ministre de la Recherche",
    "Arianespace",
    "Le laboratoire de Toulouse",
    "L'équipe scientifique",
    "Le directeur du programme",
    "La présidente du conseil",
    "Le consortium industriel",
    "Thales Alenia Space",
]
VERBS = [
    "annonce",
    "prépare",
    "présente",
    "confirme",
    "signe",
    "étudie",
    "finance",
    "achève",
    "lance",
    "dévoile",
    "coordonne",
    "évalue",
]
OBJECTS = [
    "un accord de coopération",
    "la mission {name}",
    "le satellite {name}",
    "une campagne de mesures",
    "le budget de l'année {year}",
    "la qualification du lanceur",
    "les résultats de l'instrument {name}",
    "une étude sur les débris spatiaux",
    "le calendrier des essais",
    "un nouveau centre de contrôle",
]
COMPLEMENTS = [
    "avec ses partenaires européens",
    "depuis le Centre spatial guyanais",
    "en {year}",
    "pour l'observation de la Terre",
    "à Toulouse le {day} {month}",
    "dans le cadre du programme {name}",
    "malgré un calendrier serré",
    "au salon du Bourget",
    "pour un montant de {amount} millions d'euros",
    "avant la fin de la décennie",
]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "septembre"]
SYLLABLES = ["ka", "ro", "mi", "zé", "lu", "ter", "na", "vol", "syl", "bo", "ra", "gé"]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def french_sentences(count: int, seed: int = 17) -> list[str]:
    """``count`` distinct French-like press-release sentences, the same for a seed."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        values = {
            "name": _name(rng),
            "year": rng.randint(1990, 2040),
            "day": rng.randint(1, 28),
            "month": rng.choice(MONTHS),
            "amount": rng.randint(2, 900),
        }
        parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)]
        parts += rng.sample(COMPLEMENTS, rng.randint(1, 2))
        sentence = " ".join(parts).format(**values) + "."
        if sentence not in seen:
            seen.add(sentence)
            out.append(sentence)
    return out


def _one_word_changed(sentence: str, rng: random.Random) -> str:
    """``sentence`` with one word (not the first) replaced by a verb."""
    words = sentence.split(" ")
    words[rng.randrange(1, len(words))] = rng.choice(VERBS)
    return " ".join(words)


def _best_found(query: str, unit_source: str, matches: list[TmMatch]) -> bool:
    """Whether the lookup found ``unit_source``, or only matches at least as good."""
    from rapidfuzz import fuzz

    if any(m.unit.source == unit_source for m in matches):
        return True
    score = fuzz.ratio(match_key(query), match_key(unit_source))
    return bool(matches) and min(m.score for m in matches) >= score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--exact", type=int, default=2000, help="exact lookups to time")
    parser.add_argument("--fuzzy", type=int, default=300, help="fuzzy lookups to time")
    args = parser.parse_args(argv)
    rng = random.Random(5)
    sources = french_sentences(args.units)
    units = [
        TmUnit(s, f"EN {n}: {s}", document=f"release-{n % 500}.docx", segment_id=f"p{n}.s1")
        for n, s in enumerate(sources)
    ]
    timer = Timer()
    with tempfile.TemporaryDirectory() as folder:
        tmx = Path(folder) / "memory.tmx"
        write_tmx(units, tmx)
        with timer("import s", 1):
            content = read_tmx(tmx)
            with open_memory(Path(folder) / "tm.sqlite") as memory:
                added = memory.add(content.units)
        size = (Path(folder) / "tm.sqlite").stat().st_size
        with open_memory(Path(folder) / "tm.sqlite") as memory:
            # Typographic apostrophes and a no-break space: found only through the key.
            exact_queries = [
                s.replace("'", "\u2019").replace(" ", "\u00a0", 1)
                for s in rng.sample(sources, args.exact)
            ]
            with timer("exact/s", args.exact):
                found = sum(1 for q in exact_queries if memory.exact(q) is not None)
            wanted = rng.sample(sources, args.fuzzy)
            fuzzy_queries = [_one_word_changed(s, rng) for s in wanted]
            with timer("fuzzy/s", args.fuzzy):
                matches = [memory.fuzzy(q) for q in fuzzy_queries]
    recalled = sum(
        1
        for query, source, found_ in zip(fuzzy_queries, wanted, matches, strict=True)
        if _best_found(query, source, found_)
    )
    print(f"{added:,} units imported from TMX ({tmx.name}), memory {size / 1e6:.1f} MB")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| measure  | wall     | CPU      | target (CPU) |")
    print("|----------|---------:|---------:|--------------|")
    ok = True
    for name, (wall, cpu) in timer.results.items():
        target = TARGETS[name]
        passed = cpu <= target if name == "import s" else cpu >= target
        ok = ok and passed
        bound = "≤" if name == "import s" else "≥"
        print(f"| {name:<8} | {wall:8.1f} | {cpu:8.1f} | {bound} {target:<10} |")
    print(
        f"exact: {found}/{args.exact} found; fuzzy: the changed unit (or only better "
        f"matches) found for {recalled}/{args.fuzzy}"
    )
    ok = ok and found == args.exact and recalled == args.fuzzy and added == args.units
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


class Timer:
    """Wall and CPU time of named steps; ``count`` > 1 turns them into rates.

    On a shared machine wall time includes waiting for a core; CPU time is this
    process's own work, so targets are checked on it.
    """

    def __init__(self) -> None:
        self.results: dict[str, tuple[float, float]] = {}

    @contextlib.contextmanager
    def __call__(self, name: str, count: int) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        self.results[name] = (wall, cpu) if count == 1 else (count / wall, count / cpu)


if __name__ == "__main__":
    sys.exit(main())
