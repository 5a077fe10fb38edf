"""Importing and exporting a whole diary: shared by the "Your data" page and the command line."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy.exc import IntegrityError

from ..attacks.services import medication_classes
from ..extensions import db
from ..format import ImportSummary, check_diary, dump_json, export_diary, import_diary, parse_json
from ..format.migraine_buddy import convert
from ..models import User

SOURCES = {"migraine-diary": "Migraine Diary backup (.json)", "migraine-buddy": "Migraine Buddy export (.csv)"}


@dataclass
class ImportOutcome:
    summary: ImportSummary | None = None
    faults: list[str] = field(default_factory=list)  # the file was refused: nothing was written
    skipped_rows: list[str] = field(default_factory=list)  # rows of a Migraine Buddy file that could not be read
    events_ignored: int = 0

    @property
    def refused(self) -> bool:
        return bool(self.faults)


def import_file(user: User, content: bytes, source: str = "migraine-diary",
                progress: Callable[[int], None] = lambda n: None,
                on_checked: Callable[[int], None] = lambda total: None) -> ImportOutcome:
    """Check the whole file first; write only if it has no fault (a Migraine Buddy row that cannot be read is
    reported and left out, since the person cannot correct that app's export)."""
    outcome = ImportOutcome()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        outcome.faults = ["(file): is not UTF-8 text"]
        return outcome
    if source == "migraine-buddy":
        try:
            conversion = convert(text, user.timezone, medication_classes(user.id))
        except ValueError as error:
            outcome.faults = [f"(file): {error}"]
            return outcome
        document = conversion.document
        outcome.skipped_rows, outcome.events_ignored = conversion.skipped_rows, conversion.events_ignored
    else:
        document, outcome.faults = parse_json(text)
        if outcome.faults:
            return outcome
    diary, outcome.faults = check_diary(document)
    if outcome.faults:
        return outcome
    on_checked(diary.entry_count)
    try:
        outcome.summary = import_diary(db.session, user, diary, progress)
    except IntegrityError:  # the same file, imported at the same moment, wrote first: merge into what it wrote
        db.session.rollback()
        outcome.summary = import_diary(db.session, user, diary, progress)
    return outcome


def export_file(user: User) -> str:
    return dump_json(export_diary(db.session, user))
