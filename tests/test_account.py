"""The account page: time zone and the health profile a doctor's report will show."""
from datetime import datetime, timezone

from diary.extensions import db
from diary.models import User

from .conftest import post_form


def test_settings_are_saved_and_shown_again(app, client, auth, user):
    auth.login()
    response = post_form(client, "/account", {"timezone": "Asia/Tokyo", "birth_year": "1990", "sex": "female",
                                              "conditions": "asthma,  irritable bowel syndrome , Asthma"})
    assert response.status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert 'value="1990"' in page and "asthma, irritable bowel syndrome" in page
    with app.app_context():
        stored = db.session.get(User, user.id)
        assert stored.timezone == "Asia/Tokyo"
        assert stored.profile.conditions == ["asthma", "irritable bowel syndrome"]


def test_bad_settings_get_messages_and_keep_what_was_saved(app, client, auth, user):
    auth.login()
    response = post_form(client, "/account", {"timezone": "Moon/Base", "birth_year": "1850", "sex": "x",
                                              "conditions": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose a time zone from the list" in page
    assert "Enter a year between 1900 and 2100." in page
    assert "Not a valid choice" in page
    with app.app_context():
        assert db.session.get(User, user.id).timezone == "Europe/Berlin"
    response = post_form(client, "/account", {"timezone": "Europe/Berlin", "sex": " "})
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)
    # Found by tests/test_hostile_forms.py: a birth year of 400 digits was a server error.
    response = post_form(client, "/account", {"timezone": "Europe/Berlin", "birth_year": "9" * 400})
    assert response.status_code == 422 and "That number is far too large." in response.get_data(as_text=True)
    response = post_form(client, "/account", {"timezone": "Europe/Berlin", "conditions": "asthma, " + "x" * 101})
    assert response.status_code == 422 and "Each condition can be up to 100 characters" in response.get_data(
        as_text=True)


def test_birth_year_that_is_not_a_number_is_a_message_not_an_error(client, auth, user):
    auth.login()
    response = post_form(client, "/account", {"timezone": "UTC", "birth_year": "nineteen", "sex": "",
                                              "conditions": ""})
    assert response.status_code == 422
    assert "Not a valid integer value." in response.get_data(as_text=True)


def test_times_are_shown_on_the_users_clock(app, user):
    from flask_login import login_user

    from diary.web import local_time

    with app.test_request_context():
        login_user(db.session.get(User, user.id))
        assert local_time(datetime(2026, 7, 1, 6, 0, tzinfo=timezone.utc), "%H:%M") == "08:00"
