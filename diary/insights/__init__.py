"""Honest personal statistics: which factors go with attacks, how sure that is, and when data is too thin.

Plain Python on plain rows (no Flask): `analyse_factors(days, attacks, zone, now)` returns the tested factors with
their verdicts and sentences. See ../shared/domain/statistics.md for the methods and their sources.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from threadpoolctl import ThreadpoolController

from ..vocabulary import COMPLETE_DAY_FACTORS, OUTCOMES
from .associations import FDR_Q, Association, adjust_for_false_discoveries, check_together, decide, test_exposure
from .exposures import MENSTRUAL_WINDOW, all_exposures, foods_to_test
from .sentences import sentence
from .table import DayTable, at_risk, build_table, onsets

# The analysis opens only with enough diary (statistics.md, section 1: "Minimum data").
MIN_LOGGED_DAYS = 90
MIN_COMPLETE_SHARE = 0.8
MIN_ONSETS = 20

# The fits are a hundred or so of tiny matrices, where OpenBLAS's threads only cost: on a busy two-core machine
# (two web workers, say) the insights page took 5.5 s with them and 1.3 s with one thread (measured in this repo).
# Web workers, not BLAS threads, are what should share the cores.
BLAS = ThreadpoolController()


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
        return FactorReport(False, 0, 0.0, 0, "Nothing logged yet: the analysis needs at least 90 logged days.",
                            outcome=outcome)
    logged = int(table.logged.sum())
    complete = sum(1 for d in days if all(d.get(f) is not None for f in COMPLETE_DAY_FACTORS))
    share = complete / logged if logged else 0.0
    usable = int((at_risk(table, outcome) & onsets(table, outcome)).sum())
    several = OUTCOMES[outcome]["several"]
    missing = []
    if logged < MIN_LOGGED_DAYS:
        missing.append(f"{MIN_LOGGED_DAYS - logged} more logged days")
    if share < MIN_COMPLETE_SHARE:
        missing.append(f"more complete days (now {share:.0%} of logged days have stress, sleep, caffeine, alcohol "
                       f"and mood; {MIN_COMPLETE_SHARE:.0%} are needed)")
    if usable < MIN_ONSETS:
        missing.append(f"{MIN_ONSETS - usable} more {several} that start on a logged day after a logged day")
    if missing:
        return FactorReport(False, logged, share, usable, "Not enough data yet: the analysis needs " +
                            "; ".join(missing) + ".", outcome=outcome)
    return FactorReport(True, logged, share, usable, f"{logged} logged days and {usable} {several} analysed.",
                        outcome=outcome)


def _analyse_factors(days: list[dict], attacks: list[tuple], zone: str, now: datetime, outcome: str) -> FactorReport:
    table = build_table(days, attacks, zone, now)
    report = _readiness(days, table, outcome)
    if not report.ready:
        return report
    window = MENSTRUAL_WINDOW.at(table, 0)
    adjust = None if np.all(np.isnan(window)) else window
    results = [test_exposure(table, exposure, lag, outcome, adjust)
               for exposure in all_exposures(table) for lag in exposure.lags]
    adjust_for_false_discoveries(results)
    flagged = [r for r in results if r.q_value is not None and r.q_value <= FDR_Q and not r.exposure.premonitory]
    check_together(table, flagged, outcome, adjust)
    for result in results:
        decide(result, report.logged_days)
    order = {verdict: i for i, verdict in enumerate(("likely_trigger", "likely_protective", "warning_sign",
                                                     "possible_trigger", "no_clear_link", "not_enough_data"))}
    results.sort(key=lambda r: (order[r.verdict], r.q_value if r.q_value is not None else 2))
    report.associations = results
    report.foods_not_tested = foods_to_test(table)[1]
    return report
