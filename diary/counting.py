"""Counting days the way clinics do (../shared/domain/clinical.md), from plain rows: no Flask, no ORM objects.

The dashboard, the insights and the doctor's report all count migraine days, headache days and acute medication
days through these functions, so a figure means the same everywhere.
"""
from __future__ import annotations

from calendar import monthrange
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Iterable, NamedTuple
from zoneinfo import ZoneInfo

from .vocabulary import ATTACK_MAX_DAYS

# Doses of these classes do not make an acute medication day (clinical.md: "every class except antiemetic").
NOT_ACUTE_CLASSES = {"antiemetic"}
# ICHD-3 8.2 (Cephalalgia 2018;38:1-211, doi:10.1177/0333102417738202): medication-overuse thresholds in days/month.
OVERUSE_DAYS_SPECIFIC = 10   # triptans, ergots, opioids, combination analgesics, or several classes together
OVERUSE_DAYS_SIMPLE = 15     # simple analgesics: paracetamol, aspirin and other NSAIDs
# A month with fewer covered days than this is shown as incomplete, not as a low count (clinical.md).
COMPLETE_MONTH_DAYS = 20
DAYS_PER_RATE = 28  # comparisons of periods use rates per 28 days, as trials do


class AttackRow(NamedTuple):
    started_at: datetime
    ended_at: datetime | None
    kind: str
    peak_intensity: int | None


class DoseRow(NamedTuple):
    taken_at: datetime
    drug_class: str
    name: str
    relief: int | None


def local_days(start: datetime, end: datetime | None, zone: ZoneInfo, now: datetime) -> list[date]:
    """Every calendar day (in the user's zone) on which an attack is present; an ongoing one counts up to now.

    An attack from 22:00 to 03:00 touches two days (clinical.md, "Counting days"). No attack counts for more than
    ATTACK_MAX_DAYS after its start: one still "going on" after that is an end never entered, and would make every
    day since a migraine day (200 of them begun in 1900 once took the dashboard 14 s).
    """
    first = start.astimezone(zone).date()
    last = min(end or max(now, start), start + timedelta(days=ATTACK_MAX_DAYS)).astimezone(zone).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@dataclass
class DayCounts:
    """Per calendar day: which kinds of attack were present, the worst intensity, acute drug classes taken."""

    migraine: set[date] = field(default_factory=set)
    headache: set[date] = field(default_factory=set)
    worst_intensity: dict[date, int] = field(default_factory=dict)
    acute_classes: dict[date, set[str]] = field(default_factory=lambda: defaultdict(set))
    covered: set[date] = field(default_factory=set)


def count_days(attacks: Iterable[AttackRow], doses: Iterable[DoseRow], logged: Iterable[date],
               preventive_names: set[str], zone: str, now: datetime) -> DayCounts:
    """Count the diary's days. A day is covered when it has a daily log, an attack or a dose on it: only then
    does the diary say anything about that day."""
    tz = ZoneInfo(zone)
    counts = DayCounts(covered=set(logged))
    headache, migraine, covered, worst_of = counts.headache, counts.migraine, counts.covered, counts.worst_intensity
    for started, ended, kind, worst in attacks:
        days = local_days(started, ended, tz, now)
        headache.update(days)
        covered.update(days)
        if kind == "migraine":
            migraine.update(days)
        if worst is not None:
            for day in days:
                if worst > worst_of.get(day, -1):
                    worst_of[day] = worst
    for taken_at, drug_class, name, _ in doses:
        day = taken_at.astimezone(tz).date()
        covered.add(day)
        # The user's own preventive courses (an antibody, a gepant taken daily) are not acute medication.
        if drug_class not in NOT_ACUTE_CLASSES and name.lower() not in preventive_names:
            counts.acute_classes[day].add(drug_class)
    return counts


@dataclass(frozen=True)
class MonthFigures:
    month: date                 # the first of the month
    days_in_period: int         # the month's days inside the period asked for
    covered_days: int
    migraine_days: int
    headache_days: int
    acute_medication_days: int

    @property
    def complete(self) -> bool:
        return self.covered_days >= COMPLETE_MONTH_DAYS


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def monthly_figures(counts: DayCounts, first: date, last: date) -> list[MonthFigures]:
    """Per calendar month within [first, last]: day counts, and how many days the diary covered."""
    def by_month(days) -> Counter:
        return Counter((d.year, d.month) for d in days if first <= d <= last)

    covered, migraine = by_month(counts.covered), by_month(counts.migraine)
    headache, acute = by_month(counts.headache), by_month(counts.acute_classes)
    figures = []
    for month in months_between(first, last):
        key = (month.year, month.month)
        end = min(month.replace(day=monthrange(month.year, month.month)[1]), last)
        figures.append(MonthFigures(
            month=month, days_in_period=(end - max(month, first)).days + 1, covered_days=covered[key],
            migraine_days=migraine[key], headache_days=headache[key], acute_medication_days=acute[key]))
    return figures


@dataclass(frozen=True)
class PeriodRates:
    """Days per 28 covered days over a period, so that periods of different length compare fairly."""

    covered_days: int
    migraine_days: int
    headache_days: int
    acute_medication_days: int

    def per_28(self, days: int) -> float | None:
        return None if self.covered_days == 0 else days / self.covered_days * DAYS_PER_RATE

    @property
    def migraine_rate(self) -> float | None:
        return self.per_28(self.migraine_days)

    @property
    def headache_rate(self) -> float | None:
        return self.per_28(self.headache_days)

    @property
    def acute_medication_rate(self) -> float | None:
        return self.per_28(self.acute_medication_days)


def period_rates(counts: DayCounts, first: date, last: date) -> PeriodRates:
    def within(days) -> int:
        return len([d for d in days if first <= d <= last])

    return PeriodRates(within(counts.covered), within(counts.migraine), within(counts.headache),
                       within(counts.acute_classes))
