"""Logging during an attack, on a 390 x 844 phone screen, one-handed: at most three screens."""
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect
from sqlalchemy import select

from diary.extensions import db
from diary.models import Attack, DailyLog, MedicationDose

from ..conftest import make_account
from .conftest import log_in, save_screenshot

PHONE = {"width": 390, "height": 844}




def test_attack_with_one_medication_in_three_screens(app, live_server, new_page):
    account = make_account(app, "phone@example.org")
    with app.app_context():  # an earlier dose, so that the usual medication is one tap away
        db.session.add(MedicationDose(user_id=account.id, name="sumatriptan", drug_class="triptan", dose="50 mg",
                                      taken_at=datetime.now(timezone.utc) - timedelta(days=10), relief=2))
        db.session.commit()
    page = new_page(**PHONE, color_scheme="dark")
    log_in(page, live_server, account.email)
    screens = [page.url]

    start = page.get_by_role("button", name="Attack now")
    box = start.bounding_box()
    assert box["y"] > PHONE["height"] / 2 and box["height"] >= 44, "a big button within the thumb's reach"
    start.click()
    expect(page.get_by_role("heading", name="Attack in progress")).to_be_visible()
    screens.append(page.url)

    page.get_by_role("button", name="7", exact=True).click()
    page.get_by_role("button", name="Took sumatriptan 50 mg").click()
    expect(page.locator(".dose-list")).to_contain_text("sumatriptan 50 mg")
    expect(page.locator(".attack-bar")).to_contain_text("Attack in progress")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    save_screenshot(page, "attack-in-progress-phone", full_page=False)
    # In the dark, "Attack ended" is no bright block; the page's own medication buttons need no twin in the bar.
    ended = page.locator(".attack-bar").get_by_role("button", name="Attack ended")
    background = ended.evaluate("e => getComputedStyle(e).backgroundColor")
    red, green, blue, *alpha = (float(v) for v in background[background.index("(") + 1:-1].split(","))
    assert (alpha and alpha[0] == 0) or red + green + blue < 382, background
    expect(page.locator(".attack-bar").get_by_role("button", name="Took medication")).to_have_count(0)

    page.locator(".attack-bar").get_by_role("button", name="Attack ended").click()
    expect(page.get_by_role("heading", name="Attack ended")).to_be_visible()
    expect(page.get_by_role("button", name="Undo: the attack is still going on")).to_be_visible()
    screens.append(page.url.split("?")[0])
    assert len(set(screens)) == 3, screens
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.get_by_role("button", name="Attack now")).to_have_count(0)  # no second attack by a stray tap
    save_screenshot(page, "after-an-attack-phone-dark")

    with app.app_context():
        attack = db.session.scalar(select(Attack))
        assert attack.peak_intensity == 7 and attack.ended_at is not None
        assert [(d.name, d.drug_class, d.dose) for d in attack.doses] == [("sumatriptan", "triptan", "50 mg")]


def test_the_attack_bar_follows_the_user_to_other_pages(app, live_server, new_page):
    account = make_account(app, "bar@example.org")
    page = new_page(**PHONE)
    log_in(page, live_server, account.email)
    page.get_by_role("button", name="Attack now").click()
    page.goto(live_server + "/days/")
    expect(page.locator(".attack-bar")).to_contain_text("Attack in progress")
    expect(page.get_by_role("button", name="Attack now")).to_have_count(0)
    bar = page.locator(".attack-bar")
    took, ended = bar.get_by_role("button", name="Took medication"), bar.get_by_role("button", name="Attack ended")
    assert abs(took.bounding_box()["height"] - ended.bounding_box()["height"]) <= 2, "the bar's two buttons match"
    assert abs(took.bounding_box()["y"] - ended.bounding_box()["y"]) <= 2
    gap = ended.bounding_box()["x"] - (took.bounding_box()["x"] + took.bounding_box()["width"])
    assert gap >= 24, f"Attack ended only {gap} px from Took medication"
    save_screenshot(page, "attack-bar-phone-light", full_page=False)
    took.click()
    page.fill("input[name=name]", "Ibuprofen")
    page.fill("input[name=dose]", "400 mg")
    page.get_by_role("button", name="Took it now").click()
    expect(page.locator(".dose-list")).to_contain_text("Ibuprofen 400 mg")
    with app.app_context():
        assert db.session.scalar(select(MedicationDose.drug_class)) == "simple analgesic"


def test_daily_log_on_a_phone(app, live_server, new_page):
    account = make_account(app, "days@example.org")
    page = new_page(**PHONE)
    log_in(page, live_server, account.email)
    page.goto(live_server + "/days/today")
    page.locator("fieldset#stress").get_by_text("6", exact=True).click()
    page.fill("input[name=sleep_hours]", "6.5")
    page.locator("fieldset#foods").get_by_text("coffee", exact=True).click()
    page.fill("input[name=new_foods]", "Aged cheese")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    save_screenshot(page, "daily-log-phone")
    page.get_by_role("button", name="Save today").click()
    expect(page.locator(".day-list li").first).to_contain_text("stress 6")
    with app.app_context():
        day = db.session.scalar(select(DailyLog))
        assert (day.stress, day.sleep_hours, day.foods) == (6, 6.5, ["coffee", "aged cheese"])
        assert day.mood is None and day.menstruating is None, "untouched questions stay not recorded"


def test_choosing_a_known_medication_fills_in_its_class(app, live_server, new_page):
    account = make_account(app, "classes@example.org")
    page = new_page()
    log_in(page, live_server, account.email)
    page.goto(live_server + "/attacks/new")
    page.fill("input[name='doses-0-name']", "rizatriptan")
    page.locator("input[name='doses-0-name']").dispatch_event("change")
    expect(page.locator("select[name='doses-0-drug_class']")).to_have_value("triptan")
    page.fill("input[name='doses-0-dose']", "10 mg")
    page.locator("fieldset#peak_intensity").get_by_text("8", exact=True).click()
    page.get_by_role("button", name="Save attack").click()
    with app.app_context():
        attack = db.session.scalar(select(Attack))
        assert attack.peak_intensity == 8
        assert [(d.name, d.drug_class, d.dose) for d in attack.doses] == [("rizatriptan", "triptan", "10 mg")]


def test_the_aura_switch_and_its_kinds_agree(app, live_server, new_page):
    account = make_account(app, "aura@example.org")
    page = new_page(**PHONE)
    log_in(page, live_server, account.email)
    page.goto(live_server + "/attacks/new")
    page.get_by_text("Symptoms and aura").click()
    switch, visual = page.locator("input[name=aura]"), page.locator("input[name=aura_types][value=visual]")
    page.locator("fieldset#aura_types").get_by_text("visual", exact=False).first.click()
    expect(visual).to_be_checked()
    expect(switch).to_be_checked()
    switch.click()
    expect(switch).not_to_be_checked()
    expect(visual).not_to_be_checked()


def _scale_boxes(page) -> list[tuple[float, float, float, float]]:
    """Where each button of the pain scale is on the screen (not on the page: the finger stays on the glass)."""
    boxes = page.locator("#intensity button").evaluate_all(
        "buttons => buttons.map(b => { const r = b.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })")
    return [tuple(round(v, 1) for v in box) for box in boxes]


def test_one_tap_actions_do_not_move_the_pain_scale(app, live_server, new_page):
    """After "Took sumatriptan" a message pushed the page down 120 px, so a second tap on the 7 landed on the 9."""
    account = make_account(app, "steady@example.org")
    with app.app_context():
        db.session.add(MedicationDose(user_id=account.id, name="sumatriptan", drug_class="triptan", dose="50 mg",
                                      taken_at=datetime.now(timezone.utc) - timedelta(days=10), relief=2))
        db.session.commit()
    page = new_page(**PHONE, color_scheme="dark")
    log_in(page, live_server, account.email)
    page.get_by_role("button", name="Attack now").click()
    expect(page.get_by_role("heading", name="Attack in progress")).to_be_visible()
    before = _scale_boxes(page)
    assert len(before) == 11

    page.get_by_role("button", name="Took sumatriptan 50 mg").click()
    expect(page.locator(".dose-list")).to_contain_text("sumatriptan 50 mg")
    expect(page.get_by_text("Dose noted.")).to_be_visible()
    assert _scale_boxes(page) == before, "the scale moved after a dose"
    slot = page.locator(".message-slot")
    kept = slot.evaluate("e => parseFloat(getComputedStyle(e).minHeight)")
    assert slot.bounding_box()["height"] <= kept + 0.5, "the message fits the place kept for it"
    assert slot.bounding_box()["y"] > page.get_by_role("button", name="Took sumatriptan 50 mg").bounding_box()["y"]
    save_screenshot(page, "attack-in-progress-dose-noted-phone-dark", full_page=False)
    took = page.get_by_role("button", name="Took sumatriptan 50 mg").bounding_box()

    page.get_by_role("button", name="7", exact=True).click()
    expect(page.get_by_role("button", name="7", exact=True)).to_have_attribute("aria-pressed", "true")
    assert _scale_boxes(page) == before, "the scale moved after choosing a level"
    assert page.get_by_role("button", name="Took sumatriptan 50 mg").bounding_box() == took
    save_screenshot(page, "attack-in-progress-after-a-dose-phone-dark", full_page=False)


def test_attack_ended_by_mistake_is_undone_and_the_attack_goes_on(app, live_server, new_page):
    account = make_account(app, "undo@example.org")
    page = new_page(**PHONE)
    log_in(page, live_server, account.email)
    page.get_by_role("button", name="Attack now").click()
    page.locator(".attack-bar").get_by_role("button", name="Attack ended").click()
    save_screenshot(page, "after-an-attack-phone-light")
    page.get_by_role("button", name="Undo: the attack is still going on").click()
    expect(page.get_by_role("heading", name="Attack in progress")).to_be_visible()
    expect(page.get_by_text("Undone: the attack is still going on.")).to_be_visible()
    with app.app_context():
        assert db.session.scalar(select(Attack.ended_at)) is None


def test_deleting_a_dose_without_an_attack_asks_first(app, live_server, new_page):
    account = make_account(app, "dose@example.org")
    with app.app_context():
        db.session.add(MedicationDose(user_id=account.id, name="ibuprofen", drug_class="simple analgesic",
                                      dose="400 mg", taken_at=datetime.now(timezone.utc) - timedelta(days=1)))
        db.session.commit()
    page = new_page(**PHONE, color_scheme="dark")
    log_in(page, live_server, account.email)
    page.goto(live_server + "/attacks/doses")
    page.get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", name="Delete this dose?")).to_be_visible()
    save_screenshot(page, "delete-dose-phone-dark")
    page.get_by_role("button", name="Keep it").or_(page.get_by_role("link", name="Keep it")).click()
    expect(page.locator(".entry-list")).to_contain_text("ibuprofen 400 mg")
    page.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete dose").click()
    expect(page.get_by_text("Dose deleted.")).to_be_visible()
    with app.app_context():
        assert db.session.scalar(select(MedicationDose)) is None
