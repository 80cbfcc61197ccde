import pytest

from dashboard.logic.choices import Choices
from dashboard.logic.filters import (
    apply_selection,
    country_groups,
    filter_conflicts,
    filter_countries,
    filter_facilities,
)


def ids(gdf) -> list[str]:
    return sorted(gdf["id"])


def test_country_groups_split_members_former_and_neighbours(layers):
    groups = country_groups(layers.countries)
    # Frozen Armenia counts as a member; each group is ordered by name.
    assert groups == {"members": ["ARM", "KGZ", "RUS"], "former": ["UZB"], "neighbours": ["AFG"]}


def test_country_groups_follow_a_status_on_a_date(layers):
    groups = country_groups(layers.countries.assign(status="former"))
    assert groups["former"] == ["AFG", "ARM", "KGZ", "RUS", "UZB"]


@pytest.mark.parametrize(
    ("countries", "expected"),
    [
        ((), ["AFG", "ARM", "KGZ", "RUS", "UZB"]),
        (("ARM",), ["ARM"]),
        (("ARM", "UZB"), ["ARM", "UZB"]),
        (("XXX",), []),
    ],
)
def test_filter_countries(layers, countries, expected):
    assert ids(filter_countries(layers.countries, countries=countries)) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ["arm-102-base", "kgz-kant", "kgz-koy-sary", "rus-hostile", "uzb-radar"]),
        ({"countries": ["KGZ"]}, ["kgz-kant", "kgz-koy-sary"]),
        ({"types": ["radar"]}, ["rus-hostile", "uzb-radar"]),
        ({"statuses": ["active"]}, ["arm-102-base", "kgz-kant", "kgz-koy-sary"]),
        ({"countries": ["KGZ", "UZB"], "types": ["radar"]}, ["uzb-radar"]),
        ({"types": ["radar"], "statuses": ["active"]}, []),
        ({"countries": ["AFG"]}, []),
    ],
)
def test_filter_facilities(layers, kwargs, expected):
    assert ids(filter_facilities(layers.facilities, **kwargs)) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ["afg-border", "arm-clash", "kgz-uzb-border", "rus-pipeline"]),
        ({"countries": ["UZB"]}, ["kgz-uzb-border"]),
        ({"countries": ["KGZ", "ARM"]}, ["arm-clash", "kgz-uzb-border"]),
        ({"zones": ["afg-border"]}, ["afg-border"]),
        ({"zones": ["afg-border"], "countries": ["ARM"]}, []),
    ],
)
def test_filter_conflicts(layers, kwargs, expected):
    assert ids(filter_conflicts(layers.conflicts, **kwargs)) == expected


@pytest.mark.parametrize("kwargs", [{}, {"countries": ["ARM"]}, {"zones": ["afg-border"]}])
def test_filters_accept_an_empty_layer(layers, kwargs):
    # A map date with no active conflict leaves an empty layer; a country filter must cope.
    empty = layers.conflicts.iloc[0:0]
    assert filter_conflicts(empty, **kwargs).empty
    facility_kwargs = {k: v for k, v in kwargs.items() if k == "countries"}
    assert filter_facilities(layers.facilities.iloc[0:0], **facility_kwargs).empty


def test_filters_return_new_frames(layers):
    out = filter_facilities(layers.facilities)
    out.loc[out.index[0], "name"] = "changed"
    assert layers.facilities.loc[0, "name"] != "changed"


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (Choices(), (5, 5, 4)),
        (Choices(countries=("KGZ",)), (1, 2, 1)),
        (Choices(facility_types=("air base",)), (5, 1, 4)),
        (Choices(facility_statuses=("closed", "transferred")), (5, 2, 4)),
        (Choices(zones=("arm-clash",)), (5, 5, 1)),
    ],
)
def test_apply_selection_narrows_every_layer_it_applies_to(layers, selection, expected):
    out = apply_selection(layers, selection)
    assert (len(out.countries), len(out.facilities), len(out.conflicts)) == expected
