"""Configuration read from the environment (12-factor): one Config class, nothing secret in the repo."""
import os
import secrets
from datetime import timedelta
from pathlib import Path


# Werkzeug's scrypt: a memory-hard KDF with a random salt per password. The tests use a cheap one (tests/conftest.py).
PASSWORD_HASH_METHOD = "scrypt"


REGISTRATION_MODES = ("open", "invite", "closed")
# A production key: long and random (the README's command makes 64 hex characters).
MIN_SECRET_KEY_LENGTH = 32
KEY_COMMAND = "python3 -c 'import secrets; print(secrets.token_hex(32))'"
WEAK_SECRET_KEYS = {"changeme", "change-me", "secret", "secret-key", "secret_key", "dev", "development", "test",
                    "password", "flask", "diary", "migraine-diary", "your-secret-key", "replace-me"}


class ConfigError(RuntimeError):
    """The environment is missing something the app cannot run without."""


def secret_key_for(instance_path: str, production: bool) -> str:
    """SECRET_KEY from the environment; in development, generated once and kept in the instance folder.

    A hard-coded fallback key would let anyone forge sessions on every install that forgot to set one,
    so production refuses to start without a real key instead.
    """
    key = os.environ.get("SECRET_KEY")
    if key and production and (len(key) < MIN_SECRET_KEY_LENGTH or key.lower() in WEAK_SECRET_KEYS):
        # A short or well-known key is found from any cookie in a fraction of a second (a word list found
        # "redteam" in 0.02 s), and a forged session cookie then downloads a whole diary.
        raise ConfigError(f"SECRET_KEY is too weak: use at least {MIN_SECRET_KEY_LENGTH} random characters, "
                          f"e.g. from: {KEY_COMMAND}")
    if key:
        return key
    if production:
        raise ConfigError(f"SECRET_KEY must be set when DIARY_ENV=production; make one with: {KEY_COMMAND}")
    key_file = Path(instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.touch(mode=0o600)
    key_file.write_text(key)
    return key


def database_url_for(instance_path: str) -> str:
    """DATABASE_URL, or an SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL")
    if url:
        # Hosting platforms often hand out postgres:// URLs; SQLAlchemy needs the driver named.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://"):]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    # The diary is health data: the folder and the database are the server user's alone (SQLite gives its -wal and
    # -shm files the database file's permissions).
    Path(instance_path).mkdir(mode=0o700, parents=True, exist_ok=True)
    database = Path(instance_path) / "diary.sqlite"
    if not database.exists():
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))
    return "sqlite:///" + str(database)


class Config:
    """Settings for one app instance; built from the environment when the app is created."""

    def __init__(self, instance_path: str):
        self.PRODUCTION = os.environ.get("DIARY_ENV", "development") == "production"
        self.SECRET_KEY = secret_key_for(instance_path, self.PRODUCTION)
        self.SQLALCHEMY_DATABASE_URI = database_url_for(instance_path)
        # Secure cookies only over HTTPS, which a production deployment has behind its proxy.
        self.PASSWORD_HASH_METHOD = PASSWORD_HASH_METHOD
        self.SESSION_COOKIE_SECURE = self.PRODUCTION
        self.REMEMBER_COOKIE_SECURE = self.PRODUCTION
        self.SESSION_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        # "Keep me logged in" lasts 30 days; without it a login ends after 12 hours without a request.
        self.REMEMBER_COOKIE_DURATION = timedelta(days=30)
        self.PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
        # Rate limits live in memory per process by default; point several workers at one Redis.
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        self.RATELIMIT_HEADERS_ENABLED = True
        self.TRUST_PROXY = os.environ.get("DIARY_TRUST_PROXY", "0") == "1"
        self.MAX_CONTENT_LENGTH = 20 * 1024 * 1024
        # Who may create an account on the site: anyone ("open"), or only the people a patient invites as caregivers
        # ("invite"; patients get accounts from whoever runs the server, `flask create-user`). A patient's invitation
        # link always lets its caregiver register, so "closed" differs from "invite" only in what the page says.
        # A diary server reachable from the internet should not be open to all: production starts at "invite".
        self.REGISTRATION = os.environ.get("DIARY_REGISTRATION", "invite" if self.PRODUCTION else "open")
        if self.REGISTRATION not in REGISTRATION_MODES:
            raise ConfigError(f"DIARY_REGISTRATION must be one of {', '.join(REGISTRATION_MODES)}, "
                              f"not {self.REGISTRATION!r}.")

    def as_dict(self) -> dict:
        return {k: v for k, v in vars(self).items() if k.isupper()}
