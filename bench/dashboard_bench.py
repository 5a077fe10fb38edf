"""Dashboard speed on a large diary: 10 years of daily logs and about 800 attacks, 12 months shown.

Times, in one run, the whole dashboard request (server side, through Flask's test client: routing, login,
queries, counting, charts, template) against the plain SQL read of the same rows, and prints both medians and
their ratio. Run with `make bench`.
"""
import json
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from bench.import_bench import bench_app, big_diary  # noqa: E402
from diary.auth.services import create_user  # noqa: E402
from diary.dashboard.services import choose_period, first_entry  # noqa: E402
from diary.data.services import import_file  # noqa: E402
from diary.extensions import db  # noqa: E402
from diary.timezones import local_today, start_of_local_day  # noqa: E402

RUNS = 50
PASSWORD = "bench-password"

PLAIN_SQL = [
    "SELECT started_at, ended_at, kind, peak_intensity FROM attacks WHERE user_id = :user "
    "AND started_at < :end AND (ended_at IS NULL OR ended_at >= :start) ORDER BY started_at",
    "SELECT taken_at, drug_class, name, relief FROM medication_doses WHERE user_id = :user "
    "AND taken_at >= :start AND taken_at < :end",
    "SELECT date, stress, sleep_hours, menstruating FROM daily_logs WHERE user_id = :user "
    "AND date >= :first AND date <= :last ORDER BY date",
    "SELECT date FROM daily_logs WHERE user_id = :user AND date >= :before_first AND date < :first",
    "SELECT name, started_on, stopped_on, purpose FROM treatment_courses WHERE user_id = :user",
]


def medians_ms(*actions) -> list[float]:
    """Median milliseconds of each action, run in turn RUNS times, so that both meet the same machine load."""
    times = [[] for _ in actions]
    for _ in range(RUNS):
        for action, spent in zip(actions, times):
            started = time.perf_counter()
            action()
            spent.append((time.perf_counter() - started) * 1000)
    return [statistics.median(spent) for spent in times]


def ten_year_account(name: str):
    """An account holding the 10-year diary (800 attacks, to yesterday), and that diary; in an app context."""
    user = create_user(f"{name}-{time.time_ns()}@example.org", PASSWORD, "Europe/Berlin")
    diary = big_diary(years=10, attacks=800, end_today=True)
    outcome = import_file(user, json.dumps(diary).encode())
    assert not outcome.refused, outcome.faults[:3]
    return user, diary


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = bench_app(folder, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
        with app.app_context():
            user, diary = ten_year_account("dashboard")
            user_id, email, zone = user.id, user.email, user.timezone
            today = local_today(zone)
            period = choose_period("12", today, first_entry(user_id, zone))
            before = period.previous()
            params = {"user": user_id, "before_first": before.first, "first": period.first, "last": period.last,
                      "start": start_of_local_day(before.first, zone),
                      "end": start_of_local_day(period.last + timedelta(days=1), zone)}
            if db.engine.dialect.name == "sqlite":  # SQLite keeps naive UTC text
                params["start"] = params["start"].replace(tzinfo=None).isoformat(sep=" ")
                params["end"] = params["end"].replace(tzinfo=None).isoformat(sep=" ")
            dialect, engine = db.engine.dialect.name, db.engine

        client = app.test_client()
        client.post("/login", data={"email": email, "password": PASSWORD})
        page = client.get("/dashboard?period=12")
        assert page.status_code == 200 and len(re.findall(r'data-figure="', page.get_data(as_text=True))) == 6
        # No app context is left pushed: each request sets up and tears down its own, as in production.
        with engine.connect() as connection:
            rows = [len(connection.execute(text(sql), params).all()) for sql in PLAIN_SQL]
            dashboard_ms, sql_ms = medians_ms(
                lambda: client.get("/dashboard?period=12"),
                lambda: [connection.execute(text(sql), params).all() for sql in PLAIN_SQL])
        print(f"dashboard of 12 months ({period.first} to {period.last}) from a 10-year diary "
              f"({len(diary['days'])} days, {len(diary['attacks'])} attacks), {dialect}:")
        print(f"  rows read: {rows[0]} attacks, {rows[1]} doses, {rows[2]} daily logs and {rows[3]} dates of the "
              f"period before, {rows[4]} treatments")
        print(f"  dashboard request: median {dashboard_ms:.1f} ms over {RUNS} requests")
        print(f"  plain SQL read of the same rows: median {sql_ms:.1f} ms")
        print(f"  ratio: {dashboard_ms / sql_ms:.1f}x")


if __name__ == "__main__":
    main()
