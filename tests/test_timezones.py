"""Times are stored in UTC and shown on the user's own clock, across daylight-saving changes."""
from datetime import date, datetime, timezone

from diary.timezones import is_timezone, local_to_utc, local_today, start_of_local_day, to_local


def test_wall_clock_time_becomes_utc_in_summer_and_winter():
    assert local_to_utc(datetime(2026, 1, 15, 8, 0), "Europe/Berlin") == datetime(2026, 1, 15, 7, 0, tzinfo=timezone.utc)
    assert local_to_utc(datetime(2026, 7, 15, 8, 0), "Europe/Berlin") == datetime(2026, 7, 15, 6, 0, tzinfo=timezone.utc)


def test_the_night_the_clocks_go_back_takes_the_first_of_the_two_readings():
    # 25 October 2026: 03:00 CEST becomes 02:00 CET in Berlin, so 02:30 happens twice.
    assert local_to_utc(datetime(2026, 10, 25, 2, 30), "Europe/Berlin") == \
        datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc)


def test_a_day_with_a_dst_change_starts_at_local_midnight():
    start = start_of_local_day(date(2026, 3, 29), "Europe/Berlin")
    end = start_of_local_day(date(2026, 3, 30), "Europe/Berlin")
    assert (end - start).total_seconds() == 23 * 3600


def test_local_date_depends_on_the_zone():
    late_evening_utc = datetime(2026, 5, 1, 23, 30, tzinfo=timezone.utc)
    assert local_today("UTC", late_evening_utc) == date(2026, 5, 1)
    assert local_today("Asia/Tokyo", late_evening_utc) == date(2026, 5, 2)
    assert local_today("America/Los_Angeles", late_evening_utc) == date(2026, 5, 1)
    assert to_local(late_evening_utc, "Asia/Tokyo").hour == 8


def test_only_real_zone_names_are_accepted():
    assert is_timezone("Europe/Berlin") and is_timezone("UTC")
    assert not is_timezone("Europe/Atlantis") and not is_timezone("")
