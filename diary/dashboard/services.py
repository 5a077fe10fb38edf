"""What the dashboard shows: the period's headline figures and charts, from a handful of column queries.

Rows are read as plain tuples for the period only (and the period before it, for the change), then counted in
`diary.counting` and drawn in `diary.charts`; no ORM object is loaded one by one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, or_, select

from ..charts import (
    Chart, attacks_over_time_chart, calendar_chart, medication_chart, monthly_days_chart, stress_sleep_chart,
    timing_chart,
)
from ..counting import AttackRow, DoseRow, PeriodRates, count_days, monthly_figures, period_rates
from ..extensions import db
from ..models import Attack, DailyLog, MedicationDose, TreatmentCourse
from ..timezones import local_today, start_of_local_day

PERIODS = {"3": "3 months", "6": "6 months", "12": "12 months", "all": "All", "custom": "Custom"}
DEFAULT_PERIOD = "12"
# Fewer covered days than this in a period, and the dashboard says so instead of drawing charts.
THIN_PERIOD_DAYS = 14


class PeriodError(ValueError):
    """A custom period the user typed that cannot be shown; the message says why."""


@dataclass(frozen=True)
class Period:
    key: str
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> Period:
        return Period("previous", self.first - timedelta(days=self.days), self.first - timedelta(days=1))


def _months_back(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, 1)


def choose_period(key: str, today: date, first_entry: date | None, start: str | None = None,
                  end: str | None = None) -> Period:
    """Whole calendar months up to today ("last 3 months" in November: September to today), all, or custom."""
    if key == "custom":
        try:
            first, last = date.fromisoformat(start or ""), date.fromisoformat(end or "")
        except ValueError:
            raise PeriodError("Enter both dates of the custom period, as year-month-day.") from None
        if first > last:
            raise PeriodError("The custom period ends before it starts.")
        return Period(key, first, min(last, today))
    if key == "all":
        return Period(key, min(first_entry or today, today), today)
    months = int(key) if key in ("3", "6", "12") else int(DEFAULT_PERIOD)
    return Period(str(months), _months_back(today, months - 1), today)


@dataclass(frozen=True)
class Headline:
    rates: PeriodRates
    previous: PeriodRates
    attacks: int
    mean_intensity: float | None
    worst_intensity: int | None
    ongoing: int

    def change(self, now: float | None, before: float | None) -> float | None:
        """The change against the period before, when both periods have enough days in the diary to compare."""
        if now is None or before is None or min(self.rates.covered_days, self.previous.covered_days) < 28:
            return None
        return now - before


@dataclass(frozen=True)
class Dashboard:
    period: Period
    thin: bool           # too little in this period to draw charts honestly
    headline: Headline
    charts: list[Chart]


def first_entry(user_id: int, zone: str) -> date | None:
    """The first day of the diary (a daily log, an attack or a dose); None for an empty diary."""
    day = db.session.scalar(select(func.min(DailyLog.date)).where(DailyLog.user_id == user_id))
    times = [db.session.scalar(select(func.min(Attack.started_at)).where(Attack.user_id == user_id)),
             db.session.scalar(select(func.min(MedicationDose.taken_at)).where(MedicationDose.user_id == user_id))]
    days = [day] + [local_today(zone, t) for t in times if t is not None]
    return min((d for d in days if d is not None), default=None)


def build_dashboard(user_id: int, zone: str, period: Period, now: datetime | None = None) -> Dashboard:
    now = now or datetime.now(timezone.utc)
    before = period.previous()
    window_start = start_of_local_day(before.first, zone)
    window_end = start_of_local_day(period.last + timedelta(days=1), zone)

    attacks = [AttackRow(*row) for row in db.session.execute(
        select(Attack.started_at, Attack.ended_at, Attack.kind, Attack.peak_intensity)
        .where(Attack.user_id == user_id, Attack.started_at < window_end,
               or_(Attack.ended_at.is_(None), Attack.ended_at >= window_start))
        .order_by(Attack.started_at))]
    doses = [DoseRow(*row) for row in db.session.execute(
        select(MedicationDose.taken_at, MedicationDose.drug_class, MedicationDose.name, MedicationDose.relief)
        .where(MedicationDose.user_id == user_id, MedicationDose.taken_at >= window_start,
               MedicationDose.taken_at < window_end))]
    logs = db.session.execute(
        select(DailyLog.date, DailyLog.stress, DailyLog.sleep_hours, DailyLog.menstruating)
        .where(DailyLog.user_id == user_id, DailyLog.date >= before.first, DailyLog.date <= period.last)
        .order_by(DailyLog.date)).all()
    courses = db.session.execute(
        select(TreatmentCourse.name, TreatmentCourse.started_on, TreatmentCourse.stopped_on, TreatmentCourse.purpose)
        .where(TreatmentCourse.user_id == user_id).order_by(TreatmentCourse.started_on)).all()
    ongoing = db.session.scalar(select(func.count(Attack.id)).where(Attack.user_id == user_id,
                                                                    Attack.ended_at.is_(None)))

    preventives = [(name, start, stop) for name, start, stop, purpose in courses if purpose == "preventive"]
    counts = count_days(attacks, doses, (d for d, *_ in logs), {name.lower() for name, *_ in preventives}, zone, now)
    in_period = [a for a in attacks if start_of_local_day(period.first, zone) <= a.started_at < window_end]
    rated = [a.peak_intensity for a in in_period if a.peak_intensity is not None]
    rates = period_rates(counts, period.first, period.last)
    headline = Headline(rates, period_rates(counts, before.first, before.last), len(in_period),
                        sum(rated) / len(rated) if rated else None, max(rated, default=None), ongoing)

    thin = rates.covered_days < THIN_PERIOD_DAYS
    charts = [] if thin else [
        monthly_days_chart(monthly_figures(counts, period.first, period.last)),
        calendar_chart(counts, {d for d, _, _, m in logs if m}, period.first, period.last),
        attacks_over_time_chart(in_period, preventives, zone, now, period.first, period.last),
        timing_chart(in_period, zone),
        stress_sleep_chart([(d, s, h) for d, s, h, _ in logs if d >= period.first], counts),
        medication_chart([d for d in doses if d.taken_at >= start_of_local_day(period.first, zone)]),
    ]
    return Dashboard(period, thin, headline, charts)
