"""Property tests: generated diaries and hostile values, checked for what must hold for every one of them."""
from __future__ import annotations

import itertools
import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from diary.data.services import export_file, import_file
from diary.extensions import db
from diary.models import User
from diary.vocabulary import ATTACK_KINDS, MEDICATION_CLASSES, SYMPTOMS

from .conftest import make_account

ZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "UTC")
FIRST = datetime(2024, 1, 1, tzinfo=timezone.utc)
ACCOUNTS = itertools.count()  # every example makes new accounts in the test's one database

names = st.sampled_from(["sumatriptan", "Ibuprofen", "paracetamol", "Rizatriptan", "naproxen"])
minutes = st.integers(0, 60 * 24 * 365)  # within 2024
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)


def _moment(minute: int, zone: str) -> str:
    return (FIRST + timedelta(minutes=minute)).astimezone(ZoneInfo(zone)).isoformat(timespec="seconds")


@st.composite
def diaries(draw) -> dict:
    """A valid diary: some days, attacks with doses, standalone doses, and often the same drug twice in a minute."""
    zone = draw(st.sampled_from(ZONES))
    dose = st.fixed_dictionaries({"name": names, "class": st.sampled_from(MEDICATION_CLASSES)},
                                 optional={"dose": st.sampled_from(["50 mg", "400 mg", ""]), "relief": st.integers(0, 3)})
    standalone = draw(st.lists(st.tuples(dose, minutes), max_size=8))
    doses = [{**d, "taken_at": _moment(m, zone)} for d, m in standalone]
    doses += [dict(d) for d in doses[:draw(st.integers(0, 3))]]  # the same dose again, at the same minute
    starts = draw(st.lists(minutes, max_size=6, unique=True))
    attacks = []
    for start in starts:
        length = draw(st.integers(0, 60 * 72))
        taken = draw(st.lists(st.tuples(dose, st.integers(0, 120)), max_size=3))
        attacks.append({
            "started_at": _moment(start, zone), "ended_at": _moment(start + length, zone),
            "kind": draw(st.sampled_from(ATTACK_KINDS)), "peak_intensity": draw(st.integers(0, 10)),
            "symptoms": draw(st.lists(st.sampled_from(SYMPTOMS), unique=True, max_size=3)),
            "notes": draw(text),
            "medications": [{**d, "taken_at": _moment(start + m, zone)} for d, m in taken]})
    days = [{"date": (date(2024, 1, 1) + timedelta(days=n)).isoformat(), "stress": draw(st.integers(0, 10)),
             "foods": draw(st.lists(st.sampled_from(["cheese", "Red wine", "bread"]), unique=True, max_size=2))}
            for n in draw(st.lists(st.integers(0, 365), unique=True, max_size=6))]
    return {"format": "migraine-diary", "version": 1, "timezone": zone, "days": days, "attacks": attacks,
            "doses": doses, "treatments": [], "questionnaires": []}


def _restore(app, email: str, content: bytes) -> str:
    account = make_account(app, email)
    with app.app_context():
        user = db.session.get(User, account.id)
        outcome = import_file(user, content)
        assert not outcome.refused, outcome.faults
        return export_file(user)


@given(document=diaries())
def test_a_backup_restores_exactly(app, document):
    """Export, import into an empty account, export again: the same file, always. (Two doses of one drug in the same
    minute once restored as one: a backup of 16 such doses came back as 2.)"""
    first = _restore(app, f"a{next(ACCOUNTS)}@example.org", json.dumps(document).encode())
    second = _restore(app, f"b{next(ACCOUNTS)}@example.org", first.encode())
    assert second == first
    again = json.loads(first)
    assert len(again["doses"]) == len(document["doses"])
    assert sum(len(a.get("medications", [])) for a in again["attacks"]) == \
        sum(len(a["medications"]) for a in document["attacks"])
