"""What exports carry: statuses on the map date (the map's own values), today's beside them,
and sources by name."""

from datetime import date

from dashboard.logic import asof, dated

REGISTRY = {
    "https://example.org/source/uzb": {
        "url": "https://example.org/source/uzb",
        "title": "Title",
        "publisher": "Pub",
        "date": "1999-04-02",
        "language": "en",
        "archived": None,
    }
}


def test_countries_and_facilities_keep_the_map_dates_status(layers):
    on = date(1995, 6, 1)
    shown = asof.layers_on(layers, on)
    countries = dated.published("countries", shown.countries, layers.countries, REGISTRY)
    rows = countries.set_index("id")
    # The very values the map draws with.
    assert list(rows["csto_status"]) == list(shown.countries["status"])
    assert rows.loc["UZB", ["csto_status", "csto_status_today"]].tolist() == ["member", "former"]
    assert "status" not in countries
    facilities = dated.published("facilities", shown.facilities, layers.facilities, REGISTRY)
    rows = facilities.set_index("id")
    assert rows.loc["uzb-radar", ["status", "status_today"]].tolist() == ["active", "transferred"]


def test_conflicts_lose_only_the_drawing_column(layers):
    shown = asof.layers_on(layers, date(2022, 10, 1), include_past=True)
    out = dated.published("conflicts", shown.conflicts, layers.conflicts, REGISTRY)
    assert "active" not in out
    cols = list(out.columns)
    assert cols[cols.index("sources") + 1] == "source_titles"


def test_source_titles_fall_back_to_the_decoded_address():
    cyrillic = "https://ru.wikipedia.org/wiki/%D0%9E%D0%94%D0%9A%D0%91"
    titles = dated.source_titles(["https://example.org/source/uzb", cyrillic], REGISTRY)
    assert titles == ["Pub — Title (2 Apr 1999)", "https://ru.wikipedia.org/wiki/ОДКБ"]
    assert dated.source_titles(None, REGISTRY) == []
