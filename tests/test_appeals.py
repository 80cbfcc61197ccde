"""The appeals table: schema, computed fields, the conflict cross-check and the built file."""

import json

import pytest

from geodata.datasets import appeals
from geodata.datasets.appeals import (
    LEAD_DAYS,
    build_appeals,
    computed_fields,
    conflict_periods,
    dumps_appeals,
    parse_appeals,
    validate_appeals,
)
from geodata.datasets.dataset import Build, BuildError
from geodata.schema.values import LayerError

yaml = pytest.importorskip("yaml")
SRC = ["https://example.org/appeal"]
PERIODS = {
    "border-2022": ("2022-09-13", "2022-09-14"),
    "unrest-2022": ("2022-01-02", "2022-01-11"),
    "open-border": ("2021-08", None),
}


def row(**fields):
    base = {
        "id": "arm-2022-09",
        "date": "2022-09-13",
        "country": "ARM",
        "conflict": "border-2022",
        "asked": "Help under the treaty.",
        "basis": "Article 4 of the Collective Security Treaty",
        "outcome": "partly",
        "answer": "A monitoring team.",
        "answered_on": "2022-09-13",
        "sources": SRC,
    }
    return base | fields


def built(**fields):
    source = row(**fields)
    return source | computed_fields(source)


def test_good_rows_pass_both_as_source_and_as_built():
    assert validate_appeals([row()], built=False) == []
    assert validate_appeals([built()], periods=PERIODS) == []


@pytest.mark.parametrize(
    "source",
    [
        row(answered_on=None, outcome="no answer"),
        row(date="2022-09", answered_on="2022-09"),
        row(date="2022", answered_on=None, outcome="declined"),
        row(outcome="granted"),
    ],
)
def test_allowed_variants(source):
    assert validate_appeals([source], built=False) == []
    assert validate_appeals([source | computed_fields(source)], periods=PERIODS) == []


@pytest.mark.parametrize(
    "rows, fid, field, words",
    [
        ([row(outcome="maybe")], "arm-2022-09", "outcome", "granted, partly, declined, no answer"),
        ([row(country="Armenia")], "arm-2022-09", "country", "ISO 3166"),
        ([row(date="13.09.2022")], "arm-2022-09", "date", "YYYY-MM-DD"),
        ([row(date="2022-09-31")], "arm-2022-09", "date", "not a real day"),
        ([row(answered_on="2022-13")], "arm-2022-09", "answered_on", "not a real month"),
        ([row(answered_on="2022-09-12")], "arm-2022-09", "answered_on", "before date"),
        ([row(answered_on="2022-08")], "arm-2022-09", "answered_on", "before date"),
        ([row(sources=[])], "arm-2022-09", "sources", "empty"),
        ([row(sources=["tass.com"])], "arm-2022-09", "sources", "URL"),
        ([row(asked="")], "arm-2022-09", "asked", "empty"),
        ([row(conflict="Border 2022")], "arm-2022-09", "conflict", "slug"),
        ([row(colour="red")], "arm-2022-09", "colour", "unknown key"),
        ([row(days_to_answer=0)], "arm-2022-09", "days_to_answer", "computed by the build"),
        ([{k: v for k, v in row().items() if k != "basis"}], "arm-2022-09", "basis", "missing"),
        ([row(), row()], "arm-2022-09", "id", "duplicate"),
        (["not a row"], "#0", None, "mapping"),
    ],
)
def test_bad_source_rows(rows, fid, field, words):
    problems = validate_appeals(rows, "appeals.yaml", built=False)
    assert any(p.feature_id == fid and p.field == field and words in p.message for p in problems), (
        problems
    )


@pytest.mark.parametrize(
    "rows, field, words",
    [
        ([built() | {"days_to_answer": 3}], "days_to_answer", "expected 0"),
        ([built() | {"date_precision": "month"}], "date_precision", "expected 'day'"),
        ([built() | {"answered_on_precision": None}], "answered_on_precision", "expected"),
        (
            [{k: v for k, v in built().items() if k != "days_to_answer"}],
            "days_to_answer",
            "missing",
        ),
        ([built() | {"days_to_answer": "0"}], "days_to_answer", "integer"),
    ],
)
def test_bad_built_rows(rows, field, words):
    problems = validate_appeals(rows)
    assert any(p.field == field and words in p.message for p in problems), problems


@pytest.mark.parametrize(
    "source, expected",
    [
        (row(), {"date_precision": "day", "answered_on_precision": "day", "days_to_answer": 0}),
        (
            row(date="2022-01-05", answered_on="2022-01-06"),
            {"date_precision": "day", "answered_on_precision": "day", "days_to_answer": 1},
        ),
        (
            row(date="2022-09", answered_on="2022-09-20"),
            {"date_precision": "month", "answered_on_precision": "day", "days_to_answer": None},
        ),
        (
            row(answered_on=None),
            {"date_precision": "day", "answered_on_precision": None, "days_to_answer": None},
        ),
        (
            row(date="1999", answered_on="2000"),
            {"date_precision": "year", "answered_on_precision": "year", "days_to_answer": None},
        ),
    ],
)
def test_computed_fields(source, expected):
    assert computed_fields(source) == expected


@pytest.mark.parametrize(
    "fields, words",
    [
        ({"conflict": "no-such-war"}, "'no-such-war' is not an id in the conflicts layer"),
        ({"date": "2022-08-13", "answered_on": None}, f"more than {LEAD_DAYS} days before"),
        ({"date": "2022-09-15", "answered_on": None}, "after border-2022 ended"),
        ({"date": "2022-10", "answered_on": None}, "after border-2022 ended"),
    ],
)
def test_conflict_cross_check_fails(fields, words):
    problems = validate_appeals([built(**fields)], periods=PERIODS)
    assert [words in p.message for p in problems] == [True], problems


@pytest.mark.parametrize(
    "fields",
    [
        {"date": "2022-08-14", "answered_on": None},  # exactly LEAD_DAYS before the start
        {"date": "2022-08", "answered_on": None},  # a month that reaches into the window
        {"date": "2022-09-14", "answered_on": None},  # on the day the conflict ends
        {"date": "2022-09", "answered_on": None},
        {"conflict": "open-border", "date": "2025-03-01", "answered_on": None},
        {"conflict": "open-border", "date": "2021-07-02", "answered_on": None},
    ],
)
def test_conflict_cross_check_passes(fields):
    assert validate_appeals([built(**fields)], periods=PERIODS) == []


def test_conflict_periods_read_features_and_source_entries():
    features = [
        {"properties": {"id": "a", "start": "2020-09-27", "end": "2020-11-10"}},
        {"id": "b", "start": "2021-08", "end": None},
        {"id": "c", "start": "not a date", "end": None},
    ]
    assert conflict_periods(features) == {"a": ("2020-09-27", "2020-11-10"), "b": ("2021-08", None)}


def test_build_sorts_by_date_and_orders_keys():
    later = row()
    earlier = row(
        id="kaz-2022-01", date="2022-01-05", answered_on="2022-01-06", conflict="unrest-2022"
    )
    rows, problems = build_appeals([later, earlier], "appeals.yaml")
    assert problems == []
    assert [r["id"] for r in rows] == ["kaz-2022-01", "arm-2022-09"]
    assert list(rows[0])[:4] == ["id", "date", "date_precision", "country"]
    assert list(rows[0])[-4:] == [
        "answered_on",
        "answered_on_precision",
        "days_to_answer",
        "sources",
    ]
    text = dumps_appeals(rows)
    assert text == dumps_appeals(build_appeals([earlier, later], "appeals.yaml")[0])
    assert text.count("\n") == 4 and text.endswith("]\n")
    assert parse_appeals(text, periods=PERIODS) == rows


def test_yaml_dates_and_folded_text_become_plain_strings(tmp_path):
    import datetime

    source = row(date=datetime.date(2022, 9, 13), asked="Help\n  now.")
    rows, problems = build_appeals([source], "appeals.yaml")
    assert problems == [] and rows[0]["date"] == "2022-09-13" and rows[0]["asked"] == "Help now."


def _write(folder, rows):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "appeals.yaml").write_text(yaml.safe_dump(rows, allow_unicode=True), "utf-8")
    return folder


def build_appeals_file(sources, conflicts_text):
    """appeals.json text and warnings, built beside a conflicts layer given as text."""
    run = Build(sources=sources, out=sources)
    run.texts["conflicts.geojson"] = conflicts_text
    return appeals.build(run)["appeals.json"], run.warnings


def _conflicts_text(periods):
    features = [{"properties": {"id": k, "start": s, "end": e}} for k, (s, e) in periods.items()]
    return json.dumps({"type": "FeatureCollection", "features": features})


def test_build_warns_on_unknown_conflicts_and_fails_on_bad_rows(tmp_path):
    sources = _write(tmp_path / "sources", [row(conflict="not-yet-merged")])
    text, warnings = build_appeals_file(sources, _conflicts_text(PERIODS))
    assert json.loads(text)[0]["conflict"] == "not-yet-merged"
    assert len(warnings) == 1 and "not-yet-merged" in warnings[0]
    _write(sources, [row(outcome="maybe")])
    with pytest.raises(BuildError, match="outcome"):
        build_appeals_file(sources, _conflicts_text(PERIODS))


def test_build_without_a_table_writes_an_empty_list(tmp_path):
    assert build_appeals_file(tmp_path, _conflicts_text({})) == ("[\n]\n", [])


def test_parse_rejects_bad_json():
    with pytest.raises(LayerError, match="not valid JSON"):
        parse_appeals("[{")
