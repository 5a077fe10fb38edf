"""Browser tests: Playwright driving Debian's Chromium against the app served on a free loopback port.

No browser is ever downloaded: the tests use /usr/bin/chromium (Debian's `chromium` package). Under CI a
missing browser fails the run; on a developer's machine without it, the browser tests are skipped.
"""
import os
import re
import shutil
from pathlib import Path

import pytest
import time_machine

from ..conftest import IN_CI, PASSWORD, PINNED_NOW

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Flags that keep a headless Chromium from reaching out to the network it cannot have here.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}; install Debian's chromium package"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh browser context (its own cookies), sized and themed as asked."""
    contexts = []

    def open_page(width=1280, height=900, color_scheme="light", timezone_id="Europe/Berlin"):
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme,
                                      timezone_id=timezone_id, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


# Desktop and phone, light and dark: the screens every chart page is checked on.
SCREENS = [(1280, 900, "light"), (1280, 900, "dark"), (390, 844, "light"), (390, 844, "dark")]


@pytest.fixture
def demo_day():
    """The server's clock set to conftest.PINNED_NOW and ticking on from there, so that the demo diary and the
    periods the pages show are the same whatever the real date (the browser keeps its own clock: nothing the
    demo shows depends on it)."""
    with time_machine.travel(PINNED_NOW, tick=True):
        yield


@pytest.fixture
def demo_page(demo_day, app, live_server, new_page):
    """The demo account logged in on a page of the size and theme asked for, with a list that collects the page's
    JavaScript errors."""
    from diary.demo import DEMO_EMAIL, DEMO_PASSWORD

    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0

    def open_page(width, height, scheme):
        page = new_page(width=width, height=height, color_scheme=scheme)
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.goto(live_server + "/login")
        page.fill("input[name=email]", DEMO_EMAIL)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        return page, problems
    return open_page


def clipped_chart_text(page) -> list[str]:
    """The chart texts (titles, tick labels, notes) that stick out of their chart and so are cut off."""
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(chart => {
        const box = chart.querySelector('.main-svg').getBoundingClientRect();
        return [...chart.querySelectorAll('.main-svg text, .main-svg .annotation-text')]
            .filter(t => t.textContent.trim() && getComputedStyle(t).visibility !== 'hidden')
            .map(t => [t.textContent.trim(), t.getBoundingClientRect()])
            .filter(([_, r]) => r.width && (r.left < box.left - 1 || r.right > box.right + 1
                                           || r.top < box.top - 1 || r.bottom > box.bottom + 1))
            .map(([text, r]) => `${chart.parentElement.id || chart.id}: "${text}" at ${Math.round(r.left - box.left)}`
                                + `..${Math.round(r.right - box.left)} of ${Math.round(box.width)} px`);
    })""")


def save_screenshot(page, name: str, full_page: bool = True) -> None:
    """Keep a screenshot when SCREENSHOT_DIR is set (`make screenshots`), for people to look at.

    `full_page=False` shows just the screen as the person sees it, with the fixed bars where they really are.
    """
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def log_in(page, live_server: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the form, as a person does, and wait to have left the login page."""
    from playwright.sync_api import expect

    page.goto(live_server + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/login"))
