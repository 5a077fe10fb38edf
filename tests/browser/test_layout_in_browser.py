"""Where things sit, measured in Chromium on a phone in the dark and a desktop in the light: the attack form's rows
numbered, a folded section's chevron level with its first line, the file button lined up with the other fields."""
import base64

import pytest

from .conftest import save_screenshot

PHONE_AND_DESKTOP = [(390, 844, "dark"), (1280, 900, "light")]
# A screenshot (PNG, base64) as pixels, decoded by the page's own canvas: the tests have no image library.
PIXELS = """async png => {
    const image = new Image();
    image.src = 'data:image/png;base64,' + png;
    await image.decode();
    const context = new OffscreenCanvas(image.width, image.height).getContext('2d');
    context.drawImage(image, 0, 0);
    return context.getImageData(0, 0, image.width, image.height);
}"""


def screenshot(element) -> str:
    element.evaluate("e => e.scrollIntoView()")  # at the top, clear of the "Attack now" button
    return base64.b64encode(element.screenshot()).decode()


def spoken_names(page) -> list[str]:
    """The names Chromium gives the page's form fields, as a screen reader would announce them."""
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    return [n["name"]["value"] for n in nodes if n.get("role", {}).get("value") in ("textbox", "combobox", "spinbutton")
            and n.get("name", {}).get("value")]


def painted_box(element) -> dict:
    """Where something is painted inside an element, in px from its top left corner: the only way to find a
    pseudo-element (a summary's chevron, a file input's button), which has no box of its own in the DOM."""
    return element.page.evaluate(f"""async png => {{
        const {{ data, width, height }} = await ({PIXELS})(png);
        // Painted: clearly another colour than the top left pixel, the background.
        const painted = (x, y) => [0, 1, 2].some(c => Math.abs(data[(y * width + x) * 4 + c] - data[c]) > 40);
        const box = {{ left: width, right: 0, top: height, bottom: 0 }};
        for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (painted(x, y)) {{
            box.left = Math.min(box.left, x); box.right = Math.max(box.right, x + 1);
            box.top = Math.min(box.top, y); box.bottom = Math.max(box.bottom, y + 1);
        }}
        return box;
    }}""", screenshot(element))


def shows_number(label, number: int) -> bool:
    """Whether a label starts with `number`: a CSS counter is text that neither the DOM nor Chromium's accessibility
    tree gives, so the label is compared with itself showing the number written out in the counter's place.
    Drawing it again moves edges a little (by up to 46 of 255 here); another number, or none, changes whole glyphs."""
    page = label.page
    page.add_style_tag(content=".written-out::before { content: attr(data-written) !important; }")
    drawn = screenshot(label)
    label.evaluate("(label, written) => { label.classList.add('written-out'); label.dataset.written = written; }",
                   f"{number}. ")
    return page.evaluate(f"""async ([first, second]) => {{
        const [a, b] = [await ({PIXELS})(first), await ({PIXELS})(second)];
        return a.data.length === b.data.length && a.data.every((value, i) => Math.abs(value - b.data[i]) <= 64);
    }}""", [drawn, screenshot(label)])


@pytest.mark.parametrize("width, height, scheme", PHONE_AND_DESKTOP)
def test_the_attack_forms_rows_are_numbered(demo_page, live_server, width, height, scheme):
    page, problems = demo_page(width, height, scheme)
    page.goto(live_server + "/attacks/new")
    save_screenshot(page, f"attack-form-{scheme}-{width}")
    # The number is seen, not read out: the fields keep their plain names (Chromium's own accessibility tree).
    names = spoken_names(page)
    assert {"Name", "Tried"} <= set(names) and not any(name.startswith(".") for name in names), names
    # Each row's number goes before its name, as each question's number before the question.
    for field, number in [("doses-0-name", 1), ("relief_methods-0-name", 1), ("relief_methods-1-name", 2)]:
        assert shows_number(page.locator(f"label[for='{field}']"), number), f"{field} is not numbered {number}"
    assert not shows_number(page.locator("label[for='relief_methods-1-effect']"), 2), "one number a row"
    page.goto(live_server + "/questionnaires/midas")
    assert spoken_names(page)[0].startswith("On how many days")
    assert shows_number(page.locator(".question > label").nth(1), 2)
    assert problems == [], problems


@pytest.mark.parametrize("width, height, scheme", PHONE_AND_DESKTOP)
def test_a_summarys_chevron_is_level_with_its_first_line(demo_page, live_server, width, height, scheme):
    page, problems = demo_page(width, height, scheme)
    page.goto(live_server + "/attacks/new")
    # A title as long as an insights group's on a phone, and long enough to wrap on a desktop too.
    page.locator("summary", has_text="Symptoms and aura").evaluate(
        "s => { s.innerHTML = '<strong>Possible triggers, could be chance</strong> (2). '.repeat(8); }")
    save_screenshot(page, f"summary-chevron-{scheme}-{width}")
    summaries = page.locator("details:not(.dropdown) > summary").all()
    assert len(summaries) >= 2
    page.add_style_tag(content="summary, summary * { color: transparent !important; transition: none !important; }")
    for summary in summaries:  # the text is still there, only not painted: the chevron is all there is to see
        lines = summary.evaluate("""s => {
            const range = document.createRange(), box = s.getBoundingClientRect();
            range.selectNodeContents(s);
            return [...range.getClientRects()].map(r => [r.top - box.top, r.bottom - box.top, r.right - box.left]);
        }""")
        chevron = painted_box(summary)
        middle = (chevron["top"] + chevron["bottom"]) / 2
        first_line = (min(top for top, _, _ in lines), min(bottom for _, bottom, _ in lines))
        assert first_line[0] <= middle <= first_line[1], (summary.text_content()[:40], chevron, first_line)
        assert chevron["left"] >= max(right for _, _, right in lines), "the text runs under the chevron"
    assert problems == [], problems


@pytest.mark.parametrize("width, height, scheme", PHONE_AND_DESKTOP)
def test_the_file_button_lines_up_with_the_other_fields(demo_page, live_server, width, height, scheme):
    page, problems = demo_page(width, height, scheme)
    page.goto(live_server + "/data")
    save_screenshot(page, f"data-{scheme}-{width}")
    file_input, kind = page.locator("input[type=file]"), page.locator("select[name=source]")
    button_left = file_input.bounding_box()["x"] + painted_box(file_input)["left"]
    assert abs(button_left - kind.bounding_box()["x"]) <= 1, (button_left, kind.bounding_box()["x"])
    # What pushed it in: aria-invalid="None" on every field, which also told screen readers each one was invalid.
    assert file_input.get_attribute("aria-invalid") is None
    assert problems == [], problems
