"""The one place the app asks what time it is.

Everything that needs "now" calls `clock.now()` (and "today" is `timezones.local_today`, built on it), so a test pins
the clock in one way (time-machine) and CI can run the whole suite on awkward dates (tests/awkward_dates.py).
"""
from datetime import datetime, timezone


def now() -> datetime:
    """This moment, timezone-aware, in UTC (what the database stores)."""
    return datetime.now(timezone.utc)
