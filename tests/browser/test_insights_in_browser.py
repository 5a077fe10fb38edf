"""The insights page in a real browser: the factor chart drawn by our plotly.js, readable on a phone, in both themes."""
import pytest
from playwright.sync_api import expect

from .conftest import SCREENS, clipped_chart_text, save_screenshot


@pytest.mark.parametrize("width, height, scheme", SCREENS)
def test_insights_chart_and_findings_in_the_browser(demo_page, live_server, width, height, scheme):
    page, problems = demo_page(width, height, scheme)
    # The first visit loads the statistics libraries into the server process, which on a busy machine takes a while.
    page.goto(live_server + "/insights", timeout=60_000)

    chart = page.locator("#chart-factors .chart")
    expect(chart.locator(".main-svg").first).to_be_visible()
    assert problems == [], problems
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    clipped = clipped_chart_text(page)
    assert clipped == [], "\n".join(clipped)

    # Every tested factor has its row, and the plotting area keeps a usable width next to the labels on a phone.
    labels = chart.evaluate("e => e.data[0].y")
    assert "the days around the start of a period (same day)" in labels and len(labels) > 20
    plot_width = chart.locator(".nsewdrag").first.bounding_box()["width"]
    assert plot_width >= 0.4 * min(width, 700), plot_width

    # Axis text follows the theme: light text on dark, dark text on light.
    fill = chart.locator(".xtick text").first.evaluate("e => getComputedStyle(e).fill")
    red, green, blue = (int(v) for v in fill[fill.index("(") + 1:-1].split(",")[:3])
    assert (red + green + blue > 382) == (scheme == "dark"), fill

    # Findings that stand out are open; the long "not enough data" list is folded until asked for.
    found = page.locator("details.verdict-group", has_text="Likely triggers").locator(
        "li", has_text="On the days around the start of a period, an attack started on")
    expect(found).to_be_visible()
    folded = page.locator("details.verdict-group", has_text="Not enough data yet")
    expect(folded.locator("li").first).to_be_hidden()
    folded.locator("summary").click()
    expect(folded.locator("li").first).to_be_visible()
    folded.locator("summary").click()
    save_screenshot(page, f"insights-{scheme}-{width}")

    # One tap switches the factors to headaches of any kind; the pills fit the screen and say which one is shown.
    switch = page.get_by_role("navigation", name="Which attacks")
    assert switch.bounding_box()["width"] <= width
    switch.get_by_role("link", name="Any headache").click()
    expect(switch.locator('[aria-current="true"]')).to_have_text("Any headache")
    expect(page.locator("#chart-factors .chart .main-svg").first).to_be_visible()
    assert "a headache started on" in page.locator("details.verdict-group").first.inner_text()
    assert problems == [], problems
    save_screenshot(page, f"insights-any-headache-{scheme}-{width}")
