"""Shared fixtures: an app with a fresh, migrated database per test, a client, a CLI runner and login helpers."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

import pytest

from diary import create_app
from diary.extensions import db

from .databases import PostgresDatabases, SQLiteDatabases

IN_CI = os.environ.get("CI", "").lower() == "true"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
PASSWORD = "correct horse battery"


def pytest_report_header(config):
    if TEST_DATABASE_URL:
        return "database: postgresql (TEST_DATABASE_URL)"
    return "database: sqlite (a file per test)"


_tests_on_the_database = 0


def pytest_sessionfinish(session, exitstatus):
    """Under CI, a run meant for PostgreSQL that ran no test on it is a failure, not a quiet pass."""
    if IN_CI and TEST_DATABASE_URL and _tests_on_the_database == 0 and exitstatus == 0:
        print("\nCI: TEST_DATABASE_URL was set but no test ran against that database.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """The backend every test's database lives on. Under CI a missing PostgreSQL is an error, never a skip."""
    workdir = tmp_path_factory.mktemp("databases")
    backend = PostgresDatabases(TEST_DATABASE_URL, workdir) if TEST_DATABASE_URL else SQLiteDatabases(workdir)
    yield backend
    backend.close()


@pytest.fixture
def make_app(databases, tmp_path):
    """Build apps on fresh databases; every database is dropped after the test."""
    created: list[tuple[object, str]] = []

    def build(url: str | None = None, **overrides):
        global _tests_on_the_database
        url = url or databases.new_migrated()
        _tests_on_the_database += url.startswith(databases.name)
        app = create_app({
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,
            **overrides,
        })
        created.append((app, url))
        return app

    yield build
    for app, url in created:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if url.startswith(databases.name):  # a file in tmp_path needs no dropping
            databases.drop(url)


@pytest.fixture
def app(make_app):
    """A fresh app and database. No app context is left pushed, so each request gets its own, as in production."""
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client, path: str) -> str:
    """The CSRF token of the form on `path`, as a browser would have it."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
        re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post_form(client, path: str, data: dict, token_from: str | None = None, **kwargs):
    """Submit a form the way a browser does: load the page first for its CSRF token."""
    return client.post(path, data={"csrf_token": csrf_token(client, token_from or path), **data}, **kwargs)


class Auth:
    def __init__(self, client):
        self.client = client

    def register(self, email="ana@example.org", password=PASSWORD, timezone="Europe/Berlin", **kwargs):
        return post_form(self.client, "/register", {"email": email, "password": password, "timezone": timezone},
                         **kwargs)

    def login(self, email="ana@example.org", password=PASSWORD, **kwargs):
        return post_form(self.client, "/login", {"email": email, "password": password}, **kwargs)

    def logout(self, **kwargs):
        return post_form(self.client, "/logout", {}, token_from="/dashboard", **kwargs)


@pytest.fixture
def auth(client):
    return Auth(client)


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    password: str = PASSWORD


def make_account(app, email: str, timezone: str = "Europe/Berlin") -> Account:
    from diary.auth.services import create_user

    with app.app_context():
        return Account(create_user(email, PASSWORD, timezone).id, email)


@pytest.fixture
def user(app) -> Account:
    """An account that is not logged in yet."""
    return make_account(app, "ana@example.org")


@pytest.fixture
def logged_in(auth, user) -> Account:
    """The account, logged in on `client`."""
    auth.login()
    return user
