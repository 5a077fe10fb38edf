"""plotly.js from our own static folder: versioned URL, cached for a year, sent compressed.

At 4.8 MB it is by far the largest file we serve, and only chart pages load it. The gzip copy (about 1.4 MB)
is made once per process, in memory, the first time a browser asks for it.
"""
import gzip
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, abort, request

PLOTLY_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor" / "plotly"
PLOTLY_VERSION = (PLOTLY_DIR / "VERSION").read_text().split()[1]
ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=1)
def _plotly_bytes() -> tuple[bytes, bytes]:
    plain = (PLOTLY_DIR / "plotly.min.js").read_bytes()
    return plain, gzip.compress(plain, compresslevel=6)


def plotly_js(version: str):
    if version != PLOTLY_VERSION:
        abort(404)
    plain, compressed = _plotly_bytes()
    zipped = "gzip" in request.headers.get("Accept-Encoding", "")
    response = Response(compressed if zipped else plain, mimetype="text/javascript")
    if zipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    # The version is in the URL, so the file under it never changes.
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


def register(app: Flask) -> None:
    app.add_url_rule("/assets/plotly-<version>.min.js", "plotly_js", plotly_js)
    app.jinja_env.globals["plotly_version"] = PLOTLY_VERSION
