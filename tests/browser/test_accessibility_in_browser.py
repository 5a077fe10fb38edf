"""Accessibility in a real browser: axe-core on every page, a swipe on a chart, and the keyboard's focus in sight.

axe is vendored in tests/browser/vendor/axe-core (see its VERSION), so CI needs no download; the app never serves it.
It runs on every page in light and in dark, on a desktop and on a phone, and a serious or critical fault fails the
test; faults of lesser impact (moderate, minor) are only counted in the printed summary. Each screen size is one
browser context, reused page after page: the demo patient's pages, the two pages of someone logged out, then a
caregiver in the patient's diary during an attack (the banner, the attack bar).
"""
import base64
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from ..conftest import PASSWORD, make_account
from .conftest import log_in
from .test_every_page_in_browser import _pages
from .test_layout_in_browser import PIXELS

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
SIZES = [(1280, 900), (390, 844)]  # a desktop and a phone
THEMES = ("light", "dark")
NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
# The charts are drawn after the page has loaded: axe should see them as a person does.
CHARTS_DRAWN = "() => [...document.querySelectorAll('[data-figure]')].every(chart => chart.querySelector('.main-svg'))"
# Only the faults, with the selectors of the elements at fault (an iframe's path joined by " >>> ").
RUN_AXE = """async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(node => node.target.map(t => [].concat(t).join(' >>> ')).join(' '))}))"""


def axe_faults(page, where: str) -> list[dict]:
    """axe's faults on the page shown, in the light and then the dark theme, each labelled with where it was.

    The theme is switched on the loaded page: it changes colours only, and one load a page instead of one a theme
    halves the test's time. axe itself comes with every page, from the context's init script."""
    page.wait_for_function(CHARTS_DRAWN)
    # Folded sections open, as someone reading the numbers has them: their tables are checked too.
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    faults = []
    for theme in THEMES:
        # As someone who asked for less motion: Pico then switches colours at once instead of easing them over,
        # which axe would catch halfway.
        page.emulate_media(color_scheme=theme, reduced_motion="reduce")
        page.evaluate(NEXT_FRAME)  # charts.js redraws the charts in the theme
        faults += [dict(fault, page="/" + page.url.split("/", 3)[-1], where=f"{theme}, {where}")
                   for fault in page.evaluate(RUN_AXE)]
    return faults




def caregiver_of_the_demo_patient(app) -> str:
    """A caregiver who may view and log in the demo diary (as after an accepted invitation); their address."""
    from diary import clock
    from diary.demo import DEMO_EMAIL
    from diary.extensions import db
    from diary.models import CaregiverLink, User

    sam = make_account(app, "sam@example.org")
    with app.app_context():
        patient = db.session.scalar(select(User).where(User.email == DEMO_EMAIL))
        db.session.add(CaregiverLink(patient_id=patient.id, caregiver_id=sam.id, invited_email=sam.email,
                                     permission="log", caregiver_name="Sam", patient_name="Alex",
                                     accepted_at=clock.now()))
        db.session.commit()
    return sam.email


def readable(faults: list[dict]) -> str:
    """One line a rule and page: what is wrong, where, on which screen, and which elements (the first six)."""
    lines = []
    for f in faults:
        more = f" and {len(f['targets']) - 6} more" if len(f["targets"]) > 6 else ""
        lines.append(f"{f['rule']} ({f['impact']}: {f['help']}) on {f['page']} [{f['where']}]: "
                     + ", ".join(f["targets"][:6]) + more)
    return "\n".join(lines)


@pytest.mark.parametrize("width, height", SIZES)
def test_no_serious_accessibility_faults_on_any_page(app, demo_page, live_server, capsys, record_property,
                                                     width, height):
    started = time.monotonic()
    page, problems = demo_page(width, height, "light")
    page.context.add_init_script(path=str(AXE))
    faults, pages = [], 0

    for path in _pages(app):
        page.goto(live_server + path)
        faults += axe_faults(page, f"{width} px")
        pages += 1

    # Logged out: the two forms anyone can open.
    page.context.clear_cookies()
    for path in ("/login", "/register"):
        page.goto(live_server + path)
        faults += axe_faults(page, f"{width} px, logged out")
        pages += 1

    # A caregiver who may log, in the patient's diary during an attack: the banner, the attack bar, the progress page.
    log_in(page, live_server, caregiver_of_the_demo_patient(app), PASSWORD)
    page.get_by_text("More").click()
    page.get_by_role("button", name="Alex's diary").click()
    faults += axe_faults(page, f"{width} px, caregiver")
    page.get_by_role("button", name="Attack now for Alex").click()
    faults += axe_faults(page, f"{width} px, caregiver")
    page.goto(live_server + "/attacks/")
    faults += axe_faults(page, f"{width} px, caregiver")
    pages += 3

    assert problems == [], problems
    checked = pages * len(THEMES)
    record_property("axe_checks", checked)
    tally = Counter(f"{f['rule']} ({f['impact']})" for f in faults)
    with capsys.disabled():
        print(f"\naxe at {width} px: {pages} pages x {len(THEMES)} themes = {checked} checks in "
              f"{time.monotonic() - started:.0f} s; faults by rule: {dict(tally) or 'none'}")
    failing = [f for f in faults if f["impact"] in FAILING_IMPACTS]
    assert failing == [], "serious or critical accessibility faults:\n" + readable(failing)


def test_a_swipe_on_a_chart_scrolls_the_page_on_a_phone(demo_day, app, live_server, browser):
    """A thumb that starts a swipe on a chart moves the page on, as anywhere else, and leaves the chart as it was:
    by default Plotly turns that swipe into a zoom, and the page does not move."""
    from diary.demo import DEMO_EMAIL, DEMO_PASSWORD

    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  color_scheme="dark", timezone_id="Europe/Berlin", locale="en-GB")
    try:
        page = context.new_page()
        log_in(page, live_server, DEMO_EMAIL, DEMO_PASSWORD)
        page.wait_for_function(CHARTS_DRAWN)
        assert page.locator(".modebar").count() == 0
        finger = context.new_cdp_session(page)
        page.evaluate("() => { document.body.style.paddingBottom = '100vh'; }")  # room to scroll past the last chart
        for chart in page.locator(".chart").all():
            plot = chart.locator(".nsewdrag").first  # the plotting area, where Plotly listens for drags
            chart.evaluate("e => window.scrollTo(0, e.getBoundingClientRect().top + scrollY - 100)")
            before = page.evaluate("scrollY"), axis_ranges(chart)
            box = plot.bounding_box()
            swipe_up(page, finger, box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 150))
            scrolled = page.evaluate("scrollY") - before[0]
            name = chart.evaluate("e => e.dataset.figure")
            assert scrolled > 50, f"{name}: a swipe up on the chart scrolled the page {scrolled} px"
            assert axis_ranges(chart) == before[1], f"{name}: the swipe changed the chart's axes"
    finally:
        context.close()


def swipe_up(page, finger, x: float, y: float) -> None:
    """A thumb moving 150 px up and 40 px left, as touch events the page may cancel (Chromium scrolls if it does
    not). Slanted, so that a chart that still zooms or pans would change both its axes."""
    finger.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        finger.send("Input.dispatchTouchEvent", {"type": "touchMove",
                                                 "touchPoints": [{"x": x - 4 * step, "y": y - 15 * step}]})
    finger.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 200)))")


def axis_ranges(chart) -> list:
    """Every axis's range as drawn (Plotly's full layout: the ranges it worked out, not just those it was given)."""
    return chart.evaluate("e => Object.keys(e._fullLayout).filter(k => /^[xy]axis\\d*$/.test(k)).sort()"
                          ".map(k => [k, e._fullLayout[k].range])")


def test_keyboard_focus_is_seen_and_never_hidden_under_the_attack_button_or_bar(demo_page, live_server):
    """On the smallest phone, where the attack bar is tallest: every control Tab reaches on the long day form is
    scrolled clear of what is fixed at the bottom, and Attack now itself shows where the focus is."""
    page, problems = demo_page(320, 568, "light")
    page.emulate_media(reduced_motion="reduce")  # Pico's focus shadow then appears at once, not eased in
    page.goto(live_server + "/days/today")
    reached, hidden = tab_through(page, ".attack-now button")
    assert reached > 20 and hidden == [], f"under the Attack now button: {hidden}"

    # Tab has just reached Attack now: a ring of its own around it, unlike the same spot unfocused.
    button = page.locator(".attack-now button")
    focused = ring_colour(button)
    button.evaluate("e => e.blur()")
    unfocused = ring_colour(button)
    assert max(abs(a - b) for a, b in zip(focused, unfocused)) > 100, f"no focus ring: {focused} {unfocused}"

    button.click()  # the attack bar from now on
    page.goto(live_server + "/days/today")
    reached, hidden = tab_through(page, ".attack-bar")
    assert reached > 20 and hidden == [], f"under the attack bar: {hidden}"
    assert problems == [], problems


def tab_through(page, fixed: str) -> tuple[int, list[str]]:
    """Press Tab from the top of the page until the focus reaches the fixed element: how many controls it passed,
    and those it left (partly) under that element."""
    reached, hidden = 0, []
    for _ in range(200):
        page.keyboard.press("Tab")
        where = page.evaluate("""fixed => {
            const control = document.activeElement, cover = document.querySelector(fixed);
            if (control === document.body || cover.contains(control)) return null;
            const c = control.getBoundingClientRect(), f = cover.getBoundingClientRect();
            const under = c.bottom > f.top && c.top < f.bottom && c.right > f.left && c.left < f.right;
            return under ? control.outerHTML.slice(0, 80) : '';
        }""", fixed)
        if where is None:
            return reached, hidden
        reached += 1
        if where:
            hidden.append(where)
    return reached, hidden


def ring_colour(button) -> list[int]:
    """The colour 5 px to the left of the button, halfway down: inside a focus ring 3 to 6 px out, if there is one."""
    box = button.bounding_box()
    png = base64.b64encode(button.page.screenshot(clip={"x": box["x"] - 5, "y": box["y"] + box["height"] / 2,
                                                        "width": 1, "height": 1})).decode()
    return button.page.evaluate(f"async png => [...(await ({PIXELS})(png)).data.slice(0, 3)]", png)
