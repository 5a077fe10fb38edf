"""A refused form opens with one summary of what needs another look, focused, each message a link to its field.

Every page whose form can be refused is here: the summary must name each problem and each link must lead to an
element of the page (a link to nothing would leave the keyboard where it was).
"""
import re

import pytest

from diary.extensions import db
from diary.models import User
from diary.sharing import services as sharing

from .conftest import post_form

# path, what is sent (None: a GET of the path), the ids the summary must link to
REFUSED = [
    ("/attacks/new", {"started_at": "", "kind": "migraine", "doses-0-dose": "50 mg"},
     ["started_at", "doses-0-name"]),
    ("/attacks/doses", {"name": "", "taken_at": "2099-01-01T10:00"}, ["name", "taken_at"]),
    ("/days/2026-06-10", {"stress": "11", "sleep_hours": "lots"}, ["stress", "sleep_hours"]),
    ("/days/?day=1800-01-01", None, ["day"]),
    ("/treatments/new", {"name": "", "purpose": "preventive", "started_on": ""}, ["name", "started_on"]),
    ("/questionnaires/midas", {"taken_on": "2026-06-10", "q1": "200"}, ["q1", "q2"]),
    ("/account", {"timezone": "Mars/Olympus", "birth_year": "1492"}, ["timezone", "birth_year"]),
    ("/account/password", {"current_password": "", "new_password": "x"}, ["current_password", "new_password"]),
    ("/account/email", {"email": "not an address", "password": ""}, ["email", "email_password"]),
    ("/account/delete", {"password": ""}, ["delete_password"]),
    ("/data/import", {"source": "migraine-diary"}, ["file"]),
    ("/sharing/invite", {"email": "nobody", "permission": "view"}, ["email"]),
]


def _summary(page: str) -> str:
    match = re.search(r'<div class="error-summary" tabindex="-1" autofocus data-error-summary>(.*?)</ul>', page, re.S)
    assert match, "no error summary"
    return match.group(1)


@pytest.mark.parametrize("path, data, targets", REFUSED, ids=[r[0] for r in REFUSED])
def test_a_refused_form_is_summed_up_with_a_link_to_each_field(clock, client, logged_in, path, data, targets):
    response = client.get(path) if data is None else post_form(client, path, data,
                                                                token_from=path.replace("/password", "")
                                                                .replace("/email", "").replace("/delete", "")
                                                                .replace("/import", "/").replace("/invite", ""))
    assert response.status_code in (200, 422)
    page = response.get_data(as_text=True)
    summary = _summary(page)
    linked = re.findall(r'<a href="#([^"]+)">', summary)
    assert set(targets) <= set(linked), linked
    for target in linked:
        assert len(re.findall(f'id="{target}"', page)) == 1, f"#{target} leads to one element of the page"
    assert page.count("data-error-summary") == 1


def test_a_page_that_was_not_refused_has_no_summary(client, logged_in):
    for path in ("/attacks/new", "/attacks/doses", "/days/2026-06-10", "/days/", "/treatments/new",
                 "/questionnaires/midas", "/account", "/data/", "/sharing"):
        assert "data-error-summary" not in client.get(path).get_data(as_text=True), path


def test_the_rows_of_a_list_say_which_row_and_the_list_adds_no_second_message(client, logged_in):
    page = post_form(client, "/attacks/new", {"started_at": "2026-03-10T07:30", "kind": "migraine",
                                              "doses-0-dose": "50 mg"}).get_data(as_text=True)
    summary = _summary(page)
    assert '<a href="#doses-0-name">Medication 1, Name: Enter the name of the medication, or clear this row.</a>' \
        in summary
    assert "A dose has no name." not in summary, "the list's own message only repeats the row's"


def test_a_refused_login_and_invitation_are_summed_up_too(app, client, user):
    page = post_form(client, "/login", {"email": user.email, "password": "wrong"}).get_data(as_text=True)
    assert "You are not logged in yet" in _summary(page)
    assert '<a href="#password">Password: That email and password do not match an account.</a>' in page
    page = post_form(client, "/register", {"email": "x", "password": "", "timezone": "UTC"}).get_data(as_text=True)
    assert '<a href="#email">' in _summary(page)

    with app.app_context():
        _, token = sharing.invite(db.session.get(User, user.id), "sam@example.org", "view")
    post_form(client, "/login", {"email": user.email, "password": user.password})
    response = post_form(client, f"/invite/{token}", {})  # one's own invitation cannot be accepted
    assert response.status_code == 422
    assert "The invitation was not accepted" in _summary(response.get_data(as_text=True))
