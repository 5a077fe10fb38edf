"""How long importing a large diary takes: 3 years of daily logs and about 300 attacks, checked and written.

Run with `make bench`. Uses a fresh migrated SQLite database in a temporary folder (or DATABASE_URL if set).
"""
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402

from diary import create_app  # noqa: E402
from diary.auth.services import create_user  # noqa: E402
from diary.data.services import import_file  # noqa: E402
from diary.extensions import db  # noqa: E402

ZONE = ZoneInfo("Europe/Berlin")


def big_diary(years: int = 3, attacks: int = 300, seed: int = 1, end_today: bool = False) -> dict:
    """A made-up diary of the given size; `end_today` makes it end yesterday instead of starting in 2023."""
    rng = random.Random(seed)
    first = date.today() - timedelta(days=365 * years) if end_today else date(2023, 1, 1)
    days = [{"date": (first + timedelta(days=i)).isoformat(), "stress": rng.randint(0, 10),
             "sleep_hours": rng.choice([5.5, 6, 6.5, 7, 7.5, 8]), "sleep_quality": rng.randint(1, 5),
             "caffeine_mg": rng.choice([0, 100, 200]), "alcohol_units": rng.choice([0, 0, 0, 1, 2]),
             "water_l": 1.5, "exercise_min": rng.choice([0, 30]), "menstruating": i % 28 < 5,
             "gut_symptoms": rng.randint(0, 3), "mood": rng.randint(1, 5), "skipped_meal": rng.random() < 0.1,
             "illness": False, "allergy": 0, "foods": rng.sample(["coffee", "bread", "cheese", "chocolate"], 2)}
            for i in range(365 * years)]
    starts = sorted(rng.sample(range(365 * years * 24), attacks))
    attack_list = []
    for hour in starts:
        start = datetime.combine(first, datetime.min.time(), ZONE) + timedelta(hours=hour)
        attack_list.append({
            "started_at": start.isoformat(), "ended_at": (start + timedelta(hours=rng.randint(2, 20))).isoformat(),
            "kind": rng.choice(["migraine", "migraine", "headache"]), "peak_intensity": rng.randint(3, 9),
            "symptoms": ["nausea", "photophobia"], "pain_sides": ["left"],
            "medications": [{"name": "sumatriptan", "class": "triptan", "dose": "50 mg",
                             "taken_at": (start + timedelta(minutes=30)).isoformat(), "relief": rng.randint(0, 3)}]})
    return {"format": "migraine-diary", "version": 1, "timezone": "Europe/Berlin", "days": days,
            "attacks": attack_list, "doses": [], "treatments": [], "questionnaires": []}


def bench_app(folder: str, **settings):
    """An app on a fresh, migrated SQLite database in `folder` (or on DATABASE_URL when that is set)."""
    settings = {"INSTANCE_PATH": folder, "SECRET_KEY": "bench", **settings}
    if "DATABASE_URL" not in os.environ:
        settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{folder}/bench.sqlite"
    app = create_app(settings)
    with app.app_context():
        flask_migrate.upgrade()
    return app


def main(runs: int = 3) -> None:
    content = json.dumps(big_diary()).encode()
    with tempfile.TemporaryDirectory() as folder:
        app = bench_app(folder)
        with app.app_context():
            first, again = [], []
            for run in range(runs):
                user = create_user(f"bench{run}-{time.time_ns()}@example.org", "bench-password")
                started = time.perf_counter()
                outcome = import_file(user, content)
                first.append(time.perf_counter() - started)
                assert not outcome.refused, outcome.faults[:5]
                started = time.perf_counter()
                import_file(user, content)
                again.append(time.perf_counter() - started)
            print(f"import of {len(content) / 1e6:.1f} MB: 1095 days, 300 attacks with a dose each "
                  f"({db.engine.dialect.name})")
            print(f"  first import:  median {statistics.median(first):.2f} s over {runs} runs "
                  f"(min {min(first):.2f}, max {max(first):.2f})")
            print(f"  same again:    median {statistics.median(again):.2f} s (merge, nothing changes)")


if __name__ == "__main__":
    main()
