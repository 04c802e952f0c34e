"""Write seeded.tsv: the good pairs with one error of each check's kind planted.

Run from the repository root: ``.venv/bin/python -m tests.qa_eval.seed``. Seeding is
deterministic (a fixed random seed), so the committed file can be regenerated; each
line says which check must fire (``kind``) and which others may fire as a side
effect of the planted error (``also``, e.g. a runaway loop also lengthens the text).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

from bilingue.glossary.patterns import pattern_spans
from bilingue.stages.names import find_names
from bilingue.stages.qa.untranslated import _language

HERE = Path(__file__).parent
PER_KIND = 13
SPANISH = ("próximamente", "también", "además", "empresa", "según", "mediante")

Seeder = Callable[[str, str, random.Random], tuple[str, str] | None]


def read_good() -> list[tuple[str, str]]:
    lines = (HERE / "good_pairs.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return [(row[0], row[1]) for row in rows]


def _lower_words(text: str) -> list[re.Match[str]]:
    return [m for m in re.finditer(r"(?<![\w@./-])[a-z]{4,}(?![\w@./-])", text)]


def untranslated(source: str, target: str, rnd: random.Random) -> tuple[str, str] | None:
    french = [w for w in re.findall(r"\b[a-zàâçéèêëîïôûù]{5,}\b", source) if _language(w, True)]
    slots = _lower_words(target)
    if not slots:
        return None
    slot = rnd.choice(slots)
    word = rnd.choice(french) if french and rnd.random() < 0.7 else rnd.choice(SPANISH)
    return target[: slot.start()] + word + target[slot.end() :], ""


def markup(source: str, target: str, rnd: random.Random) -> tuple[str, str] | None:
    slots = _lower_words(target)
    if not slots:
        return None
    slot = rnd.choice(slots)
    tag = rnd.choice(("<prn>", "#<det>", "⟨1⟩", "XTERM2X", "<vblex>"))
    return target[: slot.start()] + tag + target[slot.end() :], ""


def name(source: str, target: str, rnd: random.Random) -> tuple[str, str] | None:
    # Names inside a link (#ForumPHP, @afup) would be link errors as well.
    found = [
        n for n in find_names(source) if re.search(rf"(?<![@#./\w]){re.escape(n.text)}", target)
    ]
    if not found:
        return None
    chosen = rnd.choice(found).text
    words = chosen.split()
    if len(words) > 1 and rnd.random() < 0.5:
        bent = " ".join(words[:-1]) + " " + rnd.choice(("Fences", "Bar", "Valiant", "Wood"))
    elif re.search("[aeio]", chosen) and rnd.random() < 0.5:
        bent = re.sub(
            "[aeio]", lambda m: {"a": "á", "e": "é", "i": "í", "o": "ó"}[m.group()], chosen, count=1
        )
    else:
        bent = rnd.choice(("THAT", "Clean", "the agency", chosen.lower() + "s"))
    return target.replace(chosen, bent, 1), ""


def number(source: str, target: str, rnd: random.Random) -> tuple[str, str] | None:
    links = [(start, end) for start, end, _, _ in pattern_spans(target)]
    found = [
        m
        for m in re.finditer(r"\d[\d,.]*\d|\d", target)
        if not any(s <= m.start() < e for s, e in links)  # a link's digits are link errors
    ]
    if not found:
        return None
    chosen = rnd.choice(found)
    digits = chosen.group()
    choice = rnd.random()
    if "," in digits and choice < 0.4:
        wrong = digits.replace(",", " ")  # French thousands kept
    elif "." in digits and choice < 0.4:
        wrong = digits.replace(".", ",")  # French decimal comma kept
    elif choice < 0.7:
        wrong = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    else:
        return target[: chosen.start()].rstrip() + " " + target[chosen.end() :].lstrip(), ""
    return target[: chosen.start()] + wrong + target[chosen.end() :], ""


def url(source: str, target: str, rnd: random.Random) -> tuple[str, str] | None:
    found = re.search(r"\S*(?:@|www\.|https?://|\d\d \d\d)\S*", target)
    if not found:
        return None
    link = found.group().rstrip(".,;")
    bent = rnd.choice(
        (link.replace(".org", ".com"), link.replace("@", " at "), link[:-3] + link[-2:])
    )
    if bent == link:
        bent = link + "x"
    # A broken link falls apart into words ("presse at afup.org"), which may be French.
    return target.replace(link, bent, 1), "qa-untranslated"


def _plain(target: str) -> bool:
    return not re.search(r"[\d()«»“”\"@]", target) and len(target.split()) >= 8


def length(source: str, target: str, rnd: random.Random) -> tuple[str, str] | None:
    if not _plain(target) or find_names(source):
        return None
    words = target.rstrip(".").split()
    if rnd.random() < 0.6:
        return " ".join(words[: max(2, len(words) * 2 // 5)]) + ".", "qa-repetition"
    if not target.endswith("."):
        return None
    extra = " and the company confirmed that it would continue to invest heavily in research"
    return target.rstrip(".") + extra + " and in the training of its staff in the coming years.", ""


def repetition(source: str, target: str, rnd: random.Random) -> tuple[str, str] | None:
    slots = _lower_words(target)
    if len(slots) < 2:
        return None
    if rnd.random() < 0.5:
        slot = rnd.choice(slots)
        return target[: slot.end()] + " " + slot.group() + target[slot.end() :], ""
    first, second = slots[0], slots[1]
    unit = target[first.start() : second.end()]
    return target[: second.end()] + (" " + unit) * 3 + target[second.end() :], "qa-length"


def brackets(source: str, target: str, rnd: random.Random) -> tuple[str, str] | None:
    for closer in (")", "”", "»"):
        if closer in target:
            return target.replace(closer, "", 1), ""
    slots = _lower_words(target)
    if not slots:
        return None
    slot = rnd.choice(slots)
    return target[: slot.start()] + rnd.choice("(“[") + target[slot.start() :], ""


def punctuation(source: str, target: str, rnd: random.Random) -> tuple[str, str] | None:
    body = target.rstrip(".!?:;")
    ending = target[len(body) :]
    if ending:
        return body + rnd.choice(["", "!", ";"] if ending == "." else ["."]), ""
    return target + ".", ""


SEEDERS: dict[str, Seeder] = {
    "qa-untranslated": untranslated,
    "qa-markup": markup,
    "qa-name": name,
    "qa-number": number,
    "qa-url": url,
    "qa-length": length,
    "qa-repetition": repetition,
    "qa-brackets": brackets,
    "qa-punctuation": punctuation,
}


def main() -> None:
    rnd = random.Random(10)
    good = read_good()
    lines = ["# kind\talso\tsource\ttarget (a good pair with one planted error)"]
    for kind, seeder in SEEDERS.items():
        made = 0
        for source, target in rnd.sample(good, len(good)):
            planted = seeder(source, target, rnd)
            if planted is None or planted[0] == target:
                continue
            lines.append(f"{kind}\t{planted[1]}\t{source}\t{planted[0]}")
            made += 1
            if made == PER_KIND:
                break
    (HERE / "seeded.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
