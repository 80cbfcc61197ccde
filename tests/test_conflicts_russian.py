"""Conflict zones in Russian: a Russian reader meets each zone by its Russian name wherever the
app names it (hover text, popup, details, table, timeline, search, the zone filter, the
record panel and the publication image), and an English reader still by its English one.

The fixture zones are tests/tiny_layers.py's ("Armenia clash" is "Столкновение в Армении").
"""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.logic import (
    asof,
    filters,
    i18n,
    image,
    imagedraw,
    imagelabels,
    popups,
    search,
    story,
)
from dashboard.logic import table as table_logic
from dashboard.logic import timeline as timeline_logic
from dashboard.logic.choices import Choices
from dashboard.logic.image import Picture
from dashboard.logic.layers import REPO_GEODATA, load_layers
from tests.apptest import APP, drawn_looks, open_page
from tests.tiny_appeals import write_appeals
from tests.tiny_layers import write_layers

CLASH, CLASH_RU = "Armenia clash", "Столкновение в Армении"


@pytest.fixture
def russian():
    i18n.use("ru")
    i18n.MISSING.clear()
    yield
    assert not i18n.MISSING, sorted(i18n.MISSING)
    i18n.use("en")


def _clash(layers) -> dict:
    return layers.conflicts.drop(columns="geometry").set_index("id", drop=False).loc["arm-clash"]


def test_a_zone_reads_in_russian_and_a_click_on_it_is_found(layers, russian):
    props = _clash(layers).to_dict()
    tip = popups.tooltip_html("conflicts", props)
    assert tip.startswith(f"<b>{CLASH_RU}</b> · ") and CLASH not in tip
    # A click comes back as the hover text: the Russian one finds the zone.
    found = popups.find_by_tooltip({"conflicts": layers.conflicts}, popups.plain_text(tip))
    assert found is not None and found[1]["id"] == "arm-clash"
    details = popups.details_html("conflicts", props)
    assert f"<h4>{CLASH_RU}</h4>" in details
    assert f"<th>Английское название</th><td>{CLASH}</td>" in details
    assert f"<h4>{CLASH_RU}</h4>" in popups.popup_html("conflicts", props)


def test_an_english_reader_keeps_the_english_name_and_sees_the_russian_one(layers):
    i18n.use("en")
    props = _clash(layers).to_dict()
    assert popups.tooltip_html("conflicts", props).startswith(f"<b>{CLASH}</b> · ")
    details = popups.details_html("conflicts", props)
    assert f"<h4>{CLASH}</h4>" in details
    assert f"<th>Russian name</th><td>{CLASH_RU}</td>" in details


@pytest.mark.parametrize("query", [CLASH_RU, "столкновение в армении", "в Армении"])
def test_a_zone_is_found_by_its_russian_name(layers, query):
    index = search.build_index(layers.countries, layers.facilities, layers.conflicts)
    hits = search.search(index, query)
    assert [(h.layer, h.id, h.matched) for h in hits[:1]] == [("conflicts", "arm-clash", CLASH_RU)]


def test_the_table_and_the_timeline_name_zones_in_russian(layers, russian):
    rows = table_logic.layer_table(layers, "conflicts")
    assert CLASH_RU in set(rows["Name"]) and CLASH not in set(rows["Name"])
    events = timeline_logic.events(layers.countries, layers.facilities, layers.conflicts)
    said = events.loc[events["feature_id"] == "arm-clash", "label"].tolist()
    assert said and all(CLASH_RU in s and CLASH not in s for s in said)


def test_the_checks_sentences_name_zones_in_the_readers_language(layers, russian):
    assert story.feature_labels(layers)["arm-clash"] == CLASH_RU
    i18n.use("en")
    assert story.feature_labels(layers)["arm-clash"] == CLASH


@pytest.fixture(scope="module")
def image_dir(tmp_path_factory):
    return write_layers(tmp_path_factory.mktemp("conflicts-ru-image"))


def _placed_names(directory, lang: str, monkeypatch) -> list[str]:
    # The names placed on the picture (drawn with a halo, they are not named in the SVG).
    got: list[str] = []
    original = imagelabels.place_labels

    def spy(labels, obstacles, frame):
        out = original(list(labels), obstacles, frame)
        got.extend(label.text for label, _box in out)
        return out

    monkeypatch.setattr(imagelabels, "place_labels", spy)
    on = date(2022, 9, 1)
    visible = filters.apply_selection(asof.layers_on(load_layers(directory), on), Choices(date=on))
    picture = Picture(
        title="Title", on=on, view=(39.6, 45.4, 7), outlined=("arm-clash",), lang=lang
    )
    image.render(visible, picture, imagedraw.load_basemap(directory), size="PNG 1600×1000")
    monkeypatch.setattr(imagelabels, "place_labels", original)
    return got


def test_the_image_labels_an_outlined_zone_in_the_pictures_language(image_dir, monkeypatch):
    ru = _placed_names(image_dir, "ru", monkeypatch)
    en = _placed_names(image_dir, "en", monkeypatch)
    assert CLASH_RU in ru and CLASH not in ru
    assert CLASH in en and CLASH_RU not in en


def test_the_record_panel_names_an_appeals_zone_in_russian(tmp_path, monkeypatch):
    # AppTest runs the script on a thread of its own: every run reads Russian.
    monkeypatch.setattr(i18n, "current", lambda: "ru")
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(write_appeals(write_layers(tmp_path))))
    at = open_page(AppTest.from_file(APP, default_timeout=60))
    assert not at.exception, at.exception
    (panel,) = [h.proto.body for h in at.get("html") if "csto-record" in h.proto.body]
    assert f"<td>{CLASH_RU}</td>" in panel and f"<td>{CLASH}</td>" not in panel


# -- the shipped layers through the app ---------------------------------------------------------

KARABAKH = "nagorno-karabakh-2020-war"


@pytest.fixture
def shipped_at(monkeypatch):
    if not (REPO_GEODATA / "conflicts.geojson").exists():
        pytest.skip("geodata/ has no built layers yet (python -m geodata.build)")
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(REPO_GEODATA))
    yield AppTest.from_file(APP, default_timeout=120)
    i18n.use("en")


def test_a_russian_reader_finds_a_war_by_its_russian_name_and_reads_it(shipped_at):
    at = shipped_at
    at.query_params["lang"] = "ru"
    i18n.use("ru")  # AppTest formats widgets' options again in the test's thread
    at = open_page(at)
    at.slider(key="date").set_value(date(2020, 10, 15)).run()
    hover = popups.plain_text(drawn_looks(at, "conflicts")[KARABAKH]["t"])
    assert hover.startswith("Вторая карабахская война · ")
    # The zone filter's choices, and the facilities' nearest active zone in the table.
    assert "Вторая карабахская война" in at.multiselect(key="zones").options
    at.number_input(key="within").set_value(3000).run()
    (facilities,) = [d.value for d in at.dataframe if "Nearest active zone" in d.value.columns]
    nearest = set(facilities["Nearest active zone"].dropna())
    assert "Вторая карабахская война" in nearest and "Second Nagorno-Karabakh War" not in nearest
    at.text_input(key="q").set_value("вторая карабахская").run()
    assert not at.exception, at.exception
    found = " ".join(c.value for c in at.sidebar.caption)
    assert "Вторая карабахская война · зона конфликта" in found
    details = " ".join(h.proto.body for h in at.get("html"))
    assert "<h4>Вторая карабахская война</h4>" in details
    assert "Английское название" in details and "Second Nagorno-Karabakh War" in details
    assert not i18n.MISSING, sorted(i18n.MISSING)
