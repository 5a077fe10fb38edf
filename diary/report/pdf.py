"""The report as PDF: the page's own template printed by WeasyPrint, with the dashboard's Plotly figures as SVG.

The SVGs come from kaleido driving Debian's Chromium (never a downloaded browser), one warm kaleido server per
process: the first chart costs seconds, the next ones a fifth of a second. Where no Chromium is found, or drawing
fails, each chart is replaced by its numbers and a one-line note: the PDF always comes.
"""
from __future__ import annotations

import atexit
import base64
import copy
import logging
import os
import shutil
import threading
from pathlib import Path

from flask import current_app, render_template

from .. import PROJECT_ROOT
from ..attacks.services import duration_text
from ..vocabulary import LAG_WORDS
from .services import Report

log = logging.getLogger(__name__)

PDF_CHARTS = ("monthly",)  # the dashboard charts the PDF draws (the others are tables on paper)
PAPER = {"a4": "A4", "letter": "letter"}
CHART_SIZE = {"width": 680, "height": 200}
_kaleido = threading.Lock()  # one chart at a time through the one browser
_kaleido_started = False


def chromium() -> str | None:
    """Debian's Chromium, or the one CHROMIUM_PATH names; None when there is none (the PDF then has tables)."""
    path = current_app.config.get("CHROMIUM_PATH") or os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") \
        or "/usr/bin/chromium"
    return path if Path(path).is_file() else None


def _for_paper(figure: dict) -> dict:
    """The screen figure made for print: black on white, a fixed size, nothing interactive."""
    printed = copy.deepcopy(figure)
    layout = printed.setdefault("layout", {})
    layout.update(paper_bgcolor="#ffffff", plot_bgcolor="#ffffff", font={"color": "#000000", "size": 10},
                  margin={"l": 40, "r": 8, "t": 8, "b": 28}, **CHART_SIZE)
    return printed


def chart_svgs(charts) -> dict[str, str]:
    """The PDF's charts as SVG data addresses, by chart key; empty where they cannot be drawn."""
    global _kaleido_started
    wanted = [chart for chart in charts if chart.key in PDF_CHARTS and chart.figure]
    browser = chromium()
    if not wanted or browser is None:
        return {}
    try:
        import kaleido

        with _kaleido:
            if not _kaleido_started:
                os.environ.setdefault("BROWSER_PATH", browser)  # where kaleido's choreographer finds Chromium
                kaleido.start_sync_server(headless=True)
                atexit.register(kaleido.stop_sync_server)  # the browser goes with the process
                _kaleido_started = True
            return {chart.key: "data:image/svg+xml;base64," + base64.b64encode(kaleido.calc_fig_sync(
                _for_paper(chart.figure), opts={"format": "svg", **CHART_SIZE})).decode()
                for chart in wanted}
    except Exception:  # a chart must never cost the PDF: its numbers are printed instead
        log.exception("drawing the report's charts failed; printing their numbers")
        return {}


def report_html(report: Report, mode: str, paper: str = "a4", svgs: dict | None = None) -> str:
    return render_template("report/print.html" if mode == "pdf" else "report/_document.html", report=report,
                           mode=mode, svgs=svgs or {}, zone=report.patient.timezone, paper=PAPER[paper],
                           duration_text=duration_text, lag_words=LAG_WORDS)


def report_pdf(report: Report, paper: str = "a4") -> bytes:
    """A4 or Letter, selectable text, tagged for screen readers (WeasyPrint's PDF/UA variant)."""
    from weasyprint import HTML  # loads Pango: only when a PDF is asked for

    html = report_html(report, "pdf", paper, chart_svgs(report.dashboard.charts))
    return HTML(string=html, base_url=str(PROJECT_ROOT)).write_pdf(pdf_variant="pdf/ua-1")
