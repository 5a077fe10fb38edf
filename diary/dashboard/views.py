"""The page a logged-in user lands on."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from .services import diary_size

bp = Blueprint("dashboard", __name__)


@bp.route("/dashboard")
@login_required
def index():
    return render_template("dashboard/index.html", size=diary_size(current_user.id))
