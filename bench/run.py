"""`make bench`: runs every benchmark and writes one table to bench/results/<date>.md.

    .venv/bin/python bench/run.py [--only imports charts …] [--out bench/results/X.md]

Each benchmark runs in a process of its own and reports `bench.figures.Figure`s (a value beside
the floor measured in the same run, the ratio and the target). The table notes the machine (CPU
model, cores, load before the run) and the commit. Exits 1 when a figure misses its target or a
benchmark fails, so a regression is seen.

MariaDB/MySQL runs use $BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306/sbd_bench); the
benchmarks create and drop databases of their own there.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.figures import JSON_ENV, Figure, table  # noqa: E402
from bench.figures import load as load_figures  # noqa: E402

MYSQL_URL = os.environ.get("BENCH_MYSQL_URL", "mysql://root@127.0.0.1:3306/sbd_bench")

# name → (script, arguments, extra environment): sized so the whole run takes minutes, not hours
BENCHMARKS: dict[str, tuple[str, list[str], dict[str, str]]] = {
    "ml_predict": ("bench/ml_predict.py", ["--skip-holdout"], {}),
    "charts": ("bench/charts.py", ["--renders", "20", "--rss-renders", "200"], {}),
    "imports-sqlite": ("bench/imports.py", ["10000"], {"DATABASE_URL": ""}),
    "imports-mysql": ("bench/imports.py", ["10000"], {"DATABASE_URL": MYSQL_URL}),
    "api": ("bench/api.py", [], {"DATABASE_URL": MYSQL_URL}),
    "bot": ("bench/bot.py", ["--messages", "600", "--users", "50"], {}),
    "api-server": ("bench/api_server.py", [], {"DATABASE_URL": MYSQL_URL}),
    "webhook": (
        "bench/webhook.py",
        ["--messages", "600", "--users", "50", "--paced", "200"],
        {"DATABASE_URL": MYSQL_URL},
    ),
}


def load_average() -> float:
    """The machine's 1-minute load average (0 where the OS has none)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


def machine() -> str:
    """CPU model, cores and load: what makes absolute figures differ between runs."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return (
        f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; load average before the run "
        f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}"
    )


def commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return result.stdout.strip() or "unknown"


def run_one(name: str, figures_path: Path) -> tuple[list[Figure], str | None]:
    """Run one benchmark; its figures, and the tail of its output when it failed."""
    script, arguments, extra = BENCHMARKS[name]
    env = {**os.environ, JSON_ENV: str(figures_path), **extra}
    env = {key: value for key, value in env.items() if value != ""}
    began, load = time.monotonic(), load_average()
    result = subprocess.run(
        [sys.executable, script, *arguments], cwd=ROOT, env=env, capture_output=True, text=True
    )
    print(
        f"{name}: {time.monotonic() - began:.0f} s, exit {result.returncode}, "
        f"load {load:.2f} → {load_average():.2f}",
        flush=True,
    )
    found = load_figures(str(figures_path)) if figures_path.exists() else []
    figures = [dataclasses.replace(figure, load=load) for figure in found]
    if result.returncode != 0 or not figures:
        tail = (result.stdout + result.stderr).strip().splitlines()[-15:]
        return figures, "\n".join(tail)
    return figures, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), default=list(BENCHMARKS))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    today = datetime.date.today().isoformat()
    out = args.out or ROOT / "bench" / "results" / f"{today}.md"
    header = machine()
    figures: list[Figure] = []
    failures: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        for name in args.only:
            found, failure = run_one(name, Path(scratch) / f"{name}.jsonl")
            figures += found
            if failure is not None:
                failures[name] = failure
    missed = [f for f in figures if f.met is False]
    lines = [
        f"# Benchmarks, {today}",
        "",
        f"Machine: {header}. Commit {commit()}. Command: `make bench` (`bench/run.py`).",
        "",
        "Each figure stands beside its floor measured in the same run on the same machine; the "
        "target bounds the ratio (or, with no floor, the value). The machine is shared: *load* is "
        "its 1-minute load average when that benchmark began.",
        "",
        table(figures),
        "",
        f"{len(figures)} figures, {sum(f.met is True for f in figures)} met, {len(missed)} missed"
        + (f", {len(failures)} benchmark(s) failed" if failures else "")
        + ".",
    ]
    for name, tail in failures.items():
        lines += ["", f"## {name} failed", "", "```", tail, "```"]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 1 if missed or failures else 0


if __name__ == "__main__":
    sys.exit(main())
