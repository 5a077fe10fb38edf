"""Dates that change what the app shows: the nights the clocks change, and a diary that starts on 29 February.

Each test stops the clock at the moment it is about (time-machine, via the `clock` fixture), so it checks the same
figures whatever day the suite runs on.
"""
from datetime import date, datetime, timezone

from sqlalchemy import select

from diary.dashboard.services import build_dashboard, choose_period, first_entry
from diary.extensions import db
from diary.models import Attack, DailyLog

from .conftest import post_form

BERLIN = "Europe/Berlin"


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_an_attack_across_the_night_the_clocks_go_back_lasts_its_real_length(clock, app, client, user, auth):
    # 25 October 2026, Berlin: at 03:00 summer time the clocks go back to 02:00, so 02:00-03:00 happens twice.
    clock.move_to(_utc(2026, 10, 25, 0, 40))  # 02:40 summer time
    auth.login()
    progress = post_form(client, "/attacks/now", {}, token_from="/dashboard").headers["Location"]
    clock.move_to(_utc(2026, 10, 25, 1, 45))  # 02:45 winter time: five minutes "later" on the wall clock
    response = post_form(client, progress.replace("progress", "end"), {}, token_from=progress)
    assert "Lasted 1 h 5 min." in client.get(response.headers["Location"]).get_data(as_text=True)
    page = client.get("/attacks/").get_data(as_text=True)
    assert "Sun 25 Oct 2026, 02:40" in page and "1 h 5 min" in page
    with app.app_context():
        [attack] = db.session.scalars(select(Attack)).all()
        assert (attack.started_at, attack.ended_at) == (_utc(2026, 10, 25, 0, 40), _utc(2026, 10, 25, 1, 45))


def test_an_attack_typed_across_the_night_the_clocks_go_forward(clock, app, client, user, auth):
    # 29 March 2026, Berlin: 02:00 winter time becomes 03:00 summer time; 01:30 to 03:30 on the wall is one hour.
    clock.move_to(_utc(2026, 3, 29, 10))
    auth.login()
    form = {"kind": "migraine", "started_at": "2026-03-29T01:30", "ended_at": "2026-03-29T03:30",
            "peak_intensity": "5"}
    assert post_form(client, "/attacks/new", form).status_code == 302
    assert "1 h 0 min" in client.get("/attacks/").get_data(as_text=True)
    with app.app_context():
        attack = db.session.scalar(select(Attack))
        assert attack.ended_at - attack.started_at == _utc(2026, 1, 1, 1) - _utc(2026, 1, 1, 0)


def _log_days(user_id: int, first: date, last: date) -> None:
    day = first
    while day <= last:
        db.session.add(DailyLog(user_id=user_id, date=day, stress=3))
        day = date.fromordinal(day.toordinal() + 1)


def test_october_with_its_25_hour_day_is_still_31_diary_days(clock, app, user):
    """The clock change adds an hour, not a day: the month's figures count calendar days in the user's zone."""
    clock.move_to(_utc(2026, 11, 2, 9))
    with app.app_context():
        _log_days(user.id, date(2026, 10, 1), date(2026, 10, 31))
        for start, end in [
            (_utc(2026, 10, 24, 21, 30), _utc(2026, 10, 24, 23, 30)),  # 23:30 on the 24th to 00:30 (summer time)
            (_utc(2026, 10, 25, 1, 15), _utc(2026, 10, 25, 3, 0)),     # 02:15 winter time to 04:00 on the 25th
            (_utc(2026, 10, 31, 22, 30), _utc(2026, 10, 31, 23, 30)),  # 23:30 on the 31st: still October locally
        ]:
            db.session.add(Attack(user_id=user.id, kind="migraine", started_at=start, ended_at=end, peak_intensity=6))
        db.session.commit()
        period = choose_period("custom", date(2026, 11, 2), None, "2026-10-01", "2026-10-31")
        board = build_dashboard(user.id, BERLIN, period)
    rates = board.headline.rates
    # Migraine days: 24, 25 (the first attack runs past midnight into the 25th, the second is on it) and 31 = 3.
    assert (rates.covered_days, rates.migraine_days) == (31, 3)
    monthly = {c.key: c for c in board.charts}["monthly"]
    assert monthly.rows == [["October 2026", 3, 3, 0, 31, "yes"]]


def test_a_diary_that_starts_on_29_february(clock, app, user, client, auth):
    """Its first month has one day in it, and a year later "the last 12 months" and "all" still add up."""
    clock.move_to(_utc(2029, 3, 1, 11))  # noon in Berlin, a year and a day after the diary began
    with app.app_context():
        _log_days(user.id, date(2028, 2, 29), date(2029, 3, 1))
        for day in (date(2028, 2, 29), date(2029, 2, 28), date(2029, 3, 1)):
            db.session.add(Attack(user_id=user.id, kind="migraine", peak_intensity=5,
                                  started_at=datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc),
                                  ended_at=datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)))
        db.session.commit()
        assert first_entry(user.id, BERLIN) == date(2028, 2, 29)
        today = date(2029, 3, 1)
        everything = choose_period("all", today, first_entry(user.id, BERLIN))
        assert (everything.first, everything.days) == (date(2028, 2, 29), 367)
        board = build_dashboard(user.id, BERLIN, everything)
        rows = {row[0]: row for row in {c.key: c for c in board.charts}["monthly"].rows}
        assert rows["February 2028"] == ["February 2028", 1, 1, 0, 1, "no"], "one day of February: too few to call it a month"
        assert rows["February 2029"] == ["February 2029", 1, 1, 0, 28, "yes"]
        assert rows["March 2029"] == ["March 2029", 1, 1, 0, 1, "no"]
        assert board.headline.rates.migraine_days == 3 and board.headline.rates.covered_days == 367

        year = choose_period("12", today, date(2028, 2, 29))
        assert (year.first, year.last) == (date(2028, 4, 1), today)
    auth.login()
    page = client.get("/dashboard?period=all").get_data(as_text=True)
    assert "February 2028" in page
