from __future__ import annotations

import uuid
from datetime import time
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.authentication import request_user

from .. import services as programs
from .serializers import (
    DoneSerializer,
    ProgramStartSerializer,
    RemindersSerializer,
    SessionProgressSerializer,
    StreakSerializer,
    TodaySerializer,
)


def _today(request: Request) -> programs.Today:
    today = programs.today_get(user=request_user(request))
    if today is None:
        raise NotFound("No program yet: POST one to /api/program/.")
    return today


class ProgramView(APIView):
    """The lifter's program: the next session with plates (GET), start one (POST), stop (DELETE)."""

    @extend_schema(responses=TodaySerializer, operation_id="program")
    def get(self, request: Request) -> Response:
        return Response(TodaySerializer(_today(request)).data)

    @extend_schema(
        request=ProgramStartSerializer,
        responses={201: TodaySerializer},
        operation_id="program_start",
    )
    def post(self, request: Request) -> Response:
        data = ProgramStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            programs.program_start(
                user=request_user(request),
                program=data.validated_data["program"],
                maxes=data.validated_data.get("maxes"),
            )
        except programs.MissingMaxes as missing:
            raise ValidationError(
                {"maxes": [f"a 1RM is needed for: {', '.join(missing.lifts)}"]}
            ) from None
        return Response(TodaySerializer(_today(request)).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None}, operation_id="program_stop")
    def delete(self, request: Request) -> Response:
        if not programs.program_stop(user=request_user(request)):
            raise NotFound("No program to stop.")
        return Response(status=status.HTTP_204_NO_CONTENT)


class DoneView(APIView):
    """Logs the next sets as prescribed (or with the reps made) and advances the program.

    An `Idempotency-Key` header makes a retried request log nothing twice."""

    @extend_schema(
        request=DoneSerializer, responses=SessionProgressSerializer, operation_id="program_done"
    )
    def post(self, request: Request) -> Response:
        data = DoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key") or uuid.uuid4().hex
        try:
            progress = programs.session_done(
                user=request_user(request),
                reps=data.validated_data.get("reps"),
                key=f"api:{key}"[:56],
                source="api",
            )
        except programs.ProgramError as error:
            if error.code == "no_program":
                raise NotFound("No program yet: POST one to /api/program/.") from None
            raise ValidationError({"reps": [_message(error)]}) from None
        return Response(SessionProgressSerializer(progress).data)


def _message(error: programs.ProgramError) -> str:
    if error.code == "too_many_reps":
        return f"only {error.params['left']} sets are left in this session"
    return "reps go from 0 to 100"


class RemindersView(APIView):
    """Training-day reminders in the lifter's time zone and the nudge after a missed week."""

    @extend_schema(responses=RemindersSerializer, operation_id="reminders")
    def get(self, request: Request) -> Response:
        schedule = programs.reminders_get(user=request_user(request))
        if schedule is None or schedule.at is None:
            raise NotFound("No reminders set.")
        return Response(_reminders(schedule))

    @extend_schema(
        request=RemindersSerializer, responses=RemindersSerializer, operation_id="reminders_set"
    )
    def put(self, request: Request) -> Response:
        data = RemindersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        days = [programs.WEEKDAYS.index(d) for d in data.validated_data["weekdays"]]
        try:
            programs.reminders_set(
                user=request_user(request),
                weekdays=days,
                at=time.fromisoformat(data.validated_data["at"]),
            )
        except programs.ProgramError:
            raise ValidationError(
                {"at": [f"{programs.QUIET_START:%H:%M}–{programs.QUIET_END:%H:%M} are quiet hours"]}
            ) from None
        schedule = programs.nudge_set(
            user=request_user(request),
            on=data.validated_data["nudge_missed_week"],
        )
        return Response(_reminders(schedule))

    @extend_schema(responses={204: None}, operation_id="reminders_off")
    def delete(self, request: Request) -> Response:
        programs.reminders_off(user=request_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _reminders(schedule: Any) -> Any:
    return RemindersSerializer(
        {
            "weekdays": [programs.WEEKDAYS[d] for d in schedule.weekdays],
            "at": schedule.at.strftime("%H:%M"),
            "nudge_missed_week": schedule.nudge_missed_week,
            "active": schedule.active,
        }
    ).data


class StreakView(APIView):
    """Weeks in a row with at least the planned number of sessions."""

    @extend_schema(responses=StreakSerializer, operation_id="streak")
    def get(self, request: Request) -> Response:
        streak = programs.streak_get(user=request_user(request))
        return Response(StreakSerializer(streak).data)
