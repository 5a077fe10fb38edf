"""Whose diary a request shows, and what the person asking may do there.

A request shows exactly one diary: the logged-in person's own, or that of a patient who shares theirs with them
(a live caregiver link). `current_diary()` says which, and every view takes the diary owner's id and time zone from
it, never from `current_user`. The choice is kept in the session and checked against the link on every request,
so a revoked link ends access on the caregiver's very next request.

What a caregiver may do is declared on each view: `@caregivers_may("view")` for pages they may read,
`@caregivers_may("log")` for the writes a *view and log* caregiver may make, `@personal` for pages about the
logged-in person themselves (their account, their invitations). Everything else (deleting, import and export,
sharing, treatments and questionnaires) is the owner's alone: a view without a mark is refused to caregivers
on the server, with a page that says why.
"""
from dataclasses import dataclass
from typing import Optional

from flask import Flask, abort, current_app, g, has_request_context, request, session
from flask_login import current_user
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from . import clock
from .extensions import db
from .models import AccessLogEntry, Attack, CaregiverLink, DailyLog, MedicationDose, User

MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id cannot exist, and asking for one is a database error
PERMISSIONS = {"view": "can view", "log": "can view and log"}
# Requests that are not pages of their own: files, and parts loaded into a page (logged with the page).
NOT_PAGES = ("static", "plotly_js", "articles.for_you")


@dataclass(frozen=True)
class Diary:
    owner: User
    permission: str  # "own", "view" or "log"
    link: Optional[CaregiverLink] = None

    @property
    def owner_id(self) -> int:
        return self.owner.id

    @property
    def timezone(self) -> str:
        """A diary's days are the owner's days, whoever looks at them."""
        return self.owner.timezone

    @property
    def is_own(self) -> bool:
        return self.permission == "own"

    @property
    def can_log(self) -> bool:
        return self.permission in ("own", "log")

    @property
    def owner_name(self) -> str:
        return self.link.patient_label if self.link else self.owner.email


def current_diary() -> Diary:
    return g.diary


def in_diary_or_404(model, entry_id: int):
    """The entry with this id in the diary on screen; 404 for any other, so that ids reveal nothing."""
    entry = db.session.get(model, entry_id) if 0 < entry_id <= MAX_ID else None
    if entry is None or entry.user_id != current_diary().owner_id:
        abort(404)
    return entry


def live_link(patient_id: int, caregiver_id: int) -> Optional[CaregiverLink]:
    return db.session.scalar(select(CaregiverLink).where(
        CaregiverLink.patient_id == patient_id, CaregiverLink.caregiver_id == caregiver_id,
        CaregiverLink.revoked_at.is_(None)).order_by(CaregiverLink.id.desc()).limit(1))


def shared_with(caregiver_id: int) -> list[CaregiverLink]:
    """The diaries a person may open besides their own, for the menu."""
    return list(db.session.scalars(select(CaregiverLink).where(
        CaregiverLink.caregiver_id == caregiver_id, CaregiverLink.revoked_at.is_(None)).order_by(CaregiverLink.id)))


def caregiver_name(patient_id: int, caregiver_id: Optional[int]) -> str:
    """What the patient calls this caregiver: the name given with the invitation, else their address."""
    if caregiver_id is None:
        return "a deleted account"
    link = db.session.scalar(select(CaregiverLink).where(
        CaregiverLink.patient_id == patient_id, CaregiverLink.caregiver_id == caregiver_id)
        .order_by(CaregiverLink.id.desc()).limit(1))
    if link is not None and link.caregiver_name:
        return link.caregiver_name
    user = db.session.get(User, caregiver_id)
    return user.email if user else "a deleted account"


def caregivers_may(permission: str):
    """Let caregivers with this permission ("view" or "log") use the view on a patient's diary."""
    assert permission in PERMISSIONS

    def mark(view):
        view.caregivers_may = permission
        return view
    return mark


def personal(view):
    """The view is about the logged-in person (their account, invitations to them), not about a diary."""
    view.personal = True
    return view


def refusal(diary: Diary, view) -> Optional[str]:
    """Why this person may not use this view on this diary, or None when they may."""
    if diary.is_own or getattr(view, "personal", False):
        return None
    needed = getattr(view, "caregivers_may", None)
    if needed == "view" or (needed == "log" and diary.permission == "log"):
        return None
    name = diary.owner_name
    if needed == "log":
        return (f"You can look at {name}'s diary but not write in it. {name} can let you log for them "
                "on their sharing page.")
    return (f"Only {name} can do this in their diary: deleting entries, treatments, questionnaires, import and "
            "export, and sharing stay with the diary's owner. Your own diary is in the menu under More.")


def _resolve() -> None:
    """Decide the diary of this request, refuse what the viewer may not do there, and log a caregiver's visit."""
    if request.endpoint in (None, "static", "plotly_js") or not current_user.is_authenticated:
        return  # no page of ours (a 404 answers without the database), a file, or nobody logged in
    view = current_app.view_functions.get(request.endpoint)
    about_the_person = getattr(view, "personal", False)
    patient_id = session.get("diary_of")
    link = live_link(patient_id, current_user.id) if isinstance(patient_id, int) else None
    g.diary = (Diary(link.patient, link.permission, link) if link
               else Diary(current_user._get_current_object(), "own"))
    if patient_id is not None and link is None:
        session.pop("diary_of", None)
        if not about_the_person:  # their account, logging out: still theirs
            abort(403, "Access to that diary has ended: its owner has stopped sharing it with you. "
                       "You are back in your own diary.")
    if link is None:
        return
    reason = refusal(g.diary, view)
    if not about_the_person and request.endpoint not in NOT_PAGES and request.method != "HEAD":
        now = clock.now()
        db.session.add(AccessLogEntry(subject_id=link.patient_id, actor_id=current_user.id, at=now,
                                      action="refused" if reason else ("viewed" if request.method == "GET"
                                                                       else "changed"),
                                      detail=request.path[:255]))
        link.last_seen_at = now
        db.session.commit()
    if reason:
        abort(403, reason)


@event.listens_for(Session, "before_flush")
def sign_entries(session, flush_context, instances) -> None:
    """Entries a caregiver writes in a patient's diary carry the caregiver's id, for "logged by Sam"."""
    diary = g.get("diary") if has_request_context() else None
    if diary is None or diary.is_own:
        return
    for entry in (*session.new, *session.dirty):
        if isinstance(entry, (Attack, MedicationDose, DailyLog)) and entry.user_id == diary.owner_id \
                and session.is_modified(entry):
            entry.author_id = current_user.id


def register(app: Flask) -> None:
    app.before_request(_resolve)
    app.jinja_env.globals.update(permissions=PERMISSIONS, may=may, logged_by=logged_by)

    @app.context_processor
    def diary_on_screen():
        if "diary" not in g:  # nobody logged in
            return {"diary": None}
        return {"diary": g.diary, "shared_diaries": shared_with(current_user.id)}


def may(endpoint: str) -> bool:
    """Whether the page may offer this action: what the server would allow (links to refused pages stay hidden)."""
    return "diary" in g and refusal(g.diary, current_app.view_functions[endpoint]) is None


def logged_by(entry) -> str:
    """"logged by Sam" for an entry a caregiver wrote, as the patient named them; empty for the owner's own."""
    if entry.author_id is None or entry.author_id == entry.user_id:
        return ""
    return f"logged by {caregiver_name(entry.user_id, entry.author_id)}"
