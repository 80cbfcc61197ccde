"""Colouring countries by a UN General Assembly vote, in a real browser on the shipped data."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from dashboard.logic import style
from e2e.conftest import LOCAL_HOSTS, open_app

# Belarus' path on the map: its fill as drawn, and its hover text.
COUNTRY_JS = """(iso) => {
  let found = null;
  window.map.eachLayer((l) => {
    const p = l.feature && l.feature.properties;
    if (p && p.layer === "countries" && String(l.feature.id) === iso && l._path) {
      const tip = l.getTooltip && l.getTooltip();
      found = {fill: l._path.getAttribute("fill"),
               tooltip: tip ? String(tip.getContent()) : ""};
    }
  });
  return found;
}"""


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_a_link_with_votes_draws_belarus_as_no(page, reading_server, screenshot):
    visit = open_app(page, reading_server.url + "/?votes=ES-11/1")
    frame = visit.map_frame()
    # The map applies its state once the layers file is read: wait for Belarus' vote colour.
    frame.wait_for_function(
        f"() => {{ const b = ({COUNTRY_JS})('BLR'); "
        f"return b && b.fill === {style.VOTE_COLOURS['no']!r}; }}"
    )
    belarus = frame.evaluate(COUNTRY_JS, "BLR")
    assert belarus["fill"] == style.VOTE_COLOURS["no"]
    assert "Vote on ES-11/1: no" in re.sub(r"<[^>]+>", "", belarus["tooltip"])
    # The legend says what the colours mean, the "no" row in Belarus' colour.
    legend = page.locator(".csto-legend-countries").first
    expect(legend).to_contain_text("Countries: vote on ES-11/1")
    row = legend.locator("div", has_text=re.compile(r"^No$"))
    expect(row).to_have_count(1)
    colour = row.locator("span").evaluate("(e) => getComputedStyle(e).backgroundColor")
    assert colour == _rgb(style.VOTE_COLOURS["no"])
    # The sidebar shows the choice, and the link keeps it.
    picker = page.get_by_role("combobox", name="Colour countries by")
    expect(picker).to_have_value("Vote on ES-11/1 (2022-03-02)")
    assert "votes=ES-11%2F1" in page.url or "votes=ES-11/1" in page.url
    outside = [
        u for u in visit.requests
        if urlsplit(u).scheme in ("http", "https", "ws", "wss")
        and urlsplit(u).hostname not in LOCAL_HOSTS
    ]  # fmt: skip
    assert outside == [] and visit.errors == []
    screenshot()
