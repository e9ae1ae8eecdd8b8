"""A figure of `make bench`: one measurement beside the floor measured in the same run.

Absolute timings move by 4× between machines of the same kind, so a target is a ratio against a
floor (a minimal handler, a raw insert, a bare render) measured by the same benchmark in the same
run; only where there is no floor (a cache hit, a query count) is the target absolute.

Every benchmark builds `Figure`s and calls `report()`: it prints them, and when `make bench`
(`bench/run.py`) runs the benchmark it also appends them as JSON lines to the file named by
`$BENCH_JSON`, from which `bench/run.py` writes one table.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass

JSON_ENV = "BENCH_JSON"


@dataclass(frozen=True)
class Figure:
    """A measured value; with a floor, its ratio to the floor must lie within [least, most].

    Without a floor, `least`/`most` bound the value itself. With neither, the figure is context
    (an alternative measured in the same run) and has no verdict.
    """

    bench: str
    name: str
    value: float
    unit: str
    floor: float | None = None
    floor_name: str = ""
    least: float | None = None
    most: float | None = None
    note: str = ""
    # the machine's 1-minute load average when the benchmark began (bench/run.py fills it in):
    # the machine is shared, and a busy one slows the value and its floor alike, not always evenly
    load: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor == 0:
            return None
        return self.value / self.floor

    @property
    def judged(self) -> float:
        """What the bounds apply to: the ratio when there is a floor, else the value."""
        ratio = self.ratio
        return self.value if ratio is None else ratio

    @property
    def met(self) -> bool | None:
        if self.least is None and self.most is None:
            return None
        judged = self.judged
        return (self.least is None or judged >= self.least) and (
            self.most is None or judged <= self.most
        )

    @property
    def target(self) -> str:
        symbol = "× floor" if self.floor is not None else f" {self.unit}"
        parts = []
        if self.least is not None:
            parts.append(f"≥ {self.least:g}{symbol}")
        if self.most is not None:
            parts.append(f"≤ {self.most:g}{symbol}")
        return ", ".join(parts) or "—"


def number(value: float) -> str:
    """A figure as people read it: three significant digits, thousands separated."""
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def verdict(figure: Figure) -> str:
    return {True: "met", False: "MISSED", None: ""}[figure.met]


def table(figures: Iterable[Figure]) -> str:
    """A Markdown table of figures: value, floor, ratio, target, verdict, 1-minute load."""
    lines = [
        "| bench | figure | value | floor | ratio | target | | load |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        floor = f"{number(f.floor)} {f.unit} ({f.floor_name})" if f.floor is not None else "—"
        ratio = f"{number(f.ratio)}×" if f.ratio is not None else "—"
        name = f"{f.name} ({f.note})" if f.note else f.name
        lines.append(
            f"| {f.bench} | {name} | {number(f.value)} {f.unit} | {floor} | {ratio} "
            f"| {f.target} | {verdict(f)} | {'' if f.load is None else f'{f.load:.2f}'} |"
        )
    return "\n".join(lines)


def report(figures: list[Figure]) -> None:
    """Print the figures; append them to $BENCH_JSON when `make bench` runs this benchmark."""
    print(table(figures), flush=True)
    path = os.environ.get(JSON_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            for figure in figures:
                out.write(json.dumps(dataclasses.asdict(figure)) + "\n")


def load(path: str) -> list[Figure]:
    """The figures a benchmark run appended to `path`."""
    with open(path, encoding="utf-8") as lines:
        return [Figure(**json.loads(line)) for line in lines if line.strip()]
