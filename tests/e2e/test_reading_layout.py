"""The reading layout on the shipped data at three sizes: a wide screen, a 600 px embed and a
phone. The map and the words about it (a story chapter, a clicked facility's details) share
the first screen, and nothing makes the page scroll sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.conftest import MAP_FRAME, SIZES, open_at

GYUMRI = "arm-102-military-base-gyumri"
# Streamlit's main area is the page's scroller: wider content makes it, not the document,
# scroll sideways (see the field notes).
MAIN_WIDTH_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return [main.scrollWidth, main.clientWidth, window.innerWidth];
}"""


def on_first_screen(page, locator) -> None:
    """The element is drawn whole inside the window (not hidden in a scrolled box), with the
    page itself not scrolled."""
    expect(locator).to_be_in_viewport(ratio=1)
    assert page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop") == 0


def assert_no_sideways_scroll(page) -> None:
    scroll, client, window = page.evaluate(MAIN_WIDTH_JS)
    assert scroll <= client <= window, (scroll, client, window)


@pytest.mark.parametrize("size", SIZES)
def test_story_chapter_title_next_and_map_on_the_first_screen(
    page, reading_server, size, screenshot
):
    open_at(page, f"{reading_server.url}/?story=csto-record&chapter=4", size)
    title = page.get_by_role("heading", name="One collective mission, in January 2022")
    on_first_screen(page, title)
    on_first_screen(page, page.locator(MAP_FRAME))
    on_first_screen(page, page.get_by_role("button", name="Next"))
    assert_no_sideways_scroll(page)
    screenshot()
    # Next moves the chapter on where the reader already looks.
    page.get_by_role("button", name="Next").click()
    title = page.get_by_role("heading", name="Help on request, decided case by case")
    on_first_screen(page, title)


@pytest.mark.parametrize("size", SIZES)
def test_a_click_on_gyumri_shows_its_details_on_the_first_screen(
    page, reading_server, size, screenshot
):
    frame = open_at(page, f"{reading_server.url}/?lat=40.79&lon=43.85&zoom=9", size)
    frame.locator(f'.facility-icon:has([data-id="{GYUMRI}"])').click()
    details = page.locator(".st-key-details")
    expect(details).to_contain_text("102nd Military Base")
    on_first_screen(page, details.get_by_role("heading", name="102nd Military Base"))
    on_first_screen(page, page.locator(MAP_FRAME))
    assert_no_sideways_scroll(page)
    screenshot()


def test_on_a_phone_nothing_scrolls_sideways_and_wide_tables_scroll_inside(
    page, reading_server, screenshot
):
    open_at(page, reading_server.url, "phone")
    # The timeline's chart comes last; then the whole page, the record's table included, is in.
    page.locator(".st-key-timeline canvas, .st-key-timeline svg").first.wait_for()
    record = page.locator(".st-key-record table")
    expect(record.first).to_be_attached()
    assert_no_sideways_scroll(page)
    # The record's table is wider than the phone; its own box scrolls, not the page.
    boxes = record.first.evaluate(
        """(table) => {
          let el = table.parentElement;
          while (el && getComputedStyle(el).overflowX !== "auto") el = el.parentElement;
          return el ? [table.scrollWidth, el.clientWidth, el.scrollWidth] : null;
        }"""
    )
    assert boxes is not None
    wide, box, scrolls = boxes
    assert box <= 390 and scrolls == wide > box
    screenshot()


def test_a_past_date_names_batumi_as_it_was_then(page, reading_server):
    frame = open_at(
        page, f"{reading_server.url}/?date=1995-06-01&lat=41.64&lon=41.64&zoom=9", "wide"
    )
    icon = frame.locator('.facility-icon:has([data-id="geo-12-military-base-batumi"])')
    icon.hover()
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text("12th Military Base, Batumi")
    expect(tooltip).not_to_contain_text("withdrawn")
    icon.click()
    heading = page.locator(".st-key-details").get_by_role("heading")
    expect(heading).to_have_text("12th Military Base, Batumi")
