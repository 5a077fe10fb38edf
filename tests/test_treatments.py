"""Treatment courses: start, edit, stop, delete, each with its checks."""
from datetime import date

import pytest
from sqlalchemy import select

from diary.extensions import db
from diary.models import TreatmentCourse

from .conftest import post_form


def _course():
    return db.session.scalar(select(TreatmentCourse))


VALID = {"name": "Erenumab", "purpose": "preventive", "treatment_class": "anti-CGRP antibody",
         "dose": "70 mg monthly", "started_on": "2026-03-01", "stopped_on": ""}


def test_start_a_preventive_and_see_it_as_current(clock, app, client, logged_in):
    assert 'value="2026-06-17"' in client.get("/treatments/new").get_data(as_text=True)
    response = post_form(client, "/treatments/new", VALID)
    assert response.status_code == 302
    page = client.get("/treatments/").get_data(as_text=True)
    assert "Erenumab" in page and "from 01 Mar 2026, ongoing" in page and "Stop today" in page
    with app.app_context():
        course = _course()
        assert (course.purpose, course.treatment_class, course.stopped_on) == ("preventive", "anti-CGRP antibody", None)


def test_a_class_that_only_repeats_the_purpose_is_shown_once(client, logged_in):
    post_form(client, "/treatments/new", {**VALID, "name": "Magnesium", "purpose": "supplement",
                                          "treatment_class": "supplement"})
    page = client.get("/treatments/").get_data(as_text=True)
    assert "Supplement</span>" in page and "Supplement, supplement" not in page


@pytest.mark.parametrize("changes, field, message", [
    ({"name": ""}, "name", "Enter the treatment's name."),
    ({"name": "   "}, "name", "Enter the treatment's name."),  # saved as "", it made the backup unrestorable
    ({"stopped_on": "2026-02-01"}, "stopped_on", "The stop is before the start."),
    ({"started_on": "soon"}, "started_on", "Not a valid date value."),
    ({"started_on": "0001-01-01"}, "started_on", "Enter a date between 1900 and 2100."),
    ({"started_on": ""}, "started_on", "Enter the day you started."),
    ({"purpose": "magic"}, "purpose", "Not a valid choice."),
])
def test_bad_treatment_input_gets_a_message(app, client, logged_in, changes, field, message):
    response = post_form(client, "/treatments/new", {**VALID, **changes})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message.replace("'", "&#39;") in page.split(f'id="{field}-error"', 1)[1].split("</small>", 1)[0]
    assert 'value="70 mg monthly"' in page
    with app.app_context():
        assert _course() is None


def test_the_same_treatment_cannot_start_twice_on_one_day(client, logged_in):
    post_form(client, "/treatments/new", VALID)
    response = post_form(client, "/treatments/new", VALID)
    assert response.status_code == 422
    assert "You already have this treatment starting on this day." in response.get_data(as_text=True)


def test_stop_edit_and_delete(clock, app, client, logged_in):
    post_form(client, "/treatments/new", {**VALID, "purpose": "behavioural", "name": "CBT", "treatment_class": ""})
    with app.app_context():
        course_id = _course().id
    post_form(client, f"/treatments/{course_id}/stop", {}, token_from="/treatments/")
    with app.app_context():
        assert _course().stopped_on == date(2026, 6, 17), "stopped today, by the pinned clock"
    assert "Past" in client.get("/treatments/").get_data(as_text=True)

    response = post_form(client, f"/treatments/{course_id}/edit", {**VALID, "name": "CBT", "purpose": "behavioural",
                                                                  "stopped_on": "2026-06-30"})
    assert response.status_code == 302
    with app.app_context():
        assert _course().stopped_on == date(2026, 6, 30)

    confirm = client.get(f"/treatments/{course_id}/delete").get_data(as_text=True)
    assert "Delete CBT?" in confirm and "entered by mistake" in confirm
    assert "Stop today" not in confirm, "a stopped course has no stop button to point to"
    post_form(client, f"/treatments/{course_id}/delete", {})
    with app.app_context():
        assert _course() is None
