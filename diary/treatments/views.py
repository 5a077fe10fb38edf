"""Treatment pages: current and past courses, start, edit, stop, delete."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from .. import submissions
from ..access import caregivers_may, current_diary, in_diary_or_404
from ..forms import ConfirmForm
from ..models import TreatmentCourse
from ..timezones import local_today
from ..web import form_status
from . import services
from .forms import PURPOSE_LABELS, TreatmentForm

bp = Blueprint("treatments", __name__, url_prefix="/treatments")


@bp.route("/")
@login_required
@caregivers_may("view")
def index():
    diary = current_diary()
    current, past = services.courses(diary.owner_id, local_today(diary.timezone))
    return render_template("treatments/index.html", current=current, past=past, labels=PURPOSE_LABELS,
                           form=ConfirmForm())


def _form_page(form, course):
    names = sorted({n for group in services.COMMON_TREATMENTS.values() for n in group})
    status = form_status()
    return render_template("treatments/form.html", form=form, course=course, names=names,
                           classes=sorted(services.COMMON_TREATMENTS)), status


def _clashes(form, course_id=None) -> bool:
    if services.name_taken(current_diary().owner_id, " ".join(form.name.data.split()), form.started_on.data, course_id):
        form.started_on.errors.append("You already have this treatment starting on this day.")
        return True
    return False


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    diary = current_diary()
    form = TreatmentForm()
    if request.method == "GET":
        form.started_on.data = local_today(diary.timezone)
    if form.validate_on_submit():
        key = submissions.key_of(form)

        def create():
            if _clashes(form):
                return None
            return services.save_course(TreatmentCourse(user_id=diary.owner_id, submission_key=key), form)
        course = submissions.create_once(TreatmentCourse, diary.owner_id, key, create)
        if course is not None:
            flash("Treatment added.", "success")
            return redirect(url_for("treatments.index"))
    return _form_page(form, None)


@bp.route("/<int:course_id>/edit", methods=["GET", "POST"])
@login_required
def edit(course_id: int):
    course = in_diary_or_404(TreatmentCourse, course_id)
    form = TreatmentForm(obj=course if request.method == "GET" else None)
    if form.validate_on_submit() and not _clashes(form, course.id):
        services.save_course(course, form)
        flash("Treatment saved.", "success")
        return redirect(url_for("treatments.index"))
    return _form_page(form, course)


@bp.route("/<int:course_id>/stop", methods=["POST"])
@login_required
def stop(course_id: int):
    course = in_diary_or_404(TreatmentCourse, course_id)
    if ConfirmForm().validate_on_submit():
        services.stop_course(course, local_today(current_diary().timezone))
        flash("Stopped today. You can change the date with Edit.", "success")
    return redirect(url_for("treatments.index"))


@bp.route("/<int:course_id>/delete", methods=["GET", "POST"])
@login_required
def delete(course_id: int):
    course = in_diary_or_404(TreatmentCourse, course_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_course(course)
        flash("Treatment deleted.", "success")
        return redirect(url_for("treatments.index"))
    return render_template("treatments/delete.html", course=course, form=form)
