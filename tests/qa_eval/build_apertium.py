"""Write apertium.jsonl: real Apertium output (marks kept) for real French text.

Run from the repository root with Apertium installed:
``.venv/bin/python -m tests.qa_eval.build_apertium``. Sources: the CNES sample and the
AFUP PDFs in ../shared (through pdftotext), and the French of good_pairs.tsv. Each
segment is protected as the pipeline protects it and translated by
``ApertiumEngine(unknown_marks=True)``; ``unknown`` lists the words Apertium marked
unknown that a reviewer must see (no names it rightly left alone, no lone letters or
numbers): the ground truth for the untranslated-word recall.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from bilingue.engines.apertium import ApertiumEngine
from bilingue.formats import read_document
from bilingue.pipeline import prepare
from bilingue.stages.qa.markup import clean_markup
from bilingue.stages.translate import pieces
from tests.qa_eval.evaluate import HERE, ROOT, _rows, protected

SHARED = ROOT.parent / "shared"
# Read by hand in the output: words Apertium's Spanish→English stage marked unknown
# that are English already (the French source used them: "open source", "cloud
# computing") or not a word ("Pas-of-", a name's half): not untranslated.
NOT_UNTRANSLATED = frozenset(
    {
        "open",
        "co-founder",
        "frameworks",
        "computing",
        "software",
        "waterproof",
        "multitude",
        "Pas-of-",
    }
)


def french_texts() -> list[str]:
    sources: list[str] = []
    paths = [SHARED / "seeds" / "cnes-roscosmos-2013-05-17.fr.txt"]
    with tempfile.TemporaryDirectory() as tmp:
        for pdf in sorted((SHARED / "pdf").glob("*.pdf")):
            text = Path(tmp) / (pdf.stem + ".txt")
            subprocess.run(["pdftotext", "-layout", str(pdf), str(text)], check=True)
            paths.append(text)
        for path in paths:
            doc = prepare(read_document(path))
            sources += [s.source for s in doc.segments() if s.translate and s.source.strip()]
    sources += [row[0] for row in _rows("good_pairs.tsv")]
    return list(dict.fromkeys(sources))


def unknown_words(source: str, raw: str) -> list[str]:
    cleaned = clean_markup(source, raw)
    words = []
    for start, end in cleaned.unknown:
        word = cleaned.target[start:end]
        if len(word) < 3 or any(c.isdigit() for c in word):
            continue
        if (word[:1].isupper() and word in source) or word in NOT_UNTRANSLATED:
            continue
        words.append(word)
    return words


def main() -> None:
    sources = french_texts()
    segments = [protected(source) for source in sources]
    engine = ApertiumEngine(unknown_marks=True)
    raws = engine.translate_keeping([pieces(s.source, s.terms) for s in segments])
    with (HERE / "apertium.jsonl").open("w", encoding="utf-8") as out:
        for source, raw in zip(sources, raws, strict=True):
            row = {"source": source, "raw": raw, "unknown": unknown_words(source, raw)}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
