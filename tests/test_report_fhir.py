"""The diary as a FHIR R4B collection Bundle (diary/report/fhir.py)."""
import json
from datetime import date, datetime, timezone

from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import func, select

from diary.data.services import import_file
from diary.extensions import db
from diary.models import Attack, MedicationDose, QuestionnaireResult, TreatmentCourse, User
from diary.report.fhir import fhir_bundle

from .conftest import make_account
from .diaries import example

PAIN = "72514-3"
ATC = "http://www.whocc.no/atc"


def _import_example(app, account, document=None):
    with app.app_context():
        outcome = import_file(db.session.get(User, account.id), json.dumps(document or example()).encode())
        assert not outcome.faults, outcome.faults


def _bundle(app, account) -> dict:
    with app.app_context():
        return fhir_bundle(account.id)


def _resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle.get("entry", []) if e["resource"]["resourceType"] == kind]


def _pain_component(observation: dict):
    return [c for c in observation.get("component", [])
            if any(cd.get("system") == "http://loinc.org" and cd.get("code") == PAIN
                   for cd in c["code"].get("coding", []))]


def _count(app, model, user_id) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(model.user_id == user_id))


def _add(app, *rows):
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()


def test_the_example_diary_validates_with_one_observation_per_attack(clock, app):
    ana = make_account(app, "ana@example.org")
    _import_example(app, ana)
    bundle = _bundle(app, ana)

    parsed = Bundle.model_validate(bundle)  # raises if the Bundle is not valid R4B
    assert parsed.type == "collection"
    assert bundle["timestamp"] == "2026-06-17T10:00:00Z"

    attacks = [o for o in _resources(bundle, "Observation") if _pain_component(o)]
    assert _count(app, Attack, ana.id) == 1
    assert len(attacks) == _count(app, Attack, ana.id)
    assert all(len(_pain_component(o)) == 1 for o in attacks)
    doses = _resources(bundle, "MedicationAdministration")
    assert len(doses) == _count(app, MedicationDose, ana.id) == 2
    assert all(d["status"] == "completed" for d in doses)
    courses = _resources(bundle, "MedicationStatement")
    assert len(courses) == _count(app, TreatmentCourse, ana.id) == 1
    assert courses[0]["status"] == "active"  # erenumab, not stopped
    assert courses[0]["medicationCodeableConcept"] == {"text": "erenumab"}
    assert courses[0]["effectivePeriod"] == {"start": "2026-03-01"}
    assert courses[0]["dosage"] == [{"text": "70 mg monthly"}]
    assert "preventive" in courses[0]["reasonCode"][0]["text"]

    scores = {o["code"]["text"]: o for o in _resources(bundle, "Observation") if "valueInteger" in o}
    assert len(scores) == _count(app, QuestionnaireResult, ana.id) == 2
    assert scores["MIDAS total score"]["valueInteger"] == 10
    assert scores["MIDAS total score"]["interpretation"][0]["text"] == "MIDAS grade II: mild disability"
    assert scores["MIDAS total score"]["effectiveDateTime"] == "2026-02-01"
    assert scores["HIT-6 total score"]["valueInteger"] == 58
    assert scores["HIT-6 total score"]["interpretation"][0]["text"] == "HIT-6: substantial impact"
    assert all(o["category"][0]["coding"][0]["code"] == "survey" for o in scores.values())

    [patient] = _resources(bundle, "Patient")
    assert patient == {"resourceType": "Patient", "birthDate": "1988", "gender": "female"}

    # Every fullUrl is a distinct urn:uuid, and every reference points at an entry of the Bundle.
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert all(u.startswith("urn:uuid:") for u in urls) and len(set(urls)) == len(urls)
    patient_url = bundle["entry"][0]["fullUrl"]
    for resource in [e["resource"] for e in bundle["entry"][1:]]:
        assert resource["subject"] == {"reference": patient_url}
    taken_for_the_attack = [d for d in doses if "reasonReference" in d]
    assert [d["medicationCodeableConcept"]["text"] for d in taken_for_the_attack] == ["sumatriptan"]
    assert taken_for_the_attack[0]["reasonReference"][0]["reference"] in urls


def test_an_attack_and_its_doses_carry_their_codes(clock, app):
    ana = make_account(app, "ana@example.org")
    start = datetime(2026, 6, 10, 6, 15, tzinfo=timezone.utc)
    attack = Attack(user_id=ana.id, started_at=start, ended_at=datetime(2026, 6, 10, 14, 0, tzinfo=timezone.utc),
                    kind="migraine", peak_intensity=7, aura=True)
    attack.doses = [MedicationDose(user_id=ana.id, name="sumatriptan", drug_class="triptan", dose="50 mg",
                                   taken_at=datetime(2026, 6, 10, 6, 45, tzinfo=timezone.utc))]
    tea = MedicationDose(user_id=ana.id, name="Grandma's tea", drug_class="other", dose="",
                         taken_at=datetime(2026, 6, 11, 20, 0, tzinfo=timezone.utc))
    _add(app, attack, tea)
    bundle = _bundle(app, ana)
    Bundle.model_validate(bundle)

    [observation] = _resources(bundle, "Observation")
    assert observation["status"] == "final"
    assert observation["code"]["text"] == "Headache attack: migraine"
    assert observation["effectivePeriod"] == {"start": "2026-06-10T06:15:00Z", "end": "2026-06-10T14:00:00Z"}
    [pain] = _pain_component(observation)
    assert pain["valueInteger"] == 7
    [aura] = [c for c in observation["component"] if c["code"].get("text") == "Aura"]
    assert aura["valueBoolean"] is True

    sumatriptan, grandmas_tea = _resources(bundle, "MedicationAdministration")
    assert sumatriptan["medicationCodeableConcept"] == {
        "coding": [{"system": ATC, "code": "N02CC01", "display": "sumatriptan"}], "text": "sumatriptan"}
    assert sumatriptan["effectiveDateTime"] == "2026-06-10T06:45:00Z"
    assert sumatriptan["dosage"] == {"text": "50 mg"}
    assert grandmas_tea["medicationCodeableConcept"] == {"text": "Grandma's tea"}
    assert "dosage" not in grandmas_tea and "reasonReference" not in grandmas_tea


def test_an_ongoing_attack_has_no_period_end(clock, app):
    ana = make_account(app, "ana@example.org")
    _add(app, Attack(user_id=ana.id, started_at=datetime(2026, 6, 17, 8, 0, tzinfo=timezone.utc), kind="cluster"))
    bundle = _bundle(app, ana)
    Bundle.model_validate(bundle)

    [observation] = _resources(bundle, "Observation")
    assert observation["effectivePeriod"] == {"start": "2026-06-17T08:00:00Z"}
    assert observation["status"] == "preliminary"  # it may still change
    assert observation["code"]["text"] == "Headache attack: cluster"
    assert _pain_component(observation) == []  # no peak recorded yet: no pain score made up


def test_an_empty_diary_gives_just_the_patient(clock, app):
    ana = make_account(app, "ana@example.org")
    bundle = _bundle(app, ana)
    Bundle.model_validate(bundle)
    assert bundle["type"] == "collection"
    assert [e["resource"] for e in bundle["entry"]] == [{"resourceType": "Patient"}]


def test_other_peoples_entries_and_the_email_never_appear(clock, app):
    ana = make_account(app, "ana@example.org")
    bob = make_account(app, "bob@example.net")
    _import_example(app, ana)
    theirs = example()
    theirs["attacks"][0]["medications"][0]["name"] = "bobs-secret-remedy"
    theirs["treatments"][0]["name"] = "bobs-preventive"
    theirs["attacks"].append({"started_at": "2026-04-01T09:00:00+02:00", "ended_at": "2026-04-01T11:00:00+02:00",
                               "kind": "other"})
    _import_example(app, bob, theirs)

    bundle = _bundle(app, ana)
    text = json.dumps(bundle)
    assert "ana@example.org" not in text and "example.org" not in text
    assert "bobs-" not in text
    assert len(_resources(bundle, "Observation")) == 1 + 2  # ana's attack and her two questionnaires
    assert not {e["fullUrl"] for e in bundle["entry"]} & {e["fullUrl"] for e in _bundle(app, bob)["entry"]}
    assert "bob@example.net" not in json.dumps(_bundle(app, bob))


def test_the_same_diary_gives_the_same_bundle(clock, app):
    ana = make_account(app, "ana@example.org")
    _import_example(app, ana)
    _add(app, TreatmentCourse(user_id=ana.id, name="propranolol", purpose="preventive",
                              started_on=date(2025, 1, 1), stopped_on=date(2025, 6, 30), dose="40 mg twice a day"))
    first = _bundle(app, ana)
    clock.shift(60)  # a minute later, the same diary: only the Bundle's timestamp may differ
    second = _bundle(app, ana)
    assert second["timestamp"] == "2026-06-17T10:01:00Z"
    assert json.dumps({**first, "timestamp": None}) == json.dumps({**second, "timestamp": None})
    clock.move_to(datetime(2026, 6, 17, 10, 0, tzinfo=timezone.utc))
    assert json.dumps(_bundle(app, ana)) == json.dumps(first)
    # The stopped course comes first (entries in a stable order: by start) and is completed.
    statements = _resources(first, "MedicationStatement")
    assert [s["medicationCodeableConcept"]["text"] for s in statements] == ["propranolol", "erenumab"]
    assert statements[0]["status"] == "completed"
    assert statements[0]["effectivePeriod"] == {"start": "2025-01-01", "end": "2025-06-30"}
