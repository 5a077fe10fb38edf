"""Page weight: pages travel gzip-compressed, static files under versioned URLs that a browser keeps for a year,
and downloads still open as files with a browser's Accept-Encoding."""
import gzip
import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from flask import url_for

from diary.assets import LONG_CACHE, SHORT_CACHE, content_version

from .conftest import post_form

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
STATIC_FOLDER = Path(__file__).resolve().parent.parent / "static"
# What a page makes the browser fetch by itself: stylesheets, icons and scripts.
SUBRESOURCE = re.compile(r'<(?:link|script)\b[^>]*?\b(?:href|src)="([^"]+)"')


def text_of(response) -> str:
    body = response.data
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode()


@pytest.fixture
def demo(clock, runner, client) -> None:
    """The demo diary (a year, so the dashboard draws its charts), logged in on `client`."""
    from diary.demo import DEMO_EMAIL, DEMO_PASSWORD

    runner.invoke(args=["seed-demo"])
    post_form(client, "/login", {"email": DEMO_EMAIL, "password": DEMO_PASSWORD})


def test_a_page_comes_gzip_compressed_to_a_browser_and_plain_to_a_client_that_does_not_ask(client, logged_in):
    zipped = client.get("/dashboard", headers=BROWSER)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"], "a shared cache must not hand the gzip copy to anyone"
    assert zipped.headers["Cache-Control"] == "no-store", "compressed or not, a diary page stays out of caches"
    page = text_of(zipped)
    assert "Attack now" in page and int(zipped.headers["Content-Length"]) == len(zipped.data) < len(page) / 2

    for headers in ({}, {"Accept-Encoding": "gzip;q=0, identity"}):
        plain = client.get("/dashboard", headers=headers)
        assert "Content-Encoding" not in plain.headers and "Attack now" in plain.get_data(as_text=True)


def test_every_static_url_in_a_page_names_its_content_and_is_kept_for_a_year(client, demo):
    attack = post_form(client, "/attacks/now", {}, token_from="/dashboard").headers["Location"]
    urls = set()
    for path in ("/dashboard", attack, "/report"):
        urls |= set(SUBRESOURCE.findall(text_of(client.get(path, headers=BROWSER))))
    static = {url for url in urls if url.startswith("/static/")}
    assert {"css/app.css", "js/app.js", "js/charts.js", "vendor/pico/pico.min.css", "favicon.svg"} <= {
        url.split("?")[0].removeprefix("/static/") for url in static}
    assert any(url.startswith("/assets/plotly-") for url in urls), "the dashboard of a year draws charts"
    for url in urls:
        path, _, version = url.partition("?v=")
        if path.startswith("/static/"):
            assert version == content_version((STATIC_FOLDER / path.removeprefix("/static/")).read_bytes()), url
        answer = client.get(url, headers=BROWSER)
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == LONG_CACHE, url


def test_a_static_url_without_its_version_or_with_an_old_one_is_kept_only_briefly(client):
    for url in ("/static/css/app.css", "/static/css/app.css?v=0123456789ab"):
        answer = client.get(url)
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == SHORT_CACHE, url
    assert client.get("/static/no-such-file.css").status_code == 404


def test_a_changed_file_gets_a_new_url(app, tmp_path):
    assert content_version(b"body { color: red }") != content_version(b"body { color: blue }")
    assert content_version(b"same") == content_version(b"same")

    app.static_folder = str(tmp_path)
    style = tmp_path / "style.css"
    style.write_text("body { color: red }")
    with app.test_request_context():
        before = url_for("static", filename="style.css")
        style.write_text("body { color: navy }")
        os.utime(style, ns=(0, 0))  # even on a file system whose clock is too coarse to see the edit
        after = url_for("static", filename="style.css")
        assert url_for("static", filename="not-there.css") == "/static/not-there.css"
    assert before.startswith("/static/style.css?v=") and after.startswith("/static/style.css?v=")
    assert before != after


def test_a_static_file_arrives_compressed_and_whole_and_can_still_be_revalidated(client):
    versioned = "/static/vendor/pico/pico.min.css?v=" + content_version(
        (STATIC_FOLDER / "vendor/pico/pico.min.css").read_bytes())
    answer = client.get(versioned, headers=BROWSER)
    assert answer.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in answer.headers["Vary"]
    assert gzip.decompress(answer.data) == (STATIC_FOLDER / "vendor/pico/pico.min.css").read_bytes()
    again = client.get(versioned, headers={**BROWSER, "If-None-Match": answer.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_plotly_is_compressed_once_not_twice(client):
    from diary.assets import PLOTLY_VERSION

    answer = client.get(f"/assets/plotly-{PLOTLY_VERSION}.min.js", headers=BROWSER)
    assert answer.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(answer.data)[:2] != b"\x1f\x8b", "the gzip copy was gzipped again"


def test_downloads_open_as_files_for_a_browser_that_accepts_gzip(client, logged_in):
    post_form(client, "/attacks/now", {}, token_from="/dashboard")

    tables = client.get("/report.zip", headers=BROWSER)
    assert "Content-Encoding" not in tables.headers, "a ZIP is compressed already"
    with zipfile.ZipFile(io.BytesIO(tables.data)) as archive:
        assert "attacks.csv" in archive.namelist()
        assert archive.read("attacks.csv").decode("utf-8-sig").count("\r\n") == 1 + 1

    export = client.get("/data/export.json", headers=BROWSER)
    assert export.headers["Content-Disposition"].startswith('attachment; filename="migraine-diary-')
    assert len(json.loads(text_of(export))["attacks"]) == 1
