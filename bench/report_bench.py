"""The doctor report's PDF for the last 12 months of a 10-year diary, warm (the kaleido browser already running,
the insights already cached), against rendering the /report page alone. Run with `make bench`.

The issue's bar: at most 2 s for the PDF, charts included.
"""
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dashboard_bench import PASSWORD, ten_year_account  # noqa: E402
from bench.import_bench import bench_app  # noqa: E402
from diary.report.pdf import chromium  # noqa: E402
from diary.report.services import today_for  # noqa: E402

RUNS = 10


def median_s(client, path: str) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = bench_app(folder, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
        with app.app_context():
            user, diary = ten_year_account("report")
            email, browser, today = user.email, chromium(), today_for(user)
        last = today.replace(day=1) - timedelta(days=1)  # the last 12 complete months
        first = last.replace(year=last.year - 1) + timedelta(days=1)
        period = f"from={first.isoformat()}&to={last.isoformat()}"
        client = app.test_client()
        client.post("/login", data={"email": email, "password": PASSWORD})
        started = time.perf_counter()
        client.get(f"/report.pdf?{period}")  # the first: starts the browser, computes the insights
        cold = time.perf_counter() - started
        pdf_s = median_s(client, f"/report.pdf?{period}")
        page_s = median_s(client, f"/report?{period}")
        size = len(client.get(f"/report.pdf?{period}").data)
        print(f"doctor report, last 12 months ({first} to {last}) of a 10-year diary ({len(diary['days'])} days, "
              f"{len(diary['attacks'])} attacks); charts by {browser or 'nobody: no Chromium, tables instead'}:")
        print(f"  PDF, first request (browser start, insights): {cold:.2f} s")
        print(f"  PDF, warm: median {pdf_s:.2f} s over {RUNS} ({size / 1024:.0f} KB)")
        print(f"  /report page alone: median {page_s:.2f} s; PDF / page: {pdf_s / page_s:.1f}x")


if __name__ == "__main__":
    main()
