"""Caregivers: invitations, what a caregiver may do in a patient's diary, revocation, the access log, deletion."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from diary.extensions import db
from diary.models import AccessLogEntry, Attack, CaregiverLink, DailyLog, MedicationDose
from diary.sharing import services

from .conftest import PASSWORD, Auth, csrf_token, make_account, post_form, rows_of


def invite(client, email="sam@example.org", permission="log", name="Sam", patient_name="Alex"):
    """The patient (logged in on `client`) makes an invitation; the link shown once on the page."""
    response = post_form(client, "/sharing/invite", {"email": email, "permission": permission,
                                                     "caregiver_name": name, "patient_name": patient_name},
                         token_from="/sharing")
    assert response.status_code == 201, response.get_data(as_text=True)[:2000]
    return re.search(r'value="(http://localhost/invite/[^"]+)"', response.get_data(as_text=True)).group(1)


BANNER = "<strong>{}'s diary</strong>"  # the banner above every page of a patient's diary


def path_of(link: str) -> str:
    return link.removeprefix("http://localhost")


@pytest.fixture
def patient(clock, app, client, auth, user):
    """Ana, logged in on `client`; in the sharing links she calls herself Alex."""
    auth.login()
    return user


@pytest.fixture
def caregiver_client(app, patient, client):
    """Sam, with an account, who accepted Ana's "view and log" invitation and now sees her diary."""
    link = invite(client)
    make_account(app, "sam@example.org")
    sam = app.test_client()
    Auth(sam).login(email="sam@example.org")
    response = post_form(sam, path_of(link), {})
    assert response.headers["Location"] == "/dashboard"
    return sam


def test_an_invitation_link_is_shown_once_and_only_its_hash_is_kept(app, patient, client):
    link = invite(client)
    token = link.rsplit("/", 1)[1]
    page = client.get("/sharing").get_data(as_text=True)
    assert token not in page and "sam@example.org" in page and "Invitations not yet accepted" in page
    with app.app_context():
        stored = db.session.scalar(select(CaregiverLink))
        assert stored.token_hash == services.token_hash(token) and token not in stored.token_hash
        assert stored.expires_at - stored.created_at == timedelta(days=7)


def test_the_new_link_page_has_a_copy_button_and_a_qr_code(patient, client):
    response = post_form(client, "/sharing/invite", {"email": "sam@example.org", "permission": "view"},
                         token_from="/sharing")
    page = response.get_data(as_text=True)
    assert 'data-copy="invite-link"' in page and "<svg" in page and "QR code of the invitation link" in page


def test_bad_invitations_get_a_message_on_the_form(patient, client):
    for data, message in [({"email": "not an address", "permission": "view"}, "Enter an email address like"),
                          ({"email": "ana@example.org", "permission": "view"}, "cannot be their own caregiver"),
                          ({"email": "sam@example.org", "permission": "admin"}, "Not a valid choice")]:
        response = post_form(client, "/sharing/invite", data, token_from="/sharing")
        assert response.status_code == 422 and message in response.get_data(as_text=True), data


def test_a_caregiver_registers_through_the_link_on_a_server_closed_to_others(clock, make_app):
    app = make_app(REGISTRATION="invite")
    make_account(app, "ana@example.org")
    ana = app.test_client()
    Auth(ana).login()
    link = path_of(invite(ana))
    sam = app.test_client()
    assert sam.get("/register").status_code == 403, "no link, no account"
    page = sam.get(link).get_data(as_text=True)
    assert "Alex" in page and "Create an account" in page
    token = link.rsplit("/", 1)[1]
    form = sam.get(f"/register?invite={token}").get_data(as_text=True)
    assert 'value="sam@example.org"' in form, "the invited address is suggested"
    response = post_form(sam, f"/register?invite={token}",
                         {"email": "sam.other@example.org", "password": PASSWORD, "timezone": "Europe/London"})
    assert response.headers["Location"] == link, "another address is fine; back to the invitation"
    assert post_form(sam, link, {}).headers["Location"] == "/dashboard"
    dashboard = sam.get("/dashboard").get_data(as_text=True)
    assert BANNER.format("Alex") in dashboard and "can view and log" in dashboard
    assert "Attack now for Alex" in dashboard


@pytest.mark.parametrize("spoil, message", [
    ("expire", "This invitation has expired"),
    ("use", "This invitation link does not work"),
    ("withdraw", "This invitation link does not work"),
])
def test_an_expired_used_or_withdrawn_link_says_so(app, clock, patient, client, spoil, message):
    link = path_of(invite(client))
    make_account(app, "sam@example.org")
    someone = make_account(app, "someone@example.org")
    if spoil == "expire":
        clock.shift(timedelta(days=7))
    elif spoil == "use":
        sam = app.test_client()
        Auth(sam).login(email="sam@example.org")
        assert post_form(sam, link, {}).status_code == 302
    else:
        with app.app_context():
            link_id = db.session.scalar(select(CaregiverLink.id))
        post_form(client, f"/sharing/{link_id}/revoke", {}, token_from="/sharing")
    late = app.test_client()
    Auth(late).login(email="someone@example.org")
    response = late.get(link)
    assert response.status_code == 410 and message in response.get_data(as_text=True)
    assert post_form(late, link, {}, token_from="/dashboard").status_code == 410
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CaregiverLink).where(
            CaregiverLink.caregiver_id == someone.id)) == 0, "the late comer got no access"


def test_a_person_cannot_be_their_own_caregiver(patient, client):
    link = path_of(invite(client))
    response = post_form(client, link, {})
    assert response.status_code == 422 and "cannot be their own caregiver" in response.get_data(as_text=True)


def test_a_log_caregiver_logs_for_the_patient_and_the_patient_sees_who(app, patient, client, caregiver_client):
    sam = caregiver_client
    response = post_form(sam, "/attacks/now", {}, token_from="/dashboard")
    assert response.status_code == 302
    post_form(sam, "/days/2026-06-16", {"stress": "7", "notes": "bad night"})
    with app.app_context():
        attack = db.session.scalar(select(Attack))
        day = db.session.scalar(select(DailyLog))
        assert attack.user_id == patient.id and day.user_id == patient.id, "written in Ana's diary"
        sam_id = attack.author_id
        assert sam_id is not None and sam_id != patient.id and day.author_id == sam_id
    post_form(sam, f"/attacks/{attack.id}/doses",
              {"name": "ibuprofen", "drug_class": "simple analgesic", "dose": "400 mg"},
              token_from=f"/attacks/{attack.id}/progress")
    with app.app_context():
        assert db.session.scalar(select(MedicationDose.author_id)) == sam_id
    assert "logged by Sam" in client.get("/attacks/").get_data(as_text=True)
    assert "logged by Sam" in client.get("/days/").get_data(as_text=True)
    assert sam.get("/attacks/").status_code == 200
    # Sam's own diary stays empty, and going back to it is one button.
    post_form(sam, "/diary/switch", {}, token_from="/dashboard")
    assert BANNER.format("Alex") not in sam.get("/attacks/").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Attack.id)).where(Attack.user_id == sam_id)) == 0


def test_a_view_caregiver_is_refused_every_write_on_the_server(app, patient, client):
    link = path_of(invite(client, permission="view"))
    make_account(app, "sam@example.org")
    sam = app.test_client()
    Auth(sam).login(email="sam@example.org")
    post_form(sam, link, {})
    page = sam.get("/dashboard").get_data(as_text=True)
    assert "can view" in page and 'class="attack-now"' not in page, "the button is not offered"
    token = csrf_token(sam, "/dashboard")
    for path, data in [("/attacks/now", {}), ("/days/2026-06-16", {"stress": "3"}),
                       ("/attacks/new", {"started_at": "2026-06-16T08:00", "kind": "migraine"})]:
        response = sam.post(path, data={"csrf_token": token, **data})
        assert response.status_code == 403, path
        assert "not write in it" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Attack.id))) == 0
        assert db.session.scalar(select(func.count(DailyLog.id))) == 0
    for path in ("/dashboard", "/attacks/", "/days/", "/treatments/", "/questionnaires/", "/insights", "/articles/"):
        assert sam.get(path).status_code == 200, path


def test_neither_caregiver_may_delete_import_export_or_share(app, patient, client, caregiver_client):
    token = csrf_token(caregiver_client, "/dashboard")
    for method, path in [("get", "/data/export.json"), ("post", "/data/import"), ("get", "/sharing"),
                         ("post", "/sharing/invite"), ("get", "/treatments/new"), ("get", "/questionnaires/midas")]:
        response = getattr(caregiver_client, method)(path, data={"csrf_token": token} if method == "post" else None)
        assert response.status_code == 403, path
        assert "Only Alex can do this" in response.get_data(as_text=True), path


def test_revoking_ends_access_on_the_next_request(app, patient, client, caregiver_client):
    assert caregiver_client.get("/dashboard").status_code == 200
    with app.app_context():
        link_id = db.session.scalar(select(CaregiverLink.id))
    page = client.get("/sharing").get_data(as_text=True)
    assert "Sam" in page and "can view and log" in page and "last seen" in page
    post_form(client, f"/sharing/{link_id}/revoke", {}, token_from="/sharing")
    refused = caregiver_client.get("/attacks/")
    assert refused.status_code == 403 and "Access to that diary has ended" in refused.get_data(as_text=True)
    own = caregiver_client.get("/dashboard").get_data(as_text=True)
    assert BANNER.format("Alex") not in own and "Alex's diary" not in own, "back in their own diary, no way back"
    post_form(caregiver_client, "/diary/switch", {"patient": str(patient.id)}, token_from="/dashboard")
    assert BANNER.format("Alex") not in caregiver_client.get("/dashboard").get_data(as_text=True)


def test_the_patient_changes_a_caregivers_permission(app, patient, client, caregiver_client):
    with app.app_context():
        link_id = db.session.scalar(select(CaregiverLink.id))
    post_form(client, f"/sharing/{link_id}/permission", {"permission": "view"}, token_from="/sharing")
    response = post_form(caregiver_client, "/attacks/now", {}, token_from="/dashboard")
    assert response.status_code == 403
    post_form(client, f"/sharing/{link_id}/permission", {"permission": "log"}, token_from="/sharing")
    assert post_form(caregiver_client, "/attacks/now", {}, token_from="/dashboard").status_code == 302


def test_every_page_a_caregiver_opens_is_in_the_access_log(app, patient, client, caregiver_client):
    for _ in range(3):
        caregiver_client.get("/dashboard")
    caregiver_client.get("/articles/for-you")  # a part of the dashboard, not a page
    caregiver_client.get("/static/css/app.css")
    caregiver_client.get("/data/export.json")  # refused, and logged as such
    with app.app_context():
        rows = db.session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id)).all()
        assert [(r.action, r.detail) for r in rows] == [("viewed", "/dashboard")] * 3 + [
            ("refused", "/data/export.json")]
    page = client.get("/sharing").get_data(as_text=True)
    assert page.index("<code>/data/export.json</code>") < page.index("<code>/dashboard</code>"), "newest first"


def test_the_access_log_pages_back(app, clock, patient, client, caregiver_client):
    for _ in range(services.LOG_PAGE_SIZE + 5):
        clock.shift(timedelta(minutes=1))
        caregiver_client.get("/attacks/")
    first = client.get("/sharing").get_data(as_text=True)
    assert "Page 1 of 2" in first and first.count("<code>/attacks/</code>") == services.LOG_PAGE_SIZE
    second = client.get("/sharing?page=2").get_data(as_text=True)
    assert second.count("<code>/attacks/</code>") == 5 and "Page 2 of 2" in second


def test_a_caregiver_of_two_patients_switches_between_diaries(app, patient, client, caregiver_client):
    make_account(app, "bo@example.org")
    bo = app.test_client()
    Auth(bo).login(email="bo@example.org")
    link = path_of(invite(bo, patient_name="Bo", permission="view"))
    post_form(caregiver_client, link, {})
    assert BANNER.format("Bo") in caregiver_client.get("/dashboard").get_data(as_text=True)
    post_form(caregiver_client, "/diary/switch", {"patient": str(patient.id)}, token_from="/dashboard")
    page = caregiver_client.get("/dashboard").get_data(as_text=True)
    assert BANNER.format("Alex") in page and "Bo's diary</button>" in page, "the banner, and the menu's other choice"


def test_deleting_a_patient_removes_the_sharing_and_leaves_the_caregivers_diary(app, patient, client,
                                                                               caregiver_client):
    post_form(caregiver_client, "/attacks/now", {}, token_from="/dashboard")
    post_form(caregiver_client, "/diary/switch", {}, token_from="/dashboard")
    post_form(caregiver_client, "/attacks/now", {}, token_from="/dashboard")  # in Sam's own diary
    with app.app_context():
        sam_id = db.session.scalar(select(CaregiverLink.caregiver_id))
    sam_before = rows_of(app, sam_id)
    assert sam_before["caregiver_links.caregiver_id"] == 1 and sam_before["access_log.actor_id"] >= 1
    post_form(client, "/account/delete", {"password": PASSWORD}, token_from="/account")
    assert {name: n for name, n in rows_of(app, patient.id).items() if n} == {}
    sam_after = rows_of(app, sam_id)
    assert sam_after["attacks.user_id"] == 1 and sam_after["users.id"] == 1, "Sam's own diary is untouched"
    assert sam_after["caregiver_links.caregiver_id"] == 0 and sam_after["access_log.actor_id"] == 0
    assert caregiver_client.get("/dashboard").status_code == 200


def test_deleting_a_caregiver_removes_the_sharing_and_keeps_what_they_logged(app, patient, client,
                                                                            caregiver_client):
    post_form(caregiver_client, "/attacks/now", {}, token_from="/dashboard")
    with app.app_context():
        sam_id = db.session.scalar(select(CaregiverLink.caregiver_id))
    post_form(caregiver_client, "/account/delete", {"password": PASSWORD}, token_from="/account")
    assert {name: n for name, n in rows_of(app, sam_id).items() if n} == {}
    left = rows_of(app, patient.id)
    assert left["attacks.user_id"] == 1 and left["caregiver_links.patient_id"] == 0
    assert left["access_log.subject_id"] == 0
    assert "logged by" not in client.get("/attacks/").get_data(as_text=True)
