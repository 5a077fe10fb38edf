"""Daily log pages: one page per date, and the list of recent days."""
from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from ..access import caregivers_may, current_diary
from ..forms import ConfirmForm
from ..timezones import local_today
from ..vocabulary import ALLERGY_LEVELS, FIRST_YEAR, GUT_LEVELS, plausible_year
from ..web import form_status
from . import services
from .forms import DayForm

bp = Blueprint("days", __name__, url_prefix="/days")

SLEEP_QUALITY = {1: "1 very poor", 5: "5 very good"}
MOOD = {1: "1 very low", 5: "5 very good"}
STRESS = {0: "0 none", 10: "10 extreme"}


def _diary_day(text: str | None) -> date | None:
    """The day a path or a query names, if the diary can hold it: a date, not in the future, in the diary's years."""
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        return None
    return day if day <= local_today(current_diary().timezone) and plausible_year(day) else None


def _day_or_404(text: str) -> date:
    day = _diary_day(text)
    if day is None:
        abort(404)
    return day


WEEKS = 28  # days on one page of the list


@bp.route("/")
@login_required
@caregivers_may("view")
def index():
    """Four weeks of days, the latest first; `until` pages back through the diary, `day` opens any day."""
    diary = current_diary()
    today = local_today(diary.timezone)
    picked, problem = request.args.get("day"), None
    if picked is not None:
        day = _diary_day(picked)
        if day is not None:
            return redirect(url_for("days.edit", day=day.isoformat()))
        try:
            date.fromisoformat(picked)
            problem = f"Choose a day between {FIRST_YEAR} and today ({today.strftime('%d %b %Y')})."
        except ValueError:
            problem = "Choose a day, as a date."
    until = _day_or_404(request.args["until"]) if "until" in request.args else today
    first = date(FIRST_YEAR, 1, 1)  # the diary's calendar starts here: no page runs past it
    days = services.recent_days(diary.owner_id, diary.timezone, until,
                                count=min(WEEKS, (until - first).days + 1))
    earlier = until - timedelta(days=WEEKS)
    earlier = earlier if earlier >= first else None
    later = min(until + timedelta(days=WEEKS), today) if until < today else None
    return render_template("days/index.html", days=days, today=today, until=until, problem=problem,
                           earlier=earlier, later=later, form=ConfirmForm())


@bp.route("/today")
@login_required
@caregivers_may("log")
def today():
    return redirect(url_for("days.edit", day=local_today(current_diary().timezone).isoformat()))


@bp.route("/<day>", methods=["GET", "POST"])
@login_required
@caregivers_may("log")
def edit(day: str):
    diary = current_diary()
    the_day = _day_or_404(day)
    entry = services.get_day(diary.owner_id, the_day)
    form = DayForm(obj=entry if request.method == "GET" else None)
    frequent = services.frequent_foods(diary.owner_id)
    logged = [f for f in (entry.foods if entry else []) if f not in frequent]
    form.foods.choices = [(f, f) for f in frequent + logged]
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in ("stress", "sleep_quality", "caffeine_mg",
                                                              "exercise_min", "gut_symptoms", "mood", "allergy")}
        for name in ("sleep_hours", "alcohol_units", "water_l"):
            value = getattr(form, name).data
            values[name] = None if value is None else float(value)
        for name in ("menstruating", "skipped_meal", "illness"):
            values[name] = getattr(form, name).value
        values["foods"] = list(form.foods.data or []) + services.parse_foods(form.new_foods.data)
        values["notes"] = (form.notes.data or "").strip()
        services.save_day(diary.owner_id, the_day, values)
        flash(f"{the_day.strftime('%A %d %B')} saved.", "success")
        return redirect(url_for("days.index"))
    return render_template("days/form.html", form=form, day=the_day, entry=entry,
                           previous=the_day - timedelta(days=1), following=the_day + timedelta(days=1),
                           today=local_today(diary.timezone), stress_labels=STRESS,
                           sleep_labels=SLEEP_QUALITY, mood_labels=MOOD, gut_labels=GUT_LEVELS,
                           allergy_labels=ALLERGY_LEVELS), form_status()


@bp.route("/<day>/same-as-before", methods=["POST"])
@login_required
@caregivers_may("log")
def copy_previous(day: str):
    diary = current_diary()
    the_day = _day_or_404(day)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if services.copy_previous_day(diary.owner_id, the_day) is None:
        flash("There is no log of the day before to copy, or this day is logged already.", "info")
    else:
        flash(f"{the_day.strftime('%A %d %B')} filled in like the day before. Change anything that was different.",
              "success")
    # Back to the page of the list the person was on, if the form names one that exists (it may say anything).
    until = _diary_day(request.args.get("until"))
    earlier_page = until is not None and until < local_today(diary.timezone)
    return redirect(url_for("days.index", **({"until": until.isoformat()} if earlier_page else {})))
