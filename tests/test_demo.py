"""The demo diary: the same showcase whatever the date it is made on (it once shifted with every weekday)."""
from datetime import date, datetime, time, timezone

import pytest


@pytest.mark.parametrize("made_on", [date(2026, 12, 1), date(2027, 3, 13), date(2027, 7, 4), date(2027, 10, 27)])
def test_the_demo_shows_its_findings_whatever_the_date(app, made_on):
    from diary.analysis import insights_for
    from diary.demo import seed_demo
    from diary.extensions import db

    with app.app_context():
        user = seed_demo(made_on)
        db.session.commit()
        now = datetime.combine(made_on, time(12), timezone.utc)
        report = insights_for(user.id, user.timezone, now=now).as_json()
        headaches = insights_for(user.id, user.timezone, now=now, outcome="any_headache").as_json()
    verdicts = {(f["factor"], f["lag_days"]): f["verdict"] for f in report["factors"]}
    assert verdicts[("menstruating", 0)] == "likely_trigger"
    assert any(f["verdict"] == "likely_trigger" for f in headaches["factors"])
    assert {w["kind"] for w in report["warnings"]} >= {"menstrual_pattern"}
    erenumab = next(t for t in report["treatments"] if t["name"] == "erenumab")
    assert "consistent with a benefit" in erenumab["sentence"]
    assert "menstrual-migraine" in {a["slug"] for a in report["articles"]}
