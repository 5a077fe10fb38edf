"""`flask --app diary import` and `export` on the command line."""
import json

from sqlalchemy import func, select

from diary.extensions import db
from diary.models import Attack, DailyLog

from .conftest import make_account
from .diaries import example
from .test_migraine_buddy import EXPORTED_AT, SAMPLE


def test_import_then_export_on_the_command_line(app, runner, user, tmp_path):
    source = tmp_path / "diary.json"
    source.write_text(json.dumps(example()))
    result = runner.invoke(args=["import", str(source), "--user", user.email])
    assert result.exit_code == 0, result.output
    assert "checked, no faults; writing 6 entries" in result.output
    assert "attacks: 1 added, 0 updated, 0 unchanged" in result.output

    again = runner.invoke(args=["import", str(source), "--user", user.email])
    assert "attacks: 0 added, 0 updated, 1 unchanged" in again.output

    out = tmp_path / "out.json"
    result = runner.invoke(args=["export", "--user", user.email, "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    exported = json.loads(out.read_text())
    assert exported["attacks"][0]["started_at"] == "2026-01-03T07:30:00+01:00"
    assert len(exported["days"]) == 1


def test_a_faulty_file_lists_its_faults_and_imports_nothing(app, runner, user, tmp_path):
    document = example()
    document["attacks"][0]["peak_intensity"] = 11
    document["days"][0]["date"] = "2031-02-30"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(document))
    result = runner.invoke(args=["import", str(source), "--user", user.email])
    assert result.exit_code == 1
    assert "attacks[0].peak_intensity: 11 is above the maximum 10" in result.output
    assert "days[0].date: '2031-02-30' is not a date (YYYY-MM-DD)" in result.output
    assert "2 fault(s) found; nothing was imported." in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Attack.id))) == 0
        assert db.session.scalar(select(func.count(DailyLog.id))) == 0


def test_import_from_migraine_buddy_reports_rows_it_left_out(clock, app, runner, user, tmp_path):
    clock.move_to(EXPORTED_AT)
    source = tmp_path / "mb.csv"
    source.write_text(SAMPLE)
    result = runner.invoke(args=["import", str(source), "--user", user.email, "--from", "migraine-buddy"])
    assert result.exit_code == 0, result.output
    assert "left out: row #8: date and time 'sometime last week' not understood" in result.output
    assert "attacks: 9 added" in result.output


def test_import_into_an_unknown_account_says_so(app, runner, tmp_path):
    source = tmp_path / "diary.json"
    source.write_text(json.dumps(example()))
    result = runner.invoke(args=["import", str(source), "--user", "nobody@example.org"])
    assert result.exit_code == 1 and "There is no account" in result.output


def test_export_goes_to_standard_output_by_default(app, runner):
    make_account(app, "out@example.org")
    result = runner.invoke(args=["export", "--user", "out@example.org"])
    assert json.loads(result.output)["format"] == "migraine-diary"
