"""Whose entries a request may touch. Every view that loads an entry by id goes through here."""
from flask import abort
from flask_login import current_user

from .extensions import db


def own_or_404(model, entry_id: int):
    """The current user's entry with this id; 404 for anyone else's, so that ids reveal nothing."""
    entry = db.session.get(model, entry_id)
    if entry is None or entry.user_id != current_user.id:
        abort(404)
    return entry
