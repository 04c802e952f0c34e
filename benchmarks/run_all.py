"""Run every benchmarks/bench_*.py script in turn, write benchmarks/RESULTS.md; exit 1 on a miss.

Run from the repository root: ``python -m benchmarks.run_all`` (``make bench``; CI
never runs it: timings belong to a machine, not to a test). Each script runs as a
module (so ``devtools`` is importable), prints its own tables and exits non-zero
when it misses its target; its output goes to the terminal and into RESULTS.md,
headed by the machine and the date. Numbers compare only within one run on one
machine: read the ratios.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"


def machine() -> list[str]:
    """Lines describing this machine and the libraries measured."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB RAM"
    except (ValueError, OSError):
        pass
    versions = []
    for name in ("ctranslate2", "sentencepiece", "python-docx", "wordfreq", "langdetect"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return [
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {cpu}, {os.cpu_count()} cores{memory}; load average at start {load:.1f}",
        f"- system: {platform.system()} {platform.release()}, Python {platform.python_version()}",
        f"- libraries: {', '.join(versions)}",
    ]


def main() -> int:
    sections: list[str] = []
    failed = []
    start = time.perf_counter()
    header = machine()
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        module = f"{HERE.name}.{script.stem}"
        began = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", module], cwd=HERE.parent, stdout=subprocess.PIPE, text=True
        )
        print(done.stdout, end="", flush=True)
        if done.returncode != 0:
            failed.append(script.name)
        verdict = "met its targets" if done.returncode == 0 else "MISSED a target"
        seconds = time.perf_counter() - began
        sections += [
            f"## {script.name} ({verdict}, {seconds:.0f} s)",
            "",
            (script_doc(script) or "").strip(),
            "",
            "```",
            done.stdout.rstrip(),
            "```",
            "",
        ]
    summary = "all benchmarks met their targets" if not failed else f"missed: {', '.join(failed)}"
    total = time.perf_counter() - start
    RESULTS.write_text(
        "\n".join(
            [
                "# Benchmark results",
                "",
                "Written by `make bench` (benchmarks/run_all.py); what each script measures",
                "and why is in benchmarks/README.md.",
                "",
                *header,
                f"- total: {total / 60:.1f} min; {summary}",
                "",
                *sections,
            ]
        ),
        encoding="utf-8",
    )
    print(summary)
    print(f"wrote {RESULTS}")
    return 1 if failed else 0


def script_doc(script: Path) -> str:
    """The first line of a benchmark script's docstring."""
    import ast

    doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or ""
    return doc.splitlines()[0] if doc else ""


if __name__ == "__main__":
    sys.exit(main())
