"""The exercise catalogue and its lookup: the one place that knows which name means which exercise.

Every process keeps the catalogue in memory and drops it when an exercise or alias changes
anywhere: saving or deleting one bumps a version token in the shared Django cache (Redis in
production), and each process compares its token with the shared one at most once every
`CHECK_SECONDS`. Changes made in this process drop its copy at once.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from rapidfuzz import fuzz, process

from .models import Exercise, ExerciseAlias, normalize_alias

logger = logging.getLogger(__name__)

VERSION_KEY = "workouts:catalogue:version"
CHECK_SECONDS = 1.0
SUGGEST_CUTOFF = 75.0  # rapidfuzz ratio (0-100) of folded names: `sqaut` ~ `squat` is 80
SUGGEST_SPREAD = 10.0  # offer only matches nearly as close as the best one
# `Name (Equipment)` as Strong and Hevy write titles: `Bench Press (Dumbbell)`
_TITLE_RE = re.compile(r"^(?P<name>.+?)\s*\((?P<equipment>[^()]+)\)$")
# the exercises a bare name may stand for when a title names this equipment
_SAME_EQUIPMENT = {
    "barbell": {"barbell"},
    "dumbbell": {"dumbbell"},
    "cable": {"cable", "machine"},
    "machine": {"machine", "cable", "plate_loaded"},
    "plate_loaded": {"plate_loaded", "machine"},
    "smith_machine": {"smith_machine"},
    "ez_bar": {"ez_bar", "barbell"},
    "kettlebell": {"kettlebell"},
    "band": {"band"},
    "bodyweight": {"bodyweight"},
    "weighted": {"bodyweight", "weighted"},
    "assisted": {"assisted"},
}
_EQUIPMENT_WORDS = {
    normalize_alias(word): equipment
    for equipment, words in {
        "barbell": ("barbell", "bar"),
        "dumbbell": ("dumbbell", "dumbbells", "db"),
        "cable": ("cable", "cables", "rope"),
        "machine": ("machine", "pin loaded", "selectorized"),
        "plate_loaded": ("plate loaded", "plate-loaded", "hammer strength"),
        "smith_machine": ("smith machine", "smith"),
        "ez_bar": ("ez bar", "ez-bar", "ez curl bar"),
        "kettlebell": ("kettlebell", "kettlebells", "kb"),
        "band": ("band", "bands", "resistance band"),
        "bodyweight": ("bodyweight", "body weight", "body only"),
        "weighted": ("weighted",),
        "assisted": ("assisted",),
    }.items()
    for word in words
}


@dataclass(frozen=True)
class _Catalogue:
    version: str | None
    exercises: dict[str, Exercise]  # slug → exercise
    names: dict[str, str]  # folded name, Korean name, slug or alias → slug


_lock = threading.Lock()
_loaded: _Catalogue | None = None
_checked_at = 0.0


def _shared_version() -> str | None:
    """The shared version token (set when missing); None when the cache can't be reached."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:  # a cache outage must not stop lifters logging: keep the copy we have
        logger.warning("catalogue version unreadable; keeping the cached catalogue", exc_info=True)
        return None
    return str(version) if version is not None else None


def _load(version: str | None) -> _Catalogue:
    """Reads the whole catalogue: two queries."""
    exercises = {e.slug: e for e in Exercise.objects.all()}
    names: dict[str, str] = {}
    for exercise in exercises.values():
        names[normalize_alias(exercise.slug)] = exercise.slug
    for exercise in exercises.values():
        names[normalize_alias(exercise.name)] = exercise.slug
    for exercise in exercises.values():
        if exercise.name_ko:
            names[normalize_alias(exercise.name_ko)] = exercise.slug
    by_id = {e.pk: e.slug for e in exercises.values()}
    for alias, exercise_id in ExerciseAlias.objects.values_list("alias", "exercise_id"):
        names[alias] = by_id[exercise_id]
    return _Catalogue(version, exercises, names)


def _current() -> _Catalogue:
    """The catalogue, reloaded when the shared version moved (checked once a `CHECK_SECONDS`)."""
    global _loaded, _checked_at
    now = time.monotonic()
    loaded = _loaded
    if loaded is not None and now - _checked_at < CHECK_SECONDS:
        return loaded
    with _lock:
        version = _shared_version()  # read before the rows: a change in between reloads again
        _checked_at = now
        loaded = _loaded
        if loaded is None or (version is not None and version != loaded.version):
            loaded = _loaded = _load(version)
        return loaded


def catalogue_clear() -> None:
    """Forgets this process's copy (the next lookup reads the catalogue again)."""
    global _loaded
    _loaded = None


def catalogue_changed() -> None:
    """Tells every process the catalogue changed: drops this copy and bumps the shared version."""
    catalogue_clear()
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning(
            "catalogue version not bumped: other processes keep their copy", exc_info=True
        )


def _on_change(**kwargs: Any) -> None:
    # now (this process, and its own transaction) and after commit (everyone else reads the rows
    # as committed: a reload before the commit would cache the old ones under the new version)
    catalogue_changed()
    transaction.on_commit(catalogue_changed)


for _model in (Exercise, ExerciseAlias):
    post_save.connect(_on_change, sender=_model, dispatch_uid=f"catalogue-{_model.__name__}-save")
    post_delete.connect(_on_change, sender=_model, dispatch_uid=f"catalogue-{_model.__name__}-del")


def _visible(exercise: Exercise, user: Any) -> bool:
    """Catalogue exercises for everyone; an own exercise (once `Exercise.owner` exists) for its
    owner only."""
    owner_id = getattr(exercise, "owner_id", None)
    return owner_id is None or (user is not None and owner_id == getattr(user, "pk", None))


def exercise_aliases() -> dict[str, str]:
    """Every folded name a lifter may type (slug, name, Korean name, aliases) → exercise slug."""
    return _current().names


def exercise_by_slug(*, slug: str, user: Any = None) -> Exercise | None:
    """The exercise with this slug, from the cached catalogue."""
    exercise = _current().exercises.get(slug)
    return exercise if exercise is not None and _visible(exercise, user) else None


def _named(catalogue: _Catalogue, folded: str, user: Any) -> Exercise | None:
    slug = catalogue.names.get(folded)
    exercise = catalogue.exercises.get(slug) if slug is not None else None
    return exercise if exercise is not None and _visible(exercise, user) else None


def _titled(catalogue: _Catalogue, text: str, user: Any) -> Exercise | None:
    """`Bench Press (Dumbbell)`: the dumbbell bench press; `Lat Pulldown (Cable)`: the pulldown."""
    match = _TITLE_RE.match(text.strip())
    if match is None:
        return None
    name, equipment_text = match["name"], match["equipment"]
    for candidate in (f"{equipment_text} {name}", f"{name} {equipment_text}"):
        found = _named(catalogue, normalize_alias(candidate), user)
        if found is not None:
            return found
    equipment = _EQUIPMENT_WORDS.get(normalize_alias(equipment_text))
    bare = _named(catalogue, normalize_alias(name), user) or _named(
        catalogue, normalize_alias(name).removesuffix("s"), user
    )
    if bare is not None and bare.equipment in _SAME_EQUIPMENT.get(equipment or "", ()):
        return bare
    return None


def exercise_resolve(*, text: str, user: Any = None) -> Exercise | None:
    """The exercise a lifter means by `text` (slug, name, Korean name, alias, a plural, or a
    Strong/Hevy title `Name (Equipment)`), if any."""
    catalogue = _current()
    folded = normalize_alias(text)
    if not folded:
        return None
    found = _named(catalogue, folded, user)
    if found is None and folded.endswith("s"):
        found = _named(catalogue, folded[:-1], user)
    return found or _titled(catalogue, text, user)


def exercise_suggest(*, text: str, user: Any = None, limit: int = 3) -> list[Exercise]:
    """The exercises closest to a name nobody knows (typos: `sqaut` → Squat), best first."""
    catalogue = _current()
    folded = normalize_alias(text)
    if not folded or limit <= 0:
        return []
    matches = process.extract(
        folded, list(catalogue.names), scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF, limit=None
    )
    suggestions: list[Exercise] = []
    best = matches[0][1] if matches else 0.0
    for name, score, _index in matches:  # best score first; one entry per exercise
        if score < best - SUGGEST_SPREAD:
            break
        exercise = _named(catalogue, name, user)
        if exercise is not None and exercise not in suggestions:
            suggestions.append(exercise)
        if len(suggestions) == limit:
            break
    return suggestions
