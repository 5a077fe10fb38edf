"""The import and export page."""
import io
import json

from sqlalchemy import func, select

from diary.extensions import db
from diary.models import Attack

from .conftest import csrf_token
from .diaries import example
from .test_migraine_buddy import EXPORTED_AT, SAMPLE


def _upload(client, content: bytes, source="migraine-diary", filename="diary.json"):
    return client.post("/data/import", data={"csrf_token": csrf_token(client, "/data/"), "source": source,
                                             "file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def test_upload_shows_what_was_imported(app, client, logged_in):
    response = _upload(client, json.dumps(example()).encode())
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Imported" in page and "<th scope=\"row\">Attacks</th><td>1</td>" in page


def test_a_refused_upload_lists_every_fault_and_changes_nothing(app, client, logged_in):
    document = example()
    document["attacks"][0]["peak_intensity"] = 11
    document["days"][0]["sleep_hours"] = 30
    response = _upload(client, json.dumps(document).encode())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was imported" in page and "The file has 2 problems" in page
    assert "attacks[0].peak_intensity: 11 is above the maximum 10" in page
    assert "days[0].sleep_hours: 30.0 is above the maximum 24" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Attack.id))) == 0


def test_upload_a_migraine_buddy_export(clock, client, user, auth):
    clock.move_to(EXPORTED_AT)
    auth.login()
    page = _upload(client, SAMPLE.encode(), "migraine-buddy", "export.csv").get_data(as_text=True)
    assert "Rows left out" in page and "row #8" in page
    assert "2 ongoing events from the top of the file" in page


def test_upload_without_a_file_or_with_a_binary_file(client, logged_in):
    response = client.post("/data/import", data={"csrf_token": csrf_token(client, "/data/"), "source": "migraine-diary"},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose a file to import." in response.get_data(as_text=True)
    response = _upload(client, b"\xff\xfe\x00binary")
    assert response.status_code == 422 and "is not UTF-8 text" in response.get_data(as_text=True)


def test_download_is_the_whole_diary_as_a_file(client, logged_in):
    _upload(client, json.dumps(example()).encode())
    response = client.get("/data/export.json")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="migraine-diary-')
    assert json.loads(response.data)["attacks"][0]["peak_intensity"] == 7
