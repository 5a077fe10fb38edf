"""Honest personal statistics: which factors go with attacks, how sure that is, and when data is too thin.

Plain Python on plain rows (no Flask): `analyse_factors(days, attacks, zone, now)` returns the tested factors with
their verdicts and sentences. See ../shared/domain/statistics.md for the methods and their sources.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from threadpoolctl import ThreadpoolController

from ..vocabulary import COMPLETE_DAY_FACTORS, DAY_FACTORS, OUTCOMES
from .associations import Association, adjust_for_false_discoveries, check_together, decide, test_exposure
from .exposures import MENSTRUAL_WINDOW, all_exposures, foods_to_test
from .sentences import sentence
from .table import DayTable, at_risk, build_table, onsets

# The analysis opens only with enough diary (statistics.md, section 1: "Minimum data"). Completeness is judged per
# factor: each is analysed when it was recorded on most logged days, on the days it was recorded. A factor recorded
# now and then is left out rather than tested: days someone chose to note it (the bad ones, say) are not a fair
# sample, and every extra test makes each finding less certain.
MIN_LOGGED_DAYS = 90
MIN_COMPLETE_SHARE = 0.8  # of logged days on which a factor is recorded
MIN_ONSETS = 20
# How the page names each daily factor when it says what could be analysed.
FACTOR_WORDS = {"stress": "stress", "sleep_hours": "hours of sleep", "sleep_quality": "sleep quality",
                "caffeine_mg": "caffeine", "alcohol_units": "alcohol", "water_l": "water", "exercise_min": "exercise",
                "menstruating": "periods", "gut_symptoms": "gut symptoms", "mood": "mood",
                "skipped_meal": "skipped meals", "illness": "illness", "allergy": "allergy", "foods": "foods"}

# The fits are a hundred or so of tiny matrices, where OpenBLAS's threads only cost: on a busy two-core machine
# (two web workers, say) the insights page took 5.5 s with them and 1.3 s with one thread (measured in this repo).
# Web workers, not BLAS threads, are what should share the cores.
BLAS = ThreadpoolController()


@dataclass(frozen=True)
class FactorCoverage:
    """Whether a daily factor could be analysed, and why (or what is missing)."""
    factor: str
    words: str
    recorded_days: int
    analysed: bool
    reason: str

    def as_json(self) -> dict:
        return {"factor": self.factor, "words": self.words, "recorded_days": self.recorded_days,
                "analysed": self.analysed, "reason": self.reason}


def factor_coverage(days: list[dict]) -> list[FactorCoverage]:
    """Each daily factor: on how many logged days it was recorded, and whether that is enough to analyse it.
    Periods count as tracked once any is logged (the window around a period's start is a calendar fact); foods on
    the days with at least one food."""
    logged = len(days)
    found = []
    for factor in DAY_FACTORS:
        if factor == "foods":
            recorded = sum(1 for d in days if d.get("foods"))
        elif factor == "menstruating":
            recorded = sum(1 for d in days if d.get("menstruating"))
        else:
            recorded = sum(1 for d in days if d.get(factor) is not None)
        words = FACTOR_WORDS[factor]
        if recorded == 0:
            found.append(FactorCoverage(factor, words, 0, False, "not tracked"))
        elif factor == "menstruating":
            found.append(FactorCoverage(factor, words, recorded, True, f"periods logged on {recorded} days"))
        elif recorded >= MIN_COMPLETE_SHARE * logged:
            found.append(FactorCoverage(factor, words, recorded, True,
                                        f"recorded on {recorded} of {logged} logged days"))
        else:
            # Logged on every day from now on, (recorded + n) / (logged + n) reaches the share after n days.
            more = math.ceil(round((MIN_COMPLETE_SHARE * logged - recorded) / (1 - MIN_COMPLETE_SHARE), 9))
            found.append(FactorCoverage(factor, words, recorded, False, (
                f"recorded on {recorded} of {logged} logged days ({recorded / logged:.0%}); "
                f"{MIN_COMPLETE_SHARE:.0%} are needed: record it on each of the next {more} days")))
    return found


@dataclass
class FactorReport:
    ready: bool
    logged_days: int
    complete_share: float
    usable_onsets: int
    message: str
    associations: list[Association] = field(default_factory=list)
    outcome: str = "migraine"
    foods_not_tested: list[str] = field(default_factory=list)  # eaten often enough, but not among the most eaten
    coverage: list[FactorCoverage] = field(default_factory=list)

    def as_json(self) -> list[dict]:
        return [{
            "factor": a.exposure.factor, "exposure": a.exposure.label, "description": a.exposure.description,
            "lag_days": a.lag, "verdict": a.verdict,
            "odds_ratio": _round(a.odds_ratio), "ci": [_round(a.ci[0]), _round(a.ci[1])] if a.ci else None,
            "p_value": _round(a.p_value, 4), "q_value": _round(a.q_value, 4), "fisher_p_value": _round(a.fisher_p, 4),
            "exposed_days": a.exposed_days, "unexposed_days": a.unexposed_days,
            "more_days_needed": a.more_days_needed, "sentence": sentence(a, self.outcome),
        } for a in self.associations]


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def analyse_factors(days: list[dict], attacks: list[tuple], zone: str, now: datetime,
                    outcome: str = "migraine") -> FactorReport:
    """Test every exposure at its lags against attack onsets on at-risk days; verdicts for each. The outcome is
    migraine attacks, or headaches of any kind (vocabulary.OUTCOMES)."""
    with BLAS.limit(limits=1, user_api="blas"):
        return _analyse_factors(days, attacks, zone, now, outcome)


def enough_data(days: list[dict], attacks: list[tuple], zone: str, now: datetime, outcome: str) -> bool:
    """Whether the analysis would run for this outcome, without running it: for pointing someone whose migraine
    analysis cannot run yet to the one for headaches of any kind that can, or the other way round."""
    return _readiness(days, build_table(days, attacks, zone, now), outcome).ready


def _readiness(days: list[dict], table: DayTable | None, outcome: str) -> FactorReport:
    """A report without findings: ready, or saying what is missing."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}; one of {', '.join(OUTCOMES)}")
    if table is None:
        return FactorReport(False, 0, 0.0, 0, "No daily factors logged yet: the analysis of what goes with attacks "
                            f"needs at least {MIN_LOGGED_DAYS} days with a daily log. What attacks alone can tell "
                            "(treatments, medication days, patterns to show a doctor) is below, and when attacks "
                            "start is on the dashboard.", outcome=outcome)
    logged = int(table.logged.sum())
    complete = sum(1 for d in days if all(d.get(f) is not None for f in COMPLETE_DAY_FACTORS))
    share = complete / logged if logged else 0.0
    usable = int((at_risk(table, outcome) & onsets(table, outcome)).sum())
    coverage = factor_coverage(days)
    several = OUTCOMES[outcome]["several"]
    missing = []
    if logged < MIN_LOGGED_DAYS:
        missing.append(f"{MIN_LOGGED_DAYS - logged} more logged days")
    if not any(c.analysed for c in coverage):
        missing.append(f"a daily factor recorded on {MIN_COMPLETE_SHARE:.0%} of logged days (see the list below)")
    if usable < MIN_ONSETS:
        missing.append(f"{MIN_ONSETS - usable} more {several} that start on a logged day after a logged day")
    if missing:
        return FactorReport(False, logged, share, usable, "Not enough data yet: the analysis needs " +
                            "; ".join(missing) + ".", outcome=outcome, coverage=coverage)
    return FactorReport(True, logged, share, usable, f"{logged} logged days and {usable} {several} analysed.",
                        outcome=outcome, coverage=coverage)


def exposures_to_test(table: DayTable, coverage: list[FactorCoverage]) -> list:
    """The exposures of the factors recorded often enough to analyse (factor_coverage)."""
    analysed = {c.factor for c in coverage if c.analysed}
    return [e for e in all_exposures(table) if ("foods" if e.factor.startswith("food:") else e.factor) in analysed]


def _analyse_factors(days: list[dict], attacks: list[tuple], zone: str, now: datetime, outcome: str) -> FactorReport:
    table = build_table(days, attacks, zone, now)
    report = _readiness(days, table, outcome)
    if not report.ready:
        return report
    window = MENSTRUAL_WINDOW.at(table, 0)
    adjust = None if np.all(np.isnan(window)) else window
    results = [test_exposure(table, exposure, lag, outcome, adjust)
               for exposure in exposures_to_test(table, report.coverage) for lag in exposure.lags]
    adjust_for_false_discoveries(results)
    flagged = [r for r in results if r.flagged and not r.exposure.premonitory]
    check_together(table, flagged, outcome, adjust)
    for result in results:
        decide(result, report.logged_days)
    order = {verdict: i for i, verdict in enumerate(("likely_trigger", "likely_protective", "warning_sign",
                                                     "possible_trigger", "no_clear_link", "not_enough_data"))}
    results.sort(key=lambda r: (order[r.verdict], r.q_value if r.q_value is not None else 2))
    report.associations = results
    report.foods_not_tested = foods_to_test(table)[1]
    return report
