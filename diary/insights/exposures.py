"""The exposures tested, each with its definition and the lags at which it is tested.

An exposure is a yes/no (1/0) per day, NaN where the diary does not say. `at(lag)` shifts it so that element t
holds the exposure of day t - lag: lag 1 is the day before the onset day.

Timing (issue #5 and ../shared/domain/statistics.md): a day's entries carry no hour, so an exposure on the onset
day itself may have come after the attack began. Everything is tested on the day before (lag 1); alcohol, foods
and sleep also two days before (lag 2); on the onset day itself (lag 0) only sleep, which the diary records on the
morning after the night, and the two menstrual definitions (the window around a period's start, and the bleeding
days: some people's attacks follow one, some the other), calendar facts.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..vocabulary import MAX_FOODS_TESTED
from .table import DayTable

# Foods and items that are known premonitory cravings or symptoms (Giffin, Neurology 2003; Karsan, J Neurol 2021):
# linked to the next day's attack, they may be an early sign of it rather than its cause.
PREMONITORY_FOODS = ("chocolate", "sweets", "candy", "sugar", "cake", "biscuits", "cookies", "ice cream")
MIN_FOOD_DAYS = 5
# "Much less than usual" caffeine: under half the person's median on caffeine days (withdrawal).
CAFFEINE_WITHDRAWAL_SHARE = 0.5


@dataclass(frozen=True)
class Exposure:
    factor: str          # the day-field name of diary-format.md, or food:<name>
    label: str           # "stress >= 7", in the words of the JSON output
    description: str     # how a sentence names the exposed days: "stress of 7 or more"
    lags: tuple[int, ...]
    series: Callable[[DayTable], np.ndarray]
    premonitory: bool = False
    lead: str | None = None  # how a sentence opens, where "On days after <description>" would read badly

    def at(self, table: DayTable, lag: int) -> np.ndarray:
        values = self.series(table)
        shifted = np.full(table.size, np.nan)
        if lag == 0:
            shifted[:] = values
        else:
            shifted[lag:] = values[:-lag]
        return shifted


def _compare(field: str, test: Callable[[np.ndarray], np.ndarray]) -> Callable[[DayTable], np.ndarray]:
    def series(table: DayTable) -> np.ndarray:
        values = table.values[field]
        result = np.where(np.isnan(values), np.nan, 0.0)
        with np.errstate(invalid="ignore"):
            result[test(values) & ~np.isnan(values)] = 1.0
        return result
    return series


def letdown(table: DayTable) -> np.ndarray:
    """A stress drop of 3 points or more from one day to the next (Lipton, Neurology 2014;82:1395-401): element t
    is the drop from day t-1 to day t, so at lag 1 it is the drop from two days before to the day before."""
    stress = table.values["stress"]
    result = np.full(table.size, np.nan)
    drop = stress[:-1] - stress[1:]
    known = ~np.isnan(drop)
    result[1:][known] = (drop[known] >= 3).astype(float)
    return result


def caffeine_withdrawal(table: DayTable) -> np.ndarray:
    caffeine = table.values["caffeine_mg"]
    usual = np.nanmedian(caffeine[caffeine > 0]) if np.any(caffeine > 0) else np.nan
    if np.isnan(usual):
        return np.full(table.size, np.nan)
    result = np.where(np.isnan(caffeine), np.nan, 0.0)
    result[caffeine < CAFFEINE_WITHDRAWAL_SHARE * usual] = 1.0
    return result


def perimenstrual(table: DayTable) -> np.ndarray:
    """Days -2 to +3 around the first day of bleeding, day 1 being that first day and there being no day 0
    (ICHD-3 appendix A1.1.1): the two days before it, the day itself and the two after. NaN for a diary that never
    records menstruation."""
    bleeding = table.values["menstruating"]
    if not np.any(bleeding == 1):
        return np.full(table.size, np.nan)
    previous = np.concatenate([[np.nan], bleeding[:-1]])
    first_days = np.flatnonzero((bleeding == 1) & (previous != 1))
    result = np.zeros(table.size)
    for day in first_days:
        result[max(day - 2, 0):min(day + 3, table.size)] = 1.0
    return result


STANDARD_EXPOSURES = (
    Exposure("stress", "stress >= 7", "stress of 7 or more", (1,), _compare("stress", lambda v: v >= 7)),
    Exposure("stress", "stress drop >= 3 (let-down)", "a drop in stress of 3 points or more", (1,), letdown),
    Exposure("sleep_hours", "sleep_hours < 6", "under 6 hours of sleep", (0, 1, 2),
             _compare("sleep_hours", lambda v: v < 6)),
    Exposure("sleep_quality", "sleep_quality <= 2", "poor sleep (quality 1 or 2)", (0, 1, 2),
             _compare("sleep_quality", lambda v: v <= 2)),
    Exposure("alcohol_units", "alcohol_units > 0", "any alcohol", (1, 2), _compare("alcohol_units", lambda v: v > 0)),
    Exposure("caffeine_mg", "caffeine_mg > 0", "any caffeine", (1,), _compare("caffeine_mg", lambda v: v > 0)),
    Exposure("caffeine_mg", "caffeine_mg < half the usual (withdrawal)", "much less caffeine than usual", (1,),
             caffeine_withdrawal),
    Exposure("skipped_meal", "skipped_meal", "a skipped meal", (1,), _compare("skipped_meal", lambda v: v == 1)),
    Exposure("menstruating", "perimenstrual window (day -2 to +3)", "the days around the start of a period", (0,),
             perimenstrual, lead="On the days around the start of a period"),
    Exposure("menstruating", "bleeding days", "bleeding days of a period", (0,),
             _compare("menstruating", lambda v: v == 1), lead="On bleeding days"),
    Exposure("gut_symptoms", "gut_symptoms >= 2", "moderate or severe gut symptoms", (1,),
             _compare("gut_symptoms", lambda v: v >= 2)),
    Exposure("illness", "illness", "an illness", (1,), _compare("illness", lambda v: v == 1)),
    Exposure("allergy", "allergy >= 2", "moderate or severe allergy symptoms", (1,),
             _compare("allergy", lambda v: v >= 2)),
    Exposure("water_l", "water_l < 1", "under a litre of water", (1,), _compare("water_l", lambda v: v < 1)),
    # Low mood, irritability and tiredness are among the commonest premonitory symptoms (Giffin, Neurology 2003):
    # like a craving, low mood the day before may be the attack beginning, so it can only be a warning sign.
    Exposure("mood", "mood <= 2", "low mood", (1,), _compare("mood", lambda v: v <= 2), premonitory=True),
    Exposure("exercise_min", "exercise_min >= 30", "30 minutes of exercise or more", (1,),
             _compare("exercise_min", lambda v: v >= 30)),
)

MENSTRUAL_WINDOW = next(e for e in STANDARD_EXPOSURES if e.label.startswith("perimenstrual"))


def foods_to_test(table: DayTable) -> tuple[list[str], list[str]]:
    """The foods eaten on at least MIN_FOOD_DAYS logged days: the MAX_FOODS_TESTED most eaten (ties by name), and
    the others, which the insights page names as not tested."""
    counts = {food: int(np.nansum(eaten)) for food, eaten in table.foods.items()}
    often = sorted((food for food, n in counts.items() if n >= MIN_FOOD_DAYS), key=lambda f: (-counts[f], f))
    return sorted(often[:MAX_FOODS_TESTED]), often[MAX_FOODS_TESTED:]


def food_exposures(table: DayTable) -> list[Exposure]:
    """The most eaten foods (foods_to_test), each tested the day before and two days before."""
    return [Exposure(f"food:{food}", f"food:{food}", food, (1, 2), lambda t, food=food: t.foods[food],
                     premonitory=any(word in food for word in PREMONITORY_FOODS))
            for food in foods_to_test(table)[0]]


def all_exposures(table: DayTable) -> list[Exposure]:
    return list(STANDARD_EXPOSURES) + food_exposures(table)
