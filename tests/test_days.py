"""The daily log: quick, all optional, one per date; the recent days list and "same as the day before"."""
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from diary.days.services import recent_days
from diary.extensions import db
from diary.models import Attack, DailyLog

from .conftest import post_form

# Every test here runs with the clock stopped at conftest.PINNED_NOW: 17 June 2026, 12:00 in Berlin.
pytestmark = pytest.mark.usefixtures("clock")
TODAY = date(2026, 6, 17)


def _day(d: date):
    return db.session.scalar(select(DailyLog).where(DailyLog.date == d))


def test_today_page_is_prefilled_for_today(client, logged_in):
    response = client.get("/days/today")
    assert response.headers["Location"] == f"/days/{TODAY.isoformat()}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<h1>Today</h1>" in page and "Save today" in page


def test_a_full_day_is_saved(app, client, logged_in):
    path = f"/days/{TODAY.isoformat()}"
    response = post_form(client, path, {
        "stress": "7", "sleep_hours": "5.75", "sleep_quality": "2", "caffeine_mg": "200", "alcohol_units": "1.5",
        "water_l": "1.2", "exercise_min": "30", "menstruating": "yes", "gut_symptoms": "1", "mood": "2",
        "skipped_meal": "no", "illness": "no", "allergy": "0", "foods": ["coffee"], "new_foods": "Red wine, aged cheese",
        "notes": "Long day."})
    assert response.status_code == 302
    with app.app_context():
        day = _day(TODAY)
        assert (day.stress, day.sleep_hours, day.sleep_quality, day.caffeine_mg, day.alcohol_units) == \
            (7, 5.75, 2, 200, 1.5)
        assert (day.menstruating, day.skipped_meal, day.illness, day.allergy) == (True, False, False, 0)
        assert day.foods == ["coffee", "red wine", "aged cheese"] and day.notes == "Long day."
    page = client.get(path).get_data(as_text=True)
    assert 'value="5.75"' in page
    assert re.search(r'<input checked[^>]*value="red wine"', page), "the saved foods are ticked"


def test_a_partly_filled_day_keeps_the_rest_unrecorded(app, client, logged_in):
    post_form(client, f"/days/{TODAY.isoformat()}", {"stress": "3", "menstruating": ""})
    with app.app_context():
        day = _day(TODAY)
        assert day.stress == 3
        assert day.sleep_hours is None and day.menstruating is None and day.mood is None and day.foods == []


def test_saving_a_day_again_updates_it_in_place(app, client, logged_in):
    path = f"/days/{TODAY.isoformat()}"
    post_form(client, path, {"stress": "3"})
    post_form(client, path, {"stress": "8", "mood": "2"})
    with app.app_context():
        assert db.session.scalar(select(func.count(DailyLog.id))) == 1
        assert (_day(TODAY).stress, _day(TODAY).mood) == (8, 2)


@pytest.mark.parametrize("field, value, message", [
    ("sleep_hours", "30", "Sleep is counted in hours of one night: from 0 to 24."),
    ("sleep_hours", "6.3", "Round to the quarter hour"),
    ("sleep_hours", "lots", "Not a valid decimal value."),
    ("sleep_hours", "1e30", "Sleep is counted in hours of one night: from 0 to 24."),
    ("sleep_hours", "inf", "Enter a number."),
    ("alcohol_units", "NaN", "Enter a number."),
    ("water_l", "sNaN", "Enter a number."),
    ("stress", "11", "Choose from 0 to 10."),
    # Found by tests/test_hostile_forms.py: WTForms' range check turned 400 digits into a float, and failed.
    ("stress", "9" * 400, "That number is far too large."),
    ("caffeine_mg", "-" + "9" * 400, "That number is far too large."),
    ("mood", "0", "Choose from 1 to 5."),
    ("caffeine_mg", "-100", "Caffeine is from 0 to 2000 mg"),
    ("alcohol_units", "99", "Alcohol is from 0 to 50 units."),
    ("menstruating", "maybe", "Not a valid choice."),
    # A food is at most 100 characters, as the interchange format allows: a longer one made a backup unrestorable.
    ("new_foods", "bread, " + "x" * 101, "Each food can be up to 100 characters"),
    # The form once took 900 foods a day; hundreds of made-up foods made the insights take 22 s.
    ("new_foods", ", ".join(f"food {n}" for n in range(51)), "At most 50 foods a day (51 are ticked or typed)"),
    ("foods", "y" * 101, "A food can be up to 100 characters."),
])
def test_bad_day_input_gets_a_message_and_keeps_the_rest(app, client, logged_in, field, value, message):
    path = f"/days/{TODAY.isoformat()}"
    post_form(client, path, {"stress": "4", "notes": "Saved earlier."})
    response = post_form(client, path, {"stress": "5", "notes": "Typed just now.", field: value})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page.split(f'id="{field}-error"', 1)[1].split("</small>", 1)[0]
    assert "Typed just now." in page, "what the user typed stays in the form"
    with app.app_context():
        day = _day(TODAY)
        assert (day.stress, day.notes) == (4, "Saved earlier."), "what was saved before is kept"


def test_a_future_day_or_a_non_date_is_not_found(client, logged_in):
    assert client.get(f"/days/{(TODAY + timedelta(days=2)).isoformat()}").status_code == 404
    assert client.get("/days/2026-02-30").status_code == 404
    assert client.get("/days/0001-01-01").status_code == 404
    assert client.post("/days/0001-01-01/same-as-before").status_code in (400, 404)


def test_same_as_the_day_before_copies_factors_but_not_notes(app, client, logged_in):
    yesterday, today = TODAY - timedelta(days=1), TODAY
    post_form(client, f"/days/{yesterday.isoformat()}", {"stress": "6", "sleep_hours": "7", "foods": [],
                                                         "new_foods": "coffee", "notes": "Only for yesterday."})
    response = post_form(client, f"/days/{today.isoformat()}/same-as-before", {}, token_from="/days/")
    assert response.status_code == 302
    with app.app_context():
        copy = _day(today)
        assert (copy.stress, copy.sleep_hours, copy.foods, copy.notes) == (6, 7.0, ["coffee"], "")
    # A day already logged is never overwritten by a copy.
    post_form(client, f"/days/{today.isoformat()}", {"stress": "2"})
    post_form(client, f"/days/{today.isoformat()}/same-as-before", {}, token_from="/days/")
    with app.app_context():
        assert _day(today).stress == 2


def test_the_recent_days_list_shows_what_is_missing(client, logged_in):
    post_form(client, f"/days/{TODAY.isoformat()}", {"stress": "2"})
    page = client.get("/days/").get_data(as_text=True)
    assert "1 of 28 days logged; 27 missing" in page
    assert "partly logged" in page and "Same as the day before" in page


def test_recent_days_mark_every_day_an_attack_touched(app, user):
    with app.app_context():
        # 22:00 to 03:00 Berlin time: two calendar days with an attack.
        db.session.add(Attack(user_id=user.id, kind="migraine", started_at=datetime(2026, 3, 9, 21, tzinfo=timezone.utc),
                              ended_at=datetime(2026, 3, 10, 2, tzinfo=timezone.utc)))
        db.session.commit()
        days = recent_days(user.id, "Europe/Berlin", date(2026, 3, 12), count=5)
    assert [(d.date.day, d.attack) for d in days] == [(12, False), (11, False), (10, True), (9, True), (8, False)]


def test_earlier_days_are_reachable_four_weeks_at_a_time_or_by_date(app, client, logged_in):
    today = TODAY
    old = today - timedelta(days=40)
    post_form(client, f"/days/{old.isoformat()}", {"stress": "4"})
    latest = client.get("/days/").get_data(as_text=True)
    earlier = today - timedelta(days=28)
    assert f'href="/days/?until={earlier.isoformat()}">Earlier four weeks' in latest and "Later four weeks" not in latest
    page = client.get(f"/days/?until={earlier.isoformat()}").get_data(as_text=True)
    assert f"Four weeks to {earlier.strftime('%d %b %Y')}." in page
    assert f'href="/days/{old.isoformat()}"' in page and "1 of 28 days logged; 27 missing" in page
    assert 'href="/days/">← Later four weeks' in page
    # "Same as the day before" on an earlier page brings the person back to that page.
    empty = old + timedelta(days=1)
    response = post_form(client, f"/days/{empty.isoformat()}/same-as-before?until={earlier.isoformat()}", {},
                         token_from="/days/")
    assert response.headers["Location"] == f"/days/?until={earlier.isoformat()}"
    with app.app_context():
        assert _day(empty).stress == 4

    # Any day by its date; a wrong one gets a message, not an error.
    assert client.get(f"/days/?day={old.isoformat()}").headers["Location"] == f"/days/{old.isoformat()}"
    for wrong, message in [("soon", "Choose a day, as a date."),
                           ((today + timedelta(days=1)).isoformat(), "Choose a day between 1900 and today")]:
        response = client.get(f"/days/?day={wrong}")
        assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert client.get("/days/?until=0001-01-01").status_code == 404
    # The list never runs past the diary calendar's first day, 1 January 1900.
    first_page = client.get("/days/?until=1900-01-10").get_data(as_text=True)
    assert "of 10 days logged" in first_page and "1899" not in first_page and "Earlier four weeks" not in first_page
    # A page that does not exist is not sent back to: the plain list instead.
    for bogus in ("bogus", "https://evil.example", (today + timedelta(days=5)).isoformat()):
        response = post_form(client, f"/days/{empty.isoformat()}/same-as-before?until={bogus}", {},
                             token_from="/days/")
        assert response.headers["Location"] == "/days/", bogus
    assert client.get(f"/days/?until={(today + timedelta(days=3)).isoformat()}").status_code == 404


@pytest.mark.parametrize("zone, moment, today", [
    # 23:30 on New Year's Eve in Berlin is still the old year, though it is 22:30 UTC.
    ("Europe/Berlin", datetime(2026, 12, 31, 22, 30, tzinfo=timezone.utc), date(2026, 12, 31)),
    # In Tokyo the same moment is already New Year's Day; in Los Angeles it is still the afternoon of the 31st.
    ("Asia/Tokyo", datetime(2026, 12, 31, 22, 30, tzinfo=timezone.utc), date(2027, 1, 1)),
    ("America/Los_Angeles", datetime(2027, 1, 1, 7, 30, tzinfo=timezone.utc), date(2026, 12, 31)),
    # The night the clocks go back in Berlin: 02:30 happens twice, and both are 25 October.
    ("Europe/Berlin", datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc), date(2026, 10, 25)),
])
def test_today_is_the_persons_own_date_not_utcs(clock, client, auth, zone, moment, today):
    clock.move_to(moment)
    auth.register(timezone=zone)
    assert client.get("/days/today").headers["Location"] == f"/days/{today.isoformat()}"
    tomorrow = today + timedelta(days=1)
    assert client.get(f"/days/{today.isoformat()}").status_code == 200
    assert client.get(f"/days/{tomorrow.isoformat()}").status_code == 404, "a day that has not begun here yet"
