from datetime import date

import pandas as pd
import pytest

from dashboard.logic.choices import Choices
from dashboard.logic.urlstate import parse, serialize, valid_values

TODAY = date(2026, 11, 26)
VALID = {
    "countries": {"ARM", "KAZ", "RUS"},
    "types": {"army base", "air base", "space launch site"},
    "statuses": {"active", "closed"},
    "zones": {"nagorno-karabakh-2020-war", "kazakhstan-2022-unrest"},
    "ids": {"arm-102-military-base", "KAZ"},
    "basemaps": {"none", "osm"},
    "today": TODAY,
}

FULL = Choices(
    countries=("ARM", "KAZ"),
    facility_types=("army base", "space launch site"),
    facility_statuses=("active",),
    zones=("kazakhstan-2022-unrest",),
    date=date(2010, 6, 1),
    past=True,
    within=50.0,
    sel="arm-102-military-base",
    lat=40.79421,
    lon=43.847,
    zoom=9,
    basemap="osm",
    q="Гюмри, Leninakan & co",
)


@pytest.mark.parametrize(
    "state",
    [
        Choices(),
        FULL,
        Choices(date=date(1992, 1, 1)),
        Choices(date=TODAY),
        Choices(lat=-12.5, lon=179.99999, zoom=0),
        Choices(within=0.5),
        Choices(sel="KAZ"),
    ],
)
def test_round_trip(state):
    assert parse(serialize(state), valid=VALID) == (state, [])


def test_defaults_are_left_out_of_the_url():
    assert serialize(Choices()) == {}
    assert serialize(Choices(date=date(2000, 1, 2), countries=("ARM",))) == {
        "countries": "ARM",
        "date": "2000-01-02",
    }


def test_serialized_values_are_strings():
    assert all(isinstance(v, str) for v in serialize(FULL).values())


def test_repeated_keys_and_commas_both_give_lists():
    state, notes = parse({"countries": ["ARM", "KAZ,RUS"], "zoom": ["3", "7"]}, valid=VALID)
    assert state.countries == ("ARM", "KAZ", "RUS")
    assert state.zoom == 7  # like st.query_params, the last value of a single-valued key wins
    assert notes == []


def test_without_valid_any_list_value_is_accepted():
    state, notes = parse({"countries": "XYZ", "sel": "anything"})
    assert (state.countries, state.sel, notes) == (("XYZ",), "anything", [])


@pytest.mark.parametrize(
    ("params", "expected", "note"),
    [
        (
            {"date": "2099-13-01"},
            Choices(),
            "ignored 'date=2099-13-01': not a valid date (YYYY-MM-DD) between 1992-01-01 and "
            "2026-11-26",
        ),
        ({"date": "1991-12-31"}, Choices(), "ignored 'date=1991-12-31': not a valid date"),
        ({"date": "2027-01-01"}, Choices(), "ignored 'date=2027-01-01': not a valid date"),
        ({"date": "20100101"}, Choices(), "ignored 'date=20100101': not a valid date"),
        ({"date": "yesterday"}, Choices(), "ignored 'date=yesterday': not a valid date"),
        ({"colour": "red"}, Choices(), "ignored 'colour=red': unknown parameter"),
        (
            {"countries": "ARM,XXX,KAZ"},
            Choices(countries=("ARM", "KAZ")),
            "ignored 'countries=ARM,XXX,KAZ': unknown countries XXX; kept ARM, KAZ",
        ),
        (
            {"types": "battleship"},
            Choices(),
            "ignored 'types=battleship': unknown types battleship",
        ),
        (
            {"lat": "91", "lon": "40"},
            Choices(),
            "ignored 'lat=91': not a number between -90 and 90",
        ),
        ({"lat": "40"}, Choices(), "ignored 'lat=40': a map centre needs both lat and lon"),
        ({"lon": "nan", "lat": "1"}, Choices(), "ignored 'lon=nan': not a number"),
        ({"zoom": "inf"}, Choices(), "ignored 'zoom=inf': not a number between 0 and 18"),
        ({"zoom": "19"}, Choices(), "ignored 'zoom=19': not a number"),
        ({"within": "-5"}, Choices(), "ignored 'within=-5': not a number"),
        ({"within": "ten"}, Choices(), "ignored 'within=ten': not a number"),
        ({"past": "maybe"}, Choices(), "ignored 'past=maybe': use past=1"),
        ({"sel": "no-such-base"}, Choices(), "ignored 'sel=no-such-base': no feature called"),
        ({"basemap": "satellite"}, Choices(), "ignored 'basemap=satellite': no basemap called"),
        ({"q": "x" * 100}, Choices(q="x" * 100), None),
        ({"sel": "", "countries": ",,"}, Choices(), None),
    ],
)
def test_malformed_parameters_are_ignored_with_a_note(params, expected, note):
    state, notes = parse(params, valid=VALID)
    assert state == expected
    if note is None:
        assert notes == []
    else:
        assert notes[0].startswith(note)
        assert all(n.startswith("ignored '") for n in notes)


def test_long_values_are_shortened_in_notes():
    _, [note] = parse({"junk": "y" * 500}, valid=VALID)
    assert len(note) < 120


def test_good_parameters_survive_bad_neighbours():
    state, notes = parse({"date": "2010-06-01", "zoom": "abc", "sel": "KAZ", "x": "1"}, valid=VALID)
    assert state == Choices(date=date(2010, 6, 1), sel="KAZ")
    assert len(notes) == 2


@pytest.mark.parametrize(
    "params",
    [{"date": ["2010-01-01", "oops"]}, {"zoom": []}, {"lat": ""}, {"": ""}, {"q": ["a", "b"]}],
)
def test_never_raises(params):
    state, notes = parse(params, valid=VALID)
    assert isinstance(state, Choices)
    assert isinstance(notes, list)


def test_valid_values_from_layers():
    countries = pd.DataFrame({"id": ["ARM", "KAZ"]})
    facilities = pd.DataFrame(
        {"id": ["arm-base"], "facility_type": ["army base"], "status": ["active"]}
    )
    conflicts = pd.DataFrame({"id": ["kgz-tjk"]})
    valid = valid_values(countries, facilities, conflicts, basemaps=["none"], today=TODAY)
    state, notes = parse(
        {"countries": "ARM,XYZ", "sel": "kgz-tjk", "types": "army base", "basemap": "none"},
        valid=valid,
    )
    assert state == Choices(
        countries=("ARM",), sel="kgz-tjk", facility_types=("army base",), basemap="none"
    )
    assert notes == ["ignored 'countries=ARM,XYZ': unknown countries XYZ; kept ARM"]


def test_play_and_speed_round_trip_and_bad_values_are_noted():
    state = Choices(date=date(1998, 6, 1), play=True, speed="year")
    assert serialize(state)["play"] == "1" and serialize(state)["speed"] == "year"
    assert parse(serialize(state), valid=VALID) == (state, [])
    parsed, notes = parse({"play": "yes", "speed": "warp"}, valid=VALID)
    assert not parsed.play and parsed.speed is None
    assert [n.split(":")[0] for n in notes] == ["ignored 'play=yes'", "ignored 'speed=warp'"]


def test_arms_link_keeps_the_arms_layer_on_and_bad_values_are_noted():
    state = Choices(date=date(2020, 9, 27), arms=True)
    assert serialize(state) == {"date": "2020-09-27", "arms": "1"}
    assert parse(serialize(state), valid=VALID) == (state, [])
    assert "arms" not in serialize(Choices())
    assert parse({"arms": "0"}, valid=VALID) == (Choices(), [])
    parsed, notes = parse({"arms": "on"}, valid=VALID)
    assert parsed.arms is False
    assert notes == ["ignored 'arms=on': use arms=1 to draw the arms transfers"]
