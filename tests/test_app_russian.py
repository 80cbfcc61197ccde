"""The page in Russian through AppTest, on the shipped layers: a link with ``lang=ru`` opens the
sidebar, the legend and a clicked feature's details in Russian, nothing it draws lacks a
Russian message, and the language picker goes into the link and back."""

from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.logic import i18n, popups
from dashboard.logic.layers import REPO_GEODATA
from tests.apptest import APP, drawn_looks, open_page

KANT = "kgz-kant-air-base"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@pytest.fixture
def shipped_at(monkeypatch):
    if not (REPO_GEODATA / "facilities.geojson").exists():
        pytest.skip("geodata/ has no built layers yet (python -m geodata.build)")
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(REPO_GEODATA))
    return AppTest.from_file(APP, default_timeout=120)


@pytest.fixture(autouse=True)
def _english_after():
    # The run's language is a context variable of the test's thread: leave it as found.
    i18n.MISSING.clear()
    yield
    i18n.use("en")
    i18n.MISSING.clear()


def russian_page(at: AppTest) -> AppTest:
    at.query_params["lang"] = "ru"
    # AppTest formats a widget's options again in the test's own thread when it reads or
    # sets a value: that thread reads Russian too.
    i18n.use("ru")
    return open_page(at)


def html_of(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def click(at: AppTest, fid: str) -> AppTest:
    """What a click on a facility sends back: its hover text, as the map shows it."""
    tooltip = popups.plain_text(drawn_looks(at, "facilities")[fid]["t"])
    at.session_state["map"] = {"last_object_clicked_tooltip": tooltip}
    return at.run()


def test_a_russian_link_opens_the_sidebar_in_russian(shipped_at):
    at = russian_page(shipped_at)
    assert not at.exception, at.exception
    sb = at.sidebar
    (picker,) = [r for r in sb.radio if r.key == "lang"]
    assert picker.label == "Язык" and picker.value == "ru"
    headers = [h.value for h in sb.header]
    assert {"Дата", "Слои", "Фильтры"} <= set(headers)
    assert at.slider(key="date").label == "Дата карты"
    layers = [c.label for c in sb.checkbox]
    assert {"Страны", "Зоны конфликтов", "Объекты"} <= set(layers)
    assert at.text_input(key="q").label == "Поиск"
    types = at.multiselect(key="facility_types")
    assert types.label == "Тип объекта"
    # The options stay the data's English values; the reader reads their Russian labels.
    assert "авиабаза" in types.options and "air base" not in types.options
    assert at.button(key="reset_map").label == "Сбросить карту"
    assert at.title[0].value == "ОДКБ на карте"


def test_the_legend_and_the_counts_are_in_russian(shipped_at):
    at = russian_page(shipped_at)
    legend = html_of(at)
    for words in ("Государство-член", "Бывший член", "Авиабаза", "Космодром", "Зоны конфликтов"):
        assert words in legend
    assert "Member state" not in legend and "Air base" not in legend
    captions = " ".join(c.value for c in at.caption)
    # Counted the Russian way, on a day written out in Russian.
    assert re.search(r"На \d{1,2} [а-я]+ \d{4}\u202fг\.: \d+ стран", captions)


def test_a_clicked_facility_shows_its_details_in_russian(shipped_at):
    at = russian_page(shipped_at)
    at.slider(key="date").set_value(date(2024, 1, 1))
    at = click(at.run(), KANT)
    assert not at.exception, at.exception
    details = html_of(at)
    # Its Russian name is the title, the English one a row; labels and values in Russian.
    assert "<h4>Авиабаза «Кант» (999-я авиационная база)</h4>" in details
    assert "Английское название" in details and "Kant Air Base (999th Air Base)" in details
    for words in ("Страна размещения", "Статус на дату карты", "Открыт", "Источники"):
        assert words in details
    assert "<td>авиабаза</td>" in details and "<td>действует</td>" in details
    # A day known to the day is written out in Russian; the country named in Russian.
    assert "23 октября 2003\u202fг." in details
    assert "Киргизия (KGZ)" in details
    assert at.button(key="clear_sel").label == "Закрыть"


def test_a_russian_run_of_the_main_paths_lacks_no_message(shipped_at):
    at = russian_page(shipped_at)
    at.slider(key="date").set_value(date(2010, 6, 1))
    at = click(at.run(), KANT)
    at.text_input(key="q").set_value("Байконур").run()
    assert not at.exception, at.exception
    # The hits are named in Russian, counted the Russian way.
    (hits,) = [r for r in at.sidebar.radio if r.key != "lang"]
    assert hits.label == "2 совпадения"
    assert "Космодром «Байконур» · объект" in hits.options
    # The parts under the map were drawn too: the table and the timeline.
    assert at.dataframe and any(s.value == "Временная шкала" for s in at.subheader)
    assert not i18n.MISSING, sorted(i18n.MISSING)
    assert CYRILLIC.search(" ".join(s.value for s in at.subheader))


def test_the_language_picker_goes_into_the_link_and_back(shipped_at):
    at = open_page(shipped_at)
    assert "lang" not in at.query_params
    assert at.title[0].value == "The CSTO on a map"
    # The test's thread formats the options of the page as it was drawn (see russian_page).
    at.radio(key="lang").set_value("ru").run()
    i18n.use("ru")
    assert not at.exception, at.exception
    assert at.query_params["lang"] == ["ru"] or at.query_params["lang"] == "ru"
    assert at.title[0].value == "ОДКБ на карте"
    assert at.sidebar.header[0].value == "Дата"
    # The whole page follows, the parts under the map included.
    assert "Временная шкала" in [s.value for s in at.subheader]
    assert "Об этой карте и её данных" in [e.label for e in at.expander]
    at.radio(key="lang").set_value("en").run()
    i18n.use("en")
    assert "lang" not in at.query_params
    assert at.sidebar.header[0].value == "Date"


def test_an_unknown_language_in_a_link_falls_back_to_english_and_says_so(shipped_at):
    shipped_at.query_params["lang"] = "xx"
    at = open_page(shipped_at)
    assert not at.exception, at.exception
    assert at.title[0].value == "The CSTO on a map"
    assert "ignored 'lang=xx'" in " ".join(t.value for t in at.text)
