"""Questionnaire pages: MIDAS (disability over 3 months) and HIT-6 (impact over 4 weeks)."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from ..access import caregivers_may, current_diary
from ..timezones import local_today
from ..web import form_status
from . import services
from .forms import HIT6_QUESTIONS, MIDAS_QUESTIONS, Hit6Form, MidasForm

bp = Blueprint("questionnaires", __name__, url_prefix="/questionnaires")
FORMS = {"midas": ("MIDAS", MidasForm, MIDAS_QUESTIONS), "hit-6": ("HIT-6", Hit6Form, HIT6_QUESTIONS)}


@bp.route("/")
@login_required
@caregivers_may("view")
def index():
    return render_template("questionnaires/index.html", history=services.history(current_diary().owner_id))


@bp.route("/<any(midas, 'hit-6'):name>", methods=["GET", "POST"])
@login_required
def answer(name: str):
    diary = current_diary()
    kind, form_class, questions = FORMS[name]
    form = form_class()
    today = local_today(diary.timezone)
    if request.method == "GET":
        form.taken_on.data = today
    if form.validate_on_submit():
        if form.taken_on.data > today:
            form.taken_on.errors.append("This date is in the future.")
        else:
            services.save_result(diary.owner_id, kind, form.taken_on.data, form.answers())
            flash("Saved. Your scores are below.", "success")
            return redirect(url_for("questionnaires.index"))
    return render_template("questionnaires/form.html", form=form, kind=kind, questions=questions,
                           fields=[getattr(form, f"q{i + 1}") for i in range(len(questions))]), \
        form_status()
