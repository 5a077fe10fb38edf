"""The moments CI moves the clock to are the awkward ones they claim to be, whatever the day CI runs."""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from .awkward_dates import awkward_dates


def _offset_changes_near(moment: datetime, zone: str) -> bool:
    """The zone's UTC offset differs an hour either side of the moment: a clock change that night."""
    def offset(at):
        return at.astimezone(ZoneInfo(zone)).utcoffset()
    return offset(moment - timedelta(hours=1, minutes=30)) != offset(moment + timedelta(hours=1, minutes=30))


@pytest.mark.parametrize("today", [date(2026, 12, 2), date(2027, 3, 28), date(2027, 11, 7), date(2028, 2, 29),
                                   date(2028, 12, 31)])
def test_each_moment_is_the_next_awkward_one(today):
    moments = dict(awkward_dates(today))
    start = datetime(today.year, today.month, today.day, tzinfo=timezone.utc)
    assert all(start < m <= start + timedelta(days=4 * 366) for m in moments.values()), "the next ones, not old ones"
    assert _offset_changes_near(moments["clocks change in Europe (Berlin)"], "Europe/Berlin")
    assert _offset_changes_near(moments["clocks change in the USA (New York)"], "America/New_York")
    leap = moments["29 February"].astimezone(ZoneInfo("Europe/Berlin"))
    assert (leap.month, leap.day) == (2, 29)
    eve = moments["31 December 23:30 Berlin"].astimezone(ZoneInfo("Europe/Berlin"))
    assert (eve.month, eve.day, eve.hour, eve.minute) == (12, 31, 23, 30)
    later = moments["two years from today"].astimezone(ZoneInfo("Europe/Berlin")).date()
    assert later.year == today.year + 2 and later.month == today.month


def test_the_dates_from_2_december_2026():
    assert [m.isoformat() for _, m in awkward_dates(date(2026, 12, 2))] == [
        "2027-03-28T00:30:00+00:00",  # 01:30 in Berlin, half an hour before the clocks go forward
        "2027-03-14T06:30:00+00:00",  # 01:30 in New York, half an hour before the clocks go forward
        "2028-02-29T11:00:00+00:00",
        "2026-12-31T22:30:00+00:00",
        "2028-12-02T08:00:00+00:00",
    ]
