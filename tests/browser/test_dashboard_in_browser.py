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
    # week's Monday is always inside the period. On a phone the grid is turned, one row a week.
    calendar = page.locator("#chart-calendar .chart")
    grid = calendar.evaluate("e => e.data[0].text")
    mondays = [week[0] for week in grid] if calendar.evaluate("e => e.data[0].x[0]") == "Mon" else grid[0]
    monday = date.fromisoformat(calendar.evaluate("e => e.data[0].meta.first_monday")) + timedelta(
        weeks=len(mondays) - 1)
    assert f"{monday.day:02d}" in mondays[-1] and str(monday.year) in mondays[-1], mondays[-1]
    assert mondays[-1].endswith((": no attack", ": not logged")) or ": attack, worst intensity" in mondays[-1]

    page.locator("#chart-monthly summary").click()
    expect(page.locator("#chart-monthly table")).to_be_visible()
    page.locator("#chart-monthly summary").click()
    save_screenshot(page, f"dashboard-{scheme}-{width}")


@pytest.mark.parametrize("width, height, scheme", [(390, 844, "dark"), (1280, 900, "light")])
def test_calendar_days_are_big_enough_to_read(demo_page, width, height, scheme):
    """A year of weeks side by side was 4 px a week on a phone; there the calendar turns to one row a week."""
    page, problems = demo_page(width, height, scheme)
    calendar = page.locator("#chart-calendar .chart")
    expect(calendar.locator(".main-svg").first).to_be_visible()
    drag_layer = calendar.locator(".nsewdrag").first  # the plotting area, without the axes
    plot = drag_layer.bounding_box()
    columns, rows = calendar.evaluate("e => [e.data[0].x.length, e.data[0].y.length]")
    day_width, day_height = plot["width"] / columns, plot["height"] / rows
    assert min(day_width, day_height) >= 10, f"{day_width:.1f} x {day_height:.1f} px a day"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert problems == [], problems

    # A Monday in the middle of the period, pointed at, says its own date: the hover texts turned with the grid.
    turned = calendar.evaluate("e => e.data[0].x[0]") == "Mon"
    week = (rows if turned else columns) // 2
    column, row = (0, week) if turned else (week, 0)
    monday = date.fromisoformat(calendar.evaluate("e => e.data[0].meta.first_monday")) + timedelta(weeks=week)
    drag_layer.hover(position={"x": (column + 0.5) * day_width, "y": (row + 0.5) * day_height})
    expect(calendar.locator(".hovertext")).to_contain_text(f"{monday:%d %b %Y}: ")
    calendar.scroll_into_view_if_needed()
    save_screenshot(page, f"dashboard-calendar-{scheme}-{width}", full_page=False)
