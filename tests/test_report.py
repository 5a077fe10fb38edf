"""The doctor report: a hand-built quarter whose figures are counted by hand below, on the page and in the PDF."""
import io
import json
import re
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
from sqlalchemy import select

from diary.extensions import db
from diary.models import AccessLogEntry, Attack, DailyLog, MedicationDose, QuestionnaireResult, User
from diary.report.pdf import chromium

from .conftest import IN_CI, Auth, make_account

BERLIN = ZoneInfo("Europe/Berlin")
# With the clock at 17 June 2026 the report shows March to May 2026 (92 days) against the 92 days before.
MISSING_DAYS = {date(2026, 4, 10), date(2026, 4, 11)}


def at(day: str, hour: int, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=BERLIN)


def build_quarter(app, user_id: int) -> None:
    """Daily logs on 90 of the 92 days; four attacks; MIDAS and HIT-6. The figures it should give:

    migraine days: 3 Mar, 20 and 21 Mar (22:00 to 03:00 makes two days), 15 May = 4 -> 4 / 90 * 28 = 1.2
    headache days: those and 5 Apr = 5 -> 5 / 90 * 28 = 1.6
    acute medication days: 3 Mar, 20 Mar, 5 Apr, 15 May = 4 -> 1.2
    intensity: (6 + 8 + 3 + 7) / 4 = 6.0, worst 8
    triptan days per month: 2, 0, 1; simple analgesics: 0, 1, 1; several classes together: 0, 0, 1 (May)
    MIDAS 7 (grade II) after 30 (grade IV); HIT-6 60 (severe impact)
    """
    with app.app_context():
        day = date(2026, 3, 1)
        while day <= date(2026, 5, 31):
            if day not in MISSING_DAYS:
                db.session.add(DailyLog(user_id=user_id, date=day, stress=2))
            day += timedelta(days=1)
        for start, end, kind, intensity, aura, doses in [
            (at("2026-03-03", 8), at("2026-03-03", 14), "migraine", 6, False,
             [("sumatriptan", "triptan", "50 mg", at("2026-03-03", 8, 30), 3)]),
            (at("2026-03-20", 22), at("2026-03-21", 3), "migraine", 8, True,
             [("sumatriptan", "triptan", "50 mg", at("2026-03-20", 22, 30), 2)]),
            (at("2026-04-05", 10), at("2026-04-05", 12), "headache", 3, False,
             [("ibuprofen", "simple analgesic", "400 mg", at("2026-04-05", 10, 15), 1)]),
            (at("2026-05-15", 7), at("2026-05-15", 19), "migraine", 7, False,
             [("sumatriptan", "triptan", "50 mg", at("2026-05-15", 7, 30), 2),
              ("ibuprofen", "simple analgesic", "400 mg", at("2026-05-15", 12), None)]),
        ]:
            attack = Attack(user_id=user_id, started_at=start, ended_at=end, kind=kind, peak_intensity=intensity,
                            aura=aura)
            for name, drug_class, dose, taken_at, relief in doses:
                attack.doses.append(MedicationDose(user_id=user_id, name=name, drug_class=drug_class, dose=dose,
                                                   taken_at=taken_at, relief=relief))
            db.session.add(attack)
        db.session.add_all([
            QuestionnaireResult(user_id=user_id, kind="MIDAS", taken_on=date(2026, 1, 5), answers=[10, 5, 5, 5, 5],
                                score=30),
            QuestionnaireResult(user_id=user_id, kind="MIDAS", taken_on=date(2026, 4, 1), answers=[2, 1, 3, 0, 1],
                                score=7),
            QuestionnaireResult(user_id=user_id, kind="HIT-6", taken_on=date(2026, 4, 1), answers=["sometimes"] * 6,
                                score=60)])
        db.session.commit()


# What the page and the PDF must both say, counted by hand above.
EXPECTED = ["90 of 92 days", "Migraine days 1.2", "Headache days 1.6", "Acute medication days 1.2",
            "4 attacks started in the period", "average intensity 6.0, worst 8 of 10",
            "Grade II (mild disability)", "Grade IV (severe disability)", "60 · severe impact",
            "triptan 2 0 1", "simple analgesics 0 1 1", "several classes together 0 0 1",
            "Mar 2026 31 of 31 3 3 2", "Apr 2026 28 of 30 0 1 1", "May 2026 31 of 31 1 1 1"]


def plain(text: str) -> str:
    """Text with tags and runs of white space gone, so that a table row reads as one line of words."""
    text = re.sub(r"<[^>]+>", " ", text).replace("&#39;", "'").replace("&amp;", "&")
    return re.sub(r"\s+([,.;:)])", r"\1", re.sub(r"\s+", " ", text))


def pdf_text(content: bytes) -> tuple[str, list]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return plain(" ".join(page.extract_text() or "" for page in pdf.pages)), [p.bbox for p in pdf.pages]


@pytest.fixture
def patient(clock, app, client):
    account = make_account(app, "ana@example.org")
    build_quarter(app, account.id)
    Auth(client).login()
    return account


def test_the_page_shows_the_hand_counted_figures(patient, client):
    page = plain(client.get("/report").get_data(as_text=True))
    missing = [expected for expected in EXPECTED if expected not in page]
    assert not missing, missing
    assert "01 Mar 2026 to 31 May 2026" in page and "Previous 92 days" in page


def test_the_pdf_says_what_the_page_says(patient, client):
    response = client.get("/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename="headache-diary-2026-03-01-to-2026-05-31.pdf"' in response.headers["Content-Disposition"]
    text, pages = pdf_text(response.data)
    missing = [expected for expected in EXPECTED if expected not in text]
    assert not missing, missing
    assert len(pages) >= 2 and f"Page 1 of {len(pages)}" in text and f"Page {len(pages)} of {len(pages)}" in text
    assert text.count("Self-reported diary, not a diagnosis") == len(pages), "the footer on every page"
    assert "sumatriptan 50 mg: pain-free" in text, "the attack table, with the relief at two hours"
    assert "Menstruation is not logged in this period." in text


def test_the_pdf_is_a4_or_letter_and_tagged_for_screen_readers(patient, client):
    for paper, size in (("a4", (595, 842)), ("letter", (612, 792))):
        content = client.get(f"/report.pdf?paper={paper}").data
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            assert tuple(round(v) for v in pdf.pages[0].bbox[2:]) == size, paper
            catalog = pdf.doc.catalog
            assert "StructTreeRoot" in catalog and "MarkInfo" in catalog, "a tagged PDF (PDF/UA)"
    assert client.get("/report.pdf?paper=a3").status_code == 400


def test_without_chromium_the_pdf_comes_with_the_charts_numbers(app, patient, client):
    app.config["CHROMIUM_PATH"] = "/nonexistent"
    text, _ = pdf_text(client.get("/report.pdf").data)
    assert "The chart could not be drawn on this server; its numbers:" in text
    assert "Migraine days" in text and "Headache days" in text


def test_with_chromium_the_chart_is_drawn_as_a_vector(app, patient, client):
    with app.app_context():
        found = chromium()
    if found is None:
        message = "Chromium not found; install Debian's chromium package"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    content = client.get("/report.pdf").data
    text, _ = pdf_text(content)
    assert "could not be drawn" not in text
    # The chart's own words are text in the PDF, not pixels (placed word by word, so read without the spaces).
    assert "15:overuselevelforsimplepainkillers" in text.replace(" ", "")


def test_a_period_without_entries_says_so(patient, client):
    page = plain(client.get("/report?from=2025-01-01&to=2025-01-31").get_data(as_text=True))
    assert "The diary holds no entries in this period" in page
    text, _ = pdf_text(client.get("/report.pdf?from=2025-01-01&to=2025-01-31").data)
    assert "The diary holds no entries in this period" in text and "Attacks in the period" not in text


@pytest.mark.parametrize("query, message", [
    ("from=2026-05-01&to=2026-04-01", "The custom period ends before it starts."),
    ("from=yesterday&to=2026-04-01", "Enter both dates of the custom period"),
    ("from=2020-01-01&to=2026-04-01", "A report covers at most two years"),
])
def test_a_period_that_cannot_be_reported_gets_a_message(patient, client, query, message):
    page = client.get(f"/report?{query}")
    assert page.status_code == 422 and message in page.get_data(as_text=True)
    assert "90 of 92 days" in plain(page.get_data(as_text=True)), "the default period is shown instead"
    assert client.get(f"/report.pdf?{query}").status_code == 400


def test_the_command_line_writes_the_same_report(app, patient, tmp_path):
    out = tmp_path / "report.pdf"
    result = app.test_cli_runner().invoke(args=["report", "--user", "ana@example.org", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text, _ = pdf_text(out.read_bytes())
    assert all(expected in text for expected in EXPECTED)
    refused = app.test_cli_runner().invoke(args=["report", "--user", "ana@example.org", "--from", "2026-05-01",
                                                 "--to", "2026-04-01", "--out", str(out)])
    assert refused.exit_code == 1 and "The custom period ends before it starts." in refused.output


def test_the_tables_and_the_bundle_download_from_the_page_and_the_command_line(app, patient, client, tmp_path):
    with zipfile.ZipFile(io.BytesIO(client.get("/report.zip").data)) as archive:
        assert sorted(archive.namelist()) == ["attacks.csv", "days.csv", "doses.csv", "questionnaires.csv",
                                              "treatments.csv"]
        assert archive.read("attacks.csv").decode("utf-8-sig").count("\r\n") == 1 + 4
    bundle = json.loads(client.get("/report.fhir.json").data)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    for fmt, name in (("csv", "tables.zip"), ("fhir", "bundle.json")):
        result = app.test_cli_runner().invoke(args=["export", "--user", "ana@example.org", "--format", fmt,
                                                    "--out", str(tmp_path / name)])
        assert result.exit_code == 0 and Path(tmp_path / name).stat().st_size > 100, result.output


def test_a_caregiver_opens_the_report_and_the_patient_sees_it_in_the_log(app, patient, client):
    from diary.sharing import services as sharing

    caregiver = make_account(app, "sam@example.org")
    with app.app_context():
        link, _ = sharing.invite(db.session.get(User, patient.id), "sam@example.org", "view")
        sharing.accept(link, db.session.get(User, caregiver.id))
    sam = app.test_client()
    Auth(sam).login(email="sam@example.org")
    with sam.session_transaction() as session:
        session["diary_of"] = patient.id
    app.config["CHROMIUM_PATH"] = "/nonexistent"
    assert "90 of 92 days" in plain(sam.get("/report").get_data(as_text=True))
    text, _ = pdf_text(sam.get("/report.pdf").data)
    assert "ana@example.org" in text and "90 of 92 days" in text, "the patient's report, not Sam's own"
    with app.app_context():
        logged = db.session.scalars(select(AccessLogEntry.detail).where(
            AccessLogEntry.subject_id == patient.id)).all()
    assert logged == ["/report", "/report.pdf"]


def test_a_period_ending_after_today_ends_today(patient, client):
    page = plain(client.get("/report?from=2026-05-01&to=2026-07-01").get_data(as_text=True))
    assert "01 May 2026 to 17 Jun 2026 (48 days)" in page
