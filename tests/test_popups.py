from datetime import date

import pytest

from dashboard.logic.popups import (
    details_html,
    find_by_tooltip,
    format_value,
    name_on,
    plain_text,
    safe_url,
    sources_html,
    text,
    tooltip_html,
)
from tests.tiny_layers import HOSTILE


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("a\"b'c", "a&quot;b&#x27;c"),
        ("${alert(1)}", "&#36;{alert(1)}"),
        ("`tick`", "&#96;tick&#96;"),
        ("back\\slash", "back&#92;slash"),
        ("Байконур", "Байконур"),
        (500, "500"),
    ],
)
def test_text_escapes_for_html_and_template_literals(value, expected):
    assert text(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        (" https://example.org ", "https://example.org"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.org/x", None),
        ("ftp://example.org", None),
        ("https://", None),
        (None, None),
        (42, None),
    ],
)
def test_safe_url_allows_only_http_links(url, expected):
    assert safe_url(url) == expected


def test_sources_become_links_and_bad_ones_plain_text():
    html = sources_html(["https://example.org/a", "javascript:alert(1)"])
    assert '<a href="https://example.org/a"' in html
    assert 'href="javascript' not in html and "<li>javascript:alert(1)</li>" in html
    assert "No source" in sources_html([])


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("precision_m", 500, "within about 500 m"),
        ("precision_m", 15000, "within about 15 km"),
        ("alt_names", ["Tyuratam", "Байконур"], "Tyuratam, Байконур"),
        (
            "membership",
            "1992-05-15/1999-04-02;2006-06-23/..",
            "1992-05-15 – 1999-04-02<br>2006-06-23 – today",
        ),
        ("description", "<i>x</i>", "&lt;i&gt;x&lt;/i&gt;"),
    ],
)
def test_format_value(field, value, expected):
    assert format_value(field, value) == expected


def test_facility_details_show_every_meaningful_property(layers):
    props = layers.facilities.drop(columns="geometry").iloc[0].to_dict()
    html = details_html("facilities", props)
    for part in (
        "102nd Base",
        "База",
        "Old 102nd Base",
        "army base",
        "ARM",
        "Test operator",
        "active",
        "1995-03-16",
        "within about 500 m",
        "Centre of the site",
        "high",
        "A test facility.",
        "https://example.org/source/arm-102-base",
        "https://example.com/more/arm-102-base",
    ):
        assert part in html


def test_conflict_details_say_ongoing_when_no_end(layers):
    props = layers.conflicts.set_index("id").loc["afg-border"].to_dict()
    assert "<th>End</th><td>ongoing</td>" in details_html("conflicts", props)


def test_hostile_text_never_reaches_html_as_markup(layers):
    props = layers.facilities.set_index("id").loc["rus-hostile"].to_dict()
    for html in (tooltip_html("facilities", props), details_html("facilities", props)):
        assert "<img" not in html and "<script" not in html and "${" not in html
        assert "`" not in html
    assert plain_text(tooltip_html("facilities", props)).startswith(HOSTILE)


def test_find_by_tooltip_maps_a_click_back_to_the_feature(layers):
    frames = {"facilities": layers.facilities, "countries": layers.countries}
    layer, props = find_by_tooltip(frames, "Kant Air Base · air base")
    assert layer == "facilities" and props["id"] == "kgz-kant"
    layer, props = find_by_tooltip(frames, "  Armenia ·  Member, participation frozen ")
    assert layer == "countries" and props["iso3"] == "ARM"
    assert find_by_tooltip(frames, HOSTILE + " · radar, closed")[1]["id"] == "rus-hostile"
    assert find_by_tooltip(frames, "Nowhere") is None
    assert find_by_tooltip(frames, None) is None


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("country", "KGZ", "Kyrgyzstan (KGZ)"),
        ("countries", ["KGZ", "XXX"], "Kyrgyzstan (KGZ), XXX"),
        ("country", "<b>", "&lt;b&gt;"),
    ],
)
def test_country_codes_get_names(field, value, expected):
    assert format_value(field, value, {"KGZ": "Kyrgyzstan"}) == expected


def test_details_name_the_involved_countries(layers):
    props = layers.conflicts.set_index("id").loc["kgz-uzb-border"].to_dict()
    html = details_html("conflicts", props, {"KGZ": "Kyrgyzstan", "UZB": "Uzbekistan"})
    assert "Kyrgyzstan (KGZ), Uzbekistan (UZB)" in html


def test_generic_details_escape_and_cut_foreign_properties():
    from dashboard.logic.popups import MAX_GENERIC_ROWS, generic_details_html, generic_label

    props = {f"k{i}": "v" for i in range(MAX_GENERIC_ROWS + 3)} | {"huge": "x" * 10_000}
    html = generic_details_html(props, 0, "Upload")
    assert "… and 4 more properties" in html and "x" * 10_000 not in html
    assert generic_label({"title": "<b>T</b>"}, 0) == "<b>T</b>"
    assert "&lt;b&gt;T&lt;/b&gt;" in generic_details_html({"title": "<b>T</b>"}, 0, "U")
    assert generic_label({"name": None, "other": 1}, 4) == "Feature 5"


def test_popup_is_short_and_the_panel_names_sources():
    from dashboard.logic.popups import details_html, popup_html

    props = {
        "id": "f",
        "name": "Base",
        "facility_type": "air base",
        "status": "active",
        "opened": "2003-10",
        "closed": None,
        "description": "word " * 100,
        "sources": ["https://ru.wikipedia.org/wiki/%D0%9A%D0%B0%D0%BD%D1%82"],
    }
    short = popup_html("facilities", props)
    assert "<h4>Base</h4>" in short and "air base" in short and "Opened 2003-10" in short
    assert "csto-sources" not in short and len(short) < 400
    registry = {
        props["sources"][0]: {"title": "Кант", "publisher": "Wikipedia (Russian)", "date": None}
    }
    panel = details_html("facilities", props, registry=registry)
    assert ">Wikipedia (Russian) — Кант</a>" in panel
    assert ">https://ru.wikipedia.org/wiki/Кант</a>" in details_html("facilities", props)


def test_details_give_the_map_dates_status_and_todays_only_where_they_differ():
    from dashboard.logic.popups import details_rows

    country = {"name": "Uzbekistan", "status": "member", "csto_status": "former"}
    rows = dict(details_rows("countries", country))
    assert "member" in rows["Status on the map date"]
    assert "former" in rows["CSTO status today"]
    site = {"name": "Kant", "status": "active", "status_today": "active"}
    rows = dict(details_rows("facilities", site))
    assert "active" in rows["Status on the map date"]
    assert "Status today" not in rows


@pytest.mark.parametrize(
    ("name", "closed", "on", "shown"),
    [
        (
            "12th Military Base, Batumi (withdrawn)",
            "2007-11-13",
            date(1995, 6, 1),
            "12th Military Base, Batumi",
        ),
        (
            "12th Military Base, Batumi (withdrawn)",
            "2007-11-13",
            date(2007, 11, 13),
            "12th Military Base, Batumi (withdrawn)",
        ),
        (
            "Russian military base, Vaziani (handed over)",
            "2001-06-29",
            date(2000, 1, 1),
            "Russian military base, Vaziani",
        ),
        (
            "201st Motor Rifle Division, Dushanbe (until the base opened)",
            "2004-10-17",
            date(1995, 1, 1),
            "201st Motor Rifle Division, Dushanbe",
        ),
        (
            "Kulob garrison (closed)",
            "2015",
            date(2015, 6, 1),
            "Kulob garrison",
        ),  # a year runs to its end
        ("Kulob garrison (closed)", "2015", date(2016, 1, 1), "Kulob garrison (closed)"),
        (
            "Gudauta military base (declared closed by Russia)",
            None,
            date(1995, 1, 1),
            "Gudauta military base (declared closed by Russia)",
        ),
        ("Baikonur (city)", None, date(1995, 1, 1), "Baikonur (city)"),
    ],
)
def test_a_name_on_a_date_says_no_end_that_came_later(name, closed, on, shown):
    assert name_on(name, closed, on) == shown
