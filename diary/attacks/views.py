"""Attack pages: the one-tap flow during an attack, the page after it, the full form, the list, delete."""
from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select

from .. import clock, submissions
from ..access import caregivers_may, current_diary, in_diary_or_404
from ..extensions import db
from ..forms import ConfirmForm
from ..models import Attack, MedicationDose
from ..timezones import to_local
from ..vocabulary import ATTACK_MAX_DAYS, DISABILITY_LEVELS, RELIEF_LEVELS
from ..web import form_status, local_path, local_time
from . import services
from .forms import AfterAttackForm, AttackForm, IntensityForm, QuickDoseForm, ReliefForm, StandaloneDoseForm

bp = Blueprint("attacks", __name__, url_prefix="/attacks")


@bp.app_context_processor
def attack_in_progress():
    """Every page knows about an ongoing attack, to show the "attack in progress" bar."""
    if "diary" not in g:  # nobody logged in
        return {}
    return {"ongoing_attack": services.ongoing_attack(current_diary().owner_id),
            "duration_text": services.duration_text}


@bp.app_template_global()
def relief_label(value):
    return RELIEF_LEVELS.get(value, "not recorded")


@bp.route("/now", methods=["POST"])
@login_required
@caregivers_may("log")
def start_now():
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash("That did not go through. Please tap again.", "error")
        return redirect(request.referrer or url_for("dashboard.index"))
    key = request.form.get("submission", "")
    attack_id = services.start_attack_now(current_diary().owner_id,
                                          key=key if submissions.KEY.fullmatch(key) else None)
    return redirect(url_for("attacks.progress", attack_id=attack_id))


@bp.route("/<int:attack_id>/progress")
@login_required
@caregivers_may("log")
def progress(attack_id: int):
    attack = in_diary_or_404(Attack, attack_id)
    return _progress_page(attack, QuickDoseForm(), IntensityForm())


def _progress_page(attack, dose_form, intensity_form, status=200):
    diary = current_diary()
    now = clock.now()
    due = [d for d in attack.doses if d.relief is None and (now - d.taken_at).total_seconds() >= 2 * 3600]
    return render_template(
        "attacks/progress.html", attack=attack, dose_form=dose_form, intensity_form=intensity_form,
        relief_form=ReliefForm(), frequent=services.frequent_medications(diary.owner_id, leaving_out=attack.id),
        medication_names=services.medication_names(diary.owner_id), relief_due=due,
        relief_levels=RELIEF_LEVELS), status


@bp.route("/<int:attack_id>/intensity", methods=["POST"])
@login_required
@caregivers_may("log")
def intensity(attack_id: int):
    attack = in_diary_or_404(Attack, attack_id)
    form = IntensityForm()
    if not form.validate_on_submit():
        return _progress_page(attack, QuickDoseForm(formdata=None), form, 422)
    services.set_intensity(attack, form.peak_intensity.data)
    return redirect(url_for("attacks.progress", attack_id=attack.id))


@bp.route("/<int:attack_id>/doses", methods=["POST"])
@login_required
@caregivers_may("log")
def took_medication(attack_id: int):
    attack = in_diary_or_404(Attack, attack_id)
    form = QuickDoseForm()
    if not form.validate_on_submit():
        return _progress_page(attack, form, IntensityForm(formdata=None), 422)
    services.record_dose(attack, current_diary().owner_id, form.name.data, form.drug_class.data or None,
                         form.dose.data or "", submission_key=submissions.key_of(form))
    # Flash messages travel in the session cookie, which is signed but readable: no drug names or figures in them.
    flash("Dose noted. In two hours, say here how well it worked.", "success")
    return redirect(url_for("attacks.progress", attack_id=attack.id))


@bp.route("/<int:attack_id>/doses/<int:dose_id>/relief", methods=["POST"])
@login_required
@caregivers_may("log")
def dose_relief(attack_id: int, dose_id: int):
    attack = in_diary_or_404(Attack, attack_id)
    dose = in_diary_or_404(MedicationDose, dose_id)
    form = ReliefForm()
    if dose.attack_id != attack.id or not form.validate_on_submit():
        flash("Choose how well the medication worked, from none to pain-free.", "error")
    else:
        services.set_dose_relief(dose, form.relief.data)
    return redirect(local_path(request.form.get("next"), url_for("attacks.progress", attack_id=attack.id)))


@bp.route("/<int:attack_id>/end", methods=["POST"])
@login_required
@caregivers_may("log")
def end(attack_id: int):
    """One tap, as during an attack nothing should ask twice; the page it leads to offers an undo instead."""
    attack = in_diary_or_404(Attack, attack_id)
    if ConfirmForm().validate_on_submit() and attack.ended_at is None:
        services.end_attack(attack)
    # A double tap's second request finds the attack ended a moment ago: its page, the one shown, offers undo too.
    undo = services.end_undo_token(attack, current_app.secret_key) if services.just_ended(attack) else None
    return redirect(url_for("attacks.ended", attack_id=attack.id, undo=undo))


@bp.route("/<int:attack_id>/ended", methods=["GET", "POST"])
@login_required
@caregivers_may("log")
def ended(attack_id: int):
    """A few questions as an attack ends (how bad, did the medication work), not the whole form."""
    attack = in_diary_or_404(Attack, attack_id)
    if attack.ended_at is None:
        return redirect(url_for("attacks.progress", attack_id=attack.id))
    form = AfterAttackForm(data=services.after_attack_data(attack) if request.method == "GET" else None)
    doses = {str(d.id): d for d in attack.doses}
    for row in form.doses:  # each question names its dose
        if row.form.id.data in doses:
            dose = doses[row.form.id.data]
            name = f"{dose.name} {dose.dose}".strip()
            row.form.relief.label.text = f"{name}, taken at {local_time(dose.taken_at, '%H:%M')}"
    if form.validate_on_submit():
        reliefs = {int(row.form.id.data): int(row.form.relief.data) if row.form.relief.data else None
                   for row in form.doses if row.form.id.data in doses}
        services.save_after_attack(attack, form.peak_intensity.data, form.disability.data, form.notes.data, reliefs)
        flash("Attack saved.", "success")
        return redirect(url_for("attacks.index"))
    undo = request.args.get("undo", "")
    if services.reopen_problem(attack, undo, current_app.secret_key) is not None:
        undo = None  # too late, or not this end: no button that would only say so
    return render_template("attacks/ended.html", attack=attack, form=form, doses=doses, undo=undo,
                           undo_minutes=services.UNDO_END_MINUTES, disability_levels=DISABILITY_LEVELS), form_status()


@bp.route("/<int:attack_id>/reopen", methods=["POST"])
@login_required
@caregivers_may("log")
def reopen(attack_id: int):
    """Undo "Attack ended", for a few minutes after the tap: the attack goes on as before."""
    attack = in_diary_or_404(Attack, attack_id)
    if attack.ended_at is None:  # undone already (a double tap)
        return redirect(url_for("attacks.progress", attack_id=attack.id))
    problem = (services.reopen_problem(attack, request.form.get("undo", ""), current_app.secret_key)
               if ConfirmForm().validate_on_submit() else "That did not go through. Please tap again.")
    if problem:
        flash(problem, "error")
        return redirect(url_for("attacks.ended", attack_id=attack.id))
    services.reopen_attack(attack)
    flash("Undone: the attack is still going on.", "success")
    return redirect(url_for("attacks.progress", attack_id=attack.id))


@bp.route("/")
@login_required
@caregivers_may("view")
def index():
    page = request.args.get("page", 1, type=int)
    attacks, pages = services.attacks_page(current_diary().owner_id, page)
    return render_template("attacks/index.html", attacks=attacks, page=min(max(page, 1), pages), pages=pages,
                           disability_levels=DISABILITY_LEVELS)


def _attack_form(attack=None):
    diary = current_diary()
    now = clock.now()
    if request.method == "GET":
        data = services.form_data(attack, diary.timezone) if attack else None
        form = AttackForm(data=data, zone=diary.timezone, now=now)
        if attack is None:
            form.started_at.data = to_local(services.now_to_the_minute(), diary.timezone).replace(tzinfo=None)
        return form
    return AttackForm(zone=diary.timezone, now=now)


def _start_taken(form, attack) -> bool:
    """Another of the user's attacks already starts at this minute (the diary keys attacks by their start)."""
    start = form.utc(form.started_at.data)
    clash = db.session.scalar(select(Attack.id).where(Attack.user_id == current_diary().owner_id,
                                                      Attack.started_at == start))
    if clash is not None and (attack is None or clash != attack.id):
        form.started_at.errors.append("Another attack already starts at this time. Edit that one instead.")
        return True
    return False


def _end_missing(form, attack) -> bool:
    """An attack without an end is one going on now: only one at a time, and not one begun weeks ago (an end never
    entered would count every day since as a migraine day)."""
    if form.ended_at.data:
        return False
    ongoing = services.ongoing_attack(current_diary().owner_id)
    if ongoing is not None and (attack is None or ongoing.id != attack.id):
        since = local_time(ongoing.started_at)
        form.ended_at.errors.append(f"Another attack is still going on (since {since}): end that one first, or enter "
                                    "when this one ended.")
        return True
    if clock.now() - form.utc(form.started_at.data) > timedelta(days=ATTACK_MAX_DAYS):
        form.ended_at.errors.append(f"This attack began more than {ATTACK_MAX_DAYS} days ago: enter when it ended.")
        return True
    return False


def _render_form(form, attack, status):
    diary = current_diary()
    return render_template("attacks/form.html", form=form, attack=attack,
                           medication_names=services.medication_names(diary.owner_id),
                           medication_classes=services.medication_classes(diary.owner_id)), status


@bp.route("/new", methods=["GET", "POST"])
@login_required
@caregivers_may("log")
def new():
    diary = current_diary()
    form = _attack_form()
    if form.validate_on_submit():
        key = submissions.key_of(form)

        def create():
            if _start_taken(form, None) or _end_missing(form, None):
                return None
            return services.save_attack(Attack(user_id=diary.owner_id, submission_key=key), form,
                                        diary.timezone)
        attack = submissions.create_once(Attack, diary.owner_id, key, create)
        if attack is not None:
            flash("Attack saved.", "success")
            return redirect(url_for("attacks.index") if attack.ended_at else url_for("attacks.progress",
                                                                                       attack_id=attack.id))
    return _render_form(form, None, form_status())


@bp.route("/<int:attack_id>/edit", methods=["GET", "POST"])
@login_required
@caregivers_may("log")
def edit(attack_id: int):
    attack = in_diary_or_404(Attack, attack_id)
    form = _attack_form(attack)
    if form.validate_on_submit() and not _start_taken(form, attack) and not _end_missing(form, attack):
        services.save_attack(attack, form, current_diary().timezone)
        flash("Attack saved.", "success")
        return redirect(url_for("attacks.index"))
    return _render_form(form, attack, form_status())


@bp.route("/<int:attack_id>/delete", methods=["GET", "POST"])
@login_required
def delete(attack_id: int):
    attack = in_diary_or_404(Attack, attack_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_attack(attack)
        flash("Attack deleted, with the doses taken for it.", "success")
        return redirect(url_for("attacks.index"))
    return render_template("attacks/delete.html", attack=attack, form=form)


@bp.route("/doses", methods=["GET", "POST"])
@login_required
@caregivers_may("log")
def doses():
    """Medication taken without a logged attack: it still counts toward medication days."""
    diary = current_diary()
    zone, now = diary.timezone, clock.now()
    form = StandaloneDoseForm(zone=zone, now=now)
    if request.method == "GET":
        form.taken_at.data = to_local(services.now_to_the_minute(), zone).replace(tzinfo=None)
    if form.validate_on_submit():
        dose = services.record_dose(None, diary.owner_id, form.name.data, form.drug_class.data or None,
                                    form.dose.data or "", taken_at=form.utc(form.taken_at.data),
                                    submission_key=submissions.key_of(form))
        if form.relief.data:
            services.set_dose_relief(dose, int(form.relief.data))
        flash("Dose noted.", "success")
        return redirect(url_for("attacks.doses"))
    return render_template("attacks/doses.html", form=form, doses=services.standalone_doses(diary.owner_id),
                           medication_names=services.medication_names(diary.owner_id)), form_status()


@bp.route("/doses/<int:dose_id>/delete", methods=["GET", "POST"])
@login_required
def delete_dose(dose_id: int):
    """Asks first, like deleting an attack or a treatment: a dose counts toward the medication days."""
    dose = in_diary_or_404(MedicationDose, dose_id)
    if dose.attack_id is not None:
        abort(404)  # doses of an attack are changed on the attack's own form
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_dose(dose)
        flash("Dose deleted.", "success")
        return redirect(url_for("attacks.doses"))
    return render_template("attacks/delete_dose.html", dose=dose, form=form)
