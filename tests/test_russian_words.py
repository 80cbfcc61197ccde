"""The plain modules in Russian: vocabulary labels, dates as known, names, counts and the link.

Data values (statuses, facility types) stay English wherever the app keeps or sends them;
only what a reader reads changes with the language."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.logic import i18n, known, popups, style, table, urlstate
from dashboard.logic.layers import country_names


@pytest.fixture
def russian():
    i18n.use("ru")
    i18n.MISSING.clear()
    yield
    assert not i18n.MISSING, sorted(i18n.MISSING)
    i18n.use("en")


KANT = {
    "id": "kgz-kant-air-base",
    "name": "Kant Air Base (999th Air Base)",
    "name_ru": "Авиабаза «Кант» (999-я авиационная база)",
    "facility_type": "air base",
    "status": "closed",
    "country": "KGZ",
    "opened": "2003-10-23",
    "opened_precision": "day",
    "closed": None,
    "precision_m": 2500,
    "sources": [],
}


def test_vocabulary_values_get_russian_labels_and_stay_english_as_values(russian):
    assert style.label("facility_type", "air base") == "авиабаза"
    assert style.facility_type_label("radar") == "РЛС"  # not "Рлс"
    assert style.label("status", "member") == "член"
    assert style.label("kind", "border clash") == "пограничное столкновение"
    # A value outside the vocabulary is shown as it is, and asks the catalog for nothing.
    assert style.label("facility_type", "lighthouse") == "lighthouse"
    legend = style.legend_html()
    assert "Государство-член" in legend and "Авиабаза" in legend and "Трубопровод" in legend
    assert 'data-value="member"' in legend and "Member state" not in legend


def test_dates_are_written_as_precisely_as_known_the_russian_way(russian):
    assert known.as_known("2003-10-23") == "23 октября 2003\u202fг."
    assert known.as_known("2003-10") == "октябрь 2003\u202fг. (известен месяц)"
    assert known.as_known("1992", "year") == "1992 г. (известен год)"
    # A month stored as its first day stays a month.
    assert known.as_known(pd.Timestamp("2020-08-01"), "month").startswith("август 2020")


def test_english_dates_keep_their_form():
    i18n.use("en")
    assert known.as_known("2003-10-23") == "2003-10-23"
    assert known.as_known("2003-10") == "Oct 2003 (month known)"


def test_a_facility_reads_in_russian_and_a_click_on_it_is_found(russian):
    tip = popups.tooltip_html("facilities", KANT)
    assert tip == "<b>Авиабаза «Кант» (999-я авиационная база)</b> · авиабаза, закрыт"
    frame = pd.DataFrame([KANT]).assign(geometry=None)
    found = popups.find_by_tooltip({"facilities": frame}, popups.plain_text(tip))
    assert found is not None and found[1]["id"] == KANT["id"]
    details = popups.details_html("facilities", KANT, {"KGZ": "Киргизия"})
    assert "<h4>Авиабаза «Кант» (999-я авиационная база)</h4>" in details
    assert "<th>Английское название</th><td>Kant Air Base (999th Air Base)</td>" in details
    assert "<th>Страна размещения</th><td>Киргизия (KGZ)</td>" in details
    assert "<td>23 октября 2003\u202fг.</td>" in details
    assert "с точностью около 2,5 км" in details
    assert "Источник не указан." in details
    short = popups.popup_html("facilities", KANT)
    assert "Открыт 23 октября 2003\u202fг." in short


def test_counts_take_the_form_the_number_asks_for(russian):
    assert table.counted(1, "countries") == "1 страна"
    assert table.counted(3, "countries") == "3 страны"
    assert table.counted(25, "countries") == "25 стран"
    assert table.counted(21, "facilities") == "21 объект"
    assert table.counted(44, "conflicts") == "44 зоны конфликтов"


def test_country_names_come_from_name_ru_in_russian():
    countries = pd.DataFrame(
        {"iso3": ["KGZ", "XXX"], "name": ["Kyrgyzstan", "Nowhere"], "name_ru": ["Киргизия", None]}
    )
    assert country_names(countries, "ru") == {"KGZ": "Киргизия", "XXX": "Nowhere"}
    assert country_names(countries, "en") == {"KGZ": "Kyrgyzstan", "XXX": "Nowhere"}


def test_a_link_made_in_russian_carries_it_and_one_made_in_english_leaves_it_out():
    parsed, notes = urlstate.parse({"lang": "ru", "date": "2020-01-01"})
    assert not notes
    i18n.use("ru")
    assert urlstate.serialize(parsed) == {"date": "2020-01-01", "lang": "ru"}
    i18n.use("en")
    assert urlstate.serialize(parsed) == {"date": "2020-01-01"}
    _unknown, notes = urlstate.parse({"lang": "de"})
    assert len(notes) == 1 and notes[0].startswith("ignored 'lang=de'")


def test_a_claims_result_is_told_in_the_russian_its_check_wrote(russian):
    from dashboard.logic import plainwords

    claim = {
        "verdict": "supported",
        "check": {"name": "members_on", "params": {"date": "2026-11-01"}},
        "result": {
            "value": 2,
            "summary": "2 members on 2026-11-01: ARM, RUS",
            "ru": {"summary": "2 члена на 2026-11-01: ARM, RUS"},
            "missing": ["votes.json"],
        },
    }
    said = plainwords.sentence(claim, {"ARM": "Армения", "RUS": "Россия"}, {})
    assert said == "2 члена на 1 ноября 2026\u202fг.: Армения, Россия. (нет данных: votes.json)"
    # Without the check's Russian, the English sentence is told rather than nothing.
    del claim["result"]["ru"]
    assert plainwords.sentence(claim, {}, {}).startswith("On 1 Nov 2026 the alliance had 2")
