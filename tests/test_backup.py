"""`flask backup`: a copy of the diary that can be trusted, made while the app keeps writing."""
from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import sqlite3
import subprocess
import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert
from sqlalchemy.engine import make_url

from diary import create_app
from diary.extensions import db
from diary.models import Attack, DailyLog, MedicationDose

from .conftest import TEST_DATABASE_URL, make_account, post_form
from .databases import SQLiteDatabases


@pytest.fixture(scope="module")
def sqlite_databases(databases, tmp_path_factory):
    """SQLite even when the suite runs on PostgreSQL: copying the database file is what the command does there."""
    if databases.name == "sqlite":
        return databases
    return SQLiteDatabases(tmp_path_factory.mktemp("sqlite-for-backup"))


@pytest.fixture
def sqlite_app(make_app, sqlite_databases):
    return make_app(sqlite_databases.new_migrated())


@pytest.fixture
def backups(tmp_path):
    """A folder of its own for the copies (the app's instance folder is in tmp_path too)."""
    folder = tmp_path / "backups"
    folder.mkdir()
    return folder


def backup(app, *args):
    return app.test_cli_runner().invoke(args=["backup", *map(str, args)])


def database_file(app) -> str:
    return make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database


class DiaryWriter(threading.Thread):
    """The app writing as a busy user would: each commit adds an attack, a dose taken in it and a day's log.

    `started` counts commits begun and `committed` commits finished, so a copy taken in between holds at least
    `committed` (read before) and at most `started` (read after) entries of each kind.
    """

    def __init__(self, app, user_id: int):
        super().__init__(daemon=True)
        self.app, self.user_id = app, user_id
        self.started = self.committed = 0
        self.stopping = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with self.app.app_context():
                while not self.stopping.is_set():
                    self.write_one(self.started)
                db.session.remove()
        except BaseException as error:  # handed to the test, which fails with it
            self.error = error

    def write_one(self, n: int) -> None:
        start = datetime(2020, 1, 1, 8, tzinfo=timezone.utc) + timedelta(days=n)
        attack = Attack(user_id=self.user_id, started_at=start, ended_at=start + timedelta(hours=5), peak_intensity=6)
        attack.doses.append(MedicationDose(user_id=self.user_id, name="sumatriptan", drug_class="triptan",
                                           taken_at=start + timedelta(minutes=30)))
        db.session.add_all([attack, DailyLog(user_id=self.user_id, date=start.date(), stress=n % 11)])
        self.started += 1
        db.session.commit()
        self.committed += 1

    def wait_for(self, commits: int, seconds: float = 30) -> None:
        deadline = datetime.now() + timedelta(seconds=seconds)
        while self.committed < commits and self.error is None and datetime.now() < deadline:
            self.stopping.wait(0.005)
        assert self.error is None, self.error
        assert self.committed >= commits, f"the writer reached only {self.committed} commits"

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)
        assert self.error is None, self.error


def fill_with_years_of_days(app, email: str, days: int) -> None:
    """Another account's long diary with long notes, so that copying takes a while (some megabytes)."""
    account = make_account(app, email)
    first = date(1990, 1, 1)
    with app.app_context():
        db.session.execute(insert(DailyLog), [
            {"user_id": account.id, "date": first + timedelta(days=n), "notes": "slept badly, " * 150, "foods": []}
            for n in range(days)])
        db.session.commit()


def own_rows(copy: sqlite3.Connection, table: str, user_id: int) -> int:
    return copy.execute(f"SELECT count(*) FROM {table} WHERE user_id = ?", (user_id,)).fetchone()[0]


def test_a_backup_taken_while_the_app_writes_is_intact_and_one_moment_of_the_diary(sqlite_app, backups):
    fill_with_years_of_days(sqlite_app, "long@example.org", 4000)
    ana = make_account(sqlite_app, "ana@example.org")
    out = backups / "diary-backup.sqlite"
    writer = DiaryWriter(sqlite_app, ana.id)
    writer.start()
    writer.wait_for(commits=10)
    at_least = writer.committed
    result = backup(sqlite_app, "--out", out)
    at_most = writer.started
    writer.wait_for(commits=at_most + 10)  # the app goes on writing after the copy
    writer.stop()

    assert result.exit_code == 0, result.output
    assert at_most > at_least, "the app committed while the copy was made, without waiting for it"
    assert os.stat(out).st_mode & 0o777 == 0o600, "health data: the copy is its owner's alone"
    with contextlib.closing(sqlite3.connect(out)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert copy.execute("PRAGMA foreign_key_check").fetchall() == [], "every dose's attack, every row's account"
        attacks, doses, days = (own_rows(copy, table, ana.id) for table in ("attacks", "medication_doses",
                                                                             "daily_logs"))
        assert attacks == doses == days, "each commit wrote one of each: a copy of half a commit would differ"
        assert at_least <= attacks <= at_most, "the copy holds a state the diary was in while the command ran"
        users, all_days = (copy.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("users", "daily_logs"))
    assert f"users {users}, attacks {attacks}, daily logs {all_days}." in result.output
    assert str(out) in result.output and f"{out.stat().st_size:,} bytes" in result.output
    assert "Integrity check of the copy: ok" in result.output


def test_the_backup_restores_as_a_working_diary(sqlite_app, make_app, tmp_path):
    ana = make_account(sqlite_app, "ana@example.org")
    out = tmp_path / "backup.sqlite"
    assert backup(sqlite_app, "--out", out).exit_code == 0
    restored = tmp_path / "restored" / "diary.sqlite"
    restored.parent.mkdir()
    shutil.copyfile(out, restored)  # as the README says: the app stopped, the copy put in the database's place

    client = make_app(f"sqlite:///{restored}").test_client()
    response = post_form(client, "/login", {"email": ana.email, "password": ana.password})
    assert response.headers["Location"] == "/dashboard"


def test_backup_never_replaces_a_file_unless_forced(sqlite_app, backups):
    make_account(sqlite_app, "ana@example.org")
    earlier = backups / "diary-backup.sqlite"
    earlier.write_bytes(b"last week's backup")
    earlier.chmod(0o644)

    result = backup(sqlite_app, "--out", earlier)
    assert result.exit_code == 1 and "exists already" in result.output and "--force" in result.output
    assert earlier.read_bytes() == b"last week's backup"

    result = backup(sqlite_app, "--out", earlier, "--force")
    assert result.exit_code == 0, result.output
    assert os.stat(earlier).st_mode & 0o777 == 0o600, "the replaced file was readable by all; the copy is not"
    with contextlib.closing(sqlite3.connect(earlier)) as copy:
        assert copy.execute("SELECT email FROM users").fetchall() == [("ana@example.org",)]
    assert sorted(p.name for p in backups.iterdir()) == ["diary-backup.sqlite"], "no partial copy left behind"


def test_backup_refuses_to_write_over_the_live_database_even_when_forced(sqlite_app):
    make_account(sqlite_app, "ana@example.org")
    live = database_file(sqlite_app)
    for target in (live, live + "-wal"):
        result = backup(sqlite_app, "--out", target, "--force")
        assert result.exit_code == 1 and "the diary's own database" in result.output, result.output
    with contextlib.closing(sqlite3.connect(live)) as database:
        assert database.execute("SELECT email FROM users").fetchall() == [("ana@example.org",)]


def test_a_damaged_database_gives_no_backup_and_says_so(sqlite_app, backups):
    ana = make_account(sqlite_app, "ana@example.org")
    with sqlite_app.app_context():
        db.session.add(Attack(user_id=ana.id, started_at=datetime(2026, 5, 1, 9, tzinfo=timezone.utc)))
        db.session.commit()
    # Damage: the index on attacks.user_id is declared over another column, so its entries no longer match the rows.
    with contextlib.closing(sqlite3.connect(database_file(sqlite_app))) as database:
        database.execute("PRAGMA writable_schema=ON")
        database.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX ix_attacks_user_id ON attacks (kind)' "
                         "WHERE name = 'ix_attacks_user_id'")
        database.commit()
    out = backups / "backup.sqlite"

    result = backup(sqlite_app, "--out", out)
    assert result.exit_code == 1
    assert "failed SQLite's integrity check, so no backup was written" in result.output
    assert "missing from index ix_attacks_user_id" in result.output
    assert "PRAGMA integrity_check" in result.output, "says how to check the database itself"
    assert list(backups.iterdir()) == [], "nothing that looks like a backup is left"


def pg_dump_line(output: str) -> str:
    """The one line to paste into a shell."""
    (line,) = [line.strip() for line in output.splitlines() if "pg_dump --" in line]
    return line


def test_on_postgresql_backup_copies_nothing_and_shows_the_pg_dump_command(tmp_path):
    url = "postgresql+psycopg://diary:s3cret-pw@db.example.org:6543/diary_prod"
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "test-secret-key",
                      "SQLALCHEMY_DATABASE_URI": url})  # no server there: the command must not connect
    out = tmp_path / "my backups" / "diary.dump"

    result = backup(app, "--out", out)
    assert result.exit_code == 3, "distinct from a failed copy (1): a cron job must not pass as a backup"
    assert "nothing was written" in result.output and not out.parent.exists()
    assert "s3cret-pw" not in result.output and "~/.pgpass" in result.output
    line = pg_dump_line(result.output)
    assert line.startswith("(umask 077 && ") and line.endswith(")")
    assert shlex.split(line[len("(umask 077 && "):-1]) == [
        "pg_dump", "--format=custom", "--file", str(out), "--host", "db.example.org", "--port", "6543",
        "--username", "diary", "diary_prod"]


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="runs the printed pg_dump command: needs TEST_DATABASE_URL")
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs pg_dump (postgresql-client)")
def test_the_printed_pg_dump_command_makes_a_dump_only_its_owner_can_read(app, user, tmp_path):
    out = tmp_path / "diary.dump"
    result = backup(app, "--out", out)
    assert result.exit_code == 3 and not out.exists()

    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    env = {**os.environ, "PGPASSWORD": url.password or ""}  # what ~/.pgpass gives it on a server
    subprocess.run(["sh", "-c", pg_dump_line(result.output)], env=env, check=True, timeout=120)
    assert os.stat(out).st_mode & 0o777 == 0o600
    listing = subprocess.run(["pg_restore", "--list", str(out)], capture_output=True, text=True, check=True).stdout
    assert "TABLE DATA public users" in listing and "TABLE DATA public daily_logs" in listing
