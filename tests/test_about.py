from dashboard.logic.about import about_markdown, source_urls


def test_source_urls_are_distinct_sorted_and_http_only(layers):
    bad = layers.conflicts.assign(sources=[["javascript:alert(1)"]] * len(layers.conflicts))
    urls = source_urls(
        [layers.facilities, layers.facilities, bad, layers.countries.drop(columns="sources")]
    )
    assert urls == sorted(set(urls)) and len(urls) == 10
    assert all(u.startswith("https://") for u in urls)


def test_about_says_date_sources_licences_and_precision():
    text = about_markdown("2026-11-01", 42)
    for part in (
        "2026-11-01",
        "42 distinct links",
        "Natural Earth",
        "public domain",
        "GeoNames",
        "CC BY 4.0",
        "OpenStreetMap",
        "no more precise than the public",
    ):
        assert part in text
    assert "date of the last data build" in about_markdown(None, 0)
