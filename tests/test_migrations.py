"""The schema comes only from the migrations, and they run forwards and backwards on every database."""
import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from diary.extensions import db

APP_TABLES = {"users", "health_profiles", "attacks", "medication_doses", "medications", "daily_logs",
              "treatment_courses", "questionnaire_results", "caregiver_links", "access_log", "insights_cache",
              "logins"}


def _tables(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade_round_trip(make_app, databases):
    app = make_app(databases.new_empty())
    assert _tables(app) == set(), "creating the app must not create tables"
    with app.app_context():
        flask_migrate.upgrade()
        assert _tables(app) == APP_TABLES
        db.session.execute(text("INSERT INTO users (email, password_hash, timezone, created_at, diary_version) "
                                "VALUES ('a@example.org', 'x', 'UTC', CURRENT_TIMESTAMP, 0)"))
        db.session.commit()
        db.session.remove()
        flask_migrate.downgrade(revision="base")
        assert _tables(app) == set()
        flask_migrate.upgrade()
        assert _tables(app) == APP_TABLES
        catalogue = db.session.execute(text("SELECT count(*) FROM medications")).scalar()
        assert catalogue > 30, "the medication catalogue is filled again after a round trip"


def test_models_and_migrations_describe_the_same_schema(app):
    """A model change without its migration fails here instead of in a user's database."""
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_the_questionnaire_migration_keeps_the_last_of_each_days_duplicates(make_app, databases):
    """Eight simultaneous taps once saved five MIDAS rows for one date; the unique constraint needs them merged."""
    app = make_app(databases.new_empty())
    with app.app_context():
        flask_migrate.upgrade(revision="8934d2674a69")
        db.session.execute(text("INSERT INTO users (email, password_hash, timezone, created_at) "
                                "VALUES ('a@example.org', 'x', 'UTC', CURRENT_TIMESTAMP)"))
        for score in (4, 5, 6):
            db.session.execute(text("INSERT INTO questionnaire_results (user_id, kind, taken_on, answers, score) "
                                    f"VALUES (1, 'MIDAS', '2026-02-01', '[{score}, 0, 0, 0, 0]', {score})"))
        db.session.execute(text("INSERT INTO questionnaire_results (user_id, kind, taken_on, answers, score) "
                                "VALUES (1, 'MIDAS', '2026-03-01', '[1, 0, 0, 0, 0]', 1)"))
        db.session.commit()
        flask_migrate.upgrade()
        rows = db.session.execute(text("SELECT taken_on, score FROM questionnaire_results ORDER BY taken_on")).all()
        assert [(str(day), score) for day, score in rows] == [("2026-02-01", 6), ("2026-03-01", 1)]


def test_upgrading_keeps_every_entry_of_every_diary(make_app, databases):
    """SQLite changes a table by copying it: with foreign keys on, dropping the old `attacks` table once cascaded,
    and an upgrade deleted every dose taken for an attack. Entries of every table survive every upgrade."""
    app = make_app(databases.new_empty())
    with app.app_context():
        flask_migrate.upgrade(revision="7c76d70617df")  # the first schema
        for statement in (
            "INSERT INTO users (email, password_hash, timezone, created_at) VALUES ('a@example.org', 'x', 'UTC', "
            "CURRENT_TIMESTAMP)",
            "INSERT INTO attacks (user_id, started_at, kind, aura, aura_types, symptoms, premonitory, pain_sides, "
            "relief_methods, notes, created_at, updated_at) VALUES (1, '2026-03-01 08:00:00', 'migraine', false, "
            "'[]', '[]', '[]', '[]', '[]', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            "INSERT INTO medication_doses (user_id, attack_id, name, drug_class, dose, taken_at) VALUES (1, 1, "
            "'sumatriptan', 'triptan', '50 mg', '2026-03-01 08:30:00')",
            "INSERT INTO daily_logs (user_id, date, foods, notes) VALUES (1, '2026-03-01', '[]', '')",
            "INSERT INTO treatment_courses (user_id, name, treatment_class, purpose, started_on, dose) VALUES "
            "(1, 'erenumab', '', 'preventive', '2026-01-01', '')",
            "INSERT INTO questionnaire_results (user_id, kind, taken_on, answers, score) VALUES "
            "(1, 'MIDAS', '2026-02-01', '[1, 0, 0, 0, 0]', 1)",
        ):
            db.session.execute(text(statement))
        db.session.commit()
        flask_migrate.upgrade()
        counts = {table: db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                  for table in ("users", "attacks", "medication_doses", "daily_logs", "treatment_courses",
                                "questionnaire_results")}
        assert counts == dict.fromkeys(counts, 1), counts
        assert db.session.execute(text("SELECT count(*) FROM logins")).scalar() == 0, "everyone logs in once more"
