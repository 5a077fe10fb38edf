"""Register, log in, log out, and the account settings page."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..access import personal
from ..extensions import limiter
from ..sharing.services import open_invitation
from ..forms import ConfirmForm
from ..web import form_status, local_path
from . import services
from .forms import AccountForm, EmailChangeForm, LoginForm, PasswordChangeForm, PasswordCheckForm, RegisterForm

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    return local_path(target, url_for("dashboard.index"))


def _log_in(user, remember: bool = False) -> None:
    """A new login for this browser: whoever used it before loses their choice of diary, and the cookies carry
    the new login's token."""
    session.pop("diary_of", None)
    services.start_login(user)
    login_user(user, remember=remember)


def _log_out() -> None:
    logout_user()
    session.pop("diary_of", None)


@bp.route("/")
@personal
def home():
    return redirect(url_for("dashboard.index") if current_user.is_authenticated else url_for("auth.login"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@personal
def register():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    # A caregiver's invitation link lets its holder register whatever the setting (and brings them back to it).
    token = request.args.get("invite", "")
    invitation = open_invitation(token) if token else None
    invited = invitation is not None and invitation.problem is None
    if current_app.config["REGISTRATION"] != "open" and not invited:
        return render_template("auth/registration_closed.html"), 403
    form = RegisterForm(data={"email": invitation.link.invited_email} if invited and request.method == "GET"
                        else None)
    if form.validate_on_submit():
        try:
            user = services.create_user(form.email.data, form.password.data, form.timezone.data)
        except services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            _log_in(user)
            if invited:
                return redirect(url_for("sharing.invitation", token=token))
            flash("Welcome! Your diary is ready.", "success")
            return redirect(url_for("dashboard.index"))
    status = form_status()
    return render_template("auth/register.html", form=form), status


def _login_address() -> str:
    return (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
# And per account, whatever the address the guesses come from: failed logins only (a 422), 20 an hour.
@limiter.limit("20 per hour", methods=["POST"], key_func=_login_address, deduct_when=lambda r: r.status_code == 422)
@personal
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append("That email and password do not match an account.")
        else:
            _log_in(user, remember=form.remember.data)
            session.permanent = True  # PERMANENT_SESSION_LIFETIME: a login ends after hours without a request
            return redirect(_safe_next(request.args.get("next")))
    status = form_status()
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@personal
def logout():
    if current_user.is_authenticated:
        services.end_login(current_user)  # a copy of this browser's cookies stops working too
    _log_out()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
@personal
def account():
    profile = current_user.profile
    form = AccountForm(data={
        "timezone": current_user.timezone,
        "birth_year": profile.birth_year if profile else None,
        "sex": (profile.sex if profile else None) or "",
        "conditions": ", ".join(profile.conditions) if profile else "",
    } if request.method == "GET" else None)
    if form.validate_on_submit():
        services.update_account(
            current_user, timezone=form.timezone.data, birth_year=form.birth_year.data,
            sex=form.sex.data or None, conditions=services.parse_conditions(form.conditions.data or ""))
        flash("Your settings are saved.", "success")
        return redirect(url_for("auth.account"))
    return _account_page(form=form)


def _account_page(**forms):
    """The account page with its four forms; the one that was sent keeps its input and messages."""
    forms = {"form": AccountForm(formdata=None, data={
                 "timezone": current_user.timezone,
                 "birth_year": current_user.profile.birth_year if current_user.profile else None,
                 "sex": (current_user.profile.sex if current_user.profile else None) or "",
                 "conditions": ", ".join(current_user.profile.conditions) if current_user.profile else ""}),
             "password_form": PasswordChangeForm(formdata=None), "email_form": EmailChangeForm(formdata=None),
             "delete_form": PasswordCheckForm(formdata=None), "logout_form": ConfirmForm(formdata=None), **forms}
    return render_template("auth/account.html", **forms), form_status()


@bp.route("/account/password", methods=["POST"])
@login_required
@personal
def change_password():
    form = PasswordChangeForm(email=current_user.email)
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append("That is not your current password.")
        else:
            services.change_password(current_user, form.new_password.data)  # this browser stays logged in
            flash("Password changed. Every other device is logged out.", "success")
            return redirect(url_for("auth.account"))
    return _account_page(password_form=form)


@bp.route("/account/email", methods=["POST"])
@login_required
@personal
def change_email():
    form = EmailChangeForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors.append("That is not your password.")
        else:
            try:
                services.change_email(current_user, form.email.data)
            except services.AccountError as error:
                form.email.errors.append(str(error))
            else:
                flash("Email address changed.", "success")
                return redirect(url_for("auth.account"))
    return _account_page(email_form=form)


@bp.route("/account/logout-everywhere", methods=["POST"])
@login_required
@personal
def logout_everywhere():
    if ConfirmForm().validate_on_submit():
        services.end_other_logins(current_user)
        flash("Every other device is logged out.", "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/delete", methods=["POST"])
@login_required
@personal
def delete_account():
    form = PasswordCheckForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors.append("That is not your password.")
        else:
            user = current_user._get_current_object()
            _log_out()
            services.delete_account(user)
            flash("Your account and your whole diary are deleted.", "info")
            return redirect(url_for("auth.login"))
    return _account_page(delete_form=form)
