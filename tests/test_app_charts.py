"""A chapter that names charts draws them under its text, with units and a source line."""

from __future__ import annotations

import json
import os

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.logic.story import load_stories
from tests.apptest import APP, open_page
from tests.story_tiny import write_story
from tests.tiny_layers import write_layers

SRC = "https://example.org/source"


def figure(rid, country, measure, year, value, period="year", counted="all agencies"):
    return {
        "id": rid,
        "country": country,
        "measure": measure,
        "year": year,
        "period": period,
        "value": value,
        "unit": "tonnes" if measure == "drug seizures" else "% of GDP",
        "counted": counted,
        "stated": str(value),
        "notes": "",
        "sources": [SRC],
        "evidence": {"value": [{"source": SRC, "at": "p. 1", "says": "It says so."}]},
    }


FIGURES = [
    figure("kgz-s-2020", "KGZ", "drug seizures", 2020, 1.5),
    figure("kgz-s-2021", "KGZ", "drug seizures", 2021, 2.5),
    figure("kgz-s-2022h", "KGZ", "drug seizures", 2022, 9.0, period="first half"),
    figure("arm-s-2021", "ARM", "drug seizures", 2021, 0.2, counted="police only"),
    figure("kgz-r-2018", "KGZ", "remittances", 2018, 35.1, counted="World Bank"),
    figure("arm-r-2016", "ARM", "remittances", 2016, 13.1, counted="World Bank"),
]


@pytest.fixture(scope="module")
def charts_dir(tmp_path_factory):
    """The tiny story, built, its third chapter naming both charts, and a table of figures."""
    directory = write_story(write_layers(tmp_path_factory.mktemp("chartdata")))
    stories = load_stories(directory)
    stories[0]["chapters"][2]["charts"] = ["drug-seizures", "remittances"]
    (directory / "stories.json").write_text(json.dumps(stories), encoding="utf-8")
    # The built file is newer than its YAML, so the app reads it as built.
    for path in (directory / "sources" / "stories").glob("*.yaml"):
        os.utime(path, ns=(0, 0))
    (directory / "drugs_migration.json").write_text(json.dumps(FIGURES), encoding="utf-8")
    return directory


def open_chapter(directory, monkeypatch, chapter, lang=None):
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(directory))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["story"] = "tiny-tour"
    at.query_params["chapter"] = chapter
    if lang:
        at.query_params["lang"] = lang
    return open_page(at)


def specs(at):
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def rows_of(at, title):
    """The rows Streamlit sent with the chart called ``title`` (it moves them out of the spec)."""
    import pyarrow as pa

    for chart in at.get("vega_lite_chart"):
        if json.loads(chart.proto.spec).get("title") == title:
            sent = chart.proto.datasets[0].data if chart.proto.datasets else chart.proto.data
            table = pa.ipc.open_stream(sent.data).read_all()
            return table.to_pylist()
    raise AssertionError(f"no chart called {title!r}")


def test_opening_the_chapter_shows_both_charts_with_units_and_sources(charts_dir, monkeypatch):
    at = open_chapter(charts_dir, monkeypatch, "3")
    seizures, remittances = (s for s in specs(at) if "facet" in s)
    assert seizures["title"] == "Drug seizures per member, whole years"
    assert seizures["spec"]["encoding"]["y"]["title"] == "tonnes seized"
    assert remittances["spec"]["encoding"]["y"]["title"] == "% of GDP"
    rows = rows_of(at, seizures["title"])
    drawn = [(v["member"], v["year"], v["value"]) for v in rows]
    # The half-year figure is not a point on the yearly line.
    assert drawn == [("Armenia", 2021, 0.2), ("Kyrgyzstan", 2020, 1.5), ("Kyrgyzstan", 2021, 2.5)]
    assert {v["counted"] for v in rows} == {"all agencies", "police only"}
    assert [v["year"] for v in rows_of(at, remittances["title"])] == [2016, 2018]
    captions = [c.value for c in at.caption]
    assert any(
        "the members' drug-control agencies" in c and "Example" in c and "not drawn: 1" in c
        for c in captions
    ), captions
    assert any(c.startswith("Source: World Bank estimates (CC BY 4.0)") for c in captions)


def test_a_chapter_without_charts_draws_none(charts_dir, monkeypatch):
    at = open_chapter(charts_dir, monkeypatch, "1")
    assert [s for s in specs(at) if "facet" in s] == []
