"""The dashboard: the period's headline figures and charts."""
from flask import Blueprint, render_template, request
from flask_login import login_required

from ..access import caregivers_may, current_diary
from ..timezones import local_today
from . import services

bp = Blueprint("dashboard", __name__)


@bp.route("/dashboard")
@login_required
@caregivers_may("view")
def index():
    diary = current_diary()
    zone = diary.timezone
    key = request.args.get("period", services.DEFAULT_PERIOD)
    key = key if key in services.PERIODS else services.DEFAULT_PERIOD
    # The first day of the diary is needed only for "all", or to tell an empty diary from a quiet period.
    first = services.first_entry(diary.owner_id, zone) if key == "all" else None
    today, error = local_today(zone), None
    try:
        period = services.choose_period(key, today, first, request.args.get("start"), request.args.get("end"))
    except services.PeriodError as problem:
        error, period = str(problem), services.choose_period(services.DEFAULT_PERIOD, today, first)
    dashboard = services.build_dashboard(diary.owner_id, zone, period)
    quiet = dashboard.headline.rates.covered_days == 0 and dashboard.headline.previous.covered_days == 0
    if (key == "all" and first is None) or (quiet and services.first_entry(diary.owner_id, zone) is None):
        return render_template("dashboard/empty.html")
    return render_template("dashboard/index.html", dashboard=dashboard, periods=services.PERIODS,
                           period_error=error, start=request.args.get("start", ""),
                           end=request.args.get("end", "")), 200 if error is None else 422
