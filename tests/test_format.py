"""The interchange format: every fault found and named, refused whole, merged without doubling, round trips."""
import json

from sqlalchemy import func, select

from diary.data.services import export_file, import_file
from diary.extensions import db
from diary.format import check_diary
from diary.models import Attack, DailyLog, MedicationDose, QuestionnaireResult, TreatmentCourse, User

from .conftest import make_account
from .diaries import example

MODELS = (DailyLog, Attack, MedicationDose, TreatmentCourse, QuestionnaireResult)


def _counts() -> list[int]:
    return [db.session.scalar(select(func.count()).select_from(m)) for m in MODELS]


def _import(app, account, document, source="migraine-diary"):
    content = document if isinstance(document, bytes) else json.dumps(document).encode()
    with app.app_context():
        return import_file(db.session.get(User, account.id), content, source)


def test_the_format_documents_example_is_valid():
    diary, faults = check_diary(example())
    assert faults == []
    assert diary.entry_count == 6


def test_a_file_with_several_faults_lists_every_one_and_writes_nothing(app, user):
    document = example()
    document["timezone"] = "Mars/Olympus"
    document["days"][0]["date"] = "2031-02-30"
    document["days"][0]["sleep_hours"] = 30
    document["days"][0]["mood"] = True
    document["days"].append({"date": "2026-01-04", "stress": "high", "coffee": 2})
    document["attacks"][0]["peak_intensity"] = 11
    document["attacks"][0]["ended_at"] = "2026-01-03T06:00:00+01:00"
    document["attacks"][0]["medications"][0]["relief"] = 4
    document["attacks"].append({"started_at": "2026-01-09T08:00:00", "kind": "tension"})
    document["treatments"][0]["purpose"] = "hope"
    document["questionnaires"][1]["answers"][0] = "often"
    document["questionnaires"][0]["answers"] = [1, 2, 3]
    document["weather"] = "rain"

    outcome = _import(app, user, document)

    assert outcome.refused and outcome.summary is None
    assert set(outcome.faults) == {
        "weather: is not a field of this format",
        "timezone: 'Mars/Olympus' is not an IANA time zone name (e.g. Europe/Berlin)",
        "days[0].date: '2031-02-30' is not a date (YYYY-MM-DD)",
        "days[0].sleep_hours: 30.0 is above the maximum 24",
        "days[0].mood: true is not a whole number",
        "days[1].coffee: is not a field of this format",
        "days[1].stress: 'high' is not a whole number",
        "attacks[0].peak_intensity: 11 is above the maximum 10",
        "attacks[0].medications[0].relief: 4 is above the maximum 3",
        "attacks[0].ended_at: is before the attack's start",
        "attacks[1].started_at: '2026-01-09T08:00:00' has no UTC offset (add e.g. +01:00 or Z)",
        "attacks[1].kind: 'tension' is not one of: migraine, headache, cluster, other",
        "treatments[0].purpose: 'hope' is not one of: acute, preventive, behavioural, supplement, diet",
        "questionnaires[0].answers: MIDAS has 5 scored answers, not 3",
        "questionnaires[1].answers[0]: 'often' is not one of: never, rarely, sometimes, very often, always",
    }
    with app.app_context():
        assert _counts() == [0, 0, 0, 0, 0]
        assert db.session.get(User, user.id).timezone == "Europe/Berlin"


def test_required_fields_and_document_header(app, user):
    outcome = _import(app, user, {"format": "other", "version": 2,
                                  "days": [{"stress": 3}], "attacks": [{"peak_intensity": 5}],
                                  "treatments": [{"name": "x"}], "questionnaires": [{}]})
    assert set(outcome.faults) >= {
        "format: must be 'migraine-diary'", "version: 2 is not a version this app reads (1)",
        "days[0].date: is required", "attacks[0].started_at: is required", "attacks[0].kind: is required",
        "treatments[0].purpose: is required", "treatments[0].started_on: is required",
        "questionnaires[0].kind: is required",
    }


def test_a_file_that_is_not_json_says_where(app, user):
    outcome = _import(app, user, b'{"format": "migraine-diary",\n "version": 1,,}')
    assert outcome.faults == ["(file): not valid JSON at line 2, column 15: Expecting property name enclosed in "
                              "double quotes"]


def test_values_no_database_or_calendar_can_hold_are_faults_not_errors(app, user):
    """Each of these once ended in a server error (found by fuzzing the import) instead of a named fault."""
    document = example()
    day, attack, dose = document["days"][0], document["attacks"][0], document["doses"][0]
    day.update(stress=float("nan"), sleep_hours=float("inf"), caffeine_mg=10**20, alcohol_units=10**400,
               notes="a\x00b")
    day["foods"] = ["\ud800"]
    attack["started_at"] = "0001-01-01T00:00:00+01:00"
    del dose["taken_at"]
    document["treatments"][0].update(name="   ", started_on="9999-12-31")
    document["profile"]["birth_year"] = float("-inf")
    outcome = _import(app, user, json.dumps(document).encode())
    assert set(outcome.faults) >= {
        "days[0].stress: nan is not a whole number",
        "days[0].sleep_hours: inf is not a number",
        "days[0].caffeine_mg: 100000000000000000000 is above the maximum 100000",
        "days[0].notes: contains characters that are not text (a NUL or half of a character pair)",
        "days[0].foods[0]: contains characters that are not text (a NUL or half of a character pair)",
        "attacks[0].started_at: '0001-01-01T00:00:00+01:00' is not between the years 1900 and 2100",
        "doses[0].taken_at: is required",
        "treatments[0].name: is empty",
        "treatments[0].started_on: '9999-12-31' is not between the years 1900 and 2100",
        "profile.birth_year: -inf is not a whole number",
    }
    assert any(f.startswith("days[0].alcohol_units: ") for f in outcome.faults)
    with app.app_context():
        assert _counts() == [0, 0, 0, 0, 0]
    document = example()
    document["days"][0]["sleep_hours"] = 1e308  # divided into quarter hours, this once overflowed
    assert "days[0].sleep_hours: 1e+308 is above the maximum 24" in _import(app, user, document).faults
    deep = _import(app, user, b"[" * 100_000 + b"]" * 100_000)
    assert deep.refused and deep.faults[0].startswith("(file): not a diary this app can read")


def test_the_first_day_of_1900_on_any_clock_imports_again():
    """An export writes times on the user's clock: 1 January 1900 in UTC is still 31 December 1899 in New York."""
    document = example()
    document["attacks"][0].update(started_at="1899-12-31T19:30:00-05:00", ended_at="1899-12-31T21:00:00-05:00")
    document["attacks"][0]["medications"][0]["taken_at"] = "1899-12-31T20:00:00-05:00"
    assert check_diary(document)[1] == []
    document["attacks"][0]["started_at"] = "1899-06-01T08:00:00Z"
    assert check_diary(document)[1] == [
        "attacks[0].started_at: '1899-06-01T08:00:00Z' is not between the years 1900 and 2100"]


def test_a_time_with_a_fraction_of_a_second_imports_once(app, user):
    document = example()
    document["attacks"][0]["started_at"] = "2026-01-03T07:30:00.5+01:00"
    _import(app, user, document)
    second = _import(app, user, document)
    assert not second.refused and second.summary.sections["attacks"].unchanged == 1


def test_same_date_twice_in_one_file_is_a_fault(app, user):
    document = example()
    document["days"].append({"date": "2026-01-02", "stress": 1})
    assert "days[1].date: 2026-01-02 appears twice (also days[0])" in _import(app, user, document).faults


def test_import_writes_every_entry_with_utc_times(app, user):
    outcome = _import(app, user, example())
    assert not outcome.refused
    with app.app_context():
        assert _counts() == [1, 1, 2, 1, 2]
        attack = db.session.scalar(select(Attack))
        assert attack.started_at.isoformat() == "2026-01-03T06:30:00+00:00"
        assert attack.doses[0].relief == 2 and attack.relief_methods == [{"name": "dark room", "effect": "helpful"}]
        day = db.session.scalar(select(DailyLog))
        assert (day.sleep_hours, day.skipped_meal, day.foods) == (5.5, True, ["red wine", "aged cheese"])
        scores = dict(db.session.execute(select(QuestionnaireResult.kind, QuestionnaireResult.score)).all())
        assert scores == {"MIDAS": 10, "HIT-6": 10 + 11 + 8 + 6 + 13 + 10}


def test_a_second_identical_import_changes_nothing(app, user):
    _import(app, user, example())
    with app.app_context():
        before = _counts()
    outcome = _import(app, user, example())
    sections = outcome.summary.sections
    assert all(t.added == 0 and t.updated == 0 for t in sections.values())
    assert sections["days"].unchanged == 1 and sections["attacks"].unchanged == 1
    with app.app_context():
        assert _counts() == before


def test_import_merges_into_existing_entries_in_place(app, user):
    _import(app, user, example())
    document = example()
    document["days"][0] = {"date": "2026-01-02", "stress": 2, "mood": None}  # sleep not mentioned: kept
    document["attacks"][0]["peak_intensity"] = 8
    document["attacks"][0]["started_at"] = "2026-01-03T06:30:00Z"  # the same moment, written in UTC
    outcome = _import(app, user, document)
    assert outcome.summary.sections["days"].updated == 1
    assert outcome.summary.sections["attacks"].updated == 1
    with app.app_context():
        assert _counts() == [1, 1, 2, 1, 2]
        day = db.session.scalar(select(DailyLog))
        assert (day.stress, day.mood, day.sleep_hours) == (2, None, 5.5)
        assert db.session.scalar(select(Attack.peak_intensity)) == 8


def test_export_then_import_into_another_account_then_export_gives_the_same_json(app, user):
    _import(app, user, example())
    other = make_account(app, "second@example.org", timezone="UTC")
    with app.app_context():
        first = export_file(db.session.get(User, user.id))
    outcome = _import(app, other, first.encode())
    assert outcome.summary.timezone_set == "Europe/Berlin"
    with app.app_context():
        second = export_file(db.session.get(User, other.id))
    assert json.loads(second) == json.loads(first)


def test_export_follows_the_format_and_leaves_out_what_was_not_recorded(app, user):
    document = example()
    document["days"] = [{"date": "2026-01-02", "stress": 4}]
    _import(app, user, document)
    with app.app_context():
        exported = json.loads(export_file(db.session.get(User, user.id)))
    assert check_diary(exported)[1] == []
    assert exported["days"] == [{"date": "2026-01-02", "stress": 4}]
    assert exported["attacks"][0]["started_at"] == "2026-01-03T07:30:00+01:00"
    assert exported["treatments"][0]["stopped_on"] is None


def test_an_exported_ongoing_attack_without_intensity_imports_again(app, user):
    from diary.attacks.services import start_attack_now

    with app.app_context():
        start_attack_now(user.id)
        exported = export_file(db.session.get(User, user.id))
    assert json.loads(exported)["attacks"][0]["ended_at"] is None
    other = make_account(app, "other@example.org")
    assert not _import(app, other, exported.encode()).refused


def test_imports_follow_the_attack_forms_rules(clock):
    """An attack starting in 2100, or lasting 27 years, once imported and counted in every statistic."""
    from datetime import datetime, timezone

    clock.move_to(datetime(2026, 6, 17, 10, tzinfo=timezone.utc))
    document = example()
    document["days"].append({"date": "2026-06-19"})
    document["attacks"] += [
        {"started_at": "2100-01-01T08:00:00+01:00", "ended_at": None, "kind": "migraine"},
        {"started_at": "1999-01-01T08:00:00+01:00", "ended_at": "2026-01-01T08:00:00+01:00", "kind": "migraine"},
        {"started_at": "2026-05-01T08:00:00+02:00", "ended_at": None, "kind": "headache"},
        {"started_at": "2026-06-17T09:00:00+02:00", "ended_at": None, "kind": "migraine",
         "medications": [{"name": "sumatriptan", "taken_at": "2026-06-18T09:00:00+02:00"}]},
    ]
    document["doses"].append({"name": "ibuprofen", "taken_at": "2027-01-01T08:00:00+01:00"})
    faults = check_diary(document)[1]
    n = len(example()["attacks"])
    assert faults == [
        f"days[{len(example()['days'])}].date: 2026-06-19 is in the future",
        f"attacks[{n}].started_at: is in the future",
        f"attacks[{n + 1}].ended_at: the attack lasts 9,862 days; at most 14 days are taken (enter its end, or "
        "split it into separate attacks)",
        f"attacks[{n + 2}].ended_at: the attack has no end and began 47 days ago; at most 14 days are taken (enter "
        "its end, or split it into separate attacks)",
        f"attacks[{n + 3}].medications[0].taken_at: is in the future",
        f"attacks[{n + 2}].ended_at: is empty (still going on), as is attacks[{n}]; only one attack can be going on",
        f"attacks[{n + 3}].ended_at: is empty (still going on), as is attacks[{n}]; only one attack can be going on",
        "doses[1].taken_at: is in the future",
    ]


def test_a_file_of_millions_of_faults_is_refused_quickly_with_a_short_list(app, client, logged_in):
    """A 20 MB file whose days were ten million zeros once took 66 s, 3 GB of memory and a 550 MB error page."""
    from .test_data_pages import _upload

    document = example()
    document["days"] = [0] * 100_000
    assert check_diary(document)[1] == ["days: has 100,000 entries; at most 30,000 are allowed"]
    document["days"] = [0] * 20_000  # under the limit: each one is a fault, and the first 100 are listed
    faults = check_diary(document)[1]
    assert len(faults) == 101 and faults[0] == "days[0]: is not an object" and faults[-1] == "… and 19,900 more"
    document["days"], document["attacks"][0]["symptoms"] = [], ["nausea"] * 1000
    assert check_diary(document)[1] == ["attacks[0].symptoms: has 1,000 entries; at most 50 are allowed"]

    document = example()
    document["days"] = [0] * 20_000
    response = _upload(client, json.dumps(document).encode(), "migraine-diary", "huge.json")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "… and 19,900 more" in page and len(page) < 50_000
    with app.app_context():
        assert _counts() == [0, 0, 0, 0, 0], "nothing written"


def test_more_attacks_in_a_month_than_anyone_has_are_refused():
    document = example()
    document["attacks"] = [{"started_at": f"2026-01-{1 + n // 10:02}T{n % 10:02}:00:00+01:00", "kind": "cluster",
                            "ended_at": f"2026-01-{1 + n // 10:02}T{n % 10:02}:30:00+01:00"} for n in range(250)]
    assert check_diary(document)[1] == ["attacks: 250 attacks start in 2026-01; at most 248 a month are taken (8 a day)"]
    document["attacks"] = document["attacks"][:248]
    assert check_diary(document)[1] == []


def test_an_import_moves_the_diary_version_on_and_the_same_import_again_does_not(app, user):
    """Cached insights are valid while the version stays: every write moves it, whatever made the write."""
    def version():
        with app.app_context():
            return db.session.scalar(select(User.diary_version).where(User.id == user.id))

    before = version()
    _import(app, user, example())
    after = version()
    assert after > before
    _import(app, user, example())
    assert version() == after, "nothing changed, so the cached insights stay valid"
    changed = example()
    changed["attacks"][0]["peak_intensity"] = 3
    _import(app, user, changed)
    assert version() > after
