"""How we know, in the browser on the shipped data: a facility, a conflict and an appeal each
show what their sources say and link to the passage that says it."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import open_at

GYUMRI = "arm-102-military-base-gyumri"
OSH = "osh-jalal-abad-violence-2010"


def _passage_links(box):
    return [a.get_attribute("href") for a in box.locator(".csto-evidence a").all()]


def test_a_selected_facility_shows_how_we_know_each_fact(page, reading_server, screenshot):
    open_at(page, f"{reading_server.url}/?sel={GYUMRI}", "wide")
    details = page.locator(".st-key-details")
    expect(details).to_contain_text("How we know")
    for fact in ("Opened:", "Status:", "Location:"):
        expect(details.locator(".csto-evidence")).to_contain_text(fact)
    links = _passage_links(details)
    assert links and all(link.startswith(("https://", "http://")) for link in links)
    assert any("#:~:text=" in link for link in links)  # the browser scrolls to the passage
    screenshot()


def test_a_selected_conflict_shows_how_we_know_its_dates(page, reading_server):
    open_at(page, f"{reading_server.url}/?sel={OSH}&date=2010-06-12", "wide")
    evidence = page.locator(".st-key-details .csto-evidence")
    expect(evidence).to_contain_text("Start:")
    expect(evidence).to_contain_text("End:")


def test_an_appeal_in_the_record_folds_out_how_we_know(page, reading_server, screenshot):
    open_at(page, reading_server.url, "wide")
    row = page.locator(".st-key-record tr.more").first
    summary = row.locator("summary")
    summary.scroll_into_view_if_needed()
    evidence = row.locator(".csto-evidence")
    expect(evidence).to_be_hidden()
    summary.click()
    expect(evidence).to_be_visible()
    expect(evidence).to_contain_text("Date of the request:")
    assert _passage_links(row)
    screenshot()
