"""The appeals table: schema, evidence, computed fields, the conflict cross-check and the file."""

import json

import pytest

from geodata.datasets import appeals
from geodata.datasets.appeals import (
    LEAD_DAYS,
    TRAIL_DAYS,
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
PASSAGE = {"source": SRC[0], "at": "section 2", "says": "The passage says so."}


def response(on="2022-09-13", **fields):
    base = {
        "kind": "observer mission",
        "by": "alliance",
        "on": on,
        "status": "delivered",
        "what": "A monitoring team.",
        "evidence": [PASSAGE],
    }
    return base | fields


def row(answered_on="2022-09-13", **fields):
    """A source row; ``answered_on`` (None: no response) dates its one response."""
    base = {
        "id": "arm-2022-09",
        "date": "2022-09-13",
        "country": "ARM",
        "conflict": "border-2022",
        "addressed_to": "alliance",
        "asked": ["collective defence"],
        "request": "Help under the treaty.",
        "basis": "Article 4 of the Collective Security Treaty",
        "responses": [] if answered_on is None else [response(answered_on)],
        "answer": "A monitoring team.",
        "sources": SRC,
        "evidence": {"date": [PASSAGE], "addressed_to": [PASSAGE], "asked": [PASSAGE]},
    }
    return base | fields


def built(answered_on="2022-09-13", **fields):
    source = row(answered_on, **fields)
    return source | computed_fields(source)


def test_good_rows_pass_both_as_source_and_as_built():
    assert validate_appeals([row()], built=False) == []
    assert validate_appeals([built()], periods=PERIODS) == []


@pytest.mark.parametrize(
    "source",
    [
        row(answered_on=None),
        row(date="2022-09", answered_on="2022-09"),
        row(date="2022", answered_on=None),
        row(addressed_to="both", responses=[response(by="russia", status="refused")]),
        row(responses=[response(), response(kind="mediation", status="unclear")]),
    ],
)
def test_allowed_variants(source):
    assert validate_appeals([source], built=False) == []
    assert validate_appeals([source | computed_fields(source)], periods=PERIODS) == []


@pytest.mark.parametrize(
    "rows, fid, field, words",
    [
        ([row(outcome="granted")], "arm-2022-09", "outcome", "computed by the build"),
        (
            [row(answered_on="2022-09-13") | {"answered_on": "2022-09-13"}],
            "arm-2022-09",
            "answered_on",
            "computed by the build",
        ),
        ([row(addressed_to="nato")], "arm-2022-09", "addressed_to", "alliance, russia, both"),
        ([row(asked=["moral support"])], "arm-2022-09", "asked", "not a kind of help"),
        ([row(asked=[])], "arm-2022-09", "asked", "empty"),
        ([row(asked=["consultations", "consultations"])], "arm-2022-09", "asked", "twice"),
        (
            [row(responses=[response(status="promised")])],
            "arm-2022-09",
            "responses[0].status",
            "delivered, offered, unclear, refused",
        ),
        ([row(responses=[response(by="nato")])], "arm-2022-09", "responses[0].by", "alliance"),
        ([row(responses=[response(on="13 Sep")])], "arm-2022-09", "responses[0].on", "YYYY"),
        (
            [row(responses=[response(evidence=[])])],
            "arm-2022-09",
            "responses[0].evidence",
            "no evidence",
        ),
        (
            [row(responses=[{"kind": "statement"}])],
            "arm-2022-09",
            "responses[0]",
            "exactly the keys",
        ),
        (
            [row(responses=[response(on="2022-09-12")])],
            "arm-2022-09",
            "responses[0].on",
            "before the appeal's date",
        ),
        ([row(country="Armenia")], "arm-2022-09", "country", "ISO 3166"),
        ([row(date="13.09.2022")], "arm-2022-09", "date", "YYYY-MM-DD"),
        ([row(date="2022-09-31")], "arm-2022-09", "date", "not a real day"),
        ([row(answered_on="2022-13")], "arm-2022-09", "responses[0].on", "not a real month"),
        ([row(answered_on="2022-08")], "arm-2022-09", "responses[0].on", "before the appeal"),
        ([row(sources=[])], "arm-2022-09", "sources", "empty"),
        ([row(sources=["tass.com"])], "arm-2022-09", "sources", "URL"),
        ([row(request="")], "arm-2022-09", "request", "empty"),
        ([row(conflict="Border 2022")], "arm-2022-09", "conflict", "slug"),
        ([row(colour="red")], "arm-2022-09", "colour", "unknown key"),
        ([row(days_to_answer=0)], "arm-2022-09", "days_to_answer", "computed by the build"),
        ([{k: v for k, v in row().items() if k != "basis"}], "arm-2022-09", "basis", "missing"),
        ([row(), row()], "arm-2022-09", "id", "duplicate"),
        (["not a row"], "#0", None, "mapping"),
    ],
)
def test_bad_source_rows(rows, fid, field, words):
    """Each problem names the file, the appeal and the field."""
    problems = validate_appeals(rows, "appeals.yaml", built=False)
    assert any(p.feature_id == fid and p.field == field and words in p.message for p in problems), (
        problems
    )


@pytest.mark.parametrize("fact", ["date", "addressed_to", "asked"])
def test_a_fact_without_evidence_fails_naming_file_record_and_field(fact):
    source = row()
    source["evidence"] = {k: v for k, v in source["evidence"].items() if k != fact}
    problems = validate_appeals([source], "appeals.yaml", built=False)
    assert [(p.file, p.feature_id, p.field) for p in problems] == [
        ("appeals.yaml", "arm-2022-09", fact)
    ]
    assert "has no evidence" in problems[0].message
    assert str(problems[0]).startswith("appeals.yaml")


@pytest.mark.parametrize(
    "rows, field, words",
    [
        ([built() | {"outcome": "partly"}], "outcome", "expected 'declined'"),
        ([built() | {"answered_on": "2022-09-14"}], "answered_on", "expected '2022-09-13'"),
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


def _times(date, answered):
    return computed_fields(row(answered, date=date))


@pytest.mark.parametrize(
    "date, answered, expected",
    [
        ("2022-09-13", "2022-09-13", ("day", "2022-09-13", "day", 0)),
        ("2022-01-05", "2022-01-06", ("day", "2022-01-06", "day", 1)),
        ("2022-09", "2022-09-20", ("month", "2022-09-20", "day", None)),
        ("2022-09-13", None, ("day", None, None, None)),
        ("1999", "2000", ("year", "2000", "year", None)),
    ],
)
def test_computed_dates(date, answered, expected):
    got = _times(date, answered)
    names = ("date_precision", "answered_on", "answered_on_precision", "days_to_answer")
    assert tuple(got[n] for n in names) == expected


@pytest.mark.parametrize(
    "fields, words",
    [
        ({"conflict": "no-such-war"}, "'no-such-war' is not an id in the conflicts layer"),
        ({"date": "2022-08-13", "answered_on": None}, f"more than {LEAD_DAYS} days before"),
        ({"date": "2022-10-30", "answered_on": None}, f"more than {TRAIL_DAYS} days after"),
        ({"date": "2022-11", "answered_on": None}, "after border-2022 ended"),
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
        {"date": "2022-10-29", "answered_on": None},  # TRAIL_DAYS after it ended
        {"date": "2022-10", "answered_on": None},
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
    earlier = row("2022-01-06", id="kaz-2022-01", date="2022-01-05", conflict="unrest-2022")
    rows, problems = build_appeals([later, earlier], "appeals.yaml")
    assert problems == []
    assert [r["id"] for r in rows] == ["kaz-2022-01", "arm-2022-09"]
    assert list(rows[0])[:4] == ["id", "date", "date_precision", "country"]
    assert list(rows[0])[-5:] == [
        "answered_on",
        "answered_on_precision",
        "days_to_answer",
        "sources",
        "evidence",
    ]
    text = dumps_appeals(rows)
    assert text == dumps_appeals(build_appeals([earlier, later], "appeals.yaml")[0])
    assert text.count("\n") == 4 and text.endswith("]\n")
    assert parse_appeals(text, periods=PERIODS) == rows


def test_yaml_dates_and_folded_text_become_plain_strings(tmp_path):
    import datetime

    source = row(date=datetime.date(2022, 9, 13), request="Help\n  now.")
    source["responses"][0]["on"] = datetime.date(2022, 9, 13)
    rows, problems = build_appeals([source], "appeals.yaml")
    assert problems == [] and rows[0]["date"] == "2022-09-13" and rows[0]["request"] == "Help now."
    assert rows[0]["responses"][0]["on"] == "2022-09-13"


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
    _write(sources, [row(asked=["maybe"])])
    with pytest.raises(BuildError, match="asked"):
        build_appeals_file(sources, _conflicts_text(PERIODS))


def test_build_without_a_table_writes_an_empty_list(tmp_path):
    assert build_appeals_file(tmp_path, _conflicts_text({})) == ("[\n]\n", [])


def test_parse_rejects_bad_json():
    with pytest.raises(LayerError, match="not valid JSON"):
        parse_appeals("[{")
