"""Hypothesis posts generated and hostile values to every form and both importers: never a server error, nothing
saved changes when a post is refused, and stored text is always shown escaped.

`pytest --hypothesis-profile=thorough tests/test_hostile_forms.py` runs 1,000 examples a test instead of 25.
"""
import csv
import io
import json

from hypothesis import given
from hypothesis import strategies as st

from diary.data.services import export_file
from diary.extensions import db
from diary.models import User

from .conftest import csrf_token

MARK = '<b id="hostile">'  # shown raw anywhere, it would be markup
HOSTILE = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=90, max_size=120),
    st.sampled_from([
        "", " ", MARK, MARK + "</b>", "<script>alert(1)</script>", "' OR 1=1 --", "\"; DROP TABLE attacks; --",
        "NaN", "Infinity", "-Infinity", "inf", "1e309", "-1", "-99999999999", "9" * 400, "0x10", "½", "٣",
        "0001-01-01T00:00", "9999-12-31T23:59", "2026-02-30T08:00", "2026-02-29", "1899-12-31", "2100-01-01",
        "Mars/Olympus_Mons", "../../etc/passwd", "Europe/Berlin\n", "\u202e", "\ufeff", "\r\n", "x" * 6000,
    ]),
)
DAY = "2026-06-16"
FORMS = {
    "/attacks/new": ["started_at", "ended_at", "kind", "peak_intensity", "aura", "aura_types", "symptoms",
                     "most_bothersome", "disability", "location", "notes", "doses-0-name", "doses-0-dose",
                     "doses-0-drug_class", "doses-0-taken_at", "doses-0-relief", "relief_methods-0-name",
                     "relief_methods-0-effect"],
    "/attacks/doses": ["name", "dose", "drug_class", "taken_at", "relief"],
    f"/days/{DAY}": ["stress", "sleep_hours", "sleep_quality", "caffeine_mg", "alcohol_units", "water_l",
                     "exercise_min", "menstruating", "gut_symptoms", "mood", "foods", "new_foods", "notes"],
    "/treatments/new": ["name", "purpose", "treatment_class", "dose", "started_on", "stopped_on"],
    "/questionnaires/midas": ["taken_on", "q1", "q2", "q3", "q4", "q5"],
    "/account": ["timezone", "birth_year", "sex", "conditions"],
}
VALID = {"started_at": "2026-06-16T08:00", "ended_at": "2026-06-16T12:00", "kind": "migraine", "peak_intensity": "6",
         "name": "Ibuprofen", "taken_at": "2026-06-16T09:00", "purpose": "preventive", "started_on": "2026-06-01",
         "taken_on": DAY, "timezone": "Europe/Berlin", "stress": "4"}
PAGES = ["/attacks/", "/attacks/doses", "/days/", f"/days/{DAY}", "/treatments/", "/questionnaires/", "/account",
         "/dashboard", "/insights"]


def _diary(app, user_id: int) -> str:
    with app.app_context():
        return export_file(db.session.get(User, user_id))


@given(path=st.sampled_from(sorted(FORMS)), data=st.data())
def test_hostile_values_in_any_form(clock, app, client, logged_in, path, data):
    fields = {name: data.draw(HOSTILE, label=name) if data.draw(st.booleans(), label=f"{name}?") else VALID.get(name)
              for name in FORMS[path]}
    before = _diary(app, logged_in.id)
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       **{k: v for k, v in fields.items() if v is not None}})
    assert response.status_code < 500, (path, fields)
    if response.status_code not in (302, 303):
        assert _diary(app, logged_in.id) == before, "a refused form changed the diary"
    for page in PAGES:
        shown = client.get(page)
        assert shown.status_code < 500 and MARK not in shown.get_data(as_text=True), page


@given(field=st.sampled_from(["date", "stress", "sleep_hours", "foods", "notes", "started_at", "ended_at",
                              "peak_intensity", "symptoms", "name", "taken_at", "timezone"]),
       value=st.one_of(HOSTILE, st.integers(), st.floats(), st.none(), st.booleans(), st.lists(HOSTILE, max_size=3),
                       st.dictionaries(st.text(max_size=5), st.integers(), max_size=2)))
def test_hostile_values_in_a_backup(clock, app, client, logged_in, field, value):
    document = {"format": "migraine-diary", "version": 1, "timezone": "Europe/Berlin",
                "days": [{"date": DAY, "stress": 3, "foods": ["bread"], "notes": MARK}],
                "attacks": [{"started_at": "2026-06-16T08:00:00+02:00", "ended_at": "2026-06-16T12:00:00+02:00",
                             "kind": "migraine", "peak_intensity": 5, "notes": MARK,
                             "medications": [{"name": MARK, "taken_at": "2026-06-16T08:30:00+02:00"}]}]}
    where = {"date": "days", "stress": "days", "sleep_hours": "days", "foods": "days", "notes": "days",
             "timezone": None, "name": "medications"}.get(field, "attacks")
    target = document if where is None else document["days"][0] if where == "days" else \
        document["attacks"][0]["medications"][0] if where == "medications" else document["attacks"][0]
    target[field] = value
    before = _diary(app, logged_in.id)
    content = json.dumps(document, allow_nan=True).encode()
    response = client.post("/data/import", data={"csrf_token": csrf_token(client, "/data/"),
                                                 "source": "migraine-diary", "file": (io.BytesIO(content), "b.json")},
                           content_type="multipart/form-data")
    assert response.status_code in (200, 422), (field, value)
    if response.status_code == 422:
        assert _diary(app, logged_in.id) == before, "a refused file changed the diary"
    for page in PAGES:
        shown = client.get(page)
        assert shown.status_code < 500 and MARK not in shown.get_data(as_text=True), page


@given(cells=st.fixed_dictionaries({name: HOSTILE for name in (
    "Started", "Lasted", "Attack Types", "Pain Level", "Symptoms", "Helpful Medication", "Potential Triggers",
    "Pain Positions", "Attack Location", "Notes", "Start UTC Offset (min)")}))
def test_hostile_cells_in_a_migraine_buddy_file(clock, app, client, logged_in, cells):
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(["#", *cells])
    writer.writerow(["1", *cells.values()])
    writer.writerow(["2", "2026-06-15 08:00", "2h", "Migraine", "5", "", MARK, "", "", "", MARK, ""])
    response = client.post("/data/import", data={
        "csrf_token": csrf_token(client, "/data/"), "source": "migraine-buddy",
        "file": (io.BytesIO(out.getvalue().encode("utf-8", "surrogatepass")), "export.csv")},
        content_type="multipart/form-data")
    assert response.status_code in (200, 422)
    assert MARK not in response.get_data(as_text=True)
    for page in PAGES:
        shown = client.get(page)
        assert shown.status_code < 500 and MARK not in shown.get_data(as_text=True), page
