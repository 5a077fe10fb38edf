"""Page weight of the attack-now journey: what the server sends, in bytes, to a phone that opens the dashboard and
logs an attack. Run with `make bench`.

The demo account, logged in, opens the dashboard with an empty cache (the HTML, the part of it that loads
afterwards, and every stylesheet, script and icon it names), taps Attack now, takes a medication and ends the
attack. A small browser cache stands in for the phone's: a static answer is kept for its max-age and not asked
for again while fresh; pages (no-store) always are. Every request says it reads gzip, as browsers do; "body"
is the same answer decompressed, so "plain" is the journey as it was without compression. In-process, through
the test client: the figures are sizes, not times.
"""
import gzip
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.import_bench import bench_app  # noqa: E402
from diary.demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_TIMEZONE, seed_demo  # noqa: E402
from diary.timezones import local_today  # noqa: E402

BROWSER_ENCODINGS = "gzip, deflate, br, zstd"
SUBRESOURCE = re.compile(r'<(?:link|script)\b[^>]*?\b(?:href|src)="([^"]+)"')
LOADED_PART = re.compile(r'data-load="([^"]+)"')
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def wire_bytes(response) -> tuple[int, int, int]:
    """(headers, body without its Content-Encoding, body as sent)."""
    head = len(f"HTTP/1.1 {response.status}\r\n") + sum(len(f"{k}: {v}\r\n") for k, v in response.headers.items())
    sent = response.get_data()
    plain = gzip.decompress(sent) if response.headers.get("Content-Encoding") == "gzip" else sent
    return head + 2, len(plain), len(sent)


class Phone:
    """A test client with a browser's HTTP cache for static files, adding up what each step receives."""

    def __init__(self, client):
        self.client = client
        self.fresh_until: dict[str, float] = {}
        self.steps: list[tuple[str, str, int, int, int]] = []  # (step, what, headers, plain body, sent body)

    def _count(self, step: str, what: str, response) -> None:
        self.steps.append((step, what, *wire_bytes(response)))

    def request(self, step: str, what: str, method: str, path: str, **kwargs):
        response = self.client.open(path, method=method, headers={"Accept-Encoding": BROWSER_ENCODINGS}, **kwargs)
        assert response.status_code in (200, 302), (path, response.status_code)
        self._count(step, what, response)
        return response

    def page(self, step: str, method: str, path: str, **kwargs) -> str:
        """A page as a browser loads it: redirects followed, then what it names that is not in the cache."""
        response = self.request(step, "HTML", method, path, **kwargs)
        while response.status_code == 302:
            response = self.request(step, "HTML", "GET", response.headers["Location"])
        html = gzip.decompress(response.data).decode() if response.headers.get("Content-Encoding") else response.text
        for part in LOADED_PART.findall(html):
            self.request(step, "HTML", "GET", part)
        for url in SUBRESOURCE.findall(html):
            if self.fresh_until.get(url, 0) > time.monotonic():
                continue
            answer = self.request(step, url.split("?")[0], "GET", url)
            max_age = re.search(r"max-age=(\d+)", answer.headers.get("Cache-Control", ""))
            if max_age and "no-store" not in answer.headers.get("Cache-Control", ""):
                self.fresh_until[url] = time.monotonic() + int(max_age.group(1))
        return html


def attack_now_journey(phone: Phone) -> None:
    dashboard = phone.page("dashboard, first visit", "GET", "/dashboard")
    attack = phone.page("tap Attack now: the attack screen", "POST", "/attacks/now",
                        data={"csrf_token": CSRF.search(dashboard).group(1)})
    attack_id = re.search(r'action="/attacks/(\d+)/doses"', attack).group(1)
    one_tap = re.search(r'<form method="post" action="/attacks/\d+/doses" class="inline-form">(.*?)</form>',
                        attack, re.S)
    dose = dict(re.findall(r'name="(\w+)" value="([^"]*)"', one_tap.group(1))) if one_tap else \
        {"csrf_token": CSRF.search(attack).group(1), "name": "ibuprofen", "dose": "400 mg"}
    attack = phone.page("took a medication", "POST", f"/attacks/{attack_id}/doses", data=dose)
    phone.page("attack ended", "POST", f"/attacks/{attack_id}/end",
               data={"csrf_token": CSRF.search(attack).group(1)})


def kb(n: int) -> str:
    return f"{n / 1024:10.1f}"


def line(label: str, rows: list[tuple[int, int, int]]) -> tuple[int, int]:
    """Print headers, plain body and gzip body of `rows` added up; return (plain total, gzip total)."""
    head, plain, sent = (sum(r[i] for r in rows) for i in range(3))
    print(f"    {label:46}{kb(head)}{kb(plain)}{kb(sent)}{kb(head + plain)}{kb(head + sent)}")
    return head + plain, head + sent


def report(phone: Phone) -> None:
    print("attack-now journey of the demo account: KB the server sends (HTTP/1.1 headers uncompressed; TLS and the")
    print("requests left out). plain = without compression, gzip = as sent to a browser.")
    print(f"    {'':46}{'headers':>10}{'body':>10}{'body gz':>10}{'plain':>10}{'gzip':>10}")
    totals = {}
    for step in dict.fromkeys(step for step, *_ in phone.steps):
        rows = [row for row in phone.steps if row[0] == step]
        pages = [row[2:] for row in rows if row[1] == "HTML"]
        files = [row for row in rows if row[1] != "HTML"]
        print(f"  {step}")
        line(f"HTML ({len(pages)} answers: redirect, page, parts)", pages)
        for _, what, *sizes in files:
            line(what, [sizes])
        if not files:
            print("    no static file asked for: all fresh in the cache")
        totals[step] = [row[2:] for row in rows]
    first, *later = totals
    print("  totals")
    line("first visit, empty cache", totals[first])
    plain, sent = line("later pages, warm cache (all three)", [row for step in later for row in totals[step]])
    print(f"    {'... each, on average':46}{'':30}{kb(plain // len(later))}{kb(sent // len(later))}")
    line("whole journey", [row for rows in totals.values() for row in rows])


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = bench_app(folder, RATELIMIT_ENABLED=False)
        with app.app_context():
            seed_demo(local_today(DEMO_TIMEZONE))
        client = app.test_client()
        login = client.get("/login").text
        client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD,
                                    "csrf_token": CSRF.search(login).group(1)})
        phone = Phone(client)
        attack_now_journey(phone)
        report(phone)


if __name__ == "__main__":
    main()
