"""Migraine Diary: a self-hosted diary for people with migraine and cluster headache."""
import os
from pathlib import Path

from flask import Flask

from .config import Config

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings from the environment (overridden by `config`), extensions, blueprints, CLI.

    Creating the app never touches the database schema; tables come only from `flask db upgrade`.
    """
    config = dict(config or {})
    instance_path = config.pop("INSTANCE_PATH", None) or os.environ.get("DIARY_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=str(Path(instance_path).resolve()) if instance_path else None,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(Config(app.instance_path).as_dict())
    app.config.update(config)
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Decided on the final database URL: a server connection can drop between requests, so PostgreSQL's are
        # checked before use; a SQLite file cannot, and the check would cost every request one more query.
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_request_hooks(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (the models must be known to Alembic and Flask-Login)
    from .database import enable_sqlite_pragmas
    from .extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    enable_sqlite_pragmas()
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see your diary."
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(login_token: str):
        """The cookies carry a login's token, not the account id: a login that has ended is no one."""
        from .auth.services import user_of_login

        return user_of_login(login_token)

    if app.config.get("TRUST_PROXY"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)


def register_blueprints(app: Flask) -> None:
    from .articles.library import load_library
    from .articles.views import bp as articles_bp
    from .attacks.views import bp as attacks_bp
    from .auth.views import bp as auth_bp
    from .dashboard.views import bp as dashboard_bp
    from .data.views import bp as data_bp
    from .days.views import bp as days_bp
    from .insights_page.views import bp as insights_bp
    from .questionnaires.views import bp as questionnaires_bp
    from .report.views import bp as report_bp
    from .sharing.views import bp as sharing_bp
    from .treatments.views import bp as treatments_bp

    load_library()  # a bad article file stops start-up with an error naming the file and the field
    for blueprint in (auth_bp, dashboard_bp, attacks_bp, days_bp, treatments_bp, questionnaires_bp, data_bp,
                      insights_bp, articles_bp, sharing_bp, report_bp):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    from .errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)


def register_request_hooks(app: Flask) -> None:
    from . import access, assets, web

    web.register(app)
    access.register(app)
    assets.register(app)
