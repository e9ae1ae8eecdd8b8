"""Runs the shared coaching cases (fixtures/coaching_cases.json) through the Python rules; the
same cases go through the calculator's JS (coaching_check.mjs). Results are normalised the same
way on both sides: numbers rounded to 4 decimals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from backend.workouts import calories, plates, rpe, scores, warmups


def _n(value: float | Decimal | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _setup(raw: dict[str, Any] | None) -> plates.BarSetup:
    raw = raw or {}
    items = raw.get("plates")
    chosen = None
    if items is not None:
        chosen = [
            plates.Plate(Decimal(str(p[0])), pairs=p[1]) if isinstance(p, list) else Decimal(str(p))
            for p in items
        ]
    return plates.make_setup(
        unit=raw.get("unit", "kg"),
        bar=None if raw.get("bar") is None else Decimal(str(raw["bar"])),
        plates=chosen,
        collar=Decimal(str(raw.get("collar", 0))),
    )


def run(case: dict[str, Any]) -> Any:
    """The normalised answer of the Python rules to one case."""
    op, a = case["op"], case["args"]
    if op == "plates":
        loading = plates.load(Decimal(str(a["target"])), _setup(a.get("setup")))
        return {
            "exact": None if loading.exact is None else [_n(p) for p in loading.exact.per_side],
            "below": None if loading.below is None else _n(loading.below.total),
            "above": None if loading.above is None else _n(loading.above.total),
        }
    if op == "warmup":
        ramp = warmups.warmup_ramp(Decimal(str(a["work"])), _setup(a.get("setup")))
        return [[_n(s.weight), s.reps] for s in ramp]
    if op == "rpe":
        level = None if a.get("rpe") is None else Decimal(str(a["rpe"]))
        estimate = rpe.estimate_one_rm(weight_kg=a["weight"], reps=a["reps"], rpe=level)
        target = None
        if a.get("target_reps") is not None:
            target_rpe = None if a.get("target_rpe") is None else Decimal(str(a["target_rpe"]))
            target = rpe.weight_for(
                one_rm_kg=estimate.one_rm_kg, reps=a["target_reps"], rpe=target_rpe
            )
        return {
            "one_rm": _n(estimate.one_rm_kg),
            "method": estimate.method,
            "percent_1rm": _n(estimate.percent_1rm),
            "target": _n(target),
        }
    if op == "scores":
        found = scores.scores_for(
            sex=a["sex"],
            bodyweight_kg=a["bodyweight"],
            total_kg=a["total"],
            event=a.get("event", "SBD"),
        )
        return {
            "dots": _n(found.dots),
            "wilks2020": _n(found.wilks2020),
            "ipf_gl": _n(found.ipf_gl),
        }
    if op == "dots_percentile":
        where = scores.dots_percentile(
            sex=a["sex"], bodyweight_kg=a["bodyweight"], dots_points=a["dots"]
        )
        return {
            "percentile": _n(where.percentile),
            "weight_class_kg": where.weight_class_kg,
            "below": where.below,
            "above": where.above,
        }
    if op == "calories":
        energy = calories.daily_energy(
            sex=a["sex"],
            bodyweight_kg=a["bodyweight"],
            height_cm=a["height"],
            age=a["age"],
            activity=a["activity"],
        )
        return {"bmr": _n(energy.bmr_kcal), "tdee": _n(energy.tdee_kcal)}
    raise ValueError(f"unknown op {op}")
