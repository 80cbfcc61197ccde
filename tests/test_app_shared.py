"""Readers on the same page share the map's state, the table's rows and the downloads' files
made for it (views/map, table, downloads, keyed in app.py): what one reader sees never comes
from another reader's language or filters."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.logic import i18n
from dashboard.logic.layers import REPO_GEODATA
from tests.apptest import APP, drawn, open_page

CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@pytest.fixture
def shipped(monkeypatch):
    if not (REPO_GEODATA / "facilities.geojson").exists():
        pytest.skip("geodata/ has no built layers yet (python -m geodata.build)")
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(REPO_GEODATA))
    yield
    i18n.use("en")


def reader(lang: str = "en", countries: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    if countries:
        at.query_params["countries"] = countries
    i18n.use(lang)
    at = open_page(at)
    assert not at.exception, at.exception
    return at


def table_text(at: AppTest) -> str:
    return " ".join(frame.value.to_csv() for frame in at.dataframe)


def test_readers_of_one_page_in_two_languages_each_read_their_own(shipped):
    english = table_text(reader("en"))
    russian = table_text(reader("ru"))
    again = table_text(reader("en"))
    assert not CYRILLIC.search(english)
    assert CYRILLIC.search(russian)
    assert again == english


def test_readers_with_other_filters_see_their_own_features(shipped):
    everyone = reader()
    kyrgyzstan = reader(countries="KGZ")
    assert drawn(kyrgyzstan)["countries"] == ["KGZ"]
    assert len(drawn(everyone)["countries"]) > 1
    assert len(kyrgyzstan.dataframe[0].value) < len(everyone.dataframe[0].value)
    assert drawn(reader()) == drawn(everyone)
