"""Personal statistics on small hand-made diaries: exposure definitions, lags, at-risk days, verdicts."""
import math
import random
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from diary.insights import analyse_factors
from diary.insights.exposures import STANDARD_EXPOSURES, caffeine_withdrawal, food_exposures, letdown, perimenstrual
from diary.insights.table import at_risk, build_table

ZONE = "Europe/Berlin"
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
START = date(2026, 1, 1)


def exposure(label):
    return next(e for e in STANDARD_EXPOSURES if e.label == label)


def days_from(values: dict[str, list]) -> list[dict]:
    """Days from START with the given field values (None: not recorded)."""
    n = len(next(iter(values.values())))
    return [{"date": START + timedelta(days=i), **{k: v[i] for k, v in values.items()}} for i in range(n)]


def attack_on(day_index: int, hours: float = 6, kind="migraine", hour=8):
    start = datetime.combine(START + timedelta(days=day_index), time(hour), ZoneInfo(ZONE))
    return (start.astimezone(timezone.utc), (start + timedelta(hours=hours)).astimezone(timezone.utc), kind)


def table_of(values, attacks=()):
    return build_table(days_from(values), list(attacks), ZONE, NOW)


def test_missing_values_stay_missing_never_no():
    table = table_of({"stress": [8, None, 2], "alcohol_units": [None, 0, 1.5]})
    stress_high = exposure("stress >= 7").series(table)
    assert stress_high[0] == 1 and math.isnan(stress_high[1]) and stress_high[2] == 0
    alcohol = exposure("alcohol_units > 0").series(table)
    assert math.isnan(alcohol[0]) and alcohol[1] == 0 and alcohol[2] == 1


def test_days_not_logged_at_all_are_missing_in_between():
    days = days_from({"stress": [8, 8]})
    days[1]["date"] = START + timedelta(days=3)
    table = build_table(days, [], ZONE, NOW)
    assert table.size == 4 and list(table.logged) == [True, False, False, True]
    assert np.isnan(exposure("stress >= 7").series(table)[1])


def test_lags_shift_the_exposure_to_the_days_after():
    table = table_of({"alcohol_units": [2, 0, 0, 3]})
    alcohol = exposure("alcohol_units > 0")
    assert list(alcohol.at(table, 0)) == [1, 0, 0, 1]
    lag1, lag2 = alcohol.at(table, 1), alcohol.at(table, 2)
    assert math.isnan(lag1[0]) and list(lag1[1:]) == [1, 0, 0]
    assert list(np.isnan(lag2[:2])) == [True, True] and list(lag2[2:]) == [1, 0]


def test_sleep_is_tested_on_the_day_itself_and_the_two_before_alcohol_not_on_the_day():
    assert exposure("sleep_hours < 6").lags == (0, 1, 2)
    assert exposure("alcohol_units > 0").lags == (1, 2)
    assert exposure("stress >= 7").lags == (1,)
    assert exposure("perimenstrual window (day -2 to +3)").lags == (0,)
    assert exposure("bleeding days").lags == (0,)


def test_let_down_is_a_drop_of_three_from_one_day_to_the_next():
    table = table_of({"stress": [8, 5, 4, None, 9, 2]})
    assert [None if np.isnan(v) else v for v in letdown(table)] == [None, 1, 0, None, None, 1]
    # At lag 1, day t holds the drop from t-2 to t-1.
    assert exposure("stress drop >= 3 (let-down)").at(table, 1)[2] == 1


def test_perimenstrual_window_is_two_days_before_to_the_third_day_of_bleeding():
    bleeding = [False] * 10 + [True] * 5 + [False] * 10
    window = perimenstrual(table_of({"menstruating": bleeding}))
    assert [i for i, v in enumerate(window) if v == 1] == [8, 9, 10, 11, 12]
    assert np.all(np.isnan(perimenstrual(table_of({"menstruating": [None] * 5}))))


def test_caffeine_withdrawal_is_much_less_than_the_usual_amount():
    table = table_of({"caffeine_mg": [200, 200, 50, 200, 0, None, 150]})
    assert [None if np.isnan(v) else v for v in caffeine_withdrawal(table)] == [0, 0, 1, 0, 1, None, 0]


def test_foods_eaten_on_five_days_or_more_are_tested_and_sweets_are_premonitory():
    foods = [["Chocolate", "bread"]] * 5 + [["bread"]] * 2 + [["kiwi"]] * 3
    table = table_of({"foods": foods})
    exposures = {e.factor: e for e in food_exposures(table)}
    assert set(exposures) == {"food:bread", "food:chocolate"}
    assert exposures["food:chocolate"].premonitory and not exposures["food:bread"].premonitory
    assert exposures["food:bread"].lags == (1, 2)


def test_only_the_twenty_most_eaten_foods_are_tested_and_the_rest_are_named():
    """365 days of 200 made-up foods from 1,000 once made the insights take 22 s on every request."""
    rng = random.Random(5)
    menu = [f"food {n:03}" for n in range(1000)]
    foods = [[f"staple {k}" for k in range(25) if (i + k) % (k + 2)] + rng.sample(menu, 40) for i in range(365)]
    days = [{**d, "stress": 3, "sleep_hours": 7.0, "sleep_quality": 3, "caffeine_mg": 100, "alcohol_units": 0,
             "mood": 3} for d in days_from({"foods": foods})]
    attacks = [attack_on(i) for i in range(3, 365, 9)]
    report = analyse_factors(days, attacks, ZONE, datetime(2027, 1, 5, tzinfo=timezone.utc))
    tested = {a.exposure.factor for a in report.associations if a.exposure.factor.startswith("food:")}
    assert tested == {f"food:staple {k}" for k in range(5, 25)}, "the 20 eaten on most days"
    assert report.foods_not_tested[:5] == ["staple 4", "staple 3", "staple 2", "staple 1", "staple 0"]
    assert len(report.foods_not_tested) > 500 and all(f.startswith(("staple", "food")) for f in report.foods_not_tested)


def test_at_risk_days_need_that_day_and_the_day_before_logged_and_no_attack_going_on():
    days = days_from({"stress": [3] * 8})
    del days[4]  # day 4 not logged
    # A migraine from day 1 22:00 into day 2: day 2 and day 3 are not at risk (in an attack the day before).
    table = build_table(days, [attack_on(1, hours=8, hour=22)], ZONE, NOW)
    assert list(at_risk(table, "migraine")) == [False, True, False, False, False, False, True, True]
    assert table.migraine_onset[1] and not table.migraine_onset[2]


def test_a_headache_does_not_count_as_a_migraine_onset():
    table = build_table(days_from({"stress": [3] * 3}), [attack_on(1, kind="headache")], ZONE, NOW)
    assert not table.migraine_onset.any() and table.headache_onset[1]
    assert at_risk(table, "migraine")[2] and not at_risk(table, "any_headache")[2]


def test_too_little_data_says_how_much_more_is_needed():
    days = days_from({"stress": [3] * 40, "sleep_hours": [7] * 40})
    report = analyse_factors(days, [attack_on(5)], ZONE, NOW)
    assert not report.ready and report.associations == []
    assert "50 more logged days" in report.message
    assert "19 more attacks" in report.message
    assert {c.factor for c in report.coverage if c.analysed} == {"stress", "sleep_hours"}, \
        "completeness is judged per factor: what is recorded every day counts"


def partial_diary(fields, days=200, seed=3):
    """A diary that records only the given fields every day (and foods when "foods" is among them), with alcohol
    the day before raising the odds of an attack fourfold when "alcohol_units" is recorded, and stress >= 7 the day
    before doing the same otherwise; about 30 attacks."""
    rng = random.Random(seed)
    stress = [rng.randint(0, 9) for _ in range(days)]
    alcohol = [rng.random() < 0.35 for _ in range(days)]
    cheese = [rng.random() < 0.4 for _ in range(days)]
    cause = alcohol if "alcohol_units" in fields else cheese if "foods" in fields else [s >= 7 for s in stress]
    attack_days = []
    for i in range(1, days):
        odds = 0.09 * (4 if cause[i - 1] else 1)
        if rng.random() < odds / (1 + odds) and (not attack_days or attack_days[-1] < i - 1):
            attack_days.append(i)
    values = {"stress": stress, "sleep_hours": [7.0] * days, "alcohol_units": [2.0 if a else 0.0 for a in alcohol],
              "foods": [["bread"] + (["cheese"] if c else []) for c in cheese]}
    entries = [{"date": START + timedelta(days=i), **{f: values[f][i] for f in fields}} for i in range(days)]
    return entries, [attack_on(i, hours=5) for i in attack_days]


@pytest.mark.parametrize("fields, trigger", [
    (("stress", "sleep_hours"), "stress >= 7"),
    (("foods",), "food:cheese"),
])
def test_a_diary_that_tracks_only_some_factors_gets_findings_for_them(fields, trigger):
    """A year of careful logging of a few factors once got "0 % of logged days complete" and nothing else."""
    days, attacks = partial_diary(fields)
    report = analyse_factors(days, attacks, ZONE, NOW)
    assert report.ready, report.message
    tested = {a.exposure.factor for a in report.associations}
    assert tested <= set(fields) | {f"food:{f}" for f in ("bread", "cheese")}, "nothing untracked is tested"
    assert _find(report, trigger, 1).verdict == "likely_trigger"
    coverage = {c.factor: c for c in report.coverage}
    assert all(coverage[f].analysed for f in fields)
    assert coverage["caffeine_mg"].reason == "not tracked" and not coverage["caffeine_mg"].analysed


def test_a_factor_recorded_now_and_then_is_left_out_and_says_how_much_more():
    days, attacks = partial_diary(("stress", "sleep_hours", "alcohol_units"))
    for i, day in enumerate(days):
        if i % 2:
            day["alcohol_units"] = None  # alcohol noted on half the days only
    report = analyse_factors(days, attacks, ZONE, NOW)
    assert report.ready and not any(a.exposure.factor == "alcohol_units" for a in report.associations)
    alcohol = next(c for c in report.coverage if c.factor == "alcohol_units")
    assert not alcohol.analysed
    # 100 of 200 days: (100 + n) / (200 + n) >= 0.8 after n = 300 more days.
    assert alcohol.reason == ("recorded on 100 of 200 logged days (50%); 80% are needed: record it on each of the "
                              "next 300 days")


def test_a_diary_of_attacks_only_is_told_what_attacks_alone_can_tell():
    report = analyse_factors([], [attack_on(i * 9) for i in range(30)], ZONE, NOW)
    assert not report.ready and report.associations == []
    assert report.message.startswith("No daily factors logged yet") and "What attacks alone can tell" in report.message


def simulated_diary(days=365, trigger_or=None, seed=1, craving=False):
    """Alcohol on about a third of days, full logs; attacks from a baseline of ~10 % of days, raised the day after
    alcohol by `trigger_or`; optionally chocolate eaten in the two days before attacks without causing them."""
    rng = random.Random(seed)
    alcohol = [rng.random() < 0.35 for _ in range(days)]
    attack_days = []
    for i in range(1, days):
        odds = 0.11 * ((trigger_or or 1) if alcohol[i - 1] else 1)
        if rng.random() < odds / (1 + odds) and (not attack_days or attack_days[-1] < i - 1):
            attack_days.append(i)
    entries = []
    for i in range(days):
        soon = any(0 < a - i <= 2 for a in attack_days)
        foods = ["bread"] + (["chocolate"] if (craving and soon and rng.random() < 0.7) or rng.random() < 0.08 else [])
        entries.append({"date": START + timedelta(days=i), "stress": rng.randint(0, 6), "sleep_hours": 7.0,
                        "sleep_quality": 3, "caffeine_mg": 100, "alcohol_units": 2.0 if alcohol[i] else 0.0,
                        "mood": 3, "foods": foods})
    return entries, [attack_on(i, hours=5) for i in attack_days]


def _find(report, label, lag):
    return next(a for a in report.associations if a.exposure.label == label and a.lag == lag)


def test_a_strong_trigger_is_found_with_the_persons_own_numbers():
    days, attacks = simulated_diary(trigger_or=4)
    report = analyse_factors(days, attacks, ZONE, NOW)
    assert report.ready
    alcohol = _find(report, "alcohol_units > 0", 1)
    assert alcohol.verdict == "likely_trigger"
    assert alcohol.odds_ratio > 2 and alcohol.ci[0] > 1 and alcohol.q_value <= 0.10
    text = report.as_json()[0]["sentence"]
    assert text.startswith("On days after any alcohol, an attack started on ")
    assert f"{round(100 * alcohol.exposed_rate)} % of days, against {round(100 * alcohol.unexposed_rate)} %" in text
    assert "not proof of cause" in text


def test_a_diary_without_triggers_flags_nothing():
    days, attacks = simulated_diary(trigger_or=None, seed=7)
    report = analyse_factors(days, attacks, ZONE, NOW)
    assert report.ready
    assert not [a for a in report.associations if a.verdict in ("likely_trigger", "likely_protective")]


def test_a_craving_before_attacks_is_only_ever_a_warning_sign_with_the_caveat():
    days, attacks = simulated_diary(trigger_or=None, seed=3, craving=True)
    report = analyse_factors(days, attacks, ZONE, NOW)
    chocolate = _find(report, "food:chocolate", 1)
    assert chocolate.verdict == "warning_sign"
    entry = next(f for f in report.as_json() if f["factor"] == "food:chocolate" and f["lag_days"] == 1)
    assert "early sign of the attack rather than its cause" in entry["sentence"]
    assert not [a for a in report.associations if a.exposure.premonitory and a.verdict == "likely_trigger"]


def test_headaches_of_any_kind_can_be_analysed_when_few_attacks_are_migraine():
    """Someone whose attacks are mostly tension-type headaches: the migraine analysis cannot run, the one for
    headaches of any kind can, and its sentences speak of headaches."""
    from diary.insights import enough_data

    days, attacks = simulated_diary(trigger_or=4)
    attacks = [(start, end, "headache" if i % 5 else "migraine") for i, (start, end, _) in enumerate(attacks)]
    migraine = analyse_factors(days, attacks, ZONE, NOW)
    assert not migraine.ready and "more attacks that start on a logged day" in migraine.message
    assert enough_data(days, attacks, ZONE, NOW, "any_headache")
    assert not enough_data(days, attacks, ZONE, NOW, "migraine")
    report = analyse_factors(days, attacks, ZONE, NOW, "any_headache")
    assert report.ready and report.message.endswith(f"{report.usable_onsets} headaches analysed.")
    assert report.usable_onsets >= 4 * migraine.usable_onsets
    alcohol = _find(report, "alcohol_units > 0", 1)
    assert alcohol.verdict == "likely_trigger"
    entry = next(f for f in report.as_json() if f["exposure"] == "alcohol_units > 0" and f["lag_days"] == 1)
    assert entry["sentence"].startswith("On days after any alcohol, a headache started on ")
    with pytest.raises(ValueError, match="unknown outcome"):
        analyse_factors(days, attacks, ZONE, NOW, "any")


def test_every_verdict_comes_from_the_fixed_vocabulary():
    from diary.insights.associations import VERDICTS

    days, attacks = simulated_diary(trigger_or=3, seed=11)
    report = analyse_factors(days, attacks, ZONE, NOW)
    assert {a.verdict for a in report.associations} <= set(VERDICTS)
    assert any(a.verdict in ("no_clear_link", "not_enough_data") for a in report.associations)


def test_grouped_days_give_the_same_firth_fit_as_day_by_day():
    from firthmodels import FirthLogisticRegression

    from diary.insights.associations import _firth

    rng = np.random.default_rng(5)
    x, m = rng.integers(0, 2, 1500), rng.integers(0, 2, 1500)
    y = (rng.random(1500) < 1 / (1 + np.exp(-(-2.5 + 0.9 * x + 0.4 * m)))).astype(int)
    full = FirthLogisticRegression().fit(np.column_stack([x, m]).astype(float), y)
    full.lrt(features=[0])
    low, high = full.conf_int(method="pl", features=[0])[0]
    (odds, _), (interval, _), (p, _) = _firth([x.astype(float), m.astype(float)], y)
    assert odds == pytest.approx(math.exp(full.coef_[0]), rel=1e-6)
    assert interval == pytest.approx((math.exp(low), math.exp(high)), rel=1e-4)
    assert p == pytest.approx(full.lrt_pvalues_[0], rel=1e-4)


@pytest.mark.parametrize("label, field, values, expected", [
    ("stress >= 7", "stress", [6, 7, 10], [0, 1, 1]),
    ("sleep_hours < 6", "sleep_hours", [5.75, 6.0, 8.0], [1, 0, 0]),
    ("sleep_quality <= 2", "sleep_quality", [1, 2, 3], [1, 1, 0]),
    ("alcohol_units > 0", "alcohol_units", [0, 0.5, 3], [0, 1, 1]),
    ("caffeine_mg > 0", "caffeine_mg", [0, 50, 300], [0, 1, 1]),
    ("skipped_meal", "skipped_meal", [False, True, False], [0, 1, 0]),
    ("gut_symptoms >= 2", "gut_symptoms", [1, 2, 3], [0, 1, 1]),
    ("illness", "illness", [True, False, True], [1, 0, 1]),
    ("allergy >= 2", "allergy", [0, 1, 2], [0, 0, 1]),
    ("water_l < 1", "water_l", [0.5, 1.0, 2.0], [1, 0, 0]),
    ("mood <= 2", "mood", [2, 3, 1], [1, 0, 1]),
    ("exercise_min >= 30", "exercise_min", [29, 30, 90], [0, 1, 1]),
])
def test_each_exposure_definition(label, field, values, expected):
    table = table_of({field: values + [None]})
    series = exposure(label).series(table)
    assert list(series[:3]) == expected
    assert math.isnan(series[3]), "not recorded stays missing"


def _strict_json(report):
    import json

    return json.dumps(report.as_json(), allow_nan=False)  # NaN or infinity would make the CLI print invalid JSON


def _regular_diary(days, extra=lambda i: {}):
    """Complete days with random stress and nothing else going on; `extra(i)` adds fields to day i."""
    rng = random.Random(1)
    return [{"date": START + timedelta(days=i), "stress": rng.randint(0, 10), "sleep_hours": 7.0, "sleep_quality": 3,
             "caffeine_mg": 100, "alcohol_units": 0.0, "mood": 3, **extra(i)} for i in range(days)]


def test_attacks_every_other_day_leave_nothing_to_compare_and_no_error():
    # The day after an attack is never at risk, so every day at risk is an onset day: no factor can be tested.
    days = _regular_diary(120)
    report = analyse_factors(days, [attack_on(i) for i in range(0, 120, 2)], ZONE, NOW)
    assert report.ready
    assert {a.verdict for a in report.associations} == {"not_enough_data"}
    _strict_json(report)


PERIODS = [10 + 28 * k for k in range(10)]
WINDOW = {first + offset for first in PERIODS for offset in range(-2, 3)}


def _bleeding(i):
    return {"menstruating": any(0 <= i - first < 5 for first in PERIODS)}


@pytest.mark.parametrize("in_step", [False, True], ids=["onsets only in the window", "a factor in step as well"])
def test_onsets_only_in_the_perimenstrual_window_give_verdicts_not_errors(in_step):
    """Attacks only on days -2, 1 and 3 of each period; optionally a skipped meal on exactly the days before the
    window's days. The fit cannot tell such columns apart: the diary gets no estimate there, never an error."""
    extra = (lambda i: {**_bleeding(i), "skipped_meal": (i + 1) in WINDOW}) if in_step else _bleeding
    days = _regular_diary(290, extra)
    attacks = [attack_on(first + offset) for first in PERIODS for offset in (-2, 0, 2)]
    report = analyse_factors(days, attacks, ZONE, NOW)
    assert report.ready
    window = _find(report, "perimenstrual window (day -2 to +3)", 0)
    assert window.verdict in ("likely_trigger", "not_enough_data")
    assert all(a.odds_ratio is None or math.isfinite(a.odds_ratio) for a in report.associations)
    _strict_json(report)


def test_the_joint_check_runs_when_the_perimenstrual_window_is_among_the_flagged():
    """The window is both a flagged factor and the usual adjustment: in the joint model it must appear once, or
    the model cannot be fitted and no flagged factor would ever be checked against the others."""
    rng = random.Random(3)
    days = _regular_diary(400, lambda i: {"menstruating": (i % 28) < 5})
    attacks = []
    for i in range(1, 400):
        risk = 0.05 + (0.35 if (i % 28) in (26, 27, 0, 1, 2) else 0) + (0.3 if days[i - 1]["stress"] >= 7 else 0)
        if rng.random() < risk:
            attacks.append(attack_on(i, hours=4))
    report = analyse_factors(days, attacks, ZONE, NOW)
    stress, window = _find(report, "stress >= 7", 1), _find(report, "perimenstrual window (day -2 to +3)", 0)
    assert stress.verdict == window.verdict == "likely_trigger"
    assert stress.joint_p is not None and stress.joint_p < 0.05
    assert window.joint_p is not None and window.joint_p < 0.05


def _decided(odds, ci, p, q, joint_p=None):
    from diary.insights.associations import Association, decide
    from diary.insights.sentences import sentence

    result = Association(exposure("exercise_min >= 30"), 1, 60, 240, 3, 37, odds_ratio=odds, ci=ci, p_value=p,
                         q_value=q, joint_p=joint_p, flagged=q <= 0.10)
    decide(result, 300)
    return result, sentence(result)


def test_a_protective_factor_that_another_flagged_factor_explains_keeps_its_numbers_and_says_why():
    result, text = _decided(0.3, (0.1, 0.8), p=0.004, q=0.05, joint_p=0.2)
    assert result.verdict == "not_enough_data"  # not past the bar once checked together: no verdict of protection
    assert result.more_days_needed is None      # more days settle it, not a narrower interval
    assert "5 % of days, against 15 % otherwise" in text and "fewer attacks followed" in text
    assert "Another flagged factor that often comes with it may explain it." in text
    assert "Not enough data yet on" not in text


def test_fewer_attacks_short_of_the_false_discovery_bar_say_it_could_be_chance():
    result, text = _decided(0.4, (0.15, 0.95), p=0.03, q=0.3)
    assert result.verdict == "not_enough_data"
    assert "could still be chance" in text and "may explain" not in text
    result, _ = _decided(0.3, (0.1, 0.8), p=0.004, q=0.05)
    assert result.verdict == "likely_protective"


def _diary_with(odds_on, days=365, seed=5, baseline=0.09):
    """Full logs of stress (0-10) and periods (5 bleeding days in 28); attacks from a baseline odds, raised on
    the days where `odds_on(i, entries)` says by how much."""
    rng = random.Random(seed)
    entries = [{"date": START + timedelta(days=i), "stress": rng.randint(0, 10), "sleep_hours": 7.0,
                "menstruating": i % 28 < 5} for i in range(days)]
    attack_days = []
    for i in range(2, days):
        odds = baseline * odds_on(i, entries)
        if rng.random() < odds / (1 + odds) and (not attack_days or attack_days[-1] < i - 1):
            attack_days.append(i)
    return entries, [attack_on(i, hours=5) for i in attack_days]


def test_attacks_on_bleeding_days_are_found_by_the_bleeding_definition():
    # Days 4 and 5 of bleeding lie outside the window around a period's start (day -2 to +3).
    days, attacks = _diary_with(lambda i, e: 6 if i % 28 in (3, 4) else 1, days=730, seed=11)
    report = analyse_factors(days, attacks, ZONE, NOW)
    bleeding = _find(report, "bleeding days", 0)
    assert bleeding.verdict == "likely_trigger"
    assert report.as_json()[0]["sentence"].startswith("On bleeding days, an attack started on ")


def test_low_mood_before_attacks_is_only_ever_a_warning_sign():
    # Low mood is among the commonest premonitory symptoms: the day before an attack it may be the attack beginning.
    days, attacks = _diary_with(lambda i, e: 1, seed=4, baseline=0.12)
    rng = random.Random(4)
    starts = {(a[0].astimezone(ZoneInfo(ZONE)).date() - START).days for a in attacks}
    for i, day in enumerate(days):
        day["mood"] = 1 if (i + 1 in starts and rng.random() < 0.7) or rng.random() < 0.08 else 3
    report = analyse_factors(days, attacks, ZONE, NOW)
    mood = _find(report, "mood <= 2", 1)
    assert mood.verdict == "warning_sign"
    assert "early sign of the attack rather than its cause" in sentence_of(report, "mood <= 2")


def sentence_of(report, label):
    return next(f["sentence"] for f in report.as_json() if f["exposure"] == label)
