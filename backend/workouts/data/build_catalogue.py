"""Builds `exercises.csv`, the exercise catalogue the seed reads (run: python build_catalogue.py).

The 45 core rows already in `exercises.csv` (slugs, names and standards that sets and the
percentile model depend on) are kept as they are and only gain equipment, muscles and aliases.
Every other row is generated from `SPEC` below: a base movement and its equipment variants, named
the way Strong and Hevy name them. Primary muscles come from free-exercise-db (public domain,
see SOURCES.md) when it lists the movement, else from the spec. The script is idempotent.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "exercises.csv"
FREE_EXERCISE_DB = Path("/work/shared/data/exercise_catalogue_free_exercise_db.csv")
COLUMNS = [
    *("slug", "name", "name_ko", "category", "equipment", "load_type"),
    *("met_code", "met_value", "standards", "primary_muscles", "aliases"),
]

CORE_SLUGS = [
    "squat",
    "front-squat",
    "smith-machine-squat",
    "bench-press",
    "incline-bench-press",
    "dumbbell-bench-press",
    "incline-dumbbell-bench-press",
    "chest-press",
    "deadlift",
    "sumo-deadlift",
    "romanian-deadlift",
    "hex-bar-deadlift",
    "power-clean",
    "shoulder-press",
    "military-press",
    "dumbbell-shoulder-press",
    "bent-over-row",
    "dumbbell-row",
    "seated-cable-row",
    "lat-pulldown",
    "barbell-curl",
    "dumbbell-curl",
    "hammer-curl",
    "dumbbell-lateral-raise",
    "tricep-pushdown",
    "hip-thrust",
    "horizontal-leg-press",
    "sled-leg-press",
    "leg-extension",
    "pull-ups",
    "dips",
    "push-ups",
    "chin-ups",
    "leg-curl",
    "calf-raise",
    "lunge",
    "bulgarian-split-squat",
    "good-morning",
    "barbell-shrug",
    "t-bar-row",
    "face-pull",
    "skull-crusher",
    "dumbbell-fly",
    "cable-fly",
    "overhead-squat",
]

# equipment id: (English label, Strong/Hevy label, Korean label, load type)
EQUIPMENT = {
    "barbell": ("Barbell", "Barbell", "바벨", "barbell"),
    "dumbbell": ("Dumbbell", "Dumbbell", "덤벨", "dumbbell"),
    "cable": ("Cable", "Cable", "케이블", "machine"),
    "machine": ("Machine", "Machine", "머신", "machine"),
    "smith_machine": ("Smith Machine", "Smith Machine", "스미스머신", "machine"),
    "plate_loaded": ("Plate-Loaded", "Plate Loaded", "플레이트 로디드", "machine"),
    "ez_bar": ("EZ Bar", "EZ Bar", "이지바", "barbell"),
    "kettlebell": ("Kettlebell", "Kettlebell", "케틀벨", "dumbbell"),
    "band": ("Band", "Band", "밴드", "machine"),
    "bodyweight": ("Bodyweight", "Bodyweight", "맨몸", "bodyweight"),
    "weighted": ("Weighted", "Weighted", "중량", "bodyweight"),
    "assisted": ("Assisted", "Assisted", "어시스트", "bodyweight"),
}
SHORT = {
    "bb": "barbell", "db": "dumbbell", "cb": "cable", "m": "machine", "sm": "smith_machine",
    "pl": "plate_loaded", "ez": "ez_bar", "kb": "kettlebell", "bd": "band", "bw": "bodyweight",
    "wt": "weighted", "as": "assisted",
}  # fmt: skip
# kind: (Compendium code, MET). 2011 Adult Compendium, "conditioning exercise".
METS = {
    "c": ("02050", "6.0"),  # resistance training, power lifting or body building, vigorous
    "s": ("02052", "5.0"),  # resistance (weight) training, squats
    "i": ("02054", "3.5"),  # resistance training, multiple exercises, 8-15 repetitions
    "b": ("02022", "3.8"),  # calisthenics (push ups, pull-ups, lunges), moderate effort
    "a": ("02024", "2.8"),  # calisthenics (situps, abdominal crunches), light effort
    "k": ("02040", "8.0"),  # circuit training, including kettlebells, vigorous
}
CORE_EQUIPMENT = {
    "smith-machine-squat": "smith_machine", "seated-cable-row": "cable", "lat-pulldown": "cable",
    "tricep-pushdown": "cable", "face-pull": "cable", "cable-fly": "cable",
    "chest-press": "machine", "horizontal-leg-press": "machine", "sled-leg-press": "plate_loaded",
    "leg-extension": "machine", "leg-curl": "machine", "calf-raise": "machine",
    "skull-crusher": "ez_bar",
}  # fmt: skip

SPEC = HERE / "catalogue_spec.txt"


def slugify(text: str) -> str:
    """`Farmer's Walk (Kettlebell)` → `farmers-walk-kettlebell`."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold().replace("'", "")).strip("-")


def fold(text: str) -> str:
    """The folding of `models.normalize_alias` (copied: the script runs without Django)."""
    return re.sub(r"[\s\-_.'’]+", "", text.casefold())


def free_exercise_db() -> dict[str, str]:
    """free-exercise-db's primary muscles by folded name, where the file is at hand."""
    if not FREE_EXERCISE_DB.exists():
        return {}
    with FREE_EXERCISE_DB.open(encoding="utf-8", newline="") as handle:
        return {fold(row["name"]): row["primary_muscles"] for row in csv.DictReader(handle)}


def plural_forms(name: str) -> list[str]:
    """The other grammatical number of a name: `Pull-ups` → `Pull-up`, `Squat` → `Squats`."""
    if name.endswith("s") and not name.endswith("ss"):
        return [name[:-1]]
    return [name + "s"]


def spec_rows(muscles_db: dict[str, str]) -> list[dict[str, str]]:
    """One row per (base movement, equipment) pair of SPEC."""
    rows = []
    lines = SPEC.read_text(encoding="utf-8").splitlines()
    for line in (raw.strip() for raw in lines if raw.strip() and not raw.startswith("#")):
        base, category, kind, muscles, variants, name_ko, aliases = line.split("|")
        names: dict[str, str] = {}
        for position, variant in enumerate(variants.split(",")):
            short, _, explicit = variant.partition("=")
            equipment = SHORT[short]
            label = EQUIPMENT[equipment][0]
            names[short] = explicit or (base if position == 0 else f"{label} {base}")
        plain = variants.split(",")[0].partition("=")[0]
        extra: dict[str, list[str]] = {short: [] for short in names}
        for alias in filter(None, aliases.split(";")):
            short, sep, text = alias.partition(":")
            if sep and short in names:
                extra[short].append(text)
            else:
                extra[plain].append(alias)
        if EQUIPMENT[SHORT[plain]][3] == "bodyweight":
            # an assisted or weighted set is the bodyweight exercise with a signed weight
            for short in [s for s in names if s != plain and s in ("as", "wt")]:
                label, strong_label, ko_label, _ = EQUIPMENT[SHORT[short]]
                name = names.pop(short)
                extra[plain] += [name, *plural_forms(name), f"{base} ({strong_label})"]
                extra[plain] += [f"{ko_label} {name_ko}", *extra[short]]
        for short, name in names.items():
            equipment = SHORT[short]
            label, strong_label, ko_label, load_type = EQUIPMENT[equipment]
            own_ko = name_ko if short == plain else f"{ko_label} {name_ko}"
            code, met = METS["b" if load_type == "bodyweight" and kind not in "ab" else kind]
            found = muscles_db.get(fold(name)) or muscles_db.get(fold(base))
            rows.append(
                {
                    "slug": slugify(name),
                    "name": name,
                    "name_ko": own_ko,
                    "category": category,
                    "equipment": equipment,
                    "load_type": load_type,
                    "met_code": code,
                    "met_value": met,
                    "standards": "",
                    "primary_muscles": found or muscles,
                    "aliases": ";".join(
                        [f"{base} ({strong_label})", *plural_forms(name), *extra[short]]
                    ),
                }
            )
    return rows


def core_rows() -> dict[str, dict[str, str]]:
    """The 45 rows whose slugs, names and standards stay as they are."""
    with CATALOGUE.open(encoding="utf-8", newline="") as handle:
        rows = {row["slug"]: row for row in csv.DictReader(handle) if row["slug"] in CORE_SLUGS}
    missing = set(CORE_SLUGS) - set(rows)
    if missing:
        sys.exit(f"core exercises missing from {CATALOGUE}: {sorted(missing)}")
    return rows


def merged(core: dict[str, dict[str, str]], generated: list[dict[str, str]]) -> list[dict]:
    """Core rows (gaining the spec's muscles and aliases) then the generated ones."""
    # a generated name that is already a core name or alias joins that core exercise
    by_name = {fold(a): slug for slug, row in core.items() for a in row["aliases"].split(";")}
    by_name.update({fold(row["name"]): slug for slug, row in core.items()})
    out: dict[str, dict[str, str]] = {}
    for slug, row in core.items():
        out[slug] = {column: row.get(column, "") for column in COLUMNS}
        load_equipment = {"machine": "machine"}.get(row["load_type"], row["load_type"])
        out[slug]["equipment"] = CORE_EQUIPMENT.get(slug, load_equipment)
    for row in generated:
        target = row["slug"] if row["slug"] in core else by_name.get(fold(row["name"]))
        if target is None:
            if row["slug"] in out:
                sys.exit(f"two spec rows make {row['slug']}")
            out[row["slug"]] = row
            continue
        kept = out[target]
        kept["primary_muscles"] = kept["primary_muscles"] or row["primary_muscles"]
        kept["aliases"] = ";".join([*kept["aliases"].split(";"), *row["aliases"].split(";")])
    return list(out.values())


def without_clashes(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Drops aliases another exercise already answers to (its slug, name, Korean name or alias)."""
    owner: dict[str, str] = {}
    for row in rows:
        for key in (row["slug"], row["name"]):
            if owner.setdefault(fold(key), row["slug"]) != row["slug"]:
                sys.exit(f"{row['slug']}: {key!r} is already {owner[fold(key)]}")
    for row in rows:  # a Korean name another exercise has is left out rather than shared
        if row["name_ko"] and owner.setdefault(fold(row["name_ko"]), row["slug"]) != row["slug"]:
            row["name_ko"] = ""
    for row in rows:
        kept: list[str] = []
        for alias in filter(None, (a.strip() for a in row["aliases"].split(";"))):
            folded = fold(alias)
            if owner.setdefault(folded, row["slug"]) != row["slug"]:
                continue
            if folded not in {fold(k) for k in kept} and folded not in {
                fold(row["slug"]),
                fold(row["name"]),
                fold(row["name_ko"]),
            }:
                kept.append(alias.lower() if alias.isascii() else alias)
        row["aliases"] = ";".join(kept)
    return rows


def main() -> None:
    rows = without_clashes(merged(core_rows(), spec_rows(free_exercise_db())))
    with CATALOGUE.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} exercises written to {CATALOGUE.name}")


if __name__ == "__main__":
    main()
