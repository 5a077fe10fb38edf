"""Counting days as clinics do, on small hand-made diaries (../shared/domain/clinical.md)."""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from diary.counting import AttackRow, DoseRow, count_days, monthly_figures, period_rates

BERLIN = "Europe/Berlin"
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=timezone.utc)


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(BERLIN)).astimezone(timezone.utc)


def attack(start, end, kind="migraine", intensity=5) -> AttackRow:
    return AttackRow(start, end, kind, intensity)


def dose(taken, drug_class="triptan", name="sumatriptan", relief=None) -> DoseRow:
    return DoseRow(taken, drug_class, name, relief)


def test_an_attack_across_midnight_makes_two_migraine_days():
    counts = count_days([attack(berlin(2026, 3, 9, 22), berlin(2026, 3, 10, 3))], [], [], set(), BERLIN, NOW)
    assert counts.migraine == {date(2026, 3, 9), date(2026, 3, 10)} == counts.headache


def test_days_are_counted_in_the_users_own_zone():
    # 23:30 UTC on 28 March is 00:30 on 29 March in Berlin (and the clocks go forward that night).
    start = datetime(2026, 3, 28, 23, 30, tzinfo=timezone.utc)
    counts = count_days([attack(start, berlin(2026, 3, 29, 4, 0))], [], [], set(), BERLIN, NOW)
    assert counts.migraine == {date(2026, 3, 29)}
    assert count_days([attack(start, start)], [], [], set(), "UTC", NOW).migraine == {date(2026, 3, 28)}


def test_an_ongoing_attack_counts_up_to_now():
    counts = count_days([attack(berlin(2026, 6, 13, 20), None)], [], [], set(), BERLIN, NOW)
    assert counts.migraine == {date(2026, 6, 13), date(2026, 6, 14), date(2026, 6, 15)}


def test_an_attack_counts_for_at_most_fourteen_days_after_its_start():
    """200 attacks "going on" since 1900 once made every day since a migraine day, and the dashboard take 14 s."""
    forgotten = [attack(berlin(1900, 1, 1, 8) + timedelta(minutes=n), None) for n in range(200)]
    counts = count_days(forgotten, [], [], set(), BERLIN, NOW)
    assert counts.migraine == {date(1900, 1, 1) + timedelta(days=n) for n in range(15)}
    long_ago = count_days([attack(berlin(2026, 5, 1, 8), None)], [], [], set(), BERLIN, NOW)
    assert max(long_ago.migraine) == date(2026, 5, 15), "14 days after 1 May, 08:00"


def test_headache_days_include_every_kind_migraine_days_only_migraine():
    counts = count_days([attack(berlin(2026, 5, 1, 8), berlin(2026, 5, 1, 10), kind="headache", intensity=3),
                         attack(berlin(2026, 5, 2, 8), berlin(2026, 5, 2, 10), kind="cluster", intensity=9),
                         attack(berlin(2026, 5, 2, 15), berlin(2026, 5, 2, 20), intensity=6)],
                        [], [], set(), BERLIN, NOW)
    assert counts.migraine == {date(2026, 5, 2)}
    assert counts.headache == {date(2026, 5, 1), date(2026, 5, 2)}
    assert counts.worst_intensity == {date(2026, 5, 1): 3, date(2026, 5, 2): 9}


def test_medication_days_count_days_not_doses_and_leave_out_antiemetics_and_preventives():
    doses = [dose(berlin(2026, 5, 1, 8)), dose(berlin(2026, 5, 1, 20), "simple analgesic", "ibuprofen"),
             dose(berlin(2026, 5, 2, 8), "antiemetic", "metoclopramide"),
             dose(berlin(2026, 5, 3, 8), "gepant", "Atogepant"),
             dose(berlin(2026, 5, 4, 8), "gepant", "rimegepant")]
    counts = count_days([], doses, [], {"atogepant"}, BERLIN, NOW)
    assert set(counts.acute_classes) == {date(2026, 5, 1), date(2026, 5, 4)}
    assert counts.acute_classes[date(2026, 5, 1)] == {"triptan", "simple analgesic"}
    assert counts.covered == {date(2026, 5, d) for d in (1, 2, 3, 4)}


def test_a_month_with_fewer_than_20_covered_days_is_incomplete():
    logged = [date(2026, 4, d) for d in range(1, 20)] + [date(2026, 5, d) for d in range(1, 21)]
    counts = count_days([attack(berlin(2026, 4, 5, 8), berlin(2026, 4, 5, 9))], [], logged, set(), BERLIN, NOW)
    april, may = monthly_figures(counts, date(2026, 4, 1), date(2026, 5, 31))
    assert (april.covered_days, april.complete, april.migraine_days) == (19, False, 1)
    assert (may.covered_days, may.complete, may.migraine_days) == (20, True, 0)
    assert april.days_in_period == 30 and may.days_in_period == 31


def test_an_attack_on_a_day_without_a_log_still_covers_that_day():
    logged = [date(2026, 4, d) for d in range(1, 20)]
    counts = count_days([attack(berlin(2026, 4, 25, 8), berlin(2026, 4, 25, 9))], [], logged, set(), BERLIN, NOW)
    [april] = monthly_figures(counts, date(2026, 4, 1), date(2026, 4, 30))
    assert april.covered_days == 20 and april.complete


def test_period_rates_are_per_28_covered_days():
    logged = [date(2026, 1, 1) + timedelta(days=i) for i in range(56)]
    attacks = [attack(berlin(2026, 1, 3 + 7 * i, 8), berlin(2026, 1, 3 + 7 * i, 12)) for i in range(4)]
    counts = count_days(attacks, [], logged, set(), BERLIN, NOW)
    rates = period_rates(counts, date(2026, 1, 1), date(2026, 2, 25))
    assert rates.covered_days == 56 and rates.migraine_days == 4
    assert rates.migraine_rate == 2.0
    assert period_rates(counts, date(2025, 1, 1), date(2025, 2, 1)).migraine_rate is None
