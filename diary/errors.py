"""One error page for every HTTP error, and JSON errors for clients that ask for JSON."""
from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: "The request could not be understood. Go back and try again.",
    403: "You do not have access to this page.",
    404: "There is nothing here. The page may have moved, or the entry may have been deleted.",
    405: "That action is not possible on this page.",
    413: "That file is too large. Files up to 20 MB can be uploaded.",
    429: "Too many attempts in a short time. Wait a minute, then try again.",
    500: "Something went wrong on our side. Your saved entries are safe; please try again.",
}


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.is_json or best == "application/json"


def render_error(code: int, message: str):
    if _wants_json():
        return jsonify(error=message, status=code), code
    return render_template("error.html", code=code, message=message), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        # A form left open for hours loses its token; say so plainly instead of a bare "Bad Request".
        return render_error(400, "This form has expired or was sent from another site. "
                                 "Reload the page and send it again.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        return render_error(code, MESSAGES.get(code, error.description or "Something went wrong."))

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        return render_error(500, MESSAGES[500])
