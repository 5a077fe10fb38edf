"""The insights page: findings with their certainty, treatments, warnings; honest when data is thin."""
import json
import re
from datetime import timedelta

import pytest


def test_new_user_is_told_what_is_needed(client, logged_in):
    page = client.get("/insights").get_data(as_text=True)
    assert "No daily factors logged yet: the analysis of what goes with attacks needs at least 90 days" in page
    assert "plotly" not in page.lower()


@pytest.fixture
def demo(clock, runner, client) -> str:
    """The demo diary, its account logged in on `client`; its address."""
    from diary.demo import DEMO_EMAIL, DEMO_PASSWORD

    from .conftest import post_form

    runner.invoke(args=["seed-demo"])
    post_form(client, "/login", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    return DEMO_EMAIL


def test_demo_diary_shows_factors_treatments_and_warnings(demo, client):
    page = client.get("/insights").get_data(as_text=True)
    assert "Likely triggers" in page and "The days around the start of a period</strong>, same day:" in page
    assert "two days before:" in page and "0 days before" not in page
    assert 'data-figure="figure-factors"' in page and "/assets/plotly-" in page
    # The chart's caption counts the same factors as the lists above it, and says what its colours mean.
    import re

    drawn, total = map(int, re.search(r"(\d+) of the (\d+) factor and timing combinations had enough", page).groups())
    listed = sum(map(int, re.findall(r"</strong> \((\d+)\)</summary>", page)))
    assert total == listed and 0 < drawn <= total
    assert "orange-red a likely trigger" in page and "<h3>Every estimate at a glance</h3>" in page
    assert "erenumab" in page and "consistent with a benefit" in page
    assert "menstrually related migraine" in page and "not a diagnosis" in page
    assert "What goes with your attacks" in client.get("/dashboard").get_data(as_text=True)


def test_insights_are_only_about_the_users_own_diary(clock, app, runner, client, logged_in):
    runner.invoke(args=["seed-demo"])
    for view in ("/insights", "/insights?outcome=any_headache"):
        page = client.get(view).get_data(as_text=True)
        assert "erenumab" not in page and "perimenstrual" not in page and "period" not in page
        assert "No daily factors logged yet" in page and "enough data already" not in page


def test_articles_for_the_persons_patterns_on_insights_and_dashboard(clock, app, runner, client):
    import re

    from diary.demo import DEMO_EMAIL, DEMO_PASSWORD

    from .conftest import post_form

    runner.invoke(args=["seed-demo"])
    post_form(client, "/login", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    page = client.get("/insights").get_data(as_text=True)
    assert "Reading for your patterns" in page and 'href="/articles/menstrual-migraine"' in page
    assert "In your diary, on the days around the start of a period, an attack started on" in page
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert 'data-load="/articles/for-you"' in dashboard
    assert dashboard.index("migraine days a month") < dashboard.index('data-load="/articles/for-you"'), \
        "the person's own figures first, reading after them"
    fragment = client.get("/articles/for-you").get_data(as_text=True)
    links = re.findall(r'href="/articles/([a-z-]+)"', fragment)
    assert 1 <= len(links) <= 3 and "menstrual-migraine" in links
    assert "Menstrual migraine" in fragment, "each link shows the article's title"


def test_no_personal_articles_without_patterns(client, logged_in):
    assert "Reading for your patterns" not in client.get("/articles/for-you").get_data(as_text=True)
    assert "Reading for your patterns" not in client.get("/insights").get_data(as_text=True)


def test_a_stopped_preventive_is_judged_on_its_own_days(clock, app, runner, client):
    from sqlalchemy import select

    from diary.demo import DEMO_EMAIL, DEMO_PASSWORD
    from diary.extensions import db
    from diary.models import TreatmentCourse

    from .conftest import post_form

    runner.invoke(args=["seed-demo"])
    with app.app_context():
        course = db.session.scalar(select(TreatmentCourse).where(TreatmentCourse.name == "erenumab"))
        course.stopped_on = course.started_on + timedelta(days=90)
        db.session.commit()
    post_form(client, "/login", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    page = client.get("/insights").get_data(as_text=True)
    assert "From day 29 to day 90 of erenumab" in page and "It was stopped on day 90." in page


def test_headaches_of_any_kind_are_one_click_away_and_offered_when_migraine_is_too_few(clock, app, runner, client):
    from sqlalchemy import select

    from diary.demo import DEMO_EMAIL, DEMO_PASSWORD
    from diary.extensions import db
    from diary.models import Attack

    from .conftest import post_form

    runner.invoke(args=["seed-demo"])
    post_form(client, "/login", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    page = client.get("/insights").get_data(as_text=True)
    assert 'href="/insights?outcome=any_headache" class="pill-link">Any headache' in page
    assert 'class="pill-link" aria-current="true">Migraine' in page
    every = client.get("/insights?outcome=any_headache").get_data(as_text=True)
    assert 'aria-current="true">Any headache' in every and "headaches analysed." in every
    assert ", a headache started on " in every and ", an attack started on " not in every
    assert "erenumab" in every, "treatments are judged on migraine days whichever attacks the factors are about"
    assert client.get("/insights?outcome=everything").status_code == 404

    # Most attacks turn out to be tension-type: the migraine analysis waits, and points to the one that can run.
    with app.app_context():
        for attack in db.session.scalars(select(Attack).where(Attack.kind == "migraine")).all()[10:]:
            attack.kind = "headache"
        db.session.commit()
    page = client.get("/insights").get_data(as_text=True)
    assert "Not enough data yet" in page and "more attacks that start on a logged day" in page
    assert "Counting headaches of every kind, there is enough data already" in page
    assert '<a href="/insights?outcome=any_headache">see what goes with those</a>' in page
    assert "Likely triggers" in client.get("/insights?outcome=any_headache").get_data(as_text=True)


def test_insights_are_computed_once_per_diary_change_and_day(clock, app, client, monkeypatch):
    """The page and the dashboard's reading list once recomputed everything on every request (22 s for some
    diaries); now a result is kept in the database until the diary, the time zone or the date changes."""
    import diary.analysis
    from diary.demo import DEMO_EMAIL, DEMO_PASSWORD

    from .conftest import post_form

    app.test_cli_runner().invoke(args=["seed-demo"])
    post_form(client, "/login", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    computed = []
    real = diary.analysis.insights_for
    monkeypatch.setattr(diary.analysis, "insights_for", lambda *a, **k: computed.append(1) or real(*a, **k))

    def page() -> str:  # without the Attack now button's one-time key, new on every page
        return re.sub(r'name="submission" value="[0-9a-f]{32}"', "", client.get("/insights").get_data(as_text=True))

    first = page()
    assert page() == first
    assert client.get("/articles/for-you").status_code == 200
    assert len(computed) == 1, "the page twice and the reading list: one computation"
    post_form(client, "/days/2026-06-17", {"stress": "9"})
    client.get("/insights")
    assert len(computed) == 2, "a new daily log: computed again"
    client.get("/articles/for-you")
    assert len(computed) == 2
    clock.shift(timedelta(days=1))
    post_form(client, "/login", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD})  # a login lasts 12 idle hours
    client.get("/insights")
    assert len(computed) == 3, "a new day: the last days and the warnings may change"
    client.get("/insights?outcome=any_headache")
    assert len(computed) == 4, "each outcome has its own"


def test_the_page_says_which_factors_could_be_analysed_and_why_not(demo, runner, client):
    page = client.get("/insights").get_data(as_text=True)
    assert "What could be analysed" in page
    assert "<strong>Stress</strong>: analysed, recorded on" in page
    report = json.loads(runner.invoke(args=["insights", "--user", demo, "--json"]).output)
    assert {c["factor"] for c in report["coverage"]} >= {"stress", "foods", "menstruating"}
