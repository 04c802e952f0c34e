"""Translation memory at scale: TMX import, exact and fuzzy lookups on 100,000 units.

Run: ``uv run --frozen python benchmarks/bench_tm.py [--units 100000] [--exact 2000]
[--fuzzy 300]``. Builds French-like press-release sentences (seeded, so every run
measures the same memory), writes them as TMX, imports the file into an empty
memory the way `bilingue tm import` does, then times exact lookups (typography
changed, so normalisation is exercised) and fuzzy lookups (one word changed, so
each query has a match scoring ≥ 75 to find). Prints a table; exits 1 if a target
is missed or a lookup misses its unit.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from bilingue.formats.tmx import read_tmx, write_tmx
from bilingue.tm import TmMatch, TmUnit, match_key, open_memory

__all__ = ["french_sentences", "main"]

TARGETS = {"import s": 180.0, "exact/s": 500.0, "fuzzy/s": 20.0}

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
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        tmx = Path(folder) / "memory.tmx"
        write_tmx(units, tmx)
        start, cpu = time.perf_counter(), time.process_time()
        content = read_tmx(tmx)
        with open_memory(Path(folder) / "tm.sqlite") as memory:
            added = memory.add(content.units)
            results["import s"] = time.perf_counter() - start
            import_cpu = time.process_time() - cpu
            size = (Path(folder) / "tm.sqlite").stat().st_size

            # Typographic apostrophes and a no-break space: found only through the key.
            exact_queries = [
                s.replace("'", "\u2019").replace(" ", "\u00a0", 1)
                for s in rng.sample(sources, args.exact)
            ]
            start = time.perf_counter()
            found = sum(1 for q in exact_queries if memory.exact(q) is not None)
            results["exact/s"] = args.exact / (time.perf_counter() - start)

            wanted = rng.sample(sources, args.fuzzy)
            fuzzy_queries = [_one_word_changed(s, rng) for s in wanted]
            start = time.perf_counter()
            matches = [memory.fuzzy(q) for q in fuzzy_queries]
            results["fuzzy/s"] = args.fuzzy / (time.perf_counter() - start)
    recalled = sum(
        1
        for query, source, found_ in zip(fuzzy_queries, wanted, matches, strict=True)
        if _best_found(query, source, found_)
    )
    print(f"{added:,} units imported from TMX ({tmx.name}), memory {size / 1e6:.1f} MB")
    # On a shared machine wall time includes waiting for a core: CPU time says how
    # much of it was this process's own work.
    load = os.getloadavg()[0]
    print(f"import CPU time {import_cpu:.1f} s; load average {load:.1f} on {os.cpu_count()} cores")
    print("| measure  | value    | target      |\n|----------|---------:|-------------|")
    ok = True
    for name, value in results.items():
        target = TARGETS[name]
        passed = value <= target if name == "import s" else value >= target
        ok = ok and passed
        bound = "≤" if name == "import s" else "≥"
        print(f"| {name:<8} | {value:8.1f} | {bound} {target:<9} |")
    print(
        f"exact: {found}/{args.exact} found; fuzzy: the changed unit (or only better "
        f"matches) found for {recalled}/{args.fuzzy}"
    )
    ok = ok and found == args.exact and recalled == args.fuzzy and added == args.units
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
