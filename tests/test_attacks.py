"""Attack pages: the quick flow during an attack, the full form with its checks, the list, delete."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from diary.attacks.services import duration_text
from diary.extensions import db
from diary.models import Attack, DailyLog, MedicationDose

from .conftest import PINNED_NOW, post_form

BERLIN = ZoneInfo("Europe/Berlin")


def _attacks():
    return db.session.scalars(select(Attack).order_by(Attack.started_at)).all()


def _form(**changes) -> dict:
    """A complete attack form as a browser would send it (local Berlin times)."""
    data = {
        "started_at": "2026-03-10T07:30", "ended_at": "2026-03-10T19:00", "kind": "migraine",
        "peak_intensity": "7", "disability": "2", "aura": "y", "aura_types": ["visual"],
        "symptoms": ["nausea", "photophobia"], "most_bothersome": "photophobia", "premonitory": ["yawning"],
        "pain_sides": ["left"], "location": "work", "notes": "Started at my desk.",
        "relief_methods-0-name": "Dark room", "relief_methods-0-effect": "helpful",
        "doses-0-name": "sumatriptan", "doses-0-drug_class": "triptan", "doses-0-dose": "50 mg",
        "doses-0-taken_at": "2026-03-10T08:00", "doses-0-relief": "2",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_attack_now_then_medication_then_end(app, client, logged_in):
    response = post_form(client, "/attacks/now", {}, token_from="/dashboard")
    assert response.status_code == 302
    progress = response.headers["Location"]
    page = client.get(progress).get_data(as_text=True)
    assert "Attack in progress" in page and "Took medication" in page

    assert post_form(client, progress.replace("progress", "intensity"), {"peak_intensity": "6"},
                     token_from=progress).status_code == 302
    assert post_form(client, progress.replace("progress", "doses"), {"name": "Ibuprofen", "dose": "400 mg"},
                     token_from=progress).status_code == 302
    page = client.get(progress).get_data(as_text=True)
    assert "Ibuprofen 400 mg" in page and "Dose noted." in page

    response = post_form(client, progress.replace("progress", "end"), {}, token_from=progress)
    assert "/ended?undo=" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Attack ended" in page and "How was it?" in page and "Undo: the attack is still going on" in page
    assert "Attack in progress" not in client.get("/dashboard").get_data(as_text=True)

    with app.app_context():
        [attack] = _attacks()
        assert attack.peak_intensity == 6 and attack.ended_at is not None and attack.kind == "migraine"
        assert [(d.name, d.drug_class, d.dose, d.relief) for d in attack.doses] == \
            [("Ibuprofen", "simple analgesic", "400 mg", None)]


def test_a_second_tap_on_attack_now_does_not_make_a_second_attack(app, client, logged_in):
    first = post_form(client, "/attacks/now", {}, token_from="/dashboard").headers["Location"]
    second = post_form(client, "/attacks/now", {}, token_from="/dashboard").headers["Location"]
    assert first == second
    with app.app_context():
        assert len(_attacks()) == 1


def test_a_new_attack_starts_even_within_the_minute_the_last_one_ended(clock, app, client, logged_in):
    """Attack now, Attack ended, Attack now within one clock minute: starts are stored to the minute, and this once
    hit the unique (user, start) check with a 500 and nothing saved."""
    first = post_form(client, "/attacks/now", {}, token_from="/dashboard").headers["Location"]
    post_form(client, first.replace("progress", "end"), {}, token_from=first)
    clock.shift(timedelta(seconds=20))
    response = post_form(client, "/attacks/now", {}, token_from="/dashboard")
    assert response.status_code == 302
    second = response.headers["Location"]
    assert second != first and "Attack in progress" in client.get(second).get_data(as_text=True)
    with app.app_context():
        ended, ongoing = _attacks()
        assert ended.ended_at == ended.started_at == PINNED_NOW
        assert ongoing.ended_at is None and ongoing.started_at == PINNED_NOW + timedelta(minutes=1)


def test_only_one_attack_goes_on_at_a_time_and_not_for_weeks(clock, app, client, logged_in):
    post_form(client, "/attacks/now", {}, token_from="/dashboard")  # 17 June, 12:00 in Berlin
    no_dose = {f"doses-0-{name}": None for name in ("name", "drug_class", "dose", "taken_at", "relief")}
    response = post_form(client, "/attacks/new", _form(started_at="2026-06-16T08:00", ended_at="", **no_dose))
    assert response.status_code == 422
    assert "Another attack is still going on (since Wed 17 Jun 2026, 12:00)" in response.get_data(as_text=True)
    with app.app_context():
        ongoing = _attacks()[0]
        ongoing.ended_at = ongoing.started_at
        db.session.commit()
    response = post_form(client, "/attacks/new", _form(started_at="2026-05-01T08:00", ended_at="", **no_dose))
    assert response.status_code == 422
    assert "This attack began more than 14 days ago: enter when it ended." in response.get_data(as_text=True)
    with app.app_context():
        assert len(_attacks()) == 1


def test_the_in_progress_bar_shows_on_every_page(client, logged_in):
    post_form(client, "/attacks/now", {}, token_from="/dashboard")
    for path in ("/dashboard", "/days/", "/attacks/", "/treatments/"):
        page = client.get(path).get_data(as_text=True)
        assert 'class="attack-bar"' in page and "Attack ended" in page, path
        assert "Attack now</button>" not in page


def test_attack_now_is_everywhere_but_on_the_attack_form_itself(app, client, logged_in):
    """On the form that logs an attack, "Attack now" would start a second one and drop what was typed."""
    for path in ("/dashboard", "/days/", "/attacks/", "/insights"):
        assert "Attack now</button>" in client.get(path).get_data(as_text=True), path
    assert "Attack now</button>" not in client.get("/attacks/new").get_data(as_text=True)
    post_form(client, "/attacks/new", {"started_at": "2026-03-01T08:00", "ended_at": "2026-03-01T12:00",
                                       "kind": "migraine"})
    with app.app_context():
        attack_id = _attacks()[0].id
    assert "Attack now</button>" not in client.get(f"/attacks/{attack_id}/edit").get_data(as_text=True)


def test_attack_now_without_token_is_refused(app, client, logged_in):
    client.post("/attacks/now")
    with app.app_context():
        assert _attacks() == []


@pytest.mark.parametrize("changes, field, message", [
    ({"peak_intensity": "11"}, "peak_intensity", "Intensity goes from 0 (no pain) to 10"),
    ({"peak_intensity": "-1"}, "peak_intensity", "Intensity goes from 0 (no pain) to 10"),
    ({"ended_at": "2026-03-10T06:00"}, "ended_at", "The end is before the start."),
    ({"started_at": "2099-01-01T08:00", "ended_at": ""}, "started_at", "The start is in the future."),
    ({"started_at": ""}, "started_at", "Enter when the attack started."),
    ({"started_at": "yesterday"}, "started_at", "Not a valid datetime value."),
    ({"started_at": "0001-01-01T00:00"}, "started_at", "Enter a date between 1900 and 2100."),
    ({"doses-0-taken_at": "9999-12-31T23:00"}, "doses-0-taken_at", "Enter a date between 1900 and 2100."),
    # Berlin's clocks jump from 2:00 to 3:00 on 30 March 2025: "2:30" does not exist and reads as 1:30 UTC.
    ({"started_at": "2025-03-30T02:30", "ended_at": "2025-03-30T03:10", "doses-0-taken_at": "2025-03-30T03:00"},
     "ended_at", "The clocks changed in between"),
    ({"disability": "5"}, "disability", "Choose from none (0) to bed rest (3)."),
    ({"ended_at": "2026-03-25T08:00"}, "ended_at", "The attack would last more than 14 days."),
    ({"doses-0-name": "", "doses-0-dose": "50 mg"}, "doses-0-name", "Enter the name of the medication"),
    ({"doses-0-taken_at": "2099-01-01T08:00"}, "doses-0-taken_at", "This time is in the future."),
    ({"notes": "x" * 5001}, "notes", "Notes can be up to 5000 characters."),
    ({"symptoms": ["nausea", "dizziness"]}, "symptoms", "is not a valid choice"),
])
def test_bad_attack_input_gets_a_message_next_to_the_field_and_keeps_what_was_typed(app, client, logged_in,
                                                                                    changes, field, message):
    response = post_form(client, "/attacks/new", _form(**changes))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert message in page.split(f'id="{field}-error"', 1)[1].split("</small>", 1)[0]
    assert "Started at my desk." in page or field == "notes", "the rest of the input stays in the form"
    with app.app_context():
        assert _attacks() == []


def test_a_remedy_typed_in_counts_as_unsure_until_its_effect_is_chosen(app, client, logged_in):
    """A quick "dark room" during an attack must not be recorded as having helped."""
    import re

    page = client.get("/attacks/new").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="relief_methods-0-effect".*?</select>', page, re.S).group(0)
    assert '<option selected value="unsure">' in select, select
    post_form(client, "/attacks/new", _form(**{"relief_methods-0-effect": "unsure"}))
    with app.app_context():
        [attack] = _attacks()
        assert attack.relief_methods == [{"name": "dark room", "effect": "unsure"}]
    page = client.get(f"/attacks/{attack.id}/edit").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="relief_methods-1-effect".*?</select>', page, re.S).group(0)
    assert '<option selected value="unsure">' in select, "the empty row for one more remedy starts unsure too"


def test_a_ticked_kind_of_aura_with_the_aura_switch_off_is_asked_about(app, client, logged_in):
    response = post_form(client, "/attacks/new", _form(aura=None, aura_types=["visual"]))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "switch it on, or untick the kinds" in page
    assert '<input checked id="aura_types-0" name="aura_types" type="checkbox" value="visual">' in page, \
        "what was ticked stays ticked"
    with app.app_context():
        assert _attacks() == []


def test_new_attack_with_a_dose_is_saved_in_utc(app, client, logged_in):
    response = post_form(client, "/attacks/new", _form())
    assert response.status_code == 302
    with app.app_context():
        [attack] = _attacks()
        assert attack.started_at == datetime(2026, 3, 10, 6, 30, tzinfo=timezone.utc)
        assert (attack.peak_intensity, attack.disability, attack.aura, attack.aura_types) == (7, 2, True, ["visual"])
        assert attack.relief_methods == [{"name": "dark room", "effect": "helpful"}]
        [dose] = attack.doses
        assert (dose.name, dose.drug_class, dose.relief) == ("sumatriptan", "triptan", 2)
        assert dose.taken_at == datetime(2026, 3, 10, 7, 0, tzinfo=timezone.utc)
    page = client.get("/attacks/").get_data(as_text=True)
    assert "Tue 10 Mar 2026, 07:30" in page and "intensity 7/10" in page and "sumatriptan (good)" in page
    assert "stopped you: moderate (activities reduced)" in page, "the level says what it measures"


def test_back_dated_attack_from_yesterday_evening_still_going_on(clock, app, client, logged_in):
    yesterday = "2026-06-16T21:00"  # the clock is pinned at 17 June, 12:00 in Berlin
    no_dose = {f"doses-0-{name}": None for name in ("name", "drug_class", "dose", "taken_at", "relief")}
    response = post_form(client, "/attacks/new", _form(started_at=yesterday, ended_at="", **no_dose))
    assert response.status_code == 302 and response.headers["Location"].endswith("/progress")
    with app.app_context():
        [attack] = _attacks()
        assert attack.ended_at is None and attack.doses == []


def test_a_dose_without_a_class_gets_it_from_the_catalogue_and_without_a_time_the_attack_start(app, client,
                                                                                               logged_in):
    post_form(client, "/attacks/new", _form(**{"doses-0-name": "Rizatriptan", "doses-0-drug_class": "other",
                                               "doses-0-taken_at": ""}))
    with app.app_context():
        [attack] = _attacks()
        assert attack.doses[0].drug_class == "triptan"
        assert attack.doses[0].taken_at == attack.started_at


def test_edit_changes_the_attack_and_removes_a_dose(app, client, logged_in):
    post_form(client, "/attacks/new", _form())
    with app.app_context():
        attack_id, dose_id = _attacks()[0].id, _attacks()[0].doses[0].id
    edit = f"/attacks/{attack_id}/edit"
    page = client.get(edit).get_data(as_text=True)
    assert 'value="2026-03-10T07:30"' in page and 'value="sumatriptan"' in page
    response = post_form(client, edit, _form(peak_intensity="5", **{
        "doses-0-id": str(dose_id), "doses-0-remove": "y",
        "doses-1-name": "ibuprofen", "doses-1-drug_class": "simple analgesic", "doses-1-taken_at": "2026-03-10T09:00"}))
    assert response.status_code == 302
    with app.app_context():
        [attack] = _attacks()
        assert attack.peak_intensity == 5
        assert [d.name for d in attack.doses] == ["ibuprofen"]
        assert db.session.scalar(select(func.count(MedicationDose.id))) == 1


def test_a_dose_added_later_with_the_default_class_gets_the_known_class(app, client, logged_in):
    """Editing an attack and adding a dose with the class left at "other" (the form's default) looks the class up,
    as on a new attack; the lookup must not save the new dose before its name is set."""
    post_form(client, "/attacks/new", _form())
    with app.app_context():
        attack_id, dose_id = _attacks()[0].id, _attacks()[0].doses[0].id
    response = post_form(client, f"/attacks/{attack_id}/edit", _form(**{
        "doses-0-id": str(dose_id), "doses-1-name": "Ibuprofen", "doses-1-drug_class": "other",
        "doses-1-taken_at": "2026-03-10T09:00"}))
    assert response.status_code == 302
    with app.app_context():
        doses = {d.name: d.drug_class for d in _attacks()[0].doses}
        assert doses == {"sumatriptan": "triptan", "Ibuprofen": "simple analgesic"}


def test_two_attacks_cannot_start_at_the_same_minute(app, client, logged_in):
    post_form(client, "/attacks/new", _form())
    response = post_form(client, "/attacks/new", _form(notes="again"))
    assert response.status_code == 422
    assert "Another attack already starts at this time" in response.get_data(as_text=True)


def test_delete_asks_first_and_removes_the_attacks_doses_only(app, client, logged_in):
    post_form(client, "/attacks/new", _form())
    with app.app_context():
        attack_id = _attacks()[0].id
        db.session.add_all([
            MedicationDose(user_id=logged_in.id, name="ibuprofen", drug_class="simple analgesic",
                           taken_at=datetime(2026, 3, 12, 9, tzinfo=timezone.utc)),
            DailyLog(user_id=logged_in.id, date=datetime(2026, 3, 10).date(), stress=5)])
        db.session.commit()
    page = client.get(f"/attacks/{attack_id}/delete").get_data(as_text=True)
    assert "Delete this attack?" in page and "sumatriptan" in page
    with app.app_context():
        assert len(_attacks()) == 1, "looking at the question deletes nothing"
    response = post_form(client, f"/attacks/{attack_id}/delete", {})
    assert response.headers["Location"] == "/attacks/"
    with app.app_context():
        assert _attacks() == []
        assert db.session.scalars(select(MedicationDose.name)).all() == ["ibuprofen"]
        assert db.session.scalar(select(func.count(DailyLog.id))) == 1


def test_the_list_is_newest_first_and_paged(app, client, logged_in):
    with app.app_context():
        start = datetime(2025, 1, 1, 8, tzinfo=timezone.utc)
        db.session.add_all([Attack(user_id=logged_in.id, started_at=start + timedelta(days=i), kind="migraine",
                                   peak_intensity=i % 11, ended_at=start + timedelta(days=i, hours=3))
                            for i in range(45)])
        db.session.commit()
    first = client.get("/attacks/").get_data(as_text=True)
    assert "Page 1 of 3" in first
    assert first.index("Fri 14 Feb 2025") < first.index("Thu 13 Feb 2025")
    third = client.get("/attacks/?page=3").get_data(as_text=True)
    assert "Wed 01 Jan 2025" in third and "Fri 14 Feb 2025" not in third
    assert client.get("/attacks/?page=99").status_code == 200


def test_relief_is_asked_two_hours_after_a_dose(clock, app, client, logged_in):
    with app.app_context():
        started = PINNED_NOW - timedelta(hours=2, minutes=20)
        attack = Attack(user_id=logged_in.id, started_at=started, kind="migraine")
        attack.doses.append(MedicationDose(user_id=logged_in.id, name="sumatriptan", drug_class="triptan",
                                           taken_at=started + timedelta(minutes=30)))
        db.session.add(attack)
        db.session.commit()
        attack_id, dose_id = attack.id, attack.doses[0].id
    progress = f"/attacks/{attack_id}/progress"
    assert "Two hours later" not in client.get(progress).get_data(as_text=True), "1 h 50 min after the dose"
    clock.shift(timedelta(minutes=10))
    assert "Two hours later, how well did it work?" in client.get(progress).get_data(as_text=True)
    post_form(client, f"/attacks/{attack_id}/doses/{dose_id}/relief", {"relief": "3"}, token_from=progress)
    with app.app_context():
        assert db.session.get(MedicationDose, dose_id).relief == 3
    assert "Two hours later" not in client.get(progress).get_data(as_text=True)

    # The form may say where to go back to, but only on this site.
    relief = f"/attacks/{attack_id}/doses/{dose_id}/relief"
    for target, goes_to in [("/attacks/", "/attacks/"), ("https://evil.example/", progress),
                            ("//evil.example/", progress), ("/\\evil.example/", progress),
                            ("/attacks/\r\nSet-Cookie: x=1", progress)]:
        response = post_form(client, relief, {"relief": "2", "next": target}, token_from=progress)
        assert response.headers["Location"] == goes_to, target


def test_quick_dose_without_a_name_is_a_message(client, logged_in):
    progress = post_form(client, "/attacks/now", {}, token_from="/dashboard").headers["Location"]
    for name in ("", "   "):  # spaces only were saved as a nameless dose, which a backup cannot restore
        response = post_form(client, progress.replace("progress", "doses"), {"name": name}, token_from=progress)
        assert response.status_code == 422
        assert "Enter what you took." in response.get_data(as_text=True)
    response = post_form(client, "/attacks/doses", {"name": " ", "taken_at": "2026-01-02T10:00"},
                         token_from="/attacks/doses")
    assert response.status_code == 422 and "Enter what you took." in response.get_data(as_text=True)


def test_quick_intensity_out_of_range_is_a_message(client, logged_in):
    progress = post_form(client, "/attacks/now", {}, token_from="/dashboard").headers["Location"]
    response = post_form(client, progress.replace("progress", "intensity"), {"peak_intensity": "12"},
                         token_from=progress)
    assert response.status_code == 422
    assert "Intensity goes from 0 (no pain) to 10" in response.get_data(as_text=True)


@pytest.mark.parametrize("minutes, text", [(0, "0 min"), (59, "59 min"), (60, "1 h 0 min"), (200, "3 h 20 min"),
                                           (1560, "1 d 2 h"), (1495, "1 d")])
def test_durations_read_naturally(minutes, text):
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert duration_text(start, start + timedelta(minutes=minutes)) == text


def test_medication_without_an_attack(app, client, logged_in):
    assert "Medication without an attack" in client.get("/attacks/").get_data(as_text=True)
    response = post_form(client, "/attacks/doses", {"name": "paracetamol", "dose": "1 g", "drug_class": "",
                                                    "taken_at": "2026-03-01T18:30", "relief": "1"})
    assert response.status_code == 302
    page = client.get("/attacks/doses").get_data(as_text=True)
    assert "Sun 01 Mar 2026, 18:30" in page and "paracetamol 1 g" in page
    with app.app_context():
        dose = db.session.scalar(select(MedicationDose))
        assert (dose.attack_id, dose.drug_class, dose.relief) == (None, "paracetamol", 1)
        assert dose.taken_at == datetime(2026, 3, 1, 17, 30, tzinfo=timezone.utc)
        dose_id = dose.id
    post_form(client, f"/attacks/doses/{dose_id}/delete", {}, token_from="/attacks/doses")
    with app.app_context():
        assert db.session.scalar(select(MedicationDose)) is None


@pytest.mark.parametrize("changes, field, message", [
    ({"name": ""}, "name", "Enter what you took."),
    ({"taken_at": "2099-01-01T10:00"}, "taken_at", "This time is in the future."),
    ({"taken_at": "later"}, "taken_at", "Not a valid datetime value."),
    ({"relief": "7"}, "relief", "Not a valid choice."),
])
def test_bad_standalone_dose_input_gets_a_message(app, client, logged_in, changes, field, message):
    data = {"name": "ibuprofen", "dose": "400 mg", "drug_class": "", "taken_at": "2026-03-01T18:30", "relief": ""}
    response = post_form(client, "/attacks/doses", {**data, **changes})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True).split(f'id="{field}-error"', 1)[1].split("</small>")[0]
    with app.app_context():
        assert db.session.scalar(select(MedicationDose)) is None


@pytest.mark.parametrize("path, data, message", [
    ("doses", {"name": ""}, "Enter what you took."),
    ("doses", {"name": "x" * 101}, "Field cannot be longer than 100 characters."),
    ("doses", {"name": "ibuprofen", "drug_class": "sweets"}, "Not a valid choice."),
    ("intensity", {"peak_intensity": "12"}, "Intensity goes from 0 (no pain) to 10"),
    ("intensity", {"peak_intensity": "-1"}, "Intensity goes from 0 (no pain) to 10"),
    ("intensity", {"peak_intensity": "bad"}, "Not a valid integer value."),
])
def test_bad_input_in_the_quick_forms_gets_a_message(app, client, logged_in, path, data, message):
    progress = post_form(client, "/attacks/now", {}, token_from="/dashboard").headers["Location"]
    response = post_form(client, progress.replace("progress", path), data, token_from=progress)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        [attack] = _attacks()
        assert attack.doses == [] and attack.peak_intensity is None


def test_relief_out_of_range_is_refused(app, client, logged_in):
    with app.app_context():
        attack = Attack(user_id=logged_in.id, kind="migraine", started_at=datetime(2026, 1, 1, 8, tzinfo=timezone.utc))
        attack.doses.append(MedicationDose(user_id=logged_in.id, name="sumatriptan", drug_class="triptan",
                                           taken_at=datetime(2026, 1, 1, 8, 30, tzinfo=timezone.utc)))
        db.session.add(attack)
        db.session.commit()
        path = f"/attacks/{attack.id}/doses/{attack.doses[0].id}/relief"
        dose_id = attack.doses[0].id
    for bad in ("4", "-1", "great"):
        response = post_form(client, path, {"relief": bad}, token_from="/dashboard")
        assert response.status_code == 302
        assert "Choose how well the medication worked" in client.get(response.headers["Location"]).get_data(
            as_text=True)
    with app.app_context():
        assert db.session.get(MedicationDose, dose_id).relief is None


def _ongoing_attack_with_doses(user_id, *doses, minutes_ago=90):
    """An attack that began `minutes_ago` before the pinned clock, with doses (name, dose) taken since."""
    started = PINNED_NOW - timedelta(minutes=minutes_ago)
    attack = Attack(user_id=user_id, started_at=started, kind="migraine")
    for number, (name, amount) in enumerate(doses):
        attack.doses.append(MedicationDose(user_id=user_id, name=name, dose=amount, drug_class="triptan",
                                           taken_at=started + timedelta(minutes=10 * (number + 1))))
    db.session.add(attack)
    db.session.commit()
    return attack.id, [d.id for d in attack.doses]


def _end(client, attack_id):
    progress = f"/attacks/{attack_id}/progress"
    return post_form(client, f"/attacks/{attack_id}/end", {}, token_from=progress).headers["Location"]


def test_ending_an_attack_asks_a_few_questions_and_saves_them_onto_it(clock, app, client, logged_in):
    with app.app_context():
        attack_id, (dose_id,) = _ongoing_attack_with_doses(logged_in.id, ("sumatriptan", "50 mg"))
        other = MedicationDose(user_id=logged_in.id, name="ibuprofen", drug_class="simple analgesic",
                               taken_at=PINNED_NOW - timedelta(days=3))
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    ended = _end(client, attack_id)
    page = client.get(ended).get_data(as_text=True)
    assert "Lasted 1 h 30 min." in page
    assert "sumatriptan 50 mg, taken at 10:40" in page, "each dose asked about by name and time"
    assert "Symptoms" not in page.split("<form", 2)[2].split("</form>")[0], "not the whole form"
    response = post_form(client, ended, {"peak_intensity": "8", "disability": "2", "notes": " Slept it off. ",
                                         "doses-0-id": str(dose_id), "doses-0-relief": "2",
                                         "doses-1-id": str(other_id), "doses-1-relief": "3"})
    assert response.status_code == 302 and response.headers["Location"] == "/attacks/"
    with app.app_context():
        attack = db.session.get(Attack, attack_id)
        assert (attack.peak_intensity, attack.disability, attack.notes) == (8, 2, "Slept it off.")
        assert attack.doses[0].relief == 2
        assert db.session.get(MedicationDose, other_id).relief is None, "only this attack's doses"


@pytest.mark.parametrize("data, field, message", [
    ({"peak_intensity": "12"}, "peak_intensity", "Intensity goes from 0 (no pain) to 10"),
    ({"disability": "9"}, "disability", "Choose from none (0) to bed rest (3)."),
    ({"notes": "x" * 5001}, "notes", "Notes can be up to 5000 characters."),
    ({"doses-0-relief": "7"}, "doses-0-relief", "Not a valid choice."),
])
def test_bad_answers_after_an_attack_get_a_message_and_change_nothing(clock, app, client, logged_in, data, field,
                                                                       message):
    with app.app_context():
        attack_id, (dose_id,) = _ongoing_attack_with_doses(logged_in.id, ("sumatriptan", "50 mg"))
    ended = _end(client, attack_id)
    response = post_form(client, ended, {"doses-0-id": str(dose_id), **data})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page.split(f'id="{field}-error"', 1)[1].split("</small>", 1)[0]
    assert f'<a href="#{field}">' in page.split("data-error-summary", 1)[1], "the summary links to the field"
    assert "Undo: the attack is still going on" in page, "a refused answer keeps the undo"
    with app.app_context():
        attack = db.session.get(Attack, attack_id)
        assert attack.peak_intensity is None and attack.doses[0].relief is None


def test_attack_ended_can_be_undone_for_a_few_minutes(clock, app, client, logged_in):
    with app.app_context():
        attack_id, _ = _ongoing_attack_with_doses(logged_in.id)
    ended = _end(client, attack_id)
    token = ended.split("undo=", 1)[1]
    clock.shift(timedelta(minutes=9))
    response = post_form(client, f"/attacks/{attack_id}/reopen", {"undo": token}, token_from=ended)
    assert response.headers["Location"] == f"/attacks/{attack_id}/progress"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Undone: the attack is still going on." in page and "Attack in progress" in page
    with app.app_context():
        assert db.session.get(Attack, attack_id).ended_at is None

    ended = _end(client, attack_id)
    clock.shift(timedelta(minutes=11))
    assert "Undo: the attack" not in client.get(ended).get_data(as_text=True), "no button once it is too late"
    response = post_form(client, f"/attacks/{attack_id}/reopen", {"undo": ended.split("undo=", 1)[1]},
                         token_from=ended)
    assert response.headers["Location"] == f"/attacks/{attack_id}/ended"
    assert "Undo works for 10 minutes" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Attack, attack_id).ended_at is not None


@pytest.mark.parametrize("spoil", ["forged", "edited since", "other attack going on", "another attack's"])
def test_undo_takes_back_only_the_end_just_tapped(clock, app, client, logged_in, spoil):
    with app.app_context():
        attack_id, _ = _ongoing_attack_with_doses(logged_in.id)
    ended = _end(client, attack_id)
    token = ended.split("undo=", 1)[1]
    target = attack_id
    with app.app_context():
        if spoil == "forged":
            token = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
        elif spoil == "edited since":  # the full form moved the end: the undo no longer fits it
            db.session.get(Attack, attack_id).ended_at -= timedelta(minutes=30)
        elif spoil == "other attack going on":
            db.session.add(Attack(user_id=logged_in.id, kind="migraine", started_at=PINNED_NOW + timedelta(minutes=1)))
        else:
            target = Attack(user_id=logged_in.id, kind="migraine", started_at=PINNED_NOW - timedelta(days=2),
                            ended_at=PINNED_NOW)
            db.session.add(target)
            db.session.flush()
            target = target.id
        db.session.commit()
    response = post_form(client, f"/attacks/{target}/reopen", {"undo": token}, token_from=ended)
    assert response.headers["Location"] == f"/attacks/{target}/ended"
    with app.app_context():
        assert db.session.get(Attack, target).ended_at is not None


def test_a_double_tap_on_attack_ended_still_offers_the_undo(clock, app, client, logged_in):
    """The browser shows the answer to the second tap, which finds the attack ended already."""
    with app.app_context():
        attack_id, _ = _ongoing_attack_with_doses(logged_in.id)
    first = _end(client, attack_id)
    second = _end(client, attack_id)
    assert "undo=" in second
    assert "Undo: the attack is still going on" in client.get(second).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Attack, attack_id).ended_at == PINNED_NOW
    assert first.split("?")[0] == second.split("?")[0]


def test_the_page_after_an_attack_of_one_still_going_on_is_its_progress_page(clock, app, client, logged_in):
    with app.app_context():
        attack_id, _ = _ongoing_attack_with_doses(logged_in.id)
    response = client.get(f"/attacks/{attack_id}/ended")
    assert response.status_code == 302 and response.headers["Location"] == f"/attacks/{attack_id}/progress"


def test_deleting_a_dose_outside_an_attack_asks_first(app, client, logged_in):
    post_form(client, "/attacks/doses", {"name": "paracetamol", "dose": "1 g", "taken_at": "2026-03-01T18:30"})
    with app.app_context():
        dose_id = db.session.scalar(select(MedicationDose.id))
    listing = client.get("/attacks/doses").get_data(as_text=True)
    assert f'href="/attacks/doses/{dose_id}/delete"' in listing, "a link to the question, not a button that deletes"
    page = client.get(f"/attacks/doses/{dose_id}/delete").get_data(as_text=True)
    assert "Delete this dose?" in page and "paracetamol 1 g" in page and "Keep it" in page
    with app.app_context():
        assert db.session.get(MedicationDose, dose_id) is not None, "looking at the question deletes nothing"
    response = post_form(client, f"/attacks/doses/{dose_id}/delete", {})
    assert response.headers["Location"] == "/attacks/doses"
    assert "Dose deleted." in client.get("/attacks/doses").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(MedicationDose, dose_id) is None


def test_the_usual_medication_buttons_stay_put_while_the_attack_goes_on(clock, app, client, logged_in):
    """Counting this attack's doses reordered the buttons after a tap: the next tap on that spot noted another drug."""
    with app.app_context():
        for days_ago, name in [(9, "ibuprofen"), (8, "ibuprofen"), (7, "sumatriptan")]:
            db.session.add(MedicationDose(user_id=logged_in.id, name=name, drug_class="triptan", dose="",
                                          taken_at=PINNED_NOW - timedelta(days=days_ago)))
        db.session.commit()
        attack_id, _ = _ongoing_attack_with_doses(logged_in.id, ("sumatriptan", "100 mg"), ("sumatriptan", "100 mg"))
    page = client.get(f"/attacks/{attack_id}/progress").get_data(as_text=True)
    assert page.index("Took ibuprofen") < page.index("Took sumatriptan</button>"), "the order from before the attack"


def test_a_refused_quick_dose_is_summed_up_below_the_buttons(client, logged_in):
    progress = post_form(client, "/attacks/now", {}, token_from="/dashboard").headers["Location"]
    page = post_form(client, progress.replace("progress", "doses"), {"name": ""}, token_from=progress
                     ).get_data(as_text=True)
    summary = page.split('<div class="message-slot">', 1)[1]
    assert "data-error-summary" in summary and '<a href="#name">Medication: Enter what you took.</a>' in summary
    assert page.index('id="peak_intensity"') < page.index('class="message-slot"')
