"""Synthetic diaries with a known truth, for checking the insights method (../shared/domain/statistics.md, §6).

Each diary: autocorrelated stress and sleep, alcohol mostly at weekends, a menstrual cycle of 28 +/- 2 days,
common foods eaten on many days, about 10 % of days not logged, attacks from a baseline of 2-8 a month raised
by 0-3 true triggers with odds ratios 1.5-4 at their lags, and chocolate craved in the day or two before attacks
without causing them.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

START = date(2025, 1, 1)
FOODS = {"bread": 0.7, "coffee": 0.8, "cheese": 0.35, "pasta": 0.3, "yogurt": 0.4}
# Candidate true triggers (named as the insights report names factors) and the lags they may act at.
CANDIDATES = {"alcohol_units": (1, 2), "sleep_hours": (0, 1), "stress": (1,), "skipped_meal": (1,),
              "food:cheese": (1, 2)}
ODDS_RATIOS = (1.5, 2.0, 3.0, 4.0)
# The exposure (as the insights report labels it) through which each candidate acts; see _exposed.
EXPOSURES = {"alcohol_units": "alcohol_units > 0", "sleep_hours": "sleep_hours < 6", "stress": "stress >= 7",
             "skipped_meal": "skipped_meal", "food:cheese": "food:cheese"}


@dataclass
class Truth:
    triggers: dict[str, float]   # factor -> odds ratio
    lags: dict[str, int]


def _exposed(day: dict, factor: str) -> bool:
    if factor == "alcohol_units":
        return day["alcohol_units"] > 0
    if factor == "sleep_hours":
        return day["sleep_hours"] < 6
    if factor == "stress":
        return day["stress"] >= 7
    if factor == "skipped_meal":
        return day["skipped_meal"]
    return factor.split(":", 1)[1] in day["foods"]


def make_diary(days: int, rng: random.Random, n_triggers: int) -> tuple[list[dict], list[tuple], Truth]:
    chosen = rng.sample(sorted(CANDIDATES), n_triggers)
    truth = Truth({f: rng.choice(ODDS_RATIOS) for f in chosen}, {f: rng.choice(CANDIDATES[f]) for f in chosen})
    stress, sleep, period_day = 4.0, 7.0, rng.randint(0, 27)
    cycle = rng.choice((26, 27, 28, 29, 30))
    entries = []
    for i in range(days):
        day = START + timedelta(days=i)
        stress = min(10, max(0, 0.6 * stress + 0.4 * 4 + rng.gauss(0, 1.6)))
        sleep = min(11, max(3, 0.3 * sleep + 0.7 * 7 + rng.gauss(0, 1)))
        weekend = day.weekday() >= 4
        period_day = (period_day + 1) % cycle
        entries.append({
            "date": day, "stress": round(stress), "sleep_hours": round(sleep * 4) / 4, "sleep_quality": 3,
            "caffeine_mg": 100, "alcohol_units": (2.0 if rng.random() < (0.5 if weekend else 0.1) else 0.0),
            "mood": 3, "skipped_meal": rng.random() < 0.15, "menstruating": period_day < 5,
            "foods": [f for f, p in FOODS.items() if rng.random() < p]})
    firsts = [i for i in range(1, days) if entries[i]["menstruating"] and not entries[i - 1]["menstruating"]]
    window = {f + offset for f in firsts for offset in (-2, -1, 0, 1, 2)}
    rate = rng.uniform(2, 8) / 30           # attacks a day at baseline
    base = math.log(rate / (1 - rate))
    attack_days: list[tuple[int, int]] = []   # (first day, days it lasts)
    month_effect = {m: rng.gauss(0, 0.3) for m in range(days // 28 + 2)}
    i = 1
    while i < days:
        logit = base + month_effect[i // 28]
        if i in window:
            logit += math.log(2)  # the perimenstrual window doubles the odds
        for factor, odds in truth.triggers.items():
            lag = truth.lags[factor]
            if i - lag >= 0 and _exposed(entries[i - lag], factor):
                logit += math.log(odds)
        if rng.random() < 1 / (1 + math.exp(-logit)):
            lasts = rng.choice((1, 2))       # attacks last one or two days, and are logged as lasting that long
            attack_days.append((i, lasts))
            i += lasts
        i += 1
    for a, _ in attack_days:                 # a craving in the day or two before, not a cause
        for before in (1, 2):
            if a - before >= 0 and rng.random() < 0.5 and "chocolate" not in entries[a - before]["foods"]:
                entries[a - before]["foods"].append("chocolate")
    for entry in entries:
        if "chocolate" not in entry["foods"] and rng.random() < 0.1:
            entry["foods"].append("chocolate")
    logged = [e for e in entries if rng.random() > 0.1]
    attacks = [(datetime.combine(START + timedelta(days=a), time(8), timezone.utc),
                datetime.combine(START + timedelta(days=a + lasts - 1), time(20), timezone.utc), "migraine")
               for a, lasts in attack_days]
    return logged, attacks, truth
