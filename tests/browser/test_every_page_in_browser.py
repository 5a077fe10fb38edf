"""Every page a patient can open, in a real browser, on a phone in the dark and on a desktop in the light: it loads,
runs without script errors, fits the screen, and its controls are big enough to hit with a thumb.

The list of pages comes from the app's own routes, so a page added later is checked too, or has to be named below
as left out and why.
"""
import pytest
from flask import url_for
from sqlalchemy import select

from .conftest import save_screenshot

# Routes that are not pages to look at: files and downloads, page fragments, actions that answer with a redirect,
# and the forms of people who are not logged in (the accounts tests open those, and the sharing test an invitation).
NOT_PAGES = {"static", "plotly_js", "data.export", "articles.for_you", "attacks.doses", "auth.home", "auth.login",
             "auth.register", "days.today", "sharing.invitation", "report.pdf", "report.tables", "report.fhir"}
# WCAG 2.2 success criterion 2.5.8 asks for targets of at least 24 by 24 CSS pixels; we keep to 44 in height on a
# phone for the controls used during an attack, and check the 24 for everything.
MIN_TARGET = 24


def _pages(app) -> list[str]:
    """The path of every GET page, with the demo diary's own entries filling in the ids."""
    from diary.articles.library import load_library
    from diary.demo import DEMO_EMAIL
    from diary.extensions import db
    from diary.models import Attack, DailyLog, MedicationDose, TreatmentCourse, User

    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == DEMO_EMAIL))
        attack = db.session.scalar(select(Attack).where(Attack.user_id == user.id).order_by(Attack.id))
        course = db.session.scalar(select(TreatmentCourse).where(TreatmentCourse.user_id == user.id))
        day = db.session.scalar(select(DailyLog.date).where(DailyLog.user_id == user.id).order_by(DailyLog.date))
        dose = db.session.scalar(select(MedicationDose.id).where(MedicationDose.user_id == user.id,
                                                                 MedicationDose.attack_id.is_(None)))
        filled = {
            "attacks.edit": {"attack_id": attack.id}, "attacks.delete": {"attack_id": attack.id},
            "attacks.progress": {"attack_id": attack.id}, "days.edit": {"day": day.isoformat()},
            "attacks.ended": {"attack_id": attack.id}, "attacks.delete_dose": {"dose_id": dose},
            "treatments.edit": {"course_id": course.id}, "treatments.delete": {"course_id": course.id},
            "articles.show": {"slug": load_library()[0].slug},
        }
        pages, unknown = [], []
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
                continue
            if rule.endpoint == "questionnaires.answer":
                pages += [url_for(rule.endpoint, name=name) for name in ("midas", "hit-6")]
            elif rule.arguments:
                if rule.endpoint not in filled:
                    unknown.append(rule.endpoint)
                    continue
                pages.append(url_for(rule.endpoint, **filled[rule.endpoint]))
            else:
                pages.append(url_for(rule.endpoint))
    assert not unknown, f"new pages with arguments: fill them in above, or name them in NOT_PAGES: {unknown}"
    return sorted(set(pages))


# And the narrowest phones in use (320 px, as the first iPhone SE), where the menu once pushed every page sideways.
@pytest.mark.parametrize("width, height, scheme", [(390, 844, "dark"), (1280, 900, "light"), (320, 568, "light")])
def test_every_page_loads_fits_and_has_targets_big_enough(app, demo_page, live_server, width, height, scheme):
    page, problems = demo_page(width, height, scheme)
    paths = _pages(app)
    assert len(paths) >= 20 and "/insights" in paths and "/attacks/new" in paths
    faults = []
    for path in paths:
        response = page.goto(live_server + path, timeout=60_000)
        page.wait_for_load_state("load")
        if response.status >= 400:
            faults.append((path, f"HTTP {response.status}"))
        if problems:
            faults.append((path, list(problems)))
            problems.clear()
        if page.locator("h1").count() != 1:
            faults.append((path, f"{page.locator('h1').count()} main headings"))
        overflow = page.evaluate("document.documentElement.scrollWidth")
        if overflow > width:
            faults.append((path, f"{overflow} px wide on a {width} px screen"))
        small = page.evaluate(
            """minimum => [...document.querySelectorAll(
                   'button, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea,'
                   + ' summary, .pill-link, nav a, .entry-actions a')]
               .filter(e => e.offsetParent !== null && !e.closest('.js-plotly-plot'))
               .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
               .filter(([_, r]) => r.width < minimum || r.height < minimum)
               .map(([html, r]) => `${html} ${Math.round(r.width)}x${Math.round(r.height)}`)""", MIN_TARGET)
        if small:
            faults.append((path, small))
        # A word broken over lines ("Filte / r") means a control squeezed narrower than its own label.
        broken = page.evaluate(
            """() => [...document.querySelectorAll('button, label, summary, .pill-link, th, a[role=button]')]
               .filter(e => e.offsetParent !== null && !e.closest('.js-plotly-plot'))
               .flatMap(e => [...e.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim()))
               .filter(n => {
                   const range = document.createRange();
                   range.selectNodeContents(n);
                   const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
                   return lines > n.textContent.trim().split(/[\\s-]+/).length;  // a hyphen may end a line
               })
               .map(n => n.textContent.trim())""")
        if broken:
            faults.append((path, "words broken over lines", broken))
        save_screenshot(page, f"page-{path.strip('/').replace('/', '-') or 'home'}-{scheme}-{width}")
    assert faults == [], "\n".join(map(str, faults))
