"""The exercise catalogue and its lookup: the one place that knows which name means which exercise.

Every process keeps the catalogue in memory and drops it when an exercise or alias changes
anywhere: saving or deleting one bumps a version token in the shared Django cache (Redis in
production), and each process compares its token with the shared one at most once every
`CHECK_SECONDS`. Changes drop the copies once they commit (`transaction.on_commit`): a rolled-back
change never reaches any copy, and the transaction making it reads its own rows meanwhile.

Lifters' own exercises are not in the copy: they are read per lifter (`OwnNames`), after the
catalogue, so one lifter's exercise is never found for another.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save
from rapidfuzz import fuzz, process

from .models import Exercise, ExerciseAlias, normalize_alias

if TYPE_CHECKING:
    from backend.accounts.models import User

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
    """Reads the whole catalogue (never a lifter's own exercise): two queries."""
    exercises = {e.slug: e for e in Exercise.objects.filter(owner__isnull=True)}
    names: dict[str, str] = {}
    for exercise in exercises.values():
        names[normalize_alias(exercise.slug)] = exercise.slug
    for exercise in exercises.values():
        names[normalize_alias(exercise.name)] = exercise.slug
    for exercise in exercises.values():
        if exercise.name_ko:
            names[normalize_alias(exercise.name_ko)] = exercise.slug
    by_id = {e.pk: e.slug for e in exercises.values()}
    aliases = ExerciseAlias.objects.filter(exercise__owner__isnull=True)
    for alias, exercise_id in aliases.values_list("alias", "exercise_id"):
        names[alias] = by_id[exercise_id]
    return _Catalogue(version, exercises, names)


def _changes_pending() -> bool:
    """Whether this transaction changed the catalogue and has not committed yet (its drop is
    waiting in `on_commit`; Django forgets it when the transaction or savepoint rolls back)."""
    return any(entry[1] is catalogue_changed for entry in connection.run_on_commit)


def _current() -> _Catalogue:
    """The catalogue, reloaded when the shared version moved (checked once a `CHECK_SECONDS`).

    A transaction that changed the catalogue reads its own rows, uncached, until it commits: a
    copy cached then would keep a rolled-back exercise as a ghost."""
    global _loaded, _checked_at
    if _changes_pending():
        return _load(None)
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


def _on_change(instance: Any = None, **kwargs: Any) -> None:
    # After commit only, here and everywhere: dropping the copy before would let a lookup in the
    # same transaction cache its uncommitted rows, which a rollback leaves behind as a ghost
    # exercise under the current version. A lifter's own exercise is not in the copy at all.
    if isinstance(instance, Exercise) and instance.owner_id is not None:
        return
    if not _changes_pending():
        transaction.on_commit(catalogue_changed)


for _model in (Exercise, ExerciseAlias):
    post_save.connect(_on_change, sender=_model, dispatch_uid=f"catalogue-{_model.__name__}-save")
    post_delete.connect(_on_change, sender=_model, dispatch_uid=f"catalogue-{_model.__name__}-del")


def exercise_aliases() -> dict[str, str]:
    """Every folded name a lifter may type (slug, name, Korean name, aliases) → exercise slug."""
    return _current().names


def equipment_named(text: str) -> str | None:
    """The equipment a name or a title's brackets name (`Cable`, `smith`, `DB`), if any."""
    folded = normalize_alias(text)
    if folded in _EQUIPMENT_WORDS:
        return _EQUIPMENT_WORDS[folded]
    words = re.findall(r"[^\W_]+", text.casefold())
    for size in (2, 1):  # `smith machine` before `machine`
        for start in range(len(words) - size + 1):
            found = _EQUIPMENT_WORDS.get("".join(words[start : start + size]))
            if found is not None:
                return found
    return None


# --- the lifter's own exercises -------------------------------------------------------------
# Own exercises (`Exercise.owner` set) are never in the shared copy: each lifter's are read from
# the database, one query, and only for that lifter (a name the catalogue knows never reaches
# them), so no lookup can show one lifter's exercise to another.


def _lifter(user: Any) -> Any:
    """The lifter whose own exercises a lookup may see (None: anonymous, the catalogue only)."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def exercises_visible(*, user: User | None) -> QuerySet[Exercise]:
    """The catalogue plus the lifter's own exercises (anonymous: the catalogue only)."""
    catalogue = Q(owner__isnull=True)
    lifter = _lifter(user)
    if lifter is None:
        return Exercise.objects.filter(catalogue)
    return Exercise.objects.filter(catalogue | Q(owner=lifter))


def exercise_own_list(*, user: User) -> list[Exercise]:
    """The lifter's own exercises, by name."""
    return list(Exercise.objects.filter(owner=user).order_by("name"))


class OwnNames:
    """One lifter's own exercises by folded name and by slug, read once on first use."""

    def __init__(self, user: Any) -> None:
        self.user = _lifter(user)
        self._by_name: dict[str, Exercise] | None = None
        self._by_slug: dict[str, Exercise] = {}

    def _load(self) -> dict[str, Exercise]:
        if self._by_name is None:
            own = exercise_own_list(user=self.user) if self.user is not None else []
            self._by_name = {normalize_alias(e.name): e for e in own}
            self._by_slug = {e.slug: e for e in own}
        return self._by_name

    def named(self, text: str) -> Exercise | None:
        if self.user is None:
            return None
        names, folded = self._load(), normalize_alias(text)
        found = names.get(folded) or self._by_slug.get(text.strip())
        if found is None and folded.endswith("s"):
            found = names.get(folded[:-1])
        return found

    def names(self) -> dict[str, Exercise]:
        return self._load() if self.user is not None else {}


def exercise_own_resolve(*, user: User, text: str) -> Exercise | None:
    """The lifter's own exercise named (folded, or a plural) or slugged `text`, if any."""
    return OwnNames(user).named(text)


# --- lookups ----------------------------------------------------------------------------------


def exercise_by_slug(*, slug: str, user: Any = None) -> Exercise | None:
    """The exercise with this slug: the cached catalogue, else one of the lifter's own."""
    exercise = _current().exercises.get(slug)
    if exercise is not None:
        return exercise
    lifter = _lifter(user)
    return Exercise.objects.filter(owner=lifter, slug=slug).first() if lifter else None


def _named(catalogue: _Catalogue, folded: str) -> Exercise | None:
    slug = catalogue.names.get(folded)
    return catalogue.exercises.get(slug) if slug is not None else None


def _titled(catalogue: _Catalogue, text: str) -> Exercise | None:
    """`Bench Press (Dumbbell)`: the dumbbell bench press; `Lat Pulldown (Cable)`: the pulldown."""
    match = _TITLE_RE.match(text.strip())
    if match is None:
        return None
    name, equipment_text = match["name"], match["equipment"]
    for candidate in (f"{equipment_text} {name}", f"{name} {equipment_text}"):
        found = _named(catalogue, normalize_alias(candidate))
        if found is not None:
            return found
    equipment = _EQUIPMENT_WORDS.get(normalize_alias(equipment_text))
    bare = _named(catalogue, normalize_alias(name)) or _named(
        catalogue, normalize_alias(name).removesuffix("s")
    )
    if bare is not None and bare.equipment in _SAME_EQUIPMENT.get(equipment or "", ()):
        return bare
    return None


def _catalogue_resolve(catalogue: _Catalogue, text: str) -> Exercise | None:
    folded = normalize_alias(text)
    if not folded:
        return None
    found = _named(catalogue, folded)
    if found is None and folded.endswith("s"):
        found = _named(catalogue, folded[:-1])
    return found or _titled(catalogue, text)


def resolver(*, user: Any = None) -> Callable[[str], Exercise | None]:
    """A lookup for many names of one lifter (a chat message's words, an import's titles): the
    catalogue first, then the lifter's own exercises, read at most once."""
    catalogue, own = _current(), OwnNames(user)

    def resolve(text: str) -> Exercise | None:
        return _catalogue_resolve(catalogue, text) or own.named(text)

    return resolve


def exercise_resolve(*, text: str, user: Any = None) -> Exercise | None:
    """The exercise a lifter means by `text` (slug, name, Korean name, alias, a plural, or a
    Strong/Hevy title `Name (Equipment)`), if any: the catalogue first, then (given `user`)
    that lifter's own exercises."""
    return resolver(user=user)(text)


def exercise_suggest(*, text: str, user: Any = None, limit: int = 3) -> list[Exercise]:
    """The exercises closest to a name nobody knows (typos: `sqaut` → Squat), best first: the
    catalogue's and (given `user`) the lifter's own."""
    catalogue = _current()
    folded = normalize_alias(text)
    if not folded or limit <= 0:
        return []
    own = OwnNames(user).names()
    choices = [*catalogue.names, *(name for name in own if name not in catalogue.names)]
    matches = process.extract(
        folded, choices, scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF, limit=None
    )
    suggestions: list[Exercise] = []
    best = matches[0][1] if matches else 0.0
    for name, score, _index in matches:  # best score first; one entry per exercise
        if score < best - SUGGEST_SPREAD:
            break
        exercise = _named(catalogue, name) or own.get(name)
        if exercise is not None and exercise not in suggestions:
            suggestions.append(exercise)
        if len(suggestions) == limit:
            break
    return suggestions
