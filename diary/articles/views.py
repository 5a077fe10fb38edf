"""The article library pages, and the few articles that fit the user's own diary now."""
from flask import Blueprint, abort, render_template, request
from flask_login import login_required

from ..access import caregivers_may, current_diary
from .library import EVIDENCE_LEVELS, PATTERNS, find, load_library

bp = Blueprint("articles", __name__, url_prefix="/articles")


@bp.app_template_global()
def article_title(slug: str) -> str:
    article = find(slug)
    return article.title if article else slug


@bp.route("/")
@login_required
@caregivers_may("view")
def index():
    query = request.args.get("q", "").strip()[:100]
    tag = request.args.get("tag", "")
    evidence = request.args.get("evidence", "")
    articles = [a for a in load_library() if (not query or a.matches(query)) and (not tag or tag in a.patterns)
                and (not evidence or a.evidence == evidence)]
    return render_template("articles/index.html", articles=articles, query=query, tag=tag, evidence=evidence,
                           patterns=PATTERNS, evidence_levels=EVIDENCE_LEVELS)


@bp.route("/for-you")
@login_required
@caregivers_may("view")
def for_you():
    """A fragment with the two or three articles that fit the diary now (the dashboard loads it after the page)."""
    from ..analysis import cached_report  # scipy and statsmodels load on first use, not with every command

    links = cached_report(current_diary().owner_id)["articles"][:3]
    return render_template("articles/for_you.html", links=links)


@bp.route("/<slug>")
@login_required
@caregivers_may("view")
def show(slug: str):
    article = find(slug)
    if article is None:
        abort(404)
    return render_template("articles/show.html", article=article)
