"""Reads a user's diary from the database into the plain rows that `diary.insights` analyses, and puts the
answers together: factors, treatment responses and warnings (for the insights page and command)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from . import clock
from .counting import AttackRow, DoseRow, count_days
from .extensions import db
from .insights import FactorReport, analyse_factors, enough_data
from .insights.treatments import TreatmentResponse, treatment_response
from .insights.warnings import Warning, chronic_warning, cluster_warning, menstrual_warning, overuse_warnings
from .models import Attack, DailyLog, InsightsCache, MedicationDose, TreatmentCourse, User
from .submissions import commit_or_retry
from .timezones import local_today
from .vocabulary import DAY_FACTORS, OUTCOMES

DAY_COLUMNS = ("date",) + DAY_FACTORS
JUDGED_PURPOSES = ("preventive", "behavioural", "supplement", "diet")


@dataclass
class Insights:
    factors: FactorReport
    treatments: list[TreatmentResponse]
    warnings: list[Warning]
    # The other outcome, when its analysis could run though this one cannot (say, the attacks are mostly
    # tension-type or cluster headaches): worth pointing to.
    other_outcome_ready: str | None = None

    def as_json(self) -> dict:
        from .articles.links import articles_for

        report = {"outcome": self.factors.outcome, "ready": self.factors.ready, "message": self.factors.message,
                  "logged_days": self.factors.logged_days, "usable_onsets": self.factors.usable_onsets,
                  "complete_share": self.factors.complete_share, "other_outcome_ready": self.other_outcome_ready,
                  "coverage": [c.as_json() for c in self.factors.coverage],
                  "factors": self.factors.as_json(),
                  "treatments": [t.as_json() for t in self.treatments],
                  "warnings": [w.as_json() for w in self.warnings],
                  "foods_not_tested": self.factors.foods_not_tested}
        report["articles"] = [{"slug": a["slug"], "pattern": a["pattern"], "reason": a["reason"]}
                              for a in articles_for(report)]
        return report


def insights_for(user_id: int, zone: str, now: datetime | None = None, outcome: str = "migraine") -> Insights:
    """Factors for the outcome asked for (migraine attacks, or headaches of any kind); treatments and warnings
    always by the clinical definitions (migraine days, headache days), whatever the outcome."""
    now = now or clock.now()
    today = local_today(zone, now)
    columns = [getattr(DailyLog, name) for name in DAY_COLUMNS]
    days = [dict(zip(DAY_COLUMNS, row)) for row in db.session.execute(
        select(*columns).where(DailyLog.user_id == user_id).order_by(DailyLog.date))]
    attacks = db.session.execute(
        select(Attack.started_at, Attack.ended_at, Attack.kind, Attack.peak_intensity, Attack.pain_sides,
               Attack.symptoms).where(Attack.user_id == user_id).order_by(Attack.started_at)).all()
    doses = [DoseRow(*row) for row in db.session.execute(
        select(MedicationDose.taken_at, MedicationDose.drug_class, MedicationDose.name, MedicationDose.relief)
        .where(MedicationDose.user_id == user_id))]
    courses = db.session.execute(
        select(TreatmentCourse.name, TreatmentCourse.purpose, TreatmentCourse.started_on, TreatmentCourse.stopped_on)
        .where(TreatmentCourse.user_id == user_id).order_by(TreatmentCourse.started_on)).all()

    preventive_names = {name.lower() for name, purpose, _, _ in courses if purpose == "preventive"}
    counts = count_days([AttackRow(a[0], a[1], a[2], a[3]) for a in attacks], doses, [d["date"] for d in days],
                        preventive_names, zone, now)
    attack_rows = [(a[0], a[1], a[2]) for a in attacks]
    factors = analyse_factors(days, attack_rows, zone, now, outcome)
    other = next(o for o in OUTCOMES if o != outcome)
    other_ready = other if not factors.ready and enough_data(days, attack_rows, zone, now, other) else None
    responses = [r for name, purpose, start, stop in courses if purpose in JUDGED_PURPOSES and start <= today
                 for r in [treatment_response(name, purpose, start, counts.covered, counts.migraine, today, stop)]
                 if r]

    bleeding = {d["date"] for d in days if d.get("menstruating")}
    first_days = sorted(d for d in bleeding if d - timedelta(days=1) not in bleeding)
    migraine_starts = [a[0].astimezone(ZoneInfo(zone)).date() for a in attacks if a[2] == "migraine"]
    warnings = overuse_warnings(counts, today)
    for found in (chronic_warning(counts, today), menstrual_warning(first_days, migraine_starts),
                  cluster_warning(attacks, zone)):
        if found:
            warnings.append(found)
    return Insights(factors, responses, warnings, other_ready)


def cached_report(user_id: int, outcome: str = "migraine", now: datetime | None = None) -> dict:
    """The insights as JSON (`Insights.as_json`), computed once per diary version, local date and time zone and
    kept in the database, so the insights page and the dashboard's reading list cost a read, not a computation."""
    version, zone = db.session.execute(select(User.diary_version, User.timezone).where(User.id == user_id)).one()
    today = local_today(zone, now or clock.now())
    kept = db.session.get(InsightsCache, (user_id, outcome))
    if kept is not None and (kept.diary_version, kept.as_of, kept.timezone) == (version, today, zone):
        return kept.report
    report = insights_for(user_id, zone, now, outcome).as_json()

    def write() -> InsightsCache:
        entry = db.session.get(InsightsCache, (user_id, outcome)) or InsightsCache(user_id=user_id, outcome=outcome)
        entry.diary_version, entry.as_of, entry.timezone, entry.report = version, today, zone, report
        db.session.add(entry)
        return entry
    commit_or_retry(write)  # two workers computing at once: the second one's write updates the first's row
    return report
