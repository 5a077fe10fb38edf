"""Command-line tools: create-user, set-password, seed-demo, import and export (`flask --app diary COMMAND --help`)."""
import contextlib
import json
import os
import sys

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from .auth.forms import PASSWORD_MIN_LENGTH
from .auth.passwords import weakness
from .auth.services import AccountError, create_user, find_user
from .data.services import SOURCES, export_file, import_file
from .demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_TIMEZONE, seed_demo
from .extensions import db
from .models import User
from .timezones import is_timezone, local_today
from .vocabulary import LAG_WORDS, OUTCOMES


def _password_from_env_or_prompt(email: str) -> str:
    password = os.environ.get("DIARY_PASSWORD")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < PASSWORD_MIN_LENGTH:
        raise click.ClickException(f"The password must have at least {PASSWORD_MIN_LENGTH} characters.")
    problem = weakness(password, email)
    if problem:
        raise click.ClickException(problem)
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
    password = _password_from_env_or_prompt(email)
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
    if current_app.config.get("PRODUCTION"):  # its password is in the README: on a real server, a way in
        raise click.ClickException("seed-demo does not run when DIARY_ENV=production: the demo's password is public.")
    if if_empty and db.session.scalar(select(func.count(User.id))):
        click.echo("The database already has accounts; no demo account added.")
        return
    if find_user(DEMO_EMAIL) is not None:
        click.echo(f"The demo account exists already. Log in as {DEMO_EMAIL} with password {DEMO_PASSWORD}")
        return
    user = seed_demo(local_today(DEMO_TIMEZONE))
    click.echo(f"Demo account ready. Log in as {user.email} with password {DEMO_PASSWORD}")


def _user_or_fail(email: str) -> User:
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"There is no account {email!r}; create it with `create-user` first.")
    return user


@click.command("set-password")
@click.argument("email")
@with_appcontext
def set_password_command(email: str) -> None:
    """Give an account a new password (from DIARY_PASSWORD or a hidden prompt); its other logins end."""
    from .auth.services import change_password

    user = _user_or_fail(email)
    change_password(user, _password_from_env_or_prompt(user.email))
    click.echo(f"New password set for {user.email}; every device it was logged in on is logged out.")


@click.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--user", "email", required=True, help="The account to import into.")
@click.option("--from", "source", type=click.Choice(list(SOURCES)), default="migraine-diary", show_default=True,
              help="The kind of file: our JSON format, or a Migraine Buddy CSV export.")
@with_appcontext
def import_command(file, email: str, source: str) -> None:
    """Import a diary file into an account, merging with what is there (never doubling an entry)."""
    user = _user_or_fail(email)
    with contextlib.ExitStack() as stack:
        bar = None

        def start(total: int) -> None:
            nonlocal bar
            click.echo(f"{file.name}: checked, no faults; writing {total} entries")
            bar = stack.enter_context(click.progressbar(length=total, label="Importing", file=sys.stderr))

        outcome = import_file(user, file.read(), source, progress=lambda n: bar.update(n), on_checked=start)
    if outcome.refused:
        for fault in outcome.faults:
            click.echo(fault, err=True)
        raise click.ClickException(f"{len(outcome.faults)} fault(s) found; nothing was imported.")
    for row in outcome.skipped_rows:
        click.echo(f"left out: {row}", err=True)
    if outcome.events_ignored:
        click.echo(f"left out: {outcome.events_ignored} ongoing event(s) from the top table "
                   "(add preventive treatments on the Treatments page)", err=True)
    for name, tally in outcome.summary.sections.items():
        click.echo(f"{name}: {tally.added} added, {tally.updated} updated, {tally.unchanged} unchanged")
    if outcome.summary.timezone_set:
        click.echo(f"Time zone of the account set to {outcome.summary.timezone_set}, as in the file.")
    for change in outcome.summary.changes:
        click.echo(f"changed: {change}")


@click.command("export")
@click.option("--user", "email", required=True, help="The account to export.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "fhir"]), default="json", show_default=True,
              help="json: our interchange format; csv: a ZIP of five tables for a spreadsheet; fhir: a FHIR R4B "
                   "bundle.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-",
              help="File to write; - for standard output.")
@with_appcontext
def export_command(email: str, fmt: str, out: str) -> None:
    """Export an account's whole diary: to import elsewhere, to a spreadsheet, or to a health record."""
    user = _user_or_fail(email)
    if fmt == "csv":
        from .report.tables import diary_zip

        content = diary_zip(user.id, user.timezone)
    elif fmt == "fhir":
        from .report.fhir import fhir_json

        content = fhir_json(user.id)
    else:
        content = export_file(user).encode()
    with click.open_file(out, "wb") as stream:
        stream.write(content)
    if out != "-":
        click.echo(f"Wrote {out}", err=True)


@click.command("report")
@click.option("--user", "email", required=True, help="The account whose diary is reported.")
@click.option("--from", "start", help="First day, YYYY-MM-DD (default: the last three complete months).")
@click.option("--to", "end", help="Last day, YYYY-MM-DD.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True, help="The PDF to write.")
@with_appcontext
def report_command(email: str, start: str | None, end: str | None, paper: str, out: str) -> None:
    """The doctor report as PDF, as the report page prints it."""
    from .report.pdf import report_pdf
    from .report.services import ReportPeriodError, build_report, choose_period, today_for

    user = _user_or_fail(email)
    try:
        period = choose_period(today_for(user), start, end)
    except ReportPeriodError as problem:
        raise click.ClickException(str(problem)) from None
    with open(out, "wb") as stream:
        stream.write(report_pdf(build_report(user, period), paper))
    click.echo(f"Wrote {out} ({period.first.isoformat()} to {period.last.isoformat()})", err=True)


@click.command("insights")
@click.option("--user", "email", required=True, help="The account to analyse.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of readable text.")
@click.option("--outcome", type=click.Choice(list(OUTCOMES)), default="migraine", show_default=True,
              help="The attacks whose onsets are analysed: migraine attacks, or headaches of any kind.")
@with_appcontext
def insights_command(email: str, as_json: bool, outcome: str) -> None:
    """What goes with the account's attacks, with how sure each finding is."""
    from .analysis import insights_for

    user = _user_or_fail(email)
    insights = insights_for(user.id, user.timezone, outcome=outcome)
    found = insights.as_json()
    if as_json:
        click.echo(json.dumps(found, indent=2))
        return
    click.echo(f"{OUTCOMES[outcome]['title']}: {found['message']}")
    if insights.other_outcome_ready:
        click.echo(f"{OUTCOMES[insights.other_outcome_ready]['counting']}, there is enough data already (add "
                   f"--outcome {insights.other_outcome_ready}).")
    for factor in found["factors"]:
        click.echo(f"- {factor['exposure']}, {LAG_WORDS[factor['lag_days']]}: {factor['verdict']}. "
                   f"{factor['sentence']}")
    left_out = [f"{c['words']} ({c['reason']})" for c in found["coverage"] if not c["analysed"]]
    if left_out:
        click.echo("Not analysed: " + "; ".join(left_out) + ".")
    for section in ("treatments", "warnings"):
        if found[section]:
            click.echo(f"\n{section.capitalize()}:")
        for item in found[section]:
            click.echo(f"- {item['sentence']}")
    if found["articles"]:
        from .articles.library import find

        click.echo("\nReading for your patterns:")
    for link in found["articles"]:
        click.echo(f"- {find(link['slug']).title} (articles/{link['slug']}): {link['reason']}")


def register(app: Flask) -> None:
    for command in (create_user_command, set_password_command, seed_demo_command, import_command, export_command,
                    report_command, insights_command):
        app.cli.add_command(command)
