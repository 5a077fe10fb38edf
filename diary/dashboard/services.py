"""What the dashboard shows until the trends issue fills it: how much of the diary there is so far."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ..extensions import db
from ..models import Attack, DailyLog, MedicationDose, TreatmentCourse


@dataclass(frozen=True)
class DiarySize:
    attacks: int
    ongoing_attacks: int
    days_logged: int
    doses: int
    treatments: int
    first_day: date | None
    last_day: date | None

    @property
    def empty(self) -> bool:
        return not (self.attacks or self.days_logged or self.doses or self.treatments)


def diary_size(user_id: int) -> DiarySize:
    """Counts in a handful of aggregate queries, whatever the size of the diary."""
    attacks, ongoing = db.session.execute(
        select(func.count(Attack.id), func.count(Attack.id).filter(Attack.ended_at.is_(None)))
        .where(Attack.user_id == user_id)).one()
    days, first_day, last_day = db.session.execute(
        select(func.count(DailyLog.id), func.min(DailyLog.date), func.max(DailyLog.date))
        .where(DailyLog.user_id == user_id)).one()
    doses = db.session.scalar(select(func.count(MedicationDose.id)).where(MedicationDose.user_id == user_id))
    treatments = db.session.scalar(select(func.count(TreatmentCourse.id)).where(TreatmentCourse.user_id == user_id))
    return DiarySize(attacks, ongoing, days, doses, treatments, first_day, last_day)
