"""The small charts' specs: which figures they draw, their words, their sources."""

from __future__ import annotations

import pytest

from dashboard.logic import charts, i18n

SRC, WB = "https://example.org/agency", "https://example.org/bank"


def figure(country, measure, year, value, period="year", counted="all agencies", src=SRC):
    return {
        "country": country,
        "measure": measure,
        "year": year,
        "period": period,
        "value": value,
        "counted": counted,
        "stated": f"{value} as stated",
        "sources": [src],
    }


ROWS = [
    figure("TJK", "drug seizures", 2021, 4.1),
    figure("TJK", "drug seizures", 2020, 2.4),
    figure("TJK", "drug seizures", 2021, 2.0, counted="ministry only"),
    figure("TJK", "drug seizures", 2024, 3.1, period="first half"),
    figure("KGZ", "remittances", 2018, 35.1, counted="World Bank", src=WB),
]
NAMES = {"TJK": "Tajikistan", "KGZ": "Kyrgyzstan"}


@pytest.fixture(autouse=True)
def english():
    i18n.use("en")
    yield
    i18n.use("en")


def test_a_chart_draws_whole_years_of_its_measure_one_line_per_count():
    values = charts.spec("drug-seizures", ROWS, NAMES)["data"]["values"]
    assert [(v["counted"], v["year"], v["value"]) for v in values] == [
        ("all agencies", 2020, 2.4),
        ("all agencies", 2021, 4.1),
        ("ministry only", 2021, 2.0),
    ]
    assert {v["member"] for v in values} == {"Tajikistan"}
    assert charts.left_out("drug-seizures", ROWS) == 1
    assert charts.left_out("remittances", ROWS) == 0


def test_each_member_gets_a_panel_and_each_count_a_colour():
    found = charts.spec("remittances", ROWS, NAMES)
    assert found["facet"]["field"] == "member"
    assert found["spec"]["encoding"]["color"]["field"] == "counted"
    assert found["spec"]["encoding"]["y"]["title"] == "% of GDP"
    assert found["data"]["values"][0]["member"] == "Kyrgyzstan"


def test_the_source_line_names_the_publishers_of_the_drawn_figures():
    registry = {SRC: {"publisher": "Agency Press"}, WB: {"publisher": "Bank News"}}
    assert charts.sources_of("drug-seizures", ROWS, registry) == ["Agency Press"]
    assert charts.sources_of("remittances", ROWS, {}) == [WB]


def test_titles_and_axes_in_russian():
    i18n.use("ru")
    found = charts.spec("drug-seizures", ROWS, NAMES)
    assert found["title"] == "Изъятия наркотиков по странам, за полные годы"
    assert found["spec"]["encoding"]["y"]["title"] == "изъято, тонн"
    assert found["spec"]["encoding"]["x"]["title"] == "Год"


def test_a_folder_without_the_table_has_no_figures(tmp_path):
    assert charts.load_figures(tmp_path) == []


def test_seizure_panels_scale_apart_remittance_panels_share_one_scale():
    assert charts.spec("drug-seizures", ROWS, NAMES)["resolve"]["scale"]["y"] == "independent"
    assert charts.spec("remittances", ROWS, NAMES)["resolve"]["scale"]["y"] == "shared"


def test_lines_join_consecutive_years_of_one_count_only():
    rows = [
        figure("TJK", "remittances", 2010, 31, counted="WB"),
        figure("TJK", "remittances", 2011, 47, counted="WB"),
        figure("TJK", "remittances", 2016, 27, counted="WB"),
        figure("KGZ", "remittances", 2016, 30, counted="WB"),
    ]
    values = charts.spec("remittances", rows, NAMES)["data"]["values"]
    segments = {(v["member"], v["year"]): v["segment"] for v in values}
    assert segments[("Tajikistan", 2010)] == segments[("Tajikistan", 2011)]
    assert segments[("Tajikistan", 2016)] != segments[("Tajikistan", 2011)]
    assert segments[("Kyrgyzstan", 2016)] != segments[("Tajikistan", 2016)]
