"""Registering and logging in as a person does it, in a real browser, on a desktop and on a phone."""
import re

from playwright.sync_api import expect

from ..conftest import PASSWORD, make_account
from .conftest import save_screenshot


def _relative_luminance(css_colour: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css_colour)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_register_in_the_browser_guesses_the_time_zone_and_lands_on_the_dashboard(live_server, new_page):
    page = new_page(timezone_id="America/Chicago")
    page.goto(live_server + "/register")
    expect(page.locator("select[name=timezone]")).to_have_value("America/Chicago")
    page.fill("input[name=email]", "browser@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(live_server + "/dashboard")
    expect(page.get_by_role("heading", name="Nothing logged yet")).to_be_visible()
    page.goto(live_server + "/account")
    expect(page.locator("select[name=timezone]")).to_have_value("America/Chicago")


def test_a_rejected_form_keeps_what_was_typed_and_points_at_the_field(live_server, new_page):
    page = new_page()
    page.goto(live_server + "/register")
    page.fill("input[name=email]", "typed@example.org")
    page.fill("input[name=password]", "short")
    page.click("button[type=submit]")
    expect(page.locator("#password-error")).to_contain_text("at least 10 characters")
    expect(page.locator("input[name=email]")).to_have_value("typed@example.org")
    expect(page.locator("input[name=password]")).to_have_attribute("aria-invalid", "true")


def test_login_on_a_phone_in_dark_mode(app, live_server, new_page):
    make_account(app, "phone@example.org")
    page = new_page(width=390, height=844, color_scheme="dark")
    page.goto(live_server + "/dashboard")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.fill("input[name=email]", "phone@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(live_server + "/dashboard")
    # The address changes before the page has its styles: measured then, it was once 411 px wide (CI, 1 run of 4).
    page.wait_for_load_state("load")
    save_screenshot(page, "dashboard-empty-phone-dark")

    # Nothing wider than the phone, and a dark page for eyes that hurt.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert _relative_luminance(background) < 0.2, background

    page.get_by_text("More").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(live_server + "/login")
    page.goto(live_server + "/dashboard")
    expect(page).to_have_url(re.compile(r"/login"))


def test_the_demo_account_shows_a_filled_diary(demo_day, app, live_server, new_page):
    from diary.demo import DEMO_EMAIL, DEMO_PASSWORD

    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    page = new_page()
    page.goto(live_server + "/login")
    page.fill("input[name=email]", DEMO_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_text("migraine days a month", exact=True)).to_be_visible()
    expect(page.locator(".chart .main-svg").first).to_be_visible()
    assert page.locator(".chart").count() == 6
    expect(page.get_by_text("Nothing logged yet")).to_have_count(0)
    save_screenshot(page, "dashboard-demo-desktop")
