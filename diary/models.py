"""The whole data model: SQLAlchemy 2 typed models, with the format's ranges enforced by the database too.

Times of day are stored in UTC (`UTCDateTime`) and shown in the user's own timezone; calendar dates (a day's log,
a treatment start) are stored as the user's local dates. Field names follow ../shared/domain/diary-format.md.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Optional

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
    text,
    types,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from . import clock
from .extensions import db
from .vocabulary import (
    ATTACK_KINDS,
    LOCATIONS,
    MEDICATION_CLASSES,
    NOTES_MAX_LENGTH,
    QUESTIONNAIRE_KINDS,
    SEXES,
    TREATMENT_PURPOSES,
)


def utcnow() -> datetime:
    return clock.now()


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


def _between(column: str, low: float, high: float) -> str:
    return f"{column} IS NULL OR ({column} >= {low} AND {column} <= {high})"


class UTCDateTime(types.TypeDecorator):
    """A timezone-aware datetime kept in UTC on every database.

    PostgreSQL stores it as timestamptz; SQLite has no time zones, so it stores the naive UTC value. Either
    way Python gets back an aware UTC datetime, and a naive value is refused rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a UTC time is stored; attach a timezone first")
        # Whole seconds: a diary needs no more, and an export must match its own entries when imported again.
        value = value.astimezone(timezone.utc).replace(microsecond=0)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Optional[datetime], dialect) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)

    def result_processor(self, dialect, coltype):
        """On SQLite, read the stored UTC text straight into an aware datetime in one C call: the generic way
        (parse, then attach the zone) was a fifth of the dashboard's reading time."""
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)

        def process(value: Optional[str]) -> Optional[datetime]:
            return None if value is None else datetime.fromisoformat(value + "+00:00")
        return process


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Counts every change to the diary (any entry, an import, the time zone): a cached result computed at one
    # version is valid while the version stays (see `bump_diary_versions` below and diary/analysis.py).
    diary_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    profile: Mapped[Optional[HealthProfile]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True, uselist=False)

    # The token of the login this request came with (see Login below): what Flask-Login puts in the cookies.
    login_token = None  # not a column

    def get_id(self) -> Optional[str]:
        return self.login_token

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class Login(db.Model):
    """One logged-in browser. The login cookies carry a random token instead of the account id (Flask-Login's
    alternative id); only its hash is kept. Deleting the row ends that login at once, "remember me" included:
    logging out ends this one, "log out everywhere" and a new password end the others, deletion ends them all."""

    __tablename__ = "logins"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class HealthProfile(db.Model):
    """Background a doctor or the insights may need: comorbid immune, gut or neurological conditions."""

    __tablename__ = "health_profiles"
    __table_args__ = (
        CheckConstraint("birth_year IS NULL OR (birth_year >= 1900 AND birth_year <= 2100)", name="birth_year"),
        CheckConstraint("sex IS NULL OR " + _one_of("sex", SEXES), name="sex"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    birth_year: Mapped[Optional[int]] = mapped_column(Integer)
    sex: Mapped[Optional[str]] = mapped_column(String(16))
    conditions: Mapped[list[str]] = mapped_column(JSON, default=list)

    user: Mapped[User] = relationship(back_populates="profile")


class Attack(db.Model):
    """One headache attack. `ended_at` empty means it is still going on.

    `peak_intensity` may be empty while an attack is being logged in a hurry ("attack now"); the rest of the
    details are filled in later.
    """

    __tablename__ = "attacks"
    __table_args__ = (
        UniqueConstraint("user_id", "started_at"),  # the import merges attacks by their start
        UniqueConstraint("user_id", "submission_key"),
        CheckConstraint(_one_of("kind", ATTACK_KINDS), name="kind"),
        CheckConstraint(_between("peak_intensity", 0, 10), name="peak_intensity"),
        CheckConstraint(_between("disability", 0, 3), name="disability"),
        CheckConstraint("ended_at IS NULL OR ended_at >= started_at", name="ends_after_start"),
        CheckConstraint("location IS NULL OR " + _one_of("location", LOCATIONS), name="location"),
        CheckConstraint(f"length(notes) <= {NOTES_MAX_LENGTH}", name="notes_length"),
        # Every page asks for the attack going on (the attack bar): a small index of only the unfinished ones
        # answers without walking through years of finished attacks.
        Index("ix_attacks_ongoing", "user_id", "started_at", sqlite_where=text("ended_at IS NULL"),
              postgresql_where=text("ended_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(16), default="migraine")
    peak_intensity: Mapped[Optional[int]] = mapped_column(Integer)
    aura: Mapped[bool] = mapped_column(Boolean, default=False)
    aura_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    symptoms: Mapped[list[str]] = mapped_column(JSON, default=list)
    most_bothersome: Mapped[Optional[str]] = mapped_column(String(32))
    premonitory: Mapped[list[str]] = mapped_column(JSON, default=list)
    pain_sides: Mapped[list[str]] = mapped_column(JSON, default=list)
    disability: Mapped[Optional[int]] = mapped_column(Integer)
    location: Mapped[Optional[str]] = mapped_column(String(16))
    # [{"name": "dark room", "effect": "helpful"}, ...]
    relief_methods: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    # The one-time key of the form that created it: the same form sent twice finds this attack (diary/submissions.py).
    submission_key: Mapped[Optional[str]] = mapped_column(String(32))
    # Who wrote it when it was not the owner: a caregiver logging for the patient ("logged by Sam"). Empty means
    # the owner. A caregiver's account going leaves the entry, unsigned.
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    doses: Mapped[list[MedicationDose]] = relationship(
        back_populates="attack", cascade="all, delete-orphan", passive_deletes=True,
        order_by="MedicationDose.taken_at")

    @property
    def ongoing(self) -> bool:
        return self.ended_at is None


class MedicationDose(db.Model):
    """One dose of an acute drug, inside an attack or on its own (both count toward medication days)."""

    __tablename__ = "medication_doses"
    __table_args__ = (
        CheckConstraint(_one_of("drug_class", MEDICATION_CLASSES), name="drug_class"),
        CheckConstraint(_between("relief", 0, 3), name="relief"),
        Index("ix_medication_doses_user_taken", "user_id", "taken_at"),
        UniqueConstraint("user_id", "submission_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Deleting an attack deletes the doses taken for it, and nothing else.
    attack_id: Mapped[Optional[int]] = mapped_column(ForeignKey("attacks.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    drug_class: Mapped[str] = mapped_column(String(32), default="other")
    dose: Mapped[str] = mapped_column(String(100), default="")
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    relief: Mapped[Optional[int]] = mapped_column(Integer)
    submission_key: Mapped[Optional[str]] = mapped_column(String(32))  # as on Attack
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # as on Attack

    attack: Mapped[Optional[Attack]] = relationship(back_populates="doses")


class Medication(db.Model):
    """The shared catalogue of drug names and their classes, used to suggest names and fill in the class."""

    __tablename__ = "medications"
    __table_args__ = (CheckConstraint(_one_of("drug_class", MEDICATION_CLASSES), name="drug_class"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    drug_class: Mapped[str] = mapped_column(String(32))


class DailyLog(db.Model):
    """One day's factors. Every field is optional: empty means "not recorded", never zero or no."""

    __tablename__ = "daily_logs"
    __table_args__ = (
        UniqueConstraint("user_id", "date"),
        CheckConstraint(_between("stress", 0, 10), name="stress"),
        CheckConstraint(_between("sleep_hours", 0, 24), name="sleep_hours"),
        CheckConstraint(_between("sleep_quality", 1, 5), name="sleep_quality"),
        CheckConstraint("caffeine_mg IS NULL OR caffeine_mg >= 0", name="caffeine_mg"),
        CheckConstraint("alcohol_units IS NULL OR alcohol_units >= 0", name="alcohol_units"),
        CheckConstraint("water_l IS NULL OR water_l >= 0", name="water_l"),
        CheckConstraint("exercise_min IS NULL OR exercise_min >= 0", name="exercise_min"),
        CheckConstraint(_between("gut_symptoms", 0, 3), name="gut_symptoms"),
        CheckConstraint(_between("mood", 1, 5), name="mood"),
        CheckConstraint(_between("allergy", 0, 3), name="allergy"),
        CheckConstraint(f"length(notes) <= {NOTES_MAX_LENGTH}", name="notes_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    stress: Mapped[Optional[int]] = mapped_column(Integer)
    sleep_hours: Mapped[Optional[float]] = mapped_column(Float)  # the night that ended on this morning
    sleep_quality: Mapped[Optional[int]] = mapped_column(Integer)
    caffeine_mg: Mapped[Optional[int]] = mapped_column(Integer)
    alcohol_units: Mapped[Optional[float]] = mapped_column(Float)
    water_l: Mapped[Optional[float]] = mapped_column(Float)
    exercise_min: Mapped[Optional[int]] = mapped_column(Integer)
    menstruating: Mapped[Optional[bool]] = mapped_column(Boolean)
    gut_symptoms: Mapped[Optional[int]] = mapped_column(Integer)
    mood: Mapped[Optional[int]] = mapped_column(Integer)
    skipped_meal: Mapped[Optional[bool]] = mapped_column(Boolean)
    illness: Mapped[Optional[bool]] = mapped_column(Boolean)
    allergy: Mapped[Optional[int]] = mapped_column(Integer)
    foods: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # as on Attack


class TreatmentCourse(db.Model):
    """A course of treatment: a preventive drug, a therapy, a supplement or a diet, from start to stop."""

    __tablename__ = "treatment_courses"
    __table_args__ = (
        UniqueConstraint("user_id", "name", "started_on"),  # the import merges courses by name and start
        UniqueConstraint("user_id", "submission_key"),
        CheckConstraint(_one_of("purpose", TREATMENT_PURPOSES), name="purpose"),
        CheckConstraint("stopped_on IS NULL OR stopped_on >= started_on", name="stops_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    treatment_class: Mapped[str] = mapped_column(String(100), default="")  # e.g. "anti-CGRP antibody"
    purpose: Mapped[str] = mapped_column(String(16))
    started_on: Mapped[date] = mapped_column(Date)
    stopped_on: Mapped[Optional[date]] = mapped_column(Date)
    dose: Mapped[str] = mapped_column(String(100), default="")
    submission_key: Mapped[Optional[str]] = mapped_column(String(32))  # as on Attack


class QuestionnaireResult(db.Model):
    """A MIDAS or HIT-6 questionnaire as answered, with its score (scoring per ../shared/domain/clinical.md)."""

    __tablename__ = "questionnaire_results"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "taken_on"),  # one result a day: answering again replaces it
        CheckConstraint(_one_of("kind", QUESTIONNAIRE_KINDS), name="kind"),
        CheckConstraint("score >= 0", name="score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    taken_on: Mapped[date] = mapped_column(Date)
    answers: Mapped[list[Any]] = mapped_column(JSON)
    score: Mapped[int] = mapped_column(Integer)


class CaregiverLink(db.Model):
    """A patient's invitation to a caregiver, and once accepted, the caregiver's access to the diary.

    Access is live only while `caregiver_id` is set and `revoked_at` is empty; revoking ends it at once. The link
    in the invitation is single-use: only its hash is kept, and only until it is accepted, revoked or expired.
    """

    __tablename__ = "caregiver_links"
    __table_args__ = (
        CheckConstraint("permission IN ('view', 'log')", name="permission"),
        CheckConstraint("caregiver_id IS NULL OR caregiver_id <> patient_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    caregiver_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    invited_email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[Optional[str]] = mapped_column(String(128), unique=True)  # only a hash of the invite token
    permission: Mapped[str] = mapped_column(String(8), default="view")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    expires_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)  # of the invitation link
    last_seen_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)  # the caregiver's latest page
    # What each calls the other: the patient names the caregiver ("Sam"), and the name they are shown by ("Alex").
    caregiver_name: Mapped[str] = mapped_column(String(60), default="", server_default="")
    patient_name: Mapped[str] = mapped_column(String(60), default="", server_default="")

    patient: Mapped[User] = relationship(foreign_keys=[patient_id])
    caregiver: Mapped[Optional[User]] = relationship(foreign_keys=[caregiver_id])

    @property
    def live(self) -> bool:
        return self.caregiver_id is not None and self.revoked_at is None

    @property
    def patient_label(self) -> str:
        """How the caregiver sees the patient named: the name given with the invitation, else the address."""
        return self.patient_name or self.patient.email


class AccessLogEntry(db.Model):
    """Who looked at or changed whose diary, so a patient can see what a caregiver or a report accessed."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_subject_at", "subject_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The person whose diary was touched; their log goes when their account goes.
    subject_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Who did it. Deleting either account deletes the rows: nothing of a deleted person stays behind.
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(String(255), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InsightsCache(db.Model):
    """A person's insights (the JSON of diary.analysis) as computed at one diary version and on one local date:
    shared by all workers, so the insights page and the dashboard's reading list cost a read, not a computation."""

    __tablename__ = "insights_cache"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16), primary_key=True)
    diary_version: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[date] = mapped_column(Date)            # the user's date it was computed on ("today" matters)
    timezone: Mapped[str] = mapped_column(String(64))
    report: Mapped[dict[str, Any]] = mapped_column(JSON)


DIARY_MODELS = (Attack, MedicationDose, DailyLog, TreatmentCourse, QuestionnaireResult)


@event.listens_for(Session, "before_flush")
def bump_diary_versions(session, flush_context, instances) -> None:
    """Every flush that adds, changes or deletes a diary entry, or changes a time zone, moves its owner's diary
    version on: whatever wrote it (a form, an import, the command line, a caregiver), cached results go stale."""
    owners = {entry.user_id for entry in (*session.new, *session.dirty, *session.deleted)
              if isinstance(entry, DIARY_MODELS) and entry.user_id is not None}
    owners |= {user.id for user in session.dirty
               if isinstance(user, User) and inspect(user).attrs.timezone.history.has_changes()}
    if owners:
        users = User.__table__
        session.connection().execute(users.update().where(users.c.id.in_(owners))
                                     .values(diary_version=users.c.diary_version + 1))
