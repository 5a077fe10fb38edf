"""One user never sees, changes or deletes another user's entries by changing an id in the URL: 404 everywhere."""
import json
import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from diary.extensions import db
from diary.models import Attack, MedicationDose, TreatmentCourse

from .conftest import csrf_token, make_account
from .diaries import example

ID_ARGUMENTS = {"attack_id", "dose_id", "course_id"}


@pytest.fixture
def victim_entries(app):
    """Another person's diary: an attack with a dose, and a treatment."""
    victim = make_account(app, "victim@example.org")
    with app.app_context():
        attack = Attack(user_id=victim.id, kind="migraine", peak_intensity=9, notes="private",
                        started_at=datetime(2026, 2, 1, 8, tzinfo=timezone.utc))
        attack.doses.append(MedicationDose(user_id=victim.id, name="secretriptan", drug_class="triptan",
                                           taken_at=datetime(2026, 2, 1, 9, tzinfo=timezone.utc)))
        course = TreatmentCourse(user_id=victim.id, name="private course", purpose="preventive",
                                 started_on=datetime(2026, 1, 1).date())
        db.session.add_all([attack, course])
        db.session.commit()
        return {"attack_id": attack.id, "dose_id": attack.doses[0].id, "course_id": course.id}


def _id_routes(app):
    rules = [r for r in app.url_map.iter_rules() if set(r.arguments) & ID_ARGUMENTS]
    assert {r.endpoint for r in rules} >= {"attacks.edit", "attacks.delete", "attacks.progress", "attacks.end",
                                           "attacks.intensity", "attacks.took_medication", "attacks.dose_relief",
                                           "treatments.edit", "treatments.stop", "treatments.delete",
                                           "attacks.delete_dose"}
    return rules


def test_every_route_with_an_id_answers_404_for_another_users_entry(app, client, auth, user, victim_entries):
    auth.login()
    token = csrf_token(client, "/dashboard")
    checked = 0
    for rule in _id_routes(app):
        path = rule.build({name: victim_entries[name] for name in rule.arguments})[1]
        for method in sorted(rule.methods & {"GET", "POST"}):
            data = {"csrf_token": token, "peak_intensity": "1", "name": "x", "relief": "1", "started_at":
                    "2026-01-01T08:00", "kind": "migraine", "purpose": "preventive", "started_on": "2026-01-01"}
            response = client.open(path, method=method, data=data if method == "POST" else None)
            assert response.status_code == 404, f"{method} {path} gave {response.status_code}"
            assert "secretriptan" not in response.get_data(as_text=True)
            checked += 1
    assert checked >= 12
    with app.app_context():
        attack = db.session.get(Attack, victim_entries["attack_id"])
        assert (attack.peak_intensity, attack.ended_at, len(attack.doses)) == (9, None, 1)
        assert db.session.get(MedicationDose, victim_entries["dose_id"]).relief is None
        assert db.session.get(TreatmentCourse, victim_entries["course_id"]).stopped_on is None


@pytest.mark.parametrize("entry_id", [0, 2**31, 2**63, 10**20])
def test_ids_that_cannot_exist_answer_404(app, client, auth, user, entry_id):
    """Not a database error: PostgreSQL's integer ends at 2^31 - 1, SQLite's at 2^63 - 1."""
    auth.login()
    for rule in _id_routes(app):
        path = rule.build({name: entry_id for name in rule.arguments})[1]
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = client.open(path, method=method, data={"csrf_token": csrf_token(client, "/dashboard")})
            assert response.status_code == 404, f"{method} {path} gave {response.status_code}"


def test_a_nul_character_is_refused_as_malformed_not_a_server_error(app, client, auth, user):
    """Browsers never send one, and PostgreSQL cannot store one."""
    auth.login()
    token = csrf_token(client, "/attacks/doses")
    response = client.post("/attacks/doses", data={"csrf_token": token, "name": "ibu\x00profen",
                                                   "taken_at": "2026-01-02T10:00"})
    assert response.status_code == 400
    assert client.post("/login", data={"email": "a\x00@example.org", "password": "x"}).status_code == 400
    day = "/days/2026-01-06"
    response = client.post(day, data={"csrf_token": csrf_token(client, day), "foods": ["coffee", "a\x00b"]})
    assert response.status_code == 400, "every value of a repeated field is checked, not only the first"
    with app.app_context():
        assert db.session.scalars(select(MedicationDose)).all() == []


def test_lists_exports_and_pages_show_only_the_users_own_entries(app, client, auth, user, victim_entries):
    auth.login()
    for path in ("/attacks/", "/days/", "/treatments/", "/questionnaires/", "/dashboard",
                 "/attacks/new", "/data/export.json"):
        page = client.get(path).get_data(as_text=True)
        assert "secretriptan" not in page and "private course" not in page, path
    assert json.loads(client.get("/data/export.json").data)["attacks"] == []


def test_the_in_progress_bar_is_only_for_the_users_own_attack(client, auth, user, victim_entries):
    auth.login()
    page = client.get("/dashboard").get_data(as_text=True)
    assert 'class="attack-bar"' not in page
    assert not re.search(rf'/attacks/{victim_entries["attack_id"]}/', page)


def test_an_import_never_touches_another_users_diary(app, client, auth, user, victim_entries):
    from diary.data.services import import_file
    from diary.models import User

    document = example()
    document["attacks"][0]["started_at"] = "2026-02-01T09:00:00+01:00"  # the victim's start, to the minute
    document["attacks"][0]["ended_at"] = "2026-02-01T12:00:00+01:00"
    with app.app_context():
        assert not import_file(db.session.get(User, user.id), json.dumps(document).encode()).refused
        victim_attack = db.session.get(Attack, victim_entries["attack_id"])
        assert (victim_attack.peak_intensity, victim_attack.notes) == (9, "private")
        assert len(db.session.scalars(select(Attack)).all()) == 2
