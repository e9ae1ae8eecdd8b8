"""The coaching lines under a logged set and the coaching commands' answers (plates, warm-ups,
RPE, scores, weak points, calories), as HTML in the lifter's language."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from backend.workouts import display, plates
from backend.workouts.coaching import (
    Change,
    DailyCalories,
    PlateAnswer,
    RpeCalc,
    SetCoaching,
    UserScores,
    WarmupPlan,
    WeakPointReport,
)
from bot.gateway import Entry, Logged
from bot.i18n import Language, t

ONE = Decimal("0.1")


def weight(value: Decimal, unit: str) -> str:
    """A loadable weight in the setup's unit: `142.5 kg`, `315 lb`."""
    return f"{plates.format_weight(value)} {unit}"


def per_side(language: Language, plates_on_side: Sequence[Decimal]) -> str:
    """`25 + 25 + 10 + 1.25`, or "the empty bar"."""
    return plates.per_side_text(plates_on_side) or t(language, "per_side_empty")


def set_line(language: Language, note: SetCoaching, entry: Entry, unit: str) -> str:
    """The line under a logged set: plates per side, the change since last time, the e1RM
    method (each part only when it applies)."""
    parts: list[str] = []
    if note.takes_plates and note.per_side is not None:
        parts.append(t(language, "per_side", plates=per_side(language, note.per_side)))
    elif note.takes_plates and note.nearest:
        target = display.format_load(entry.weight_kg, note.plate_unit)
        parts.append(
            t(
                language,
                "not_loadable",
                weight=target,
                options=t(language, "or").join(weight(w, note.plate_unit) for w in note.nearest),
            )
        )
    if note.change is not None:
        parts.append(change(language, note.change, unit))
    if note.e1rm_method == "rpe_chart" and entry.rpe is not None:
        parts.append(
            t(
                language,
                "method_rpe",
                percent=display.format_number(note.percent_1rm),
                rpe=display.format_rpe(entry.rpe),
            )
        )
    else:
        parts.append(t(language, "method_formula", formula=note.e1rm_formula.capitalize()))
    return " · ".join(parts)


def change(language: Language, found: Change, unit: str) -> str:
    """`▲ +2.5 kg since 2026-11-28`, `= same as …`, `▼ −5 kg …`, or the e1RM change."""
    prefix = "change_" if found.kind == "weight" else "change_e1rm_"
    show = display.format_load if found.kind == "weight" else display.format_estimate
    date = found.previous_on.isoformat()
    delta = found.delta_kg
    if display.to_unit(abs(delta), unit).quantize(ONE) == 0:
        return t(language, prefix + "same", date=date)
    direction = "up" if delta > 0 else "down"
    return t(language, prefix + direction, delta=show(abs(delta), unit), date=date)


def logged_lines(language: Language, result: Logged, entry: Entry) -> list[str]:
    """The coaching lines under one group of logged sets (empty when there are none)."""
    note = result.coaching.get(entry.id)
    return [set_line(language, note, entry, result.unit)] if note is not None else []


def logged_buttons(language: Language, result: Logged) -> list[list[tuple[str, str]]]:
    """A warm-up button for the first plate-loaded set of a logged message."""
    for entry in result.entries:
        note = result.coaching.get(entry.id)
        if note is not None and note.takes_plates:
            return [[(t(language, "warmup_button"), f"warmup:{entry.id}")]]
    return []


def plates_answer(language: Language, answer: PlateAnswer) -> str:
    """`142.5 kg: per side 25 + 25 + 10 + 1.25`, or the nearest loadable weights."""
    unit = answer.setup.unit
    loading = answer.loading
    target = weight(loading.target, unit)
    if loading.exact is not None:
        if not loading.exact.per_side:
            return t(language, "plates_empty", weight=target)
        return t(
            language,
            "plates_line",
            weight=target,
            plates=per_side(language, loading.exact.per_side),
        )
    if loading.below is None:
        return t(language, "plates_below_bar", weight=target, bar=weight(answer.setup.empty, unit))
    options = [
        t(
            language,
            "plates_option",
            weight=weight(x.total, unit),
            plates=per_side(language, x.per_side),
        )
        for x in (loading.below, loading.above)
        if x is not None
    ]
    return t(language, "plates_nearest", weight=target, options=t(language, "or").join(options))


def plate_setup(language: Language, setup: plates.BarSetup) -> str:
    """The lifter's bar, collars and plates, and how to change them."""
    listed = ", ".join(
        plates.format_weight(p.weight) + ("" if p.pairs is None else f"×{p.pairs}")
        for p in setup.plates
    )
    return "\n".join(
        [
            t(
                language,
                "plates_setup",
                bar=weight(setup.bar, setup.unit),
                collar=weight(setup.collar, setup.unit),
                plates=f"{listed} {setup.unit}" if listed else "—",
            ),
            t(language, "plates_help"),
        ]
    )


def warmup(language: Language, plan: WarmupPlan, exercise_label: str) -> str:
    """The warm-up ramp, a line per set with its plates."""
    work = weight(plan.work, plan.unit)
    if not plan.sets:
        return t(language, "warmup_none", weight=work)
    lines = [t(language, "warmup_title", exercise=exercise_label, weight=work)]
    for item in plan.sets:
        side = (
            t(language, "warmup_plates", plates=per_side(language, item.per_side))
            if plan.takes_plates
            else ""
        )
        lines.append(
            t(
                language,
                "warmup_line",
                weight=weight(item.weight, plan.unit),
                reps=item.reps,
                plates=side,
            )
        )
    return "\n".join(lines)


def calc_method(language: Language, found: RpeCalc, reps: int, rpe: Decimal | None) -> str:
    """How /calc found the e1RM: the RPE chart or a rep formula."""
    if found.method == "rpe_chart" and rpe is not None:
        return t(
            language,
            "calc_method_rpe",
            reps=display.reps_label(reps, language),
            rpe=display.format_rpe(rpe),
            percent=display.format_number(found.percent_1rm),
        )
    return t(language, "calc_method_formula", formula=found.formula.capitalize())


def calc_target(language: Language, found: RpeCalc, unit: str) -> str:
    """`3 @9: 110 kg`: the load for the target reps at the target RPE."""
    assert found.target_reps is not None and found.target_kg is not None
    load = display.format_loadable(found.target_kg, unit)
    reps = display.reps_label(found.target_reps, language)
    if found.target_rpe is None:
        return t(language, "calc_target_failure", reps=reps, load=load)
    return t(
        language, "calc_target", reps=reps, rpe=display.format_rpe(found.target_rpe), load=load
    )


def scores_answer(language: Language, found: UserScores | None, unit: str) -> str:
    """The lifter's DOTS, Wilks 2020 and IPF GL per lift and for the total, and the percentile."""
    if found is None:
        return t(language, "scores_need_profile")
    if not found.lifts:
        return t(language, "scores_none")
    number = display.format_number
    lines = [
        t(language, "scores_title", bodyweight=display.format_estimate(found.bodyweight_kg, unit))
    ]
    for lift in found.lifts:
        values = {
            "lift": t(language, f"lift_{lift.lift}"),
            "e1rm": display.format_estimate(lift.e1rm_kg, unit),
            "dots": number(lift.dots),
            "wilks": number(lift.wilks2020),
        }
        if lift.ipf_gl is None:  # the bench alone has IPF GL points, a squat or deadlift none
            lines.append(t(language, "scores_line_no_gl", **values))
        else:
            lines.append(t(language, "scores_line", gl=number(lift.ipf_gl), **values))
    if found.total is None:
        missing = [
            k for k in ("squat", "bench", "deadlift") if k not in {x.lift for x in found.lifts}
        ]
        lines.append(
            t(
                language,
                "scores_missing",
                lifts=t(language, "or").join(t(language, f"lift_{k}") for k in missing),
            )
        )
        return "\n".join(lines)
    total = found.total
    lines.append(
        t(
            language,
            "scores_line",
            lift=t(language, "total"),
            e1rm=display.format_estimate(total.total_kg, unit),
            dots=number(total.dots),
            wilks=number(total.wilks2020),
            gl=number(total.ipf_gl),
        )
    )
    where = found.percentile
    if where is not None:
        key = (
            "scores_percentile_below"
            if where.below
            else "scores_percentile_above"
            if where.above
            else "scores_percentile"
        )
        lines.append(
            t(
                language,
                key,
                dots=number(total.dots),
                percentile=display.format_number(where.percentile, "1"),
                weight_class=where.weight_class_kg,
            )
        )
    return "\n".join(lines)


def report_answer(language: Language, report: WeakPointReport, unit: str) -> str:
    """Each lift's percentile against the lifter's median, the ratios and what lags."""
    if report.median_percentile is None:
        lines = [t(language, "report_none")]
    else:
        lines = [
            t(language, "report_title", median=display.format_percentile(report.median_percentile))
        ]
        for lift in report.lifts:
            name = (
                lift.exercise_name_ko
                if language == "ko" and lift.exercise_name_ko
                else lift.exercise_name
            )
            gap = (
                t(language, "report_gap", kg=display.format_estimate(lift.kg_to_median, unit))
                if lift.kg_to_median
                else ""
            )
            lines.append(
                t(
                    language,
                    "report_lift",
                    name=name,
                    percentile=display.format_percentile(lift.percentile),
                    gap=gap,
                )
            )
        if report.lagging:
            names = [
                (s.exercise_name_ko if language == "ko" and s.exercise_name_ko else s.exercise_name)
                for s in report.lagging
            ]
            lines.append(t(language, "report_lagging", names=", ".join(names)))
        else:
            lines.append(t(language, "report_balanced"))
    for ratio in report.ratios:
        lines.append(
            t(
                language,
                f"report_ratio_{ratio.name}",
                value=f"{ratio.value:.2f}",
                low=f"{ratio.low:.2f}",
                high=f"{ratio.high:.2f}",
                verdict=t(language, f"ratio_{ratio.verdict}"),
            )
        )
    return "\n".join(lines)


def calories_answer(language: Language, found: DailyCalories) -> str:
    """BMR, TDEE and the training kcal of today and the last 7 days."""
    energy = found.energy
    return t(
        language,
        "calories_result",
        bmr=display.format_kcal(energy.bmr_kcal),
        tdee=display.format_kcal(energy.tdee_kcal),
        activity=t(language, f"activity_{energy.activity}"),
        factor=f"{energy.activity_factor:g}",
        today=display.format_kcal(found.training_today_kcal),
        week=display.format_kcal(found.training_week_kcal),
    )


def calories_missing(language: Language, fields: Sequence[str]) -> str:
    """What the calorie calculator still needs."""
    return t(
        language, "calories_missing", fields=", ".join(t(language, f"field_{f}") for f in fields)
    )
