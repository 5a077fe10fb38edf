"""Configuration read from the environment (12-factor): one Config class, nothing secret in the repo."""
import os
import secrets
from pathlib import Path


# Werkzeug's scrypt: a memory-hard KDF with a random salt per password. The tests use a cheap one (tests/conftest.py).
PASSWORD_HASH_METHOD = "scrypt"


class ConfigError(RuntimeError):
    """The environment is missing something the app cannot run without."""


def secret_key_for(instance_path: str, production: bool) -> str:
    """SECRET_KEY from the environment; in development, generated once and kept in the instance folder.

    A hard-coded fallback key would let anyone forge sessions on every install that forgot to set one,
    so production refuses to start without a real key instead.
    """
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise ConfigError("SECRET_KEY must be set when DIARY_ENV=production.")
    key_file = Path(instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
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
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return "sqlite:///" + str(Path(instance_path) / "diary.sqlite")


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
        # Rate limits live in memory per process by default; point several workers at one Redis.
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        self.RATELIMIT_HEADERS_ENABLED = True
        self.TRUST_PROXY = os.environ.get("DIARY_TRUST_PROXY", "0") == "1"
        self.MAX_CONTENT_LENGTH = 20 * 1024 * 1024

    def as_dict(self) -> dict:
        return {k: v for k, v in vars(self).items() if k.isupper()}
