from datetime import date

import pandas as pd
import pytest

from dashboard.logic.urlstate import State, parse, serialize, valid_values

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

FULL = State(
    countries=("ARM", "KAZ"),
    types=("army base", "space launch site"),
    statuses=("active",),
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
        State(),
        FULL,
        State(date=date(1992, 1, 1)),
        State(date=TODAY),
        State(lat=-12.5, lon=179.99999, zoom=0),
        State(within=0.5),
        State(sel="KAZ"),
    ],
)
def test_round_trip(state):
    assert parse(serialize(state), valid=VALID) == (state, [])


def test_defaults_are_left_out_of_the_url():
    assert serialize(State()) == {}
    assert serialize(State(date=date(2000, 1, 2), countries=("ARM",))) == {
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
            State(),
            "ignored 'date=2099-13-01': not a valid date (YYYY-MM-DD) between 1992-01-01 and "
            "2026-11-26",
        ),
        ({"date": "1991-12-31"}, State(), "ignored 'date=1991-12-31': not a valid date"),
        ({"date": "2027-01-01"}, State(), "ignored 'date=2027-01-01': not a valid date"),
        ({"date": "20100101"}, State(), "ignored 'date=20100101': not a valid date"),
        ({"date": "yesterday"}, State(), "ignored 'date=yesterday': not a valid date"),
        ({"colour": "red"}, State(), "ignored 'colour=red': unknown parameter"),
        (
            {"countries": "ARM,XXX,KAZ"},
            State(countries=("ARM", "KAZ")),
            "ignored 'countries=ARM,XXX,KAZ': unknown countries XXX; kept ARM, KAZ",
        ),
        ({"types": "battleship"}, State(), "ignored 'types=battleship': unknown types battleship"),
        ({"lat": "91", "lon": "40"}, State(), "ignored 'lat=91': not a number between -90 and 90"),
        ({"lat": "40"}, State(), "ignored 'lat=40': a map centre needs both lat and lon"),
        ({"lon": "nan", "lat": "1"}, State(), "ignored 'lon=nan': not a number"),
        ({"zoom": "inf"}, State(), "ignored 'zoom=inf': not a number between 0 and 18"),
        ({"zoom": "19"}, State(), "ignored 'zoom=19': not a number"),
        ({"within": "-5"}, State(), "ignored 'within=-5': not a number"),
        ({"within": "ten"}, State(), "ignored 'within=ten': not a number"),
        ({"past": "maybe"}, State(), "ignored 'past=maybe': use past=1"),
        ({"sel": "no-such-base"}, State(), "ignored 'sel=no-such-base': no feature called"),
        ({"basemap": "satellite"}, State(), "ignored 'basemap=satellite': no basemap called"),
        ({"q": "x" * 100}, State(q="x" * 100), None),
        ({"sel": "", "countries": ",,"}, State(), None),
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
    assert state == State(date=date(2010, 6, 1), sel="KAZ")
    assert len(notes) == 2


@pytest.mark.parametrize(
    "params",
    [{"date": ["2010-01-01", "oops"]}, {"zoom": []}, {"lat": ""}, {"": ""}, {"q": ["a", "b"]}],
)
def test_never_raises(params):
    state, notes = parse(params, valid=VALID)
    assert isinstance(state, State)
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
    assert state == State(countries=("ARM",), sel="kgz-tjk", types=("army base",), basemap="none")
    assert notes == ["ignored 'countries=ARM,XYZ': unknown countries XYZ; kept ARM"]
