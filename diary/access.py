"""Whose entries a request may touch. Every view that loads an entry by id goes through here."""
from flask import abort
from flask_login import current_user

from .extensions import db

MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id cannot exist, and asking for one is a database error


def own_or_404(model, entry_id: int):
    """The current user's entry with this id; 404 for anyone else's, so that ids reveal nothing."""
    entry = db.session.get(model, entry_id) if 0 < entry_id <= MAX_ID else None
    if entry is None or entry.user_id != current_user.id:
        abort(404)
    return entry
