"""One atheris (libFuzzer) target: ``python -m tests.fuzz.atheris_target NAME [libFuzzer args]``.

Text formats take the fuzz input as the file's bytes. Zip formats take it as an edit
recipe over the seed's members (member, offset, byte …), re-zipped, so the input
reaches the XML parsers instead of failing the zip CRC.
"""

from __future__ import annotations

import importlib
import sys

import atheris

from tests.fuzz.targets import SEEDS, TARGETS, ZIPPED, mutate_zip, run_target

# Readers are imported lazily by run_target; import this one now, instrumented, so
# libFuzzer sees coverage inside bilingue (and not in the libraries under it).
with atheris.instrument_imports(include=["bilingue"]):
    importlib.import_module(TARGETS[sys.argv[1]][1].partition(":")[0])


def main() -> None:
    name = sys.argv.pop(1)
    seed = SEEDS[name] if name in ZIPPED else b""

    def one_input(data: bytes) -> None:
        if name in ZIPPED:
            provider = atheris.FuzzedDataProvider(data)
            edits = [
                (
                    provider.ConsumeIntInRange(0, 50),
                    provider.ConsumeIntInRange(0, 1 << 20),
                    provider.ConsumeIntInRange(0, 255),
                )
                for _ in range(provider.ConsumeIntInRange(0, 8))
            ]
            run_target(name, mutate_zip(seed, edits))
        else:
            run_target(name, data)

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
