"""What every page shares: the error page, security headers, no third-party origins."""
import re


def test_unknown_page_gets_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "There is nothing here" in response.get_data(as_text=True)


def test_error_pages_render_with_the_database_down(make_app, databases, client, auth, user):
    """The database gone, and a logged-in person's next request: the error page still comes, in the app's own
    look and theme, not Werkzeug's bare white "Internal Server Error" (which once shone on a phone in dark mode)."""
    auth.login()
    down = make_app(databases.unreachable(), PROPAGATE_EXCEPTIONS=False).test_client()
    down.set_cookie("session", client.get_cookie("session").value)  # the same secret key: still logged in
    for path, code, message in [("/dashboard", 500, "Something went wrong on our side"),
                                ("/attacks/", 500, "Something went wrong on our side"),
                                ("/no-such-page", 404, "There is nothing here")]:
        response = down.get(path)
        page = response.get_data(as_text=True)
        assert response.status_code == code, path
        assert message in page and "pico.min.css" in page and 'content="light dark"' in page, path
    assert down.get("/dashboard", headers={"Accept": "application/json"}).get_json()["status"] == 500


def test_json_clients_get_json_errors(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json() == {"error": response.get_json()["error"], "status": 404}


def test_pages_carry_security_headers(client):
    headers = client.get("/login").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_private_pages_are_never_cached_and_the_browser_locks_out_what_a_diary_does_not_need(client, auth, user):
    auth.login()
    for path in ("/dashboard", "/attacks/", "/data/export.json", "/login", "/no-such-page"):
        headers = client.get(path).headers
        assert headers["Cache-Control"] == "no-store", path
        assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", ""), \
        "our own CSS and JavaScript may be cached"


def test_pages_load_nothing_from_other_sites(client, auth, user):
    auth.login()
    for path in ("/login", "/dashboard", "/account"):
        page = client.get(path).get_data(as_text=True)
        for url in re.findall(r'(?:src|href)="([^"]+)"', page):
            assert url.startswith(("/", "#")), f"{path} loads {url}"


def test_pages_have_no_inline_scripts(client, auth, user):
    """The content security policy forbids inline scripts; a page that had one would silently break."""
    auth.login()
    for path in ("/login", "/register", "/dashboard", "/account"):
        page = client.get(path).get_data(as_text=True)
        for attributes in re.findall(r"<script([^>]*)>", page):
            assert "src=" in attributes, f"inline script on {path}"


def test_oversized_upload_is_refused_with_a_message(client):
    response = client.post("/login", data=b"x" * (21 * 1024 * 1024), content_type="application/octet-stream")
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_the_menu_marks_the_page_you_are_on_and_only_that_one(client, logged_in):
    import re

    for path, current in [("/dashboard", "Dashboard"), ("/attacks/new", "Attacks"), ("/insights", "Insights"),
                          ("/treatments/", "Treatments"), ("/account", "Account"), ("/articles/", "Articles")]:
        page = client.get(path).get_data(as_text=True)
        menu = page.split('<header class="container site-header">', 1)[1].split("</header>", 1)[0]
        marked = re.findall(r'aria-current="page">([^<]+)</a>', menu)
        assert marked == [current], (path, marked)
        # Pages inside "More" say so on the closed menu as well.
        more = re.sub(r"<[^>]+>", "", re.search(r"<summary[^>]*>(.*?)</summary>", menu).group(1))
        assert more == (f"More: {current}" if current not in ("Dashboard", "Attacks", "Days") else "More"), more


def test_head_answers_like_get_on_every_page(app, client, auth, user):
    """Uptime monitors send HEAD; pages with a form once answered it with 422 (as if a form had been refused)."""
    auth.login()
    paths = sorted(rule.rule for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith("/static"))
    assert {"/login", "/dashboard", "/attacks/new", "/treatments/new", "/account"} <= set(paths)
    for path in paths + ["/days/today", "/login"]:
        get = client.get(path)
        assert client.head(path).status_code == get.status_code and get.status_code < 400, path


def test_the_session_cookie_carries_no_health_data(app, client, auth, user):
    """Flask's session cookie is signed, not encrypted: anyone holding it reads it. Flash messages once put drug
    names (and questionnaire scores) in it."""
    from .conftest import post_form

    auth.login()
    posts = [("/attacks/doses", {"name": "Sumatriptan", "dose": "50 mg", "taken_at": "2026-06-01T08:00"}),
             ("/treatments/new", {"name": "Erenumab", "purpose": "preventive", "started_on": "2026-06-01"}),
             ("/questionnaires/midas", {"taken_on": "2026-06-01", "q1": "7", "q2": "0", "q3": "0", "q4": "0",
                                        "q5": "0"})]
    for path, data in posts:
        assert post_form(client, path, data).status_code == 302, path
        readable = app.session_interface.get_signing_serializer(app).loads(client.get_cookie("session").value)
        assert len(readable["_flashes"]) == 1, "the message waits in the cookie for the next page"
        for word in ("Sumatriptan", "50 mg", "Erenumab", "MIDAS", "7"):
            assert word not in str(readable["_flashes"]), (path, word)
