"""Nothing heavy happens at import: `bilingue --help` must not load models or parsers."""

from __future__ import annotations

import subprocess
import sys

HEAVY = [
    "ctranslate2",
    "sentencepiece",
    "argostranslate",
    "docx",
    "langdetect",
    "wordfreq",
    "openpyxl",
    "charset_normalizer",
    "numpy",
    "stanza",
    "torch",
    "pypdfium2",
    "selectolax",
    "markdown_it",
    "odf",
]


def _loaded_after(code: str) -> set[str]:
    probe = (
        f"{code}\nimport sys\nprint('LOADED:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    # The probe's answer is its own line; anything else is the command's output.
    answer = [line for line in out.splitlines() if line.startswith("LOADED:")][-1]
    return set(filter(None, answer.removeprefix("LOADED:").split(",")))


def test_importing_the_cli_loads_no_heavy_module() -> None:
    assert _loaded_after("import bilingue.cli") == set()


def test_running_help_loads_no_heavy_module() -> None:
    code = (
        "from bilingue.cli import cli\n"
        "try:\n    cli(['--help'], prog_name='bilingue')\nexcept SystemExit:\n    pass"
    )
    assert _loaded_after(code) == set()


def test_importing_the_pipeline_loads_no_heavy_module() -> None:
    assert _loaded_after("import bilingue.pipeline, bilingue.api, bilingue.formats") == set()
