"""Daily logs: one per date, every field optional; the list of recent days; "same as yesterday"."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..counting import local_days
from .. import submissions
from ..extensions import db
from ..models import Attack, DailyLog
from ..timezones import start_of_local_day
from ..vocabulary import COMPLETE_DAY_FACTORS, DAY_FACTORS

COMMON_FOODS = ("coffee", "chocolate", "cheese", "red wine", "bread", "citrus", "processed meat")


def get_day(user_id: int, day: date) -> DailyLog | None:
    return db.session.scalar(select(DailyLog).where(DailyLog.user_id == user_id, DailyLog.date == day))


def frequent_foods(user_id: int, limit: int = 12) -> list[str]:
    """The user's own foods, most logged first, topped up with common ones to start from."""
    counts: Counter[str] = Counter()
    for foods in db.session.scalars(select(DailyLog.foods).where(DailyLog.user_id == user_id)
                                    .order_by(DailyLog.date.desc()).limit(365)):
        counts.update(f.lower() for f in foods or [])
    own = [food for food, _ in counts.most_common(limit)]
    return own + [f for f in COMMON_FOODS if f not in own][:max(0, limit - len(own))]


def parse_foods(text: str) -> list[str]:
    return [" ".join(part.split()).lower() for part in (text or "").split(",") if part.strip()]


def save_day(user_id: int, day: date, values: dict) -> DailyLog:
    """Create or update the day's log with the given values (None means not recorded). Sent twice at once, the
    second request updates the log the first one created."""
    def write() -> DailyLog:
        entry = get_day(user_id, day) or DailyLog(user_id=user_id, date=day)
        for name in DAY_FACTORS + ("notes",):
            if name in values:
                setattr(entry, name, values[name])
        foods = []
        for food in entry.foods or []:
            if food.lower() not in foods:
                foods.append(food.lower())
        entry.foods, entry.notes = foods, entry.notes or ""
        db.session.add(entry)
        return entry
    return submissions.commit_or_retry(write)


def copy_previous_day(user_id: int, day: date) -> DailyLog | None:
    """Fill an unlogged day with the factors of the day before (not its notes). None if there is nothing to copy."""
    previous = get_day(user_id, day - timedelta(days=1))
    if previous is None or get_day(user_id, day) is not None:
        return None
    return save_day(user_id, day, {name: getattr(previous, name) for name in DAY_FACTORS})


@dataclass(frozen=True)
class DayStatus:
    date: date
    log: DailyLog | None
    attack: bool

    @property
    def state(self) -> str:
        if self.log is None:
            return "missing"
        filled = sum(getattr(self.log, f) is not None for f in COMPLETE_DAY_FACTORS)
        return "complete" if filled == len(COMPLETE_DAY_FACTORS) else "partly"


def recent_days(user_id: int, zone: str, today: date, count: int = 28) -> list[DayStatus]:
    """The `count` days up to `today` (the real today, or the last day of an earlier page), newest first, with
    their log (if any) and whether an attack touched them."""
    first = today - timedelta(days=count - 1)
    logs = {d.date: d for d in db.session.scalars(
        select(DailyLog).where(DailyLog.user_id == user_id, DailyLog.date >= first, DailyLog.date <= today))}
    attack_days: set[date] = set()
    window_start = start_of_local_day(first, zone)
    tz, today_start = ZoneInfo(zone), start_of_local_day(today, zone)  # an ongoing attack runs through today
    for started, ended in db.session.execute(
            select(Attack.started_at, Attack.ended_at).where(
                Attack.user_id == user_id, Attack.started_at < start_of_local_day(today + timedelta(days=1), zone),
                (Attack.ended_at.is_(None)) | (Attack.ended_at >= window_start))):
        attack_days.update(d for d in local_days(started, ended, tz, today_start) if d <= today)
    return [DayStatus(d, logs.get(d), d in attack_days)
            for d in (today - timedelta(days=i) for i in range(count))]
