"""One person's diary as day-by-day arrays: what was logged, which attacks started, and who was at risk.

Everything downstream works on these numpy arrays, one element per calendar day from the first to the last
logged day. A value that was not recorded is NaN, never 0: "missing" must not be read as "no".
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from ..vocabulary import OUTCOMES

NUMERIC_FIELDS = ("stress", "sleep_hours", "sleep_quality", "caffeine_mg", "alcohol_units", "water_l",
                  "exercise_min", "gut_symptoms", "mood", "allergy")
BOOLEAN_FIELDS = ("menstruating", "skipped_meal", "illness")


@dataclass
class DayTable:
    first: date
    logged: np.ndarray                # bool: a daily log exists for the day
    values: dict[str, np.ndarray]     # field -> float, NaN where not recorded (booleans as 0/1)
    foods: dict[str, np.ndarray]      # food (lower case) -> float 0/1 on logged days, NaN on days not logged
    migraine_onset: np.ndarray        # bool: a migraine attack started that day
    headache_onset: np.ndarray        # bool: an attack of any kind started that day
    in_migraine: np.ndarray           # bool: a migraine attack was present for part of the day
    in_headache: np.ndarray           # bool: an attack of any kind was present

    @property
    def size(self) -> int:
        return len(self.logged)

    def day(self, index: int) -> date:
        return self.first + timedelta(days=index)


def build_table(days: list[dict], attacks: list[tuple[datetime, datetime | None, str]], zone: str,
                now: datetime) -> DayTable | None:
    """Arrays from plain diary rows (days as in the interchange format, attacks as (start, end, kind))."""
    logged_dates = sorted(d["date"] for d in days)
    if not logged_dates:
        return None
    first, last = logged_dates[0], logged_dates[-1]
    size = (last - first).days + 1
    positions = [(entry["date"] - first).days for entry in days]
    logged = np.zeros(size, dtype=bool)
    logged[positions] = True
    # One float matrix, day by field, filled in one step (numpy reads None as NaN): far quicker than setting
    # numpy elements one by one for years of days.
    fields = NUMERIC_FIELDS + BOOLEAN_FIELDS
    matrix = np.array([[entry.get(name) for name in fields] for entry in days], dtype=float)
    values = {}
    for column, name in enumerate(fields):
        values[name] = np.full(size, np.nan)
        values[name][positions] = matrix[:, column]
    food_days: dict[str, list[int]] = {}
    for i, entry in zip(positions, days):
        for food in {f.strip().lower() for f in entry.get("foods") or []}:
            food_days.setdefault(food, []).append(i)
    foods = {}
    for food, indices in food_days.items():
        eaten = np.where(logged, 0.0, np.nan)
        eaten[indices] = 1.0
        foods[food] = eaten

    tz = ZoneInfo(zone)
    onsets = {outcome: np.zeros(size, dtype=bool) for outcome in OUTCOMES}
    present = {outcome: np.zeros(size, dtype=bool) for outcome in OUTCOMES}
    for started, ended, kind in attacks:
        start_day = (started.astimezone(tz).date() - first).days
        end_day = ((ended or now).astimezone(tz).date() - first).days
        groups = tuple(OUTCOMES) if kind == "migraine" else ("any_headache",)
        for group in groups:
            if 0 <= start_day < size:
                onsets[group][start_day] = True
            low, high = max(start_day, 0), min(end_day, size - 1)
            if low <= high:
                present[group][low:high + 1] = True
    return DayTable(first, logged, values, foods, onsets["migraine"], onsets["any_headache"], present["migraine"],
                    present["any_headache"])


def at_risk(table: DayTable, outcome: str) -> np.ndarray:
    """Days on which an onset could be observed: that day and the day before were logged, and the person was not
    already in an attack (of the outcome's kind) the day before. Holsteen 2020 framed diary days the same way
    (see ../shared/domain/statistics.md, section 1)."""
    in_attack = table.in_migraine if outcome == "migraine" else table.in_headache
    risk = np.zeros(table.size, dtype=bool)
    risk[1:] = table.logged[1:] & table.logged[:-1] & ~in_attack[:-1]
    return risk


def onsets(table: DayTable, outcome: str) -> np.ndarray:
    return table.migraine_onset if outcome == "migraine" else table.headache_onset
