"""Account controls: a new password or "log out every other device" ends every other login, "remember me"
included; a new email address; deleting the account leaves nothing of it behind."""
import json

import pytest
from sqlalchemy import func, inspect, select

from diary.extensions import db
from diary.auth.services import user_of_login
from diary.models import Login, User

from .conftest import PASSWORD, Auth, make_account, post_form, rows_of
from .diaries import example

NEW_PASSWORD = "a brand new passphrase"


def _devices(app, user):
    """Two more devices logged in to the account: one with a session, one with only its "remember me" cookie."""
    laptop = app.test_client()
    Auth(laptop).login(email=user.email)
    phone = app.test_client()
    post_form(phone, "/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    remembered = app.test_client()
    remembered.set_cookie("remember_token", phone.get_cookie("remember_token").value)
    for device in (laptop, remembered):
        assert device.get("/account").status_code == 200
    return laptop, remembered


def test_a_new_password_logs_out_every_other_device(app, client, auth, user):
    """The login cookies once carried the account id, the same on every device and good until the secret key
    changed: nothing could end a login."""
    auth.login()
    laptop, remembered = _devices(app, user)
    response = post_form(client, "/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
                         token_from="/account")
    assert response.status_code == 302
    assert client.get("/account").status_code == 200, "this device stays logged in"
    for device in (laptop, remembered):
        assert device.get("/account").headers["Location"].startswith("/login"), "other devices are logged out"
    assert Auth(app.test_client()).login(password=NEW_PASSWORD).headers["Location"] == "/dashboard"


def test_a_wrong_current_password_changes_nothing(app, client, auth, user):
    auth.login()
    response = post_form(client, "/account/password", {"current_password": "not it at all", "new_password": "another long passphrase"},
                         token_from="/account")
    assert response.status_code == 422 and "That is not your current password." in response.get_data(as_text=True)
    short = post_form(client, "/account/password", {"current_password": PASSWORD, "new_password": "short"},
                      token_from="/account")
    assert short.status_code == 422 and "Use at least 10 characters" in short.get_data(as_text=True)
    assert Auth(app.test_client()).login().headers["Location"] == "/dashboard"


def test_log_out_every_other_device(app, client, auth, user):
    auth.login()
    laptop, remembered = _devices(app, user)
    post_form(client, "/account/logout-everywhere", {}, token_from="/account")
    assert client.get("/account").status_code == 200
    assert all(d.get("/account").status_code == 302 for d in (laptop, remembered))


def test_the_server_admin_sets_a_password_from_the_command_line(app, client, auth, user, monkeypatch):
    auth.login()
    monkeypatch.setenv("DIARY_PASSWORD", NEW_PASSWORD)
    result = app.test_cli_runner().invoke(args=["set-password", user.email])
    assert result.exit_code == 0 and NEW_PASSWORD not in result.output
    assert client.get("/account").status_code == 302, "the account's logins end"
    assert Auth(app.test_client()).login(password=NEW_PASSWORD).headers["Location"] == "/dashboard"
    assert app.test_cli_runner().invoke(args=["set-password", "nobody@example.org"]).exit_code == 1


def test_logins_carry_a_lifetime_and_same_site_cookies(app, client, auth, user):
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("session="))
    remember = next(c for c in cookies if c.startswith("remember_token="))
    assert "Expires=" in session and "SameSite=Lax" in session
    assert "Expires=" in remember and "SameSite=Lax" in remember and "HttpOnly" in remember
    # The cookie names the login by its random session token, never by the account id: a token
    # can be withdrawn (logout everywhere), an id cannot.
    named = remember.split(";")[0].removeprefix("remember_token=").split("|")[0]
    with app.app_context():
        assert user_of_login(named).id == user.id and named != str(user.id)
        assert db.session.scalar(select(Login.token_hash)) != named, "only the token's hash is kept"


def test_logging_out_ends_this_browsers_cookies_even_copied_and_no_other_login(app, client, auth, user):
    """A session or "remember me" cookie copied before logging out once stayed good for hours (or 31 days)."""
    laptop, remembered = _devices(app, user)
    stolen = app.test_client()
    stolen.set_cookie("session", laptop.get_cookie("session").value)
    assert stolen.get("/account").status_code == 200
    auth.login()
    post_form(laptop, "/logout", {}, token_from="/dashboard")
    assert stolen.get("/account").status_code == 302, "the copied cookie of the logged-out browser is dead"
    assert client.get("/account").status_code == 200 and remembered.get("/account").status_code == 200, \
        "the account's other logins go on"
    phone_copy = app.test_client()
    phone_copy.set_cookie("remember_token", remembered.get_cookie("remember_token").value)
    post_form(remembered, "/logout", {}, token_from="/dashboard")
    assert phone_copy.get("/account").status_code == 302, 'a copied "remember me" cookie dies with its login'


def test_change_the_email_address_with_the_password(app, client, auth, user):
    auth.login()
    make_account(app, "taken@example.org")
    for data, message in [({"email": "new@example.org", "password": "wrong password"}, "That is not your password."),
                          ({"email": "Taken@Example.org", "password": PASSWORD}, "Another account uses this address."),
                          ({"email": "not an address", "password": PASSWORD}, "Enter an email address like")]:
        response = post_form(client, "/account/email", data, token_from="/account")
        assert response.status_code == 422 and message in response.get_data(as_text=True), data
    post_form(client, "/account/email", {"email": "New@Example.org", "password": PASSWORD}, token_from="/account")
    assert Auth(app.test_client()).login(email="new@example.org").headers["Location"] == "/dashboard"


def test_deleting_the_account_leaves_nothing_of_it_behind(app, client, auth, user):
    auth.login()
    other = make_account(app, "other@example.org")
    content = json.dumps(example()).encode()
    for account in (user, other):
        from diary.data.services import import_file

        with app.app_context():
            assert not import_file(db.session.get(User, account.id), content).refused
    client.get("/insights")  # a cached result too
    before_other = rows_of(app, other.id)
    before = rows_of(app, user.id)
    assert before["attacks.user_id"] and before["medication_doses.user_id"] and before["insights_cache.user_id"]

    wrong = post_form(client, "/account/delete", {"password": "not my password"}, token_from="/account")
    assert wrong.status_code == 422 and rows_of(app, user.id) == before
    response = post_form(client, "/account/delete", {"password": PASSWORD}, token_from="/account")
    assert response.headers["Location"] == "/login"
    left = {name: n for name, n in rows_of(app, user.id).items() if n}
    assert left == {}, left
    assert rows_of(app, other.id) == before_other, "another account's diary is untouched"
    assert client.get("/dashboard").status_code == 302
    assert Auth(app.test_client()).login().status_code == 422
    with app.app_context():
        assert {t for t in inspect(db.engine).get_table_names()} >= {"attacks", "insights_cache"}


@pytest.mark.parametrize("password, message", [
    ("aaaaaaaaaa", "a simple pattern"), ("1234567890", "one of the most used passwords"),
    ("Qwerty UIOP", "one of the most used passwords"), ("abcdefghijklm", "a simple pattern"),
    ("new.person@example.org", "your email address"), ("new.person2026!", "your email address"),
])
def test_passwords_anyone_would_guess_are_refused(client, auth, password, message):
    """Length alone once let "aaaaaaaaaa" through."""
    response = auth.register(email="new.person@example.org", password=password)
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_guessing_one_accounts_password_from_many_addresses_is_stopped(make_app):
    """Logins were limited per address only: guesses spread over many addresses went on without end."""
    app = make_app(RATELIMIT_ENABLED=True)
    make_account(app, "ana@example.org")
    statuses = []
    for n in range(21):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{n + 1}"
        statuses.append(post_form(client, "/login", {"email": "ANA@example.org", "password": f"guess {n}"}).status_code)
    assert statuses[:20] == [422] * 20 and statuses[20] == 429
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.1.1"
    assert post_form(other, "/login", {"email": "someone.else@example.org", "password": "x"}).status_code == 422


def test_registration_is_closed_unless_the_server_opens_it(make_app, monkeypatch, tmp_path):
    closed = make_app(REGISTRATION="closed").test_client()
    page = closed.get("/register")
    assert page.status_code == 403 and "ask the person who runs" in page.get_data(as_text=True)
    assert closed.post("/register", data={"email": "x@example.org"}).status_code in (400, 403)
    assert "Create an account" not in closed.get("/login").get_data(as_text=True)
    monkeypatch.setenv("DIARY_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    from diary import create_app

    assert create_app({"INSTANCE_PATH": str(tmp_path / "production")}).config["REGISTRATION"] == "invite"


def test_the_demo_account_is_never_made_on_a_production_server(app, monkeypatch):
    app.config["PRODUCTION"] = True
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 1 and "does not run when DIARY_ENV=production" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_a_taken_address_costs_registration_the_same_work_as_a_new_one(app, client, auth, monkeypatch):
    """A taken address answered in 88 ms, a new one in 326 ms (the password hash): timing told who has a diary.
    Counted, not timed: each attempt hashes the password once."""
    import diary.models

    hashed = []
    real = diary.models.generate_password_hash
    monkeypatch.setattr(diary.models, "generate_password_hash", lambda *a, **k: hashed.append(1) or real(*a, **k))
    make_account(app, "taken@example.org")
    hashed.clear()
    assert auth.register(email="Taken@example.org").status_code == 422
    assert len(hashed) == 1, "the taken address: hashed as for a new account"
    assert Auth(app.test_client()).register(email="fresh@example.org").status_code == 302
    assert len(hashed) == 2
