"""The dashboard in a real browser: charts drawn by our plotly.js, in light and dark, on desktop and phone."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from .conftest import SCREENS, clipped_chart_text, save_screenshot


@pytest.mark.parametrize("width, height, scheme", SCREENS)
def test_dashboard_charts_draw_without_errors(demo_page, width, height, scheme):
    page, problems = demo_page(width, height, scheme)
    for chart in page.locator(".chart").all():
        expect(chart.locator(".main-svg").first).to_be_visible()
    assert problems == [], problems
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    clipped = clipped_chart_text(page)
    assert clipped == [], "\n".join(clipped)

    # Chart text follows the theme: light text on dark, dark text on light.
    fill = page.locator("#chart-monthly .ytick text").first.evaluate("e => getComputedStyle(e).fill")
    red, green, blue = (int(v) for v in fill[fill.index("(") + 1:-1].split(",")[:3])
    assert (red + green + blue > 382) == (scheme == "dark"), fill

    # Each calendar cell's hover text starts with its own date, put there by charts.js from the grid: the last
    # column's Monday is always inside the period.
    calendar = page.locator("#chart-calendar .chart")
    mondays = calendar.evaluate("e => e.data[0].text[0]")
    monday = date.fromisoformat(calendar.evaluate("e => e.data[0].meta.first_monday")) + timedelta(
        weeks=len(mondays) - 1)
    assert f"{monday.day:02d}" in mondays[-1] and str(monday.year) in mondays[-1], mondays[-1]
    assert mondays[-1].endswith((": no attack", ": not logged")) or ": attack, worst intensity" in mondays[-1]

    page.locator("#chart-monthly summary").click()
    expect(page.locator("#chart-monthly table")).to_be_visible()
    page.locator("#chart-monthly summary").click()
    save_screenshot(page, f"dashboard-{scheme}-{width}")
