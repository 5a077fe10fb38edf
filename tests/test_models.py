"""The database itself keeps the diary consistent: ranges, one log per day, and what a deletion takes with it."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from diary.extensions import db
from diary.models import Attack, DailyLog, MedicationDose, TreatmentCourse, User

from .conftest import make_account

START = datetime(2026, 3, 1, 7, 30, tzinfo=timezone.utc)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("row", [
    DailyLog(user_id=0, date=date(2026, 1, 1), stress=11),
    DailyLog(user_id=0, date=date(2026, 1, 1), sleep_hours=30),
    DailyLog(user_id=0, date=date(2026, 1, 1), mood=0),
    DailyLog(user_id=0, date=date(2026, 1, 1), caffeine_mg=-5),
    Attack(user_id=0, started_at=START, peak_intensity=11),
    Attack(user_id=0, started_at=START, ended_at=START - timedelta(hours=1)),
    Attack(user_id=0, started_at=START, kind="tension"),
    Attack(user_id=0, started_at=START, notes="x" * 5001),
    MedicationDose(user_id=0, name="sumatriptan", drug_class="triptan", taken_at=START, relief=4),
    TreatmentCourse(user_id=0, name="erenumab", purpose="preventive", started_on=date(2026, 3, 1),
                    stopped_on=date(2026, 2, 1)),
], ids=["stress 11", "sleep 30 h", "mood 0", "negative caffeine", "intensity 11", "end before start",
        "unknown kind", "notes too long", "relief 4", "course stops before it starts"])
def test_database_refuses_values_out_of_range(app, user, row):
    with app.app_context():
        row.user_id = user.id
        db.session.add(row)
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_one_daily_log_per_user_and_date(app, user):
    other = make_account(app, "bo@example.org")
    with app.app_context():
        db.session.add_all([DailyLog(user_id=user.id, date=date(2026, 1, 1), stress=3),
                            DailyLog(user_id=other.id, date=date(2026, 1, 1), stress=5)])
        db.session.commit()
        db.session.add(DailyLog(user_id=user.id, date=date(2026, 1, 1), stress=4))
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_deleting_an_attack_removes_its_doses_only(app, user):
    with app.app_context():
        attack = Attack(user_id=user.id, started_at=START, kind="migraine", peak_intensity=6)
        attack.doses.append(MedicationDose(user_id=user.id, name="sumatriptan", drug_class="triptan",
                                           taken_at=START + timedelta(minutes=20), relief=2))
        standalone = MedicationDose(user_id=user.id, name="ibuprofen", drug_class="simple analgesic",
                                    taken_at=START + timedelta(days=2))
        db.session.add_all([attack, standalone, DailyLog(user_id=user.id, date=START.date(), stress=5)])
        db.session.commit()
        # Deleted in SQL, as the ON DELETE rule must work without the ORM's help.
        db.session.execute(text("DELETE FROM attacks WHERE id = :id"), {"id": attack.id})
        db.session.commit()
        remaining = db.session.scalars(select(MedicationDose)).all()
        assert [d.name for d in remaining] == ["ibuprofen"]
        assert _count(DailyLog) == 1


def test_deleting_an_account_removes_its_whole_diary(app, user):
    other = make_account(app, "bo@example.org")
    with app.app_context():
        for owner in (user.id, other.id):
            db.session.add_all([
                Attack(user_id=owner, started_at=START, kind="migraine", peak_intensity=5),
                DailyLog(user_id=owner, date=START.date(), stress=2),
                TreatmentCourse(user_id=owner, name="magnesium", purpose="supplement", started_on=START.date()),
            ])
        db.session.commit()
        db.session.execute(text("DELETE FROM users WHERE id = :id"), {"id": user.id})
        db.session.commit()
        for model in (Attack, DailyLog, TreatmentCourse):
            assert db.session.scalars(select(model.user_id)).all() == [other.id]


def test_times_come_back_in_utc_whatever_zone_they_were_given_in(app, user):
    from zoneinfo import ZoneInfo

    berlin = datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    with app.app_context():
        db.session.add(Attack(user_id=user.id, started_at=berlin, kind="migraine"))
        db.session.commit()
        db.session.expire_all()
        stored = db.session.scalar(select(Attack.started_at))
        assert stored == datetime(2026, 7, 1, 7, 0, tzinfo=timezone.utc)
        assert stored.utcoffset() == timedelta(0)


def test_a_time_without_zone_is_refused(app, user):
    with app.app_context():
        db.session.add(Attack(user_id=user.id, started_at=datetime(2026, 7, 1, 9, 0), kind="migraine"))
        with pytest.raises(Exception, match="naive datetime"):
            db.session.commit()


def test_sqlite_runs_with_foreign_keys_and_wal(make_app, tmp_path):
    """The embedded default database, checked in every run whichever database the suite is on."""
    app = make_app(f"sqlite:///{tmp_path / 'pragmas.sqlite'}")
    with app.app_context():
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_a_new_user_has_no_profile_until_they_fill_it_in(app, user):
    with app.app_context():
        assert db.session.get(User, user.id).profile is None
