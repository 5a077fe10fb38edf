"""Accounts as plain functions, shared by the pages, the CLI and the tests."""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from .. import clock
from ..extensions import db
from ..models import HealthProfile, Login, User


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
    """A new password ends every other login of the account ("remember me" too); this one, if any, stays."""
    user.set_password(password)
    end_other_logins(user)


# Logins: a row per logged-in browser, found by the hash of the token its cookies carry (diary.models.Login).
LOGIN_SEEN_EVERY = timedelta(hours=1)  # how often a login's "last seen" is written: not on every request


def token_hash(token: str) -> str:
    """A secret token as it is stored: its SHA-256, so that a copy of the database opens no door (the login
    cookies' tokens here, the invitation links in diary/sharing)."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_login(user: User) -> None:
    """A new login for this browser; `login_user` then puts its token into the cookies. Logins unused for longer
    than "remember me" lasts can no longer be used, and are cleared away here."""
    now = clock.now()
    db.session.execute(delete(Login).where(
        Login.user_id == user.id, Login.last_seen_at < now - current_app.config["REMEMBER_COOKIE_DURATION"]))
    user.login_token = secrets.token_hex(32)
    db.session.add(Login(user_id=user.id, token_hash=token_hash(user.login_token), created_at=now,
                         last_seen_at=now))
    db.session.commit()


def user_of_login(token: str) -> User | None:
    """The account a cookie's login token belongs to, while that login lasts."""
    login = db.session.scalar(select(Login).where(Login.token_hash == token_hash(token)))
    if login is None:
        return None
    now = clock.now()
    if now - login.last_seen_at > LOGIN_SEEN_EVERY:
        login.last_seen_at = now
        db.session.commit()
    user = login.user
    user.login_token = token
    return user


def end_login(user: User) -> None:
    """Log out this browser: its cookies, copied or not, stop working."""
    if user.login_token:
        db.session.execute(delete(Login).where(Login.token_hash == token_hash(user.login_token)))
        db.session.commit()


def end_other_logins(user: User) -> None:
    """Every login of the account but this browser's (all of them when there is none, as from the command line)."""
    others = delete(Login).where(Login.user_id == user.id)
    if user.login_token:
        others = others.where(Login.token_hash != token_hash(user.login_token))
    db.session.execute(others)
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
