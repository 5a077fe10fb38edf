"""What every page shares: security headers, the menu, template helpers for showing times in the user's zone, and
where a "next" address may send the browser."""
from datetime import datetime
from urllib.parse import urlsplit

from flask import Flask, abort, g, request
from flask_login import current_user

from . import submissions
from .timezones import to_local

# Everything we serve comes from our own origin: no CDN, no inline scripts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# A diary needs no camera, microphone or location, and no window of another site may reach into it.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Served the same to everyone, so a browser may keep them: our CSS, JS and the vendored Plotly.
PUBLIC_ENDPOINTS = ("static", "plotly_js")


def user_zone() -> str:
    """The clock of the diary on screen (a caregiver reads the patient's times as the patient lives them)."""
    if "diary" in g:
        return g.diary.timezone
    return current_user.timezone if current_user.is_authenticated else "UTC"


def local_time(moment: datetime | None, fmt: str = "%a %d %b %Y, %H:%M", zone: str | None = None) -> str:
    """Format a stored UTC time on the clock of the diary on screen (or of the zone given: the report's PDF from
    the command line has no request to ask)."""
    if moment is None:
        return ""
    return to_local(moment, zone or user_zone()).strftime(fmt)


def form_status() -> int:
    """The status of a page with a form: 200 when it is shown (GET, or HEAD from an uptime monitor), 422 when a sent
    form came back with messages."""
    return 422 if request.method == "POST" else 200


def local_path(target: str | None, fallback: str) -> str:
    """A "next" address to follow: only a path on this site, never another host (also not "//host" or "/\\host",
    which browsers read as one); otherwise the fallback."""
    if target and any(ord(c) < 32 or ord(c) == 127 for c in target):  # CR/LF would split the Location header
        return fallback
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return fallback


# The menu: three entries always in view, the rest under "More".
MENU = (("dashboard.index", "Dashboard"), ("attacks.index", "Attacks"), ("days.index", "Days"))
MORE_MENU = (("insights.index", "Insights"), ("report.index", "Doctor report"), ("articles.index", "Articles"),
             ("treatments.index", "Treatments"), ("questionnaires.index", "Questionnaires"),
             ("data.index", "Import and export"), ("sharing.index", "Sharing"), ("auth.account", "Account"))


def menu_entry(endpoint: str | None) -> str | None:
    """The menu entry of the page shown: the one of its blueprint (an attack's edit page belongs to "Attacks"), but
    of the account pages only the account page itself (login, register and the like are no menu entry's)."""
    blueprint = (endpoint or "").split(".")[0]
    for entry, _ in MENU + MORE_MENU:
        if entry == endpoint or (blueprint not in ("", "auth") and entry.split(".")[0] == blueprint):
            return entry
    return None


def register(app: Flask) -> None:
    app.add_template_filter(local_time, "localtime")
    # A one-time key for a small form that creates an entry without a form object (the one-tap dose buttons).
    app.jinja_env.globals.update(menu=MENU, more_menu=MORE_MENU, menu_entry=menu_entry,
                                 new_submission_key=submissions.new_key)

    @app.before_request
    def refuse_nul_characters():
        """No one types a NUL character, and PostgreSQL cannot store one: such a request is refused as malformed."""
        if any("\x00" in value for source in (request.args, request.form)
               for values in source.listvalues() for value in values):
            abort(400, "The request contains a NUL character, which is not text.")

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.endpoint not in PUBLIC_ENDPOINTS:  # a diary page or its export must not stay in any cache
            response.headers["Cache-Control"] = "no-store"
        if app.config.get("PRODUCTION"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
