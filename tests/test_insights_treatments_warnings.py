"""Treatment response and the doctor-worthy patterns, on small hand-made diaries (clinical.md)."""
from datetime import date, datetime, timedelta, timezone

import pytest

from diary.counting import DayCounts
from diary.insights.treatments import treatment_response
from diary.insights.warnings import chronic_warning, cluster_warning, menstrual_warning, overuse_warnings

START = date(2026, 4, 1)


def every_nth(first: date, last: date, n: int) -> set[date]:
    return {first + timedelta(days=i) for i in range(0, (last - first).days + 1, n)}


def span(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


def test_responder_maths_per_28_diary_days():
    covered = span(START - timedelta(days=84), START + timedelta(days=111))
    # 8 migraine days per 28 before (every 3.5 days), 2 per 28 from day 29 (every 14 days).
    migraine = {d for d in covered if d < START and (d - START).days % 7 in (0, 3)} | \
        every_nth(START + timedelta(days=28), START + timedelta(days=111), 14)
    result = treatment_response("erenumab", "preventive", START, covered, migraine, START + timedelta(days=120))
    assert (result.baseline_days, result.baseline_migraine_days) == (84, 24)
    assert (result.treatment_days, result.treatment_migraine_days) == (84, 6)
    assert result.baseline_rate == pytest.approx(8.0) and result.treatment_rate == pytest.approx(2.0)
    assert result.reduction_pct == pytest.approx(75.0)
    assert result.responder(50) is True and result.responder(75) is True
    assert result.ci[1] < 1 and result.rate_ratio == pytest.approx(0.25)
    assert "consistent with a benefit" in result.sentence and "27 to 44 %" in result.sentence


def test_no_judgement_before_84_days():
    covered = span(START - timedelta(days=84), START + timedelta(days=60))
    migraine = every_nth(START - timedelta(days=84), START + timedelta(days=60), 4)
    result = treatment_response("topiramate", "preventive", START, covered, migraine, START + timedelta(days=60))
    assert not result.judged and result.responder(50) is None
    assert "too early to judge" in result.sentence


def test_too_little_baseline_gives_no_estimate():
    covered = span(START - timedelta(days=20), START + timedelta(days=120))
    assert treatment_response("cbt", "behavioural", START, covered, set(), START + timedelta(days=120)) is None


def test_a_bad_month_before_the_start_is_flagged():
    covered = span(START - timedelta(days=200), START + timedelta(days=120))
    migraine = every_nth(START - timedelta(days=200), START - timedelta(days=29), 7) | \
        every_nth(START - timedelta(days=28), START - timedelta(days=1), 2) | \
        every_nth(START + timedelta(days=28), START + timedelta(days=120), 7)
    result = treatment_response("erenumab", "preventive", START, covered, migraine, START + timedelta(days=120))
    assert result.regression_to_mean
    assert "return towards your average" in result.sentence


def test_a_stopped_course_counts_only_its_own_days():
    """Erenumab from START to day 99 with 2 migraine days per 28, then stopped and back to 8: the days after the
    stop are not on the course, so the response is still 2 per 28 and the months end with the course."""
    covered = span(START - timedelta(days=84), START + timedelta(days=200))
    stop = START + timedelta(days=99)
    migraine = {d for d in covered if d < START and (d - START).days % 7 in (0, 3)} | \
        every_nth(START + timedelta(days=28), stop, 14) | \
        {d for d in covered if d > stop and (d - START).days % 7 in (0, 3)}
    result = treatment_response("erenumab", "preventive", START, covered, migraine, START + timedelta(days=200), stop)
    assert result.treatment_days == 72 and result.treatment_rate == pytest.approx(6 / 72 * 28)
    assert result.judged and result.responder(50) is True
    assert result.months[-1][0] <= stop and sum(n for _, n, _ in result.months) == 100
    assert "From day 29 to day 99 of erenumab" in result.sentence and "stopped on day 99" in result.sentence
    assert result.as_json()["stopped_on"] == stop.isoformat()
    ongoing = treatment_response("erenumab", "preventive", START, covered, migraine, START + timedelta(days=200))
    assert ongoing.treatment_rate > result.treatment_rate, "without the stop, the return of attacks counts"


def test_a_course_stopped_early_is_not_judged():
    covered = span(START - timedelta(days=84), START + timedelta(days=200))
    migraine = every_nth(START - timedelta(days=84), START + timedelta(days=200), 4)
    short = treatment_response("topiramate", "preventive", START, covered, migraine, START + timedelta(days=200),
                               START + timedelta(days=60))
    assert not short.judged and short.responder(50) is None and short.treatment_days == 33
    assert "stopped on day 60" in short.sentence and "too short a time to judge" in short.sentence
    washed_in = treatment_response("topiramate", "preventive", START, covered, migraine, START + timedelta(days=200),
                                   START + timedelta(days=10))
    assert washed_in.treatment_rate is None and "within the first month" in washed_in.sentence


def counts_with(classes_by_day: dict[date, set[str]], headache=(), migraine=(), covered=()) -> DayCounts:
    counts = DayCounts(migraine=set(migraine), headache=set(headache), covered=set(covered))
    for day, classes in classes_by_day.items():
        counts.acute_classes[day] |= classes
    return counts


def test_overuse_needs_three_full_months_at_the_class_level():
    today = date(2026, 6, 3)
    triptan_days = {date(2026, m, d): {"triptan"} for m in (3, 4, 5) for d in range(1, 11)}
    [warning] = overuse_warnings(counts_with(triptan_days), today)
    assert (warning.kind, warning.level, warning.detail) == ("medication_overuse", "pattern", "triptan")
    assert "10, 10, 10 days" in warning.sentence and "Gepants are not counted" in warning.sentence
    nine = {d: c for d, c in triptan_days.items() if not (d.month == 4 and d.day == 10)}
    assert overuse_warnings(counts_with(nine), today) == []


def test_simple_painkillers_overuse_at_15_days_and_several_classes_together_at_10():
    today = date(2026, 6, 3)
    simple = {date(2026, m, d): {"simple analgesic"} for m in (3, 4, 5) for d in range(1, 15)}
    assert overuse_warnings(counts_with(simple), today) == []
    mixed = {date(2026, m, d): {"triptan" if d % 2 else "paracetamol"} for m in (3, 4, 5) for d in range(1, 13)}
    [warning] = overuse_warnings(counts_with(mixed), today)
    assert warning.detail == "several classes together"


def test_early_notice_when_this_month_is_on_course():
    today = date(2026, 6, 10)
    days = {date(2026, 6, d): {"triptan"} for d in range(1, 5)}
    [warning] = overuse_warnings(counts_with(days), today)
    assert warning.level == "early_notice" and "at this pace the month would reach 12 days" in warning.sentence
    assert overuse_warnings(counts_with({date(2026, 6, 1): {"triptan"}}), today) == []
    assert overuse_warnings(counts_with({date(2026, 6, d): {"gepant"} for d in range(1, 10)}), today) == []


def test_chronic_pattern_needs_15_headache_and_8_migraine_days_in_three_full_months():
    today = date(2026, 6, 3)
    covered = span(date(2026, 3, 1), date(2026, 5, 31))
    headache = {d for d in covered if d.day <= 15}
    migraine = {d for d in covered if d.day <= 8}
    warning = chronic_warning(counts_with({}, headache, migraine, covered), today)
    assert warning.kind == "chronic_pattern" and "may call chronic migraine" in warning.sentence
    fewer = {d for d in migraine if d.day <= 7}
    assert chronic_warning(counts_with({}, headache, fewer, covered), today) is None


def test_menstrual_pattern_in_two_of_three_cycles():
    firsts = [date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2)]
    assert menstrual_warning(firsts, [date(2026, 1, 3), date(2026, 2, 4)]).kind == "menstrual_pattern"
    assert menstrual_warning(firsts, [date(2026, 1, 8)]) is None       # day +4 is outside the window
    assert menstrual_warning(firsts[:2], [date(2026, 1, 5), date(2026, 2, 2)]) is None  # fewer than 3 cycles


def test_cluster_bouts_from_short_severe_one_sided_attacks():
    def attack(day: date, minutes=60, sides=("right",), symptoms=("lacrimation",), intensity=9, kind="migraine"):
        start = datetime(day.year, day.month, day.day, 2, tzinfo=timezone.utc)
        return (start, start + timedelta(minutes=minutes), kind, intensity, list(sides), list(symptoms))

    bout1 = [attack(date(2026, 1, 1) + timedelta(days=i)) for i in range(6)]
    bout2 = [attack(date(2026, 6, 1) + timedelta(days=i), kind="cluster", minutes=30) for i in range(5)]
    warning = cluster_warning(bout1 + bout2, "UTC")
    assert warning.kind == "cluster_pattern" and "episodic form" in warning.sentence
    long_ones = [attack(date(2026, 1, 1) + timedelta(days=i), minutes=600) for i in range(6)]
    assert cluster_warning(long_ones, "UTC") is None
    both_sides = [attack(date(2026, 1, 1) + timedelta(days=i), sides=("both",)) for i in range(6)]
    assert cluster_warning(both_sides, "UTC") is None
