"""Chart benchmark: render time per kind and memory over many renders; prints a table.

Run `python bench/charts.py` (or `python -m bench.charts`). Targets from issue 5: p50 ≤ 150 ms a
render with no cache, ≤ 5 ms cached (issue 16: ≤ 2 ms), RSS growth over 1,000 renders about zero.
The cached rows go through the backend's `chart_png` (a hit: one fingerprint statement and one
cache get) on a throwaway test database of whatever `DATABASE_URL` names (SQLite by default),
with `DEBUG` off as in production.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import Figure, report
from charts import CHART_KINDS
from charts.canvas import DPI, HEIGHT_PX, WIDTH_PX
from charts.demo import samples

Row = dict[str, str]
# the numbers behind the table's rows, for `make bench`'s figures
COLD_CPU_MS: dict[str, float] = {}
CACHED_MS: dict[str, float] = {}


def rss_mb() -> float:
    """Return this process's resident set size in MB (Linux /proc)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


def timed_ms(render: Callable[[], bytes]) -> tuple[float, float]:
    """Return how long one render took in milliseconds: wall clock and this process's CPU."""
    began, began_cpu = time.perf_counter(), time.process_time()
    render()
    return (time.perf_counter() - began) * 1000, (time.process_time() - began_cpu) * 1000


def floor_cpu_ms(*, renders: int) -> float:
    """CPU p50 of matplotlib's own floor: a bare Figure of the same size, one line, Agg → PNG."""
    from io import BytesIO

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

    xs = list(range(180))
    ys = [100 + (i % 17) for i in xs]

    def bare() -> bytes:
        figure = MplFigure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
        FigureCanvasAgg(figure)
        figure.add_subplot().plot(xs, ys)
        buffer = BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()

    bare()
    return statistics.median(timed_ms(bare)[1] for _ in range(renders))


def renderer_rows(*, renders: int, period: str) -> list[Row]:
    """Time every chart kind rendered from data (no cache): first call, p50 and p95."""
    rows = []
    for kind, renderer in CHART_KINDS.items():
        data = samples(period=period)[kind]
        first, _ = timed_ms(lambda: renderer(data))  # noqa: B023
        runs = [
            timed_ms(lambda i=i: renderer(data, theme="dark" if i % 2 else "light"))  # noqa: B023
            for i in range(renders)
        ]
        times = sorted(wall for wall, _ in runs)
        COLD_CPU_MS[kind] = statistics.median(cpu for _, cpu in runs)
        rows.append(
            {
                "measure": f"render {kind} {period} (cold, no cache)",
                "first": f"{first:.0f} ms",
                "p50": f"{statistics.median(times):.0f} ms",
                "p95": f"{times[int(len(times) * 0.95) - 1]:.0f} ms",
                "cpu p50": f"{statistics.median(cpu for _, cpu in runs):.0f} ms",
                "target": "p50 ≤ 150 ms",
            }
        )
    return rows


def process_start_row() -> Row:
    """Time a fresh process importing charts and rendering its first chart (fonts load here)."""
    code = (
        "import time; t = time.perf_counter(); from charts import render_e1rm;"
        "from charts.demo import sample_e1rm; d = sample_e1rm(period='6m');"
        "i = time.perf_counter();"
        "render_e1rm(d); e = time.perf_counter();"
        "print(f'{(i - t) * 1000:.0f} {(e - i) * 1000:.0f}')"
    )
    root = Path(__file__).resolve().parent.parent
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    import_ms, render_ms = output.split()
    return {
        "measure": "fresh process: import charts, first e1rm",
        "first": f"{import_ms} ms",
        "p50": f"{render_ms} ms",
        "p95": "",
        "cpu p50": "",
        "target": "",
    }


def rss_row(*, renders: int, period: str) -> Row:
    """Measure RSS growth over `renders` renders cycling through every kind and theme."""
    data = samples(period=period)
    kinds = list(CHART_KINDS)
    for kind in kinds * 4:
        CHART_KINDS[kind](data[kind])
    gc.collect()
    before = rss_mb()
    for i in range(renders):
        kind = kinds[i % len(kinds)]
        CHART_KINDS[kind](data[kind], theme="dark" if i // len(kinds) % 2 else "light")
    gc.collect()
    after = rss_mb()
    return {
        "measure": f"RSS over {renders:,} renders (all kinds, {period})",
        "first": f"{before:.1f} MB",
        "p50": f"{after:.1f} MB",
        "p95": f"{after - before:+.1f} MB",
        "cpu p50": "",
        "target": "growth ≈ 0",
    }


def cached_rows(*, renders: int) -> list[Row]:
    """Time `chart_png` per kind through Django: first request (data + render), then cached."""
    import os
    from datetime import date, timedelta
    from decimal import Decimal

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from backend.accounts.models import User
    from backend.workouts import chart_service, services
    from backend.workouts.models import BodyweightEntry, Exercise

    setup_test_environment(debug=False)  # as in production: no query log, no debug cursor
    old_name = connection.creation.create_test_db(verbosity=0)
    rows = []
    try:
        user = User.objects.create_user(
            "bench@example.com",
            "pw",
            sex="male",
            birth_date=date(1990, 1, 1),
            bodyweight_kg=Decimal(80),
        )
        squat = Exercise.objects.get(slug="squat")
        now = timezone.now()
        BodyweightEntry.objects.bulk_create(
            BodyweightEntry(
                user=user, weight_kg=Decimal(80 + i % 5), measured_at=now - timedelta(days=2 * i)
            )
            for i in range(90)
        )
        services.log_sets(
            user=user,
            sets=[
                services.SetInput(
                    exercise=squat,
                    weight_kg=Decimal(100 + i % 40),
                    reps=1 + i % 8,
                    performed_at=now - timedelta(hours=6 * i),
                )
                for i in range(720)
            ],
        )
        for kind in CHART_KINDS:
            exercise = None if kind in ("bodyweight", "overview") else squat

            def request(kind: str = kind, exercise: Exercise | None = exercise) -> bytes:
                return chart_service.chart_png(user=user, kind=kind, exercise=exercise, period="6m")

            first, _ = timed_ms(request)
            times = sorted(timed_ms(request)[0] for _ in range(renders))
            CACHED_MS[kind] = statistics.median(times)
            rows.append(
                {
                    "measure": f"chart_png {kind} 6m, 720 sets (cached)",
                    "first": f"{first:.0f} ms",
                    "p50": f"{statistics.median(times):.2f} ms",
                    "p95": f"{times[int(len(times) * 0.95) - 1]:.2f} ms",
                    "cpu p50": "",
                    "target": "p50 ≤ 2 ms",
                }
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return rows


def print_table(rows: list[Row]) -> None:
    """Print rows as an aligned text table."""
    headers = list(rows[0])
    widths = {h: max(len(h), *(len(row[h]) for row in rows)) for h in headers}
    print("  ".join(h.ljust(widths[h]) for h in headers))
    print("  ".join("-" * widths[h] for h in headers))
    for row in rows:
        print("  ".join(row[h].ljust(widths[h]) for h in headers))


def main() -> None:
    """Run the renderer benchmarks and print their table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--renders", type=int, default=30, help="timed renders per kind")
    parser.add_argument("--rss-renders", type=int, default=1000, help="renders for the RSS check")
    parser.add_argument("--period", default="6m", choices=["1m", "3m", "6m"])
    args = parser.parse_args()
    rows = [process_start_row(), *renderer_rows(renders=args.renders, period=args.period)]
    rows.append(rss_row(renders=args.rss_renders, period=args.period))
    rows += cached_rows(renders=args.renders)
    # cpu p50 is this process's CPU time, which other load on the machine does not inflate.
    # Other rows reuse the columns: fresh process first = import, p50 = first render;
    # RSS first = before, p50 = after, p95 = growth.
    print_table(rows)
    floor = floor_cpu_ms(renders=args.renders)
    report(
        [
            Figure(
                "charts",
                f"cold render CPU p50, {kind} {args.period}",
                cpu,
                "ms",
                floor=floor,
                floor_name="bare Figure, one line, Agg PNG",
                most=3,
            )
            for kind, cpu in COLD_CPU_MS.items()
        ]
        + [
            Figure("charts", f"chart_png {kind} 6m, cached, p50", ms, "ms", most=2)
            for kind, ms in CACHED_MS.items()
        ]
    )


if __name__ == "__main__":
    main()
