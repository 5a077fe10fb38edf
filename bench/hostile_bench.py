"""The worst diaries the limits let in, and the worst files they keep out: `make bench`.

- refusing a 20 MB file whose `days` are ten million zeros (once 66 s and 3.2 GB): time and peak memory;
- the largest diary an upload can carry within the limits (30,000 days with 10 foods each from 1,000 made-up ones,
  20,000 attacks with a dose each): import time, then the insights cold and cached.

Each case runs in its own process, so that its peak memory (ru_maxrss) is its own.
"""
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent

from bench.import_bench import bench_app  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def largest_diary(today: date) -> dict:
    rng = random.Random(7)
    foods = [f"made-up food {n}" for n in range(1000)]
    first = today - timedelta(days=29_999)
    days = [{"date": (first + timedelta(days=i)).isoformat(), "stress": rng.randint(0, 10), "sleep_hours": 7.0,
             "sleep_quality": 3, "caffeine_mg": 100, "alcohol_units": rng.choice([0, 1]), "mood": rng.randint(1, 5),
             "foods": rng.sample(foods, 10)} for i in range(30_000)]
    starts = sorted(rng.sample(range(30_000 * 24 - 48), 20_000))
    attacks = []
    for hour in starts:
        start = datetime.combine(first, datetime.min.time(), timezone.utc) + timedelta(hours=hour)
        attacks.append({"started_at": start.isoformat(), "ended_at": (start + timedelta(hours=5)).isoformat(),
                        "kind": "migraine", "peak_intensity": 6,
                        "medications": [{"name": "sumatriptan", "class": "triptan",
                                         "taken_at": (start + timedelta(minutes=30)).isoformat()}]})
    return {"format": "migraine-diary", "version": 1, "timezone": "UTC", "days": days, "attacks": attacks}


def refuse_fault_file() -> None:
    from diary.auth.services import create_user
    from diary.data.services import import_file
    from diary.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        app = bench_app(folder)
        with app.app_context():
            user = create_user("bench@example.org", "bench-password")
            before = _peak_mb()
            content = b'{"format": "migraine-diary", "version": 1, "days": [' + b"0," * 9_999_999 + b"0]}"
            started = time.perf_counter()
            outcome = import_file(user, content)
            took = time.perf_counter() - started
            assert outcome.refused and len(outcome.faults) == 1, outcome.faults[:3]
            print(f"refusing a {len(content) / 1e6:.0f} MB file of 10,000,000 faults: {took:.2f} s, peak memory "
                  f"{_peak_mb():.0f} MB ({before:.0f} MB before the import); answer: {outcome.faults[0]}")
            db.engine.dispose()


def largest_accepted() -> None:
    from diary.analysis import cached_report
    from diary.auth.services import create_user
    from diary.dashboard.services import build_dashboard, choose_period, first_entry
    from diary.data.services import export_file, import_file
    from diary.extensions import db

    content = json.dumps(largest_diary(date.today() - timedelta(days=1))).encode()
    with tempfile.TemporaryDirectory() as folder:
        app = bench_app(folder)
        with app.app_context():
            user = create_user("bench@example.org", "bench-password")
            started = time.perf_counter()
            outcome = import_file(user, content)
            imported = time.perf_counter() - started
            assert not outcome.refused, outcome.faults[:3]
            started = time.perf_counter()
            report = cached_report(user.id)
            cold = time.perf_counter() - started
            cached = []
            for _ in range(5):
                started = time.perf_counter()
                cached_report(user.id)
                cached.append(time.perf_counter() - started)
            started = time.perf_counter()
            export_file(user)
            exported = time.perf_counter() - started
            today = date.today()
            started = time.perf_counter()
            build_dashboard(user.id, "UTC", choose_period("all", today, first_entry(user.id, "UTC")))
            everything = time.perf_counter() - started
            started = time.perf_counter()
            build_dashboard(user.id, "UTC", choose_period("12", today, None))
            year = time.perf_counter() - started
            print(f"the largest diary an upload carries ({len(content) / 1e6:.1f} MB: 30,000 days, 20,000 attacks; "
                  f"{db.engine.dialect.name}): import {imported:.1f} s; insights cold {cold:.2f} s, cached "
                  f"{min(cached) * 1000:.1f} ms ({len(report['factors'])} factor tests, "
                  f"{len(report['foods_not_tested'])} foods not tested); export {exported:.1f} s; dashboard of "
                  f"all 82 years {everything:.2f} s, of 12 months {year:.2f} s; peak memory {_peak_mb():.0f} MB")
            db.engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) > 1:
        {"fault-file": refuse_fault_file, "largest": largest_accepted}[sys.argv[1]]()
    else:
        for case in ("fault-file", "largest"):
            run = subprocess.run([sys.executable, __file__, case], cwd=ROOT, stderr=subprocess.PIPE, text=True)
            if run.returncode:  # the migrations' log lines go to stderr too: show it only when something failed
                sys.exit(run.stderr)
