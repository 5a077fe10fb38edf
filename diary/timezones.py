"""Conversions between the UTC times we store and the user's own clock and calendar."""
from datetime import date, datetime, time, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from . import clock


@lru_cache(maxsize=1)
def timezone_names() -> tuple[str, ...]:
    """The IANA zone names a user can choose, sorted; UTC first."""
    names = sorted(n for n in available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV/")))
    return ("UTC", *names)


def is_timezone(name: str) -> bool:
    return name in timezone_names()


def to_local(moment: datetime, zone: str) -> datetime:
    """An aware UTC datetime on the user's clock."""
    return moment.astimezone(ZoneInfo(zone))


def local_to_utc(local: datetime, zone: str) -> datetime:
    """A wall-clock time the user typed (naive) as an aware UTC datetime.

    At a DST change a wall-clock time can be ambiguous or not exist; zoneinfo's `fold=0` rule takes the
    earlier reading, which is what a person means by "1:30" on the night the clocks go back.
    """
    if local.tzinfo is None:
        local = local.replace(tzinfo=ZoneInfo(zone))
    return local.astimezone(timezone.utc)


def local_today(zone: str, now: datetime | None = None) -> date:
    """The user's date at `now` (by default this moment, read from diary.clock)."""
    return to_local(now or clock.now(), zone).date()


def start_of_local_day(day: date, zone: str) -> datetime:
    """Midnight at the start of `day` in the user's zone, as UTC."""
    return local_to_utc(datetime.combine(day, time.min), zone)
