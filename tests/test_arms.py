"""The arms tables: transfers and published import shares, each fact with its evidence."""

import json

import pytest

from geodata.datasets import arms, arms_shares
from geodata.datasets.arms import ARMS_FILENAME, validate_arms
from geodata.datasets.arms_shares import SHARES_FILENAME, validate_shares
from geodata.datasets.dataset import Build, BuildError
from geodata.paths import GEODATA_DIR
from geodata.schema.values import LayerError

yaml = pytest.importorskip("yaml")
SRC = "https://example.org/deal"
OTHER = "https://example.org/other"
OURS = "the record's sources"


def passage(says="A report says so.", source=SRC):
    return {"source": source, "at": "p. 2", "says": says}


def deal(**fields):
    base = {
        "id": "blr-aze-polonez",
        "supplier": "BLR",
        "recipient": "AZE",
        "system": "Polonez rocket launchers",
        "category": "rocket artillery",
        "ordered": 2017,
        "delivered": [2018],
        "number": 10,
        "notes": "",
        "sources": [SRC],
        "evidence": {
            "system": [passage()],
            "ordered": [passage()],
            "delivered": [passage()],
            "number": [passage()],
        },
    }
    return base | fields


def share(**fields):
    base = {
        "id": "aze-rus-2010-2014",
        "recipient": "AZE",
        "supplier": "RUS",
        "first_year": 2010,
        "last_year": 2014,
        "share": 85,
        "stated": "85%",
        "published": "2015-03",
        "notes": "",
        "sources": [SRC],
        "evidence": {"share": [passage()], "stated": [passage()]},
    }
    return base | fields


def messages(problems):
    return [(p.feature_id, p.field, p.message) for p in problems]


def test_a_good_deal_and_unknown_facts_pass():
    assert validate_arms([deal()]) == []
    unknown = deal(ordered=None, delivered=[], number=None, evidence={"system": [passage()]})
    assert validate_arms([unknown]) == []


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"supplier": "Belarus"}, "supplier", "ISO 3166-1"),
        ({"category": "rockets"}, "category", "must be one of"),
        ({"ordered": 1985}, "ordered", "at least 1992"),
        ({"delivered": [2019, 2018]}, "delivered", "ascending"),
        ({"delivered": [2018, 2018]}, "delivered", "distinct"),
        ({"delivered": ["2018"]}, "delivered", "must be a year"),
        ({"delivered": [2999]}, "delivered", "future"),
        ({"delivered": 2018}, "delivered", "list of years"),
        ({"number": 0}, "number", "at least 1"),
        ({"number": "ten"}, "number", "integer"),
        ({"recipient": "BLR"}, "recipient", "supplier itself"),
        ({"ordered": 2019}, "delivered", "before the order"),
        ({"colour": "red"}, "colour", "unknown key"),
    ],
)
def test_bad_deals_are_named(fields, field, words):
    found = messages(validate_arms([deal(**fields)]))
    assert any(f == field and words in m for _, f, m in found), found
    assert all(fid == "blr-aze-polonez" for fid, _, _ in found)


def test_every_fact_with_a_value_needs_evidence():
    evidence = {"system": [passage()], "delivered": [passage()]}
    found = messages(validate_arms([deal(evidence=evidence)]))
    assert {f for _, f, _ in found} == {"ordered", "number"}
    assert all("has no evidence" in m for _, _, m in found)


def test_evidence_must_cite_the_deals_own_sources():
    evidence = deal()["evidence"] | {"number": [passage(source=OTHER)]}
    found = messages(validate_arms([deal(evidence=evidence)]))
    assert found == [
        ("blr-aze-polonez", "evidence.number", f"cites {OTHER!r}, which is not among {OURS}")
    ]


def test_a_passage_must_be_well_formed():
    evidence = deal()["evidence"] | {"system": [{"source": SRC, "at": "p. 2"}]}
    found = messages(validate_arms([deal(evidence=evidence)]))
    assert found and found[0][1] == "evidence.system" and "exactly the keys" in found[0][2]


def test_duplicate_ids_and_non_lists():
    found = messages(validate_arms([deal(), deal()]))
    assert ("blr-aze-polonez", "id", "duplicate id: 2 deals share it") in found
    assert "must be a list of deals" in messages(validate_arms({"id": "x"}))[0][2]


def test_shares_good_and_in_words():
    assert validate_shares([share()]) == []
    words = share(share=None, stated="almost all", evidence={"stated": [passage()]})
    assert validate_shares([words]) == []


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"share": 120}, "share", "percentage"),
        ({"share": -1}, "share", "at least 0"),
        ({"share": "85%"}, "share", "number"),
        ({"last_year": 2009}, "last_year", "before first_year"),
        ({"supplier": "AZE"}, "supplier", "recipient itself"),
        ({"published": "March 2015"}, "published", "YYYY"),
        ({"evidence": {"share": [passage()]}}, "stated", "has no evidence"),
    ],
)
def test_bad_shares_are_named(fields, field, words):
    found = messages(validate_shares([share(**fields)]))
    assert any(f == field and words in m for _, f, m in found), found


def test_two_figures_for_the_same_period_are_refused():
    found = messages(validate_shares([share(), share(id="aze-rus-2010-2014-again", share=80)]))
    assert found == [
        (
            "aze-rus-2010-2014-again",
            "id",
            "gives the same recipient, supplier and period as aze-rus-2010-2014",
        )
    ]


def _write(tmp_path, name, rows):
    (tmp_path / name).write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    return Build(sources=tmp_path, out=tmp_path)


def test_build_sorts_orders_keys_and_folds_text(tmp_path):
    second = deal(id="rus-aze-t-90s", supplier="RUS", notes="two\n  lines")
    first = {k: v for k, v in reversed(list(deal(id="isr-aze-heron").items()))}
    text = arms.build(_write(tmp_path, "arms.yaml", [second, first]))[ARMS_FILENAME]
    rows = json.loads(text)
    assert [r["id"] for r in rows] == ["isr-aze-heron", "rus-aze-t-90s"]
    assert list(rows[0]) == list(deal())
    assert rows[1]["notes"] == "two lines"
    assert text.count("\n") == 4  # one deal a line


def test_build_fails_naming_file_record_and_field(tmp_path):
    with pytest.raises(BuildError) as err:
        arms.build(_write(tmp_path, "arms.yaml", [deal(number=0)]))
    where = f"{tmp_path.name}/arms.yaml: feature 'blr-aze-polonez': field 'number'"
    assert str(err.value).startswith(where)


def test_build_without_tables_writes_empty_lists(tmp_path):
    run = Build(sources=tmp_path, out=tmp_path)
    assert arms.build(run) == {ARMS_FILENAME: "[\n]\n"}
    assert arms_shares.build(run) == {SHARES_FILENAME: "[\n]\n"}


def test_check_refuses_a_broken_file(tmp_path):
    path = tmp_path / ARMS_FILENAME
    path.write_text(json.dumps([deal(delivered=[2018, 2017])]), encoding="utf-8")
    with pytest.raises(LayerError, match="ascending"):
        arms.check(path)
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(LayerError, match="not valid JSON"):
        arms.check(path)


@pytest.mark.parametrize(
    ("module", "name", "source"),
    [(arms, ARMS_FILENAME, "arms.yaml"), (arms_shares, SHARES_FILENAME, "arms_shares.yaml")],
)
def test_the_committed_files_are_a_fresh_build(module, name, source):
    run = Build(sources=GEODATA_DIR / "sources", out=GEODATA_DIR)
    assert module.build(run)[name] == (GEODATA_DIR / name).read_text(encoding="utf-8")
    assert "valid" in module.check(GEODATA_DIR / name)


def test_the_committed_table_holds_the_deals_the_story_cites():
    rows = {r["id"]: r for r in json.loads((GEODATA_DIR / ARMS_FILENAME).read_text("utf-8"))}
    polonez = rows["blr-aze-polonez"]
    assert (polonez["supplier"], polonez["recipient"]) == ("BLR", "AZE")
    assert polonez["delivered"] == [2018]
    assert polonez["number"] is None  # only a planned figure was published
