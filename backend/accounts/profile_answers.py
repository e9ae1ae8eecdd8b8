"""Profile answers as people type them in a chat: a bodyweight, a birth year, a time zone.

Pure readers (no Django): `profile` adds the ranges and is what the bot calls. Each reader takes
free text in English or Korean and returns the value it is sure of, or None (or no zones), so that
the bot asks again instead of guessing.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# --- bodyweight -------------------------------------------------------------------------------

_UNIT_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "킬로", "키로", "킬로그램"), "kg"
    ),
    **dict.fromkeys(("lb", "lbs", "pound", "pounds", "파운드"), "lb"),
}
_UNIT_RE = "|".join(sorted((re.escape(word) for word in _UNIT_WORDS), key=len, reverse=True))
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?")
_WEIGHT_RE = re.compile(rf"(?<![\d.,])(\d{{1,3}}(?:[.,]\d{{1,2}})?)(?![\d])\s*({_UNIT_RE})?")
_BODYWEIGHT_FILLER = frozenset(
    [
        "about",
        "around",
        "approx",
        "approximately",
        "roughly",
        "circa",
        "ca",
        "maybe",
        "like",
        "just",
        "currently",
        "now",
        "today",
        "my",
        "i",
        "im",
        "am",
        "weigh",
        "weight",
        "bodyweight",
        "body",
        "bw",
        "is",
        "it",
        "its",
        "in",
        "at",
        "kg",
        "lb",
        "약",
        "대략",
        "한",
        "거의",
        "정도",
        "쯤",
        "몸무게",
        "체중",
        "제",
        "저",
        "저는",
        "나",
        "나는",
        "내",
        "현재",
        "지금",
        "요즘",
        "몸무게는",
        "체중은",
    ]
)
# Endings Korean glues to the last word: 80kg이에요, 몸무게는, 80킬로요, 80정도.
_KO_ENDINGS = (
    "입니다",
    "이에요",
    "이예요",
    "예요",
    "에요",
    "이요",
    "정도",
    "쯤",
    "요",
    "은",
    "는",
    "이",
    "가",
    "임",
)


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"[\s,.!?~:;()'\"’\-=]+", text) if word]


def _strip_ko(word: str) -> str:
    changed = True
    while changed and word:
        changed = False
        for ending in _KO_ENDINGS:
            if word.endswith(ending) and len(word) >= len(ending):
                word = word[: -len(ending)]
                changed = True
                break
    return word


def _filler(words: list[str], allowed: frozenset[str]) -> bool:
    return all(
        word in allowed or _strip_ko(word) in allowed or not _strip_ko(word) for word in words
    )


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    return re.sub(r"\b(i|it)['’](m|s)\b", r"\1\2", text)


def read_bodyweight(text: str) -> tuple[Decimal, str | None] | None:
    """The one weight in a bodyweight answer and its unit if typed (`about 80 kilos`, `몸무게 80`).

    None unless the message holds exactly one number and otherwise only words like "about",
    "my weight is", a unit or Korean endings: `bench 100x5` is not a bodyweight.
    """
    normalized = _normalize(text)
    if len(normalized) > 100 or len(_NUMBER_RE.findall(normalized)) != 1:
        return None
    match = _WEIGHT_RE.search(normalized)
    if match is None:
        return None
    try:
        value = Decimal(match[1].replace(",", "."))
    except InvalidOperation:
        return None
    unit = _UNIT_WORDS.get(match[2] or "")
    rest = _words(normalized[: match.start()] + " " + normalized[match.end() :])
    for word in rest:
        typed = _UNIT_WORDS.get(_strip_ko(word))
        if typed is not None:
            if unit not in (None, typed):
                return None
            unit = typed
    if not _filler([w for w in rest if _strip_ko(w) not in _UNIT_WORDS], _BODYWEIGHT_FILLER):
        return None
    return value, unit


# --- birth year -------------------------------------------------------------------------------

_AGE_WORDS = frozenset(
    [
        "years",
        "year",
        "yrs",
        "yo",
        "y/o",
        "old",
        "age",
        "aged",
        "im",
        "am",
        "살",
        "세",
        "나이",
        "만",
    ]
)
_BIRTH_FILLER = frozenset(
    [
        "born",
        "in",
        "on",
        "i",
        "was",
        "my",
        "birth",
        "year",
        "is",
        "its",
        "the",
        "of",
        "im",
        "am",
        "년",
        "년생",
        "생",
        "태어났어요",
        "태어났습니다",
        "출생",
        "저",
        "저는",
        "제",
        "나",
        "나는",
        "입니다",
        "이에요",
        "예요",
        "요",
    ]
)


def read_birth_year(text: str, *, today: date) -> int | None:
    """The birth year in an answer: `1994`, `born in 1994`, `94`, `94년생`, `30 years old`, `30살`.

    Two-digit years take the latest century that makes the lifter at least 10 (`05` → 2005 in
    2026, `94` → 1994); an age (`30 years old`, `30살`, `I'm 30`) counts back from this year.
    A bare two-digit number that would make the lifter older than `TWO_DIGIT_OLDEST` (`34`:
    1934, or age 34?) is None, so the question is asked again rather than guessed.
    """
    normalized = _normalize(text).replace("y/o", " yo ")
    numbers = _NUMBER_RE.findall(normalized)
    if len(normalized) > 60 or len(numbers) != 1 or not numbers[0].isdigit():
        return None
    number = numbers[0]
    words = _words(re.sub(r"(\d+)", r" \1 ", normalized))
    words = [w for w in words if w != number]
    stems = {_strip_ko(w) for w in words} | set(words)
    is_age = bool(stems & _AGE_WORDS) and not stems & {"born", "년", "년생", "생"}
    if not _filler(words, _BIRTH_FILLER | _AGE_WORDS):
        return None
    if is_age:
        return today.year - int(number) if len(number) <= 3 else None
    if len(number) == 4:
        return int(number)
    if len(number) == 2:
        year = 2000 + int(number)
        year = year if year <= today.year - 10 else year - 100
        return year if today.year - year <= TWO_DIGIT_OLDEST else None
    return None


# `34` read as a year makes the lifter 92: more likely an age, so neither is guessed
TWO_DIGIT_OLDEST = 80


# --- time zone --------------------------------------------------------------------------------

_REGIONS = frozenset(
    [
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    ]
)
_US = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
_AU = ("Australia/Sydney", "Australia/Brisbane", "Australia/Perth")
_PLACES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("서울 부산 인천 대구 대전 광주 울산 수원 세종 제주 한국 대한민국 korea kst", ("Asia/Seoul",)),
    ("도쿄 동경 오사카 일본 japan", ("Asia/Tokyo",)),
    ("베이징 북경 상하이 중국 china", ("Asia/Shanghai",)),
    ("홍콩", ("Asia/Hong_Kong",)),
    ("타이베이 대만", ("Asia/Taipei",)),
    ("싱가포르", ("Asia/Singapore",)),
    ("방콕", ("Asia/Bangkok",)),
    ("하노이 호치민 베트남", ("Asia/Ho_Chi_Minh",)),
    ("런던 영국 uk", ("Europe/London",)),
    ("파리 프랑스", ("Europe/Paris",)),
    ("베를린 독일", ("Europe/Berlin",)),
    ("뉴욕", ("America/New_York",)),
    ("로스앤젤레스 엘에이 la", ("America/Los_Angeles",)),
    ("시카고", ("America/Chicago",)),
    ("토론토", ("America/Toronto",)),
    ("밴쿠버", ("America/Vancouver",)),
    ("시드니", ("Australia/Sydney",)),
    ("멜버른", ("Australia/Melbourne",)),
    ("미국 usa us america", _US),
    ("캐나다 canada", ("America/Toronto", "America/Vancouver")),
    ("호주 australia", _AU),
)
# Places typed in Korean (and a few countries) that no zone id spells; several zones: ask.
PLACE_ZONES: dict[str, tuple[str, ...]] = {
    "south korea": ("Asia/Seoul",),
    "united states": _US,
    **{place: zones for places, zones in _PLACES for place in places.split()},
}


def _city_key(text: str) -> str:
    return " ".join(re.split(r"[\s_\-]+", _normalize(text)))


def _same_zone(names: list[str]) -> bool:
    """Whether zone ids are links to one zone (same offsets on 400 days over 16 years)."""
    zones = [zoneinfo.ZoneInfo(name) for name in names]
    moments = [
        datetime(year, month, day, tzinfo=UTC)
        for year in range(2015, 2031)
        for month in range(1, 13)
        for day in (1, 15)
    ]
    return all(len({zone.utcoffset(moment) for zone in zones}) == 1 for moment in moments)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Zone ids by their casefolded id, and by their city (`new york`, `seoul`)."""
    names = sorted(zoneinfo.available_timezones())
    by_id = {name.casefold(): name for name in names}
    cities: dict[str, list[str]] = {}
    for name in names:
        if "/" in name and name.split("/")[0] in _REGIONS:
            cities.setdefault(_city_key(name.rsplit("/", 1)[1]), []).append(name)
    by_city: dict[str, tuple[str, ...]] = {}
    for city, found in cities.items():
        # Old and new ids of one zone (America/Buenos_Aires, America/Argentina/Buenos_Aires).
        if len(found) > 1 and _same_zone(found):
            found = [max(found, key=lambda name: (name.count("/"), name))]
        by_city[city] = tuple(found)
    return by_id, by_city


def resolve_timezone(text: str) -> tuple[str, ...]:
    """The zone ids a lifter may mean: one when sure, several to choose from, none when unknown.

    Reads zone ids in any case (`asia/seoul`), cities in any case with spaces (`New York`,
    `seoul`), a few Korean places and countries (`서울`, `미국`).
    """
    by_id, by_city = _tables()
    normalized = _normalize(text)
    if not normalized or len(normalized) > 64:
        return ()
    if normalized in by_id:
        return (by_id[normalized],)
    key = _city_key(normalized)
    candidates = [key, _strip_ko(key), _strip_ko(key).removesuffix("시")]
    for candidate in candidates:
        if candidate in PLACE_ZONES:
            return PLACE_ZONES[candidate]
        if candidate in by_city:
            return by_city[candidate]
    if "/" in normalized:
        suffix = "/" + "/".join(_city_key(part).replace(" ", "_") for part in key.split("/"))
        found = tuple(name for lower, name in by_id.items() if lower.endswith(suffix))
        if found:
            return found
    return ()
