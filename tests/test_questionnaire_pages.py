"""Answering MIDAS and HIT-6 in the app, and their history."""
import pytest
from sqlalchemy import select

from diary.extensions import db
from diary.models import QuestionnaireResult

from .conftest import post_form


def test_midas_is_scored_and_graded(app, client, logged_in):
    response = post_form(client, "/questionnaires/midas", {"taken_on": "2026-05-01", "q1": "2", "q2": "3", "q3": "1",
                                                           "q4": "0", "q5": "5"})
    assert response.status_code == 302
    page = client.get("/questionnaires/").get_data(as_text=True)
    assert "Latest: <strong>11</strong>, grade III, moderate disability" in page
    with app.app_context():
        result = db.session.scalar(select(QuestionnaireResult))
        assert (result.kind, result.answers, result.score) == ("MIDAS", [2, 3, 1, 0, 5], 11)


def test_hit6_is_scored_and_banded_and_history_is_newest_first(client, logged_in):
    answers = {f"q{i}": a for i, a in enumerate(["always", "very often", "very often", "sometimes", "sometimes",
                                                 "rarely"], start=1)}
    post_form(client, "/questionnaires/hit-6", {"taken_on": "2026-01-10", **answers})
    post_form(client, "/questionnaires/hit-6", {"taken_on": "2026-04-10", **{k: "never" for k in answers}})
    page = client.get("/questionnaires/").get_data(as_text=True)
    assert "Latest: <strong>36</strong>, little or no impact" in page
    assert "10 Jan 2026: 63, severe impact" in page


@pytest.mark.parametrize("data, field, message", [
    ({"q1": "91"}, "q1", "Enter a number of days from 0 to 90"),
    ({"q2": "-1"}, "q2", "Enter a number of days from 0 to 90"),
    ({"q3": ""}, "q3", "Enter a number of days from 0 to 90"),
    ({"taken_on": "2099-01-01"}, "taken_on", "This date is in the future."),
])
def test_bad_midas_answers_get_messages(app, client, logged_in, data, field, message):
    valid = {"taken_on": "2026-05-01", "q1": "1", "q2": "1", "q3": "1", "q4": "1", "q5": "1"}
    response = post_form(client, "/questionnaires/midas", {**valid, **data})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True).split(f'id="{field}-error"', 1)[1]
    with app.app_context():
        assert db.session.scalar(select(QuestionnaireResult)) is None


def test_an_unanswered_hit6_question_is_pointed_out(client, logged_in):
    response = post_form(client, "/questionnaires/hit-6", {"taken_on": "2026-05-01", "q1": "never", "q2": "often"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Not a valid choice." in page.split('id="q2-error"', 1)[1]
    assert "Choose one answer." in page.split('id="q3-error"', 1)[1]
