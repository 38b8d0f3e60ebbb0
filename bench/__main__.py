"""`make bench`: every row measured beside its baseline in the same run; table -> bench/results/latest.md."""

from __future__ import annotations

import argparse
import logging
import os
import platform
import sys
import time
from datetime import UTC, datetime

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "postop.settings")
# Production logging: INFO, to a file (a disabled logger would flatter every row).
os.environ.setdefault("LOG_LEVEL", "INFO")

ROWS = ["dispatch", "generation", "retrieval", "triage", "pages", "end_to_end", "adt"]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("rows", nargs="*", choices=[*ROWS, []], help="rows to run (default: all)")
    args = parser.parse_args()
    selected = args.rows or ROWS

    import django

    django.setup()
    import importlib

    from bench.harness import RESULTS_DIR, Report, bench_database

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    log_file = logging.FileHandler(RESULTS_DIR / "bench.log", mode="w")
    log_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(log_file)

    report = Report()
    started = time.perf_counter()
    with bench_database() as vendor:
        report.context.append(
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, database {vendor}, Python {platform.python_version()}, "
            f"{os.cpu_count()} cores, load average {' / '.join(f'{x:.2f}' for x in os.getloadavg())} "
            f"(1/5/15 min) at the start; logging at {os.environ['LOG_LEVEL']} to bench/results/bench.log"
        )
        for name in selected:
            print(f"[{name}]", flush=True)
            module = importlib.import_module(f"bench.{name}")
            t0 = time.perf_counter()
            module.run(report)
            report.context.append(f"{name}: {time.perf_counter() - t0:.0f} s")
    report.context.append(f"total {time.perf_counter() - started:.0f} s")
    report.context.append(f"load average at the end {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    table = report.markdown()
    (RESULTS_DIR / "latest.md").write_text(table)
    print()
    print(table)
    print(f"written to {RESULTS_DIR / 'latest.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
