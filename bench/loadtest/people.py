"""The simulated people: each registers an account of their own, then keeps using the diary as fast as the server
answers, and notes every write the server acknowledged, for the database check afterwards.

A person whose connection fails sends the same request again (the same form, with its CSRF token and one-time
submission key), like a phone that retries: that must not double an entry (diary/submissions.py).
"""
from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime, time as time_of_day, timedelta, timezone

import httpx

from .pages import Form, find_form

RETRY_FOR = 90  # seconds a person keeps retrying through a fault (a restart with --preload takes several)
PASSWORD = "a long load-test passphrase 7"
DOSE = ("ibuprofen", "400 mg")
# What a person does next, and how often (weights).
ACTIONS = (("attack_now_and_end", 2), ("full_attack", 2), ("daily_log", 3), ("dashboard", 2), ("attack_list", 2),
           ("trivial", 2))
LOCAL_MINUTE = "%Y-%m-%dT%H:%M"
KIND_HEADER = "X-Loadtest-Kind"  # for the server's access log (server.ACCESS_LOG_FORMAT)


@dataclass
class Exchange:
    """One request and its answer (status None: the connection failed)."""
    kind: str
    started: float  # time.monotonic()
    seconds: float
    status: int | None
    ok: bool
    problem: str = ""


@dataclass
class Writes:
    """What a person tried to save, and what the server acknowledged."""
    taps: int = 0                                          # "Attack now" taps sent
    started: set[int] = field(default_factory=set)         # attacks "Attack now" answered with
    ended: set[int] = field(default_factory=set)           # attacks whose "Attack ended" was acknowledged
    forms_sent: dict[str, datetime] = field(default_factory=dict)   # submission key -> start, full attack form
    forms_saved: dict[str, datetime] = field(default_factory=dict)
    days_sent: dict[date, int] = field(default_factory=dict)        # date -> stress
    days_saved: dict[date, int] = field(default_factory=dict)


class Person:
    def __init__(self, number: int, base_url: str, seed: int):
        self.number = number
        self.email = f"load{number}@example.org"
        # Each person comes from an address of their own (see server.server_environment).
        headers = {"X-Forwarded-For": f"10.0.{number // 250}.{number % 250 + 1}"}
        self.http = httpx.Client(base_url=base_url, headers=headers, timeout=30)
        self.anonymous = httpx.Client(base_url=base_url, headers=headers, timeout=30)
        self.random = random.Random(seed)
        self.exchanges: list[Exchange] = []
        self.writes = Writes()
        self.today = datetime.now(timezone.utc).date()
        self.days_logged = 0
        self.attacks_logged = 0
        self.writes_retried = 0  # forms acknowledged only after their first send lost its connection

    # --- talking to the server

    def send(self, kind: str, method: str, url: str, form: Form | None = None, expect: int | str = 200,
             client: httpx.Client | None = None) -> httpx.Response | None:
        """One request, sent again after a connection error until it is answered (or RETRY_FOR seconds pass).
        `expect` is the status wanted, or a pattern the redirect's Location must match."""
        client = client or self.http
        give_up, pause, attempts = time.monotonic() + RETRY_FOR, 0.2, 0
        while True:
            attempts += 1
            started = time.monotonic()
            try:
                response = client.request(method, url, data=form.as_data() if form else None,
                                          headers={KIND_HEADER: kind})
            except httpx.TransportError as error:
                self.exchanges.append(Exchange(kind, started, time.monotonic() - started, None, False,
                                               type(error).__name__))
                if time.monotonic() > give_up:
                    return None
                time.sleep(pause)
                pause = min(pause * 2, 2.0)
                continue
            ok = self._as_expected(response, expect)
            problem = "" if ok else f"{method} {url}: {response.status_code} {response.headers.get('location', '')}"
            self.exchanges.append(Exchange(kind, started, time.monotonic() - started, response.status_code, ok,
                                           problem))
            if ok and method == "POST" and attempts > 1:
                self.writes_retried += 1
            return response if ok else None

    @staticmethod
    def _as_expected(response: httpx.Response, expect: int | str) -> bool:
        if isinstance(expect, int):
            return response.status_code == expect
        return response.status_code in (302, 303) and bool(re.fullmatch(expect, response.headers.get("location", "")))

    def follow(self, kind: str, redirect: httpx.Response) -> httpx.Response | None:
        """A browser follows the redirect after a saved form (which also shows, and so clears, its message)."""
        return self.send(kind, "GET", redirect.headers["location"])

    # --- setting up

    def register(self) -> None:
        page = self.send("register_form", "GET", "/register")
        form = find_form(page.text) if page else None
        if form is None:
            raise RuntimeError(f"{self.email}: no registration form")
        form.fill({"email": self.email, "password": PASSWORD, "timezone": "UTC"})
        if self.send("register", "POST", "/register", form, expect="/dashboard") is None:
            raise RuntimeError(f"{self.email}: registration failed: {self.exchanges[-1].problem}")

    # --- what a person does

    def act(self) -> None:
        names, weights = zip(*ACTIONS)
        getattr(self, self.random.choices(names, weights)[0])()

    def attack_now_and_end(self) -> None:
        """The red button on any page, then "Attack ended" on the page it leads to."""
        page = self.send("attack_list", "GET", "/attacks/")
        if page is None:
            return
        button = find_form(page.text, action="/attacks/now")
        if button is None:  # an attack is still going on (an earlier end never got through): end that one
            bar = find_form(page.text, action=r"/attacks/\d+/end")
            if bar is not None:
                self._end(_attack_id(bar.action), bar)
            return
        self.writes.taps += 1
        answer = self.send("attack_now", "POST", "/attacks/now", button, expect=r"/attacks/\d+/progress")
        if answer is None:
            return
        attack_id = _attack_id(answer.headers["location"])
        self.writes.started.add(attack_id)
        progress = self.follow("attack_progress", answer)
        end = find_form(progress.text, action=f"/attacks/{attack_id}/end") if progress else None
        if end is not None:
            self._end(attack_id, end)

    def _end(self, attack_id: int, form: Form) -> None:
        # To the attack's page after the end (its details form, or one that offers an undo for a while).
        answer = self.send("attack_end", "POST", f"/attacks/{attack_id}/end", form,
                           expect=rf"/attacks/{attack_id}/\w+(\?.*)?")
        if answer is not None:
            self.writes.ended.add(attack_id)
            self.follow("attack_after_end", answer)

    def full_attack(self) -> None:
        """An attack logged afterwards with the whole form: times, intensity, one dose. Each starts on a day of
        its own in the past, at 08:00, so that no two of a person's attacks share a start."""
        page = self.send("attack_form", "GET", "/attacks/new")
        form = find_form(page.text, css_class="diary-form") if page else None
        if form is None:
            return
        self.attacks_logged += 1
        start = datetime.combine(self.today - timedelta(days=self.attacks_logged), time_of_day(8),
                                 tzinfo=timezone.utc)
        form.fill({"started_at": start.strftime(LOCAL_MINUTE),
                   "ended_at": (start + timedelta(hours=5)).strftime(LOCAL_MINUTE),
                   "kind": "migraine", "peak_intensity": str(self.random.randint(3, 9)), "disability": "2",
                   "symptoms": "nausea", "doses-0-name": DOSE[0], "doses-0-dose": DOSE[1],
                   "doses-0-drug_class": "simple analgesic",
                   "doses-0-taken_at": (start + timedelta(minutes=30)).strftime(LOCAL_MINUTE),
                   "notes": f"load test, person {self.number}"})
        key = form.value("submission")
        self.writes.forms_sent[key] = start
        answer = self.send("attack_save", "POST", "/attacks/new", form, expect=r"/attacks/")
        if answer is not None:
            self.writes.forms_saved[key] = start
            self.follow("attack_list", answer)

    def daily_log(self) -> None:
        """The log of a day not logged before, going back from yesterday."""
        self.days_logged += 1
        day = self.today - timedelta(days=self.days_logged)
        page = self.send("day_form", "GET", f"/days/{day.isoformat()}")
        form = find_form(page.text, css_class="diary-form") if page else None
        if form is None:
            return
        stress = self.random.randint(0, 10)
        form.fill({"stress": str(stress), "sleep_hours": "7.25", "caffeine_mg": "100", "mood": "3",
                   "notes": f"load test, person {self.number}"})
        self.writes.days_sent[day] = stress
        answer = self.send("day_save", "POST", f"/days/{day.isoformat()}", form, expect=r"/days/")
        if answer is not None:
            self.writes.days_saved[day] = stress
            self.follow("day_list", answer)

    def dashboard(self) -> None:
        """The dashboard, and the reading list its script then loads into the page."""
        if self.send("dashboard", "GET", "/dashboard") is not None:
            self.send("dashboard_articles", "GET", "/articles/for-you")

    def attack_list(self) -> None:
        self.send("attack_list", "GET", "/attacks/")

    def trivial(self) -> None:
        """The login page for someone not logged in: no database, one small template. What the server costs when
        the app does next to nothing, measured under the same load."""
        self.send("trivial", "GET", "/login", client=self.anonymous)

    def close(self) -> None:
        self.http.close()
        self.anonymous.close()


def _attack_id(path: str) -> int | None:
    found = re.match(r"/attacks/(\d+)/", path or "")
    return int(found.group(1)) if found else None
