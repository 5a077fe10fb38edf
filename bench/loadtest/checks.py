"""After the load: every write the server acknowledged is in the database exactly once, nothing is doubled, and
the database itself is sound. Read straight from the database, not through the app."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import create_engine, text

from .people import Person

# Rows that break what the schema and the app promise; each query lists the offending rows.
CONSISTENCY_QUERIES = {
    "doses of attacks that do not exist":
        "SELECT d.id FROM medication_doses d LEFT JOIN attacks a ON a.id = d.attack_id "
        "WHERE d.attack_id IS NOT NULL AND a.id IS NULL",
    "doses of another person's attack":
        "SELECT d.id FROM medication_doses d JOIN attacks a ON a.id = d.attack_id WHERE a.user_id <> d.user_id",
    "two logs of one day": "SELECT user_id, date FROM daily_logs GROUP BY user_id, date HAVING count(*) > 1",
    "two attacks from one form": "SELECT user_id, submission_key FROM attacks WHERE submission_key IS NOT NULL "
                                 "GROUP BY user_id, submission_key HAVING count(*) > 1",
    "two attacks with one start": "SELECT user_id, started_at FROM attacks GROUP BY user_id, started_at "
                                  "HAVING count(*) > 1",
    "more than one attack going on": "SELECT user_id FROM attacks WHERE ended_at IS NULL GROUP BY user_id "
                                     "HAVING count(*) > 1",
    "an attack that ends before it starts": "SELECT id FROM attacks WHERE ended_at < started_at",
    "entries of no account": "SELECT id FROM attacks WHERE user_id NOT IN (SELECT id FROM users) "
                             "UNION ALL SELECT id FROM daily_logs WHERE user_id NOT IN (SELECT id FROM users)",
}


@dataclass
class Verdict:
    acknowledged: Counter = field(default_factory=Counter)  # per kind of write
    lost: list[str] = field(default_factory=list)
    doubled: list[str] = field(default_factory=list)
    unacknowledged_but_saved: Counter = field(default_factory=Counter)  # sent, answer lost, saved: allowed
    integrity: list[str] = field(default_factory=list)  # empty when sound

    @property
    def passed(self) -> bool:
        return not (self.lost or self.doubled or self.integrity)


def _utc(value) -> datetime:
    """A stored time as an aware UTC datetime: SQLite gives the naive UTC text, PostgreSQL a timestamptz."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _day(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def check(database_url: str, people: list[Person]) -> Verdict:
    verdict = Verdict()
    engine = create_engine(database_url)
    with engine.connect() as db:
        users = dict(db.execute(text("SELECT email, id FROM users")).all())
        for person in people:
            _check_person(db, users[person.email], person, verdict)
        _check_integrity(db, engine.dialect.name, verdict)
    engine.dispose()
    return verdict


def _check_person(db, user_id: int, person: Person, verdict: Verdict) -> None:
    w, who = person.writes, person.email
    attacks = db.execute(text("SELECT id, started_at, ended_at, submission_key FROM attacks WHERE user_id = :u"),
                         {"u": user_id}).all()
    doses = Counter(row.attack_id for row in db.execute(
        text("SELECT attack_id FROM medication_doses WHERE user_id = :u"), {"u": user_id}))

    # "Attack now": each answered attack exists; no more such attacks than taps (a retried tap made no second one).
    by_id = {a.id: a for a in attacks}
    verdict.acknowledged["attack now"] += len(w.started)
    verdict.acknowledged["attack ended"] += len(w.ended)
    verdict.lost += [f"{who}: attack {i} (attack now)" for i in w.started if i not in by_id]
    verdict.lost += [f"{who}: end of attack {i}" for i in w.ended if i not in by_id or by_id[i].ended_at is None]
    tapped = [a for a in attacks if a.submission_key is None]
    if len(tapped) > w.taps:
        verdict.doubled.append(f"{who}: {len(tapped)} attacks from {w.taps} taps on Attack now")
    verdict.unacknowledged_but_saved["attack now"] += len({a.id for a in tapped} - w.started)

    # The full form: each acknowledged form is one attack, with its start and its one dose.
    by_key = Counter(a.submission_key for a in attacks if a.submission_key)
    verdict.acknowledged["attack form"] += len(w.forms_saved)
    for key, start in w.forms_saved.items():
        rows = [a for a in attacks if a.submission_key == key]
        if not rows or _utc(rows[0].started_at) != start:
            verdict.lost.append(f"{who}: attack form {key} ({start:%Y-%m-%d %H:%M})")
        elif doses[rows[0].id] != 1:
            (verdict.lost if doses[rows[0].id] == 0 else verdict.doubled).append(
                f"{who}: attack {rows[0].id} has {doses[rows[0].id]} doses, 1 sent")
    verdict.doubled += [f"{who}: form {key} saved {n} times" for key, n in by_key.items() if n > 1]
    strays = set(by_key) - set(w.forms_sent)
    verdict.doubled += [f"{who}: an attack from form {key}, which this person never sent" for key in strays]
    verdict.unacknowledged_but_saved["attack form"] += len(set(by_key) - set(w.forms_saved) - strays)

    # Daily logs: each acknowledged day once, with what was sent.
    logs = Counter()
    stress = {}
    for row in db.execute(text("SELECT date, stress FROM daily_logs WHERE user_id = :u"), {"u": user_id}):
        logs[_day(row.date)] += 1
        stress[_day(row.date)] = row.stress
    verdict.acknowledged["daily log"] += len(w.days_saved)
    verdict.lost += [f"{who}: day {d} (stress {s}, found {stress.get(d)})" for d, s in w.days_saved.items()
                     if stress.get(d) != s]
    verdict.doubled += [f"{who}: day {d} logged {n} times" for d, n in logs.items() if n > 1]
    verdict.doubled += [f"{who}: day {d}, which this person never sent" for d in set(logs) - set(w.days_sent)]
    verdict.unacknowledged_but_saved["daily log"] += len(set(logs) - set(w.days_saved))


def _check_integrity(db, dialect: str, verdict: Verdict) -> None:
    if dialect == "sqlite":
        result = [row[0] for row in db.execute(text("PRAGMA integrity_check"))]
        if result != ["ok"]:
            verdict.integrity += [f"integrity_check: {line}" for line in result]
        verdict.integrity += [f"foreign_key_check: {tuple(row)}"
                              for row in db.execute(text("PRAGMA foreign_key_check"))]
    for problem, query in CONSISTENCY_QUERIES.items():
        rows = db.execute(text(query)).all()
        if rows:
            verdict.integrity.append(f"{problem}: {len(rows)} (e.g. {tuple(rows[0])})")
