"""Database details that differ between SQLite and PostgreSQL."""
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

_pragmas_listening = False


def _set_sqlite_pragmas(dbapi_connection, connection_record) -> None:
    # SQLite leaves foreign keys off unless asked on every connection; WAL lets the web app read while it writes.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def enable_sqlite_pragmas() -> None:
    """Switch on foreign keys and WAL for every SQLite connection (once per process)."""
    global _pragmas_listening
    if not _pragmas_listening:
        event.listen(Engine, "connect", _set_sqlite_pragmas)
        _pragmas_listening = True
