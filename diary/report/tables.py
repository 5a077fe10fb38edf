"""The diary as CSV tables in a ZIP, for a spreadsheet or a doctor's own software (`/report.zip`, and
`flask export --format csv`).

Five files, one row per entry, rows in time order, a header row first:

attacks.csv
    id, kind, started_at, ended_at, duration_minutes, peak_intensity (0-10), aura (yes/no), aura_types, symptoms,
    most_bothersome, premonitory, pain_sides, disability (0-3), location, relief_methods ("name: effect"), notes,
    logged_by
doses.csv
    id, attack_id (empty for a dose on its own), taken_at, name, drug_class, dose, relief (0-3), relief_label
    (none / some / good / pain-free), logged_by
days.csv
    date, stress, sleep_hours, sleep_quality, caffeine_mg, alcohol_units, water_l, exercise_min, menstruating,
    gut_symptoms, mood, skipped_meal, illness, allergy, foods, notes, logged_by
treatments.csv
    name, purpose, treatment_class, dose, started_on, stopped_on (empty while it goes on)
questionnaires.csv
    kind, taken_on, score, grade (MIDAS I-IV; empty for HIT-6), meaning (the MIDAS grade's or the HIT-6 band's
    words), answers

The cells:
- Times are the owner's local times with their UTC offset (`2026-06-10T08:00:00+02:00`): what the person saw on
  their clock, and still one exact moment across a clock change. Dates are ISO (`2026-06-10`).
- An empty cell means "not recorded", never zero or no; booleans are `yes` / `no`; lists are joined with "; ".
- `logged_by` is empty for the owner's own entries and names the caregiver (as the patient named them) otherwise.
- Text that starts like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'`: spreadsheets run such cells
  (`=HYPERLINK(...)`) when the file is opened. Numbers are written as numbers and left alone.
- Each file is UTF-8 with a byte-order mark, since Excel takes a file without one for the local code page, and has
  the csv module's `\\r\\n` line ends. Read it back with `encoding="utf-8-sig", newline=""`.
"""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import select

from .. import clock
from ..access import caregiver_name
from ..extensions import db
from ..models import Attack, DailyLog, MedicationDose, QuestionnaireResult, TreatmentCourse
from ..questionnaires.scoring import grade_and_meaning
from ..timezones import to_local
from ..vocabulary import DAY_FACTORS, RELIEF_LEVELS

ATTACK_COLUMNS = ("id", "kind", "started_at", "ended_at", "duration_minutes", "peak_intensity", "aura",
                  "aura_types", "symptoms", "most_bothersome", "premonitory", "pain_sides", "disability", "location",
                  "relief_methods", "notes", "logged_by")
DOSE_COLUMNS = ("id", "attack_id", "taken_at", "name", "drug_class", "dose", "relief", "relief_label", "logged_by")
DAY_COLUMNS = ("date", *DAY_FACTORS, "notes", "logged_by")
TREATMENT_COLUMNS = ("name", "purpose", "treatment_class", "dose", "started_on", "stopped_on")
QUESTIONNAIRE_COLUMNS = ("kind", "taken_on", "score", "grade", "meaning", "answers")

# The characters that make a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


def cell(value: Any) -> Any:
    """One value as a CSV cell: empty for not recorded, yes/no, numbers as numbers, lists joined, text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: a bool is an int
        return "yes" if value else "no"
    if isinstance(value, float):
        return int(value) if value.is_integer() else value  # 2 units, not 2.0
    if isinstance(value, int):
        return value
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A header row and the rows as CSV text (the csv module's quoting and `\\r\\n`), every value through `cell`.

    No byte-order mark here: that belongs to the bytes, and `diary_zip` encodes with `utf-8-sig`.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"a row of {len(row)} cells under a header of {len(header)}")
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


def local_time(moment: Optional[datetime], zone: str) -> Optional[str]:
    """An aware UTC time as the owner's local ISO 8601 time with its offset; None stays None."""
    return None if moment is None else to_local(moment, zone).isoformat()


def iso_date(day: Optional[date]) -> Optional[str]:
    return None if day is None else day.isoformat()


def duration_minutes(started_at: datetime, ended_at: Optional[datetime]) -> Optional[int]:
    """Whole minutes between two UTC times (so a clock change in between neither adds nor takes an hour);
    None while the attack goes on."""
    if ended_at is None:
        return None
    return round((ended_at - started_at).total_seconds() / 60)


def relief_method(method: dict[str, Any]) -> str:
    """{"name": "dark room", "effect": "helpful"} as "dark room: helpful" (the effect is optional)."""
    name, effect = method.get("name", ""), method.get("effect")
    return f"{name}: {effect}" if effect else str(name)


class _Signatures:
    """`logged_by` for each entry: looked up once per caregiver, not once per row."""

    def __init__(self, owner_id: int):
        self.owner_id = owner_id
        self.names: dict[int, str] = {}

    def __call__(self, author_id: Optional[int]) -> str:
        if author_id is None or author_id == self.owner_id:
            return ""
        if author_id not in self.names:
            self.names[author_id] = caregiver_name(self.owner_id, author_id)
        return self.names[author_id]


def tables(user_id: int, zone: str) -> dict[str, str]:
    """The five CSV files of one person's diary as text, by file name; `zone` is the owner's time zone."""
    session = db.session
    signed = _Signatures(user_id)

    attacks = session.scalars(select(Attack).where(Attack.user_id == user_id)
                              .order_by(Attack.started_at, Attack.id))
    attack_rows = [(
        a.id, a.kind, local_time(a.started_at, zone), local_time(a.ended_at, zone),
        duration_minutes(a.started_at, a.ended_at), a.peak_intensity, a.aura, a.aura_types, a.symptoms,
        a.most_bothersome, a.premonitory, a.pain_sides, a.disability, a.location,
        [relief_method(m) for m in a.relief_methods or []], a.notes, signed(a.author_id),
    ) for a in attacks]

    doses = session.scalars(select(MedicationDose).where(MedicationDose.user_id == user_id)
                            .order_by(MedicationDose.taken_at, MedicationDose.id))
    dose_rows = [(
        d.id, d.attack_id, local_time(d.taken_at, zone), d.name, d.drug_class, d.dose, d.relief,
        RELIEF_LEVELS.get(d.relief) if d.relief is not None else None, signed(d.author_id),
    ) for d in doses]

    days = session.scalars(select(DailyLog).where(DailyLog.user_id == user_id).order_by(DailyLog.date))
    day_rows = [(iso_date(d.date), *(getattr(d, f) for f in DAY_FACTORS), d.notes, signed(d.author_id))
                for d in days]

    courses = session.scalars(select(TreatmentCourse).where(TreatmentCourse.user_id == user_id)
                              .order_by(TreatmentCourse.started_on, TreatmentCourse.name, TreatmentCourse.id))
    treatment_rows = [(c.name, c.purpose, c.treatment_class, c.dose, iso_date(c.started_on), iso_date(c.stopped_on))
                      for c in courses]

    results = session.scalars(select(QuestionnaireResult).where(QuestionnaireResult.user_id == user_id)
                              .order_by(QuestionnaireResult.taken_on, QuestionnaireResult.kind))
    questionnaire_rows = [(q.kind, iso_date(q.taken_on), q.score, *grade_and_meaning(q.kind, q.score),
                           q.answers) for q in results]

    return {
        "attacks.csv": csv_text(ATTACK_COLUMNS, attack_rows),
        "doses.csv": csv_text(DOSE_COLUMNS, dose_rows),
        "days.csv": csv_text(DAY_COLUMNS, day_rows),
        "treatments.csv": csv_text(TREATMENT_COLUMNS, treatment_rows),
        "questionnaires.csv": csv_text(QUESTIONNAIRE_COLUMNS, questionnaire_rows),
    }


def diary_zip(user_id: int, zone: str) -> bytes:
    """The ZIP (deflated) of the five CSV files, each UTF-8 with a byte-order mark.

    The files are dated with the moment of the export on the owner's clock (a ZIP keeps local times), read from
    diary.clock, so that the same diary exported at the same moment gives the same bytes.
    """
    stamp = to_local(clock.now(), zone).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in tables(user_id, zone).items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # an ordinary readable file when unpacked on Unix
            archive.writestr(info, text.encode("utf-8-sig"))
    return out.getvalue()
