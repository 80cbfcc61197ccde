"""The map frame through AppTest: going back to an earlier filter draws the earlier map."""

from __future__ import annotations

from tests.test_app import app, map_args  # noqa: F401  (fixture)


def test_returning_to_a_filter_draws_the_same_map(app):  # noqa: F811
    first = map_args(app)["feature_group"]
    app.multiselect(key="facility_types").set_value(["radar"]).run()
    assert not app.exception, app.exception
    narrowed = map_args(app)["feature_group"]
    assert narrowed != first
    app.multiselect(key="facility_types").set_value([]).run()
    assert map_args(app)["feature_group"] == first
    app.multiselect(key="facility_types").set_value(["radar"]).run()
    assert map_args(app)["feature_group"] == narrowed
