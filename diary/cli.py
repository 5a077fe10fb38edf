"""Command-line tools: `flask --app diary create-user EMAIL`, `flask --app diary seed-demo`."""
import os

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import func, select

from .auth.forms import PASSWORD_MIN_LENGTH
from .auth.services import AccountError, create_user, find_user
from .demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_TIMEZONE, seed_demo
from .extensions import db
from .models import User
from .timezones import is_timezone, local_today


def _password_from_env_or_prompt() -> str:
    password = os.environ.get("DIARY_PASSWORD")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < PASSWORD_MIN_LENGTH:
        raise click.ClickException(f"The password must have at least {PASSWORD_MIN_LENGTH} characters.")
    return password


@click.command("create-user")
@click.argument("email")
@click.option("--timezone", default="UTC", show_default=True, help="IANA time zone, e.g. Europe/Berlin.")
@with_appcontext
def create_user_command(email: str, timezone: str) -> None:
    """Create an account. The password comes from DIARY_PASSWORD or a hidden prompt, never the command line."""
    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise click.ClickException(f"{email!r} is not a valid email address: {error}")
    if not is_timezone(timezone):
        raise click.ClickException(f"{timezone!r} is not a time zone name; try e.g. Europe/Berlin.")
    password = _password_from_env_or_prompt()
    try:
        user = create_user(email, password, timezone)
    except AccountError as error:
        raise click.ClickException(str(error))
    click.echo(f"Created account {user.email} (time zone {user.timezone}).")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has an account.")
@with_appcontext
def seed_demo_command(if_empty: bool) -> None:
    """Create the demo account with twelve months of made-up diary data."""
    if if_empty and db.session.scalar(select(func.count(User.id))):
        click.echo("The database already has accounts; no demo account added.")
        return
    if find_user(DEMO_EMAIL) is not None:
        click.echo(f"The demo account exists already. Log in as {DEMO_EMAIL} with password {DEMO_PASSWORD}")
        return
    user = seed_demo(local_today(DEMO_TIMEZONE))
    click.echo(f"Demo account ready. Log in as {user.email} with password {DEMO_PASSWORD}")


def register(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
