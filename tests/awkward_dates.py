"""The moments CI reruns the suite at (as DIARY_TEST_NOW), each one that has bitten a diary before.

    python -m tests.awkward_dates            # one "name<TAB>ISO moment in UTC" line per date, from today
    python -m tests.awkward_dates 2027-03-01 # the same, counted from another day

All are the next such moment after the day given, so every CI run tests the coming ones.
"""
from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")


def _sundays(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    day = first + timedelta(days=(6 - first.weekday()) % 7)
    return [day + timedelta(weeks=n) for n in range(5) if (day + timedelta(weeks=n)).month == month]


def _utc(day: date, clock: time, zone: ZoneInfo, fold: int = 0) -> datetime:
    return datetime.combine(day, clock, tzinfo=zone).replace(fold=fold).astimezone(timezone.utc)


def _next(moments: list[datetime], after: datetime) -> datetime:
    return min(m for m in moments if m > after)


def awkward_dates(today: date) -> list[tuple[str, datetime]]:
    start = datetime.combine(today, time.min, tzinfo=timezone.utc)
    years = (today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4)
    # EU: clocks change at 01:00 UTC on the last Sunday of March and of October. 02:30 in Berlin is half an hour
    # before the jump in March, and the first of the two 02:30s in October (a wall time that happens twice).
    europe = _next([_utc(_sundays(y, m)[-1], time(2, 30) if m == 10 else time(1, 30), BERLIN)
                    for y in years for m in (3, 10)], start)
    # USA: 02:00 local on the second Sunday of March and the first Sunday of November; 01:30 is just before the
    # jump in March, and the second 01:30 (after the clocks went back) in November.
    usa = _next([_utc(_sundays(y, 3)[1], time(1, 30), NEW_YORK) for y in years]
                + [_utc(_sundays(y, 11)[0], time(1, 30), NEW_YORK, fold=1) for y in years], start)
    leap_day = _next([_utc(date(y, 2, 29), time(12, 0), BERLIN) for y in range(today.year, today.year + 5)
                      if y % 4 == 0 and (y % 100 or y % 400 == 0)], start)
    new_years_eve = _next([_utc(date(y, 12, 31), time(23, 30), BERLIN) for y in years], start)
    try:
        later = today.replace(year=today.year + 2)
    except ValueError:  # 29 February two years on does not exist
        later = today.replace(year=today.year + 2, day=28)
    two_years_on = _utc(later, time(9, 0), BERLIN)
    return [
        ("clocks change in Europe (Berlin)", europe),
        ("clocks change in the USA (New York)", usa),
        ("29 February", leap_day),
        ("31 December 23:30 Berlin", new_years_eve),
        ("two years from today", two_years_on),
    ]


if __name__ == "__main__":
    since = date.fromisoformat(sys.argv[1]) if len(sys.argv) > 1 else date.today()
    for name, moment in awkward_dates(since):
        print(f"{name}\t{moment.isoformat()}")
