"""Switching from Migraine Buddy: its CSV export read tolerantly, mapped onto our diary, rows it cannot read reported."""
import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from diary.data.services import import_file
from diary.extensions import db
from diary.format import check_diary
from diary.format.migraine_buddy import convert, parse_duration, parse_started
from diary.models import Attack, DailyLog, User

from .conftest import csrf_token, post_form

SAMPLE = (Path(__file__).parent / "fixtures" / "migraine_buddy_export.csv").read_text()
CLASSES = {"sumatriptan": "triptan", "ibuprofen": "simple analgesic", "rizatriptan": "triptan"}
# The sample was exported on this day: its last attack, begun that morning, is still going on. Imports check times
# against the clock (nothing in the future, no attack going on for weeks), so the tests read it on that day.
EXPORTED_AT = datetime(2025, 11, 18, 12, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def on_the_day_of_the_export(clock):
    clock.move_to(EXPORTED_AT)


@pytest.mark.parametrize("text, minutes", [
    ("5h 30m", 330), ("2h", 120), ("45m", 45), ("90 min", 90), ("4 hours 15 minutes", 255), ("1d 2h", 1560),
    ("2:30", 150), ("1 h 5 min", 65),
])
def test_durations_in_their_various_spellings(text, minutes):
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["five hours", "3 weeks", "h"])
def test_durations_that_cannot_be_read(text):
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize("text, day_first, expected", [
    ("03/09/2025 07:15", True, "2025-09-03 07:15"),
    ("09/03/2025 07:15", False, "2025-09-03 07:15"),
    ("2025-09-03 07:15", True, "2025-09-03 07:15"),
    ("Sep 3, 2025 7:15 AM", True, "2025-09-03 07:15"),
    ("3 Sep 2025 19:15", True, "2025-09-03 19:15"),
    ("03.09.2025 07:15", True, "2025-09-03 07:15"),
    ("2025-09-03T07:15:00", True, "2025-09-03 07:15"),
])
def test_dates_in_their_various_spellings(text, day_first, expected):
    assert parse_started(text, day_first).strftime("%Y-%m-%d %H:%M") == expected


def test_the_sample_export_becomes_a_valid_diary():
    conversion = convert(SAMPLE, "Europe/Berlin", CLASSES)
    assert check_diary(conversion.document)[1] == []
    assert conversion.skipped_rows == ["row #8: date and time 'sometime last week' not understood",
                                       "row #10: pain level 12 is outside 0-10"]
    assert conversion.events_ignored == 2
    attacks = {a["started_at"]: a for a in conversion.document["attacks"]}
    assert len(attacks) == 9

    first = attacks["2025-09-03T07:15:00+02:00"]
    assert first["ended_at"] == "2025-09-03T12:45:00+02:00"
    assert (first["kind"], first["peak_intensity"], first["most_bothersome"]) == ("migraine", 7, "photophobia")
    assert first["symptoms"] == ["nausea", "photophobia", "phonophobia"]
    assert first["premonitory"] == ["neck stiffness", "yawning"]
    assert first["medications"] == [{"name": "sumatriptan", "class": "triptan", "dose": "50 mg",
                                     "taken_at": "2025-09-03T07:15:00+02:00", "relief": 2}]
    assert "Possible triggers noted in Migraine Buddy: Stress, Lack of sleep" in first["notes"]
    assert "Affected activities: Work, Household chores" in first["notes"]

    # Helpful / somewhat / unhelpful / unsure -> relief good / some / none / not recorded.
    aura_attack = attacks["2025-09-21T06:50:00+02:00"]
    assert [(m["name"], m.get("relief")) for m in aura_attack["medications"]] == [("rizatriptan", 2), ("ibuprofen", 0)]
    assert aura_attack["aura"] is True and aura_attack["aura_types"] == ["visual"]
    assert aura_attack["ended_at"] == "2025-09-22T08:50:00+02:00"
    assert attacks["2025-09-07T22:40:00+02:00"]["medications"][0]["relief"] == 1
    assert "relief" not in attacks["2025-09-14T13:05:00+02:00"]["medications"][0]
    assert attacks["2025-09-14T13:05:00+02:00"]["kind"] == "headache"
    assert attacks["2025-11-04T15:10:00+01:00"]["kind"] == "cluster"

    # The night the clocks went back: start at +02:00, end at +01:00, seven hours later.
    assert attacks["2025-10-26T01:30:00+02:00"]["ended_at"] == "2025-10-26T07:30:00+01:00"
    assert attacks["2025-11-18T07:45:00+01:00"]["ended_at"] is None

    # Triggers that match a day's factor land on that day.
    days = {d["date"]: d for d in conversion.document["days"]}
    assert days["2025-09-21"] == {"date": "2025-09-21", "menstruating": True, "skipped_meal": True}
    assert days["2025-09-07"]["foods"] == ["chocolate", "red wine"]


def test_a_file_without_an_attack_table_is_refused(app, user):
    with app.app_context():
        outcome = import_file(db.session.get(User, user.id), b'"Date","Notes"\n"x","y"\n', "migraine-buddy")
    assert outcome.refused
    assert "no attack table found" in outcome.faults[0]


def test_importing_the_export_twice_adds_nothing_the_second_time(app, user):
    with app.app_context():
        account = db.session.get(User, user.id)
        first = import_file(account, SAMPLE.encode(), "migraine-buddy")
        second = import_file(account, SAMPLE.encode(), "migraine-buddy")
        assert first.summary.sections["attacks"].added == 9
        assert second.summary.sections["attacks"].added == 0
        assert second.summary.sections["attacks"].unchanged == 9
        assert len(db.session.scalars(select(Attack)).all()) == 9
        assert any(day.foods for day in db.session.scalars(select(DailyLog)))
        # Classes come from the medication catalogue.
        doses = {d.name: d.drug_class for a in db.session.scalars(select(Attack)) for d in a.doses}
        assert doses["paracetamol"] == "paracetamol" and doses["rizatriptan"] == "triptan"


def test_an_import_leaves_what_its_empty_cells_do_not_say_and_lists_what_it_changed(app, client, logged_in):
    """An attack logged here with intensity 8, symptoms and notes; Migraine Buddy's row for the same start has no
    symptoms. The import once set the intensity and wiped the symptoms ("1 updated", symptoms [])."""
    post_form(client, "/attacks/new", {
        "kind": "migraine", "started_at": "2025-09-03T07:15", "ended_at": "2025-09-03T12:00", "peak_intensity": "8",
        "symptoms": ["nausea", "photophobia"], "premonitory": ["yawning"], "pain_sides": ["left"],
        "notes": "Logged here first."})
    row = ('"#","Started","Lasted","Attack Types","Pain Level","Symptoms","Premonitory Symptoms","Pain Positions",'
           '"Helpful Medication","Notes"\n"1","2025-09-03 07:15","4h 45m","Migraine","5","","","","",""\n')
    response = client.post("/data/import", data={
        "csrf_token": csrf_token(client, "/data/"), "source": "migraine-buddy",
        "file": (io.BytesIO(row.encode()), "export.csv")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "What changed in entries you already had" in page
    assert "attack of 2025-09-03 07:15: peak intensity" in page
    with app.app_context():
        attack = db.session.scalar(select(Attack))
        assert attack.peak_intensity == 5, "a value the file does give replaces ours, and is listed"
        assert (attack.symptoms, attack.premonitory, attack.pain_sides) == (["nausea", "photophobia"], ["yawning"],
                                                                             ["left"])
        assert attack.notes == "Logged here first."


def test_rows_and_files_it_cannot_read_are_named_not_errors(app, user):
    """Found by fuzzing: each of these ended in a server error."""
    header = '"#","Started","Lasted"\n'
    with app.app_context():
        account = db.session.get(User, user.id)
        rows = import_file(account, (header + '"1","10/09/2025 08:00","9999999 d"\n'
                                     '"2","10/09/2025 09:00","99999999999999 min"\n'
                                     '"3","01/01/0001 00:00","2h"\n'
                                     '"4","11/09/2025 08:00","2h"\n').encode(), "migraine-buddy")
        assert not rows.refused and rows.summary.sections["attacks"].added == 1
        assert [line.split(":")[0] for line in rows.skipped_rows] == ["row #1", "row #2", "row #3"]
        assert "Python" not in " ".join(rows.skipped_rows) and "C int" not in " ".join(rows.skipped_rows)
        assert rows.skipped_rows[1] == "row #2: a number in it is too large for a date, time or duration"
        for content in (header + '"1","' + "x" * 200_000 + '","2h"\n', header.replace("\n", "\r") + '"1","a\rb"'):
            outcome = import_file(account, content.encode(), "migraine-buddy")
            assert outcome.refused and "not a CSV table this app can read" in outcome.faults[0]


def test_a_row_that_breaks_the_import_rules_is_left_out_not_the_file(app, user):
    """One over-long medication name once refused the whole file; a start in the future or an attack "going on"
    for months were taken and counted in every statistic."""
    header = '"#","Started","Lasted","Helpful Medication"\n'
    rows = ['"1","2025-11-10 08:00","2h","' + "x" * 150 + '"', '"2","2025-11-11 08:00","2h","Sumatriptan 50 mg"',
            '"3","2026-05-01 08:00","2h",""', '"4","2025-08-01 08:00","Ongoing",""',
            '"5","2025-08-02 08:00","4000d",""', '"6","2025-11-17 08:00","Ongoing",""',
            '"7","2025-11-18 07:00","Ongoing",""']
    with app.app_context():
        outcome = import_file(db.session.get(User, user.id), (header + "\n".join(rows)).encode(), "migraine-buddy")
        assert not outcome.refused and outcome.summary.sections["attacks"].added == 2
        assert outcome.skipped_rows == [
            "row #1: a name is 150 characters long; at most 100 are allowed",
            "row #3: the start is in the future; the end is in the future",
            "row #4: the attack has no end and began 109 days ago; at most 14 days are taken (enter its end, or split "
            "it into separate attacks)",
            "row #5: the end is in the future; the attack lasts 4,000 days; at most 14 days are taken (enter its end, "
            "or split it into separate attacks)",
            "row #6: marked ongoing, and a later attack is too; only the latest can be going on, so add this one by "
            "hand with its end",
        ]
        kept = db.session.scalars(select(Attack).order_by(Attack.started_at)).all()
        assert [(a.started_at.day, a.ended_at is None, [d.name for d in a.doses]) for a in kept] == \
            [(11, False, ["sumatriptan"]), (18, True, [])]


# Cells built to make a backtracking parser spin: a regular expression once spent 11 s on 1,200 spaces in one
# medication cell, holding the GIL so that every other request of the server waited.
HOSTILE_CELLS = {
    "Helpful Medication": "a" + " " * 4_000 + "b",                 # under the cell limit: parsed, and fast
    "Somewhat Helpful Medication": "x" + " " * 100_000 + "y",      # over it: the row is skipped
    "Lasted": "1" * 4_000,
}
HOSTILE_SCRIPT = """
import csv, io, sys
from diary.format.migraine_buddy import convert
row = {"#": "1", "Started": "2025-09-03 07:15", "Lasted": "2h", "Pain Level": "6", sys.argv[1]: sys.stdin.read()}
out = io.StringIO()
csv.writer(out, quoting=csv.QUOTE_ALL).writerows([list(row), list(row.values())])
result = convert(out.getvalue(), "Europe/Berlin", {})
print(len(result.document["attacks"]), *result.skipped_rows)
"""


@pytest.mark.parametrize("cell, value", list(HOSTILE_CELLS.items()))
def test_a_hostile_cell_is_read_in_linear_time(cell, value):
    """Run in a subprocess with a timeout: a parser that backtracks fails by taking far longer than 20 s, without
    the test timing anything in between."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", HOSTILE_SCRIPT, cell], input=value, capture_output=True,
                            text=True, timeout=20, cwd=Path(__file__).parent.parent)
    assert result.returncode == 0, result.stderr
    attacks, _, skipped = result.stdout.strip().partition(" ")
    if len(value) > 5000:
        assert attacks == "0" and "characters long; at most 5,000 are read" in skipped
    elif cell == "Lasted":
        assert attacks == "0" and "duration" in skipped and "not understood" in skipped
    else:
        assert attacks == "1" and skipped == ""


def test_doses_are_split_from_their_names():
    from diary.format.migraine_buddy import split_dose

    assert split_dose("Sumatriptan (50 mg)") == ("Sumatriptan", "50 mg")
    assert split_dose("Ibuprofen  400mg ") == ("Ibuprofen", "400mg")
    assert split_dose("Paracetamol 1,5 g") == ("Paracetamol", "1,5 g")
    assert split_dose("Sumatriptan (Imigran) 50 mg") == ("Sumatriptan (Imigran)", "50 mg")
    assert split_dose("Aspirin 500 omg") == ("Aspirin 500 omg", "")
    assert split_dose("Vitamin B2") == ("Vitamin B2", "")
    assert split_dose("a" + " " * 4000 + "b") == ("a b", "")
