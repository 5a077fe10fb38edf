"""What the dashboard shows: the period's headline figures and charts, from a handful of column queries.

Rows are read as plain tuples for the period only (and the period before it, for the change), then counted in
`diary.counting` and drawn in `diary.charts`; no ORM object is loaded one by one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Date, bindparam, func, or_, select

from .. import clock
from ..charts import (
    Chart,
    attacks_over_time_chart,
    calendar_chart,
    medication_chart,
    monthly_days_chart,
    stress_sleep_chart,
    timing_chart,
)
from ..counting import AttackRow, DayCounts, DoseRow, PeriodRates, count_days, monthly_figures, period_rates
from ..extensions import db
from ..models import Attack, DailyLog, MedicationDose, TreatmentCourse, UTCDateTime
from ..timezones import local_today, start_of_local_day
from ..vocabulary import FIRST_YEAR, LAST_YEAR, plausible_year

PERIODS = {"3": "3 months", "6": "6 months", "12": "12 months", "all": "All", "custom": "Custom"}
DEFAULT_PERIOD = "12"
# Fewer covered days than this in a period, and the dashboard says so instead of drawing charts.
THIN_PERIOD_DAYS = 14


# The dashboard's queries, built once: composing SQLAlchemy expressions on every request costs more than running
# them. Window bounds are UTC instants for times and local dates for the daily logs.
ATTACKS_IN_WINDOW = (
    select(Attack.started_at, Attack.ended_at, Attack.kind, Attack.peak_intensity)
    .where(Attack.user_id == bindparam("user_id"), Attack.started_at < bindparam("end", type_=UTCDateTime),
           or_(Attack.ended_at.is_(None), Attack.ended_at >= bindparam("start", type_=UTCDateTime)))
    .order_by(Attack.started_at))
DOSES_IN_WINDOW = (
    select(MedicationDose.taken_at, MedicationDose.drug_class, MedicationDose.name, MedicationDose.relief)
    .where(MedicationDose.user_id == bindparam("user_id"),
           MedicationDose.taken_at >= bindparam("start", type_=UTCDateTime),
           MedicationDose.taken_at < bindparam("end", type_=UTCDateTime)))
LOGS_IN_PERIOD = (
    select(DailyLog.date, DailyLog.stress, DailyLog.sleep_hours, DailyLog.menstruating)
    .where(DailyLog.user_id == bindparam("user_id"), DailyLog.date >= bindparam("first", type_=Date),
           DailyLog.date <= bindparam("last", type_=Date))
    .order_by(DailyLog.date))
# The period before needs only which days were logged, for its rates.
LOG_DATES_BEFORE = select(DailyLog.date).where(
    DailyLog.user_id == bindparam("user_id"), DailyLog.date >= bindparam("before_first", type_=Date),
    DailyLog.date < bindparam("first", type_=Date))
COURSES = (
    select(TreatmentCourse.name, TreatmentCourse.started_on, TreatmentCourse.stopped_on, TreatmentCourse.purpose)
    .where(TreatmentCourse.user_id == bindparam("user_id")).order_by(TreatmentCourse.started_on))


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
        if not (plausible_year(first) and plausible_year(last)):
            raise PeriodError(f"Choose dates between {FIRST_YEAR} and {LAST_YEAR}.")
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
    counts: DayCounts  # the days counted (the period and the one before), for the doctor report's own tables


FIRST_ENTRY = select(
    select(func.min(DailyLog.date)).where(DailyLog.user_id == bindparam("user_id")).scalar_subquery(),
    select(func.min(Attack.started_at)).where(Attack.user_id == bindparam("user_id")).scalar_subquery(),
    select(func.min(MedicationDose.taken_at)).where(MedicationDose.user_id == bindparam("user_id")).scalar_subquery())


def first_entry(user_id: int, zone: str) -> date | None:
    """The first day of the diary (a daily log, an attack or a dose); None for an empty diary."""
    day, started, taken = db.session.connection().execute(FIRST_ENTRY, {"user_id": user_id}).one()
    days = [day] + [local_today(zone, UTCDateTime().process_result_value(t, None)) for t in (started, taken) if t]
    return min((d for d in days if d is not None), default=None)


def build_dashboard(user_id: int, zone: str, period: Period, now: datetime | None = None) -> Dashboard:
    now = now or clock.now()
    before = period.previous()
    window_start = start_of_local_day(before.first, zone)
    window_end = start_of_local_day(period.last + timedelta(days=1), zone)

    # Core queries on the session's connection: plain tuples, without the ORM's per-row bookkeeping.
    connection = db.session.connection()
    window = {"user_id": user_id, "start": window_start, "end": window_end, "before_first": before.first,
              "first": period.first, "last": period.last}
    # Fetched whole (fetchall, not row by row), then made plain named tuples: SQLAlchemy's Row reads its
    # fields by name several times slower, and the counting reads each field many times.
    attacks = [AttackRow(*row) for row in connection.execute(ATTACKS_IN_WINDOW, window).all()]
    doses = [DoseRow(*row) for row in connection.execute(DOSES_IN_WINDOW, window).all()]
    logs = connection.execute(LOGS_IN_PERIOD, window).all()
    logged_before = connection.scalars(LOG_DATES_BEFORE, window).all()
    courses = connection.execute(COURSES, window).all()
    # Every unfinished attack that started before the end of today is in the window.
    ongoing = sum(1 for attack in attacks if attack.ended_at is None)

    preventives = [(name, start, stop) for name, start, stop, purpose in courses if purpose == "preventive"]
    logged = logged_before + [d for d, *_ in logs]
    counts = count_days(attacks, doses, logged, {name.lower() for name, *_ in preventives}, zone, now)
    period_start = start_of_local_day(period.first, zone)
    in_period = [a for a in attacks if period_start <= a.started_at < window_end]
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
        stress_sleep_chart([(d, s, h) for d, s, h, _ in logs], counts),
        medication_chart([d for d in doses if d.taken_at >= period_start]),
    ]
    return Dashboard(period, thin, headline, charts, counts)
