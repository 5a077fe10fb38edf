"""Fresh databases for tests, on SQLite (the default) or PostgreSQL (when TEST_DATABASE_URL is set).

The schema comes only from the migrations: they run once per test session into a template, and every test gets
its own copy of that template (a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL).
"""
from __future__ import annotations

import shutil
import time
import uuid
from pathlib import Path

import flask_migrate
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from diary import create_app


def migrate(url: str, instance_path: Path, revision: str = "head") -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(instance_path),
                      "SECRET_KEY": "migrations"})
    with app.app_context():
        flask_migrate.upgrade(revision=revision)
        from diary.extensions import db

        db.engine.dispose()


class SQLiteDatabases:
    name = "sqlite"

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.template = workdir / "template.sqlite"
        migrate(self.url_for(self.template), workdir / "instance")

    @staticmethod
    def url_for(path: Path) -> str:
        return f"sqlite:///{path}"

    def new_migrated(self) -> str:
        path = self.workdir / f"test-{uuid.uuid4().hex}.sqlite"
        shutil.copyfile(self.template, path)
        return self.url_for(path)

    def new_empty(self) -> str:
        return self.url_for(self.workdir / f"empty-{uuid.uuid4().hex}.sqlite")

    def unreachable(self) -> str:
        """A database that cannot be opened: a file in a folder that does not exist."""
        return self.url_for(self.workdir / "no-such-folder" / "diary.sqlite")

    def drop(self, url: str) -> None:
        path = Path(make_url(url).database)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        pass


class PostgresDatabases:
    name = "postgresql"

    def __init__(self, admin_url: str, workdir: Path):
        self.admin_url = make_url(admin_url)
        self.admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as connection:  # fails loudly if the server is not there
            connection.execute(text("SELECT 1"))
        self.template = f"diary_template_{uuid.uuid4().hex[:12]}"
        self._create(self.template)
        migrate(self.url_for(self.template), workdir / "instance")

    def url_for(self, database: str) -> str:
        return self.admin_url.set(database=database).render_as_string(hide_password=False)

    def _create(self, database: str, template: str | None = None) -> None:
        clause = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"{clause}'))

    def new_migrated(self) -> str:
        database = f"diary_test_{uuid.uuid4().hex[:12]}"
        self._create(database, self.template)
        return self.url_for(database)

    def new_empty(self) -> str:
        database = f"diary_empty_{uuid.uuid4().hex[:12]}"
        self._create(database)
        return self.url_for(database)

    def unreachable(self) -> str:
        """A server that is not there: nothing listens on port 1 (dropping its database afterwards is a no-op)."""
        return self.admin_url.set(port=1, database="diary_unreachable").render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        """FORCE closes connections a test left open. It may not close an autovacuum worker (those belong to the
        superuser), which sometimes visits a fresh database just then: wait a moment for it and try again."""
        name = make_url(url).database
        for attempt in range(20):
            try:
                with self.admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                return
            except ProgrammingError as error:
                if getattr(error.orig, "sqlstate", None) != "42501" or attempt == 19:  # insufficient privilege
                    raise
                time.sleep(0.25)

    def close(self) -> None:
        self.drop(self.url_for(self.template))
        self.admin.dispose()

    def describe(self) -> str:
        return f"{self.admin_url.host}:{self.admin_url.port or 5432}"
