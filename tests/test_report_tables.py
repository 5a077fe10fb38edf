"""The diary as CSV tables in a ZIP (diary/report/tables.py): what a spreadsheet or Python's csv module reads back."""
from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from diary.data.services import import_file
from diary.extensions import db
from diary.models import (
    Attack,
    CaregiverLink,
    DailyLog,
    MedicationDose,
    QuestionnaireResult,
    TreatmentCourse,
    User,
)
from diary.report.tables import cell, csv_text, diary_zip

from .conftest import make_account
from .diaries import example

BERLIN = "Europe/Berlin"
FILES = {"attacks.csv": Attack, "doses.csv": MedicationDose, "days.csv": DailyLog,
         "treatments.csv": TreatmentCourse, "questionnaires.csv": QuestionnaireResult}
HEADERS = {
    "attacks.csv": ["id", "kind", "started_at", "ended_at", "duration_minutes", "peak_intensity", "aura",
                    "aura_types", "symptoms", "most_bothersome", "premonitory", "pain_sides", "disability",
                    "location", "relief_methods", "notes", "logged_by"],
    "doses.csv": ["id", "attack_id", "taken_at", "name", "drug_class", "dose", "relief", "relief_label",
                  "logged_by"],
    "days.csv": ["date", "stress", "sleep_hours", "sleep_quality", "caffeine_mg", "alcohol_units", "water_l",
                 "exercise_min", "menstruating", "gut_symptoms", "mood", "skipped_meal", "illness", "allergy",
                 "foods", "notes", "logged_by"],
    "treatments.csv": ["name", "purpose", "treatment_class", "dose", "started_on", "stopped_on"],
    "questionnaires.csv": ["kind", "taken_on", "score", "grade", "meaning", "answers"],
}


def _zip(app, account, zone=BERLIN) -> bytes:
    with app.app_context():
        return diary_zip(account.id, zone)


def _tables(content: bytes) -> dict[str, list[dict[str, str]]]:
    """Every file read back the way a Python user would: csv.DictReader over utf-8-sig text."""
    tables = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            with archive.open(name) as raw:
                tables[name] = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")))
    return tables


def _import_example(app, account, **changes) -> None:
    document = {**example(), **changes}
    with app.app_context():
        assert not import_file(db.session.get(User, account.id), json.dumps(document).encode()).refused


def _add(app, *entries) -> None:
    with app.app_context():
        db.session.add_all(entries)
        db.session.commit()


def test_every_entry_is_one_row_and_every_file_has_a_bom_and_a_header(clock, app, user):
    _import_example(app, user)
    content = _zip(app, user)

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == sorted(FILES)
        for info in archive.infolist():
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.date_time == (2026, 6, 17, 12, 0, 0)  # the pinned moment on the owner's (Berlin) clock
            raw = archive.read(info.filename)
            assert raw.startswith(codecs.BOM_UTF8) and not raw[3:].startswith(codecs.BOM_UTF8)
            first_line = raw[3:].split(b"\r\n")[0].decode()
            assert first_line.split(",") == HEADERS[info.filename]
    tables = _tables(content)
    with app.app_context():
        for name, model in FILES.items():
            in_database = db.session.scalar(select(func.count()).select_from(model).where(model.user_id == user.id))
            assert len(tables[name]) == in_database > 0, name
        attack_id = db.session.scalar(select(Attack.id).where(Attack.user_id == user.id))

    # The example diary's values, cell for cell where they show a rule.
    [attack] = tables["attacks.csv"]
    assert attack == {
        "id": str(attack_id), "kind": "migraine", "started_at": "2026-01-03T07:30:00+01:00",
        "ended_at": "2026-01-03T19:00:00+01:00", "duration_minutes": "690", "peak_intensity": "7", "aura": "yes",
        "aura_types": "visual", "symptoms": "nausea; photophobia; phonophobia", "most_bothersome": "photophobia",
        "premonitory": "yawning; neck stiffness", "pain_sides": "left", "disability": "2", "location": "work",
        "relief_methods": "dark room: helpful", "notes": "", "logged_by": ""}
    assert tables["doses.csv"] == [  # in time order: the attack's dose, then the one on its own
        {"id": tables["doses.csv"][0]["id"], "attack_id": str(attack_id), "taken_at": "2026-01-03T08:00:00+01:00",
         "name": "sumatriptan", "drug_class": "triptan", "dose": "50 mg", "relief": "2", "relief_label": "good",
         "logged_by": ""},
        {"id": tables["doses.csv"][1]["id"], "attack_id": "", "taken_at": "2026-01-05T18:00:00+01:00",
         "name": "ibuprofen", "drug_class": "simple analgesic", "dose": "400 mg", "relief": "1",
         "relief_label": "some", "logged_by": ""},
    ]
    assert tables["days.csv"] == [{
        "date": "2026-01-02", "stress": "6", "sleep_hours": "5.5", "sleep_quality": "2", "caffeine_mg": "200",
        "alcohol_units": "2", "water_l": "1.5", "exercise_min": "0", "menstruating": "no", "gut_symptoms": "1",
        "mood": "3", "skipped_meal": "yes", "illness": "no", "allergy": "1", "foods": "red wine; aged cheese",
        "notes": "", "logged_by": ""}]
    assert tables["treatments.csv"] == [{
        "name": "erenumab", "purpose": "preventive", "treatment_class": "anti-CGRP antibody",
        "dose": "70 mg monthly", "started_on": "2026-03-01", "stopped_on": ""}]
    assert tables["questionnaires.csv"] == [
        {"kind": "HIT-6", "taken_on": "2026-02-01", "score": "58", "grade": "", "meaning": "substantial impact",
         "answers": "sometimes; very often; rarely; never; always; sometimes"},
        {"kind": "MIDAS", "taken_on": "2026-02-01", "score": "10", "grade": "II", "meaning": "mild disability",
         "answers": "2; 1; 3; 0; 4"},
    ]
    assert _zip(app, user) == content  # the same diary at the same moment: the same bytes


def test_rows_are_in_time_order_whatever_order_they_were_written_in(clock, app, user):
    start = datetime(2026, 5, 1, 8, 0, tzinfo=timezone.utc)
    _add(app, *(Attack(user_id=user.id, started_at=start + timedelta(days=n)) for n in (3, 1, 2)),
         *(DailyLog(user_id=user.id, date=date(2026, 5, n)) for n in (9, 7, 8)),
         *(MedicationDose(user_id=user.id, name="ibuprofen", taken_at=start + timedelta(hours=n)) for n in (5, 4)))
    tables = _tables(_zip(app, user))
    assert [a["started_at"][:10] for a in tables["attacks.csv"]] == ["2026-05-02", "2026-05-03", "2026-05-04"]
    assert [d["date"] for d in tables["days.csv"]] == ["2026-05-07", "2026-05-08", "2026-05-09"]
    assert [d["taken_at"] for d in tables["doses.csv"]] == ["2026-05-01T14:00:00+02:00", "2026-05-01T15:00:00+02:00"]


def test_an_attack_across_the_spring_clock_change_shows_both_offsets_and_its_real_length(clock, app, user):
    _add(app, Attack(user_id=user.id, kind="migraine",
                     started_at=datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc),
                     ended_at=datetime(2026, 3, 29, 3, 30, tzinfo=timezone.utc)),
         Attack(user_id=user.id, kind="headache", started_at=datetime(2026, 6, 1, 6, 0, tzinfo=timezone.utc)))
    [across, ongoing] = _tables(_zip(app, user))["attacks.csv"]
    assert across["started_at"] == "2026-03-29T01:30:00+01:00"
    assert across["ended_at"] == "2026-03-29T05:30:00+02:00"
    assert across["duration_minutes"] == "180"  # not 240, as the wall clock would say
    assert ongoing["ended_at"] == ongoing["duration_minutes"] == ""  # still going on: no end, no length
    # The same diary in another zone: the same moments on another clock.
    [in_new_york, _] = _tables(_zip(app, user, zone="America/New_York"))["attacks.csv"]
    assert in_new_york["started_at"] == "2026-03-28T20:30:00-04:00"


def test_not_recorded_stays_empty_and_recorded_no_or_zero_shows(clock, app, user):
    _add(app, DailyLog(user_id=user.id, date=date(2026, 6, 1), menstruating=False),
         DailyLog(user_id=user.id, date=date(2026, 6, 2), exercise_min=0, stress=0, skipped_meal=True,
                  illness=False),
         Attack(user_id=user.id, started_at=datetime(2026, 6, 3, 6, 0, tzinfo=timezone.utc)),
         MedicationDose(user_id=user.id, name="ibuprofen", taken_at=datetime(2026, 6, 3, 7, 0, tzinfo=timezone.utc)))
    tables = _tables(_zip(app, user))
    first, second = tables["days.csv"]
    assert first["menstruating"] == "no"
    assert {k: v for k, v in first.items() if k not in ("date", "menstruating")} == {
        k: "" for k in HEADERS["days.csv"] if k not in ("date", "menstruating")}  # not 0, not "no": empty
    assert (second["exercise_min"], second["stress"]) == ("0", "0")
    assert (second["skipped_meal"], second["illness"]) == ("yes", "no")
    assert second["menstruating"] == second["sleep_hours"] == second["foods"] == ""
    [attack] = tables["attacks.csv"]
    assert attack["peak_intensity"] == attack["disability"] == attack["location"] == attack["symptoms"] == ""
    assert attack["aura"] == "no"  # aura is never missing: the attack form's box is ticked or not
    [dose] = tables["doses.csv"]
    assert dose["relief"] == dose["relief_label"] == dose["attack_id"] == ""
    assert dose["drug_class"] == "other"


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://x")', "+1 tablet", "-2 hours sleep", "@SUM(A1:A9)",
                                   "\t=1+1", "\r=1+1"])
def test_text_that_starts_like_a_formula_is_defused(clock, app, user, typed):
    start = datetime(2026, 6, 3, 6, 0, tzinfo=timezone.utc)
    _add(app, Attack(user_id=user.id, started_at=start, notes=typed,
                     relief_methods=[{"name": typed, "effect": "helpful"}]),
         MedicationDose(user_id=user.id, name=typed, dose=typed, taken_at=start),
         DailyLog(user_id=user.id, date=date(2026, 6, 3), foods=[typed, "cheese"], notes=typed, caffeine_mg=80),
         TreatmentCourse(user_id=user.id, name=typed, treatment_class=typed, purpose="diet", dose=typed,
                         started_on=date(2026, 6, 1)))
    tables = _tables(_zip(app, user))
    defused = "'" + typed
    [attack], [dose], [day], [course] = (tables[n] for n in ("attacks.csv", "doses.csv", "days.csv",
                                                             "treatments.csv"))
    assert attack["notes"] == defused and attack["relief_methods"] == defused + ": helpful"
    assert dose["name"] == dose["dose"] == defused
    assert day["notes"] == defused and day["foods"] == defused + "; cheese"
    assert day["caffeine_mg"] == "80"  # numbers stay numbers
    assert course["name"] == course["treatment_class"] == course["dose"] == defused


def test_cells_defuse_text_but_leave_numbers_alone():
    assert cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert cell(["=1+1", "cheese"]) == "'=1+1; cheese"
    assert cell("a=1") == "a=1" and cell("") == "" and cell(None) == ""
    assert cell(-3) == -3 and cell(-2.5) == -2.5 and cell(2.0) == 2 and cell(0) == 0
    assert cell(True) == "yes" and cell(False) == "no"
    assert csv_text(["n", "note"], [(-3, "-3")]) == "n,note\r\n-3,'-3\r\n"
    with pytest.raises(ValueError):
        csv_text(["one"], [(1, 2)])


def test_unicode_commas_quotes_and_line_breaks_round_trip(clock, app, user):
    notes = 'Kopfschmerz, „schlimm“ — 头痛 😖\nthen "quoted", and\r\na third line; with ümlauts\r'
    foods = ["Käse, alt", 'the "good" wine', "寿司"]
    _add(app, Attack(user_id=user.id, started_at=datetime(2026, 6, 3, 6, 0, tzinfo=timezone.utc), notes=notes),
         DailyLog(user_id=user.id, date=date(2026, 6, 3), notes=notes, foods=foods),
         TreatmentCourse(user_id=user.id, name="Ärztliche Entspannung, „PMR“", purpose="behavioural",
                         started_on=date(2026, 6, 1)))
    content = _zip(app, user)
    tables = _tables(content)
    assert tables["attacks.csv"][0]["notes"] == notes
    assert tables["days.csv"][0]["notes"] == notes
    assert tables["days.csv"][0]["foods"] == "Käse, alt; the \"good\" wine; 寿司"
    assert tables["treatments.csv"][0]["name"] == "Ärztliche Entspannung, „PMR“"
    assert len(tables["attacks.csv"]) == len(tables["days.csv"]) == 1  # the line breaks split no row
    with zipfile.ZipFile(io.BytesIO(content)) as archive:  # the bytes are UTF-8, not a code page
        assert "头痛 😖".encode() in archive.read("attacks.csv")


def test_entries_a_caregiver_logged_name_the_caregiver(clock, app, user):
    sam = make_account(app, "sam@example.org")
    unnamed = make_account(app, "kim@example.org")
    start = datetime(2026, 6, 3, 6, 0, tzinfo=timezone.utc)
    with app.app_context():
        db.session.add_all([
            CaregiverLink(patient_id=user.id, caregiver_id=sam.id, invited_email=sam.email, permission="log",
                          caregiver_name="Sam"),
            CaregiverLink(patient_id=user.id, caregiver_id=unnamed.id, invited_email=unnamed.email,
                          permission="log"),
        ])
        attack = Attack(user_id=user.id, started_at=start, author_id=sam.id)
        attack.doses.append(MedicationDose(user_id=user.id, name="sumatriptan", drug_class="triptan",
                                           taken_at=start + timedelta(minutes=10), author_id=sam.id))
        db.session.add_all([
            attack,
            Attack(user_id=user.id, started_at=start + timedelta(days=1)),
            Attack(user_id=user.id, started_at=start + timedelta(days=2), author_id=user.id),
            DailyLog(user_id=user.id, date=date(2026, 6, 3), stress=4, author_id=unnamed.id),
        ])
        db.session.commit()
    tables = _tables(_zip(app, user))
    assert [a["logged_by"] for a in tables["attacks.csv"]] == ["Sam", "", ""]
    assert [d["logged_by"] for d in tables["doses.csv"]] == ["Sam"]
    assert [d["logged_by"] for d in tables["days.csv"]] == ["kim@example.org"]  # no name given: the address


def test_another_persons_diary_never_appears(clock, app, user):
    other = make_account(app, "bo@example.org")
    _import_example(app, user)
    secret = "BO-ONLY secret note"
    _import_example(app, other, days=[{"date": "2026-01-09", "stress": 9, "notes": secret}])
    _add(app, Attack(user_id=other.id, started_at=datetime(2026, 2, 1, 8, 0, tzinfo=timezone.utc), notes=secret),
         MedicationDose(user_id=other.id, name=secret, taken_at=datetime(2026, 2, 2, 8, 0, tzinfo=timezone.utc)),
         TreatmentCourse(user_id=other.id, name=secret, purpose="diet", started_on=date(2026, 2, 1)),
         QuestionnaireResult(user_id=other.id, kind="MIDAS", taken_on=date(2026, 2, 2), answers=[1, 1, 1, 1, 1],
                             score=5))
    content = _zip(app, user)
    tables = _tables(content)
    assert {name: len(rows) for name, rows in tables.items()} == {
        "attacks.csv": 1, "doses.csv": 2, "days.csv": 1, "treatments.csv": 1, "questionnaires.csv": 2}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert not any(b"BO-ONLY" in archive.read(name) for name in archive.namelist())
    with app.app_context():
        others = set(db.session.scalars(select(Attack.id).where(Attack.user_id == other.id)))
        others_doses = set(db.session.scalars(select(MedicationDose.id).where(MedicationDose.user_id == other.id)))
    assert not others & {int(a["id"]) for a in tables["attacks.csv"]}
    assert not others_doses & {int(d["id"]) for d in tables["doses.csv"]}
    # And the other way round: their export has their own rows, not these.
    theirs = _tables(_zip(app, other))
    assert len(theirs["attacks.csv"]) == 2 and {d["date"] for d in theirs["days.csv"]} == {"2026-01-09"}


def test_an_empty_diary_is_five_header_rows(clock, app, user):
    with zipfile.ZipFile(io.BytesIO(_zip(app, user))) as archive:
        for name in FILES:
            assert archive.read(name) == codecs.BOM_UTF8 + (",".join(HEADERS[name]) + "\r\n").encode()
