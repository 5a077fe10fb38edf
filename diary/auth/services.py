"""Accounts as plain functions, shared by the pages, the CLI and the tests."""
from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import HealthProfile, User


class AccountError(ValueError):
    """A reason, in words for the user, why an account could not be created."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(email: str, password: str, timezone: str = "UTC") -> User:
    """Create an account; refuses a second account for the same address whatever its capitals.

    The password is hashed first either way: a taken address once answered in 88 ms and a new one in 326 ms, which
    told anyone timing it who keeps a migraine diary here."""
    user = User(email=normalise_email(email), timezone=timezone)
    user.set_password(password)
    if find_user(email) is not None:
        raise AccountError("An account with this email address already exists. Log in instead.")
    db.session.add(user)
    db.session.commit()
    return user


# A login attempt for an unknown address still checks a password against this hash, so that it takes as long
# as one with a wrong password and does not reveal who has an account.
_dummy_hash: str | None = None


def authenticate(email: str, password: str) -> User | None:
    global _dummy_hash
    user = find_user(email)
    if user is None:
        _dummy_hash = _dummy_hash or generate_password_hash("not a real password",
                                                             method=current_app.config["PASSWORD_HASH_METHOD"])
        check_password_hash(_dummy_hash, password)
        return None
    return user if user.check_password(password) else None


def parse_conditions(text: str) -> list[str]:
    seen: list[str] = []
    for part in text.split(","):
        item = " ".join(part.split())
        if item and item.lower() not in (s.lower() for s in seen):
            seen.append(item)
    return seen


def update_account(user: User, *, timezone: str, birth_year: int | None, sex: str | None,
                   conditions: list[str]) -> None:
    user.timezone = timezone
    profile = user.profile or HealthProfile(user=user)
    profile.birth_year = birth_year
    profile.sex = sex or None
    profile.conditions = conditions
    db.session.add(profile)
    db.session.commit()


def change_password(user: User, password: str) -> None:
    """A new password, and a new session token: every other login of the account ends ("remember me" too)."""
    user.set_password(password)
    user.new_session_token()
    db.session.commit()


def end_other_logins(user: User) -> None:
    user.new_session_token()
    db.session.commit()


def change_email(user: User, email: str) -> None:
    other = find_user(email)
    if other is not None and other.id != user.id:
        raise AccountError("Another account uses this address.")
    user.email = normalise_email(email)
    db.session.commit()


def delete_account(user: User) -> None:
    """The account and everything of it: the database deletes the diary's rows with it (ON DELETE CASCADE)."""
    db.session.delete(user)
    db.session.commit()
