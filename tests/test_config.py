"""Settings come from the environment; nothing secret is built in."""
import pytest

from diary import create_app
from diary.config import ConfigError


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("SECRET_KEY", "DATABASE_URL", "DIARY_ENV", "DIARY_INSTANCE_PATH"):
        monkeypatch.delenv(name, raising=False)


def test_development_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = create_app({"INSTANCE_PATH": str(tmp_path)})
    second = create_app({"INSTANCE_PATH": str(tmp_path)})
    key_file = tmp_path / "secret_key"
    assert len(first.config["SECRET_KEY"]) >= 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert key_file.stat().st_mode & 0o077 == 0, "only the owner may read the key"
    other_install = create_app({"INSTANCE_PATH": str(tmp_path / "other")})
    assert other_install.config["SECRET_KEY"] != first.config["SECRET_KEY"]


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("DIARY_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        create_app({"INSTANCE_PATH": str(tmp_path)})
    assert not (tmp_path / "secret_key").exists()


def test_production_uses_secure_cookies_and_the_given_key(tmp_path, monkeypatch):
    monkeypatch.setenv("DIARY_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment-" + "7f3a" * 8)
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SECRET_KEY"] == "from-the-environment-" + "7f3a" * 8
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


@pytest.mark.parametrize("key", ["redteam", "x" * 31, "changeme"])
def test_production_refuses_a_weak_secret_key_and_says_how_to_make_one(tmp_path, monkeypatch, key):
    """SECRET_KEY=redteam once started; a small word list found it from an anonymous cookie in 0.02 s."""
    monkeypatch.setenv("DIARY_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError, match=r"too weak: use at least 32 random characters.*secrets.token_hex\(32\)"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_development_cookies_work_over_plain_http(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert not app.config["SESSION_COOKIE_SECURE"]


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'diary.sqlite'}"


@pytest.mark.parametrize("given, expected", [
    ("postgres://u:p@db/diary", "postgresql+psycopg://u:p@db/diary"),
    ("postgresql://u:p@db/diary", "postgresql+psycopg://u:p@db/diary"),
    ("postgresql+psycopg://u:p@db/diary", "postgresql+psycopg://u:p@db/diary"),
])
def test_database_url_from_the_environment(tmp_path, monkeypatch, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == expected


def test_templates_and_static_files_come_from_the_top_level_folders(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.template_folder.endswith("/templates") and app.static_folder.endswith("/static")
    response = app.test_client().get("/static/vendor/pico/pico.min.css")
    assert response.status_code == 200


def test_server_connections_are_checked_before_use_and_a_sqlite_file_is_not(tmp_path, monkeypatch):
    sqlite = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert "pool_pre_ping" not in sqlite.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
    monkeypatch.setenv("DATABASE_URL", "postgresql://diary@localhost/diary")
    server = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert server.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
    assert server.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


def test_the_server_entry_point_loads_the_statistics_before_workers_fork(tmp_path):
    """`gunicorn --preload diary.wsgi:app` (README): the app, with scipy and firthmodels already imported, so no
    visitor's first insights page waits for them; the app factory alone does not import them (the CLI stays quick)."""
    import subprocess
    import sys

    check = ("import sys; import diary; diary.create_app(); before = 'firthmodels' in sys.modules; "
             "from diary.wsgi import app; print(before, type(app).__name__, 'firthmodels' in sys.modules)")
    env = {"DIARY_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["False", "Flask", "True"], result.stderr


def test_the_instance_folder_and_the_sqlite_files_are_the_server_users_alone(tmp_path):
    """They were created world-readable (0755 and 0644): any account on the machine could read every diary."""
    import stat

    import flask_migrate
    from sqlalchemy import text

    from diary.extensions import db

    instance = tmp_path / "instance"
    app = create_app({"INSTANCE_PATH": str(instance)})
    with app.app_context():
        flask_migrate.upgrade()
        db.session.execute(text("INSERT INTO users (email, password_hash, timezone, created_at, diary_version) "
                                "VALUES ('a@example.org', 'x', 'UTC', CURRENT_TIMESTAMP, 0)"))
        db.session.commit()
        files = {path.name: stat.S_IMODE(path.stat().st_mode) for path in instance.iterdir()}
        db.engine.dispose()
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    assert files["diary.sqlite"] == 0o600 and files.get("diary.sqlite-wal", 0o600) == 0o600, files
    assert "diary.sqlite-wal" in files, "written in WAL mode, so the -wal file is there to check"
