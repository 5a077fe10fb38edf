"""What a load test run prints: throughput, times per kind of request against the trivial page, errors, the server's
log, and the writes lost or doubled. Each part says whether it found a reason to fail the run."""
from __future__ import annotations

import math
import sqlite3
from pathlib import Path

from .checks import Verdict
from .people import Exchange

KINDS = ("attack_now", "attack_progress", "attack_end", "attack_after_end", "attack_form", "attack_save",
         "day_form", "day_save", "day_list", "dashboard", "dashboard_articles", "attack_list", "trivial")
Windows = list[tuple[float, float]]  # (from, to) in time.monotonic(): failed connections there are the fault's


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    return sorted_values[max(0, math.ceil(share * len(sorted_values)) - 1)]


def in_window(exchange: Exchange, windows: Windows) -> bool:
    return any(exchange.started <= end and exchange.started + exchange.seconds >= start for start, end in windows)


def print_times(exchanges: list[Exchange], app_times: dict[str, list[float]], elapsed: float,
                windows: Windows, fault_note: str) -> None:
    answered = [e for e in exchanges if e.status is not None]
    print(f"\n{len(answered)} requests answered in {elapsed:.1f} s: {len(answered) / elapsed:.1f} requests/s")
    if fault_note:
        print(f"fault: {fault_note}")
    print("Times in ms. As the people see them (p50 p95 p99: queueing for a worker included), and inside the "
          "worker (app p50 p95, from gunicorn's access log);\n×trivial: p95 against the same for the trivial page "
          "(the login page, no database), measured in the same run.")
    client = {kind: sorted(e.seconds for e in answered if e.kind == kind) for kind in KINDS}
    app = {kind: sorted(app_times.get(kind, [])) for kind in KINDS}
    trivial = percentile(client["trivial"], 0.95) if client["trivial"] else math.nan
    trivial_app = percentile(app["trivial"], 0.95) if app["trivial"] else math.nan
    print(f"{'kind':<20}{'count':>6}{'errors':>7}{'p50':>7}{'p95':>7}{'p99':>7}{'×trivial':>9}"
          f"{'app p50':>9}{'app p95':>9}{'×trivial':>9}")
    for kind in KINDS:
        errors = sum(1 for e in exchanges if e.kind == kind and not e.ok and not in_window(e, windows))
        line = f"{kind:<20}{len(client[kind]):>6}{errors:>7}"
        if client[kind]:
            p50, p95, p99 = (percentile(client[kind], q) for q in (0.5, 0.95, 0.99))
            line += f"{p50 * 1000:>7.0f}{p95 * 1000:>7.0f}{p99 * 1000:>7.0f}{p95 / trivial:>9.1f}"
        else:
            line += " " * 30
        if app[kind]:
            a50, a95 = (percentile(app[kind], q) for q in (0.5, 0.95))
            line += f"{a50 * 1000:>9.0f}{a95 * 1000:>9.0f}{a95 / trivial_app:>9.1f}"
        print(line)


def print_errors(exchanges: list[Exchange], windows: Windows) -> bool:
    """Any 5xx, any other unexpected answer, and connections that failed outside the fault fail the run."""
    answered = [e for e in exchanges if e.status is not None]
    server_errors = [e for e in answered if e.status >= 500]
    other = [e for e in answered if not e.ok and e.status < 500]
    dropped = [e for e in exchanges if e.status is None]
    dropped_outside = [e for e in dropped if not in_window(e, windows)]
    print(f"errors: {len(server_errors)} answered with 5xx, {len(other)} other unexpected answers, "
          f"{len(dropped)} connection errors ({len(dropped) - len(dropped_outside)} in the fault window, "
          f"{len(dropped_outside)} outside it)")
    for e in (server_errors + other)[:10]:
        print(f"  {e.kind}: {e.problem}")
    for e in dropped_outside[:5]:
        print(f"  {e.kind}: connection error {e.problem}")
    return bool(server_errors or other or dropped_outside)


def print_server_log(log_path: Path, database_url: str) -> bool:
    """A "database is locked" or any traceback in gunicorn's log fails the run, whatever the person saw."""
    log = log_path.read_text(errors="replace")
    locked, tracebacks = log.count("database is locked"), log.count("Traceback (most recent call last)")
    print(f"server log: {locked} 'database is locked', {tracebacks} tracebacks")
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            print("SQLite journal mode: " + connection.execute("PRAGMA journal_mode").fetchone()[0])
    return bool(locked or tracebacks)


def print_writes(verdict: Verdict, retried: int) -> bool:
    acknowledged = ", ".join(f"{kind} {n}" for kind, n in verdict.acknowledged.items())
    print(f"writes acknowledged: {acknowledged}")
    print(f"writes acknowledged only when sent again after a lost connection: {retried}")
    unacknowledged = ", ".join(f"{kind} {n}" for kind, n in verdict.unacknowledged_but_saved.items() if n)
    print(f"lost: {len(verdict.lost)}, doubled: {len(verdict.doubled)}"
          f"{'; saved though the answer never arrived: ' + unacknowledged if unacknowledged else ''}")
    for line in (verdict.lost + verdict.doubled)[:10]:
        print(f"  {line}")
    print("database check: " + ("passed" if not verdict.integrity else "; ".join(verdict.integrity)))
    return not verdict.passed
