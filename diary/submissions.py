"""The same form sent twice (a double tap, a phone that retries after a timeout) saves one entry, and the second
request gets the answer the first one got.

Forms that create an entry carry a one-time key, made when the page is shown (forms.CreatingForm) and stored with
the entry; a second send finds the entry by it. Entries keyed by a date (a day's log, a questionnaire) are updated
in place instead; when two requests race to create one, the unique constraint stops the second, which then
updates the row the first one made (`commit_or_retry`).
"""
from __future__ import annotations

import re
import uuid
from typing import Callable, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .extensions import db

T = TypeVar("T")
KEY = re.compile(r"[0-9a-f]{32}")


def new_key() -> str:
    return uuid.uuid4().hex


def key_of(form) -> str | None:
    """The form's one-time key, or None for a page without one (or a key that is not ours)."""
    value = form.submission.data or ""
    return value if KEY.fullmatch(value) else None


def saved_before(model, user_id: int, key: str | None):
    """The entry an earlier send of the same form created, if any."""
    if key is None:
        return None
    return db.session.scalar(select(model).where(model.user_id == user_id, model.submission_key == key))


def create_once(model, user_id: int, key: str | None, create: Callable[[], T | None]) -> T | None:
    """The entry an earlier send of this form made, else the one `create` makes (it checks the form, adds the entry
    with `key` and commits; None when its checks refuse the form). When the insert loses a race, the second try
    finds the winner: the same form's entry by its key, or another entry in the same unique place, which `create`'s
    checks then report on the form."""
    for attempt in range(2):
        earlier = saved_before(model, user_id, key)
        if earlier is not None:
            return earlier
        try:
            return create()
        except IntegrityError:
            db.session.rollback()
            if attempt:
                raise
    return None


def commit_or_retry(write: Callable[[], T]) -> T:
    """Run `write` (which finds or adds a row by its unique key, without committing) and commit; if a request at the
    same moment created that row first, roll back and run it again: this time it finds and updates that row."""
    try:
        entry = write()
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        entry = write()
        db.session.commit()
    return entry
