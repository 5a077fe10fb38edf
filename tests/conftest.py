"""Shared fixtures: an app with a fresh, migrated database per test, a client, a CLI runner and login helpers."""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
import time_machine
from sqlalchemy import func, select
from werkzeug.serving import make_server
from hypothesis import HealthCheck, settings

from diary import create_app
from diary.extensions import db

from .databases import PostgresDatabases, SQLiteDatabases

# Property tests: a quick run by default (the suite stays fast), `--hypothesis-profile=thorough` for a long one.
# Each example makes its own accounts, so a fixture shared between examples is fine; no deadline, as CI is slow.
_PROFILE = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("default", max_examples=25, **_PROFILE)
settings.register_profile("thorough", max_examples=1000, **_PROFILE)
settings.load_profile("default")

IN_CI = os.environ.get("CI", "").lower() == "true"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
PASSWORD = "correct horse battery"
# CI reruns the suite with the clock moved to an awkward moment (tests/awkward_dates.py). Every test then runs as if
# it were that moment, with the clock ticking on from there; a test that pins its own clock still gets its own.
TEST_NOW = os.environ.get("DIARY_TEST_NOW")
# The moment a test runs at when its expectations depend on the date (see the `clock` fixture): an ordinary
# Wednesday in Berlin summer time, in a year whose demo diary was checked.
PINNED_NOW = datetime(2026, 6, 17, 10, 0, tzinfo=timezone.utc)


def pytest_configure(config):
    if TEST_NOW:  # in every process: under pytest-xdist each worker runs this too
        time_machine.travel(datetime.fromisoformat(TEST_NOW), tick=True).start()


def pytest_report_header(config):
    lines = ["database: postgresql (TEST_DATABASE_URL)" if TEST_DATABASE_URL else "database: sqlite (a file per test)"]
    if TEST_NOW:
        lines.append(f"clock: moved to {datetime.fromisoformat(TEST_NOW).isoformat()} (DIARY_TEST_NOW)")
    return lines


_tests_on_the_database = 0  # apps built on the backend's databases, in this process


def pytest_testnodedown(node, error):
    """pytest-xdist: add up what each worker counted, so the check below sees the whole run."""
    global _tests_on_the_database
    _tests_on_the_database += getattr(node, "workeroutput", {}).get("tests_on_the_database", 0)


def pytest_sessionfinish(session, exitstatus):
    """Under CI, a run meant for PostgreSQL that ran no test on it is a failure, not a quiet pass."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the count to the controller
        workeroutput["tests_on_the_database"] = _tests_on_the_database
        return
    if IN_CI and TEST_DATABASE_URL and _tests_on_the_database == 0 and exitstatus == 0:
        print("\nCI: TEST_DATABASE_URL was set but no test ran against that database.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif TEST_DATABASE_URL:
        print(f"\n{_tests_on_the_database} apps ran on {TEST_DATABASE_URL.split('@')[-1]}")


@pytest.fixture
def clock():
    """Stops the clock at PINNED_NOW for the test (`clock.move_to(...)` moves it, `clock.shift(...)` advances it).

    Ask for it first, before `app` or `user`, so that everything the test creates is dated by the pinned clock.
    """
    with time_machine.travel(PINNED_NOW, tick=False) as traveller:
        yield traveller


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
            # scrypt is ~0.13 s a hash, and was 40 % of the suite's time; test_auth checks the real one.
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
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
def live_server(app):
    """The test app served over real HTTP by a threaded server: for the browser, and for requests that overlap."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


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


def rows_of(app, user_id: int) -> dict[str, int]:
    """Every row of every table that belongs to the account (a user_id, patient/caregiver/subject/actor/author id)."""
    counts = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns
                       if c.name in ("user_id", "patient_id", "caregiver_id", "subject_id", "actor_id",
                                     "author_id")
                       or (table.name == "users" and c.name == "id")]
            for column in columns:
                counts[f"{table.name}.{column.name}"] = db.session.scalar(
                    select(func.count()).select_from(table).where(column == user_id))
    return counts
