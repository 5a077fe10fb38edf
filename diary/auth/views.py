"""Register, log in, log out, and the account settings page."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import limiter
from ..web import form_status, local_path
from . import services
from .forms import AccountForm, LoginForm, RegisterForm

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    return local_path(target, url_for("dashboard.index"))


@bp.route("/")
def home():
    return redirect(url_for("dashboard.index") if current_user.is_authenticated else url_for("auth.login"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(form.email.data, form.password.data, form.timezone.data)
        except services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            login_user(user)
            flash("Welcome! Your diary is ready.", "success")
            return redirect(url_for("dashboard.index"))
    status = form_status()
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append("That email and password do not match an account.")
        else:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
    status = form_status()
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
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
    status = form_status()
    return render_template("auth/account.html", form=form), status
