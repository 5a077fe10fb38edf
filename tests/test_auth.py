"""Accounts: registering, logging in and out, and what an anonymous visitor can reach."""
import pytest
from sqlalchemy import select
from werkzeug.routing import AnyConverter, IntegerConverter

from diary.extensions import db
from diary.auth.services import find_user
from diary.models import User

from .conftest import PASSWORD, Auth, make_account, post_form


def test_register_logs_the_new_user_in_and_lands_on_the_dashboard(client, auth, app):
    response = auth.register(email="New.Person@Example.org", timezone="America/New_York")
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Nothing logged yet" in page
    with app.app_context():
        stored = db.session.scalar(select(User))
        assert stored.email == "new.person@example.org"
        assert stored.timezone == "America/New_York"


def test_password_is_stored_only_as_a_salted_kdf_hash(make_app):
    from diary.config import PASSWORD_HASH_METHOD

    app = make_app(PASSWORD_HASH_METHOD=PASSWORD_HASH_METHOD)  # the production setting, not the tests' cheap one
    Auth(app.test_client()).register(email="a@example.org")
    make_account(app, "b@example.org")
    with app.app_context():
        hashes = [u.password_hash for u in db.session.scalars(select(User))]
        assert find_user("a@example.org").check_password(PASSWORD)
    for stored in hashes:
        assert PASSWORD not in stored
        assert stored.startswith("scrypt:")
    assert hashes[0] != hashes[1], "the same password must give different hashes (per-user salt)"


def test_password_never_reaches_the_log(app, client, caplog):
    caplog.set_level("DEBUG")
    post_form(client, "/register", {"email": "log@example.org", "password": PASSWORD, "timezone": "UTC"})
    post_form(app.test_client(), "/login", {"email": "log@example.org", "password": "wrong password here"})
    assert PASSWORD not in caplog.text
    assert "wrong password here" not in caplog.text


def test_login_and_logout(client, auth, user):
    response = auth.login()
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"
    assert client.get("/dashboard").status_code == 200

    response = auth.logout()
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    response = client.get("/dashboard")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_login_ignores_the_capitals_of_the_email(client, auth, user):
    assert auth.login(email="ANA@example.ORG").status_code == 302


def test_wrong_password_is_refused_with_a_message_on_the_form(client, auth, user):
    response = auth.login(password="not the password")
    assert response.status_code == 422
    assert "That email and password do not match an account." in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_unknown_email_gets_the_same_message_as_a_wrong_password(auth, user):
    response = auth.login(email="nobody@example.org")
    assert "That email and password do not match an account." in response.get_data(as_text=True)


def test_duplicate_email_is_refused_whatever_its_capitals(app, auth, user):
    response = auth.register(email="ANA@example.org")
    assert response.status_code == 422
    assert "An account with this email address already exists" in response.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(User)).all()) == 1


def test_form_post_without_csrf_token_is_refused(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_form_post_with_a_forged_csrf_token_is_refused(client):
    response = client.post("/register", data={"csrf_token": "forged", "email": "x@example.org",
                                              "password": PASSWORD, "timezone": "UTC"})
    assert response.status_code == 400


def test_csrf_error_is_json_for_a_json_client(client):
    response = client.post("/login", data={}, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "expired" in response.get_json()["error"]


@pytest.mark.parametrize("data, field, message", [
    ({"email": "", "password": PASSWORD, "timezone": "UTC"}, "email", "Enter your email address."),
    ({"email": "not-an-email", "password": PASSWORD, "timezone": "UTC"}, "email", "Enter an email address like"),
    ({"email": "x@example.org", "password": "short", "timezone": "UTC"}, "password", "Use at least 10 characters"),
    ({"email": "x@example.org", "password": "", "timezone": "UTC"}, "password", "Choose a password."),
    ({"email": "x@example.org", "password": PASSWORD, "timezone": "Mars/Olympus"}, "timezone",
     "Choose a time zone from the list"),
    ({"email": "x@" + "a" * 300 + ".org", "password": PASSWORD, "timezone": "UTC"}, "email", "Enter an email"),
])
def test_bad_registration_input_gets_a_message_next_to_the_field(app, client, data, field, message):
    response = post_form(client, "/register", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    error = page.split(f'id="{field}-error"', 1)[1].split("</small>", 1)[0]
    assert message in error
    assert 'aria-invalid="true"' in page
    # What the user typed stays in the form (never the password).
    if data["email"] and len(data["email"]) < 100:
        assert f'value="{data["email"]}"' in page
    with app.app_context():
        assert db.session.scalars(select(User)).first() is None


def test_login_with_empty_fields_gets_messages_not_an_error(client):
    response = post_form(client, "/login", {"email": "", "password": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter your email address." in page and "Enter your password." in page


def test_login_returns_to_the_page_asked_for(client, auth, user):
    response = client.get("/account")
    assert response.status_code == 302
    next_url = response.headers["Location"]
    assert next_url.startswith("/login?next=")
    response = post_form(client, next_url, {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)",
                                    # CR/LF once reached the Location header: a 500 (after saving, on the relief form)
                                    "/dashboard%0D%0ASet-Cookie:x=1", "/dashboard%0ALocation:%20//evil.example"])
def test_login_never_redirects_to_another_site(client, user, target):
    response = post_form(client, f"/login?next={target}", {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/dashboard"


def sample_value(rule, name):
    """A value the rule's converter accepts: a number for ids, an allowed word, a date for a day."""
    converter = rule._converters[name]
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return 1 if isinstance(converter, IntegerConverter) else "2026-01-01"


def test_every_diary_page_sends_anonymous_visitors_to_login(app, client):
    public = {"static", "plotly_js", "auth.login", "auth.register", "auth.home", "auth.logout",
              "sharing.invitation"}  # an invitation's page says who invites; accepting it needs a login
    checked = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in public or "GET" not in rule.methods:
            continue
        path = rule.build({name: sample_value(rule, name) for name in rule.arguments})[1]
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login"), path
        checked.append(path)
    assert "/dashboard" in checked and "/account" in checked


def test_home_page_sends_visitors_to_login_and_users_to_dashboard(client, auth, user):
    assert client.get("/").headers["Location"] == "/login"
    auth.login()
    assert client.get("/").headers["Location"] == "/dashboard"


def test_logout_needs_a_post_with_token(client, auth, user):
    auth.login()
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/dashboard").status_code == 200


def test_repeated_wrong_passwords_are_slowed_down(make_app):
    app = make_app(RATELIMIT_ENABLED=True)
    make_account(app, "ana@example.org")
    client = app.test_client()
    statuses = [post_form(client, "/login", {"email": "ana@example.org", "password": "guess"}).status_code
                for _ in range(11)]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
