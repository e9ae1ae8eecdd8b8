from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .. import rules
from .. import services as programs


class PrescribedSetSerializer(serializers.Serializer[Any]):
    index = serializers.IntegerField()
    exercise = serializers.CharField(source="lift", help_text="exercise slug")
    weight_kg = serializers.DecimalField(max_digits=7, decimal_places=2)
    reps = serializers.IntegerField()
    amrap = serializers.BooleanField(help_text="as many reps as possible, at least `reps`")
    part = serializers.CharField(help_text="main, bbb, t1, t2, t3 or test")
    plates_per_side = serializers.ListField(
        child=serializers.DecimalField(max_digits=6, decimal_places=3),
        help_text="in the lifter's unit, heaviest first",
    )
    done_weight_kg = serializers.SerializerMethodField()
    done_reps = serializers.SerializerMethodField()

    def get_done_weight_kg(self, item: programs.TodaySet) -> str | None:
        return str(item.done[0]) if item.done else None

    def get_done_reps(self, item: programs.TodaySet) -> int | None:
        return item.done[1] if item.done else None


class TodaySerializer(serializers.Serializer[Any]):
    program = serializers.CharField()
    session = serializers.CharField(source="label", help_text="workout A/B, day 1–4 or the lift")
    week = serializers.IntegerField(allow_null=True)
    cycle = serializers.IntegerField(allow_null=True)
    sessions_done = serializers.IntegerField()
    sets = PrescribedSetSerializer(many=True)
    state = serializers.JSONField(help_text="the program's state: training maxes, weights, stages")


class ProgramStartSerializer(serializers.Serializer[Any]):
    program = serializers.ChoiceField(choices=sorted(rules.PROGRAMS))
    maxes = serializers.DictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2, min_value=1, max_value=1000),
        required=False,
        help_text="1RM in kg by exercise slug; the lifter's e1RMs fill the rest",
    )


class DoneSerializer(serializers.Serializer[Any]):
    reps = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=100),
        required=False,
        allow_empty=False,
        help_text="reps made, set by set, for the next sets; omitted: all the rest as prescribed",
    )


class ChangeSerializer(serializers.Serializer[Any]):
    exercise = serializers.CharField(source="lift")
    kind = serializers.CharField(help_text="increase, repeat, deload, stage or reset")
    before_kg = serializers.DecimalField(max_digits=7, decimal_places=2)
    after_kg = serializers.DecimalField(max_digits=7, decimal_places=2)
    part = serializers.CharField()
    stage = serializers.CharField()


class SessionProgressSerializer(serializers.Serializer[Any]):
    filled = serializers.IntegerField()
    completed = serializers.BooleanField()
    cycle_done = serializers.BooleanField()
    changes = ChangeSerializer(many=True)
    today = TodaySerializer()


WEEKDAY_CHOICES = list(programs.WEEKDAYS)


class RemindersSerializer(serializers.Serializer[Any]):
    weekdays = serializers.ListField(
        child=serializers.ChoiceField(choices=WEEKDAY_CHOICES), allow_empty=False
    )
    # HH:MM, not OpenAPI's "time" format: that one is RFC 3339's and needs a UTC offset, while
    # this is a wall-clock time in the lifter's own time zone
    at = serializers.RegexField(
        r"^([01]\d|2[0-3]):[0-5]\d$", help_text="local time in the lifter's time zone, e.g. 18:30"
    )
    nudge_missed_week = serializers.BooleanField(required=False, default=False)
    active = serializers.BooleanField(read_only=True)


class StreakSerializer(serializers.Serializer[Any]):
    weeks = serializers.IntegerField()
    planned = serializers.IntegerField()
    this_week = serializers.IntegerField()
