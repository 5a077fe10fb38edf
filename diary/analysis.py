"""Reads a user's diary from the database into the plain rows that `diary.insights` analyses."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from .extensions import db
from .insights import FactorReport, analyse_factors
from .models import Attack, DailyLog

DAY_COLUMNS = ("date", "stress", "sleep_hours", "sleep_quality", "caffeine_mg", "alcohol_units", "water_l",
               "exercise_min", "menstruating", "gut_symptoms", "mood", "skipped_meal", "illness", "allergy", "foods")


def diary_rows(user_id: int) -> tuple[list[dict], list[tuple]]:
    """Daily logs as dicts of the format's day fields, attacks as (start, end, kind), in two column queries."""
    columns = [getattr(DailyLog, name) for name in DAY_COLUMNS]
    days = [dict(zip(DAY_COLUMNS, row)) for row in db.session.execute(
        select(*columns).where(DailyLog.user_id == user_id).order_by(DailyLog.date))]
    attacks = [tuple(row) for row in db.session.execute(
        select(Attack.started_at, Attack.ended_at, Attack.kind).where(Attack.user_id == user_id)
        .order_by(Attack.started_at))]
    return days, attacks


def factor_report(user_id: int, zone: str, now: datetime | None = None) -> FactorReport:
    days, attacks = diary_rows(user_id)
    return analyse_factors(days, attacks, zone, now or datetime.now(timezone.utc))
