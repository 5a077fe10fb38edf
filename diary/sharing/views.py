"""The sharing page (invite, change, revoke, read the access log), opening an invitation, and switching diaries."""
import segno
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from ..access import current_diary, live_link, personal
from ..forms import ConfirmForm
from ..web import MENU, MORE_MENU, form_status, menu_entry
from . import services
from .forms import InviteForm, PermissionForm

bp = Blueprint("sharing", __name__)


@bp.app_template_global()
def page_name(path: str) -> str:
    """The menu entry a logged path belongs to ("Attacks" for an attack's page), for the access log."""
    adapter = current_app.url_map.bind("localhost")
    for method in ("GET", "POST"):
        try:
            endpoint, _ = adapter.match(path, method=method)
        except HTTPException:
            continue
        return dict(MENU + MORE_MENU).get(menu_entry(endpoint), "")
    return ""


def _sharing_page(invite_form=None, new_link=None, status=200):
    patient_id = current_diary().owner_id
    page = request.args.get("page", 1, type=int)
    log, pages = services.access_log(patient_id, page)
    return render_template(
        "sharing/index.html", invite_form=invite_form or InviteForm(formdata=None),
        pending=services.pending(patient_id), caregivers=services.caregivers(patient_id), log=log,
        page=min(max(page, 1), pages), pages=pages, confirm_form=ConfirmForm(), new_link=new_link,
        qr=Markup(segno.make(new_link, error="m").svg_inline(scale=4, dark="#000", light="#fff",
                                                                 title="QR code of the invitation link"))
        if new_link else None), status


@bp.route("/sharing")
@login_required
def index():
    return _sharing_page()


@bp.route("/sharing/invite", methods=["POST"])
@login_required
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            _, token = services.invite(current_diary().owner, form.email.data, form.permission.data,
                                       form.caregiver_name.data or "", form.patient_name.data or "")
        except services.SharingError as error:
            form.email.errors.append(str(error))
        else:
            # Shown once, on this page: only the token's hash is kept, so it cannot be shown again.
            return _sharing_page(new_link=url_for("sharing.invitation", token=token, _external=True), status=201)
    return _sharing_page(invite_form=form, status=form_status())


@bp.route("/sharing/<int:link_id>/revoke", methods=["POST"])
@login_required
def revoke(link_id: int):
    link = services.patients_link(current_diary().owner_id, link_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        services.revoke(link)
        flash("Access ended." if link.caregiver_id else "Invitation withdrawn.", "success")
    return redirect(url_for("sharing.index"))


@bp.route("/sharing/<int:link_id>/permission", methods=["POST"])
@login_required
def permission(link_id: int):
    link = services.patients_link(current_diary().owner_id, link_id) or abort(404)
    form = PermissionForm()
    if form.validate_on_submit():
        services.set_permission(link, form.permission.data)
        flash("Permission changed.", "success")
    else:
        flash("Choose view, or view and log.", "error")
    return redirect(url_for("sharing.index"))


@bp.route("/invite/<token>", methods=["GET", "POST"])
@personal
def invitation(token: str):
    """Open an invitation: log in or register first, then accept it."""
    found = services.open_invitation(token)
    if found.problem:
        return render_template("sharing/invitation.html", problem=found.problem, token=token), 410
    link, form, problem = found.link, ConfirmForm(), None
    if request.method == "POST":
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.path))
        if form.validate_on_submit():
            try:
                services.accept(link, current_user)
            except services.SharingError as error:
                problem = str(error)
            else:
                session["diary_of"] = link.patient_id
                flash(f"You now see {link.patient_label}'s diary.", "success")
                return redirect(url_for("dashboard.index"))
    return render_template("sharing/invitation.html", link=link, form=form, token=token,
                           problem=problem), 422 if problem else 200


@bp.route("/diary/switch", methods=["POST"])
@login_required
@personal
def switch():
    """Open one's own diary, or that of a patient who shares theirs (checked again on every request)."""
    if ConfirmForm().validate_on_submit():
        patient_id = request.form.get("patient", type=int)
        if patient_id and live_link(patient_id, current_user.id):
            session["diary_of"] = patient_id
        else:
            session.pop("diary_of", None)
    return redirect(url_for("dashboard.index"))
