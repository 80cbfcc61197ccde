"""The record panel through AppTest: its counts, its links, and what opening a link does."""

from __future__ import annotations

import json
import re
from datetime import date
from html import unescape
from urllib.parse import parse_qs

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.logic import record, record_timeline
from tests.apptest import APP, open_page, served_bytes
from tests.tiny_appeals import APPEAL_ROWS, write_appeals
from tests.tiny_layers import write_layers

LINK = re.compile(r'<a class="csto-record-link" href="([^"]+)"')


@pytest.fixture(scope="module")
def record_dir(tmp_path_factory):
    return write_appeals(write_layers(tmp_path_factory.mktemp("geodata-record")))


@pytest.fixture
def app_at(record_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(record_dir))
    return AppTest.from_file(APP, default_timeout=60)


def panel_html(at: AppTest) -> str:
    bodies = [h.proto.body for h in at.get("html") if "csto-record" in h.proto.body]
    assert len(bodies) == 1, "the record's table is drawn once"
    return bodies[0]


def links(at: AppTest) -> list[dict[str, str]]:
    return [
        {k: v[-1] for k, v in parse_qs(unescape(href)[1:]).items()}
        for href in LINK.findall(panel_html(at))
    ]


def test_panel_shows_the_counts_of_the_data(app_at):
    at = open_page(app_at)
    assert not at.exception
    (lead,) = [m.value for m in at.markdown if m.value.startswith("Since 1992")]
    assert lead == record.lead(APPEAL_ROWS)
    assert "the alliance was asked 3 times (1 granted, 1 partly granted, 1 no answer)" in lead
    assert "Russia was asked 2 times (1 declined, 1 no answer)" in lead
    breakdown = "\n".join(m.value for m in at.markdown)
    assert "- Armenia: 2 (1 partly granted, 1 no answer)" in breakdown
    assert "- Kyrgyzstan: 2 (1 granted, 1 declined)" in breakdown
    html = panel_html(at)
    assert "Apr 2021 (month known)" in html and "2021-04-01" not in html
    # Text from the data is escaped, never markup.
    assert "&lt;b&gt;now&lt;/b&gt;" in html and "<b>now</b>" not in html


def test_each_row_links_to_its_day_and_conflict(app_at):
    at = open_page(app_at)
    found = links(at)
    assert [(q["date"], q["sel"]) for q in found] == [
        ("2021-04-28", "kgz-uzb-border"),
        ("2021-05-02", "arm-clash"),
        ("2021-08-01", "afg-border"),
        ("2022-09-13", "arm-clash"),
    ]
    # Centred on the zone: the Armenia clash box spans 45-45.8 E, 39.2-40 N.
    assert (found[1]["lat"], found[1]["lon"]) == ("39.6", "45.4")


def test_opening_a_link_sets_the_date_and_selects_the_conflict(app_at):
    first = links(open_page(app_at))[3]
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in first.items():
        at.query_params[key] = value
    at = open_page(at)
    assert not at.exception
    assert at.slider(key="date").value == date(2022, 9, 13)
    assert at.session_state["sel"] == ("conflicts", "arm-clash")
    assert at.session_state["view"][:2] == (39.6, 45.4)
    details = [h.proto.body for h in at.get("html") if "csto-popup" in h.proto.body]
    assert any("<h4>Armenia clash</h4>" in d for d in details)


def test_timeline_has_a_row_of_appeals_by_outcome(app_at):
    at = open_page(app_at)
    (chart,) = at.get("vega_lite_chart")
    scale = json.loads(chart.proto.spec)["layer"][0]["encoding"]["color"]["scale"]
    shades = dict(zip(scale["domain"], scale["range"], strict=True))
    # Only the outcomes the data has get a legend entry: the fixture has no undecided appeal.
    present = {f"appeal {record.OUTCOME_LABELS[a['outcome']]}" for a in APPEAL_ROWS}
    expected = {k: v for k, v in record_timeline.SHADES.items() if k in present}
    assert {k: v for k, v in shades.items() if k.startswith("appeal")} == expected
    frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.proto.datasets]
    events = next(f for f in frames if "group" in f)
    appeals = events[events["group"] == "Appeals"]
    assert list(appeals["outcome"]) == [a["outcome"] for a in APPEAL_ROWS]
    assert list(appeals["when"])[:2] == ["Apr 2021 (month known)", "2021-05-02"]


def test_downloads_hold_the_appeals(app_at, downloads):
    at = open_page(app_at)
    buttons = {b.proto.id.rsplit("-", 1)[-1]: b for b in at.get("download_button")}
    as_json = json.loads(served_bytes(buttons["download_appeals_json"], downloads))
    assert as_json["appeals"] == APPEAL_ROWS
    assert as_json["csto_map"]["dataset_date"] == "2026-11-01"
    as_csv = served_bytes(buttons["download_appeals_csv"], downloads).decode()
    assert len(as_csv.splitlines()) == 1 + len(APPEAL_ROWS)
