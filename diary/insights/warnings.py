"""Patterns worth taking to a doctor: medication overuse, a chronic pattern, a menstrual pattern, a cluster pattern.

Each is worded as "talk to your doctor", never as a diagnosis. Thresholds from ICHD-3 (Cephalalgia 2018;38:1-211,
doi:10.1177/0333102417738202) as summarised in ../shared/domain/clinical.md.
"""
from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..counting import DayCounts, monthly_figures

# ICHD-3 8.2: acute drugs on >= 10 days a month for these classes, or for several classes together...
SPECIFIC_CLASSES = ("triptan", "ergot", "opioid", "combination analgesic")
SPECIFIC_DAYS = 10
# ... and on >= 15 days a month for simple analgesics (paracetamol, aspirin and other NSAIDs).
SIMPLE_CLASSES = ("simple analgesic", "paracetamol")
SIMPLE_DAYS = 15
OVERUSE_MONTHS = 3           # "regular overuse for more than 3 months": three full months in a row here
EARLY_NOTICE_MIN_DAYS = 7    # the current month must be a week old before its pace means anything
AUTONOMIC = {"lacrimation", "nasal congestion", "eyelid oedema", "sweating", "ptosis", "restlessness"}
TALK = "Talk to your doctor about it; this is a pattern in your diary, not a diagnosis."


@dataclass
class Warning:
    kind: str        # medication_overuse | chronic_pattern | menstrual_pattern | cluster_pattern
    level: str       # "pattern" or "early_notice"
    detail: str      # the class, or the bouts
    sentence: str

    def as_json(self) -> dict:
        return {"kind": self.kind, "level": self.level, "detail": self.detail, "sentence": self.sentence}


def month_days(counts: DayCounts, classes: tuple[str, ...] | None) -> dict[tuple[int, int], int]:
    """Acute medication days per month for the given classes. With None, days with any class that counts toward
    overuse, in months when more than one class was taken (ICHD-3 8.2.6: several classes, none overused alone)."""
    counting = set(SPECIFIC_CLASSES + SIMPLE_CLASSES)
    per_month: dict[tuple[int, int], int] = {}
    classes_in_month: dict[tuple[int, int], set[str]] = {}
    for day, taken in counts.acute_classes.items():
        wanted = taken & set(classes) if classes else taken & counting
        if wanted:
            month = (day.year, day.month)
            per_month[month] = per_month.get(month, 0) + 1
            classes_in_month.setdefault(month, set()).update(
                {"simple" if c in SIMPLE_CLASSES else c for c in wanted})
    if classes is None:
        per_month = {m: n for m, n in per_month.items() if len(classes_in_month[m]) > 1}
    return per_month


def _last_months(today: date, count: int) -> list[tuple[int, int]]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append((year, month))
    return months[::-1]


# What is checked for overuse: (label, classes counted or None for several together, days a month).
OVERUSE_CHECKS = [(c, (c,), SPECIFIC_DAYS) for c in SPECIFIC_CLASSES] + \
    [("simple analgesics", SIMPLE_CLASSES, SIMPLE_DAYS), ("several classes together", None, SPECIFIC_DAYS)]


def overuse_warnings(counts: DayCounts, today: date) -> list[Warning]:
    """Per class and combined: three full months in a row at the level, or the current month on course for it.
    Gepants are left out: they are not known to cause medication-overuse headache (clinical.md)."""
    warnings = []
    elapsed = today.day
    month_length = monthrange(today.year, today.month)[1]
    for label, classes, threshold in OVERUSE_CHECKS:
        per_month = month_days(counts, classes)
        full = [per_month.get(m, 0) for m in _last_months(today, OVERUSE_MONTHS)]
        if all(days >= threshold for days in full):
            warnings.append(Warning("medication_overuse", "pattern", label, (
                f"You took {label} on {', '.join(map(str, full))} days in the last three months: at or above the "
                f"{threshold} days a month at which doctors speak of medication overuse, which can itself keep "
                f"headaches going. {TALK} (Gepants are not counted.)")))
            continue
        so_far = per_month.get((today.year, today.month), 0)
        if elapsed >= EARLY_NOTICE_MIN_DAYS and so_far / elapsed * month_length >= threshold:
            warnings.append(Warning("medication_overuse", "early_notice", label, (
                f"Early notice: {so_far} days with {label} so far this month; at this pace the month would reach "
                f"{round(so_far / elapsed * month_length)} days, above the {threshold} at which doctors speak of "
                "medication overuse. (Gepants are not counted.)")))
    # The combined check only matters when no single class is already flagged.
    if any(w.detail != "several classes together" for w in warnings):
        warnings = [w for w in warnings if w.detail != "several classes together"]
    return warnings


def chronic_warning(counts: DayCounts, today: date) -> Warning | None:
    """ICHD-3 1.3: headache on >= 15 days a month for more than 3 months, >= 8 of them with migraine."""
    last = _last_months(today, OVERUSE_MONTHS)
    first = date(last[0][0], last[0][1], 1)
    months = monthly_figures(counts, first, today.replace(day=1) - timedelta(days=1))
    if len(months) == OVERUSE_MONTHS and all(m.complete and m.headache_days >= 15 and m.migraine_days >= 8
                                             for m in months):
        numbers = ", ".join(f"{m.headache_days} ({m.migraine_days})" for m in months)
        return Warning("chronic_pattern", "pattern", "", (
            f"Headache days in the last three months, migraine days in brackets: {numbers}. Your diary shows a "
            f"pattern your doctor may call chronic migraine. {TALK}"))
    return None


def menstrual_warning(first_bleeding_days: list[date], migraine_starts: list[date]) -> Warning | None:
    """ICHD-3 A1.1.1: attacks starting on day -2 to +3 of menstruation in at least 2 of 3 cycles, over at least
    3 documented cycles (day 1 is the first day of bleeding; there is no day 0)."""
    if len(first_bleeding_days) < 3:
        return None
    starts = set(migraine_starts)
    with_attack = [f for f in first_bleeding_days
                   if any(f + timedelta(days=offset) in starts for offset in (-2, -1, 0, 1, 2))]
    if len(with_attack) * 3 >= len(first_bleeding_days) * 2:
        return Warning("menstrual_pattern", "pattern", "", (
            f"In {len(with_attack)} of {len(first_bleeding_days)} cycles an attack started between two days before "
            f"and the third day of your period. Your doctor may call this menstrually related migraine. {TALK}"))
    return None


def _cluster_like(started: datetime, ended: datetime | None, kind: str, intensity: int | None,
                  sides: list[str], symptoms: list[str]) -> bool:
    """ICHD-3 3.1: kind "cluster", or a severe one-sided attack of 15-180 minutes with autonomic symptoms."""
    if kind == "cluster":
        return True
    if ended is None or intensity is None or intensity < 7:
        return False
    minutes = (ended - started).total_seconds() / 60
    one_sided = set(sides) in ({"left"}, {"right"})
    return 15 <= minutes <= 180 and one_sided and bool(AUTONOMIC & set(symptoms))


def cluster_warning(attacks: list[tuple], zone: str) -> Warning | None:
    """Runs of cluster-like attacks (bouts); bouts 3 months or more apart suggest the episodic form."""
    tz = ZoneInfo(zone)
    days = sorted({a[0].astimezone(tz).date() for a in attacks if _cluster_like(*a)})
    if len(days) < 5:
        return None
    bouts, current = [], [days[0]]
    for day in days[1:]:
        if (day - current[-1]).days <= 14:
            current.append(day)
        else:
            bouts.append(current)
            current = [day]
    bouts.append(current)
    bouts = [b for b in bouts if len(b) >= 3]
    if not bouts:
        return None
    described = "; ".join(f"{b[0]:%d %b %Y} to {b[-1]:%d %b %Y} ({len(b)} days with attacks)" for b in bouts)
    remission = any((later[0] - earlier[-1]).days >= 90 for earlier, later in zip(bouts, bouts[1:]))
    form = (" The bouts are separated by three months or more, as in the episodic form." if remission else "")
    return Warning("cluster_pattern", "pattern", described, (
        f"Your diary shows short, severe one-sided attacks in bouts: {described}.{form} This is a pattern your "
        f"doctor may want to look at as cluster headache. {TALK}"))
