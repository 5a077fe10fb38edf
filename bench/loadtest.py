"""`make loadtest`: many people using the diary at once through gunicorn, then a check that the database holds
exactly what the server acknowledged.

LOADTEST_CLIENTS people (20) each register an account, then for LOADTEST_SECONDS (60) tap "Attack now" and end
the attack, log attacks with the full form and a dose, log days, and read the dashboard and the attack list. The
run prints requests/s, p50/p95/p99 per kind of request (as the people wait for it, and the worker's own time from
gunicorn's access log) against a trivial page measured in the same run, the errors, and the writes lost or
doubled. SQLite (a fresh WAL file) by default; PostgreSQL when
LOADTEST_DATABASE_URL is set (its tables are dropped and migrated again). FAULT=worker kills one gunicorn worker
with kill -9 a third of the way in; FAULT=server kills the master and its workers and starts gunicorn again.

Exits non-zero if a write was lost or doubled, the database check fails, any request was answered with a 5xx
or something else unexpected, or a connection failed outside the fault.
"""
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.loadtest.checks import check  # noqa: E402
from bench.loadtest.people import Exchange, Person  # noqa: E402
from bench.loadtest.report import print_errors, print_server_log, print_times, print_writes  # noqa: E402
from bench.loadtest.server import Server, fresh_database, server_environment  # noqa: E402

FAULT_MARGIN = 1.0  # seconds after the server is back that a failed connection still counts as the fault's


def main() -> int:
    seconds = float(os.environ.get("LOADTEST_SECONDS") or 60)
    clients = int(os.environ.get("LOADTEST_CLIENTS") or 20)
    fault = os.environ.get("FAULT") or ""
    if fault not in ("", "worker", "server"):
        sys.exit(f"FAULT must be worker or server, not {fault!r}")
    folder = Path(tempfile.mkdtemp(prefix="diary-loadtest-"))
    database_url = os.environ.get("LOADTEST_DATABASE_URL") or f"sqlite:///{folder / 'load.sqlite'}"
    env = server_environment(database_url, folder)
    fresh_database(env)
    server = Server(env, folder)
    try:
        database = "PostgreSQL" if database_url.startswith("postgres") else "SQLite (WAL)"
        print(f"gunicorn with 2 workers on {server.url} up in {server.start():.1f} s; {database}; files in {folder}")
        people = [Person(number, server.url, seed=number) for number in range(clients)]
        crashes: list[str] = []
        _all_at_once(people, lambda person: person.register(), crashes)
        if crashes:
            print("\n".join(crashes))
            return 1
        print(f"{clients} people registered; {seconds:.0f} s of load{f', fault: {fault}' if fault else ''}")
        run = _load(people, server, seconds, fault, crashes)
    finally:
        server.stop()

    verdict = check(database_url, people)
    print_times(run.exchanges, server.app_times(), run.elapsed, run.windows, run.fault_note)
    failed = [print_errors(run.exchanges, run.windows), print_server_log(folder / "gunicorn.log", database_url),
              print_writes(verdict, sum(person.writes_retried for person in people))]
    # The people run on the same two cores as the server: what they cost is taken from it.
    print(f"this script used {run.cpu:.0f} CPU seconds of the {run.elapsed * (os.cpu_count() or 1):.0f} the "
          f"machine had during the load")
    for crash in crashes[:3]:
        print(f"error in this script: {crash}")
    for person in people:
        person.close()
    if any(failed) or crashes:
        print(f"FAILED (the server's log and database are kept in {folder})")
        return 1
    shutil.rmtree(folder, ignore_errors=True)
    print("PASSED")
    return 0


@dataclass
class Run:
    exchanges: list[Exchange]
    elapsed: float
    cpu: float  # seconds of CPU this script used
    windows: list[tuple[float, float]]  # when failed connections are the fault's
    fault_note: str


def _load(people: list[Person], server: Server, seconds: float, fault: str, crashes: list[str]) -> Run:
    """Everyone at once for `seconds`; the fault, if any, a third of the way in."""
    windows: list[tuple[float, float]] = []
    began, cpu_began = time.monotonic(), time.process_time()
    load = threading.Thread(target=_all_at_once,
                            args=(people, lambda person: _keep_busy(person, began + seconds, crashes), crashes))
    load.start()
    fault_note = _fault(server, fault, began, seconds / 3, windows) if fault else ""
    load.join()
    exchanges = [e for person in people for e in person.exchanges if e.started >= began]
    return Run(exchanges, time.monotonic() - began, time.process_time() - cpu_began, windows, fault_note)


def _all_at_once(people: list[Person], task, crashes: list[str]) -> None:
    def run(person):
        try:
            task(person)
        except Exception:
            crashes.append(f"{person.email}: {traceback.format_exc()}")
    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _keep_busy(person: Person, end_at: float, crashes: list[str]) -> None:
    while time.monotonic() < end_at:
        try:
            person.act()
        except Exception:  # a fault of this script, not the server's: note it and go on
            crashes.append(f"{person.email}: {traceback.format_exc()}")


def _fault(server: Server, fault: str, run_began: float, after: float, windows: list) -> str:
    """Wait `after` seconds into the run, break the server, and note the window in which failed connections are
    the fault's."""
    time.sleep(max(0.0, run_began + after - time.monotonic()))
    began = time.monotonic()
    if fault == "worker":
        what = f"kill -9 of worker {server.kill_worker()}"
        server.wait_until_ready()
    else:
        server.kill_all()
        server.start()
        what = "kill -9 of the master and both workers, then a new gunicorn"
    back = time.monotonic()
    windows.append((began, back + FAULT_MARGIN))
    return f"{what} {began - run_began:.1f} s into the run; serving again {back - began:.1f} s later"


if __name__ == "__main__":
    sys.exit(main())
