"""Invitations, caregiver links and the access log, as plain functions the views and tests call.

An invitation is a link with a random token; only the token's SHA-256 is stored, and only until the link is
accepted, revoked or expires (7 days), so a copy of the database cannot be turned into a way in.
"""
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Optional

from sqlalchemy import func, select

from .. import clock
from ..access import MAX_ID, caregiver_name, live_link
from ..auth.services import token_hash
from ..extensions import db
from ..models import AccessLogEntry, CaregiverLink, User

INVITATION_DAYS = 7
LOG_PAGE_SIZE = 50


class SharingError(ValueError):
    """Why an invitation cannot be made or accepted, in words for the person."""


def invite(patient: User, email: str, permission: str, their_name: str = "",
           patient_name: str = "") -> tuple[CaregiverLink, str]:
    """A new invitation and its token (shown once, to be sent by the patient; not kept)."""
    email = email.strip().lower()
    if email == patient.email.lower():
        raise SharingError("That is your own address: a person cannot be their own caregiver.")
    token = secrets.token_urlsafe(32)
    link = CaregiverLink(patient_id=patient.id, invited_email=email, permission=permission,
                         token_hash=token_hash(token), expires_at=clock.now() + timedelta(days=INVITATION_DAYS),
                         caregiver_name=their_name.strip(), patient_name=patient_name.strip())
    db.session.add(link)
    db.session.commit()
    return link, token


@dataclass(frozen=True)
class Invitation:
    """What opening an invitation link found: the link, or why it no longer works."""
    link: Optional[CaregiverLink]
    problem: Optional[str] = None


def open_invitation(token: str) -> Invitation:
    """The invitation behind a link. A used, revoked or expired link says which, in plain words."""
    link = db.session.scalar(select(CaregiverLink).where(CaregiverLink.token_hash == token_hash(token or "")))
    if link is None:
        # Accepting or revoking forgets the token's hash, so a used link and a mistyped one look the same.
        return Invitation(None, "This invitation link does not work: it has been used, was withdrawn, or was "
                                "copied incompletely. Ask for a new one.")
    if link.expires_at is None or clock.now() >= link.expires_at:
        return Invitation(link, f"This invitation has expired: links work for {INVITATION_DAYS} days. "
                                "Ask for a new one.")
    return Invitation(link)


def accept(link: CaregiverLink, caregiver: User) -> CaregiverLink:
    """The caregiver takes the invitation: access starts, the link stops working. A second invitation from the same
    patient replaces the first (with its permission)."""
    if caregiver.id == link.patient_id:
        raise SharingError("This is your own invitation: a person cannot be their own caregiver. Send the link to "
                           "the person you invited.")
    now = clock.now()
    earlier = live_link(link.patient_id, caregiver.id)
    if earlier is not None:
        earlier.revoked_at = now
    link.caregiver_id, link.accepted_at, link.token_hash = caregiver.id, now, None
    db.session.commit()
    return link


def revoke(link: CaregiverLink) -> None:
    """End an invitation or a caregiver's access; the caregiver's next request is refused."""
    link.revoked_at, link.token_hash = clock.now(), None
    db.session.commit()


def set_permission(link: CaregiverLink, permission: str) -> None:
    link.permission = permission
    db.session.commit()


def patients_link(patient_id: int, link_id: int) -> Optional[CaregiverLink]:
    """One of this patient's invitations or caregivers that can still be changed, by its id."""
    link = db.session.get(CaregiverLink, link_id) if 0 < link_id <= MAX_ID else None
    if link is None or link.patient_id != patient_id or link.revoked_at is not None:
        return None
    return link


def pending(patient_id: int) -> list[CaregiverLink]:
    now = clock.now()
    return list(db.session.scalars(select(CaregiverLink).where(
        CaregiverLink.patient_id == patient_id, CaregiverLink.caregiver_id.is_(None),
        CaregiverLink.revoked_at.is_(None), CaregiverLink.expires_at > now).order_by(CaregiverLink.id.desc())))


def caregivers(patient_id: int) -> list[CaregiverLink]:
    return list(db.session.scalars(select(CaregiverLink).where(
        CaregiverLink.patient_id == patient_id, CaregiverLink.caregiver_id.is_not(None),
        CaregiverLink.revoked_at.is_(None)).order_by(CaregiverLink.accepted_at)))


def access_log(patient_id: int, page: int) -> tuple[list[tuple[AccessLogEntry, str]], int]:
    """One page of who opened what in the patient's diary, newest first, with the name the patient gave them."""
    total = db.session.scalar(select(func.count()).select_from(AccessLogEntry)
                              .where(AccessLogEntry.subject_id == patient_id)) or 0
    pages = max(1, -(-total // LOG_PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.subject_id == patient_id)
                              .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())
                              .offset((page - 1) * LOG_PAGE_SIZE).limit(LOG_PAGE_SIZE)).all()
    return [(row, caregiver_name(patient_id, row.actor_id)) for row in rows], pages
