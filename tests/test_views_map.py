"""The map frame through AppTest: going back to an earlier filter draws the earlier map."""

from __future__ import annotations

import re

from dashboard.map import build
from dashboard.views import map as mapframe
from tests.apptest import map_args


def test_returning_to_a_filter_draws_the_same_map(app):
    first = map_args(app)["feature_group"]
    app.multiselect(key="facility_types").set_value(["radar"]).run()
    assert not app.exception, app.exception
    narrowed = map_args(app)["feature_group"]
    assert narrowed != first
    app.multiselect(key="facility_types").set_value([]).run()
    assert map_args(app)["feature_group"] == first
    app.multiselect(key="facility_types").set_value(["radar"]).run()
    assert map_args(app)["feature_group"] == narrowed


def _group_scripts(feature_group: str) -> list[str]:
    """The map script cut into one piece per feature group, in order."""
    return re.split(r"(?=var feature_group_feature_group_\d+ = )", feature_group)[1:]


def test_a_filter_on_one_layer_leaves_the_other_groups_as_they_were(app, monkeypatch):
    built = []
    original = build.layer_group
    monkeypatch.setattr(
        build, "layer_group", lambda layer, *a: built.append(layer) or original(layer, *a)
    )
    mapframe._group.clear()  # other tests may have built the groups this one needs
    before = _group_scripts(map_args(app.run())["feature_group"])
    built.clear()
    app.multiselect(key="facility_types").set_value(["air base"]).run()
    assert not app.exception, app.exception
    after = _group_scripts(map_args(app)["feature_group"])
    assert built == ["facilities"]  # countries and zones came from the cache
    assert after[:2] == before[:2] and after[2] != before[2]
