"""Command-line tools: create-user, set-password, seed-demo, import and export (`flask --app diary COMMAND --help`)."""
import contextlib
import json
import os
import shlex
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select
from sqlalchemy.engine import URL, make_url

from .auth.forms import PASSWORD_MIN_LENGTH
from .auth.passwords import weakness
from .auth.services import AccountError, create_user, find_user
from .data.services import SOURCES, export_file, import_file
from .demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_TIMEZONE, seed_demo
from .extensions import db
from .models import Attack, DailyLog, User
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


# On PostgreSQL `backup` copies nothing and exits with this status: a cron job made for SQLite then fails loudly after
# a move to PostgreSQL instead of quietly making no backups, and a script can tell it from a failed copy (1) or a
# mistyped option (2).
PG_DUMP_NEEDED = 3
BACKUP_COUNTS = {"users": User, "attacks": Attack, "daily logs": DailyLog}


@click.command("backup")
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="The file to write the copy to.")
@click.option("--force", is_flag=True, help="Replace the file if it exists (once the new copy has passed its check).")
@with_appcontext
def backup_command(out: str, force: bool) -> None:
    """A consistent copy of the SQLite database while the app serves; on PostgreSQL, the pg_dump command to run."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "postgresql":
        click.echo(_pg_dump_advice(url, out))
        click.get_current_context().exit(PG_DUMP_NEEDED)
    database, target = _sqlite_file(url), Path(out)
    _refuse_to_replace(database, target, force)
    started = time.monotonic()
    partial = _partial_file_beside(target)
    try:
        counts = _copy_and_check(database, partial)
        _move_into_place(partial, target, force)
    finally:
        partial.unlink(missing_ok=True)
    seconds, stat = time.monotonic() - started, target.stat()
    click.echo(f"Backed up {database} to {target.resolve()} in {seconds:.2f} s: {stat.st_size / 1e6:.1f} MB "
               f"({stat.st_size:,} bytes), file mode {stat.st_mode & 0o777:o}.")
    click.echo("Integrity check of the copy: ok. In the copy: "
               + ", ".join(f"{words} {count}" for words, count in counts.items()) + ".")


def _sqlite_file(url: URL) -> Path:
    """The file behind a sqlite:/// URL. A missing one is refused: connecting would make an empty database."""
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(f"backup knows SQLite and PostgreSQL, not {url.get_backend_name()}.")
    if url.database in (None, "", ":memory:") or not Path(url.database).is_file():
        raise click.ClickException(f"There is no database file {url.database!r} to back up; check DATABASE_URL.")
    return Path(url.database).resolve()


def _refuse_to_replace(database: Path, target: Path, force: bool) -> None:
    """The copy never lands on the live database or its journals, and replaces an earlier file only when asked."""
    live = [Path(f"{database}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]
    if target.resolve() in live or (target.exists() and os.path.samefile(target, database)):
        raise click.ClickException(f"{target} is the diary's own database; write the backup to another file.")
    if target.exists() and not force:
        raise click.ClickException(f"{target} exists already; choose a new name, or add --force to replace it.")
    if not target.parent.is_dir():
        raise click.ClickException(f"There is no folder {target.parent}; create it first.")


def _partial_file_beside(target: Path) -> Path:
    """An empty file next to the target, readable by its owner only from the start (mkstemp makes it 0600), on the
    same file system so that it can take the target's name at once."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    except OSError as error:
        raise click.ClickException(f"Cannot write in {target.parent}: {error.strerror}.") from None
    os.close(handle)
    return Path(name)


def _copy_and_check(database: Path, copy: Path) -> dict[str, int]:
    """Copy, then read the copy back; any SQLite error (disk full, a damaged page) means no backup."""
    try:
        _copy_sqlite(database, copy)
        return _check_copy(database, copy)
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"No backup was written: SQLite said {error}.") from None


def _copy_sqlite(database: Path, copy: Path) -> None:
    """Copy the database with SQLite's online backup API, in one step.

    One step (pages=-1, the default) reads every page inside one read transaction, so the copy is the database as
    it stood after one commit; in WAL mode that reader does not hold up the app's writers, only checkpoints wait for
    it. Copying a few pages at a time would instead start over whenever another connection commits in between
    (SQLite's backup API docs), which under steady writes may never end. Opened read-only: a backup never writes to
    the diary.
    """
    with contextlib.closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=30)) as source, \
            contextlib.closing(sqlite3.connect(copy)) as target:
        source.backup(target)
        # The copy inherits the database's WAL mode; back to a rollback journal, so the backup is one file.
        target.execute("PRAGMA journal_mode=DELETE")


def _check_copy(database: Path, copy: Path) -> dict[str, int]:
    """SQLite's integrity check over every page and index of the copy, then counts a person can recognise."""
    with contextlib.closing(sqlite3.connect(copy)) as connection:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            # The backup API copies page for page, so a damaged copy almost always means a damaged database.
            raise click.ClickException(
                f"The copy failed SQLite's integrity check, so no backup was written: {'; '.join(problems[:3])}"
                f"{' ...' if len(problems) > 3 else ''}. The database itself is probably damaged; check it with "
                f"sqlite3 {shlex.quote(str(database))} 'PRAGMA integrity_check' and keep your last good backup.")
        return {words: connection.execute(f"SELECT count(*) FROM {model.__tablename__}").fetchone()[0]
                for words, model in BACKUP_COUNTS.items()}


def _move_into_place(partial: Path, target: Path, force: bool) -> None:
    """Give the checked copy its name. Without --force a hard link, which fails when the name was taken meanwhile
    where a rename would replace that file; a file system without hard links (a FAT stick) gets a last look."""
    if force:
        os.replace(partial, target)
        return
    try:
        os.link(partial, target)
    except OSError as error:
        if isinstance(error, FileExistsError) or target.exists():
            raise click.ClickException(f"{target} appeared while the copy was made; it was left alone.") from None
        os.replace(partial, target)


def _pg_dump_advice(url: URL, out: str) -> str:
    """What to run on PostgreSQL: pg_dump reads one consistent snapshot without blocking the app (PostgreSQL's
    pg_dump docs). The password stays out of the command line, where `ps` and the shell history would show it."""
    host = url.host or url.query.get("host")
    command = shlex.join(["pg_dump", "--format=custom", "--file", out,
                          *(["--host", host] if host else []),
                          *(["--port", str(url.port)] if url.port else []),
                          *(["--username", url.username] if url.username else []),
                          *([url.database] if url.database else [])])
    return ("The database is PostgreSQL; this command copies SQLite files only, so nothing was written.\n"
            "Make the backup with pg_dump, which takes a consistent snapshot while the app serves:\n\n"
            f"  (umask 077 && {command})\n\n"
            f"pg_dump asks for the password of {url.username or 'the database user'} when the server wants one; for "
            "an unattended backup put it in ~/.pgpass (mode 600), never in the command. umask 077 keeps the dump "
            "readable by you only. Restore it with pg_restore (README, Backups).")


def register(app: Flask) -> None:
    for command in (create_user_command, set_password_command, seed_demo_command, import_command, export_command,
                    report_command, insights_command, backup_command):
        app.cli.add_command(command)
