"""What a page weighs on the wire: static files under versioned URLs that browsers keep for a year, text answers
sent gzip-compressed, and plotly.js (4.8 MB, chart pages only) from a route of its own.

After the first visit a browser holds every static file under a URL that names its content, so each later page
costs only its own HTML; a changed file gets a new URL and is fetched again. Templates keep writing
`url_for('static', filename=...)`: the version is added there, not in each template.
"""
import gzip
import hashlib
import os
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, abort, current_app, request
from werkzeug.security import safe_join

PLOTLY_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor" / "plotly"
PLOTLY_VERSION = (PLOTLY_DIR / "VERSION").read_text().split()[1]
ONE_YEAR = 365 * 24 * 3600
LONG_CACHE = f"public, max-age={ONE_YEAR}, immutable"
# A static URL without its version (or with an old one, from a page opened before a deploy) gets the file of
# today, which is not what that URL named: a browser may keep it only briefly.
SHORT_CACHE = "public, max-age=300"
# Below about this size gzip's own framing and the work cost more than they save.
COMPRESS_MIN_BYTES = 500
COMPRESSIBLE_TYPES = ("application/json", "application/javascript", "image/svg+xml", "application/xml")


def content_version(content: bytes) -> str:
    """The version a static URL carries: a short hash of the file's bytes, so a changed file is a new URL."""
    return hashlib.sha256(content).hexdigest()[:12]


@lru_cache(maxsize=256)
def _version_of(path: str, modified_ns: int, size: int) -> str:
    """Each file is read and hashed once per process; an edited file (new time or size) is hashed again, so a
    developer changing app.css under a running server gets a new URL instead of the browser's year-old copy."""
    return content_version(Path(path).read_bytes())


def static_version(filename: str) -> str | None:
    """The version of a file in the static folder, or None when there is no such file."""
    path = safe_join(current_app.static_folder, filename)
    try:
        stat = os.stat(path) if path else None
    except OSError:
        return None
    return _version_of(path, stat.st_mtime_ns, stat.st_size) if stat else None


def add_static_version(endpoint: str, values: dict) -> None:
    """url_for('static', filename=...) gains `?v=<content hash>`."""
    if endpoint == "static" and "filename" in values and "v" not in values:
        version = static_version(values["filename"])
        if version:
            values["v"] = version


def static_file(filename: str) -> Response:
    """Flask's static files, kept for a year when the URL names the file's present content."""
    response = current_app.send_static_file(filename)
    asked = request.args.get("v")
    response.headers["Cache-Control"] = LONG_CACHE if asked and asked == static_version(filename) else SHORT_CACHE
    return response


def accepts_gzip() -> bool:
    """The client said it reads gzip (and not `gzip;q=0`)."""
    return request.accept_encodings["gzip"] > 0


def _compressible(mimetype: str) -> bool:
    return mimetype.startswith("text/") or mimetype in COMPRESSIBLE_TYPES or mimetype.endswith("+json")


def compress(response: Response) -> Response:
    """gzip a text answer (HTML, CSS, JS, JSON, SVG) for a client that reads it.

    Left alone: PDF and ZIP (already compressed), answers that carry an encoding already (plotly.js), partial
    content (its byte ranges count the plain file), and generators, which stream and are not held in memory.
    A static file (a file wrapper Flask must not read itself) is read here: ours are a few kilobytes.
    """
    if not _compressible(response.mimetype):
        return response
    response.vary.add("Accept-Encoding")
    if (response.status_code == 206 or "Content-Encoding" in response.headers or not accepts_gzip()
            or (response.is_streamed and not response.direct_passthrough)):
        return response
    response.direct_passthrough = False
    body = response.get_data()
    if len(body) < COMPRESS_MIN_BYTES:
        return response
    response.set_data(gzip.compress(body, compresslevel=6))
    response.headers["Content-Encoding"] = "gzip"
    response.headers.pop("Accept-Ranges", None)  # byte ranges would be of the plain file
    etag, weak = response.get_etag()
    if etag and not weak:  # as nginx does: the gzip bytes are another representation of the same content
        response.set_etag(etag, weak=True)
    return response


@lru_cache(maxsize=1)
def _plotly_bytes() -> tuple[bytes, bytes]:
    """The gzip copy (about 1.4 MB) is made once per process, in memory, the first time a browser asks."""
    plain = (PLOTLY_DIR / "plotly.min.js").read_bytes()
    return plain, gzip.compress(plain, compresslevel=6)


def plotly_js(version: str):
    if version != PLOTLY_VERSION:
        abort(404)
    plain, compressed = _plotly_bytes()
    zipped = accepts_gzip()
    response = Response(compressed if zipped else plain, mimetype="text/javascript")
    if zipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = LONG_CACHE  # the version is in the URL: the file under it never changes
    return response


def register(app: Flask) -> None:
    app.add_url_rule("/assets/plotly-<version>.min.js", "plotly_js", plotly_js)
    app.jinja_env.globals["plotly_version"] = PLOTLY_VERSION
    app.view_functions["static"] = static_file
    app.url_defaults(add_static_version)
    app.after_request(compress)
