"""Plate loading: which plates go on each side of the bar for a target weight.

Everything here is in the setup's own unit (kg or lb): a lifter with an lb setup loads lb
targets. A setup is the bar, the plate denominations (each with how many *pairs* the lifter
owns, or unlimited) and the collars (one per side). A loaded bar weighs

    bar + 2 × collar + 2 × (sum of the plates on one side)

A target that cannot be loaded exactly gets the nearest loadable weights below and above it.
Among the loadings that reach a weight, the one with the fewest plates is chosen, and among
those the one with the heaviest plates (what a lifter would put on). Arithmetic is exact: all
weights are converted to integer thousandths of the unit, so 1.25 + 1.25 never drifts.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Literal

Number = Decimal | float | int | str

SCALE = 1000  # weights become integer thousandths of the unit
UNLIMITED: None = None
MAX_STEPS = 200_000  # per-side sums a table may hold: 500 kg per side in 2.5 g steps


class Unit(StrEnum):
    KG = "kg"
    LB = "lb"


DEFAULT_PLATES: dict[Unit, tuple[Decimal, ...]] = {
    Unit.KG: tuple(Decimal(p) for p in ("25", "20", "15", "10", "5", "2.5", "1.25")),
    Unit.LB: tuple(Decimal(p) for p in ("45", "35", "25", "10", "5", "2.5")),
}

# Typical bar weights by kind; a lifter whose bar differs sets its weight directly.
BAR_WEIGHTS: dict[str, dict[Unit, Decimal]] = {
    "olympic": {Unit.KG: Decimal("20"), Unit.LB: Decimal("45")},
    "womens": {Unit.KG: Decimal("15"), Unit.LB: Decimal("35")},
    "ez": {Unit.KG: Decimal("10"), Unit.LB: Decimal("25")},
    "trap": {Unit.KG: Decimal("25"), Unit.LB: Decimal("55")},
}
DEFAULT_BAR = "olympic"


@dataclass(frozen=True)
class Plate:
    """One plate denomination and how many pairs of it the lifter has (None: as many as needed)."""

    weight: Decimal
    pairs: int | None = UNLIMITED


@dataclass(frozen=True)
class BarSetup:
    """The lifter's bar, plates and collars, all in `unit`."""

    unit: Unit
    bar: Decimal
    plates: tuple[Plate, ...]
    collar: Decimal = Decimal(0)  # the weight of one collar; one goes on each side

    @property
    def empty(self) -> Decimal:
        """The weight of the bar with its collars and no plates."""
        return self.bar + 2 * self.collar


@dataclass(frozen=True)
class Loaded:
    """One loadable weight and the plates on each side for it, heaviest first."""

    total: Decimal
    per_side: tuple[Decimal, ...]


@dataclass(frozen=True)
class Loading:
    """How `target` is loaded: `exact` when it can be, else the nearest loadable weights.

    `below` is None when the target is under the empty bar; `above` is None when the lifter's
    plates cannot reach it. When `exact` is set, `below` and `above` are None.
    """

    target: Decimal
    exact: Loaded | None
    below: Loaded | None
    above: Loaded | None

    @property
    def nearest(self) -> Loaded | None:
        """The exact loading, else the closer of below and above (below on a tie)."""
        if self.exact is not None:
            return self.exact
        if self.below is None or self.above is None:
            return self.below or self.above
        if self.above.total - self.target < self.target - self.below.total:
            return self.above
        return self.below


def make_setup(
    *,
    unit: Unit | str = Unit.KG,
    bar: Number | None = None,
    plates: Sequence[Number | Plate] | None = None,
    collar: Number = 0,
) -> BarSetup:
    """A validated setup; missing parts take the defaults for `unit` (20 kg / 45 lb bar)."""
    unit = Unit(unit)
    bar_weight = _dec(BAR_WEIGHTS[DEFAULT_BAR][unit] if bar is None else bar)
    chosen = DEFAULT_PLATES[unit] if plates is None else plates
    plate_objs = [p if isinstance(p, Plate) else Plate(weight=_dec(p)) for p in chosen]
    collar_weight = _dec(collar)
    if bar_weight < 0 or collar_weight < 0:
        raise ValueError("the bar and collars cannot weigh less than nothing")
    merged: dict[Decimal, int | None] = {}
    for plate in plate_objs:
        weight = _dec(plate.weight)
        if weight <= 0:
            raise ValueError(f"a plate must weigh more than 0, got {plate.weight}")
        if weight * SCALE != int(weight * SCALE):
            raise ValueError(f"plates are counted to 1/{SCALE} of a unit, got {plate.weight}")
        if plate.pairs is not None and plate.pairs < 0:
            raise ValueError("a plate count cannot be negative")
        if weight in merged:
            old = merged[weight]
            merged[weight] = None if old is None or plate.pairs is None else old + plate.pairs
        else:
            merged[weight] = plate.pairs
    ordered = tuple(
        Plate(weight=w, pairs=merged[w]) for w in sorted(merged, reverse=True) if merged[w] != 0
    )
    return BarSetup(unit=unit, bar=bar_weight, plates=ordered, collar=collar_weight)


@lru_cache(maxsize=16)
def default_setup(unit: Unit | str = Unit.KG) -> BarSetup:
    """The default setup for `unit`: a 20 kg bar and 25…1.25 kg plates, or 45 lb and 45…2.5 lb
    (made once per unit: a setup is frozen; every logged barbell set reads it)."""
    return make_setup(unit=unit)


def load(target: Number, setup: BarSetup | None = None) -> Loading:
    """The plates per side for `target`, or the nearest loadable weights below and above it."""
    setup = setup or default_setup()
    target_dec = _dec(target)
    if target_dec < setup.empty:
        return Loading(target_dec, None, None, Loaded(total=setup.empty, per_side=()))
    solver = _solver_for(setup)
    # Per side, in the solver's steps; fractional when the target is off the plates' grid.
    side = (target_dec * SCALE - _units(setup.empty)) / (2 * solver.step)
    low, high = math.floor(side), math.ceil(side)
    with solver.lock:
        solver.extend(low + solver.largest)
        if low == high and solver.reachable(low):
            return Loading(target_dec, solver.loaded(low), None, None)
        below, above = solver.at_or_below(low), solver.at_or_above(low + 1)
        return Loading(
            target_dec,
            None,
            None if below is None else solver.loaded(below),
            None if above is None else solver.loaded(above),
        )


def round_to_loadable(
    weight: Number,
    setup: BarSetup | None = None,
    *,
    mode: Literal["nearest", "down", "up"] = "nearest",
) -> Decimal:
    """`weight` rounded to a loadable weight (never under the empty bar).

    "nearest" picks the lower one on a tie; "down" and "up" fall back to the other side when
    there is nothing loadable on theirs.
    """
    loading = load(weight, setup)
    if loading.exact is not None:
        return loading.exact.total
    order = {
        "nearest": [loading.nearest],
        "down": [loading.below, loading.above],
        "up": [loading.above, loading.below],
    }[mode]
    for candidate in order:
        if candidate is not None:
            return candidate.total
    raise ValueError("this setup cannot load anything")  # unreachable: the empty bar loads


def loadable_weights(setup: BarSetup | None = None, *, up_to: Number) -> list[Decimal]:
    """Every loadable weight from the empty bar to `up_to`, ascending."""
    setup = setup or default_setup()
    solver = _solver_for(setup)
    top = math.floor((_dec(up_to) * SCALE - _units(setup.empty)) / (2 * solver.step))
    if top < 0:
        return []
    with solver.lock:
        solver.extend(top)
        return [solver.loaded(s).total for s in range(top + 1) if solver.reachable(s)]


def per_side_text(per_side: Sequence[Decimal]) -> str:
    """The plates on one side as "25 + 20 + 15 + 1.25" ("" for an empty bar)."""
    return " + ".join(format_weight(p) for p in per_side)


def format_weight(value: Decimal) -> str:
    """A weight without trailing zeros: 142.5, 1.25, 20."""
    text = format(value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@lru_cache(maxsize=128)
def _solver_for(setup: BarSetup) -> _Solver:
    """One solver per setup, its table kept and grown as heavier targets come (setups are
    frozen, so a lifter's setup finds its table again)."""
    return _Solver(setup)


class PlatesTooFine(ValueError):
    """A target too heavy to work out with plates this fine (the table would pass MAX_STEPS)."""


class _Solver:
    """Fewest-plates loadings for per-side sums counted in steps of the plates' common divisor.

    `fewest[i][s]` is the fewest plates of denominations i, i+1, … (heaviest first) summing to
    `s` steps, None when they cannot. Reading a loading back takes as many of each heavier
    denomination as still allows the fewest plates, so among equally few plates the heaviest
    win: 61.25 kg per side is 25 + 25 + 10 + 1.25.
    """

    def __init__(self, setup: BarSetup) -> None:
        units = [_units(p.weight) for p in setup.plates]
        self.step = math.gcd(*units) if units else 1
        self.weights = [u // self.step for u in units]
        self.pairs = [p.pairs for p in setup.plates]
        self.largest = max(self.weights, default=0)
        self.empty_units = _units(setup.empty)
        self.fewest: list[list[int | None]] = []
        self.size = 0
        self.lock = threading.Lock()  # the bot serves chats from several threads

    def extend(self, limit: int) -> None:
        """Fills the table for every per-side sum from 0 to `limit` steps."""
        size = max(limit, 0) + 1 if self.weights else 1  # no plates: only the empty bar
        if size <= self.size:
            return
        if size > MAX_STEPS:
            raise PlatesTooFine("this target is too heavy for plates this fine")
        after: list[int | None] = [0] + [None] * (size - 1)
        layers: list[list[int | None]] = [after]
        for weight, pairs in zip(reversed(self.weights), reversed(self.pairs), strict=True):
            layer = list(after)
            for s in range(weight, size):
                if pairs is None:  # as many as needed: one more of this plate on a smaller sum
                    layer[s] = _fewer(layer[s], layer[s - weight], 1)
                    continue
                for n in range(1, min(pairs, s // weight) + 1):
                    layer[s] = _fewer(layer[s], after[s - n * weight], n)
            layers.append(layer)
            after = layer
        self.fewest = layers[::-1]  # fewest[0] uses every denomination, fewest[-1] none
        self.size = size

    def reachable(self, side: int) -> bool:
        return 0 <= side < self.size and self.fewest[0][side] is not None

    def at_or_below(self, side: int) -> int | None:
        return next((s for s in range(min(side, self.size - 1), -1, -1) if self.reachable(s)), None)

    def at_or_above(self, side: int) -> int | None:
        return next((s for s in range(max(side, 0), self.size) if self.reachable(s)), None)

    def loaded(self, side: int) -> Loaded:
        """The loading with `side` steps of plates on each side, heaviest plates first."""
        plates: list[Decimal] = []
        left = side
        for index, weight in enumerate(self.weights):
            target = self.fewest[index][left]
            assert target is not None
            most = left // weight if self.pairs[index] is None else self.pairs[index]
            for n in range(min(most or 0, left // weight), -1, -1):
                rest = self.fewest[index + 1][left - n * weight]
                if rest is not None and rest + n == target:
                    plates.extend([_from_units(weight * self.step)] * n)
                    left -= n * weight
                    break
        total = _from_units(self.empty_units + 2 * side * self.step)
        return Loaded(total=total, per_side=tuple(plates))


def _fewer(current: int | None, base: int | None, added: int) -> int | None:
    """The smaller of `current` and `base + added` plates, where None cannot be reached."""
    if base is None:
        return current
    return base + added if current is None else min(current, base + added)


def _dec(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, float):
        result = Decimal(repr(value))
    else:
        result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"a weight must be a finite number, got {value}")
    return result


def _units(value: Decimal) -> int:
    return int((value * SCALE).to_integral_value(rounding=ROUND_HALF_UP))


def _from_units(units: int) -> Decimal:
    return Decimal(units) / SCALE
