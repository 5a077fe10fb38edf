"""Plain-language sentences with the person's own numbers. Associations, never causes; never a diagnosis."""
from __future__ import annotations

from ..vocabulary import OUTCOMES
from .associations import Association

WHEN = {0: "On days with", 1: "On days after", 2: "Two days after"}
PREMONITORY_CAVEAT = (" This can be an early sign of the attack rather than its cause: cravings, tiredness and low "
                      "mood often come in the hours or day before an attack, and no diary statistic can tell the two "
                      "apart.")


def _percent(rate: float) -> str:
    return f"{round(100 * rate)} %"


def _interval(a: Association) -> str:
    return f"odds ratio {a.odds_ratio:.1f}, 95 % interval {a.ci[0]:.1f} to {a.ci[1]:.1f}"


def _notes(a: Association) -> str:
    return "".join(f" {note[:1].upper()}{note[1:]}." for note in a.notes)


def sentence(a: Association, outcome: str = "migraine") -> str:
    one, several = OUTCOMES[outcome]["one"], OUTCOMES[outcome]["several"]
    exposure = a.exposure.description
    opening = a.exposure.lead or f"{WHEN[a.lag]} {exposure}"
    rates = (f"{opening}, {one} started on {_percent(a.exposed_rate)} of days, against "
             f"{_percent(a.unexposed_rate)} otherwise")
    if a.verdict == "likely_trigger":
        text = f"{rates} ({_interval(a)}). This link is unlikely to be chance, but it is an association, not proof " \
               "of cause."
    elif a.verdict == "likely_protective":
        text = f"{rates} ({_interval(a)}): fewer {several} followed. This link is unlikely to be chance."
    elif a.verdict == "warning_sign":
        text = f"{rates} ({_interval(a)})."
    elif a.verdict == "possible_trigger":
        text = f"{rates} ({_interval(a)}). This could still be chance among the many factors tested; keep " \
               f"logging.{_notes(a)}"
    elif a.odds_ratio is not None and a.odds_ratio < 1 and a.p_value < 0.05:  # fewer attacks, not past the bar
        text = f"{rates} ({_interval(a)}): fewer {several} followed, but this could still be chance among the many " \
               f"factors tested; keep logging.{_notes(a)}"
    elif a.verdict == "no_clear_link":
        text = f"{rates}. There is enough data to say that {exposure} makes little difference for you " \
               f"({_interval(a)})."
    else:
        more = (f" About {a.more_days_needed} more logged days would likely be needed." if a.more_days_needed
                else " Much more data would be needed before the diary could say.")
        text = f"Not enough data yet on {exposure} ({a.exposed_days} exposed and {a.unexposed_days} other days " \
               f"that could be compared).{more}"
    if a.exposure.premonitory and a.verdict in ("warning_sign", "possible_trigger", "likely_trigger"):
        text += PREMONITORY_CAVEAT
    return text
