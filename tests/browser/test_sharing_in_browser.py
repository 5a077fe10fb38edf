"""A patient shares the diary with a caregiver and ends it, on two phones in the dark, as it happens in life."""
import re

from playwright.sync_api import expect

from ..conftest import PASSWORD
from .conftest import save_screenshot

PHONE = dict(width=390, height=844, color_scheme="dark")


def test_invite_look_along_log_for_the_patient_and_revoke(demo_day, app, live_server, new_page):
    from diary.demo import DEMO_EMAIL, DEMO_PASSWORD

    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    patient = new_page(**PHONE)
    patient.goto(live_server + "/login")
    patient.fill("input[name=email]", DEMO_EMAIL)
    patient.fill("input[name=password]", DEMO_PASSWORD)
    patient.click("button[type=submit]")
    patient.get_by_text("More").click()
    patient.get_by_role("link", name="Sharing").click()
    patient.fill("input[name=email]", "sam@example.org")
    patient.fill("input[name=caregiver_name]", "Sam")
    patient.fill("input[name=patient_name]", "Alex")
    patient.get_by_text("View and log:").click()
    patient.get_by_role("button", name="Make an invitation link").click()
    link = patient.locator("#invite-link").input_value()
    assert re.fullmatch(re.escape(live_server) + r"/invite/[\w-]{40,}", link), link
    expect(patient.locator("figure.qr svg")).to_be_visible()
    patient.get_by_role("button", name="Copy").click()
    save_screenshot(patient, "sharing-link-phone-dark")
    assert patient.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Sam opens the link on their own phone, registers through it and accepts.
    caregiver = new_page(**PHONE)
    caregiver.goto(link)
    expect(caregiver.get_by_text("Alex invites you")).to_be_visible()
    caregiver.get_by_role("button", name="Create an account").or_(
        caregiver.get_by_role("link", name="Create an account")).click()
    expect(caregiver.locator("input[name=email]")).to_have_value("sam@example.org")
    caregiver.fill("input[name=password]", PASSWORD)
    caregiver.get_by_role("button", name="Create account").click()
    caregiver.get_by_role("button", name="Accept as sam@example.org").click()
    expect(caregiver).to_have_url(live_server + "/dashboard")
    banner = caregiver.locator(".diary-banner")
    expect(banner).to_contain_text("Alex's diary")
    expect(banner).to_contain_text("can view and log")
    expect(caregiver.locator(".js-plotly-plot").first).to_be_visible()  # the patient's charts
    caregiver.wait_for_load_state("load")
    save_screenshot(caregiver, "caregiver-banner-phone-dark", full_page=False)
    assert caregiver.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # During a bad attack Sam logs it for Alex: the red button says whose diary it goes into.
    caregiver.get_by_role("button", name="Attack now for Alex").click()
    expect(caregiver).to_have_url(re.compile(r"/attacks/\d+/progress"))
    caregiver.get_by_role("button", name="Attack ended").click()

    patient.goto(live_server + "/attacks/")
    expect(patient.get_by_text("logged by Sam").first).to_be_visible()
    patient.goto(live_server + "/sharing")
    expect(patient.get_by_text("Who opened what")).to_be_visible()
    save_screenshot(patient, "sharing-page-phone-dark")
    patient.get_by_role("button", name="End access").click()
    expect(patient.get_by_text("Access ended.")).to_be_visible()

    caregiver.reload()
    expect(caregiver.get_by_text("Access to that diary has ended")).to_be_visible()
    save_screenshot(caregiver, "caregiver-refused-phone-dark", full_page=False)
    caregiver.goto(live_server + "/dashboard")
    expect(caregiver.locator(".diary-banner")).to_have_count(0)
