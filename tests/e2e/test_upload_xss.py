"""An upload whose names and values carry script: shown as text everywhere, nothing runs.

Also checks that the upload leaves the served layer files untouched and downloads back whole.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from e2e.conftest import READY, ROOT, Visit

UPLOAD_KEY = "upload_file"
DOWNLOAD_KEY = "download_upload"
# The app and the views it draws with.
APP_SOURCE = "".join(
    path.read_text(encoding="utf-8")
    for path in [
        ROOT / "dashboard" / "app.py",
        *sorted((ROOT / "dashboard" / "views").glob("*.py")),
    ]
)
pytestmark = pytest.mark.skipif(
    f'"{UPLOAD_KEY}"' not in APP_SOURCE,
    reason=f"dashboard/app.py has no sidebar file_uploader with key={UPLOAD_KEY!r} yet",
)

FLAG = "__pwned"
JINJA = "{{ 7*7 }}{% if true %}jinja-ran{% endif %}"
PAYLOADS = [
    f'<script>window.{FLAG}="script";alert("script")</script>',
    f"<img src=x onerror=\"window.{FLAG}='img';alert('img')\">",
    f"<svg onload=\"window.{FLAG}='svg';alert('svg')\"></svg>",
    f'"><iframe srcdoc="<script>parent.{FLAG}=1;alert(1)</script>"></iframe>',
    f"javascript:window.{FLAG}='link'",
    "${window." + FLAG + "='template'}`+alert('tpl')+`",
    "{{constructor.constructor('window." + FLAG + "=1')()}}",
    # folium/branca compile each rendered script as a Jinja template on the server: text that
    # reaches one must neither break that nor be evaluated.
    JINJA,
]
FILE_NAME = "<img src=x onerror=alert('file')>.geojson"
LAYER_NAME = "<img src=x onerror=alert('file')>"

# Open every tooltip and popup on the map and return their visible text.
OPEN_ALL_JS = """() => {
  const texts = [];
  window.map.eachLayer((l) => {
    // Groups with nothing in them (a layer the filters emptied) have no centre.
    const box = l.getBounds && l.getBounds();
    const ll = l.getLatLng ? l.getLatLng() : (box && box.isValid() ? box.getCenter() : null);
    if (!ll) return;
    if (l.getTooltip && l.getTooltip()) {
      l.openTooltip(ll);
      const el = l.getTooltip().getElement();
      if (el) texts.push(el.textContent);
    }
    if (l.getPopup && l.getPopup()) {
      l.openPopup(ll);
      const el = l.getPopup().getElement();
      if (el) texts.push(el.textContent);
    }
  });
  return texts;
}"""


def hostile_upload() -> bytes:
    props = {payload: payload for payload in PAYLOADS}
    ring = [[44, 39.5], [45, 39.5], [45, 40.5], [44, 40.5], [44, 39.5]]
    features = [
        {
            "type": "Feature",
            "id": PAYLOADS[1],
            "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": {"name": PAYLOADS[1], **props},
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [74.8, 42.8]},
            "properties": {"name": JINJA, **props},
        },
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def digests(*folders: Path) -> dict[str, str]:
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix in (".geojson", ".yaml", ".json")
    }


def upload(visit: Visit) -> None:
    page = visit.page
    page.locator(f".st-key-{UPLOAD_KEY} input[type=file]").set_input_files(
        files=[{"name": FILE_NAME, "mimeType": "application/geo+json", "buffer": hostile_upload()}]
    )
    expect(page.get_by_text("2 features accepted").first).to_be_visible(timeout=60_000)
    page.locator(READY).wait_for()


def flags(visit: Visit) -> list[object]:
    found = []
    for frame in visit.page.frames:
        try:
            found.append(frame.evaluate(f"() => window.{FLAG} ?? null"))
        except Exception:  # noqa: BLE001 - a frame may be gone; the others still count
            continue
    return [f for f in found if f is not None]


def test_script_in_an_upload_is_shown_as_text_and_never_runs(
    visit: Visit, geodata_dir: Path, screenshot
) -> None:
    before = digests(geodata_dir, ROOT / "geodata")
    page = visit.page
    drawn_before = visit.map.locator("path.leaflet-interactive").count()

    upload(visit)
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()[:500]
    expect(visit.map.locator("path.leaflet-interactive")).not_to_have_count(drawn_before)
    texts = visit.map_frame().evaluate(OPEN_ALL_JS)
    # Event handlers in injected markup fire asynchronously (an image error, an onload);
    # give them time to fire before proving that none did.
    page.wait_for_timeout(1500)
    screenshot()

    assert visit.dialogs == []
    assert flags(visit) == []
    assert any(PAYLOADS[1] in text for text in texts), "the upload's name is not in any tooltip"
    assert any(JINJA in text for text in texts), "template syntax was not shown verbatim"
    assert not any("49jinja-ran" in text for text in texts)
    shown = page.locator("body").inner_text() + visit.map.locator("body").inner_text()
    assert LAYER_NAME in shown, "the layer name is not shown as text"
    assert page.locator('[data-testid="stException"]').count() == 0
    assert digests(geodata_dir, ROOT / "geodata") == before


@pytest.mark.skipif(
    f'"{DOWNLOAD_KEY}"' not in APP_SOURCE,
    reason=f"dashboard/app.py has no download_button with key={DOWNLOAD_KEY!r} yet",
)
def test_upload_downloads_back_with_every_feature_and_property(visit: Visit) -> None:
    upload(visit)
    with visit.page.expect_download() as info:
        visit.page.locator(f".st-key-{DOWNLOAD_KEY} button").click()
    back = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    sent = json.loads(hostile_upload())
    assert len(back["features"]) == len(sent["features"])
    for mine, theirs in zip(sent["features"], back["features"], strict=True):
        assert theirs.get("id") == mine.get("id")
        assert theirs["properties"] == mine["properties"]
        assert theirs["geometry"]["type"] == mine["geometry"]["type"]


def test_an_upload_is_framed_in_the_legend_and_in_a_table_tab(visit: Visit) -> None:
    page = visit.page
    upload(visit)
    # The map moves to show the whole layer: Armenia to Kyrgyzstan.
    frame = visit.map_frame()
    frame.wait_for_function("() => Math.abs(window.map.getCenter().lng - 59.4) < 0.5")
    bounds = frame.evaluate("() => window.map.getBounds().toBBoxString()").split(",")
    west, south, east, north = map(float, bounds)
    assert west <= 44 and east >= 74.8 and south <= 39.5 and north >= 42.8
    # Its legend line (colour, fixed title, count) beside the map, the file's name as text.
    panel = page.locator(".st-key-reading_panel")
    expect(panel).to_contain_text("Your layer · 2 features")
    expect(panel).to_contain_text(LAYER_NAME)
    # And a tab of its own in the table.
    page.get_by_role("tab", name="Your layer (2)").click()
    expect(page.get_by_role("tab", name="Your layer (2)")).to_have_attribute(
        "aria-selected", "true"
    )
    assert visit.dialogs == [] and flags(visit) == []
