from datetime import date

import pytest

from geodata.schema.dates import (
    check_partial,
    days_between,
    end_bound,
    first_day,
    last_day,
    may_precede,
    parse_partial,
    precision,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2025-06-03", (date(2025, 6, 3), date(2025, 6, 3), "day")),
        ("2025-06", (date(2025, 6, 1), date(2025, 6, 30), "month")),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29), "month")),
        ("2023-02", (date(2023, 2, 1), date(2023, 2, 28), "month")),
        ("2025-12", (date(2025, 12, 1), date(2025, 12, 31), "month")),
        ("1999", (date(1999, 1, 1), date(1999, 12, 31), "year")),
    ],
)
def test_parse_partial(text, expected):
    assert parse_partial(text) == expected
    assert (first_day(text), last_day(text), precision(text)) == expected


@pytest.mark.parametrize(
    "value, words",
    [
        ("2025-13", "not a real month"),
        ("2025-02-30", "not a real day"),
        ("0000", "not a real year"),
        ("2025-6", "YYYY-MM"),
        ("16/03/1995", "YYYY-MM-DD"),
        ("2025-06-03T00:00", "YYYY-MM-DD"),
        (" 2025", "YYYY"),
        ("", "YYYY"),
        (1995, "int"),
        (None, "NoneType"),
    ],
)
def test_bad_dates_say_what_is_accepted(value, words):
    with pytest.raises(ValueError, match=words):
        parse_partial(value)
    assert words in check_partial(value)


def test_good_dates_pass_the_check():
    assert check_partial("2025") is None
    assert precision(None) is None


@pytest.mark.parametrize(
    "text, bound",
    [
        ("2025-06-03", date(2025, 6, 3)),
        ("2025-06", date(2025, 7, 1)),
        ("2025-12", date(2026, 1, 1)),
        ("2025", date(2026, 1, 1)),
    ],
)
def test_end_bound_runs_through_the_last_day(text, bound):
    assert end_bound(text) == bound


@pytest.mark.parametrize(
    "earlier, later, ok",
    [
        ("2022-09-13", "2022-09-14", True),
        ("2022-09-13", "2022-09-13", True),
        ("2022-09-13", "2022-09", True),
        ("2022-09", "2022-09-01", True),
        ("2022", "2022-01-05", True),
        ("2022-09-13", "2022-08", False),
        ("2022-09-13", "2022-09-12", False),
        ("2023", "2022-12-31", False),
    ],
)
def test_may_precede(earlier, later, ok):
    assert may_precede(earlier, later) is ok


@pytest.mark.parametrize(
    "earlier, later, days",
    [
        ("2022-09-13", "2022-09-13", 0),
        ("2021-05-13", "2021-05-14", 1),
        ("2022-01-05", "2022-01-06", 1),
        ("2021-05-13", "2021-05", None),
        ("2021", "2021-05-14", None),
        ("2021-05-13", None, None),
        (None, None, None),
    ],
)
def test_days_between_needs_two_days(earlier, later, days):
    assert days_between(earlier, later) == days


def test_build_adds_precisions_in_schema_order():
    from geodata.datasets.tables import with_precisions
    from geodata.schema.layers import CONFLICTS

    props = {"id": "x", "end": "2022-09", "start": "2022", "sources": []}
    out = with_precisions(props, CONFLICTS)
    assert list(out) == ["id", "start", "start_precision", "end", "end_precision", "sources"]
    assert (out["start_precision"], out["end_precision"]) == ("year", "month")
    assert with_precisions({"end": None}, CONFLICTS) == {"end": None, "end_precision": None}
