"""Run every benchmarks/bench_*.py script in turn; exit 1 if any target is missed.

Run from the repository root: ``python -m benchmarks.run_all`` (each script runs as
a module, so ``devtools`` is importable without touching ``sys.path``).

Each script prints its own table and exits non-zero when it misses its target.
Numbers are only comparable within one run on one machine: compare ratios.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        module = f"{HERE.name}.{script.stem}"
        code = subprocess.call([sys.executable, "-m", module], cwd=HERE.parent)
        if code != 0:
            failed.append(script.name)
    print("all benchmarks met their targets" if not failed else f"missed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
