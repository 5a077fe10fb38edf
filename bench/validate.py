"""`make validate`: the insights method against Fisher + Benjamini-Hochberg and against naive counting, on the
same synthetic diaries with a known truth (bench/synthetic.py). Prints recall by odds ratio, the false discovery
rate, and the share of diaries without any trigger that still got a false alarm, for 180- and 365-day diaries.

Every diary also doubles the odds in the perimenstrual window; flagging that is not counted as a false discovery.
A "discovery" is a factor (at any lag) called a trigger: `likely_trigger` for our method; q <= 0.10 with an odds
ratio above 1 for Fisher + BH over the same factor x lag tests; and for naive counting, the way many apps list
triggers, a factor present on the day before at least half of the attacks.
"""
from __future__ import annotations

import random
import sys
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from scipy.stats import false_discovery_control, fisher_exact

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import make_diary  # noqa: E402
from diary.insights import analyse_factors  # noqa: E402
from diary.insights.exposures import all_exposures  # noqa: E402
from diary.insights.table import at_risk, build_table, onsets  # noqa: E402

NOW = datetime(2030, 1, 1, tzinfo=timezone.utc)
DIARIES = 50


def ours(days, attacks) -> set[str] | None:
    report = analyse_factors(days, attacks, "UTC", NOW)
    if not report.ready:
        return None
    return {a.exposure.factor for a in report.associations if a.verdict == "likely_trigger"}


def fisher_bh(days, attacks, premonitory_apart: bool = False) -> set[str]:
    """Fisher's exact test per factor x lag, BH over all of them (or, like our method, with the premonitory items
    as a family of their own that is never called a trigger)."""
    table = build_table(days, attacks, "UTC", NOW)
    risk, y = at_risk(table, "migraine"), onsets(table, "migraine")
    tests = []
    for exposure in all_exposures(table):
        for lag in exposure.lags:
            x = exposure.at(table, lag)
            used = risk & ~np.isnan(x)
            e, o = x[used] == 1, y[used]
            if min(e.sum(), (~e).sum()) < 10 or o.sum() == 0:
                continue
            result = fisher_exact([[int((o & e).sum()), int((~o & e).sum())], [int((o & ~e).sum()),
                                                                                 int((~o & ~e).sum())]])
            family = exposure.premonitory if premonitory_apart else False
            tests.append((exposure.factor, result.statistic, result.pvalue, family))
    flagged = set()
    for family in (False, True):
        members = [t for t in tests if t[3] == family]
        if members:
            qs = false_discovery_control([p for _, _, p, _ in members], method="bh")
            flagged |= {factor for (factor, odds, _, _), q in zip(members, qs) if q <= 0.10 and odds > 1 and not family}
    return flagged


def naive(days, attacks) -> set[str]:
    table = build_table(days, attacks, "UTC", NOW)
    starts = np.flatnonzero(onsets(table, "migraine"))
    flagged = set()
    for exposure in all_exposures(table):
        before = exposure.at(table, 1)[starts]
        known = before[~np.isnan(before)]
        if len(known) and known.mean() >= 0.5:
            flagged.add(exposure.factor)
    return flagged


def main() -> None:
    methods = {"this app (Firth + BH + joint check)": ours, "Fisher exact + BH": fisher_bh,
               "Fisher exact + BH, premonitory apart": lambda d, a: fisher_bh(d, a, premonitory_apart=True),
               "naive: before half the attacks": naive}
    for length in (180, 365):
        rng = random.Random(length)
        found = {name: defaultdict(lambda: [0, 0]) for name in methods}   # odds ratio -> [found, true]
        discoveries = {name: [0, 0] for name in methods}                   # [false, all]
        alarms = {name: [0, 0] for name in methods}                        # no-trigger diaries: [with alarm, all]
        skipped = 0
        for i in range(DIARIES):
            days, attacks, truth = make_diary(length, rng, n_triggers=0 if i % 5 == 0 else rng.randint(1, 3))
            results = {name: method(days, attacks) for name, method in methods.items()}
            if results["this app (Firth + BH + joint check)"] is None:
                skipped += 1
                continue
            for name, flagged in results.items():
                for factor, odds in truth.triggers.items():
                    found[name][odds][1] += 1
                    found[name][odds][0] += factor in flagged
                # Every synthetic diary doubles the odds in the perimenstrual window: a true effect, so finding it
                # is no false discovery (it is left out of the recall figures, which are about the chosen triggers).
                false = {f for f in flagged if f not in truth.triggers and f != "menstruating"}
                discoveries[name][0] += len(false)
                discoveries[name][1] += len(flagged)
                if not truth.triggers:
                    alarms[name][1] += 1
                    alarms[name][0] += bool(false)
        print(f"\n{length}-day diaries: {DIARIES - skipped} of {DIARIES} had enough data for the analysis")
        print(f"{'method':40} " + " ".join(f"recall OR {o:<4}" for o in (1.5, 2.0, 3.0, 4.0)) +
              "   FDR    no-trigger diaries with a false alarm")
        for name in methods:
            recall = []
            for odds in (1.5, 2.0, 3.0, 4.0):
                hit, total = found[name][odds]
                recall.append(f"{hit / total:.2f} ({hit}/{total})" if total else "   -   ")
            false, total = discoveries[name]
            alarmed, clean = alarms[name]
            print(f"{name:40} " + " ".join(f"{r:13}" for r in recall) +
                  f"  {false / total if total else 0:.2f}   {alarmed}/{clean}")


if __name__ == "__main__":
    main()
