"""Switching from Migraine Buddy: its CSV export read tolerantly, mapped onto our diary, rows it cannot read reported."""
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from diary.data.services import import_file
from diary.extensions import db
from diary.format import check_diary
from diary.format.migraine_buddy import convert, parse_duration, parse_started
from diary.models import Attack, DailyLog, User

SAMPLE = (Path(__file__).parent / "fixtures" / "migraine_buddy_export.csv").read_text()
CLASSES = {"sumatriptan": "triptan", "ibuprofen": "simple analgesic", "rizatriptan": "triptan"}


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
        for content in (header + '"1","' + "x" * 200_000 + '","2h"\n', header.replace("\n", "\r") + '"1","a\rb"'):
            outcome = import_file(account, content.encode(), "migraine-buddy")
            assert outcome.refused and "not a CSV table this app can read" in outcome.faults[0]
