"""A year of realistic, made-up diary data for the demo account, so a newcomer sees full pages at once.

The simulation is deliberately plausible rather than tidy: stress and sleep drift from day to day, alcohol
comes mostly at weekends, a menstrual cycle of about 28 days, some days not logged at all and some only
partly. Attacks come at about 6 a month and are more likely around menstruation, after short sleep and
after a stressful week eases off; an anti-CGRP antibody started half-way through cuts them by about two
thirds (a clear responder, so the treatment page has something to show).

One random stream a day, from a fixed seed: the same diary whatever the day it is made on, but for the
weekdays and months its days fall on. The seed was chosen so that the pages show what they should:
seeded on 61 dates six days apart over a year, with the insights as of each date, the perimenstrual window was
always a likely migraine trigger, headaches of any kind always had a likely trigger too, and erenumab's interval
always excluded no change.
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from .extensions import db
from .models import Attack, DailyLog, HealthProfile, MedicationDose, QuestionnaireResult, TreatmentCourse, User
from .questionnaires.scoring import score
from .timezones import local_to_utc

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-password-1"
DEMO_TIMEZONE = "Europe/Berlin"

USUAL_FOODS = ("bread", "coffee", "cheese", "yogurt", "pasta", "apple", "rice", "chicken", "salad")
OCCASIONAL_FOODS = ("chocolate", "aged cheese", "citrus", "cured meat", "pizza", "red wine", "nuts")
MIGRAINE_SYMPTOMS = ("nausea", "photophobia", "phonophobia", "osmophobia", "allodynia", "neck pain", "vomiting")
PREMONITORY = ("yawning", "fatigue", "neck stiffness", "food cravings", "mood change", "light sensitivity")


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _draws(seed: int, what: str, index: int) -> random.Random:
    """The random numbers of one day (or one attack), drawn from its own stream: the demo must be the same diary
    whatever the date it is made on, and a single shared stream would shift with every weekday or month test
    that draws a number on some days and not on others."""
    return random.Random(f"demo:{seed}:{what}:{index}")


def _simulate_days(seed: int, first: date, last: date) -> list[dict]:
    cycles = random.Random(f"demo:{seed}:cycle")
    days, stress, period_start = [], 4.0, first + timedelta(days=cycles.randint(0, 27))
    cycle = 28
    day = first
    while day <= last:
        if day >= period_start + timedelta(days=cycle):
            period_start, cycle = period_start + timedelta(days=cycle), cycles.choice((26, 27, 28, 28, 29, 30))
        rng = _draws(seed, "day", (day - first).days)
        weekend = day.weekday() >= 5
        busy_week = (day.isocalendar()[1] % 7) in (2, 3)
        stress = _clamp(0.6 * stress + 0.4 * (5.5 if busy_week and not weekend else 3.0) + rng.gauss(0, 1.2), 0, 10)
        sleep = _clamp(round((7.0 + (0.8 if weekend else 0) + rng.gauss(0, 0.9)) * 4) / 4, 3.5, 10.5)
        weekend_drinks, weekday_drink = rng.choice((0, 0, 1, 2, 3, 4)), rng.random() < 0.08
        drinks = weekend_drinks if day.weekday() in (4, 5) else int(weekday_drink)
        foods = [f for f in USUAL_FOODS if rng.random() < 0.55] + [f for f in OCCASIONAL_FOODS if rng.random() < 0.12]
        if rng.random() < 0.5 and drinks >= 2 and "red wine" not in foods:
            foods.append("red wine")
        quality_noise, no_coffee, coffee = rng.gauss(0, 0.7), rng.random() < 0.3, rng.choice((95, 150, 190, 200, 250))
        allergy = rng.choice((0, 1, 1, 2))
        entry = {
            "date": day,
            "stress": round(stress),
            "sleep_hours": sleep,
            "sleep_quality": int(_clamp(round((sleep - 4) / 1.2 + quality_noise), 1, 5)),
            "caffeine_mg": 0 if weekend and no_coffee else coffee,
            "alcohol_units": float(drinks),
            "water_l": round(_clamp(rng.gauss(1.6, 0.4), 0.5, 3.5), 1),
            "exercise_min": rng.choice((0, 0, 0, 20, 30, 45, 60)),
            "menstruating": (day - period_start).days < 5,
            "gut_symptoms": rng.choice((0, 0, 0, 0, 1, 1, 2)),
            "mood": int(_clamp(round(3.6 - 0.25 * (stress - 4) + rng.gauss(0, 0.6)), 1, 5)),
            "skipped_meal": rng.random() < 0.08,
            "illness": False,
            "allergy": allergy if day.month in (4, 5, 6) else 0,
            "foods": foods,
            "notes": "",
            "_period_start": period_start,
        }
        if rng.random() < 0.15:  # a partly filled day: only stress and sleep
            for key in ("caffeine_mg", "water_l", "exercise_min", "gut_symptoms", "mood", "allergy", "skipped_meal"):
                entry[key] = None
            entry["foods"] = []
        days.append(entry)
        day += timedelta(days=1)
    # A cold for a week in winter.
    for entry in days:
        if entry["date"].month == 1 and 10 <= entry["date"].day <= 16:
            entry["illness"], entry["notes"] = True, "Cold, stayed home."
    return days


def _attack_probability(days: list[dict], i: int, preventive_on: date) -> float:
    today, yesterday = days[i], days[i - 1] if i else days[i]
    day_in_cycle = (today["date"] - today["_period_start"]).days
    rate = 0.17 if today["date"] < preventive_on else 0.05
    if day_in_cycle in (-2, -1, 0, 1, 2) or day_in_cycle >= 26:
        rate *= 3.0
    if today["sleep_hours"] < 6:
        rate *= 1.8
    if i >= 2 and days[i - 2]["stress"] - yesterday["stress"] >= 3:
        rate *= 2.0
    if (yesterday["alcohol_units"] or 0) >= 3:
        rate *= 1.6
    return min(rate, 0.8)


def _make_attack(rng: random.Random, user: User, day: date, prevented: bool) -> Attack:
    hour = rng.choice((5, 6, 7, 7, 8, 10, 13, 15, 17, 19, 21, 22))
    start_local = datetime.combine(day, time(hour, rng.choice((0, 10, 20, 30, 45))))
    kind = "migraine" if rng.random() < 0.82 else "headache"
    hours = rng.uniform(4, 30) if kind == "migraine" else rng.uniform(2, 8)
    if prevented:
        hours *= 0.6
    intensity = int(_clamp(round(rng.gauss(6.5 if kind == "migraine" else 4, 1.5) - (1 if prevented else 0)), 2, 10))
    started = local_to_utc(start_local, user.timezone)
    attack = Attack(
        user_id=user.id, started_at=started, ended_at=started + timedelta(minutes=5 * round(hours * 12)), kind=kind,
        peak_intensity=intensity,
        aura=kind == "migraine" and rng.random() < 0.2,
        symptoms=sorted(rng.sample(MIGRAINE_SYMPTOMS, rng.randint(2, 4))) if kind == "migraine" else [],
        premonitory=sorted(rng.sample(PREMONITORY, rng.randint(0, 2))),
        pain_sides=[rng.choice(("left", "left", "right", "both"))],
        disability=int(_clamp(intensity // 3, 0, 3)),
        location=rng.choice(("home", "home", "work", "bed", "transit")),
        relief_methods=[{"name": "dark room", "effect": rng.choice(("helpful", "somewhat"))}] if intensity >= 6 else [],
        notes="",
    )
    if attack.aura:
        attack.aura_types = ["visual"]
    if attack.symptoms:
        attack.most_bothersome = rng.choice(attack.symptoms)
    if intensity >= 5:
        triptan = kind == "migraine" and rng.random() < 0.75
        attack.doses.append(MedicationDose(
            user_id=user.id, name="sumatriptan" if triptan else "ibuprofen",
            drug_class="triptan" if triptan else "simple analgesic", dose="50 mg" if triptan else "400 mg",
            taken_at=started + timedelta(minutes=rng.randint(15, 90)),
            relief=rng.choice((1, 2, 2, 3, 3)) if triptan else rng.choice((0, 1, 1, 2))))
        if intensity >= 8 and rng.random() < 0.5:
            attack.doses.append(MedicationDose(
                user_id=user.id, name="metoclopramide", drug_class="antiemetic", dose="10 mg",
                taken_at=started + timedelta(minutes=rng.randint(20, 100))))
    return attack


def seed_demo(today: date, rng_seed: int = 2066) -> User:
    """Create the demo account with the twelve months of diary up to yesterday."""
    user = User(email=DEMO_EMAIL, timezone=DEMO_TIMEZONE)
    user.set_password(DEMO_PASSWORD)
    user.profile = HealthProfile(birth_year=1988, sex="female", conditions=["irritable bowel syndrome"])
    db.session.add(user)
    db.session.flush()

    last = today - timedelta(days=1)
    first = last - timedelta(days=364)
    preventive_on = first + timedelta(days=183)
    days = _simulate_days(rng_seed, first, last)
    attack_days: list[date] = []
    for i, entry in enumerate(days):
        rng = _draws(rng_seed, "onset", i)
        if rng.random() < _attack_probability(days, i, preventive_on):
            attack_days.append(entry["date"])
        attack_today = bool(attack_days) and attack_days[-1] == entry["date"]
        if attack_today or rng.random() > 0.08:  # about one day in twelve is not logged
            db.session.add(DailyLog(user_id=user.id, **{k: v for k, v in entry.items() if not k.startswith("_")}))

    previous_end = None
    for day in attack_days:
        rng = _draws(rng_seed, "attack", (day - first).days)
        attack = _make_attack(rng, user, day, prevented=day >= preventive_on)
        if previous_end and attack.started_at <= previous_end:
            continue  # the previous attack was still going on
        previous_end = attack.ended_at
        db.session.add(attack)

    # A few doses taken outside a logged attack: a headache not worth an entry, a pain after sport.
    for offset in (20, 95, 160, 250, 330):
        taken = local_to_utc(datetime.combine(first + timedelta(days=offset), time(18, 30)), user.timezone)
        db.session.add(MedicationDose(user_id=user.id, name="ibuprofen", drug_class="simple analgesic",
                                      dose="400 mg", taken_at=taken, relief=2))

    db.session.add_all([
        TreatmentCourse(user_id=user.id, name="propranolol", treatment_class="beta blocker", purpose="preventive",
                        started_on=first - timedelta(days=400), stopped_on=first - timedelta(days=120),
                        dose="80 mg daily"),
        TreatmentCourse(user_id=user.id, name="magnesium", treatment_class="supplement", purpose="supplement",
                        started_on=first + timedelta(days=40), stopped_on=None, dose="400 mg daily"),
        TreatmentCourse(user_id=user.id, name="erenumab", treatment_class="anti-CGRP antibody",
                        purpose="preventive", started_on=preventive_on, stopped_on=None, dose="70 mg monthly"),
    ])
    for taken_on, midas, hit6 in (
        (preventive_on - timedelta(days=7), [4, 6, 5, 3, 4], ["very often", "always", "sometimes",
                                                               "very often", "always", "sometimes"]),
        (preventive_on + timedelta(days=120), [1, 2, 2, 0, 1], ["sometimes", "sometimes", "rarely", "sometimes",
                                                                "very often", "rarely"]),
    ):
        for kind, answers in (("MIDAS", midas), ("HIT-6", hit6)):
            db.session.add(QuestionnaireResult(user_id=user.id, kind=kind, taken_on=taken_on, answers=answers,
                                               score=score(kind, answers)))
    db.session.commit()
    return user
