"""Writing a checked diary into an account (merging, never doubling) and reading an account out as a document.

Merge keys follow the format's import rules: a day by its date, an attack by its start, a dose by its drug name
and time (the n-th such dose of a file being the n-th one already there), a treatment by its name and start, a questionnaire by its kind and date. An entry that matches is
updated in place with the fields the file carries; fields the file leaves out keep their values.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import Attack, DailyLog, HealthProfile, MedicationDose, QuestionnaireResult, TreatmentCourse, User
from ..questionnaires.scoring import score
from ..timezones import to_local
from ..vocabulary import DAY_FACTORS
from .schema import FORMAT_NAME, FORMAT_VERSION, CheckedDiary

# Format field name -> model attribute, where they differ.
RENAMED = {"class": "drug_class"}
DAY_FIELDS = DAY_FACTORS + ("notes",)
ATTACK_FIELDS = ("ended_at", "kind", "peak_intensity", "aura", "aura_types", "symptoms", "most_bothersome",
                 "premonitory", "pain_sides", "disability", "location", "relief_methods", "notes")
DOSE_FIELDS = ("class", "dose", "relief")
TREATMENT_FIELDS = ("class", "stopped_on", "dose")
# Model defaults for fields a file sets to null, where the column itself cannot be empty.
EMPTY = {"foods": [], "notes": "", "aura": False, "aura_types": [], "symptoms": [], "premonitory": [],
         "pain_sides": [], "relief_methods": [], "dose": "", "class": "other", "kind": "migraine"}


@dataclass
class Tally:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportSummary:
    sections: dict[str, Tally] = field(default_factory=lambda: {
        name: Tally() for name in ("days", "attacks", "doses", "treatments", "questionnaires")})
    timezone_set: str | None = None
    # What an import changed in entries that were already there: "attack of 2026-03-10 07:30: symptoms, notes".
    changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(t.added + t.updated for t in self.sections.values())


def _assign(entry: Any, values: dict, names: tuple[str, ...], aliases: dict[str, str] | None = None) -> list[str]:
    """Set the given fields on a model object; the names of those whose value changed."""
    changed = []
    for name in names:
        if name not in values:
            continue
        value = values[name]
        if value is None:
            value = EMPTY.get(name)
        attribute = (aliases or {}).get(name, RENAMED.get(name, name))
        if getattr(entry, attribute) != value:
            setattr(entry, attribute, value)
            changed.append(name)
    return changed


def _note_changes(summary: ImportSummary, is_new: bool, what: str, changed: list[str]) -> None:
    if changed and not is_new:
        summary.changes.append(f"{what}: {', '.join(n.replace('_', ' ') for n in changed)}")


def _count(tally: Tally, is_new: bool, changed: bool | list) -> None:
    if is_new:
        tally.added += 1
    elif changed:
        tally.updated += 1
    else:
        tally.unchanged += 1


class DoseMatcher:
    """The account's doses by (name, time), each matched at most once per import.

    Two doses of one drug in the same minute can be in a diary (two taps, or two tablets logged apart); a file with
    such a pair must restore as the pair, and importing it again must change nothing. So the n-th such dose of the
    file is the n-th one already there, and a dose the account does not have yet is added.
    """

    def __init__(self, doses):
        self.unmatched: dict[tuple, list[MedicationDose]] = {}
        for dose in sorted(doses, key=lambda d: d.id):
            self.unmatched.setdefault((dose.name.lower(), dose.taken_at), []).append(dose)

    def take(self, key: tuple) -> MedicationDose | None:
        waiting = self.unmatched.get(key)
        return waiting.pop(0) if waiting else None


def _merge_dose(user: User, existing: DoseMatcher, values: dict, default_time: datetime | None,
                attack: Attack | None, tally: Tally, summary: ImportSummary) -> MedicationDose:
    taken_at = values.get("taken_at") or default_time
    dose = existing.take((values["name"].strip().lower(), taken_at))
    is_new = dose is None
    if is_new:
        dose = MedicationDose(user_id=user.id, name=values["name"].strip(), taken_at=taken_at, drug_class="other",
                              dose="")
        if attack is not None:
            attack.doses.append(dose)
    changed = _assign(dose, values, DOSE_FIELDS)
    _count(tally, is_new, changed)
    _note_changes(summary, is_new, f"dose of {dose.name} at {_when(taken_at)}", changed)
    return dose


def import_diary(session: Session, user: User, diary: CheckedDiary,
                 progress: Callable[[int], None] = lambda n: None) -> ImportSummary:
    """Merge a checked diary into the user's account in one transaction."""
    summary = ImportSummary()
    if diary.timezone and diary.timezone != user.timezone:
        user.timezone = summary.timezone_set = diary.timezone
    if diary.profile is not None:
        profile = user.profile or HealthProfile(user=user, conditions=[])
        _assign(profile, diary.profile, ("birth_year", "sex", "conditions"))
        if profile.conditions is None:
            profile.conditions = []
        session.add(profile)

    days = {d.date: d for d in session.scalars(select(DailyLog).where(DailyLog.user_id == user.id))}
    for values in diary.days:
        day = days.get(values["date"])
        is_new = day is None
        if is_new:
            day = days[values["date"]] = DailyLog(user_id=user.id, date=values["date"], foods=[], notes="")
            session.add(day)
        changed = _assign(day, values, DAY_FIELDS)
        _count(summary.sections["days"], is_new, changed)
        _note_changes(summary, is_new, f"day {values['date'].isoformat()}", changed)
        progress(1)

    attacks = {a.started_at: a for a in session.scalars(
        select(Attack).where(Attack.user_id == user.id).options(selectinload(Attack.doses)))}
    doses = DoseMatcher(session.scalars(select(MedicationDose).where(MedicationDose.user_id == user.id)))
    for values in diary.attacks:
        attack = attacks.get(values["started_at"])
        is_new = attack is None
        if is_new:
            attack = attacks[values["started_at"]] = Attack(user_id=user.id, started_at=values["started_at"])
            session.add(attack)
        changed = _assign(attack, values, ATTACK_FIELDS)
        _note_changes(summary, is_new, f"attack of {_when(values['started_at'])}", changed)
        dose_tally = Tally()
        for dose_values in values.get("medications") or []:
            _merge_dose(user, doses, dose_values, values["started_at"], attack, dose_tally, summary)
        _count(summary.sections["attacks"], is_new, changed or bool(dose_tally.added or dose_tally.updated))
        progress(1)

    for values in diary.doses:
        dose = _merge_dose(user, doses, values, None, None, summary.sections["doses"], summary)
        session.add(dose)
        progress(1)

    courses = {(c.name.lower(), c.started_on): c for c in session.scalars(
        select(TreatmentCourse).where(TreatmentCourse.user_id == user.id))}
    for values in diary.treatments:
        key = (values["name"].strip().lower(), values["started_on"])
        course = courses.get(key)
        is_new = course is None
        if is_new:
            course = courses[key] = TreatmentCourse(user_id=user.id, name=values["name"].strip(),
                                                    started_on=values["started_on"], treatment_class="", dose="")
            session.add(course)
        changed = _assign(course, values, TREATMENT_FIELDS + ("purpose",), {"class": "treatment_class"})
        _count(summary.sections["treatments"], is_new, changed)
        _note_changes(summary, is_new, f"treatment {course.name} from {course.started_on.isoformat()}", changed)
        progress(1)

    results = {(q.kind, q.taken_on): q for q in session.scalars(
        select(QuestionnaireResult).where(QuestionnaireResult.user_id == user.id))}
    for values in diary.questionnaires:
        key = (values["kind"], values["taken_on"])
        result = results.get(key)
        is_new = result is None
        if is_new:
            result = results[key] = QuestionnaireResult(user_id=user.id, kind=values["kind"],
                                                        taken_on=values["taken_on"])
            session.add(result)
        changed = result.answers != values["answers"]
        if changed:
            result.answers, result.score = values["answers"], score(values["kind"], values["answers"])
        _count(summary.sections["questionnaires"], is_new, changed)
        _note_changes(summary, is_new, f"{values['kind']} of {values['taken_on'].isoformat()}",
                      ["answers"] if changed else [])
        progress(1)

    session.commit()
    return summary


def _when(moment: datetime) -> str:
    """A time as the file gave it (with its own offset), to name an entry in the list of changes."""
    return moment.strftime("%Y-%m-%d %H:%M")


def _time(moment: datetime | None, zone: str) -> str | None:
    return None if moment is None else to_local(moment, zone).isoformat(timespec="seconds")


def _compact(entry: dict, keep: tuple[str, ...] = ()) -> dict:
    """Leave out what was not recorded (None, empty text, empty lists), except the fields named in `keep`."""
    return {k: v for k, v in entry.items() if k in keep or v not in (None, "", [])}


def _dose_entry(dose: MedicationDose, zone: str) -> dict:
    return _compact({"name": dose.name, "class": dose.drug_class, "dose": dose.dose,
                     "taken_at": _time(dose.taken_at, zone), "relief": dose.relief})


def export_diary(session: Session, user: User) -> dict:
    """The user's whole diary as one document of the interchange format."""
    zone = user.timezone
    document: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "timezone": zone}
    if user.profile is not None:
        document["profile"] = _compact({"birth_year": user.profile.birth_year, "sex": user.profile.sex,
                                        "conditions": user.profile.conditions})

    days = session.scalars(select(DailyLog).where(DailyLog.user_id == user.id).order_by(DailyLog.date))
    document["days"] = [_compact({"date": d.date.isoformat(), **{f: getattr(d, f) for f in DAY_FIELDS}})
                        for d in days]

    attacks = session.scalars(select(Attack).where(Attack.user_id == user.id).order_by(Attack.started_at)
                              .options(selectinload(Attack.doses)))
    document["attacks"] = [_compact({
        "started_at": _time(a.started_at, zone), "ended_at": _time(a.ended_at, zone),
        **{f: getattr(a, f) for f in ATTACK_FIELDS if f != "ended_at"},
        "medications": [_dose_entry(d, zone) for d in a.doses],
    }, keep=("ended_at", "aura")) for a in attacks]

    doses = session.scalars(select(MedicationDose).where(MedicationDose.user_id == user.id,
                                                         MedicationDose.attack_id.is_(None))
                            .order_by(MedicationDose.taken_at))
    document["doses"] = [_dose_entry(d, zone) for d in doses]

    courses = session.scalars(select(TreatmentCourse).where(TreatmentCourse.user_id == user.id)
                              .order_by(TreatmentCourse.started_on, TreatmentCourse.name))
    document["treatments"] = [_compact({
        "name": c.name, "class": c.treatment_class, "purpose": c.purpose, "started_on": c.started_on.isoformat(),
        "stopped_on": c.stopped_on.isoformat() if c.stopped_on else None, "dose": c.dose,
    }, keep=("stopped_on",)) for c in courses]

    results = session.scalars(select(QuestionnaireResult).where(QuestionnaireResult.user_id == user.id)
                              .order_by(QuestionnaireResult.taken_on, QuestionnaireResult.kind))
    document["questionnaires"] = [{"kind": q.kind, "taken_on": q.taken_on.isoformat(), "answers": q.answers}
                                  for q in results]
    return document
