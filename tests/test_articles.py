"""The article library: every file valid and cited, every pattern covered, links that use the person's figures."""
import re
from pathlib import Path

import pytest

from diary.articles.library import PATTERNS, ArticleError, load_article, load_library, render_markdown
from diary.articles.links import articles_for

from .conftest import post_form


@pytest.fixture(scope="module")
def library():
    return load_library()


def test_every_article_validates_and_there_are_at_least_sixteen(library):
    assert len(library) >= 16
    assert len({a.slug for a in library}) == len(library)
    for article in library:
        assert 300 <= article.words <= 700, (article.slug, article.words)
        assert article.summary.count(". ") == 0, f"{article.slug}: the summary is one sentence"


def test_every_reference_has_a_doi_or_a_pmid(library):
    for article in library:
        assert article.references, article.slug
        for ref in article.references:
            assert (ref.doi and re.fullmatch(r"10\.\d{4,9}/\S+", ref.doi)) or (ref.pmid and ref.pmid.isdigit())
            assert ref.url.startswith(("https://doi.org/10.", "https://pubmed.ncbi.nlm.nih.gov/"))


def test_every_pattern_in_the_vocabulary_has_an_article(library):
    covered = {p for a in library for p in a.patterns}
    assert set(PATTERNS) - covered == set()


def test_a_bad_file_is_an_error_naming_the_file_and_field(tmp_path):
    good = next(Path(__file__).resolve().parent.parent.joinpath("diary/articles/content").glob("*.md")).read_text()
    cases = {"evidence": ("evidence: ", "evidence: hearsay"), "patterns": ("patterns: [", "patterns: [trigger:moon, "),
             "doi": ("doi: 10.", "doi: 11.")}
    for field, (old, new) in cases.items():
        path = tmp_path / f"bad-{field}.md"
        text = good.replace(old, new, 1)
        path.write_text(re.sub(r"^slug: .*$", f"slug: bad-{field}", text, count=1, flags=re.MULTILINE))
        with pytest.raises(ArticleError, match=rf"^bad-{field}\.md: .*{field}"):
            load_article(path)


def test_markup_in_an_article_renders_inert():
    html = render_markdown('Hello <script>alert(1)</script> <a href="javascript:alert(1)">x</a> '
                           "<img src=x onerror=alert(1)> **bold**")
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html and "<img" not in html
    assert "<strong>bold</strong>" in html


def _stress_report(verdict="likely_trigger"):
    return {"factors": [{"factor": "stress", "exposure": "stress >= 7", "lag_days": 1, "verdict": verdict,
                         "odds_ratio": 2.4, "ci": [1.3, 4.4], "sentence": "On days after stress of 7 or more, an "
                         "attack started on 31 % of days, against 12 % otherwise (odds ratio 2.4, ...)."}],
            "treatments": [], "warnings": []}


def test_a_stress_trigger_links_a_stress_article_with_the_persons_figures(library):
    links = articles_for(_stress_report(), library)
    stress = [link for link in links if link["pattern"] == "trigger:stress"]
    assert stress, links
    assert "31 % of days, against 12 % otherwise" in stress[0]["reason"]
    assert "odds ratio 2.4" in stress[0]["reason"]
    assert all("trigger:stress" in next(a for a in library if a.slug == link["slug"]).patterns for link in stress)


def test_a_diary_without_a_pattern_links_nothing_personal(library):
    assert articles_for(_stress_report("no_clear_link"), library) == []
    assert articles_for({"factors": [], "treatments": [], "warnings": []}, library) == []


def test_library_page_search_filter_and_article_page(client, logged_in, library):
    page = client.get("/articles/").get_data(as_text=True)
    assert all(a.title in page for a in library)
    page = client.get("/articles/?q=stress").get_data(as_text=True)
    assert "Stress" in page and len(re.findall(r'href="/articles/[a-z-]+"', page)) < len(library)
    page = client.get("/articles/?tag=treatment:gepant").get_data(as_text=True)
    assert len(re.findall(r'href="/articles/[a-z-]+"', page)) >= 1
    # Topics read as words, in the filter and under each article; the keys stay in the links only.
    assert '<option value="treatment:gepant" selected>Gepants</option>' in page
    assert not re.search(r">[^<]*\b(trigger|treatment|pattern|warning|letdown):", page)
    article = library[0]
    page = client.get(f"/articles/{article.slug}").get_data(as_text=True)
    assert article.title in page and article.references[0].url in page
    assert client.get("/articles/no-such-article").status_code == 404


def test_a_user_note_with_markup_renders_inert(app, client, logged_in):
    response = post_form(client, "/attacks/new", {"started_at": "2026-03-10T07:30", "ended_at": "2026-03-10T09:30",
                                                  "kind": "migraine", "notes": "<script>alert(1)</script>"})
    assert response.status_code == 302
    edit = client.get("/attacks/").get_data(as_text=True)
    assert "<script>alert(1)" not in edit
    page = client.get(re.search(r'href="(/attacks/\d+/edit)"', edit).group(1)).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_a_bad_article_stops_the_app_from_starting(monkeypatch, tmp_path):
    from diary import create_app
    from diary.articles import library as articles

    (tmp_path / "broken.md").write_text("---\ntitle: Broken\n---\nNo slug, no references.\n")
    monkeypatch.setattr(articles, "CONTENT", tmp_path)
    with pytest.raises(ArticleError, match=r"^broken\.md: slug: is required"):
        create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "x"})


def test_one_finding_that_fits_two_articles_gives_its_figures_once(library):
    links = [link for link in articles_for(_stress_report(), library) if link["pattern"] == "trigger:stress"]
    assert len(links) == 2, "both stress articles are offered"
    assert "31 % of days, against 12 % otherwise" in links[0]["reason"]
    assert "31 %" not in links[1]["reason"] and links[1]["reason"].startswith("More on the same finding: ")
    assert not any(link["reason"].endswith("..") for link in links)
