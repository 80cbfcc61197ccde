"""Issue 4 in the browser: the date recolours the map, links restore views, the table zooms."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from dashboard.logic import formats, style
from e2e.conftest import READY, open_app
from e2e.test_map import STILL_JS, drawn, pick

# Fill colour of each drawn country, read from the SVG paths Leaflet drew.
FILLS_JS = """() => {
  const out = {};
  window.map.eachLayer((l) => {
    const p = l.feature && l.feature.properties;
    if (p && p.layer === "countries" && l._path) out[p.id] = l._path.getAttribute("fill");
  });
  return out;
}"""
VIEW_JS = "() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]"


def fills(visit) -> dict[str, str]:
    return visit.map_frame().evaluate(FILLS_JS)


def view(visit) -> list[float]:
    return visit.map_frame().evaluate(VIEW_JS)


def params(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_date_in_the_link_and_the_slider_recolour_the_countries(page, app_server, screenshot):
    visit = open_app(page, f"{app_server.url}/?date=1995-01-01")
    assert fills(visit)["UZB"] == style.STATUS_COLOURS["member"]
    screenshot("1995")

    visit = open_app(page, app_server.url)
    assert fills(visit)["UZB"] == style.STATUS_COLOURS["former"]
    assert fills(visit)["ARM"] == style.STATUS_COLOURS["frozen"]

    # Home moves the slider to its first day, 1992-01-01: before anyone had signed.
    thumb = page.locator(".st-key-date input[type=range]")
    thumb.focus()
    page.keyboard.press("Home")
    visit.map_frame().wait_for_function(
        f"() => ({FILLS_JS})().UZB === {style.STATUS_COLOURS['non-member']!r}"
    )
    page.locator(READY).wait_for()
    assert set(fills(visit).values()) == {style.STATUS_COLOURS["non-member"]}
    assert params(page)["date"] == "1992-01-01"
    assert visit.errors == []


def test_shared_link_restores_filters_date_and_view(page, app_server, screenshot):
    link = "/?date=2010-01-01&countries=KGZ&types=air%20base&lat=42.5&lon=75&zoom=6"
    visit = open_app(page, app_server.url + link)
    expect(page.locator(".st-key-date")).to_contain_text("2010-01-01")
    expect(page.locator(".st-key-countries_members")).to_contain_text("Kyrgyzstan")
    expect(page.locator(".st-key-facility_types")).to_contain_text("air base")
    visit.map_frame().wait_for_function("() => window.map.getZoom() === 6")
    lat, lon, zoom = view(visit)
    assert (lat, lon, zoom) == (pytest.approx(42.5, abs=0.01), pytest.approx(75, abs=0.01), 6)
    assert sorted(fills(visit)) == ["KGZ"]
    expect(visit.map.locator(".facility-icon")).to_have_count(1)  # Kant, the air base
    screenshot()

    # Panning writes the new view into the address without a rerun.
    visit.map_frame().evaluate("() => window.map.setView([41, 73], 7)")
    page.wait_for_function("() => new URL(location.href).searchParams.get('zoom') === '7'")
    got = params(page)
    assert float(got["lat"]) == pytest.approx(41, abs=0.01) and got["date"] == "2010-01-01"

    # A rerun for another reason writes the app's state; the map puts its live view back.
    pick(page, "facility_statuses", "active")
    page.wait_for_function(
        "() => { const q = new URL(location.href).searchParams;"
        " return q.get('statuses') === 'active' && q.get('zoom') === '7'; }"
    )
    assert float(params(page)["lon"]) == pytest.approx(73, abs=0.01)


def test_bad_link_shows_a_note_and_the_map(page, app_server):
    visit = open_app(page, f"{app_server.url}/?date=someday&zoom=99&colour=red")
    note = page.locator(".st-key-url_notes")
    expect(note).to_contain_text("ignored 'date=someday'")
    expect(note).to_contain_text("unknown parameter")
    expect(visit.map.locator("path.leaflet-interactive")).to_have_count(9)
    assert visit.errors == []


def test_selecting_a_table_row_zooms_to_and_outlines_the_feature(visit, page, screenshot):
    before = view(visit)
    page.get_by_role("tab", name="Countries (5)").click()
    grid = page.locator(".st-key-table_countries [data-testid='stDataFrameResizable']")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # The first data row (Afghanistan, 66 px high) sits under the header; its checkbox at the left.
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 33)
    visit.map_frame().wait_for_function(f"() => window.map.getZoom() !== {before[2]}")
    lat, lon, zoom = view(visit)
    # Afghanistan's fixture box is 62–72 E, 30–37 N.
    assert 30 < lat < 37 and 62 < lon < 72 and zoom > before[2]
    expect(page.locator(".st-key-details")).to_contain_text("Afghanistan")
    page.wait_for_function("() => new URL(location.href).searchParams.get('sel') === 'AFG'")
    # The selected row's tab stays open when the details push the table down.
    expect(page.get_by_role("tab", name="Countries (5)")).to_have_attribute("aria-selected", "true")
    screenshot()


@pytest.mark.parametrize(
    ("choice", "fmt", "layer"),
    [
        ("GeoPackage, all shown layers", "gpkg", "facilities"),
        ("KML, facilities", "kml", None),
        ("CSV, conflict zones", "csv", None),
    ],
)
def test_other_formats_hold_the_drawn_features(visit, page, choice, fmt, layer):
    page.locator(".st-key-export_format").scroll_into_view_if_needed()
    box = page.locator(".st-key-export_format input")
    page.wait_for_function(STILL_JS, arg=box.element_handle())
    box.click()
    # Typing narrows the list to the one choice: near the page's foot the open list may be
    # too short to show every option at once.
    box.fill(choice)
    page.get_by_role("option", name=choice, exact=True).click()
    expect(page.locator(".st-key-download_other button")).to_contain_text(fmt.upper())
    # The file is made on the server when clicked: click once the run that drew it is over.
    page.locator(READY).wait_for()
    with page.expect_download() as info:
        page.locator(".st-key-download_other button").click()
    download = info.value
    assert download.suggested_filename.endswith(f".{fmt}")
    data = Path(download.path()).read_bytes()
    name = layer or ("facilities" if "facilities" in choice else "conflicts")
    back = formats.read_export(data, fmt, layer=layer)
    assert sorted(back["id"]) == drawn(visit)[name]
    assert all(back["sources"].map(len))


def test_clicking_the_timeline_moves_the_map_date(visit, page):
    chart = page.locator(".st-key-timeline canvas, .st-key-timeline svg").first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    # The chart picks the event nearest to a click, so any point on it picks one.
    page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.2)
    page.wait_for_function("() => new URL(location.href).searchParams.has('date')")
    page.locator(READY).wait_for()
    picked = params(page)["date"]
    expect(page.locator(".st-key-date")).to_contain_text(picked)
    # A day of one of the fixture's events: joins, a departure, a freeze, openings, closings,
    # conflict starts and ends.
    assert picked in {
        "1992-05-15", "1999-04-02", "2024-02-22", "1995-03-16", "2020-01-01",
        "2021-04-28", "2021-05-01", "2022-09-15",
    }  # fmt: skip
    # The panel by the map says what happened that day.
    day = date.fromisoformat(picked)
    expect(page.locator(".st-key-event_note")).to_contain_text(f"On {day.day} {day:%B %Y}")


def test_clicking_a_feature_keeps_its_popup_and_names_it_in_the_address(visit, page):
    visit.map.locator('.facility-icon:has([data-id="kgz-kant"])').click()
    expect(page.locator(".st-key-details")).to_contain_text("Kant Air Base")
    page.wait_for_function("() => new URL(location.href).searchParams.get('sel') === 'kgz-kant'")
    page.locator(READY).wait_for()
    # The run the click caused left the drawn layers alone, so the popup is still open.
    expect(visit.map.locator(".leaflet-popup-content")).to_contain_text("Kant Air Base")
    expect(visit.map.locator('path[stroke="#ffd400"]')).to_have_count(0)
