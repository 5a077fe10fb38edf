"""Reading a Migraine Buddy CSV export into a document of our own format, for people switching apps.

The export starts with a small table of ongoing events ("Date","Time Period","Description","Notes"), a blank
line, then the attack table. Every cell is quoted; list cells are comma-separated. Its spellings of dates and
durations vary between versions and locales, so the reader is tolerant and reports each row it cannot read
instead of refusing the file. What has no place in our format (affected activities, unmatched triggers and
symptoms) goes into the attack's notes, so nothing the person wrote is lost.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from .. import clock
from ..vocabulary import FIRST_YEAR, LAST_YEAR, LOCATIONS, plausible_year
from .schema import ATTACK, FORMAT_NAME, FORMAT_VERSION, Faults, check_attack_times

ATTACK_HEADER_START = ("#", "Started")
EVENTS_HEADER = ["Date", "Time Period", "Description", "Notes"]

# Migraine Buddy's wording -> ours. Matched on lower-case text containing the key.
SYMPTOM_WORDS = {
    "nausea": "nausea", "vomit": "vomiting", "light": "photophobia", "photophobia": "photophobia",
    "sound": "phonophobia", "noise": "phonophobia", "phonophobia": "phonophobia", "smell": "osmophobia",
    "odo": "osmophobia", "osmophobia": "osmophobia", "allodynia": "allodynia", "skin sensitiv": "allodynia",
    "neck": "neck pain", "tear": "lacrimation", "watery eye": "lacrimation", "lacrimation": "lacrimation",
    "congest": "nasal congestion", "runny nose": "nasal congestion", "swollen eyelid": "eyelid oedema",
    "eyelid": "ptosis", "sweat": "sweating", "restless": "restlessness", "agitat": "restlessness",
}
PREMONITORY_WORDS = {
    "yawn": "yawning", "fatigue": "fatigue", "tired": "fatigue", "stiff": "neck stiffness",
    "craving": "food cravings", "mood": "mood change", "irritab": "mood change", "concentrat": "poor concentration",
    "urinat": "frequent urination", "light": "light sensitivity",
}
AURA_WORDS = {"visual": "visual", "vision": "visual", "tingl": "sensory", "numb": "sensory", "sensory": "sensory",
              "speech": "speech", "speak": "speech", "weak": "motor", "motor": "motor"}
# Triggers that match a field of the day; foods go to the day's food list; everything else into the notes.
TRIGGER_DAY_FIELDS = {"menstruation": ("menstruating", True), "period": ("menstruating", True),
                      "skipped meal": ("skipped_meal", True), "missed meal": ("skipped_meal", True),
                      "fasting": ("skipped_meal", True), "illness": ("illness", True), "infection": ("illness", True),
                      "flu": ("illness", True), "fever": ("illness", True), "allerg": ("allergy", 1)}
FOOD_WORDS = ("chocolate", "cheese", "wine", "beer", "coffee", "citrus", "bread", "msg", "aspartame",
              "processed meat", "cured meat", "nuts", "ice cream")
RELIEF_BY_RATING = {"Helpful": 2, "Somewhat Helpful": 1, "Unhelpful": 0, "Unsure": None}
EFFECT_BY_RATING = {"Helpful": "helpful", "Somewhat Helpful": "somewhat", "Unhelpful": "unhelpful",
                    "Unsure": "unsure"}

DATE_TIME_FORMATS = (
    "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M",
    "{dm} %H:%M", "{dm} %H:%M:%S", "{dm} %I:%M %p", "{dm}, %H:%M", "{dm}, %I:%M %p",
    "%b %d, %Y %I:%M %p", "%b %d, %Y %H:%M", "%d %b %Y %H:%M", "%d %B %Y %H:%M", "%B %d, %Y %I:%M %p",
    "%a, %b %d, %Y %I:%M %p", "%a %b %d %Y %H:%M",
)
DURATION_UNITS = {"d": 1440, "day": 1440, "days": 1440, "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
                  "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1}
# A dose written after the drug's name: "Sumatriptan 50 mg", "Ibuprofen 400mg". Longest first ("mg" ends in "g").
DOSE_UNITS = ("mcg", "µg", "mg", "ml", "iu", "g")
# No cell of a real export comes near this; a longer one is a broken or hostile file, and its row is skipped.
CELL_MAX_LENGTH = 5000


@dataclass
class Conversion:
    document: dict
    skipped_rows: list[str] = field(default_factory=list)
    events_ignored: int = 0


def _split_list(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split(",") if part.strip()]


def _match(words: dict, text: str) -> str | None:
    lowered = text.lower()
    return next((ours for theirs, ours in words.items() if theirs in lowered), None)


def parse_duration(text: str) -> timedelta | None:
    """'5h 30m', '5 hours 30 minutes', '90 min', '1d 2h', '2:30' -> timedelta; 'Ongoing' -> None."""
    text = " ".join(text.lower().split())
    if len(text) > 40:  # "1 day 23 hours 59 minutes" is 25; a longer cell is not a duration (and stays linear)
        raise ValueError(f"duration {text[:40]!r}… not understood")
    if re.fullmatch(r"\d{1,3}:\d{2}", text):
        hours, minutes = text.split(":")
        return timedelta(hours=int(hours), minutes=int(minutes))
    parts = re.findall(r"(\d+(?:[.,]\d+)?)\s*([a-z]+)", text)
    if not parts or re.sub(r"[\d.,\s]|[a-z]+", "", text):
        raise ValueError(f"duration {text!r} not understood")
    minutes = 0.0
    for amount, unit in parts:
        if unit not in DURATION_UNITS:
            raise ValueError(f"duration unit {unit!r} not understood")
        minutes += float(amount.replace(",", ".")) * DURATION_UNITS[unit]
    return timedelta(minutes=round(minutes))


def _day_first(values: list[str]) -> bool:
    """Whether slashed dates in this file are day/month (any first number above 12 says so)."""
    for value in values:
        match = re.match(r"\s*(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}", value)
        if match and int(match.group(1)) > 12:
            return True
        if match and int(match.group(2)) > 12:
            return False
    return True


def parse_started(text: str, day_first: bool) -> datetime:
    if len(text) > 60:
        raise ValueError(f"date and time {text.strip()[:40]!r}… not understood")
    text = re.sub(r"^(\d{1,2})\.(\d{1,2})\.(\d{2,4})", r"\1/\2/\3", " ".join(text.split()))
    dm = "%d/%m/%Y" if day_first else "%m/%d/%Y"
    for pattern in DATE_TIME_FORMATS:
        for fmt in {pattern.format(dm=dm), pattern.format(dm=dm.replace("%Y", "%y"))}:
            try:
                return datetime.strptime(text, fmt)
            except ValueError:
                continue
    raise ValueError(f"date and time {text!r} not understood")


def _offset_zone(cell: str, fallback: str):
    cell = (cell or "").strip()
    if re.fullmatch(r"[+-]?\d{1,4}", cell):
        return timezone(timedelta(minutes=int(cell)))
    return ZoneInfo(fallback)


def split_dose(entry: str) -> tuple[str, str]:
    """'Sumatriptan (50 mg)' or 'Sumatriptan 50 mg' -> ('Sumatriptan', '50 mg'); a name alone -> (name, '').

    Read by hand from the end of the text, in one pass: the regular expression this replaces backtracked
    cubically on a cell of spaces (11 s for 1,200 of them, with every other request of the server waiting).
    """
    text = " ".join(entry.split())
    if text.endswith(")") and "(" in text:
        cut = text.rindex("(")
        if text[:cut].strip():
            return text[:cut].strip(), text[cut + 1:-1].strip()
    lowered = text.lower()
    unit = next((u for u in DOSE_UNITS if lowered.endswith(u)), None)
    if unit:
        head = text[:-len(unit)].rstrip()
        start = len(head)
        while start and (head[start - 1].isdigit() or head[start - 1] in ".,"):
            start -= 1
        number = head[start:]
        if number[:1].isdigit() and number[-1:].isdigit() and sum(c in ".," for c in number) <= 1 \
                and head[:start].strip():
            return head[:start].strip(), text[start:]
    return text, ""


def _dose(entry: str, rating: str, taken_at: str, classes: dict[str, str]) -> dict:
    name, dose_text = split_dose(entry)
    dose = {"name": name.lower(), "class": classes.get(name.lower(), "other"), "taken_at": taken_at}
    if dose_text:
        dose["dose"] = dose_text.strip()
    if RELIEF_BY_RATING[rating] is not None:
        dose["relief"] = RELIEF_BY_RATING[rating]
    return dose


def _split_tables(text: str) -> tuple[list[list[str]], list[list[str]]]:
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as error:  # a cell over 128 KiB, or bare carriage returns inside a cell
        raise ValueError(f"the file is not a CSV table this app can read ({error})") from None
    start = next((i for i, row in enumerate(rows) if tuple(c.strip() for c in row[:2]) == ATTACK_HEADER_START), None)
    if start is None:
        raise ValueError("no attack table found: the file has no header row starting with \"#\",\"Started\"")
    events = [r for r in rows[:start] if any(c.strip() for c in r) and [c.strip() for c in r] != EVENTS_HEADER]
    return events, rows[start:]


def convert(text: str, timezone_name: str, classes: dict[str, str], now: datetime | None = None) -> Conversion:
    """A Migraine Buddy export as a diary document; rows it cannot read are listed, not guessed at."""
    events, table = _split_tables(text)
    header = [h.strip() for h in table[0]]
    records = [dict(zip(header, row)) for row in table[1:] if any(c.strip() for c in row)]
    day_first = _day_first([r.get("Started", "") for r in records])
    now = now or clock.now()
    attacks, labels, days, skipped = [], {}, {}, []
    for record in records:
        label = f"row #{(record.get('#') or '?').strip()[:20] or '?'}"
        too_long = next((name for name, cell in record.items() if len(cell or "") > CELL_MAX_LENGTH), None)
        if too_long is not None:
            skipped.append(f"{label}: the cell “{str(too_long)[:40]}” is {len(record[too_long]):,} characters long; "
                           f"at most {CELL_MAX_LENGTH:,} are read")
            continue
        try:
            attack, day_factors = _attack(record, timezone_name, day_first, classes)
        except KeyError as error:
            skipped.append(f"{label}: the column “{error.args[0]}” is missing")
            continue
        except OverflowError:  # a duration of millions of days
            skipped.append(f"{label}: a number in it is too large for a date, time or duration")
            continue
        except ValueError as error:
            skipped.append(f"{label}: {error}")
            continue
        # The rules every import follows (names not too long, nothing in the future, no endless attack), row by
        # row: one bad row is left out, instead of refusing the whole file as a fault in a backup would.
        faults = Faults()
        checked = ATTACK.check(attack, "", faults)
        if not faults:
            check_attack_times(checked, now, "", faults)
        if faults:
            skipped.append(f"{label}: " + "; ".join(_in_words(fault) for fault in faults))
            continue
        attacks.append(attack)
        labels[attack["started_at"]] = label
        if day_factors:
            day = days.setdefault(attack["started_at"][:10], {"date": attack["started_at"][:10]})
            for key, value in day_factors.items():
                day[key] = sorted(set(day.get(key, [])) | set(value)) if key == "foods" else value
    starts = {}
    for attack in attacks:  # the same start twice: keep the first, report the second
        if attack["started_at"] in starts:
            skipped.append(f"an attack starting {attack['started_at']} appears twice; the second was left out")
        starts.setdefault(attack["started_at"], attack)
    ongoing = sorted((a for a in starts.values() if a["ended_at"] is None), key=lambda a: a["started_at"])
    for attack in ongoing[:-1]:  # only one attack can be going on: the latest
        del starts[attack["started_at"]]
        skipped.append(f"{labels[attack['started_at']]}: marked ongoing, and a later attack is too; only the latest "
                       "can be going on, so add this one by hand with its end")
    document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "timezone": timezone_name,
                "days": sorted(days.values(), key=lambda d: d["date"]), "attacks": list(starts.values())}
    return Conversion(document, skipped, len(events))


# A fault of the format check, for a person reading the list of rows left out: "the end: is in the future".
FIELD_WORDS = {"started_at": "the start", "ended_at": "the end", "taken_at": "a dose's time", "name": "a name",
               "notes": "the notes", "dose": "a dose"}


def _in_words(fault: str) -> str:
    path, _, reason = fault.partition(": ")
    field = path.rsplit(".", 1)[-1].split("[")[0]
    words = FIELD_WORDS.get(field, field.replace("_", " "))
    return f"{words} {reason}" if reason.startswith("is ") else reason


def _attack(record: dict, zone: str, day_first: bool, classes: dict[str, str]) -> tuple[dict, dict]:
    started_local = parse_started(record["Started"], day_first)
    if not plausible_year(started_local):
        raise ValueError(f"the start {record['Started'].strip()!r} is not between the years {FIRST_YEAR} and "
                         f"{LAST_YEAR}")
    started = started_local.replace(tzinfo=_offset_zone(record.get("Start UTC Offset (min)"), zone))
    lasted = (record.get("Lasted") or "").strip()
    duration = None if not lasted or lasted.lower() == "ongoing" else parse_duration(lasted)
    attack: dict = {"started_at": started.isoformat(timespec="seconds"), "ended_at": None}
    if duration is not None:
        end_zone = _offset_zone(record.get("End UTC Offset (min)"), zone)
        attack["ended_at"] = (started + duration).astimezone(end_zone).isoformat(timespec="seconds")

    kinds = (record.get("Attack Types") or "").lower()
    attack["kind"] = ("cluster" if "cluster" in kinds else "migraine" if "migraine" in kinds
                      else "headache" if "headache" in kinds or "tension" in kinds else
                      "other" if kinds.strip() else "migraine")
    pain = (record.get("Pain Level") or "").strip()
    if pain:
        try:
            level = float(pain.replace(",", "."))
        except ValueError:
            raise ValueError(f"pain level {pain!r} is not a number") from None
        if not 0 <= level <= 10:
            raise ValueError(f"pain level {pain} is outside 0-10")
        attack["peak_intensity"] = round(level)

    notes = [record.get("Notes", "").strip()] if record.get("Notes", "").strip() else []
    symptoms, aura_types = [], []
    for item in _split_list(record.get("Symptoms", "")):
        if "aura" in item.lower():
            aura_types.append(_match(AURA_WORDS, item) or "visual")
        elif (ours := _match(SYMPTOM_WORDS, item)) and ours not in symptoms:
            symptoms.append(ours)
        else:
            notes.append(f"Symptom: {item}")
    # An empty cell means "not in this file", never "none": an import must not wipe what the person logged here.
    if symptoms:
        attack["symptoms"] = symptoms
    if aura_types:
        attack.update(aura=True, aura_types=sorted(set(aura_types)))
    bothersome = _match(SYMPTOM_WORDS, record.get("Most Bothersome Symptom", "") or "")
    if bothersome:
        attack["most_bothersome"] = bothersome
    premonitory = sorted({p for item in _split_list(record.get("Premonitory Symptoms", ""))
                          if (p := _match(PREMONITORY_WORDS, item))})
    if premonitory:
        attack["premonitory"] = premonitory
    sides = sorted(_pain_sides(record.get("Pain Positions", "")))
    if sides:
        attack["pain_sides"] = sides
    place = (record.get("Attack Location") or "").strip().lower()
    if place:
        attack["location"] = place if place in LOCATIONS else "other"
    activities = _split_list(record.get("Affected Activities", ""))
    if activities:
        notes.append("Affected activities: " + ", ".join(activities))

    medications, seen = [], set()
    for rating in RELIEF_BY_RATING:
        for entry in _split_list(record.get(f"{rating} Medication", "")):
            dose = _dose(entry, rating, attack["started_at"], classes)
            if dose["name"] not in seen:
                seen.add(dose["name"])
                medications.append(dose)
    if medications:
        attack["medications"] = medications
    relief_methods = [{"name": m.lower(), "effect": EFFECT_BY_RATING[rating]} for rating in EFFECT_BY_RATING
                      for m in _split_list(record.get(f"{rating} Non Drug Relief Methods", ""))]
    if relief_methods:
        attack["relief_methods"] = relief_methods

    day_factors: dict = {}
    unmatched_triggers = []
    for trigger in _split_list(record.get("Potential Triggers", "")):
        lowered = trigger.lower()
        factor = next((v for k, v in TRIGGER_DAY_FIELDS.items() if k in lowered), None)
        if factor:
            day_factors[factor[0]] = factor[1]
        elif any(food in lowered for food in FOOD_WORDS):
            day_factors.setdefault("foods", []).append(lowered)
        else:
            unmatched_triggers.append(trigger)
    if unmatched_triggers:
        notes.append("Possible triggers noted in Migraine Buddy: " + ", ".join(unmatched_triggers))
    if notes:
        attack["notes"] = "\n".join(notes)[:5000]
    return attack, day_factors


def _pain_sides(cell: str) -> set[str]:
    sides = set()
    for item in _split_list(cell):
        lowered = item.lower()
        if "both" in lowered or "whole" in lowered or "all over" in lowered:
            sides.add("both")
        if "left" in lowered:
            sides.add("left")
        if "right" in lowered:
            sides.add("right")
        if "back" in lowered or "neck" in lowered or "occip" in lowered:
            sides.add("back")
        if "fore" in lowered or "front" in lowered or "eye" in lowered:
            sides.add("front")
    return sides
