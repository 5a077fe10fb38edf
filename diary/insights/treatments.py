"""Did a treatment go with fewer migraine days? An estimate with its uncertainty, never a verdict.

Definitions from ../shared/domain/clinical.md ("Treatment response") and statistics.md (section 4): the baseline
is migraine days per 28 diary days over the 84 days before the start (at least 28 days in the diary); the
response is the same rate from day 29 to day 112 after the start, the first month being the wash-in; nothing is
judged before 84 days. A course that was stopped counts only to its last day: the days after are not on it.
The rate ratio's 95 % interval is the score interval for two Poisson rates (statsmodels), widened when a
quasi-Poisson fit over 28-day blocks shows overdispersion.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import statsmodels.api as sm
from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep

BASELINE_DAYS = 84
MIN_BASELINE_DAYS = 28
WASH_IN_DAYS = 28
RESPONSE_END_DAY = 112
JUDGE_AFTER_DAYS = 84
BLOCK = 28
# Placebo arms of the anti-CGRP trials reached 27-44 % 50 % responders (clinical.md).
# Said of every kind of course (a supplement, CBT), so it names the trials as an example of placebo response in
# prevention, not as evidence about the course itself.
PLACEBO_NOTE = ("Frequency often falls on its own: in trials of migraine prevention, such as those of the anti-CGRP "
                "antibodies, 27 to 44 % of people on placebo also had half the migraine days or fewer.")


@dataclass
class TreatmentResponse:
    name: str
    purpose: str
    started_on: date
    stopped_on: date | None
    baseline_days: int
    baseline_migraine_days: int
    treatment_days: int = 0
    treatment_migraine_days: int = 0
    rate_ratio: float | None = None
    ci: tuple[float, float] | None = None
    p_value: float | None = None
    overdispersed: bool = False
    regression_to_mean: bool = False
    judged: bool = False
    months: list[tuple[date, int, int]] = field(default_factory=list)  # block start, diary days, migraine days
    sentence: str = ""

    @property
    def baseline_rate(self) -> float | None:
        return self.baseline_migraine_days / self.baseline_days * BLOCK if self.baseline_days else None

    @property
    def treatment_rate(self) -> float | None:
        return self.treatment_migraine_days / self.treatment_days * BLOCK if self.treatment_days else None

    @property
    def reduction_pct(self) -> float | None:
        if self.baseline_rate in (None, 0) or self.treatment_rate is None:
            return None
        return 100 * (1 - self.treatment_rate / self.baseline_rate)

    def responder(self, share: float) -> bool | None:
        if not self.judged or self.reduction_pct is None:
            return None
        return self.reduction_pct >= share

    def as_json(self) -> dict:
        def rounded(value, digits=2):
            return None if value is None else round(value, digits)
        return {"name": self.name, "purpose": self.purpose, "started_on": self.started_on.isoformat(),
                "stopped_on": self.stopped_on.isoformat() if self.stopped_on else None,
                "baseline_rate": rounded(self.baseline_rate), "treatment_rate": rounded(self.treatment_rate),
                "reduction_pct": rounded(self.reduction_pct, 1), "rate_ratio": rounded(self.rate_ratio),
                "ci": [rounded(self.ci[0]), rounded(self.ci[1])] if self.ci else None,
                "responder_50": self.responder(50), "responder_75": self.responder(75),
                "regression_to_mean": self.regression_to_mean,
                "months": [{"from": m.isoformat(), "diary_days": n, "migraine_days": k} for m, n, k in self.months],
                "sentence": self.sentence}


def _count(covered: set[date], migraine: set[date], first: date, last: date) -> tuple[int, int]:
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    logged = [d for d in days if d in covered]
    return len(logged), sum(1 for d in logged if d in migraine)


def _blocks(covered, migraine, first: date, count: int, last: date = date.max) -> list[tuple[date, int, int]]:
    """28-day blocks from `first`: (start, diary days, migraine days), none counting beyond `last`."""
    blocks = []
    for i in range(count):
        start = first + timedelta(days=BLOCK * i)
        n, k = _count(covered, migraine, start, min(start + timedelta(days=BLOCK - 1), last))
        blocks.append((start, n, k))
    return blocks


def _dispersion(blocks: list[tuple[date, int, int]], treated: list[bool]) -> float:
    """Pearson chi-square over degrees of freedom of a Poisson fit over 28-day blocks (quasi-Poisson scale)."""
    rows = [(n, k, t) for (_, n, k), t in zip(blocks, treated) if n >= 7]
    if len(rows) < 4 or len({t for _, _, t in rows}) < 2:
        return 1.0
    exposure = np.array([n for n, _, _ in rows], dtype=float)
    y = np.array([k for _, k, _ in rows], dtype=float)
    if y.sum() == 0:
        return 1.0
    X = sm.add_constant(np.array([float(t) for _, _, t in rows]))
    try:
        with warnings.catch_warnings():  # tiny diaries separate perfectly; the scale is then just 1
            warnings.simplefilter("ignore")
            fit = sm.GLM(y, X, family=sm.families.Poisson(), exposure=exposure).fit(scale="X2")
    except (ValueError, np.linalg.LinAlgError):  # a period without any migraine day: no dispersion to estimate
        return 1.0
    return max(float(fit.scale), 1.0) if np.isfinite(fit.scale) else 1.0


def treatment_response(name: str, purpose: str, started_on: date, covered: set[date], migraine: set[date],
                       today: date, stopped_on: date | None = None) -> TreatmentResponse | None:
    """The response to one course; None when the diary holds less than 28 days of baseline."""
    baseline_first = started_on - timedelta(days=BASELINE_DAYS)
    n0, k0 = _count(covered, migraine, baseline_first, started_on - timedelta(days=1))
    if n0 < MIN_BASELINE_DAYS:
        return None
    if stopped_on is not None and stopped_on >= today:
        stopped_on = None  # a stop date still to come: on the course today
    result = TreatmentResponse(name, purpose, started_on, stopped_on, n0, k0)
    before = _blocks(covered, migraine, started_on - timedelta(days=BLOCK * 6), 6)
    rates = [k / n for _, n, k in before if n >= 14]
    last = before[-1]
    # The month before the start was the worst of the preceding half-year: the baseline may be exaggerated.
    result.regression_to_mean = len(rates) >= 3 and last[1] >= 14 and last[2] / last[1] >= max(rates) and last[2] > 0
    last_day = stopped_on or today
    days_since = (last_day - started_on).days  # days on the course so far, or until it was stopped
    result.months = [b for b in _blocks(covered, migraine, started_on, min(days_since // BLOCK + 1, 12), last_day)
                     if b[1]]
    response_first = started_on + timedelta(days=WASH_IN_DAYS)
    response_last = min(started_on + timedelta(days=RESPONSE_END_DAY - 1), last_day)
    if response_last >= response_first:
        result.treatment_days, result.treatment_migraine_days = _count(covered, migraine, response_first,
                                                                       response_last)
    result.judged = days_since >= JUDGE_AFTER_DAYS and result.treatment_days >= MIN_BASELINE_DAYS
    if result.treatment_days >= MIN_BASELINE_DAYS and k0 > 0:
        k1, n1 = result.treatment_migraine_days, result.treatment_days
        result.p_value = float(test_poisson_2indep(k1, n1, k0, n0, method="score", compare="ratio").pvalue)
        low, high = confint_poisson_2indep(k1, n1, k0, n0, method="score", compare="ratio")
        result.rate_ratio = (k1 / n1) / (k0 / n0)
        blocks = _blocks(covered, migraine, baseline_first, 3) + _blocks(covered, migraine, response_first, 3)
        dispersion = _dispersion(blocks, [False] * 3 + [True] * 3)
        result.overdispersed = dispersion > 1.0
        if result.overdispersed and result.rate_ratio > 0:  # widen the interval on the log scale
            centre, widen = math.log(result.rate_ratio), math.sqrt(dispersion)
            low = math.exp(centre - (centre - math.log(max(low, 1e-9))) * widen)
            high = math.exp(centre + (math.log(high) - centre) * widen)
        result.ci = (float(low), float(high))
    result.sentence = _sentence(result, days_since)
    return result


def _sentence(r: TreatmentResponse, days_since: int) -> str:
    before = f"{r.baseline_rate:.1f} migraine days per 28 diary days in the {r.baseline_days} diary days before"
    if r.treatment_rate is None:
        if r.stopped_on and days_since < WASH_IN_DAYS:
            return (f"{r.name.capitalize()} was stopped after {days_since} days, within the first month (the "
                    f"wash-in), so the diary cannot say how it went; you had {before}.")
        if r.stopped_on:
            return (f"{r.name.capitalize()} was stopped after {days_since} days, and the diary has too few days "
                    f"from day 29 on to say how it went; you had {before}.")
        return (f"{r.name.capitalize()} started {days_since} days ago; you had {before}. The first month is "
                "a wash-in; a comparison is possible from day 29 on, and a judgement after 84 days.")
    change = r.reduction_pct
    direction = (f"{abs(change):.0f} % fewer" if change and change > 0 else f"{abs(change):.0f} % more"
                 if change else "about the same")
    text = (f"From day 29 to day {min(days_since, RESPONSE_END_DAY)} of {r.name}, you had {r.treatment_rate:.1f} "
            f"migraine days per 28 diary days, against {before} ({direction}")
    if r.ci:
        text += f"; rate ratio {r.rate_ratio:.2f}, 95 % interval {r.ci[0]:.2f} to {r.ci[1]:.2f}"
    text += ")."
    if r.stopped_on and days_since < RESPONSE_END_DAY:
        text += f" It was stopped on day {days_since}."
    if not r.judged and r.stopped_on:
        text += " That is too short a time to judge: guidelines look at 3 months or more."
    elif not r.judged:
        text += " It is too early to judge: wait until 84 days after the start."
    elif r.ci and r.ci[1] < 1:
        text += " This is consistent with a benefit, though not proof of one. " + PLACEBO_NOTE
    elif r.ci and r.ci[0] > 1:
        text += " Migraine days were more frequent since the start. Talk to your doctor."
    else:
        text += " The diary cannot yet tell a change from chance. " + PLACEBO_NOTE
    if r.regression_to_mean:
        text += (" The month before the start was the worst of the half-year before it, so part of any fall may "
                 "be the usual return towards your average.")
    return text
