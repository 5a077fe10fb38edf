"""One error page for every HTTP error, and JSON errors for clients that ask for JSON.

The page is rendered on its own: not through base.html or the context processors (which ask the database for the
logged-in user and an ongoing attack), so that it still renders when the database or the login is what failed.
"""
import logging

from flask import Flask, current_app, jsonify, request
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: "The request could not be understood. Go back and try again.",
    403: "You do not have access to this page.",
    404: "There is nothing here. The page may have moved, or the entry may have been deleted.",
    405: "That action is not possible on this page.",
    413: "That file is too large. Files up to 20 MB can be uploaded.",
    429: "Too many attempts in a short time. Wait a minute, then try again.",
    500: "Something went wrong on our side. Your saved entries are safe; please try again.",
}

# The last resort, should even the template fail: plain, but in the user's theme and with the message.
BARE_PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
             '<meta name="viewport" content="width=device-width, initial-scale=1">'
             '<meta name="color-scheme" content="light dark"><title>{code} · Migraine Diary</title>'
             '<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}}</style>'
             '</head><body><h1>{code}</h1><p>{message}</p><p><a href="/">Back to your diary</a></p></body></html>')


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.is_json or best == "application/json"


def error_page(code: int, message: str) -> str:
    try:
        return current_app.jinja_env.get_template("error.html").render(code=code, message=message)
    except Exception:  # an error page must never raise: that would leave Werkzeug's bare white page
        log.exception("the error page template failed; sending the bare page")
        return BARE_PAGE.format(code=code, message=escape(message))


def render_error(code: int, message: str):
    if _wants_json():
        return jsonify(error=message, status=code), code
    return error_page(code, message), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        # A form left open for hours loses its token; say so plainly instead of a bare "Bad Request".
        return render_error(400, "This form has expired or was sent from another site. "
                                 "Reload the page and send it again.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        # A message given with abort() says more than the general one (why a caregiver is refused, say).
        custom = error.description if error.description != type(error).description else None
        return render_error(code, custom or MESSAGES.get(code, error.description or "Something went wrong."))

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        try:  # a failed statement leaves the session unusable until it is rolled back
            db.session.rollback()
        except Exception:
            log.exception("rolling back after an error failed")
        return render_error(500, MESSAGES[500])
