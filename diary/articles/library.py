"""The article library: Markdown files with YAML front matter, checked when loaded, rendered to safe HTML.

A bad file is a clear error naming the file and the field, at start-up and in the tests, so a broken article
never reaches a reader. No Flask in here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import markdown
import nh3
import yaml

CONTENT = Path(__file__).resolve().parent / "content"
EVIDENCE_LEVELS = ("systematic review", "randomised trial", "observational", "lab or animal", "expert opinion")
# The diary patterns an article can explain; diary.articles.links maps the insights onto them.
# Each with the words the library page shows for it.
PATTERNS = {
    "trigger:stress": "Stress", "trigger:sleep_hours": "Sleep", "trigger:alcohol_units": "Alcohol",
    "trigger:caffeine_mg": "Caffeine", "trigger:food": "Food", "trigger:menstruating": "Periods",
    "trigger:gut_symptoms": "Gut symptoms", "letdown:stress": "Let-down after stress",
    "treatment:anti-cgrp": "Anti-CGRP treatment", "treatment:gepant": "Gepants",
    "treatment:behavioural": "CBT, mindfulness and relaxation", "treatment:probiotic": "Probiotics",
    "warning:medication_overuse": "Medication overuse", "pattern:chronic": "Chronic migraine",
    "pattern:cluster": "Cluster headache", "pattern:menstrual": "Menstrual migraine", "general": "General",
}
REQUIRED = ("title", "slug", "summary", "evidence", "patterns", "reviewed", "references")
ALLOWED_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "br"}


class ArticleError(ValueError):
    """An article file that does not follow the library's rules."""


@dataclass(frozen=True)
class Reference:
    authors: str
    title: str
    journal: str
    year: int
    doi: str | None
    pmid: str | None

    @property
    def url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    summary: str
    evidence: str
    patterns: tuple[str, ...]
    reviewed: date
    references: tuple[Reference, ...]
    body: str

    @property
    def html(self) -> str:
        return render_markdown(self.body)

    @property
    def words(self) -> int:
        return len(re.findall(r"\b\w[\w'-]*\b", self.body))

    def matches(self, query: str) -> bool:
        text = f"{self.title} {self.summary} {self.body}".lower()
        return all(word in text for word in query.lower().split())


def render_markdown(text: str) -> str:
    """Markdown to HTML with everything but plain formatting and links removed: a <script> in a file renders inert."""
    html = markdown.markdown(text, extensions=["sane_lists"])
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                     url_schemes={"https", "http", "mailto"}, link_rel="noopener noreferrer")


def _fail(path: Path, field: str, reason: str) -> ArticleError:
    return ArticleError(f"{path.name}: {field}: {reason}")


def _reference(path: Path, index: int, entry) -> Reference:
    where = f"references[{index}]"
    if not isinstance(entry, dict):
        raise _fail(path, where, "is not a mapping")
    for name in ("authors", "title", "journal", "year"):
        if not entry.get(name):
            raise _fail(path, f"{where}.{name}", "is required")
    doi, pmid = entry.get("doi"), entry.get("pmid")
    doi = str(doi).strip() if doi else None
    pmid = str(pmid).strip() if pmid else None
    if doi is None and pmid is None:
        raise _fail(path, where, "needs a doi or a pmid")
    if doi is not None and not re.fullmatch(r"10\.\d{4,9}/\S+", doi):
        raise _fail(path, f"{where}.doi", f"{doi!r} is not a DOI (10.xxxx/...)")
    if pmid is not None and not pmid.isdigit():
        raise _fail(path, f"{where}.pmid", f"{pmid!r} is not a PMID (digits)")
    if not isinstance(entry["year"], int) or not 1900 <= entry["year"] <= 2100:
        raise _fail(path, f"{where}.year", f"{entry['year']!r} is not a year")
    return Reference(str(entry["authors"]), str(entry["title"]), str(entry["journal"]), entry["year"], doi, pmid)


def load_article(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.DOTALL)
    if not match:
        raise _fail(path, "front matter", "the file must start with YAML between two '---' lines")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise _fail(path, "front matter", f"is not valid YAML ({error})") from None
    if not isinstance(meta, dict):
        raise _fail(path, "front matter", "is not a mapping")
    for name in REQUIRED:
        if meta.get(name) in (None, "", []):
            raise _fail(path, name, "is required")
    unknown = set(meta) - set(REQUIRED)
    if unknown:
        raise _fail(path, sorted(unknown)[0], "is not a field of an article")
    if meta["slug"] != path.stem:
        raise _fail(path, "slug", f"{meta['slug']!r} must equal the file name {path.stem!r}")
    if meta["evidence"] not in EVIDENCE_LEVELS:
        raise _fail(path, "evidence", f"{meta['evidence']!r} is not one of: {', '.join(EVIDENCE_LEVELS)}")
    if not isinstance(meta["patterns"], list):
        raise _fail(path, "patterns", "is not a list")
    for pattern in meta["patterns"]:
        if pattern not in PATTERNS:
            raise _fail(path, "patterns", f"{pattern!r} is not in the vocabulary")
    if not isinstance(meta["reviewed"], date):
        raise _fail(path, "reviewed", "is not a date (YYYY-MM-DD)")
    if not isinstance(meta["references"], list):
        raise _fail(path, "references", "is not a list")
    references = tuple(_reference(path, i, entry) for i, entry in enumerate(meta["references"]))
    return Article(str(meta["slug"]), str(meta["title"]), " ".join(str(meta["summary"]).split()),
                   str(meta["evidence"]), tuple(meta["patterns"]), meta["reviewed"], references,
                   match.group(2).strip())


def load_library(folder: Path | None = None) -> tuple[Article, ...]:
    """Every article, checked; sorted by title. Raises ArticleError naming the first bad file and field."""
    return _load(folder or CONTENT)


@lru_cache(maxsize=4)
def _load(folder: Path) -> tuple[Article, ...]:
    return tuple(sorted((load_article(p) for p in sorted(folder.glob("*.md"))), key=lambda a: a.title))


def find(slug: str) -> Article | None:
    return next((a for a in load_library() if a.slug == slug), None)
