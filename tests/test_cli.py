"""The command-line tools a person setting up the app uses."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from diary.demo import DEMO_EMAIL, DEMO_PASSWORD
from diary.extensions import db
from diary.models import Attack, DailyLog, MedicationDose, QuestionnaireResult, TreatmentCourse, User

from .conftest import post_form


def test_create_user_takes_the_password_from_the_environment(app, runner, monkeypatch):
    monkeypatch.setenv("DIARY_PASSWORD", "a long enough password")
    result = runner.invoke(args=["create-user", "Sam@Example.org", "--timezone", "Europe/Vienna"])
    assert result.exit_code == 0, result.output
    assert "Created account sam@example.org" in result.output
    assert "a long enough password" not in result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.timezone == "Europe/Vienna"
        assert user.check_password("a long enough password")
    client = app.test_client()
    response = post_form(client, "/login", {"email": "sam@example.org", "password": "a long enough password"})
    assert response.headers["Location"] == "/dashboard"


def test_create_user_asks_for_the_password_twice_without_echo(app, runner, monkeypatch):
    monkeypatch.delenv("DIARY_PASSWORD", raising=False)
    result = runner.invoke(args=["create-user", "kim@example.org"], input="prompted password\nprompted password\n")
    assert result.exit_code == 0, result.output
    assert "prompted password" not in result.output
    with app.app_context():
        assert db.session.scalar(select(User)).check_password("prompted password")


def test_create_user_refuses_bad_input_with_a_message(app, runner, monkeypatch):
    monkeypatch.setenv("DIARY_PASSWORD", "a long enough password")
    assert runner.invoke(args=["create-user", "kim@example.org"]).exit_code == 0
    cases = [
        (["create-user", "kim@example.org"], "already exists"),
        (["create-user", "not an email"], "is not a valid email address"),
        (["create-user", "lee@example.org", "--timezone", "Nowhere/City"], "is not a time zone name"),
    ]
    for args, message in cases:
        result = runner.invoke(args=args)
        assert result.exit_code == 1 and message in result.output, (args, result.output)
    monkeypatch.setenv("DIARY_PASSWORD", "short")
    result = runner.invoke(args=["create-user", "lee@example.org"])
    assert result.exit_code == 1 and "at least 10 characters" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 1


def test_seed_demo_creates_a_year_of_realistic_diary(clock, app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert DEMO_EMAIL in result.output and DEMO_PASSWORD in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == DEMO_EMAIL))
        first_day, last_day, days = db.session.execute(
            select(func.min(DailyLog.date), func.max(DailyLog.date), func.count())
            .where(DailyLog.user_id == user.id)).one()
        assert (last_day - first_day).days >= 360
        assert 300 <= days <= 365, "most days logged, some missing"
        attacks = db.session.scalars(select(Attack).where(Attack.user_id == user.id)).all()
        assert 40 <= len(attacks) <= 120
        assert {a.kind for a in attacks} >= {"migraine", "headache"}
        assert any(a.ended_at.astimezone().date() != a.started_at.astimezone().date() for a in attacks)
        doses = db.session.scalars(select(MedicationDose).where(MedicationDose.user_id == user.id)).all()
        assert any(d.attack_id is None for d in doses) and any(d.drug_class == "triptan" for d in doses)
        preventive = db.session.scalar(select(TreatmentCourse).where(TreatmentCourse.name == "erenumab"))
        assert first_day + timedelta(days=120) < preventive.started_on < last_day - timedelta(days=120)
        # The preventive visibly helps: fewer attacks per day after it started than before.
        before = sum(a.started_at.date() < preventive.started_on for a in attacks)
        after = len(attacks) - before
        assert after / (last_day - preventive.started_on).days < before / (preventive.started_on - first_day).days
        assert db.session.scalar(select(func.count(QuestionnaireResult.id))) == 4

    response = post_form(app.test_client(), "/login", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert response.headers["Location"] == "/dashboard"


def test_seed_demo_twice_keeps_one_demo_and_if_empty_leaves_real_accounts_alone(app, runner, user):
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "no demo account added" in result.output
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "exists already" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 2


def test_insights_command_prints_one_json_object(clock, app, runner):
    import json

    runner.invoke(args=["seed-demo"])
    result = runner.invoke(args=["insights", "--user", DEMO_EMAIL, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report) >= {"factors", "treatments", "warnings", "articles"}
    factor = report["factors"][0]
    assert set(factor) >= {"factor", "exposure", "lag_days", "verdict", "odds_ratio", "ci", "p_value", "q_value",
                           "exposed_days", "sentence"}
    assert all(f["verdict"] in ("likely_trigger", "likely_protective", "possible_trigger", "no_clear_link",
                                "not_enough_data", "warning_sign") for f in report["factors"])
    assert all(f["factor"] == f["factor"].lower() for f in report["factors"] if f["factor"].startswith("food:"))
    text = runner.invoke(args=["insights", "--user", DEMO_EMAIL]).output
    assert "logged days and" in text and factor["sentence"] in text
    # The lag reads as words: the perimenstrual window is about the same day, alcohol about the day before.
    assert "perimenstrual window (day -2 to +3), same day: likely_trigger" in text
    assert "alcohol_units > 0, the day before:" in text and "day(s)" not in text
    assert "Reading for your patterns:" in text and "(articles/menstrual-migraine): In your diary, on the days" in text
    assert "Since starting erenumab, your migraine days per 28 diary days fell by " in text


def test_insights_command_analyses_headaches_of_any_kind_on_request(clock, app, runner):
    import json

    # The demo's year, seen from 1 June 2026, has tension-type headaches on days the analysis uses; seen from some
    # other days it has none there, and both analyses count the same attacks (main went red on 2 December 2026).
    clock.move_to(datetime(2026, 6, 1, 8, tzinfo=timezone.utc))
    runner.invoke(args=["seed-demo"])
    migraine = json.loads(runner.invoke(args=["insights", "--user", DEMO_EMAIL, "--json"]).output)
    result = runner.invoke(args=["insights", "--user", DEMO_EMAIL, "--json", "--outcome", "any_headache"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert migraine["outcome"] == "migraine" and report["outcome"] == "any_headache"
    assert report["message"].endswith("headaches analysed.") and migraine["message"].endswith("attacks analysed.")
    assert int(report["message"].split(" and ")[1].split()[0]) > int(migraine["message"].split(" and ")[1].split()[0])
    text = runner.invoke(args=["insights", "--user", DEMO_EMAIL, "--outcome", "any_headache"]).output
    assert text.startswith("Any headache: ") and ", a headache started on " in text
    wrong = runner.invoke(args=["insights", "--user", DEMO_EMAIL, "--outcome", "any"])
    assert wrong.exit_code == 2 and "'migraine'" in wrong.output and "'any_headache'" in wrong.output

    # Attacks mostly tension-type: the migraine analysis waits and says which one can run.
    with app.app_context():
        for attack in db.session.scalars(select(Attack).where(Attack.kind == "migraine")).all()[10:]:
            attack.kind = "headache"
        db.session.commit()
    text = runner.invoke(args=["insights", "--user", DEMO_EMAIL]).output
    assert text.startswith("Migraine: Not enough data yet: the analysis needs ")
    assert "Counting headaches of every kind, there is enough data already (add --outcome any_headache)." in text
