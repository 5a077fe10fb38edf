"""Synthetic diaries with a known truth, for checking the insights method (../shared/domain/statistics.md, §6).

Each diary: autocorrelated stress and sleep, alcohol mostly at weekends, a menstrual cycle of 28 +/- 2 days,
common foods eaten on many days, about 10 % of days not logged, attacks from a baseline of 2-8 a month raised
by 0-3 true triggers with odds ratios 1.5-4 at their lags, and chocolate craved in the day or two before attacks
without causing them.

`realistic=True` (issue #17) adds what real diaries do to an analysis: each person tracks only some factors; attacks
change what gets recorded (stress rated 2 points higher and meals skipped on attack days, a short night after, fewer
logs on attack days); a person's trigger acts at a lag or threshold other than the ones tested (stress and skipped
meals two days before, stress from 6 or from 8); and the perimenstrual effect follows either the window around a
period's start or the bleeding days themselves.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
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


# Realistic diaries: the factors a person may track (each with this chance), and the lags real triggers act at.
TRACKABLE = ("stress", "sleep_hours", "sleep_quality", "caffeine_mg", "alcohol_units", "mood", "skipped_meal", "foods",
             "menstruating")
TRACKED_SHARE = 0.75
REALISTIC_LAGS = {"stress": (1, 2), "skipped_meal": (1, 2)}
STRESS_THRESHOLDS = (6, 7, 8)


@dataclass
class Truth:
    triggers: dict[str, float]   # factor -> odds ratio
    lags: dict[str, int]
    stress_threshold: int = 7
    tracked: set[str] = field(default_factory=lambda: set(TRACKABLE))


def _exposed(day: dict, factor: str, truth: Truth) -> bool:
    if factor == "alcohol_units":
        return day["alcohol_units"] > 0
    if factor == "sleep_hours":
        return day["sleep_hours"] < 6
    if factor == "stress":
        return day["stress"] >= truth.stress_threshold
    if factor == "skipped_meal":
        return day["skipped_meal"]
    return factor.split(":", 1)[1] in day["foods"]


def make_diary(days: int, rng: random.Random, n_triggers: int,
               realistic: bool = False) -> tuple[list[dict], list[tuple], Truth]:
    # The default diaries draw exactly the random numbers they always did: their figures in `make validate` stay
    # comparable from one version to the next.
    tracked = set(TRACKABLE)
    if realistic:
        tracked = {f for f in TRACKABLE if rng.random() < TRACKED_SHARE} or {"stress"}
    candidates = sorted(f for f in CANDIDATES if ("foods" if f.startswith("food:") else f) in tracked)
    chosen = rng.sample(candidates, min(n_triggers, len(candidates)))
    lags = {**CANDIDATES, **REALISTIC_LAGS} if realistic else CANDIDATES
    truth = Truth({f: rng.choice(ODDS_RATIOS) for f in chosen}, {f: rng.choice(lags[f]) for f in chosen},
                  tracked=tracked)
    menstrual = "window"
    if realistic:
        truth.stress_threshold = rng.choice(STRESS_THRESHOLDS)
        menstrual = rng.choice(("window", "bleeding"))
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
        if (i in window) if menstrual == "window" else entries[i]["menstruating"]:
            logit += math.log(2)  # the perimenstrual window (or the bleeding days) doubles the odds
        for factor, odds in truth.triggers.items():
            lag = truth.lags[factor]
            if i - lag >= 0 and _exposed(entries[i - lag], factor, truth):
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
    on_attack = {d for a, lasts in attack_days for d in range(a, min(a + lasts, days))}
    if realistic:  # attacks change the record: higher stress, skipped meals, a short night after
        for d in sorted(on_attack):
            entries[d]["stress"] = min(10, entries[d]["stress"] + 2)
            entries[d]["skipped_meal"] = entries[d]["skipped_meal"] or rng.random() < 0.5
            if d + 1 < days and d + 1 not in on_attack:
                entries[d + 1]["sleep_hours"] = max(3.0, entries[d + 1]["sleep_hours"] - 1.5)
    # About 10 % of days go unlogged; in a realistic diary a quarter of the attack days do.
    logged = [e for d, e in enumerate(entries) if rng.random() > (0.25 if realistic and d in on_attack else 0.1)]
    if realistic:
        logged = [{k: v for k, v in e.items() if k == "date" or k in tracked} for e in logged]
    attacks = [(datetime.combine(START + timedelta(days=a), time(8), timezone.utc),
                datetime.combine(START + timedelta(days=a + lasts - 1), time(20), timezone.utc), "migraine")
               for a, lasts in attack_days]
    return logged, attacks, truth
