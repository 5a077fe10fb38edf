"""The doctor report's figures, put together from what the app already computes.

The period's day counts, rates, intensity and charts come from the dashboard (`build_dashboard`, which counts
through `diary.counting`); treatment responses, warnings and associations come from the insights
(`cached_report`). This module only selects, groups by month and orders them for a page a neurologist reads in a
minute. Definitions: ../shared/domain/clinical.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import clock
from ..counting import DayCounts, MonthFigures, PeriodRates, months_between, monthly_figures
from ..dashboard.services import Dashboard, Period, PeriodError, build_dashboard
from ..dashboard.services import choose_period as custom_period
from ..extensions import db
from ..models import Attack, DailyLog, QuestionnaireResult, User
from ..questionnaires.scoring import grade_and_meaning
from ..timezones import local_today, start_of_local_day
from ..vocabulary import RELIEF_LEVELS

REPORT_MONTHS = 3  # the default period: the last three complete months, against the three before
MAX_REPORT_DAYS = 2 * 366
SHOWN_VERDICTS = ("likely_trigger", "likely_protective", "possible_trigger")


class ReportPeriodError(ValueError):
    """A period asked for that cannot be reported; the message says why."""


def default_period(today: date) -> Period:
    """The last three complete calendar months (in June: March to May)."""
    last = today.replace(day=1) - timedelta(days=1)
    first = last.replace(day=1)
    for _ in range(REPORT_MONTHS - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return Period("report", first, last)


def choose_period(today: date, start: str | None, end: str | None) -> Period:
    """The dashboard's custom period (checked the same way, ending today at the latest), at most two years long."""
    if not start and not end:
        return default_period(today)
    try:
        period = custom_period("custom", today, None, start, end)
    except PeriodError as problem:
        raise ReportPeriodError(str(problem)) from None
    if period.days > MAX_REPORT_DAYS:
        raise ReportPeriodError("A report covers at most two years; choose a shorter period.")
    return Period("report", period.first, period.last)


@dataclass(frozen=True)
class Questionnaire:
    kind: str
    taken_on: date
    score: int
    grade: str


@dataclass(frozen=True)
class ClassMonths:
    label: str
    threshold: int
    days: list[int]  # per month of the period

    @property
    def reached(self) -> bool:
        return any(d >= self.threshold for d in self.days)


@dataclass(frozen=True)
class CalendarDay:
    day: date
    state: str  # "migraine", "headache", "free" (logged, no attack) or "missing" (nothing in the diary)
    medication: bool


@dataclass(frozen=True)
class AttackLine:
    started_at: datetime
    ended_at: datetime | None
    kind: str
    peak_intensity: int | None
    aura: bool
    doses: list[tuple[str, str, str]]  # name, dose, relief label


@dataclass
class Report:
    patient: User
    birth_year: int | None
    sex: str | None
    period: Period
    dashboard: Dashboard
    previous: PeriodRates
    months: list[MonthFigures]
    calendar: list[list[CalendarDay]]  # a row per month
    overuse: list[ClassMonths]
    overuse_warnings: list[str]
    baseline: dict | None  # the current preventive's response JSON (its baseline before the start)
    treatments: list[dict]
    associations: list[dict]
    menstrual: str | None  # the ICHD-3 A1.1.1 pattern's sentence, when the diary shows it
    menstruation_days: int  # days logged with menstruation in the period: 0 means not tracked
    questionnaires: dict[str, list[Questionnaire]]  # kind -> latest first (at most two)
    attacks: list[AttackLine]
    generated: datetime

    @property
    def rates(self) -> PeriodRates:
        return self.dashboard.headline.rates

    @property
    def empty(self) -> bool:
        return self.rates.covered_days == 0


def _calendar(counts: DayCounts, first: date, last: date) -> list[list[CalendarDay]]:
    """The paper diary clinics hand out: one square a day, a row per month."""
    rows = []
    for month in months_between(first, last):
        row, day = [], max(month, first)
        while day <= last and day.month == month.month:
            state = ("migraine" if day in counts.migraine else "headache" if day in counts.headache
                     else "free" if day in counts.covered else "missing")
            row.append(CalendarDay(day, state, bool(counts.acute_classes.get(day))))
            day += timedelta(days=1)
        rows.append(row)
    return rows


def _overuse(counts: DayCounts, months: list[date]) -> list[ClassMonths]:
    """Acute medication days per month by class, against the ICHD-3 8.2 overuse thresholds (Cephalalgia
    2018;38:1-211, doi:10.1177/0333102417738202): 10 days for triptans, ergots, opioids, combination analgesics or
    several classes together, 15 for simple analgesics. Gepants are not counted toward overuse (clinical.md)."""
    # Imported here: the insights package loads the statistics libraries, which the app factory leaves for later.
    from ..insights.warnings import OVERUSE_CHECKS, month_days

    rows = []
    for label, classes, threshold in OVERUSE_CHECKS:
        per_month = month_days(counts, classes)
        days = [per_month.get((m.year, m.month), 0) for m in months]
        if any(days):
            rows.append(ClassMonths(label, threshold, days))
    return rows


def _questionnaires(user_id: int, last: date) -> dict[str, list[Questionnaire]]:
    """The latest and the previous MIDAS and HIT-6 answered up to the period's end."""
    found: dict[str, list[Questionnaire]] = {"MIDAS": [], "HIT-6": []}
    for kind, taken_on, score in db.session.execute(
            select(QuestionnaireResult.kind, QuestionnaireResult.taken_on, QuestionnaireResult.score)
            .where(QuestionnaireResult.user_id == user_id, QuestionnaireResult.taken_on <= last)
            .order_by(QuestionnaireResult.taken_on.desc())):
        if len(found[kind]) < 2:
            grade, meaning = grade_and_meaning(kind, score)
            found[kind].append(Questionnaire(kind, taken_on, score, f"Grade {grade} ({meaning})" if grade
                                             else meaning))
    return found


def _attacks(user_id: int, zone: str, period: Period) -> list[AttackLine]:
    start, end = start_of_local_day(period.first, zone), start_of_local_day(period.last + timedelta(days=1), zone)
    attacks = db.session.scalars(select(Attack).options(selectinload(Attack.doses))  # one query for all doses
                                 .where(Attack.user_id == user_id, Attack.started_at >= start,
                                        Attack.started_at < end).order_by(Attack.started_at))
    return [AttackLine(a.started_at, a.ended_at, a.kind, a.peak_intensity, a.aura,
                       [(d.name, d.dose, RELIEF_LEVELS.get(d.relief, "not recorded"))
                        for d in sorted(a.doses, key=lambda d: d.taken_at)])
            for a in attacks]


def build_report(patient: User, period: Period, now: datetime | None = None) -> Report:
    from ..analysis import cached_report  # scipy and statsmodels load on first use, not with every command

    now = now or clock.now()
    zone = patient.timezone
    # The comparison period is the one just before, of the same length: the dashboard counts both.
    dashboard = build_dashboard(patient.id, zone, period, now)
    counts = dashboard.counts
    insights = cached_report(patient.id, now=now)
    treatments = insights["treatments"]
    current = [t for t in treatments if t["purpose"] == "preventive" and t["stopped_on"] is None
               and date.fromisoformat(t["started_on"]) <= period.last]
    months = months_between(period.first, period.last)
    profile = patient.profile
    return Report(
        patient=patient, birth_year=profile.birth_year if profile else None, sex=profile.sex if profile else None,
        period=period, dashboard=dashboard, previous=dashboard.headline.previous,
        months=monthly_figures(counts, period.first, period.last),
        calendar=_calendar(counts, period.first, period.last),
        overuse=_overuse(counts, months),
        overuse_warnings=[w["sentence"] for w in insights["warnings"] if w["kind"] == "medication_overuse"],
        baseline=current[-1] if current else None,
        treatments=treatments,
        associations=[f for f in insights["factors"] if f["verdict"] in SHOWN_VERDICTS],
        menstrual=next((w["sentence"] for w in insights["warnings"] if w["kind"] == "menstrual_pattern"), None),
        menstruation_days=db.session.scalar(select(func.count()).select_from(DailyLog).where(
            DailyLog.user_id == patient.id, DailyLog.menstruating.is_(True),
            DailyLog.date.between(period.first, period.last))) or 0,
        questionnaires=_questionnaires(patient.id, period.last),
        attacks=_attacks(patient.id, zone, period),
        generated=now,
    )


def today_for(patient: User) -> date:
    return local_today(patient.timezone)
