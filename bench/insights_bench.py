"""How long the insights take for a 10-year diary (3650 days, about 800 attacks): `make bench`."""
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.import_bench import big_diary  # noqa: E402
from diary.counting import AttackRow, DoseRow, count_days  # noqa: E402
from diary.insights import analyse_factors  # noqa: E402
from diary.insights.treatments import treatment_response  # noqa: E402
from diary.insights.warnings import chronic_warning, overuse_warnings  # noqa: E402

RUNS = 5


def main() -> None:
    diary = big_diary(years=10, attacks=800, end_today=True)
    days = [dict(d, date=datetime.fromisoformat(d["date"]).date()) for d in diary["days"]]
    attacks = [(datetime.fromisoformat(a["started_at"]).astimezone(timezone.utc),
                datetime.fromisoformat(a["ended_at"]).astimezone(timezone.utc), a["kind"]) for a in diary["attacks"]]
    now = datetime.now(ZoneInfo("Europe/Berlin"))
    doses = [DoseRow(datetime.fromisoformat(m["taken_at"]).astimezone(timezone.utc), m["class"], m["name"],
                     m.get("relief")) for a in diary["attacks"] for m in a["medications"]]
    today = now.date()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        report = analyse_factors(days, attacks, "Europe/Berlin", now)
        counts = count_days([AttackRow(*a, 5) for a in attacks], doses, [d["date"] for d in days], set(),
                            "Europe/Berlin", now)
        treatment_response("erenumab", "preventive", days[len(days) // 2]["date"], counts.covered, counts.migraine,
                           today)
        overuse_warnings(counts, today)
        chronic_warning(counts, today)
        times.append(time.perf_counter() - started)
    tested = sum(1 for a in report.associations if a.p_value is not None)
    print(f"insights (factors, a treatment, warnings) for a 10-year diary ({len(days)} days, {len(attacks)} attacks, {tested} tests): "
          f"median {statistics.median(times):.2f} s over {RUNS} runs")


if __name__ == "__main__":
    main()
