"""Checking a diary document against the interchange format (../shared/domain/diary-format.md).

`check_diary` reads the whole document and returns either the cleaned entries or every fault, each with its path
("attacks[3].peak_intensity: 11 is above the maximum 10"). Nothing here touches the database.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Callable

from .. import clock
from ..questionnaires.scoring import HIT6_ANSWER_SCORES, HIT6_ITEMS, MIDAS_ITEMS, MIDAS_MAX_DAYS
from ..timezones import is_timezone
from ..vocabulary import (
    ATTACK_KINDS,
    ATTACK_MAX_DAYS,
    FUTURE_SLACK_MINUTES,
    AURA_TYPES,
    FIRST_YEAR,
    ITEM_MAX_LENGTH,
    LAST_YEAR,
    LOCATIONS,
    MAX_FOODS_A_DAY,
    MEDICATION_CLASSES,
    NOTES_MAX_LENGTH,
    PAIN_SIDES,
    PREMONITORY_SYMPTOMS,
    QUESTIONNAIRE_KINDS,
    RELIEF_EFFECTS,
    SEXES,
    SYMPTOMS,
    TREATMENT_PURPOSES,
    plausible_year,
)

FORMAT_NAME = "migraine-diary"
FORMAT_VERSION = 1
MISSING = object()


# Faults listed in full; past these, only counted. A file of ten million faults once built a 550 MB error page.
FAULTS_SHOWN = 100
# The most entries a list of a diary may hold: far beyond any real diary (a day a line from 1950 to today is under
# 28,000 days; cluster headache brings up to 8 attacks a day, ICHD-3 3.1), and checked before a list is walked.
MAX_ENTRIES = {"days": 30_000, "attacks": 20_000, "doses": 50_000, "treatments": 1_000, "questionnaires": 2_000,
               "medications": 20, "relief_methods": 20}
# Any other list in an entry (foods, symptoms, conditions, answers): foods are the longest.
MAX_LIST_ITEMS = MAX_FOODS_A_DAY
# A month with more attacks than this is a file gone wrong: 8 a day, the most ICHD-3 gives for cluster headache.
MAX_ATTACKS_A_MONTH = 8 * 31


class Faults(list):
    """The first FAULTS_SHOWN faults, as "path: reason" lines; the rest only counted (`more`)."""

    def __init__(self) -> None:
        super().__init__()
        self.more = 0

    def add(self, path: str, reason: str) -> None:
        if len(self) < FAULTS_SHOWN:
            self.append(f"{path}: {reason}")
        else:
            self.more += 1

    def lines(self) -> list[str]:
        return list(self) + ([f"… and {self.more:,} more"] if self.more else [])


def _too_many(value: list, limit: int, path: str, faults: Faults) -> bool:
    if len(value) > limit:
        faults.add(path, f"has {len(value):,} entries; at most {limit:,} are allowed")
        return True
    return False


# A checker takes (value, path, faults) and returns the cleaned value, or MISSING after adding a fault.
Checker = Callable[[Any, str, Faults], Any]


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _finite(value) -> bool:
    """A JSON number this app can hold: not NaN or infinity (Python's json reads those), not beyond a float."""
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def integer(low: int | None = None, high: int | None = None) -> Checker:
    def check(value, path, faults):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not _finite(value) \
                or value != int(value):
            faults.add(path, f"{_show(value)} is not a whole number")
            return MISSING
        return _in_range(int(value), low, high, path, faults)
    return check


def number(low: float | None = None, high: float | None = None, step: float | None = None) -> Checker:
    def check(value, path, faults):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not _finite(value):
            faults.add(path, f"{_show(value)} is not a number")
            return MISSING
        value = _in_range(float(value), low, high, path, faults)
        if value is not MISSING and step and abs(value / step - round(value / step)) > 1e-9:
            faults.add(path, f"{_show(value)} is not a multiple of {step}")
            return MISSING
        return value
    return check


def _in_range(value, low, high, path, faults):
    if low is not None and value < low:
        faults.add(path, f"{_show(value)} is below the minimum {low}")
        return MISSING
    if high is not None and value > high:
        faults.add(path, f"{_show(value)} is above the maximum {high}")
        return MISSING
    return value


def boolean(value, path, faults):
    if not isinstance(value, bool):
        faults.add(path, f"{_show(value)} is not true or false")
        return MISSING
    return value


def text(max_length: int = 200) -> Checker:
    def check(value, path, faults):
        if not isinstance(value, str):
            faults.add(path, f"{_show(value)} is not text")
            return MISSING
        if len(value) > max_length:
            faults.add(path, f"is {len(value)} characters long; at most {max_length} are allowed")
            return MISSING
        if "\x00" in value or not _encodable(value):
            faults.add(path, "contains characters that are not text (a NUL or half of a character pair)")
            return MISSING
        return value
    return check


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def name(value, path, faults):
    """A name (of a medication, a treatment): text with something in it besides spaces."""
    value = text(100)(value, path, faults)
    if value is not MISSING and not value.strip():
        faults.add(path, "is empty")
        return MISSING
    return value


def one_of(values: tuple[str, ...]) -> Checker:
    def check(value, path, faults):
        if value not in values:
            faults.add(path, f"{_show(value)} is not one of: {', '.join(values)}")
            return MISSING
        return value
    return check


def list_of(item: Checker, max_items: int = MAX_LIST_ITEMS) -> Checker:
    def check(value, path, faults):
        if not isinstance(value, list):
            faults.add(path, f"{_show(value)} is not a list")
            return MISSING
        if _too_many(value, max_items, path, faults):
            return MISSING
        cleaned = [item(v, f"{path}[{i}]", faults) for i, v in enumerate(value)]
        return MISSING if MISSING in cleaned else cleaned
    return check


def a_date(value, path, faults):
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        faults.add(path, f"{_show(value)} is not a date (YYYY-MM-DD)")
        return MISSING
    if not plausible_year(day):
        faults.add(path, f"{_show(value)} is not between the years {FIRST_YEAR} and {LAST_YEAR}")
        return MISSING
    return day


def a_datetime(value, path, faults):
    try:
        if not isinstance(value, str):
            raise ValueError
        moment = datetime.fromisoformat(value)
    except ValueError:
        faults.add(path, f"{_show(value)} is not a date and time (e.g. 2026-01-03T07:30:00+01:00)")
        return MISSING
    if moment.tzinfo is None:
        faults.add(path, f"{_show(value)} has no UTC offset (add e.g. +01:00 or Z)")
        return MISSING
    # A day's margin: an export writes times on the user's clock, which can put 1 January 1900 in 1899.
    if not date(FIRST_YEAR - 1, 12, 31) <= moment.date() <= date(LAST_YEAR + 1, 1, 1):
        faults.add(path, f"{_show(value)} is not between the years {FIRST_YEAR} and {LAST_YEAR}")
        return MISSING
    # Stored to the second: a fraction would make the same file merge as new entries the second time.
    return moment.replace(microsecond=0)


def timezone_name(value, path, faults):
    if not isinstance(value, str) or not is_timezone(value):
        faults.add(path, f"{_show(value)} is not an IANA time zone name (e.g. Europe/Berlin)")
        return MISSING
    return value


@dataclass
class Section:
    """The fields one kind of entry may have: each with its checker and whether it must be there."""

    fields: dict[str, Checker]
    required: tuple[str, ...] = ()
    nested: dict[str, Section] = field(default_factory=dict)

    def check(self, entry: Any, path: str, faults: Faults) -> dict | None:
        if not isinstance(entry, dict):
            faults.add(path, "is not an object")
            return None
        cleaned: dict[str, Any] = {}
        for name in entry:
            if name not in self.fields and name not in self.nested:
                faults.add(f"{path}.{name}", "is not a field of this format")
        for name in self.required:
            if entry.get(name) is None:
                faults.add(f"{path}.{name}", "is required")
        for name, checker in self.fields.items():
            if name in entry:
                # null means "not recorded", like an absent field; it is kept so that an import can clear a value.
                cleaned[name] = None if entry[name] is None else checker(entry[name], f"{path}.{name}", faults)
        for name, section in self.nested.items():
            if entry.get(name) is not None:
                cleaned[name] = section.check_list(entry[name], f"{path}.{name}", faults, MAX_ENTRIES[name])
        # What could be read, so that rules across fields still run and report their faults too.
        return {name: value for name, value in cleaned.items() if value is not MISSING}

    def check_list(self, entries: Any, path: str, faults: Faults, max_entries: int) -> list[dict]:
        if not isinstance(entries, list):
            faults.add(path, "is not a list")
            return []
        if _too_many(entries, max_entries, path, faults):
            return []
        return [self.check(e, f"{path}[{i}]", faults) for i, e in enumerate(entries)]


NOTES = text(NOTES_MAX_LENGTH)

DOSE = Section({
    "name": name, "class": one_of(MEDICATION_CLASSES), "dose": text(100), "taken_at": a_datetime,
    "relief": integer(0, 3),
}, required=("name",))

# A dose outside any attack has no attack start to fall back on: its time must be given.
STANDALONE_DOSE = Section(DOSE.fields, required=("name", "taken_at"))

RELIEF_METHOD = Section({"name": text(100), "effect": one_of(RELIEF_EFFECTS)}, required=("name",))

DAY = Section({
    "date": a_date, "stress": integer(0, 10), "sleep_hours": number(0, 24, 0.25), "sleep_quality": integer(1, 5),
    # The upper limits are far beyond any real day; they keep values within what the database can store.
    "caffeine_mg": integer(0, 100_000), "alcohol_units": number(0, 1000), "water_l": number(0, 100),
    "exercise_min": integer(0, 1440),
    "menstruating": boolean, "gut_symptoms": integer(0, 3), "mood": integer(1, 5), "skipped_meal": boolean,
    "illness": boolean, "allergy": integer(0, 3), "foods": list_of(text(ITEM_MAX_LENGTH)), "notes": NOTES,
}, required=("date",))

ATTACK = Section({
    "started_at": a_datetime, "ended_at": a_datetime, "kind": one_of(ATTACK_KINDS),
    "peak_intensity": integer(0, 10), "aura": boolean, "aura_types": list_of(one_of(AURA_TYPES)),
    "symptoms": list_of(one_of(SYMPTOMS)), "most_bothersome": one_of(SYMPTOMS),
    "premonitory": list_of(one_of(PREMONITORY_SYMPTOMS)), "pain_sides": list_of(one_of(PAIN_SIDES)),
    "disability": integer(0, 3), "location": one_of(LOCATIONS), "notes": NOTES,
    # peak_intensity is required by the format, but an attack logged in a hurry ("attack now") may not have one
    # yet; a backup of such a diary must still restore, so an absent intensity is read as "not recorded".
}, required=("started_at", "kind"), nested={"medications": DOSE, "relief_methods": RELIEF_METHOD})

TREATMENT = Section({
    "name": name, "class": text(100), "purpose": one_of(TREATMENT_PURPOSES), "started_on": a_date,
    "stopped_on": a_date, "dose": text(100),
}, required=("name", "purpose", "started_on"))

QUESTIONNAIRE = Section({"kind": one_of(QUESTIONNAIRE_KINDS), "taken_on": a_date, "answers": list_of(lambda v, p, f: v)},
                        required=("kind", "taken_on", "answers"))

PROFILE = Section({"birth_year": integer(FIRST_YEAR, LAST_YEAR), "sex": one_of(SEXES),
                   "conditions": list_of(text(ITEM_MAX_LENGTH))})

TOP_LEVEL = ("format", "version", "timezone", "profile", "days", "attacks", "doses", "treatments", "questionnaires")


@dataclass
class CheckedDiary:
    timezone: str | None
    profile: dict | None
    days: list[dict]
    attacks: list[dict]
    doses: list[dict]
    treatments: list[dict]
    questionnaires: list[dict]

    @property
    def entry_count(self) -> int:
        return len(self.days) + len(self.attacks) + len(self.doses) + len(self.treatments) + len(self.questionnaires)


def check_diary(document: Any, now: datetime | None = None) -> tuple[CheckedDiary | None, list[str]]:
    """Check a whole parsed document; return the cleaned diary, or None and every fault found."""
    faults = Faults()
    if not isinstance(document, dict):
        return None, ["(document): is not a JSON object"]
    for name in document:
        if name not in TOP_LEVEL:
            faults.add(name, "is not a field of this format")
    if document.get("format") != FORMAT_NAME:
        faults.add("format", f"must be {FORMAT_NAME!r}")
    if document.get("version") != FORMAT_VERSION or isinstance(document.get("version"), bool):
        faults.add("version", f"{_show(document.get('version'))} is not a version this app reads (1)")
    zone = document.get("timezone")
    zone = None if zone is None else timezone_name(zone, "timezone", faults)
    profile = PROFILE.check(document["profile"], "profile", faults) if document.get("profile") is not None else None

    days, attacks, doses, treatments, questionnaires = (
        section.check_list(document.get(name, []), name, faults, MAX_ENTRIES[name])
        for name, section in (("days", DAY), ("attacks", ATTACK), ("doses", STANDALONE_DOSE),
                              ("treatments", TREATMENT), ("questionnaires", QUESTIONNAIRE)))

    _check_across_fields(days, attacks, treatments, questionnaires, faults)
    _check_against_the_clock(days, attacks, doses, now or clock.now(), faults)
    if faults:
        return None, faults.lines()
    return CheckedDiary(zone, profile, days, attacks, doses, treatments, questionnaires), []


def _check_across_fields(days, attacks, treatments, questionnaires, faults: Faults) -> None:
    """Rules that involve more than one field or entry."""
    seen_dates: dict[date, int] = {}
    for i, day in enumerate(days):
        if day and day.get("date") is not None:
            if day["date"] in seen_dates:
                faults.add(f"days[{i}].date", f"{day['date']} appears twice (also days[{seen_dates[day['date']]}])")
            seen_dates.setdefault(day["date"], i)
    seen_starts: dict[datetime, int] = {}
    for i, attack in enumerate(attacks):
        if not attack:
            continue
        start, end = attack.get("started_at"), attack.get("ended_at")
        if start and end and end < start:
            faults.add(f"attacks[{i}].ended_at", "is before the attack's start")
        if start in seen_starts:
            faults.add(f"attacks[{i}].started_at", f"appears twice (also attacks[{seen_starts[start]}])")
        if start:
            seen_starts.setdefault(start, i)
    months = Counter((start.year, start.month) for start in seen_starts)
    for (year, month), count in sorted(months.items()):
        if count > MAX_ATTACKS_A_MONTH:
            faults.add("attacks", f"{count:,} attacks start in {year}-{month:02}; at most {MAX_ATTACKS_A_MONTH} a "
                                  "month are taken (8 a day)")
    for i, course in enumerate(treatments):
        if course and course.get("stopped_on") and course.get("started_on") and \
                course["stopped_on"] < course["started_on"]:
            faults.add(f"treatments[{i}].stopped_on", "is before the treatment's start")
    for i, result in enumerate(questionnaires):
        if result and result.get("kind") and isinstance(result.get("answers"), list):
            _check_answers(result, f"questionnaires[{i}].answers", faults)


def check_attack_times(attack: dict, now: datetime, path: str, faults: Faults) -> None:
    """The attack form's rules, for imports too: nothing in the future, no attack longer than ATTACK_MAX_DAYS (an
    attack still going on included: one begun weeks ago has an end that was never entered)."""
    later = now + timedelta(minutes=FUTURE_SLACK_MINUTES)
    start, end = attack.get("started_at"), attack.get("ended_at")
    if start and start > later:
        faults.add(f"{path}.started_at", "is in the future")
    if end and end > later:
        faults.add(f"{path}.ended_at", "is in the future")
    if start and start <= later and (end or now) - start > timedelta(days=ATTACK_MAX_DAYS):
        lasted = f"lasts {((end or now) - start).days:,} days" if end else \
            f"has no end and began {(now - start).days:,} days ago"
        faults.add(f"{path}.ended_at", f"the attack {lasted}; at most {ATTACK_MAX_DAYS} days are taken (enter its "
                                       "end, or split it into separate attacks)")
    _check_doses_taken(attack.get("medications") or [], f"{path}.medications", later, faults)


def _check_doses_taken(doses: list, path: str, later: datetime, faults: Faults) -> None:
    for i, dose in enumerate(doses):
        if dose and dose.get("taken_at") and dose["taken_at"] > later:
            faults.add(f"{path}[{i}].taken_at", "is in the future")


def _check_against_the_clock(days, attacks, doses, now: datetime, faults: Faults) -> None:
    # A day may be up to one day ahead of UTC: it is already tomorrow in Tokyo.
    tomorrow = now.date() + timedelta(days=1)
    for i, day in enumerate(days):
        if day and day.get("date") and day["date"] > tomorrow:
            faults.add(f"days[{i}].date", f"{day['date']} is in the future")
    ongoing = []
    for i, attack in enumerate(attacks):
        if attack:
            check_attack_times(attack, now, f"attacks[{i}]", faults)
            if attack.get("started_at") and attack.get("ended_at") is None:
                ongoing.append(i)
    for i in ongoing[1:]:
        faults.add(f"attacks[{i}].ended_at", f"is empty (still going on), as is attacks[{ongoing[0]}]; only one "
                                             "attack can be going on")
    _check_doses_taken(doses, "doses", now + timedelta(minutes=FUTURE_SLACK_MINUTES), faults)


def _check_answers(result: dict, path: str, faults: Faults) -> None:
    answers = result["answers"]
    if result["kind"] == "MIDAS":
        if len(answers) != MIDAS_ITEMS:
            faults.add(path, f"MIDAS has {MIDAS_ITEMS} scored answers, not {len(answers)}")
        for j, answer in enumerate(answers):
            integer(0, MIDAS_MAX_DAYS)(answer, f"{path}[{j}]", faults)
    else:
        if len(answers) != HIT6_ITEMS:
            faults.add(path, f"HIT-6 has {HIT6_ITEMS} answers, not {len(answers)}")
        for j, answer in enumerate(answers):
            one_of(tuple(HIT6_ANSWER_SCORES))(answer, f"{path}[{j}]", faults)
