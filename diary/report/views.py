"""The doctor report: the page (as it will print), its PDF, the CSV tables and the FHIR bundle."""
from flask import Blueprint, Response, abort, render_template, request
from flask_login import login_required

from ..access import caregivers_may, current_diary
from ..attacks.services import duration_text
from ..vocabulary import LAG_WORDS
from . import services
from .pdf import PAPER, report_pdf

bp = Blueprint("report", __name__)


def _period():
    """The period asked for (`from`, `to`), or the last three complete months; with the reason when refused."""
    today = services.today_for(current_diary().owner)
    try:
        return services.choose_period(today, request.args.get("from"), request.args.get("to")), None
    except services.ReportPeriodError as problem:
        return services.default_period(today), str(problem)


def _download(content: bytes, mimetype: str, name: str) -> Response:
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _stem(period) -> str:
    return f"headache-diary-{period.first.isoformat()}-to-{period.last.isoformat()}"


@bp.route("/report")
@login_required
@caregivers_may("view")
def index():
    period, problem = _period()
    report = services.build_report(current_diary().owner, period)
    return render_template("report/index.html", report=report, problem=problem, mode="page", svgs={},
                           zone=current_diary().timezone, duration_text=duration_text, lag_words=LAG_WORDS,
                           papers=PAPER), 422 if problem else 200


@bp.route("/report.pdf")
@login_required
@caregivers_may("view")
def pdf():
    period, problem = _period()
    paper = request.args.get("paper", "a4")
    if problem or paper not in PAPER:
        abort(400, problem or "Choose A4 or Letter paper.")
    pdf_bytes = report_pdf(services.build_report(current_diary().owner, period), paper)
    return _download(pdf_bytes, "application/pdf", _stem(period) + ".pdf")


@bp.route("/report.zip")
@login_required
@caregivers_may("view")
def tables():
    from .tables import diary_zip

    diary = current_diary()
    return _download(diary_zip(diary.owner_id, diary.timezone), "application/zip", "headache-diary-tables.zip")


@bp.route("/report.fhir.json")
@login_required
@caregivers_may("view")
def fhir():
    from .fhir import fhir_json

    return _download(fhir_json(current_diary().owner_id), "application/fhir+json", "headache-diary-fhir.json")
