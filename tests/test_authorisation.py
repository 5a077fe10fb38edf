"""Who may do what: every rule of the URL map, for every kind of visitor, against one table.

A caregiver's rights are declared on each view (`diary/access.py`); this test is the other half, the one place that
says what every route must answer to the owner, to each kind of caregiver, to a stranger and to nobody. A route
added without a row here fails, so no page can appear without someone deciding who may use it.
"""
import itertools
from dataclasses import dataclass
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from diary.articles.library import load_library
from diary.assets import PLOTLY_VERSION
from diary.extensions import db
from diary.auth.services import user_of_login
from diary.models import Attack, CaregiverLink, DailyLog, MedicationDose, TreatmentCourse, User
from diary.sharing import services as sharing

from .conftest import PASSWORD, csrf_token, make_account, post_form

ROLES = ("owner", "view", "log", "revoked", "invitee", "other", "anonymous")
METHODS = ("GET", "POST")
LOGIN = "login"  # a 302 to the login page (any other 302 must go elsewhere)

# One row per rule of the URL map; per role, (what GET answers, what POST answers). POST is an empty form with a
# valid CSRF token. Owner, invitee and other are each in their own diary; view, log and revoked are caregivers with
# the patient's diary chosen in their session. URLs carry the ids of the patient's diary, so a stranger (invitee,
# other) gets 404 wherever an id appears and their own diary elsewhere. 405: the rule does not take the method.
TABLE = {
    # endpoint                  owner       view        log         revoked     invitee     other       anonymous
    # Public files.
    "static":                  ((200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    "plotly_js":               ((200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    # Personal: about the person logged in, never refused (a revoked caregiver is back in their own diary).
    "auth.home":               ((302, 405), (302, 405), (302, 405), (302, 405), (302, 405), (302, 405), (LOGIN, 405)),
    "auth.login":              ((302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (200, 422)),
    "auth.register":           ((302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (200, 422)),
    "auth.logout":             ((405, LOGIN),) * len(ROLES),  # everyone, even nobody, ends on the login page
    "auth.account":            ((200, 422), (200, 422), (200, 422), (200, 422), (200, 422), (200, 422), (LOGIN, LOGIN)),
    "auth.change_email":       ((405, 422), (405, 422), (405, 422), (405, 422), (405, 422), (405, 422), (405, LOGIN)),
    "auth.change_password":    ((405, 422), (405, 422), (405, 422), (405, 422), (405, 422), (405, 422), (405, LOGIN)),
    "auth.delete_account":     ((405, 422), (405, 422), (405, 422), (405, 422), (405, 422), (405, 422), (405, LOGIN)),
    "auth.logout_everywhere":  ((405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, LOGIN)),
    "sharing.switch":          ((405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, LOGIN)),
    # The invitation is public; posting it accepts it (the owner is told they cannot accept their own).
    "sharing.invitation":      ((200, 422), (200, 302), (200, 302), (200, 302), (200, 302), (200, 302), (200, LOGIN)),
    # Marked caregivers_may("view").
    "dashboard.index":         ((200, 405), (200, 405), (200, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    "attacks.index":           ((200, 405), (200, 405), (200, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    "days.index":              ((200, 405), (200, 405), (200, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    "treatments.index":        ((200, 405), (200, 405), (200, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    "questionnaires.index":    ((200, 405), (200, 405), (200, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    "insights.index":          ((200, 405), (200, 405), (200, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    "articles.index":          ((200, 405), (200, 405), (200, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    "articles.for_you":        ((200, 405), (200, 405), (200, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    "articles.show":           ((200, 405), (200, 405), (200, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    "report.index":            ((200, 405), (200, 405), (200, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    "report.pdf":              ((200, 405), (200, 405), (200, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    "report.tables":           ((200, 405), (200, 405), (200, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    "report.fhir":             ((200, 405), (200, 405), (200, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    # Marked caregivers_may("log").
    "attacks.start_now":       ((405, 302), (405, 403), (405, 302), (405, 403), (405, 302), (405, 302), (405, LOGIN)),
    "attacks.new":             ((200, 422), (403, 403), (200, 422), (403, 403), (200, 422), (200, 422), (LOGIN, LOGIN)),
    "attacks.doses":           ((200, 422), (403, 403), (200, 422), (403, 403), (200, 422), (200, 422), (LOGIN, LOGIN)),
    "attacks.progress":        ((200, 405), (403, 405), (200, 405), (403, 405), (404, 405), (404, 405), (LOGIN, 405)),
    "attacks.edit":            ((200, 422), (403, 403), (200, 422), (403, 403), (404, 404), (404, 404), (LOGIN, LOGIN)),
    "attacks.intensity":       ((405, 422), (405, 403), (405, 422), (405, 403), (405, 404), (405, 404), (405, LOGIN)),
    "attacks.took_medication": ((405, 422), (405, 403), (405, 422), (405, 403), (405, 404), (405, 404), (405, LOGIN)),
    "attacks.dose_relief":     ((405, 302), (405, 403), (405, 302), (405, 403), (405, 404), (405, 404), (405, LOGIN)),
    "attacks.end":             ((405, 302), (405, 403), (405, 302), (405, 403), (405, 404), (405, 404), (405, LOGIN)),
    # The page after an attack (an empty form answers "not recorded" to all), and undoing its end (refused without
    # the undo token the end gives: a message, back to that page).
    "attacks.ended":           ((200, 302), (403, 403), (200, 302), (403, 403), (404, 404), (404, 404), (LOGIN, LOGIN)),
    "attacks.reopen":          ((405, 302), (405, 403), (405, 302), (405, 403), (405, 404), (405, 404), (405, LOGIN)),
    # POST /days/today is the edit rule's, with "today" for a date: not a day (404), unless refused first.
    "days.today":              ((302, 404), (403, 403), (302, 404), (403, 403), (302, 404), (302, 404), (LOGIN, LOGIN)),
    "days.edit":               ((200, 302), (403, 403), (200, 302), (403, 403), (200, 302), (200, 302), (LOGIN, LOGIN)),
    "days.copy_previous":      ((405, 302), (405, 403), (405, 302), (405, 403), (405, 302), (405, 302), (405, LOGIN)),
    # Unmarked: the owner's alone.
    "attacks.delete":          ((200, 302), (403, 403), (403, 403), (403, 403), (404, 404), (404, 404), (LOGIN, LOGIN)),
    "attacks.delete_dose":     ((200, 302), (403, 403), (403, 403), (403, 403), (404, 404), (404, 404), (LOGIN, LOGIN)),
    "treatments.new":          ((200, 422), (403, 403), (403, 403), (403, 403), (200, 422), (200, 422), (LOGIN, LOGIN)),
    "treatments.edit":         ((200, 422), (403, 403), (403, 403), (403, 403), (404, 404), (404, 404), (LOGIN, LOGIN)),
    "treatments.stop":         ((405, 302), (405, 403), (405, 403), (405, 403), (405, 404), (405, 404), (405, LOGIN)),
    "treatments.delete":       ((200, 302), (403, 403), (403, 403), (403, 403), (404, 404), (404, 404), (LOGIN, LOGIN)),
    "questionnaires.answer":   ((200, 422), (403, 403), (403, 403), (403, 403), (200, 422), (200, 422), (LOGIN, LOGIN)),
    "data.index":              ((200, 405), (403, 405), (403, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    "data.export":             ((200, 405), (403, 405), (403, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    "data.import_":            ((405, 422), (405, 403), (405, 403), (405, 403), (405, 422), (405, 422), (405, LOGIN)),
    "sharing.index":           ((200, 405), (403, 405), (403, 405), (403, 405), (200, 405), (200, 405), (LOGIN, 405)),
    "sharing.invite":          ((405, 422), (405, 403), (405, 403), (405, 403), (405, 422), (405, 422), (405, LOGIN)),
    "sharing.permission":      ((405, 302), (405, 403), (405, 403), (405, 403), (405, 404), (405, 404), (405, LOGIN)),
    "sharing.revoke":          ((405, 302), (405, 403), (405, 403), (405, 403), (405, 404), (405, 404), (405, LOGIN)),
}

DAY = "2026-06-10"  # a logged day of the patient's, a week before the pinned clock
# What fills each argument of a rule: an entry of the patient's diary (a field of `World`), or a fixed value.
ENTRY_ARGUMENTS = {"attack_id": "attack", "dose_id": "attack_dose", "course_id": "course", "link_id": "link",
                   "token": "token"}
ENTRY_ARGUMENTS_OF = {"attacks.delete_dose": {"dose_id": "standalone_dose"}}  # an attack's doses go with the attack
FIXED_ARGUMENTS = {"day": DAY, "name": "midas", "slug": load_library()[0].slug, "version": PLOTLY_VERSION,
                   "filename": "css/app.css"}


@dataclass(frozen=True)
class World:
    """A patient's diary with one of everything, the people around it, and the account each role logs in as."""
    patient: int
    accounts: dict  # role -> email
    attack: int
    attack_dose: int
    standalone_dose: int
    course: int
    link: int  # the view caregiver's
    token: str  # the invitee's pending invitation

    def url(self, rule, **changes) -> str:
        values = {}
        for name in rule.arguments:
            entry = ENTRY_ARGUMENTS_OF.get(rule.endpoint, {}).get(name, ENTRY_ARGUMENTS.get(name))
            assert entry is not None or name in FIXED_ARGUMENTS, \
                f"no value for <{name}> of {rule.rule}: add one to ENTRY_ARGUMENTS or FIXED_ARGUMENTS"
            values[name] = getattr(self, entry) if entry else FIXED_ARGUMENTS[name]
        return rule.build({**values, **changes})[1]


_worlds = itertools.count(1)


def build_world(app) -> World:
    """A fresh world in the app's database, with addresses of its own, so that one can follow another."""
    number = next(_worlds)
    emails = {role: f"{role}{number}@example.org" for role in ROLES if role != "anonymous"}
    ids = {role: make_account(app, email).id for role, email in emails.items()}
    with app.app_context():
        patient, other = db.session.get(User, ids["owner"]), ids["other"]
        links = {}
        for role, permission in (("view", "view"), ("log", "log"), ("revoked", "view")):
            link, _ = sharing.invite(patient, emails[role], permission)
            links[role] = sharing.accept(link, db.session.get(User, ids[role])).id
        sharing.revoke(db.session.get(CaregiverLink, links["revoked"]))
        _, token = sharing.invite(patient, emails["invitee"], "view")

        def at(day, hour):
            return datetime(2026, 6, day, hour, tzinfo=timezone.utc)
        attack = Attack(user_id=patient.id, started_at=at(10, 6), ended_at=at(10, 15), peak_intensity=6)
        attack.doses.append(MedicationDose(user_id=patient.id, name="sumatriptan", drug_class="triptan",
                                           taken_at=at(10, 7)))
        standalone = MedicationDose(user_id=patient.id, name="ibuprofen", drug_class="simple analgesic",
                                    taken_at=at(12, 18))
        course = TreatmentCourse(user_id=patient.id, name="erenumab", purpose="preventive",
                                 started_on=date(2026, 3, 1))
        db.session.add_all([attack, standalone, course, DailyLog(user_id=patient.id, date=date.fromisoformat(DAY),
                                                                 stress=4, sleep_hours=7.0),
                            # The other patient keeps a diary too: their pages are not empty ones.
                            Attack(user_id=other, started_at=at(11, 8), ended_at=at(11, 20), peak_intensity=5),
                            DailyLog(user_id=other, date=date.fromisoformat(DAY), stress=2)])
        db.session.commit()
        return World(patient.id, emails, attack.id,
                     attack.doses[0].id, standalone.id, course.id, links["view"], token)


def fingerprint(app, world: World) -> tuple:
    """What a request may have destroyed: the entries the URLs name, the links, the invitation. (A login a request
    ended is no loss: the visitor logs in again before its next request.)"""
    with app.app_context():
        entries = tuple(db.session.get(model, entry_id) is not None for model, entry_id in (
            (Attack, world.attack), (MedicationDose, world.attack_dose), (MedicationDose, world.standalone_dose),
            (TreatmentCourse, world.course)))
        links = db.session.execute(select(CaregiverLink.id, CaregiverLink.caregiver_id, CaregiverLink.permission)
                                   .where(CaregiverLink.patient_id == world.patient,
                                          CaregiverLink.revoked_at.is_(None)).order_by(CaregiverLink.id)).all()
        invitation = sharing.open_invitation(world.token).problem is None
        return entries, tuple(links), invitation


class Visitor:
    """One browser, kept as a role: logged in as that role's account of the current world, diary chosen."""

    def __init__(self, app, role: str):
        self.app, self.role, self.client, self.token = app, role, app.test_client(), None

    def prepare(self, world: World) -> None:
        with self.client.session_transaction() as session:
            logged_in_as = session.get("_user_id")
        if self.role == "anonymous":
            if self.token is None or logged_in_as is not None:
                with self.client.session_transaction() as session:
                    session.clear()
                self.token = csrf_token(self.client, "/login")
            return
        email = world.accounts[self.role]
        if not self.logged_in_as(logged_in_as, email):
            with self.client.session_transaction() as session:
                session.clear()
            response = post_form(self.client, "/login", {"email": email, "password": PASSWORD})
            assert response.status_code == 302, f"{self.role} could not log in"
            self.token = csrf_token(self.client, "/questionnaires/")  # any page: its menu has the logout form
        with self.client.session_transaction() as session:
            if self.role in ("view", "log", "revoked"):
                session["diary_of"] = world.patient
            else:
                session.pop("diary_of", None)

    def logged_in_as(self, login_token, email: str) -> bool:
        """Whether the browser's login is live and is this account's (a request may have ended it)."""
        with self.app.app_context():
            user = user_of_login(login_token) if login_token else None
            return user is not None and user.email == email

    def send(self, method: str, path: str):
        """The response; an exception the app let out (TESTING propagates it) is the 500 a browser would get."""
        try:
            if method == "GET":
                return self.client.get(path)
            return self.client.post(path, data={"csrf_token": self.token})
        except Exception as error:  # noqa: BLE001 - reported with the cell, so that the other cells still run
            return Failed(f"500 ({type(error).__name__}: {error})"[:200])

    def diary_of(self):
        with self.client.session_transaction() as session:
            return session.get("diary_of")


@dataclass
class Failed:
    """A request the app raised on, in place of its response."""
    status_code: str

    def get_data(self) -> bytes:
        return self.status_code.encode()


def outcome(response):
    """The status, with a redirect to the login page told apart from any other redirect."""
    if response.status_code == 302 and response.headers["Location"].startswith("/login"):
        return LOGIN
    return response.status_code


def test_the_table_has_one_row_for_each_rule_and_no_other(app):
    """A new route must be given its row (who may use it); a row for a route that is gone is a stale decision."""
    endpoints = [rule.endpoint for rule in app.url_map.iter_rules()]
    assert len(endpoints) == len(set(endpoints)), "an endpoint with two rules: give each its own row"
    missing, stale = sorted(set(endpoints) - set(TABLE)), sorted(set(TABLE) - set(endpoints))
    assert not missing, f"rules without a row in TABLE (decide who may use them): {missing}"
    assert not stale, f"rows in TABLE for rules that no longer exist: {stale}"
    assert all(len(row) == len(ROLES) and all(len(cell) == len(METHODS) for cell in row) for row in TABLE.values())


@pytest.mark.parametrize("role", ROLES)
def test_every_rule_answers_each_role_as_the_table_says(clock, app, role):
    """Every rule x method for one role, all checked before failing, so that one run shows every difference.

    A request that destroyed part of the world (a delete, a revoke, an accepted invitation, new login tokens) is
    followed by a fresh world, so that every cell meets the same one."""
    app.config["CHROMIUM_PATH"] = "/nonexistent"  # the report's PDF with tables for charts: statuses, not drawings
    visitor, world = Visitor(app, role), build_world(app)
    before, wrong, checked = fingerprint(app, world), [], 0
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        assert rule.endpoint in TABLE, f"no row in TABLE for {rule.endpoint} ({rule.rule})"
        for method, expected in zip(METHODS, TABLE[rule.endpoint][ROLES.index(role)]):
            visitor.prepare(world)
            path = world.url(rule)
            actual = outcome(visitor.send(method, path))
            checked += 1
            if actual != expected:
                wrong.append(f"{rule.endpoint} {method} {path}: expected {expected}, got {actual}")
            reopened = rule.endpoint == "sharing.invitation" and method == "POST"  # accepted a new invitation
            if role == "revoked" and actual != 405 and rule.endpoint not in ("static", "plotly_js") \
                    and not reopened and visitor.diary_of() is not None:
                wrong.append(f"{rule.endpoint} {method}: the revoked choice of diary was kept")
            now = fingerprint(app, world)
            if now != before:  # the request deleted, revoked or accepted something: start again
                world = build_world(app)
                before = fingerprint(app, world)
    assert not wrong, f"{len(wrong)} of {checked} cells differ for {role}:\n" + "\n".join(wrong)


# Ids no diary holds: none yet, the largest a PostgreSQL integer column holds, and larger than any.
ABSENT_IDS = (999_999, 2**31 - 1, 2**31, 2**63)


def test_ids_of_another_diary_are_not_found_not_forbidden(clock, app):
    """A stranger asking for the patient's entries learns nothing: the same 404, page and all, as for an id that
    exists nowhere; a 403 would tell them the entry exists."""
    world = build_world(app)
    visitor = Visitor(app, "other")
    id_rules = [rule for rule in app.url_map.iter_rules()
                if any(isinstance(rule._converters[name], IntegerConverter) for name in rule.arguments)]
    assert {"attacks.edit", "attacks.delete_dose", "treatments.delete", "sharing.revoke"} <= \
        {rule.endpoint for rule in id_rules}
    wrong = []
    for rule in sorted(id_rules, key=lambda r: r.endpoint):
        int_args = [name for name in rule.arguments if isinstance(rule._converters[name], IntegerConverter)]
        for method in [m for m in METHODS if m in rule.methods]:
            visitor.prepare(world)
            theirs = visitor.send(method, world.url(rule))
            if theirs.status_code != 404:
                wrong.append(f"{rule.endpoint} {method} with the patient's ids: {theirs.status_code}")
            for absent in ABSENT_IDS:
                path = world.url(rule, **{name: absent for name in int_args})
                visitor.prepare(world)
                nowhere = visitor.send(method, path)
                if nowhere.status_code != 404:
                    wrong.append(f"{rule.endpoint} {method} {path}: {nowhere.status_code}")
                elif theirs.status_code == 404 and nowhere.get_data() != theirs.get_data():
                    wrong.append(f"{rule.endpoint} {method}: the 404 for the patient's id differs from {path}'s")
    assert not wrong, "\n".join(wrong)

