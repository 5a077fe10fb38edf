"""The same request sent eight times at once (a double tap, a phone retrying): one entry, and no error page.

Eight identical POSTs once gave: Attack now 2 × 500, a new attack 4 × 500, a treatment 2 × 500, a day 1 × 500, an
import 5 × 500, five MIDAS results for one date, and a dose sent twice stored twice. Here they go to the app served
over real HTTP by a threaded server, so the requests really overlap.
"""
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid

from sqlalchemy import func, select

from diary.extensions import db
from diary.models import Attack, DailyLog, MedicationDose, QuestionnaireResult, TreatmentCourse

from .conftest import csrf_token
from .diaries import example

TAPS = 8


def _all_at_once(url: str, cookie: str, body: bytes, content_type: str) -> list[int]:
    """POST the same body TAPS times at once; the status of each answer (redirects not followed)."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    start, statuses = threading.Barrier(TAPS), []

    def tap():
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Cookie": f"session={cookie}", "Content-Type": content_type})
        start.wait()
        try:
            statuses.append(opener.open(request, timeout=30).status)
        except urllib.error.HTTPError as answer:
            statuses.append(answer.code)

    threads = [threading.Thread(target=tap) for _ in range(TAPS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _form(fields: dict) -> tuple[bytes, str]:
    return urllib.parse.urlencode(fields, doseq=True).encode(), "application/x-www-form-urlencoded"


def _multipart(fields: dict, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
               f'Content-Type: application/json\r\n\r\n'.encode() + content + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_eight_taps_at_once_make_one_entry_and_no_error(clock, app, client, logged_in, live_server):
    token = csrf_token(client, "/attacks/new")
    cookie = client.get_cookie("session").value
    key = uuid.uuid4().hex  # what the page would have put in its hidden field, the same in every retry
    cases = [
        ("/attacks/now", _form({"csrf_token": token}), Attack, 1),
        ("/attacks/new", _form({"csrf_token": token, "submission": key, "kind": "migraine",
                                "started_at": "2026-06-10T08:00", "ended_at": "2026-06-10T12:00",
                                "peak_intensity": "6"}), Attack, 2),
        ("/attacks/doses", _form({"csrf_token": token, "submission": uuid.uuid4().hex, "name": "ibuprofen",
                                  "dose": "400 mg", "taken_at": "2026-06-11T09:00"}), MedicationDose, 1),
        ("/treatments/new", _form({"csrf_token": token, "submission": uuid.uuid4().hex, "name": "Erenumab",
                                   "purpose": "preventive", "started_on": "2026-03-01"}), TreatmentCourse, 1),
        ("/days/2026-06-12", _form({"csrf_token": token, "stress": "4"}), DailyLog, 1),
        ("/questionnaires/midas", _form({"csrf_token": token, "taken_on": "2026-06-12", "q1": "2", "q2": "1",
                                         "q3": "0", "q4": "0", "q5": "3"}), QuestionnaireResult, 1),
    ]
    for path, (body, content_type), model, expected in cases:
        statuses = _all_at_once(live_server + path, cookie, body, content_type)
        assert all(status < 500 for status in statuses), (path, statuses)
        assert _count(app, model) == expected, path

    backup = json.dumps({**example(), "days": [], "treatments": [], "questionnaires": []}).encode()
    body, content_type = _multipart({"csrf_token": token, "source": "migraine-diary"}, "backup.json", backup)
    statuses = _all_at_once(live_server + "/data/import", cookie, body, content_type)
    assert all(status < 500 for status in statuses), statuses
    assert _count(app, Attack) == 3 and _count(app, MedicationDose) == 3, "imported once, merged seven times"


def test_a_form_sent_again_later_gets_the_first_answer_not_a_second_entry(clock, app, client, logged_in):
    """A phone that lost the answer sends the same page again, seconds later: same key, same entry."""
    from .conftest import post_form

    page = client.get("/attacks/doses").get_data(as_text=True)
    key = page.split('name="submission" type="hidden" value="', 1)[1][:32]
    dose = {"submission": key, "name": "ibuprofen", "dose": "400 mg", "taken_at": "2026-06-17T11:00"}
    first, second = (post_form(client, "/attacks/doses", dose) for _ in range(2))
    assert first.status_code == second.status_code == 302
    other = {**dose, "submission": uuid.uuid4().hex}  # another page: the same dose again, on purpose
    assert post_form(client, "/attacks/doses", other).status_code == 302
    assert _count(app, MedicationDose) == 2


def test_a_late_copy_of_attack_now_after_the_attack_ended_starts_no_second_attack(clock, app, client, logged_in):
    """A retried "Attack now" that arrives after "Attack ended" (found by make loadtest): the page's one-time key
    gives the attack that tap started, while a tap from a new page starts a new attack."""
    from .conftest import post_form

    page = client.get("/attacks/").get_data(as_text=True)
    key = page.split('name="submission" value="', 1)[1][:32]
    first = post_form(client, "/attacks/now", {"submission": key}, token_from="/attacks/")
    attack_path = first.headers["Location"]
    attack_id = int(attack_path.split("/")[2])
    assert post_form(client, f"/attacks/{attack_id}/end", {}, token_from="/attacks/").status_code == 302
    again = post_form(client, "/attacks/now", {"submission": key}, token_from="/attacks/")
    assert again.headers["Location"] == attack_path
    assert _count(app, Attack) == 1
    post_form(client, "/attacks/now", {"submission": uuid.uuid4().hex}, token_from="/attacks/")
    assert _count(app, Attack) == 2
