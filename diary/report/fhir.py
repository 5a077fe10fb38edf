"""The diary as a FHIR R4B `collection` Bundle, for a doctor's system to read.

Every resource is built as a `fhir.resources.R4B` model, so building the Bundle validates it (structure, data types,
cardinality and choice elements; the package does not check codes against their value sets, so the codes below are
written out carefully by hand). What goes in:

- a Patient: no name and no email (the app has only the email, which stays private), the birth year and the
  administrative gender where the profile's sex maps onto it exactly;
- an Observation per attack: its period, the peak pain as LOINC 72514-3 (0-10) and the aura;
- a MedicationAdministration per acute dose, the drug as text with its ATC code when `ATC_CODES` knows the name;
- a MedicationStatement per treatment course (preventive or not, the purpose as text);
- an Observation per MIDAS or HIT-6 result, with its grade or impact band.

Codes are used only where they are certain; everything else goes as text (a receiving system shows text as is, while
a wrong code would be read as a wrong fact). Each entry's fullUrl is a `urn:uuid:` made with uuid5 from the kind and
id of its diary entry, and the resources refer to each other by those urns, so the same diary gives the same Bundle.
"""
from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timezone
from typing import Any, Optional

from fhir.resources.R4B.annotation import Annotation
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.dosage import Dosage
from fhir.resources.R4B.medicationadministration import MedicationAdministration, MedicationAdministrationDosage
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation, ObservationComponent
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.period import Period
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.resource import Resource
from sqlalchemy import select

from diary import clock
from diary.extensions import db
from diary.models import Attack, HealthProfile, MedicationDose, QuestionnaireResult, TreatmentCourse, User
from diary.questionnaires.scoring import grade_and_meaning
from diary.timezones import local_today

# The namespace of every uuid in the Bundle: fixed, so that the same entry always gets the same urn.
NAMESPACE = uuid.UUID("6d1f3c52-8a4e-5b0e-9c61-2f7e4a9b0d13")

LOINC = "http://loinc.org"
ATC = "http://www.whocc.no/atc"  # the system URI HL7 terminology gives the WHO ATC classification
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

PAIN_SEVERITY = Coding(system=LOINC, code="72514-3",
                       display="Pain severity - 0-10 verbal numeric rating [Score] - Reported")
SURVEY = Coding(system=OBSERVATION_CATEGORY, code="survey", display="Survey")

# ATC codes of the single-substance acute drugs the catalogue suggests, as listed in the WHO Collaborating Centre
# for Drug Statistics Methodology's ATC/DDD Index (https://atcddd.fhi.no/atc_ddd_index/). Only codes known for
# certain; combinations (e.g. "sumatriptan/naproxen") and everything else go as text only. Keyed by the lower-case
# name as the diary stores it; the value is the code and the index's name for it.
ATC_CODES: dict[str, tuple[str, str]] = {
    "sumatriptan": ("N02CC01", "sumatriptan"),
    "naratriptan": ("N02CC02", "naratriptan"),
    "zolmitriptan": ("N02CC03", "zolmitriptan"),
    "rizatriptan": ("N02CC04", "rizatriptan"),
    "almotriptan": ("N02CC05", "almotriptan"),
    "eletriptan": ("N02CC06", "eletriptan"),
    "frovatriptan": ("N02CC07", "frovatriptan"),
    "paracetamol": ("N02BE01", "paracetamol"),
    "acetaminophen": ("N02BE01", "paracetamol"),
    "aspirin": ("N02BA01", "acetylsalicylic acid"),
    "acetylsalicylic acid": ("N02BA01", "acetylsalicylic acid"),
    "ibuprofen": ("M01AE01", "ibuprofen"),
    "naproxen": ("M01AE02", "naproxen"),
    "diclofenac": ("M01AB05", "diclofenac"),
    "metoclopramide": ("A03FA01", "metoclopramide"),
    "domperidone": ("A03FA03", "domperidone"),
}

# The profile's sex onto FHIR administrative gender, only where the two mean the same; anything else is left out.
GENDERS = {"female": "female", "male": "male", "other": "other"}

QUESTIONNAIRE_NAMES = {"MIDAS": "MIDAS total score", "HIT-6": "HIT-6 total score"}


def fhir_bundle(user_id: int) -> dict[str, Any]:
    """The person's diary as a FHIR R4B collection Bundle, as a JSON-ready dict. Needs an app context."""
    user = db.session.get(User, user_id)
    if user is None:
        raise LookupError(f"no user {user_id}")
    patient_urn = _urn(f"patient-{user.id}")
    subject = Reference(reference=patient_urn)
    entries = [BundleEntry(fullUrl=patient_urn, resource=_patient(db.session.get(HealthProfile, user.id)))]

    attacks = db.session.scalars(select(Attack).where(Attack.user_id == user.id)
                                 .order_by(Attack.started_at, Attack.id)).all()
    for attack in attacks:
        entries.append(_entry(f"attack-{attack.id}", _attack(attack, subject)))

    doses = db.session.scalars(select(MedicationDose).where(MedicationDose.user_id == user.id)
                               .order_by(MedicationDose.taken_at, MedicationDose.id)).all()
    for dose in doses:
        entries.append(_entry(f"dose-{dose.id}", _dose(dose, subject)))

    today = local_today(user.timezone)
    courses = db.session.scalars(select(TreatmentCourse).where(TreatmentCourse.user_id == user.id)
                                 .order_by(TreatmentCourse.started_on, TreatmentCourse.name,
                                           TreatmentCourse.id)).all()
    for course in courses:
        entries.append(_entry(f"course-{course.id}", _course(course, subject, today)))

    results = db.session.scalars(select(QuestionnaireResult).where(QuestionnaireResult.user_id == user.id)
                                 .order_by(QuestionnaireResult.taken_on, QuestionnaireResult.kind,
                                           QuestionnaireResult.id)).all()
    for result in results:
        entries.append(_entry(f"questionnaire-{result.id}", _questionnaire(result, subject)))

    bundle = Bundle(type="collection", timestamp=_instant(clock.now()), entry=entries)
    return bundle.model_dump(mode="json")


def _urn(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


def _entry(key: str, resource: Resource) -> BundleEntry:
    return BundleEntry(fullUrl=_urn(key), resource=resource)


def _instant(moment: datetime) -> datetime:
    """A moment in UTC, in whole seconds (as the database keeps them)."""
    return moment.astimezone(timezone.utc).replace(microsecond=0)


def _text(text: str) -> CodeableConcept:
    return CodeableConcept(text=text)


def _patient(profile: Optional[HealthProfile]) -> Patient:
    values: dict[str, Any] = {}
    if profile is not None:
        if profile.birth_year is not None:
            values["birthDate"] = f"{profile.birth_year:04d}"  # a FHIR date may be a year alone
        if profile.sex in GENDERS:
            values["gender"] = GENDERS[profile.sex]
    return Patient(**values)


def _attack(attack: Attack, subject: Reference) -> Observation:
    period = {"start": _instant(attack.started_at)}
    if attack.ended_at is not None:
        period["end"] = _instant(attack.ended_at)
    components = []
    if attack.peak_intensity is not None:
        components.append(ObservationComponent(code=CodeableConcept(coding=[PAIN_SEVERITY], text="Peak pain"),
                                               valueInteger=attack.peak_intensity))
    components.append(ObservationComponent(code=_text("Aura"), valueBoolean=bool(attack.aura)))
    return Observation(
        # An attack still going on may yet change: its end, and often its peak, are not known yet.
        status="preliminary" if attack.ended_at is None else "final",
        category=[_text("Headache diary")],
        code=_text(f"Headache attack: {attack.kind}"),
        subject=subject,
        effectivePeriod=Period(**period),
        component=components,
    )


def _medication(name: str) -> CodeableConcept:
    known = ATC_CODES.get(name.strip().lower())
    if known is None:
        return _text(name)
    code, display = known
    return CodeableConcept(coding=[Coding(system=ATC, code=code, display=display)], text=name)


def _dose(dose: MedicationDose, subject: Reference) -> MedicationAdministration:
    values: dict[str, Any] = {}
    if dose.dose.strip():
        values["dosage"] = MedicationAdministrationDosage(text=dose.dose.strip())
    if dose.attack_id is not None:  # taken for an attack: that attack is why
        values["reasonReference"] = [Reference(reference=_urn(f"attack-{dose.attack_id}"))]
    return MedicationAdministration(
        status="completed",
        medicationCodeableConcept=_medication(dose.name),
        subject=subject,
        effectiveDateTime=_instant(dose.taken_at),
        **values,
    )


def _course(course: TreatmentCourse, subject: Reference, today: date) -> MedicationStatement:
    period = {"start": course.started_on}
    if course.stopped_on is not None:
        period["end"] = course.stopped_on
    stopped = course.stopped_on is not None and course.stopped_on <= today
    values: dict[str, Any] = {}
    if course.dose.strip():
        values["dosage"] = [Dosage(text=course.dose.strip())]
    if course.treatment_class.strip():
        values["note"] = [Annotation(text=f"Treatment class: {course.treatment_class.strip()}")]
    return MedicationStatement(
        status="completed" if stopped else "active",
        medicationCodeableConcept=_medication(course.name),
        subject=subject,
        effectivePeriod=Period(**period),
        reasonCode=[_text(f"Headache treatment: {course.purpose}")],
        **values,
    )


def _questionnaire(result: QuestionnaireResult, subject: Reference) -> Observation:
    grade, meaning = grade_and_meaning(result.kind, result.score)
    interpretation = f"MIDAS grade {grade}: {meaning}" if grade else f"HIT-6: {meaning}"
    return Observation(
        status="final",
        category=[CodeableConcept(coding=[SURVEY])],
        code=_text(QUESTIONNAIRE_NAMES[result.kind]),
        subject=subject,
        effectiveDateTime=result.taken_on,
        valueInteger=result.score,
        interpretation=[_text(interpretation)],
    )


def fhir_json(user_id: int) -> bytes:
    """The bundle as the file a download or the command line writes."""
    return json.dumps(fhir_bundle(user_id), ensure_ascii=False, indent=1).encode()
