"""Which articles to offer a person now, and why, from the patterns in their own diary (no Flask)."""
from __future__ import annotations

from .library import Article, load_library

ANTI_CGRP = ("erenumab", "fremanezumab", "galcanezumab", "eptinezumab")
GEPANTS = ("atogepant", "rimegepant", "ubrogepant", "zavegepant")
SHOWN_VERDICTS = ("likely_trigger", "possible_trigger", "warning_sign", "likely_protective")


def _factor_pattern(factor: dict) -> str | None:
    if "let-down" in factor["exposure"]:
        return "letdown:stress"
    name = factor["factor"]
    if name.startswith("food:"):
        return "trigger:food"
    return f"trigger:{name}"


def _treatment_pattern(treatment: dict) -> str | None:
    name = treatment["name"].lower()
    if any(drug in name for drug in ANTI_CGRP):
        return "treatment:anti-cgrp"
    if any(drug in name for drug in GEPANTS):
        return "treatment:gepant"
    if "probiotic" in name:
        return "treatment:probiotic"
    if treatment["purpose"] == "behavioural":
        return "treatment:behavioural"
    return None


WARNING_PATTERNS = {"medication_overuse": "warning:medication_overuse", "chronic_pattern": "pattern:chronic",
                    "cluster_pattern": "pattern:cluster", "menstrual_pattern": "pattern:menstrual"}


def _explains(article: Article) -> str:
    """'this article explains ...' from the article's one-sentence summary."""
    summary = article.summary
    for opening in ("This article explains ", "Explains "):
        if summary.startswith(opening):
            summary = summary[len(opening):]
    return f"this article explains {summary[0].lower()}{summary[1:]}"


def _factor_figure(factor: dict) -> str:
    """'In your diary, on days after any alcohol, an attack started on 17 % of days, against 8 % otherwise (odds
    ratio 3.0).': the person's own figures, without the interval the insights page gives beside them."""
    figures = factor["sentence"].split(" (")[0].rstrip(".")
    odds = f" (odds ratio {factor['odds_ratio']:.1f})" if factor.get("odds_ratio") else ""
    return f"In your diary, {figures[0].lower()}{figures[1:]}{odds}."


def articles_for(report: dict, library: tuple[Article, ...] | None = None, limit: int = 6) -> list[dict]:
    """Articles whose patterns match what the person's diary shows, each with a reason using their own figures.
    A diary with no pattern gets nothing personal (the library stays browsable). When one finding fits several
    articles, only the first repeats the figures; the next ones, listed right after it, refer back to it."""
    library = library if library is not None else load_library()
    found: list[tuple[str, str]] = []  # (pattern, the person's figure in words)
    patterns_seen = set()
    for factor in report.get("factors", []):
        pattern = _factor_pattern(factor)
        if factor["verdict"] in SHOWN_VERDICTS and pattern and pattern not in patterns_seen:
            patterns_seen.add(pattern)
            found.append((pattern, _factor_figure(factor)))
    for warning in report.get("warnings", []):
        pattern = WARNING_PATTERNS.get(warning["kind"])
        if pattern:
            found.append((pattern, warning["sentence"].split(". ")[0] + "."))
    for treatment in report.get("treatments", []):
        pattern = _treatment_pattern(treatment)
        if pattern and treatment.get("reduction_pct") is not None:
            change = round(treatment["reduction_pct"])
            moved = f"fell by {change} %" if change > 0 else f"rose by {-change} %" if change < 0 else "stayed the same"
            found.append((pattern, f"Since starting {treatment['name']}, your migraine days per 28 diary days "
                                   f"{moved}."))
    links, seen = [], set()
    for pattern, figure in found:
        told = False
        for article in library:
            if pattern in article.patterns and article.slug not in seen:
                seen.add(article.slug)
                explains = _explains(article)
                reason = f"More on the same finding: {explains}" if told else \
                    f"{figure} {explains[0].upper()}{explains[1:]}"
                links.append({"slug": article.slug, "title": article.title, "pattern": pattern, "reason": reason})
                told = True
    return links[:limit]
