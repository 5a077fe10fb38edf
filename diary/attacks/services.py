"""Attacks and doses as plain functions: the quick "attack now" flow, the full form, the list."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import clock, submissions
from ..extensions import db
from ..models import Attack, Medication, MedicationDose
from ..timezones import local_to_utc, to_local
from ..vocabulary import ATTACK_MAX_DAYS

PAGE_SIZE = 20
# How long "Attack ended" can be taken back: long enough to notice a slip of the thumb, short enough that an undo
# does not reopen an attack that really is over.
UNDO_END_MINUTES = 10


def now_to_the_minute() -> datetime:
    return clock.now().replace(second=0, microsecond=0)


class OngoingAttack(NamedTuple):
    id: int
    started_at: datetime


# Asked on every page (for the "attack in progress" bar), so built once and read as a plain row.
ONGOING_ATTACK = (select(Attack.id, Attack.started_at)
                  .where(Attack.user_id == bindparam("user_id"), Attack.ended_at.is_(None))
                  .order_by(Attack.started_at.desc()).limit(1))


def ongoing_attack(user_id: int) -> OngoingAttack | None:
    """The attack still going on, if any (the latest one, should there be several)."""
    row = db.session.connection().execute(ONGOING_ATTACK, {"user_id": user_id}).first()
    return OngoingAttack(*row) if row else None


def start_attack_now(user_id: int, now: datetime | None = None, key: str | None = None) -> int:
    """One tap: an attack starting now; its id. A second tap while one is going on gives that one, not a double,
    and so does a late copy of the same tap (a retry that arrives after the attack ended): the page's one-time
    `key` finds the attack the first one started.

    A new attack always starts. Starts are stored to the minute and one start is one attack, so when this minute
    is taken (an attack ended by mistake and started again within the minute) it starts at the next free minute;
    and when two taps race, the one that loses the unique (user, start) check gets the winner's attack.
    """
    start = now or now_to_the_minute()
    for _attempt in range(3):
        earlier = submissions.saved_before(Attack, user_id, key)
        if earlier is not None:
            return earlier.id
        current = ongoing_attack(user_id)
        if current is not None:
            return current.id
        ended = set(db.session.scalars(select(Attack.started_at).where(
            Attack.user_id == user_id, Attack.ended_at.is_not(None), Attack.started_at >= start,
            Attack.started_at < start + timedelta(hours=1))))
        while start in ended:
            start += timedelta(minutes=1)
        attack = Attack(user_id=user_id, started_at=start, kind="migraine", submission_key=key)
        db.session.add(attack)
        try:
            db.session.commit()
        except IntegrityError:  # a tap at the same moment started it first: the loop finds that one
            db.session.rollback()
            continue
        # Taps racing across a minute's turn can each start one: the earliest stays, the others go again.
        first = db.session.scalar(select(Attack.id).where(Attack.user_id == user_id, Attack.ended_at.is_(None))
                                  .order_by(Attack.started_at, Attack.id).limit(1))
        if first != attack.id:
            db.session.delete(attack)
            db.session.commit()
        return first
    raise RuntimeError("could not start an attack after three tries")


def end_attack(attack: Attack, now: datetime | None = None) -> None:
    attack.ended_at = max(now or now_to_the_minute(), attack.started_at)
    db.session.commit()


def just_ended(attack: Attack, now: datetime | None = None) -> bool:
    """Ended within the last few minutes: "Attack ended" may still be taken back."""
    if attack.ended_at is None:
        return False
    return (now or clock.now()) - attack.ended_at <= timedelta(minutes=UNDO_END_MINUTES)


def _undo_signer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt="undo attack end")


def end_undo_token(attack: Attack, secret: str, now: datetime | None = None) -> str:
    """A signed note of the end just set and when: "Undo" takes back exactly that end, for a few minutes, and never
    an end typed on the form or set later (no column needed to remember it)."""
    issued = now or clock.now()
    return _undo_signer(secret).dumps([attack.id, int(attack.ended_at.timestamp()), int(issued.timestamp())])


def reopen_problem(attack: Attack, token: str, secret: str, now: datetime | None = None) -> str | None:
    """Why this attack cannot be reopened with this token, in words for the person; None when it can."""
    now = now or clock.now()
    try:
        attack_id, ended, issued = _undo_signer(secret).loads(token or "")
        fresh = 0 <= now.timestamp() - issued <= UNDO_END_MINUTES * 60
    except (BadSignature, TypeError, ValueError):
        attack_id = ended = fresh = None
    if attack_id != attack.id or attack.ended_at is None or ended != int(attack.ended_at.timestamp()) or not fresh:
        return (f"Undo works for {UNDO_END_MINUTES} minutes after ending an attack. If it is still going on, "
                "clear its end on the full form.")
    if ongoing_attack(attack.user_id) is not None:
        return "Another attack is going on now: end that one first, then clear this one's end on the full form."
    if now - attack.started_at > timedelta(days=ATTACK_MAX_DAYS):
        return f"This attack began more than {ATTACK_MAX_DAYS} days ago, so it stays ended."
    return None


def reopen_attack(attack: Attack) -> None:
    attack.ended_at = None
    db.session.commit()


def after_attack_data(attack: Attack) -> dict:
    """The attack as the after-attack form's initial data: what is known already stays chosen."""
    return {"peak_intensity": attack.peak_intensity, "disability": attack.disability, "notes": attack.notes,
            "doses": [{"id": str(d.id), "relief": "" if d.relief is None else str(d.relief)}
                      for d in attack.doses]}


def save_after_attack(attack: Attack, peak_intensity: int | None, disability: int | None, notes: str,
                      reliefs: dict[int, int | None]) -> None:
    """The answers of the after-attack page; `reliefs` by dose id, and only this attack's doses."""
    attack.peak_intensity, attack.disability, attack.notes = peak_intensity, disability, (notes or "").strip()
    for dose in attack.doses:
        if dose.id in reliefs:
            dose.relief = reliefs[dose.id]
    db.session.commit()


def set_intensity(attack: Attack, intensity: int) -> None:
    attack.peak_intensity = intensity
    db.session.commit()


def medication_classes(user_id: int) -> dict[str, str]:
    """Name (lower case) -> class: the user's own earlier choice first, then the catalogue."""
    classes = {name.lower(): cls for name, cls in db.session.execute(select(Medication.name, Medication.drug_class))}
    own = db.session.execute(select(MedicationDose.name, MedicationDose.drug_class)
                             .where(MedicationDose.user_id == user_id)
                             .order_by(MedicationDose.taken_at))
    classes.update({name.lower(): cls for name, cls in own})
    return classes


def record_dose(attack: Attack | None, user_id: int, name: str, drug_class: str | None, dose: str,
                taken_at: datetime | None = None, submission_key: str | None = None) -> MedicationDose:
    """A dose taken now; the class comes from the user's history or the catalogue when not given. The same form
    sent twice (its submission key) gives the dose the first one recorded."""
    name = " ".join(name.split())

    def create() -> MedicationDose:
        entry = MedicationDose(user_id=user_id, name=name, dose=dose.strip(), submission_key=submission_key,
                               drug_class=drug_class or medication_classes(user_id).get(name.lower(), "other"),
                               taken_at=taken_at or now_to_the_minute())
        if attack is not None:
            attack.doses.append(entry)
        db.session.add(entry)
        db.session.commit()
        return entry
    return submissions.create_once(MedicationDose, user_id, submission_key, create)


@dataclass(frozen=True)
class Suggestion:
    name: str
    drug_class: str
    dose: str
    times_taken: int


def frequent_medications(user_id: int, limit: int = 3, leaving_out: int | None = None) -> list[Suggestion]:
    """The user's most taken drugs with their usual dose: the one-tap buttons during an attack.

    Counted without the attack going on (`leaving_out`): a dose tapped now must not reorder or relabel the buttons,
    or a second tap on the same spot would note another drug."""
    before = [MedicationDose.user_id == user_id]
    if leaving_out is not None:
        before.append(or_(MedicationDose.attack_id.is_(None), MedicationDose.attack_id != leaving_out))
    rows = db.session.execute(
        select(func.lower(MedicationDose.name), func.count(), func.max(MedicationDose.taken_at))
        .where(*before)
        .group_by(func.lower(MedicationDose.name))
        .order_by(func.count().desc(), func.max(MedicationDose.taken_at).desc())
        .limit(limit)).all()
    suggestions = []
    for name, count, _ in rows:
        latest = db.session.scalar(select(MedicationDose).where(*before, func.lower(MedicationDose.name) == name)
                                   .order_by(MedicationDose.taken_at.desc()).limit(1))
        suggestions.append(Suggestion(latest.name, latest.drug_class, latest.dose, count))
    return suggestions


def medication_names(user_id: int) -> list[str]:
    """For autocompletion: the user's own drugs (most used first), then the rest of the catalogue."""
    own = db.session.scalars(select(MedicationDose.name).where(MedicationDose.user_id == user_id)
                             .group_by(MedicationDose.name).order_by(func.count().desc())).all()
    seen = {n.lower() for n in own}
    catalogue = [n for n in db.session.scalars(select(Medication.name).order_by(Medication.name))
                 if n.lower() not in seen]
    return own + catalogue


def attacks_page(user_id: int, page: int) -> tuple[list[Attack], int]:
    """One page of attacks, newest first, and the number of pages."""
    total = db.session.scalar(select(func.count(Attack.id)).where(Attack.user_id == user_id))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    attacks = db.session.scalars(
        select(Attack).where(Attack.user_id == user_id).order_by(Attack.started_at.desc())
        .options(selectinload(Attack.doses)).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return attacks, pages


def form_data(attack: Attack, zone: str) -> dict:
    """An attack as the attack form's initial data, in the user's local time."""
    def local(moment):
        return None if moment is None else to_local(moment, zone).replace(tzinfo=None)

    return {
        "started_at": local(attack.started_at), "ended_at": local(attack.ended_at), "kind": attack.kind,
        "peak_intensity": attack.peak_intensity, "aura": attack.aura, "aura_types": attack.aura_types,
        "symptoms": attack.symptoms, "most_bothersome": attack.most_bothersome or "",
        "premonitory": attack.premonitory, "pain_sides": attack.pain_sides, "disability": attack.disability,
        "location": attack.location or "", "notes": attack.notes,
        "relief_methods": attack.relief_methods + [{"name": "", "effect": "unsure"}],
        "doses": [{"id": str(d.id), "name": d.name, "drug_class": d.drug_class, "dose": d.dose,
                   "taken_at": local(d.taken_at), "relief": "" if d.relief is None else str(d.relief)}
                  for d in attack.doses] + [{"drug_class": "other", "relief": ""}],
    }


def save_attack(attack: Attack, form, zone: str) -> Attack:
    """Copy a validated attack form onto an attack (new or existing) with its doses, and commit."""
    attack.started_at = local_to_utc(form.started_at.data, zone)
    attack.ended_at = local_to_utc(form.ended_at.data, zone) if form.ended_at.data else None
    for name in ("kind", "peak_intensity", "aura", "disability"):
        setattr(attack, name, getattr(form, name).data)
    for name in ("aura_types", "symptoms", "premonitory", "pain_sides"):
        setattr(attack, name, list(getattr(form, name).data or []))
    attack.aura_types = attack.aura_types if attack.aura else []
    attack.most_bothersome = form.most_bothersome.data or None
    attack.location = form.location.data or None
    attack.notes = (form.notes.data or "").strip()
    attack.relief_methods = [{"name": r.form.name.data.strip().lower(), "effect": r.form.effect.data}
                             for r in form.relief_methods if (r.form.name.data or "").strip()]

    existing = {str(d.id): d for d in attack.doses}
    classes = None
    for row in form.doses:
        entry = row.form
        dose = existing.get(entry.id.data or "")
        if dose is not None and entry.remove.data:
            attack.doses.remove(dose)
            continue
        name = " ".join((entry.name.data or "").split())
        if not name:
            continue
        drug_class = entry.drug_class.data
        if drug_class == "other" and dose is None:
            # Looked up before the new dose joins the attack: the query would otherwise save it half filled in.
            classes = classes if classes is not None else medication_classes(attack.user_id)
            drug_class = classes.get(name.lower(), "other")
        if dose is None:
            dose = MedicationDose(user_id=attack.user_id)
            attack.doses.append(dose)
        dose.name, dose.drug_class, dose.dose = name, drug_class, (entry.dose.data or "").strip()
        dose.taken_at = local_to_utc(entry.taken_at.data, zone) if entry.taken_at.data else attack.started_at
        dose.relief = int(entry.relief.data) if entry.relief.data not in (None, "") else None
    db.session.add(attack)
    db.session.commit()
    return attack


def delete_attack(attack: Attack) -> None:
    """Delete an attack and the doses taken for it; days and other doses stay."""
    db.session.delete(attack)
    db.session.commit()


def duration_text(start: datetime, end: datetime | None, now: datetime | None = None) -> str:
    """'3 h 20 min', or for an ongoing attack the time since it began."""
    minutes = int(((end or now or clock.now()) - start) / timedelta(minutes=1))
    days, rest = divmod(max(minutes, 0), 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:  # past a day, minutes are noise: "1 d 2 h", "1 d" (as app.js ticks it too)
        return f"{days} d {hours} h" if hours else f"{days} d"
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def set_dose_relief(dose: MedicationDose, relief: int) -> None:
    dose.relief = relief
    db.session.commit()


def standalone_doses(user_id: int, limit: int = 30) -> list[MedicationDose]:
    return db.session.scalars(select(MedicationDose).where(MedicationDose.user_id == user_id,
                                                           MedicationDose.attack_id.is_(None))
                              .order_by(MedicationDose.taken_at.desc()).limit(limit)).all()


def delete_dose(dose: MedicationDose) -> None:
    db.session.delete(dose)
    db.session.commit()
