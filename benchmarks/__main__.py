"""Run the benchmarks and write docs/benchmarks.md (figures from one run on one machine)."""

import importlib
import os
import platform
import sys
from datetime import datetime
from pathlib import Path

from .harness import django_setup

# Each module has `TITLE` and `run() -> str` (a Markdown section body).
MODULES = ["benchmarks.foundation"]
OPTIONAL_MODULES = [
    "benchmarks.register", "benchmarks.printing", "benchmarks.training", "benchmarks.public",
    "benchmarks.sequencing", "benchmarks.search",
]


def main() -> None:
    django_setup()
    from django.db import connection

    sections = []
    names = MODULES + [m for m in OPTIONAL_MODULES if importlib.util.find_spec(m)]
    only = [n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()]
    if only:  # e.g. BENCH_ONLY=benchmarks.public: one section, printed and written to BENCH_OUTPUT
        names = [n for n in names if n in only or n.removeprefix("benchmarks.") in only]
    for name in names:
        module = importlib.import_module(name)
        print(f"… {module.TITLE}", file=sys.stderr)
        sections.append(f"## {module.TITLE} ({connection.vendor})\n\n{module.run()}\n")
    header = (
        "# Benchmarks\n\n"
        "Written by `make bench` (`python -m benchmarks`); every figure below comes from one run on one "
        "machine, so compare ratios, not absolute times.\n\n"
        f"- run: {datetime.now():%Y-%m-%d %H:%M}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, database: {connection.vendor}\n\n"
    )
    out = Path(os.environ.get("BENCH_OUTPUT", "docs/benchmarks.md"))
    if os.environ.get("BENCH_APPEND"):  # a second database in the same `make bench`
        with out.open("a", encoding="utf-8") as file:
            file.write(f"\n# The same on {connection.vendor}\n\n" + "\n".join(sections))
    else:
        out.write_text(header + "\n".join(sections), encoding="utf-8")
    print(out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
