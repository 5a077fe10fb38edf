"""Your data: download the whole diary, or import a backup or a Migraine Buddy export."""
from flask import Blueprint, Response, render_template
from flask_login import login_required

from ..access import current_diary
from ..timezones import local_today
from .forms import ImportForm
from .services import export_file, import_file

bp = Blueprint("data", __name__, url_prefix="/data")


@bp.route("/")
@login_required
def index():
    return render_template("data/index.html", form=ImportForm())


@bp.route("/export.json")
@login_required
def export():
    diary = current_diary()
    filename = f"migraine-diary-{local_today(diary.timezone).isoformat()}.json"
    return Response(export_file(diary.owner), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/import", methods=["POST"])
@login_required
def import_():
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("data/index.html", form=form), 422
    outcome = import_file(current_diary().owner, form.file.data.read(), form.source.data)
    status = 422 if outcome.refused else 200
    return render_template("data/result.html", outcome=outcome, filename=form.file.data.filename,
                           source=form.source.data), status
