"""The map frame through AppTest: going back to an earlier filter draws the earlier map."""

from __future__ import annotations

from tests.apptest import layers_file, map_args, map_state


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


def test_a_filter_sends_a_small_state_and_keeps_the_base_map(app):
    before = map_args(app)
    app.multiselect(key="facility_types").set_value(["air base"]).run()
    assert not app.exception, app.exception
    after = map_args(app)
    assert after["script"] == before["script"]  # the features stay where the map read them
    # Only which features are drawn travels: no shape, no popup of an unchanged feature.
    assert len(after["feature_group"]) < 4000 and "rings" not in after["feature_group"]
    assert map_state(app)["looks"] == {}
    assert set(map_state(app)["facilities"]) < set(
        layers_file(app)["facilities"][i]["id"] for i in range(len(layers_file(app)["facilities"]))
    )
