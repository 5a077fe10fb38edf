"""The dashboard: headline figures, charts with summaries and numbers, periods, empty and thin states."""
import json
import re
from datetime import date, datetime, timedelta, timezone

import plotly.graph_objects as go
import pytest
from sqlalchemy import select

from diary.charts import medication_chart, timing_chart
from diary.counting import AttackRow, DoseRow
from diary.dashboard.services import Period, PeriodError, build_dashboard, choose_period
from diary.extensions import db
from diary.models import Attack, DailyLog, MedicationDose, TreatmentCourse
from diary.timezones import local_to_utc

from .conftest import PASSWORD, make_account

BERLIN = "Europe/Berlin"


def _local(*args) -> datetime:
    return local_to_utc(datetime(*args), BERLIN)


def _small_diary(app, user_id):
    """March 2026 fully logged: 3 migraine attacks (one across midnight), 1 headache, triptans on 3 days."""
    with app.app_context():
        db.session.add_all([DailyLog(user_id=user_id, date=date(2026, 3, d), stress=d % 10, sleep_hours=7.0,
                                     menstruating=d in (10, 11)) for d in range(1, 32)])
        attacks = [(_local(2026, 3, 2, 22), _local(2026, 3, 3, 3), "migraine", 6),
                   (_local(2026, 3, 10, 8), _local(2026, 3, 10, 18), "migraine", 8),
                   (_local(2026, 3, 20, 14), _local(2026, 3, 20, 16), "headache", 3),
                   (_local(2026, 3, 28, 7), _local(2026, 3, 28, 20), "migraine", None)]
        for start, end, kind, intensity in attacks:
            attack = Attack(user_id=user_id, started_at=start, ended_at=end, kind=kind, peak_intensity=intensity)
            if kind == "migraine":
                attack.doses.append(MedicationDose(user_id=user_id, name="sumatriptan", drug_class="triptan",
                                                   taken_at=start + timedelta(minutes=30), relief=2))
            db.session.add(attack)
        db.session.add(TreatmentCourse(user_id=user_id, name="erenumab", purpose="preventive",
                                       started_on=date(2026, 3, 15)))
        db.session.commit()


MARCH = Period("custom", date(2026, 3, 1), date(2026, 3, 31))


def test_march_figures_by_hand(app, user):
    _small_diary(app, user.id)
    with app.app_context():
        board = build_dashboard(user.id, BERLIN, MARCH, now=datetime(2026, 4, 1, tzinfo=timezone.utc))
    rates = board.headline.rates
    # Migraine days: 2, 3 (across midnight), 10, 28 = 4; headache days add 20 = 5; triptan days 2, 10, 28 = 3.
    assert (rates.covered_days, rates.migraine_days, rates.headache_days, rates.acute_medication_days) == (31, 4, 5, 3)
    assert rates.migraine_rate == pytest.approx(4 / 31 * 28)
    assert (board.headline.attacks, board.headline.worst_intensity) == (4, 8)
    assert board.headline.mean_intensity == pytest.approx((6 + 8 + 3) / 3)
    assert not board.thin

    charts = {c.key: c for c in board.charts}
    assert list(charts) == ["monthly", "calendar", "attacks", "timing", "stress_sleep", "medication"]
    assert charts["monthly"].rows == [["March 2026", 4, 5, 3, 31, "yes"]]
    assert "you had 4.0 migraine days a month on average" in charts["monthly"].summary
    calendar = {row[0]: row for row in charts["calendar"].rows}
    assert calendar["Tue 03 Mar 2026"][1] == "attack, worst intensity 6"
    assert calendar["Sat 28 Mar 2026"][1] == "attack, worst intensity not recorded"
    assert calendar["Tue 10 Mar 2026"][2] == "yes"
    assert charts["medication"].rows == [["sumatriptan", 3, 3, 0]]
    assert "erenumab" in str(charts["attacks"].figure["layout"]["annotations"])
    # Each dot's colour is explained, and the first and last days' dots are not cut in half at the edges.
    assert "orange-red dots are migraines, blue ones other headaches" in charts["attacks"].summary
    start, end = charts["attacks"].figure["layout"]["xaxis"]["range"]
    assert start < "2026-03-01" and end > "2026-04-01"
    for chart in board.charts:
        if chart.figure:
            go.Figure(chart.figure)  # raises if a figure is not a valid Plotly figure


def test_a_thin_period_says_so_instead_of_drawing(app, user):
    _small_diary(app, user.id)
    with app.app_context():
        board = build_dashboard(user.id, BERLIN, Period("custom", date(2026, 3, 25), date(2026, 4, 30)))
    assert board.thin and board.charts == []


def test_timing_needs_enough_attacks_and_counts_local_hours():
    starts = [local_to_utc(datetime(2026, 3, d, 7, 30), BERLIN) for d in (2, 3, 4, 9, 16)]
    chart = timing_chart([AttackRow(s, None, "migraine", 5) for s in starts], BERLIN)
    assert dict((row[0], row[1]) for row in chart.rows)["07:00-07:59"] == 5
    assert "Most attacks started between 07:00 and 08:00 and on Mondays" in chart.summary
    assert chart.figure["layout"]["yaxis2"] == {"matches": "y"}, "hours and weekdays on one scale of attacks"
    few = timing_chart([AttackRow(s, None, "migraine", 5) for s in starts[:2]], BERLIN)
    assert few.figure is None and "Too few attacks" in few.summary


def test_medication_chart_shows_drugs_with_enough_rated_doses():
    now = datetime(2026, 3, 1, tzinfo=timezone.utc)
    doses = [DoseRow(now, "triptan", "Sumatriptan", r) for r in (3, 2, 1, 0)] + \
        [DoseRow(now, "simple analgesic", "ibuprofen", 2), DoseRow(now, "antiemetic", "metoclopramide", 3)]
    chart = medication_chart(doses)
    assert chart.rows == [["ibuprofen", 1, 1, 0], ["sumatriptan", 4, 2, 1]]
    assert chart.figure["data"][0]["y"] == ["sumatriptan (n=4)"]
    assert chart.figure["data"][0]["x"] == [25] and chart.figure["data"][1]["x"] == [25]


@pytest.mark.parametrize("key, first", [("3", date(2026, 9, 1)), ("6", date(2026, 6, 1)), ("12", date(2025, 12, 1)),
                                        ("all", date(2024, 2, 3)), ("nonsense", date(2025, 12, 1))])
def test_periods_are_whole_calendar_months_up_to_today(key, first):
    period = choose_period(key, date(2026, 11, 23), date(2024, 2, 3))
    assert (period.first, period.last) == (first, date(2026, 11, 23))


def test_custom_periods_are_checked():
    assert choose_period("custom", date(2026, 11, 23), None, "2026-01-01", "2027-01-01").last == date(2026, 11, 23)
    for start, end in (("2026-05-01", "2026-04-01"), ("", "2026-04-01"), ("2026-02-30", "2026-03-01"),
                       ("0001-01-01", "2026-01-01")):
        with pytest.raises(PeriodError):
            choose_period("custom", date(2026, 11, 23), None, start, end)


def test_new_user_sees_a_friendly_empty_state_without_charts(client, logged_in):
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Nothing logged yet" in page and "Log today" in page
    assert "plotly" not in page


def test_dashboard_page_with_charts_summaries_and_numbers(app, client, logged_in):
    _small_diary(app, logged_in.id)
    page = client.get("/dashboard?period=custom&start=2026-03-01&end=2026-03-31").get_data(as_text=True)
    assert page.count('class="chart-summary"') == 6 and page.count("<summary>Show numbers</summary>") == 6
    assert "<td>March 2026</td><td>4</td><td>5</td><td>3</td><td>31</td><td>yes</td>" in page
    assert re.search(r"<h2>3\.6</h2><p>migraine days a month</p>", page)


def test_a_bad_custom_period_is_a_message_not_an_error(app, client, logged_in):
    _small_diary(app, logged_in.id)
    response = client.get("/dashboard?period=custom&start=2026-05-01&end=2026-04-01")
    assert response.status_code == 422
    assert "The custom period ends before it starts." in response.get_data(as_text=True)


def test_plotly_comes_from_our_own_static_path_only(app, client, logged_in):
    _small_diary(app, logged_in.id)
    page = client.get("/dashboard").get_data(as_text=True)
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    plotly = [s for s in scripts if "plotly" in s]
    assert plotly == ["/assets/plotly-4.1.2.min.js"]
    assert all(s.startswith("/") and not s.startswith("//") for s in scripts)
    response = client.get(plotly[0], headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert len(response.data) < 2_000_000
    assert client.get("/assets/plotly-0.0.1.min.js").status_code == 404


def test_pages_without_charts_do_not_load_plotly(app, client, logged_in):
    progress = client.post("/attacks/now", data={"csrf_token": re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/dashboard").get_data(as_text=True)).group(1)})
    for path in (progress.headers["Location"], "/attacks/", "/attacks/new", "/days/today", "/treatments/"):
        page = client.get(path, follow_redirects=True).get_data(as_text=True)
        assert "plotly" not in page.lower(), path


def test_dashboard_shows_only_the_users_own_diary(clock, app, client, logged_in):
    other = make_account(app, "other@example.org")
    _small_diary(app, other.id)
    with app.app_context():
        db.session.add(DailyLog(user_id=logged_in.id, date=date(2026, 6, 17), stress=1))  # today, by the clock
        db.session.commit()
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Too little in this period for charts" in page
    assert "sumatriptan" not in page and "erenumab" not in page


def test_the_demo_account_has_full_charts(clock, app, runner, client):
    from diary.demo import DEMO_EMAIL

    runner.invoke(args=["seed-demo"])
    client.post("/login", data={"email": DEMO_EMAIL, "password": "demo-password-1", "csrf_token": re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)})
    page = client.get("/dashboard").get_data(as_text=True)
    assert page.count('data-figure="figure-') == 6
    assert PASSWORD not in page


def test_a_drug_name_with_markup_stays_inert_in_charts_and_tables(app, client, logged_in):
    _small_diary(app, logged_in.id)
    evil = "</script><script>alert(1)</script>"
    with app.app_context():
        for day in (5, 6, 7):
            db.session.add(MedicationDose(user_id=logged_in.id, name=evil, drug_class="other", relief=3,
                                          taken_at=_local(2026, 3, day, 12)))
        db.session.commit()
    page = client.get("/dashboard?period=custom&start=2026-03-01&end=2026-03-31").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    figure = re.search(r'<script type="application/json" id="figure-medication">(.*?)</script>', page).group(1)
    # In the figure as entities: Plotly reads its text as HTML of its own (a <b> was drawn bold, an <a> a link).
    assert json.loads(figure)["data"][0]["y"][0].startswith("&lt;/script>&lt;script>alert(1)&lt;/script>")
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_persons_words_are_never_plotly_markup(app, user):
    """A treatment named as a link, a drug named in bold: drawn as the text they are, not as a link or bold."""
    from diary.charts import factor_chart

    _small_diary(app, user.id)
    with app.app_context():
        course = db.session.scalar(select(TreatmentCourse))
        course.name = '<a href="https://evil.example">click</a> & more'
        db.session.commit()
        board = build_dashboard(user.id, BERLIN, MARCH, now=datetime(2026, 4, 1, tzinfo=timezone.utc))
    attacks = {c.key: c for c in board.charts}["attacks"].figure
    texts = [a["text"] for a in attacks["layout"]["annotations"]]
    assert '&lt;a href="https://evil.example">click&lt;/a> &amp; more' in texts
    factor = {"description": "<b>cheese</b>", "lag_days": 1, "odds_ratio": 2.0, "ci": [1.1, 3.5],
              "verdict": "possible_trigger", "exposed_days": 20, "p_value": 0.01, "q_value": 0.05}
    assert factor_chart([factor]).figure["data"][0]["y"] == ["&lt;b>cheese&lt;/b> (the day before)"]
