"""The insights page: what goes with the user's attacks, how treatments went, patterns to show a doctor."""
from flask import Blueprint, abort, render_template, request
from flask_login import login_required

from ..access import caregivers_may, current_diary
from ..charts import factor_chart
from ..vocabulary import LAG_WORDS, MAX_FOODS_TESTED, OUTCOMES

bp = Blueprint("insights", __name__)

VERDICT_TITLES = {
    "likely_trigger": "Likely triggers", "likely_protective": "Likely protective",
    "warning_sign": "Possible warning signs (not triggers)", "possible_trigger": "Possible triggers, could be chance",
    "no_clear_link": "No clear link", "not_enough_data": "Not enough data yet",
}


@bp.route("/insights")
@login_required
@caregivers_may("view")
def index():
    from ..analysis import cached_report  # scipy and statsmodels load on first use, not with every command

    outcome = request.args.get("outcome", "migraine")
    if outcome not in OUTCOMES:
        abort(404)
    report = cached_report(current_diary().owner_id, outcome)
    groups = {verdict: [f for f in report["factors"] if f["verdict"] == verdict] for verdict in VERDICT_TITLES}
    chart = factor_chart(report["factors"]) if report["ready"] else None
    return render_template("insights/index.html", report=report, groups=groups,
                           titles=VERDICT_TITLES, lag_words=LAG_WORDS, chart=chart, outcomes=OUTCOMES,
                           max_foods=MAX_FOODS_TESTED)
