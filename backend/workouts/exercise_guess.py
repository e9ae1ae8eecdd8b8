"""What a lifter's own exercise probably is, guessed from its name: load type, category and MET.

A lifter who types `anderson squat 100x5` names an exercise the catalogue does not know; the guess
is only a starting point they can change (the load type decides how e1RM counts bodyweight).

Generic MET values per category, from the 2011 Adult Compendium of Physical Activities
(`../shared/data/met_compendium_2011_conditioning.csv`, Ainsworth et al. 2011), the codes the
catalogue uses for the same kind of lift:

| category | code | MET | Compendium description |
|---|---|---|---|
| legs | 02052 | 5.0 | resistance (weight) training, squats, slow or explosive effort |
| full body | 02050 | 6.0 | resistance training, power lifting or body building, vigorous effort |
| core | 02024 | 2.8 | calisthenics (e.g., situps, abdominal crunches), light effort |
| chest, back, shoulders, arms | 02054 | 3.5 | resistance (weight) training, 8-15 reps |
| (bodyweight load, any) | 02022 | 3.8 | calisthenics (push ups, pull-ups), moderate effort |
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

BARBELL, DUMBBELL, BODYWEIGHT, MACHINE = "barbell", "dumbbell", "bodyweight", "machine"

# First match wins: equipment words before movement words (`cable curl` is a machine lift).
LOAD_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    (DUMBBELL, r"dumb\s?bells?|db|덤벨"),
    (MACHINE, r"cables?|machines?|smith|leg\s?press|hack\s?squats?|pec\s?deck|케이블|머신|스미스"),
    (BODYWEIGHT, r"pull\s?ups?|dips?|push\s?ups?|chin\s?ups?|chins?|풀업|딥스|푸시업|턱걸이"),
)

# First match wins: `leg curl` is legs before `curl` is arms.
CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    (
        "core",
        r"crunch(es)?|planks?|sit\s?ups?|abs?|ab\s?wheel|core|russian\s?twists?|leg\s?raises?",
    ),
    ("legs", r"squats?|lunges?|legs?|calf|calves|hip\s?thrusts?|glutes?|step\s?ups?|hamstrings?"),
    ("full_body", r"cleans?|snatch(es)?|jerks?|thrusters?|swings?|burpees?|carry|carries"),
    ("back", r"rows?|pull\s?downs?|pull\s?ups?|chin\s?ups?|deadlifts?|shrugs?|lats?|pullovers?"),
    ("shoulders", r"shoulders?|overhead|ohp|lateral|raises?|delts?|face\s?pulls?|military"),
    ("chest", r"bench|chest|fly|flyes|flies|pecs?|push\s?ups?|dips?|crossovers?"),
    ("arms", r"curls?|triceps?|biceps?|skull\s?crushers?|push\s?downs?|kick\s?backs?|wrists?"),
)
DEFAULT_CATEGORY = "full_body"

# category → (Compendium 2011 code, MET); see the table above
CATEGORY_MET: dict[str, tuple[str, Decimal]] = {
    "legs": ("02052", Decimal("5.0")),
    "full_body": ("02050", Decimal("6.0")),
    "core": ("02024", Decimal("2.8")),
    "chest": ("02054", Decimal("3.5")),
    "back": ("02054", Decimal("3.5")),
    "shoulders": ("02054", Decimal("3.5")),
    "arms": ("02054", Decimal("3.5")),
}
BODYWEIGHT_MET = ("02022", Decimal("3.8"))


@dataclass(frozen=True)
class Guess:
    load_type: str
    category: str
    met_code: str
    met_value: Decimal
    equipment: str = "other"


def _words(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9가-힣]+", name.casefold()))


def _first(name: str, table: tuple[tuple[str, str], ...], default: str) -> str:
    text = _words(name)
    for value, pattern in table:
        # a whole word (or words) in Latin script; Korean words also match inside a compound
        if re.search(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])", text):
            return value
    return default


def load_type_guess(*, name: str) -> str:
    """The load type a name suggests: dumbbell, machine (cable, smith…), bodyweight or barbell."""
    return _first(name, LOAD_TYPE_WORDS, BARBELL)


def category_guess(*, name: str) -> str:
    """The category a name suggests (full body when no word says)."""
    return _first(name, CATEGORY_WORDS, DEFAULT_CATEGORY)


def met_for(*, category: str, load_type: str) -> tuple[str, Decimal]:
    """The generic Compendium code and MET of an own exercise of this category and load type."""
    if load_type == BODYWEIGHT:
        return BODYWEIGHT_MET
    return CATEGORY_MET.get(category, CATEGORY_MET[DEFAULT_CATEGORY])


def equipment_guess(*, name: str, load_type: str) -> str:
    """The equipment a name says (`Cable …`, `… (Smith Machine)`, the catalogue's words), else
    the plain one of its load type (a barbell lift, a machine, bodyweight…)."""
    from .catalogue import equipment_named

    return equipment_named(name) or load_type


def exercise_guess(*, name: str, load_type: str | None = None) -> Guess:
    """Load type (unless given), category, equipment and generic MET of an exercise `name`."""
    chosen = load_type or load_type_guess(name=name)
    category = category_guess(name=name)
    code, met = met_for(category=category, load_type=chosen)
    equipment = equipment_guess(name=name, load_type=chosen)
    return Guess(chosen, category, code, met, equipment=equipment)
