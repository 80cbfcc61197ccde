"""events.json: built from membership.yaml, checked by the validator, read by the app."""

import json

import pytest

from dashboard.logic.layers import LayerError, load_events
from dashboard.logic.timeline import events as timeline_events
from geodata.build import SOURCES_DIR
from geodata.datasets import events
from geodata.datasets.dataset import Build, BuildError
from geodata.datasets.events import EVENTS_FILENAME, validate_events
from geodata.paths import GEODATA_DIR
from geodata.validate import main as validate_main

yaml = pytest.importorskip("yaml")
SRC = "https://example.org/source"
EV = {"date": [{"source": SRC, "at": "p. 1", "says": "The day is given there."}]}
CHARTER = {"date": "2002-10-07", "kind": "charter", "text": "Signs the Charter in Chișinău."}


def build_events(sources=SOURCES_DIR):
    """events.json text built from the membership.yaml in ``sources``."""
    return events.build(Build(sources=sources, out=sources))["events.json"]


def membership(arm_events=None, organisation=None):
    return {
        "dataset_date": "2026-11-01",
        "states": [
            {"iso3": "RUS", "events": [{**CHARTER, "source": SRC, "evidence": EV}]},
            {
                "iso3": "ARM",
                "events": arm_events
                if arm_events is not None
                else [
                    {
                        "date": "2024-02-22",
                        "kind": "frozen",
                        "text": "Freezes.",
                        "source": SRC,
                        "evidence": EV,
                    },
                    {**CHARTER, "source": SRC, "evidence": EV},
                    {
                        "date": "1992-05-15",
                        "kind": "joined",
                        "text": "Signs.",
                        "source": SRC,
                        "evidence": EV,
                    },
                ],
            },
        ],
        "organisation_events": organisation
        if organisation is not None
        else [
            {
                "date": "1994-04-20",
                "kind": "treaty",
                "text": "In\n  force.",
                "source": SRC,
                "evidence": EV,
            },
            {
                "date": "1992-05-15",
                "kind": "treaty",
                "text": "Treaty signed.",
                "source": SRC,
                "evidence": EV,
            },
        ],
    }


def write(root, data):
    root.mkdir(parents=True, exist_ok=True)
    (root / "membership.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return root


def test_events_are_sorted_with_organisation_events_first_on_a_day(tmp_path):
    text = build_events(write(tmp_path / "sources", membership()))
    obj = json.loads(text)
    assert obj["dataset_date"] == "2026-11-01"
    keys = [(e["date"], e["country"], e["kind"]) for e in obj["events"]]
    assert keys == [
        ("1992-05-15", None, "treaty"),
        ("1992-05-15", "ARM", "joined"),
        ("1994-04-20", None, "treaty"),
        ("2002-10-07", "ARM", "charter"),
        ("2002-10-07", "RUS", "charter"),
        ("2024-02-22", "ARM", "frozen"),
    ]
    assert obj["events"][2]["text"] == "In force."  # YAML line breaks folded
    assert validate_events(obj) == []


def test_events_file_is_deterministic_and_independent_of_source_order(tmp_path):
    data = membership()
    shuffled = {**data, "states": data["states"][::-1]}
    shuffled["organisation_events"] = data["organisation_events"][::-1]
    first = build_events(write(tmp_path / "a", data))
    assert build_events(write(tmp_path / "b", data)) == first
    assert build_events(write(tmp_path / "c", shuffled)) == first
    assert "Chișinău" in first  # written as UTF-8, not \\u escapes
    assert first.endswith("]}\n")
    assert first.count("\n") == 6 + 2  # one event a line


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"kind": "invaded"}, "kind", "must be one of joined, left"),
        ({"date": "2024-13-01"}, "date", "ISO date"),
        ({"date": "2024"}, "date", "ISO date"),
        ({"text": "  "}, "text", "non-empty"),
        ({"source": "ftp://example.org/x"}, "source", "http(s) URL"),
        ({"where": "Yerevan"}, "where", "unknown key"),
        ({"evidence": {}}, "date", "has no evidence"),
        ({"evidence": {"date": []}}, "evidence.date", "non-empty list"),
        ({"evidence": {"text": EV["date"]}}, "evidence.text", "unknown fact"),
    ],
)
def test_bad_source_event_stops_the_build_naming_state_event_and_field(
    tmp_path, change, field, words
):
    bad = [{"date": "1992-05-15", "kind": "joined", "text": "Signs.", "source": SRC, **change}]
    with pytest.raises(BuildError) as caught:
        build_events(write(tmp_path / "sources", membership(arm_events=bad)))
    message = str(caught.value)
    assert "sources/membership.yaml" in message
    assert "ARM event #0" in message
    assert f"field {field!r}" in message
    assert words in message


def test_bad_organisation_event_is_named(tmp_path):
    bad = [{"date": "1994-04-20", "kind": "treaty", "source": SRC, "evidence": EV}]
    with pytest.raises(BuildError, match=r"organisation_events #0.*'text': is missing"):
        build_events(write(tmp_path / "sources", membership(organisation=bad)))


GOOD = {
    "date": "1994-04-20",
    "kind": "treaty",
    "text": "In force.",
    "country": None,
    "source": SRC,
    "evidence": EV,
}


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        ([], [(None, None, "must be a JSON object")]),
        ({"dataset_date": "2026-11-01"}, [(None, "events", "JSON array")]),
        ({"dataset_date": "1 Nov 2026", "events": []}, [(None, "dataset_date", "ISO date")]),
        ({"dataset_date": "2026-11-01", "events": [GOOD, "x"]}, [("event #1", None, "object")]),
        (
            {"dataset_date": "2026-11-01", "events": [GOOD, {**GOOD, "country": "arm"}]},
            [("event #1", "country", "ISO 3166-1")],
        ),
        (
            {"dataset_date": "2026-11-01", "events": [{**GOOD, "kind": None, "text": ""}]},
            [("event #0", "kind", "must be one of"), ("event #0", "text", "non-empty")],
        ),
        (
            {
                "dataset_date": "2026-11-01",
                "events": [{k: v for k, v in GOOD.items() if k != "source"}],
            },
            [("event #0", "source", "is missing")],
        ),
    ],
)
def test_validator_names_file_event_and_field(obj, expected):
    problems = validate_events(obj)
    assert [(p.file, p.feature_id, p.field) for p in problems] == [
        (EVENTS_FILENAME, fid, field) for fid, field, _ in expected
    ]
    for problem, (_, _, words) in zip(problems, expected, strict=True):
        assert words in problem.message


def test_validate_cli_checks_an_events_file(tmp_path, capsys):
    path = tmp_path / EVENTS_FILENAME
    path.write_text(json.dumps({"dataset_date": "2026-11-01", "events": [GOOD]}), "utf-8")
    assert validate_main([str(path)]) == 0
    assert "events.json: 1 events, valid" in capsys.readouterr().out
    path.write_text(json.dumps({"dataset_date": "2026-11-01", "events": [{**GOOD, "kind": "war"}]}))
    assert validate_main([str(path)]) == 1
    assert "events.json: feature 'event #0': field 'kind'" in capsys.readouterr().out


def test_validate_cli_checks_the_committed_events_by_default(capsys):
    assert validate_main([]) == 0
    assert "events.json:" in capsys.readouterr().out


def test_committed_events_file_is_up_to_date():
    committed = (GEODATA_DIR / EVENTS_FILENAME).read_text(encoding="utf-8")
    assert committed == build_events(), "run python -m geodata.build"


def test_loader_reads_events_and_tolerates_a_folder_without_them(tmp_path):
    assert load_events(tmp_path) == []
    (tmp_path / EVENTS_FILENAME).write_text(
        json.dumps({"dataset_date": "2026-11-01", "events": [GOOD]}), "utf-8"
    )
    assert load_events(tmp_path) == [GOOD]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "is not valid JSON"),
        ('{"dataset_date": "2026-11-01", "events": [{"date": "1994"}]}', "event #0"),
    ],
)
def test_loader_raises_layer_error_on_a_bad_file(tmp_path, text, words):
    (tmp_path / EVENTS_FILENAME).write_text(text, "utf-8")
    with pytest.raises(LayerError, match=words):
        load_events(tmp_path)


def test_timeline_shows_the_alliance_events_of_the_file(layers):
    day = {"date": "1992-05-15", "kind": "joined", "country": "ARM", "source": SRC, "evidence": EV}
    obj = {"dataset_date": "2026-11-01", "events": [GOOD, {**day, "text": "Signs in Tashkent."}]}
    plain = timeline_events(layers.countries, layers.facilities, layers.conflicts)
    df = timeline_events(layers.countries, layers.facilities, layers.conflicts, obj)
    assert len(df) == len(plain) + 1  # the joining is merged with the layer's own event
    treaty = df[df["day"] == "1994-04-20"].iloc[0]
    assert (treaty["group"], treaty["label"], treaty["source"]) == ("Alliance", "In force.", SRC)
    joined = df[(df["feature_id"] == "ARM") & (df["kind"] == "joined")].iloc[0]
    assert (joined["label"], joined["source"]) == ("Armenia: Signs in Tashkent.", SRC)
    listed = timeline_events(layers.countries, layers.facilities, layers.conflicts, obj["events"])
    assert listed.equals(df)
