"""axe-core's WCAG 2.1 A and AA rules on the page at three sizes: no serious or critical
violation; and the reading panel's controls work from the keyboard."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from e2e.conftest import open_at

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PAGES = [
    ("wide", "/"),
    ("wide", "/?story=csto-record&chapter=4"),
    ("phone", "/?sel=arm-102-military-base-gyumri"),
    ("embed", "/?story=csto-record&chapter=2"),
]


def serious(page) -> list[str]:
    found = Axe().run(page, options={**WCAG_AA, "resultTypes": ["violations"]}).response
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} × {v['nodes'][0]['target']}"
        for v in found["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(("size", "path"), PAGES)
def test_no_serious_wcag_violation(page, reading_server, size, path):
    open_at(page, reading_server.url + path, size)
    assert serious(page) == []


def test_a_story_is_read_with_the_keyboard(page, reading_server):
    open_at(page, f"{reading_server.url}/?story=csto-record&chapter=4", "wide")
    nxt = page.get_by_role("button", name="Next")
    nxt.focus()
    expect(nxt).to_be_focused()
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", name="Help on request, decided case by case")
    ).to_be_visible()
    # Tab moves from one of the story's controls to the next.
    page.get_by_role("button", name="Previous").focus()
    page.keyboard.press("Tab")
    expect(nxt).to_be_focused()
