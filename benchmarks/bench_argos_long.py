"""A 5,000-character line through the Argos engine: split at safe boundaries, never cut.

Run from the repository root: ``uv run --frozen python -m benchmarks.bench_argos_long``
(``--base`` for a Transformer-base-shaped model: 6+6 layers, d_model 512, 32k vocabulary,
int8). The model has random weights, so it never emits end-of-sentence and every chunk
decodes to the length cap: this is the worst case, not a real model's time. Target:
the line is translated in under ``--target`` seconds (60 by default) and every chunk
reaches the model (CTranslate2 would otherwise truncate past 1,024 tokens).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from devtools.synthetic_argos import TINY, TRANSFORMER_BASE, build_synthetic_argosmodel

SENTENCE = "Le satellite numéro {n} sera lancé depuis Kourou, en Guyane, par une fusée Soyouz. "


def long_line(characters: int) -> str:
    text = "".join(SENTENCE.format(n=n) for n in range(characters // len(SENTENCE) + 2))
    return text[:characters].rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--base", action="store_true", help="Transformer-base-shaped model")
    parser.add_argument("--characters", type=int, default=5000)
    parser.add_argument("--target", type=float, default=60.0, help="seconds allowed")
    args = parser.parse_args(argv)

    from bilingue.engines.argos import ArgosEngine, check_package
    from bilingue.packages import install_from_file

    with tempfile.TemporaryDirectory() as tmp:
        shape = TRANSFORMER_BASE if args.base else TINY
        archive = build_synthetic_argosmodel(Path(tmp), shape=shape)
        package = install_from_file(archive, Path(tmp) / "packages", check=check_package)
        engine = ArgosEngine(package)
        engine.check()  # load the model outside the timing
        line = long_line(args.characters)
        tokens = len(engine.load().processor.encode(line))
        start = time.perf_counter()
        [target] = engine.translate([line])
        seconds = time.perf_counter() - start

    split = engine.last_split == frozenset({0})
    print(f"model: {'transformer-base' if args.base else 'tiny'} (random weights)")
    print(f"line: {len(line)} characters, {tokens} tokens, budget {engine.max_input_tokens}")
    print(f"translated in {seconds:.1f} s, split: {split}, output {len(target)} characters")
    verdict = "PASS" if split and target and seconds <= args.target else "FAIL"
    print(f"target ≤ {args.target:.0f} s, every chunk translated: {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
