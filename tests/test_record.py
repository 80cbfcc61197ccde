"""The record of appeals: loading, counts, days to an answer, links, table rows, README."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from dashboard.logic import record, record_export, record_timeline, urlstate
from dashboard.logic.layers import REPO_GEODATA, LayerError, load_layers
from tests.tiny_appeals import APPEAL_ROWS, write_appeals
from tests.tiny_layers import write_layers

README = Path(__file__).resolve().parent.parent / "README.md"
NAMES = {"ARM": "Armenia", "KGZ": "Kyrgyzstan"}
STARTS = {"kgz-uzb-border": date(2021, 4, 28), "arm-clash": date(2021, 4, 28)}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return write_appeals(write_layers(tmp_path_factory.mktemp("record")))


def test_load_reads_and_checks_against_the_conflicts(folder):
    assert record.load_appeals(folder) == APPEAL_ROWS


def test_a_folder_without_appeals_has_none(tmp_path):
    assert record.load_appeals(write_layers(tmp_path)) == []


def test_an_appeal_about_an_unknown_conflict_is_named(tmp_path):
    write_appeals(write_layers(tmp_path))
    path = tmp_path / "appeals.json"
    path.write_text(path.read_text().replace('"afg-border"', '"nowhere"'), encoding="utf-8")
    with pytest.raises(LayerError, match="kgz-2021-08.*nowhere"):
        record.load_appeals(tmp_path)


def test_counts_by_outcome_and_member():
    assert record.by_outcome(APPEAL_ROWS) == {
        "granted": 1,
        "partly": 1,
        "declined": 1,
        "no answer": 1,
        "undecided": 0,
    }
    members = record.by_member(APPEAL_ROWS)
    assert list(members) == ["ARM", "KGZ"]
    assert members["ARM"] == {
        "total": 2,
        "granted": 0,
        "partly": 1,
        "declined": 0,
        "no answer": 1,
        "undecided": 0,
    }
    assert members["KGZ"]["granted"] == members["KGZ"]["declined"] == 1


def test_days_count_only_answers_dated_to_the_day():
    # 1 day and 10 days; the April appeal is known to the month, so it is left out.
    assert record.median_days(APPEAL_ROWS) == (5.5, 2, 1)
    texts = [record.days_text(a) for a in APPEAL_ROWS]
    assert texts == [
        "not known to the day: asked Apr 2021 (month known)",
        "no answer",
        "10 days",
        "1 day",
    ]
    assert record.median_days([]) == (None, 0, 0)


def test_since_keeps_the_appeals_from_1992_in_date_order():
    early = {**APPEAL_ROWS[0], "id": "early", "date": "1991-12"}
    assert [a["id"] for a in record.since([APPEAL_ROWS[3], early, *APPEAL_ROWS[:3]])] == [
        a["id"] for a in APPEAL_ROWS
    ]


def test_the_map_opens_on_the_day_or_the_first_day_the_conflict_is_there():
    month, day = APPEAL_ROWS[0], APPEAL_ROWS[1]
    assert record.map_day(day, STARTS) == date(2021, 5, 2)
    # Asked in April 2021; the conflict began on 28 April: the map opens then.
    assert record.map_day(month, STARTS) == date(2021, 4, 28)
    # A conflict that began before the month: the month's first day.
    assert record.map_day(month, {"kgz-uzb-border": date(2020, 1, 1)}) == date(2021, 4, 1)


def test_links_are_the_apps_own_parameters():
    query = record.link(APPEAL_ROWS[1], STARTS)
    assert query.startswith("?")
    parsed = {k: v[-1] for k, v in parse_qs(query[1:]).items()}
    assert parsed == {"date": "2021-05-02", "sel": "arm-clash"}
    choices, notes = urlstate.parse(parsed, valid={"ids": {"arm-clash"}})
    assert notes == [] and choices.date == date(2021, 5, 2) and choices.sel == "arm-clash"
    centred = record.link(APPEAL_ROWS[1], STARTS, {"arm-clash": (39.6, 45.4, 8)})
    assert centred == "?date=2021-05-02&sel=arm-clash&lat=39.6&lon=45.4&zoom=8"


def test_rows_show_dates_as_known_and_carry_links():
    conflicts = {"arm-clash": "Armenia clash"}
    rows = record.rows(APPEAL_ROWS, STARTS, NAMES, conflicts)
    assert [r["id"] for r in rows] == [a["id"] for a in APPEAL_ROWS]
    first, second = rows[0], rows[1]
    assert first["date"] == "Apr 2021 (month known)" and first["map_date"] == "2021-04-28"
    assert first["answered_on"] == "2021-05-01" and first["days_to_answer"] is None
    assert second["member"] == "Armenia" and second["conflict_name"] == "Armenia clash"
    assert second["answered_on"] == "—" and second["link"] == "?date=2021-05-02&sel=arm-clash"
    assert second["sources"][1] == ("https://www.example.com/other", "example.com")


def test_figures_are_split_between_the_alliance_and_russia():
    # kgz-2021-04 and arm-2022-09 asked the alliance, kgz-2021-08 Russia, arm-2021-05 both:
    # an appeal to both counts once for each.
    parties = record.by_party(APPEAL_ROWS)
    assert parties["alliance"] == {
        "granted": 1,
        "partly": 1,
        "declined": 0,
        "no answer": 1,
        "undecided": 0,
    }
    assert parties["russia"] == {
        "granted": 0,
        "partly": 0,
        "declined": 1,
        "no answer": 1,
        "undecided": 0,
    }
    assert [a["id"] for a in record.to_party(APPEAL_ROWS, "russia")] == [
        "arm-2021-05",
        "kgz-2021-08",
    ]
    table = record.record_markdown(APPEAL_ROWS, NAMES)
    assert "| outcome | appeals to the alliance | appeals to Russia |" in table
    assert "| declined | 0 | 1 |" in table and "| no answer | 1 | 1 |" in table
    assert "| Armenia | the alliance and Russia | no answer |" in table


def test_rows_say_whom_each_appeal_asked_and_what_came():
    rows = record.rows(APPEAL_ROWS, STARTS, NAMES)
    assert [r["asked_whom"] for r in rows] == [
        "the alliance",
        "the alliance and Russia",
        "Russia",
        "the alliance",
    ]
    assert rows[2]["responses"][0]["status"] == "refused"
    assert rows[0]["asked"] == APPEAL_ROWS[0]["request"]


def test_lead_says_the_counts():
    assert record.lead(APPEAL_ROWS) == (
        "Since 1992, member states appealed for help 4 times: the alliance was asked 3 times "
        "(1 granted, 1 partly granted, 1 no answer); Russia was asked 2 times (1 declined, "
        "1 no answer). The median wait for an answer was 5.5 days (2 answers dated to the "
        "day; 1 not)."
    )
    assert record.lead([]) == "No appeals for help are recorded."


def test_timeline_row_of_appeals_coloured_by_outcome():
    events = record_timeline.appeal_events(APPEAL_ROWS, STARTS, NAMES)
    assert set(events["kind"]) == set(events["category"]) == {"appeal"}
    assert list(events["outcome"]) == [a["outcome"] for a in APPEAL_ROWS]
    assert list(events["when"])[:2] == ["Apr 2021 (month known)", "2021-05-02"]
    assert list(events["day"])[0] == "2021-04-28"
    shades = record_timeline.shades(events)
    assert set(shades) <= set(record_timeline.SHADES) and len(set(shades)) == 4
    assert len(record_timeline.SHADES) == len(record.OUTCOMES) == 5
    assert len(set(record_timeline.SHADES.values())) == 4  # undecided shares no answer's grey


def test_exports_keep_every_field_sources_and_dataset_date():
    data = json.loads(record_export.to_json(APPEAL_ROWS, "2026-11-01"))
    assert data["appeals"] == APPEAL_ROWS
    assert data["csto_map"]["dataset_date"] == "2026-11-01"
    assert "https://www.example.com/other" in data["csto_map"]["sources"]
    csv_bytes = record_export.to_csv(APPEAL_ROWS, "2026-11-01")
    assert record_export.read_csv(csv_bytes) == APPEAL_ROWS
    header, first = csv_bytes.decode().splitlines()[:2]
    assert header.endswith("dataset_date,licence") and "2026-11-01" in first
    assert record_export.file_name("2026-11-01", "csv") == "csto-appeals-2026-11-01.csv"
    assert record_export.file_name(None, "json") == "csto-appeals.json"


# The shipped data: counted here straight from the JSON, independently of the module.


@pytest.fixture(scope="module")
def shipped() -> list[dict]:
    return json.loads((REPO_GEODATA / "appeals.json").read_text(encoding="utf-8"))


def test_shipped_appeals_load_and_their_counts_match_an_independent_count(shipped):
    loaded = record.load_appeals(REPO_GEODATA)
    assert loaded == shipped
    from_1992 = [a for a in shipped if int(a["date"][:4]) >= 1992]
    outcomes = Counter(a["outcome"] for a in from_1992)
    assert record.by_outcome(loaded) == {o: outcomes.get(o, 0) for o in record.OUTCOMES}
    for party in ("alliance", "russia"):
        asked = Counter(a["outcome"] for a in from_1992 if a["addressed_to"] in (party, "both"))
        assert record.by_party(loaded)[party] == {o: asked.get(o, 0) for o in record.OUTCOMES}
    members = Counter(a["country"] for a in from_1992)
    assert {k: v["total"] for k, v in record.by_member(loaded).items()} == dict(members)
    days = sorted(a["days_to_answer"] for a in from_1992 if a["days_to_answer"] is not None)
    mid = len(days) // 2
    median = days[mid] if len(days) % 2 else (days[mid - 1] + days[mid]) / 2
    assert record.median_days(loaded)[:2] == (median, len(days))


def test_shipped_links_open_each_appeals_conflict_on_a_day_of_the_appeal(shipped):
    data = load_layers(REPO_GEODATA)
    starts = record.conflict_starts(data.conflicts)
    for row, appeal in zip(record.rows(shipped, starts), record.since(shipped), strict=True):
        parsed = {k: v[-1] for k, v in parse_qs(row["link"][1:]).items()}
        assert parsed["sel"] == appeal["conflict"]
        assert parsed["date"].startswith(appeal["date"])  # the day, or a day of its month


def test_readme_figures_are_the_datas(shipped):
    names = dict(
        zip(*(load_layers(REPO_GEODATA).countries[c] for c in ("id", "name")), strict=True)
    )
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- record:start -->\n(.*?)<!-- record:end -->", text, re.DOTALL)
    assert found, "README lacks the record's figures"
    assert found.group(1) == record.record_markdown(shipped, names), (
        "README's record is stale: rewrite it with `python -m dashboard.logic.record`"
    )


def test_readme_section_is_replaced_between_its_markers():
    text = "intro\n<!-- record:start -->\nold\n<!-- record:end -->\nafter\n"
    assert record.readme_with_record(text, "new\n") == (
        "intro\n<!-- record:start -->\nnew\n<!-- record:end -->\nafter\n"
    )
    with pytest.raises(ValueError):
        record.readme_with_record("no markers", "x")
