"""The attack and the daily log by keyboard alone (Tab, Shift+Tab, Enter, Space, arrows), with the focus in sight
at every stop: a ring that the element does not have at rest.

For people who cannot use a pointer, and for anyone whose hands shake during an attack. Each stop is checked the
way a person would see it: the outline or the box-shadow ring of the focused element (or, for the hidden radio and
checkbox inputs of our pills, of the pill that shows them) must differ from how it looks unfocused and be visible.
"""
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect
from sqlalchemy import select

from diary.extensions import db
from diary.models import Attack, DailyLog, MedicationDose

from ..conftest import make_account
from .conftest import log_in, save_screenshot

PHONE = {"width": 390, "height": 844}

# How every focusable thing looks at rest: taken as each page loads, before anything has the focus.
AT_REST = """() => {
    const look = (el) => { const s = getComputedStyle(el);
                           return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | '); };
    window.__atRest = new Map();
    for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')) {
        for (const part of [el, el.nextElementSibling, el.closest('label')]) {
            if (part) window.__atRest.set(part, look(part));
        }
    }
    return document.activeElement === document.body;
}"""

# The focused element, and whether its focus can be seen: an outline or a ring (a box-shadow with a spread), not
# transparent, that it (or the pill showing a hidden input) does not have at rest; and not hidden under a fixed bar.
# Judged once the transitions that ease the ring in are over (a ring half drawn is not yet what a person sees).
FOCUS = """async () => {
    const el = document.activeElement;
    const near = [el, el.nextElementSibling, el.closest('label')].filter(Boolean);
    // Pico eases its focus rings in: judge them once they are drawn in full.
    await Promise.all(near.flatMap((part) => part.getAnimations()).map((a) => a.finished.catch(() => null)));
    const name = el === document.body ? 'nothing' : `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label')
        || el.textContent || el.value || el.name || '').trim().replace(/\\s+/g, ' ').slice(0, 40)}"`
        + (el.name ? ` [${el.name}${el.type === 'radio' || el.type === 'checkbox' ? '=' + el.value : ''}]` : '');
    const look = (part) => { const s = getComputedStyle(part);
                             return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | '); };
    const opaque = (color) => { const m = color.match(/rgba?\\(([^)]*)\\)/);
        if (!m) return color !== 'transparent';
        const parts = m[1].split(/[ ,/]+/).filter(Boolean);
        return parts.length < 4 || parseFloat(parts[3]) > 0; };
    const ringed = (part) => {
        const s = getComputedStyle(part);
        if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1 && opaque(s.outlineColor)) return true;
        if (s.boxShadow === 'none') return false;
        return s.boxShadow.split(/,(?![^(]*\\))/).some((shadow) => {
            const color = (shadow.match(/rgba?\\([^)]*\\)|#[0-9a-f]+/i) || ['transparent'])[0];
            const lengths = shadow.replace(color, '').trim().split(/\\s+/).map(parseFloat);
            return !shadow.includes('inset') && (lengths[3] || 0) >= 1 && opaque(color);
        });
    };
    const rest = window.__atRest || new Map();
    const parts = near;
    const seen = el !== document.body && parts.some((part) => ringed(part) && rest.get(part) !== look(part));
    const shown = parts.find((part) => ringed(part)) || el;
    const box = shown.getBoundingClientRect();
    const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
    const onTop = document.elementFromPoint(x, y);
    const mine = onTop && (shown.contains(onTop) || onTop.contains(shown) || el.contains(onTop)
                           || onTop === el.labels?.[0]);
    const covered = box.bottom <= 0 || box.top >= innerHeight || !mine;
    return {name, seen, covered, look: parts.map(look).join(' ; ')};
}"""


class Keyboard:
    """A person using only the keyboard, noting every stop where they could not see the focus."""

    def __init__(self, page):
        self.page, self.unseen, self.covered, self.stops = page, [], [], 0

    def page_loaded(self) -> None:
        self.page.wait_for_load_state("load")
        self.page.evaluate(AT_REST)

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        stop = self.page.evaluate(FOCUS)
        self.stops += 1
        where = f"{self.page.url.split('/', 3)[-1]}: {stop['name']}"
        if not stop["seen"]:
            self.unseen.append(f"{where} ({stop['look']})")
        if stop["covered"]:
            self.covered.append(where)
        return stop

    def to(self, target: str, key: str = "Tab", limit: int = 80) -> None:
        """Press Tab (or another key) until the focus is on `target` (a JS test of the element)."""
        for _ in range(limit):
            self.press(key)
            if self.page.evaluate(f"(el => {target})(document.activeElement)"):
                return
        raise AssertionError(f"{target} not reached with {limit} × {key} on {self.page.url}")

    def submit(self, key: str = "Enter") -> None:
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.page_loaded()


def button(name: str) -> str:
    return f"el.matches('button, [role=button]') && el.textContent.trim() === {name!r}"


def link(name: str) -> str:
    return f"el.matches('a') && el.textContent.trim() === {name!r}"


def named(name: str) -> str:
    return f"el.name === {name!r}"




def test_an_attack_and_a_day_by_keyboard_alone_with_the_focus_always_in_sight(app, live_server, new_page):
    account = make_account(app, "keys@example.org")
    with app.app_context():  # an earlier dose, so that the usual medication has its one-tap button
        db.session.add(MedicationDose(user_id=account.id, name="sumatriptan", drug_class="triptan", dose="50 mg",
                                      taken_at=datetime.now(timezone.utc) - timedelta(days=10), relief=2))
        db.session.commit()
    page = new_page(**PHONE)
    log_in(page, live_server, account.email)
    keys = Keyboard(page)
    keys.page_loaded()

    # Dashboard: the skip link first, then on to the red button.
    keys.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    keys.to(button("Attack now"))
    keys.submit()
    expect(page.get_by_role("heading", name="Attack in progress")).to_be_visible()

    # Took the usual medication, then the pain level (Space, as on any button).
    keys.to(button("Took sumatriptan 50 mg"))
    keys.submit()
    expect(page.locator(".dose-list")).to_contain_text("sumatriptan 50 mg")
    keys.to(button("7"))
    keys.submit(" ")
    expect(page.get_by_role("button", name="7", exact=True)).to_have_attribute("aria-pressed", "true")

    # Attack ended is the page's last stop: Shift+Tab from the top reaches it at once.
    keys.to(button("Attack ended"), key="Shift+Tab", limit=3)
    keys.submit()
    expect(page.get_by_role("heading", name="Attack ended")).to_be_visible()

    # How was it: arrows move through a scale's answers, Tab goes on to the next question.
    keys.to(named("peak_intensity"))
    assert page.evaluate("document.activeElement.value") == "7", "the level chosen during the attack"
    keys.press("ArrowRight")
    keys.to(named("doses-0-relief"))
    for _ in range(3):  # not yet known -> none -> some -> good
        keys.press("ArrowRight")
    keys.to("el.name === 'notes'")
    page.keyboard.type("Dark room helped.")
    save_screenshot(page, "after-an-attack-by-keyboard-phone", full_page=False)
    keys.to(button("Save"))
    keys.submit()
    expect(page.get_by_text("Attack saved.")).to_be_visible()
    with app.app_context():
        attack = db.session.scalar(select(Attack))
        assert attack.ended_at is not None and attack.peak_intensity == 8 and attack.notes == "Dark room helped."
        assert [(d.name, d.relief) for d in attack.doses] == [("sumatriptan", 2)]

    # The day: through the menu to today's page, a scale by arrows, a number typed, a food ticked with Space.
    keys.to(link("Days"))
    keys.submit()
    keys.to(link("Log today"))
    keys.submit()
    keys.to(named("stress"))
    for _ in range(7):  # — -> 0 -> ... -> 6
        keys.press("ArrowRight")
    keys.to(named("sleep_hours"))
    page.keyboard.type("7.5")
    keys.to("el.name === 'foods' && el.value === 'coffee'")
    keys.press("Space")
    keys.to(button("Save today"))
    keys.submit()
    expect(page.locator(".day-list li").first).to_contain_text("stress 6")
    with app.app_context():
        day = db.session.scalar(select(DailyLog))
        assert (day.stress, day.sleep_hours, day.foods) == (6, 7.5, ["coffee"])

    assert keys.stops > 40
    assert not keys.unseen, f"{len(keys.unseen)} of {keys.stops} stops without a visible focus:\n" + \
        "\n".join(keys.unseen)
    assert not keys.covered, "focused but hidden under something:\n" + "\n".join(keys.covered)


def test_a_refused_form_takes_the_keyboard_to_its_summary_and_on_to_the_field(app, live_server, new_page):
    account = make_account(app, "summary@example.org")
    page = new_page(**PHONE, color_scheme="dark")
    log_in(page, live_server, account.email)
    page.goto(live_server + "/days/today")
    keys = Keyboard(page)
    keys.page_loaded()
    keys.to(named("sleep_hours"))
    page.keyboard.type("30")
    keys.to(named("caffeine_mg"))
    page.keyboard.type("-5")
    keys.submit()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Hours slept last night")
    save_screenshot(page, "error-summary-phone-dark", full_page=False)
    outline = "e => { const s = getComputedStyle(e); return `${s.outlineStyle} ${s.outlineWidth}`; }"
    focused = summary.evaluate(outline)
    summary.evaluate("e => e.blur()")
    page.evaluate(AT_REST)
    assert focused == "solid 3px" and summary.evaluate(outline) != focused, "the summary shows that it has the focus"
    summary.evaluate("e => e.focus()")
    keys.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#sleep_hours"
    keys.press("Tab")
    keys.press("Enter")
    expect(page.locator("#caffeine_mg")).to_be_focused()
    expect(page.locator("label[for=caffeine_mg]")).to_be_in_viewport()
    assert not keys.unseen, keys.unseen


def test_without_javascript_the_summary_still_takes_the_focus(browser, app, live_server):
    account = make_account(app, "nojs@example.org")
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="en-GB")
    try:
        page = context.new_page()
        log_in(page, live_server, account.email)
        page.goto(live_server + "/attacks/new")
        page.fill("input[name=started_at]", "")
        page.get_by_role("button", name="Save attack").click()
        expect(page.locator("[data-error-summary]")).to_be_focused()  # autofocus, no script
        page.get_by_role("link", name="Started: Enter when the attack started.").click()
        expect(page).to_have_url(live_server + "/attacks/new#started_at")
    finally:
        context.close()
