"""Which exposures go with attacks, and how sure we can be: Firth logistic regression on at-risk days.

Methods from ../shared/domain/statistics.md: one row per at-risk day, the outcome an onset that day; for each
exposure and lag a Firth-penalised logistic regression (firthmodels), adjusted for the perimenstrual window, with
the penalised likelihood-ratio test and a profile-likelihood 95 % interval; Fisher's exact test as a cross-check.
Benjamini-Hochberg at q = 0.10 within each family: the triggers, the menstrual definitions, the premonitory
items. Then the flagged factors go together in one model, so that two exposures that come together do not both
take the credit.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
from firthmodels import FirthLogisticRegression
from scipy.stats import false_discovery_control, fisher_exact

from .exposures import Exposure
from .table import DayTable, at_risk, onsets

FDR_Q = 0.10
MIN_EXPOSED_DAYS = 10      # per factor: at least this many exposed and unexposed at-risk days
NO_LINK_RANGE = (0.5, 2.0)  # a 95 % interval wholly inside this range: enough data, no effect worth worrying about
VERDICTS = ("likely_trigger", "likely_protective", "possible_trigger", "no_clear_link", "not_enough_data",
            "warning_sign")


@dataclass
class Association:
    exposure: Exposure
    lag: int
    exposed_days: int
    unexposed_days: int
    exposed_onsets: int
    unexposed_onsets: int
    odds_ratio: float | None = None
    ci: tuple[float, float] | None = None
    p_value: float | None = None
    fisher_p: float | None = None
    q_value: float | None = None
    joint_p: float | None = None   # in the model with the other flagged factors
    flagged: bool = False          # past the false-discovery bar of its family
    verdict: str = "not_enough_data"
    more_days_needed: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def exposed_rate(self) -> float:
        return self.exposed_onsets / self.exposed_days if self.exposed_days else 0.0

    @property
    def unexposed_rate(self) -> float:
        return self.unexposed_onsets / self.unexposed_days if self.unexposed_days else 0.0


class CannotFit(Exception):
    """The days cannot tell these columns apart (one moves in step with another or with the attacks), or the fit
    found no finite answer: no estimate is better than a wrong one."""


def _firth(columns: list[np.ndarray], y: np.ndarray,
           tested: int | None = None) -> tuple[list[float], list[tuple[float, float]], list[float]]:
    """Odds ratios, profile-likelihood 95 % intervals and penalised LR-test p-values for the first `tested`
    columns (all by default); the others, such as the perimenstrual window, are only adjusted for, which spares
    their intervals and tests (most of the fitting time).

    Every column is 0/1, so the days collapse into at most 2^(k+1) distinct rows, fitted with their counts as
    frequency weights: the same estimates, intervals and p-values as the day-by-day fit (checked), in a fraction
    of the time for a diary of years. firthmodels counts rows, not days, so with fewer distinct rows than
    parameters the days are fitted one by one.
    """
    bits = columns + [y]
    code = sum(np.asarray(b, dtype=np.int64) << i for i, b in enumerate(bits))
    counts = np.bincount(code, minlength=1 << len(bits))
    present = np.flatnonzero(counts)
    if len(present) > len(columns) + 1:
        rows = (present[:, None] >> np.arange(len(bits))) & 1
        X, y, weights = rows[:, :-1].astype(float), rows[:, -1], counts[present].astype(float)
    else:
        X, y, weights = np.column_stack(columns).astype(float), np.asarray(y), np.ones(len(y))
    features = list(range(len(columns) if tested is None else tested))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = FirthLogisticRegression().fit(X, y, sample_weight=weights)
            model.lrt(features=features)
            ci = model.conf_int(alpha=0.05, method="pl", features=features)
    except np.linalg.LinAlgError as error:
        raise CannotFit from error
    with np.errstate(over="ignore"):  # an odds ratio beyond a float is infinite, and refused just below
        ors, intervals = np.exp(model.coef_[features]), np.exp(np.asarray(ci)[features])
    p_values = model.lrt_pvalues_[features]
    if not (np.all(np.isfinite(ors)) and np.all(np.isfinite(intervals)) and np.all(np.isfinite(p_values))):
        raise CannotFit
    return ors.tolist(), [(low, high) for low, high in intervals.tolist()], p_values.tolist()


def test_exposure(table: DayTable, exposure: Exposure, lag: int, outcome: str,
                  adjust: np.ndarray | None) -> Association:
    risk = at_risk(table, outcome)
    x = exposure.at(table, lag)
    usable = risk & ~np.isnan(x)
    if adjust is not None and exposure.factor != "menstruating":  # both menstrual definitions stand alone
        usable &= ~np.isnan(adjust)
    else:
        adjust = None
    y = onsets(table, outcome)[usable].astype(int)
    x_used = x[usable]
    exposed = x_used == 1
    result = Association(exposure, lag, int(exposed.sum()), int((~exposed).sum()), int(y[exposed].sum()),
                         int(y[~exposed].sum()))
    # Onsets on none of the days, or on all of them (attacks every other day leave only onset days at risk):
    # nothing to compare.
    if min(result.exposed_days, result.unexposed_days) < MIN_EXPOSED_DAYS or y.sum() in (0, len(y)):
        return result
    columns = [x_used] + ([adjust[usable]] if adjust is not None and np.nanstd(adjust[usable]) > 0 else [])
    try:
        (odds,), (interval,), (p,) = _firth(columns, y, tested=1)
    except CannotFit:
        if len(columns) == 1:
            return result
        # The factor moves in step with the perimenstrual window: test it on its own.
        try:
            (odds,), (interval,), (p,) = _firth(columns[:1], y)
        except CannotFit:
            return result
    result.odds_ratio, result.ci, result.p_value = odds, interval, p
    table2 = [[result.exposed_onsets, result.exposed_days - result.exposed_onsets],
              [result.unexposed_onsets, result.unexposed_days - result.unexposed_onsets]]
    result.fisher_p = float(fisher_exact(table2).pvalue)
    return result


def _family(result: Association) -> str | None:
    """Which false-discovery family a tested association belongs to (None: not tested)."""
    if result.p_value is None:
        return None
    if result.exposure.premonitory:
        return "premonitory"
    # The menstrual relation is a question of its own (ICHD-3 appendix A1.1), asked of every diary with periods
    # and adjusted for in every other test: it takes no share of the triggers' false-discovery budget.
    return "menstrual" if result.exposure.factor == "menstruating" else "triggers"


def adjust_for_false_discoveries(results: list[Association]) -> None:
    """Benjamini-Hochberg q-values and flags within each family of tested associations: the triggers, the
    menstrual definitions, the premonitory items."""
    for name in ("triggers", "menstrual", "premonitory"):
        family = [r for r in results if _family(r) == name]
        if not family:
            continue
        for result, q in zip(family, false_discovery_control([r.p_value for r in family], method="bh")):
            result.q_value = float(q)
            result.flagged = bool(q <= FDR_Q)


def check_together(table: DayTable, flagged: list[Association], outcome: str, adjust: np.ndarray | None) -> None:
    """Fit the flagged factors in one model: a factor whose effect another one explains loses its flag. Each factor
    enters once, by its strongest flagged test (two lags of alcohol, or the window around a period's start and its
    bleeding days, are largely the same days and would only explain each other away); its other flagged lags and
    definitions share that test's result."""
    strongest: dict[str, Association] = {}
    for result in sorted(flagged, key=lambda r: r.p_value):
        strongest.setdefault(result.exposure.factor, result)
    if len(strongest) < 2:
        return
    everyone, flagged = flagged, list(strongest.values())
    risk = at_risk(table, outcome)
    series = [r.exposure.at(table, r.lag) for r in flagged]
    if any(r.exposure.factor == "menstruating" for r in flagged):
        adjust = None  # a menstrual definition is in the model already, as one of the flagged
    usable = risk.copy()
    for values in series:
        usable &= ~np.isnan(values)
    if adjust is not None:
        usable &= ~np.isnan(adjust)
    y = onsets(table, outcome)[usable].astype(int)
    if y.sum() in (0, len(y)) or usable.sum() < 2 * MIN_EXPOSED_DAYS:
        return
    columns = [values[usable] for values in series]
    if adjust is not None and np.nanstd(adjust[usable]) > 0:
        columns.append(adjust[usable])
    try:
        _, _, p_values = _firth(columns, y, tested=len(flagged))
    except CannotFit:  # two flagged factors that always come together cannot be told apart
        return
    joint = {result.exposure.factor: p for result, p in zip(flagged, p_values)}
    for result in everyone:
        result.joint_p = joint[result.exposure.factor]


def more_days_needed(result: Association, days: int) -> int | None:
    """Roughly how many more logged days would narrow the interval enough for a verdict: the interval's width on
    the log scale shrinks with the square root of the number of days. None when no estimate is possible."""
    if result.ci is None or result.odds_ratio is None:
        needed = max(MIN_EXPOSED_DAYS - min(result.exposed_days, result.unexposed_days), 0)
        share = result.exposed_days / max(result.exposed_days + result.unexposed_days, 1)
        if share in (0, 1):
            return None
        return math.ceil(needed / min(share, 1 - share))
    half_width = (math.log(result.ci[1]) - math.log(result.ci[0])) / 2
    room = math.log(NO_LINK_RANGE[1]) - abs(math.log(result.odds_ratio))
    if room <= 0.05:
        return None
    factor = (half_width / room) ** 2
    # Beyond a few times the present diary the guess means little: say nothing rather than a silly number.
    return max(math.ceil(days * (factor - 1)), 1) if 1 < factor <= 5 else None


def decide(result: Association, days: int) -> None:
    """The verdict, from a fixed vocabulary; premonitory items can only ever be warning signs."""
    if result.p_value is None:
        result.verdict, result.more_days_needed = "not_enough_data", more_days_needed(result, days)
        return
    flagged = result.flagged and (result.joint_p is None or result.joint_p < 0.05)
    if result.exposure.premonitory:
        if flagged and result.odds_ratio > 1:
            result.verdict = "warning_sign"
            return
    elif flagged:
        result.verdict = "likely_trigger" if result.odds_ratio > 1 else "likely_protective"
        return
    if result.joint_p is not None and result.joint_p >= 0.05:
        result.notes.append("another flagged factor that often comes with it may explain it")
    if result.p_value < 0.05 and result.odds_ratio > 1:
        result.verdict = "possible_trigger"
    elif result.p_value < 0.05:
        # Fewer attacks, but not past the false-discovery bar (or explained by another factor): the vocabulary
        # has no "possible protective", and more days, not a narrower interval, are what would settle it.
        result.verdict = "not_enough_data"
    elif NO_LINK_RANGE[0] <= result.ci[0] and result.ci[1] <= NO_LINK_RANGE[1]:
        result.verdict = "no_clear_link"
    else:
        result.verdict, result.more_days_needed = "not_enough_data", more_days_needed(result, days)
