"""The UN General Assembly votes table: totals and each state's vote, each with evidence."""

import json

import pytest

from geodata.datasets import votes
from geodata.datasets.dataset import Build, BuildError
from geodata.datasets.votes import VOTES_FILENAME, validate_votes, vote_of
from geodata.paths import GEODATA_DIR
from geodata.schema.values import LayerError

yaml = pytest.importorskip("yaml")
SRC = "https://example.org/vote"


def passage(says="A report lists it.", source=SRC):
    return {"source": source, "at": "para. 3", "says": says}


def vote(country, choice, source=SRC):
    return {"country": country, "vote": choice, "evidence": {"vote": [passage(source=source)]}}


def resolution(**fields):
    totals = [passage()]
    base = {
        "id": "ES-11/1",
        "symbol": "A/RES/ES-11/1",
        "date": "2022-03-02",
        "title": "Aggression against Ukraine",
        "yes": 141,
        "no": 5,
        "abstain": 35,
        "absent": 12,
        "votes": [vote("ARM", "abstain"), vote("BLR", "no")],
        "notes": "",
        "sources": [SRC],
        "evidence": {k: totals for k in ("date", "title", "yes", "no", "abstain", "absent")},
    }
    return base | fields


def messages(problems):
    return [(p.feature_id, p.field, p.message) for p in problems]


def test_good_resolutions_pass():
    assert validate_votes([resolution()]) == []
    evidence = {k: [passage()] for k in ("date", "title", "yes", "no", "abstain")}
    unknown = resolution(id="2026-02-24", symbol=None, absent=None, votes=[], evidence=evidence)
    assert validate_votes([unknown]) == []


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"absent": 13}, "absent", "add to 194, not 193"),
        ({"yes": 190, "absent": None}, "yes", "over 193"),
        ({"votes": [vote("ARM", "abstained")]}, "votes", "must be one of yes, no, abstain, absent"),
        ({"votes": [vote("Armenia", "no")]}, "votes", "country must be an upper-case"),
        ({"votes": [vote("BLR", "no"), vote("ARM", "abstain")]}, "votes", "alphabetical"),
        ({"votes": [vote("BLR", "no"), vote("BLR", "yes")]}, "votes", "more than one vote for BLR"),
        ({"votes": [{"country": "BLR", "vote": "no"}]}, "votes", "exactly the keys"),
        ({"votes": [vote("BLR", "no") | {"evidence": {"vote": []}}]}, "votes", "non-empty list"),
        ({"votes": [vote("BLR", "no") | {"evidence": {}}]}, "votes", "no evidence"),
        ({"no": 0, "absent": 17}, "votes", "1 states are recorded as no, over the total 0"),
        ({"symbol": 262}, "symbol", "must be a string"),
        ({"date": "2 March 2022"}, "date", "YYYY"),
    ],
)
def test_bad_resolutions_are_named(fields, field, words):
    found = messages(validate_votes([resolution(**fields)]))
    assert any(f == field and words in m for _, f, m in found), found


def test_a_vote_must_cite_the_resolutions_sources():
    other = "https://example.org/elsewhere"
    found = messages(validate_votes([resolution(votes=[vote("BLR", "no", source=other)])]))
    assert found == [
        (
            "ES-11/1 BLR",
            "evidence.vote",
            f"cites {other!r}, which is not among the record's sources",
        ),
    ]


def test_totals_need_evidence():
    evidence = resolution()["evidence"] | {}
    del evidence["absent"]
    found = messages(validate_votes([resolution(evidence=evidence)]))
    assert found == [
        (
            "ES-11/1",
            "absent",
            "has no evidence: cite the passage that states it under evidence.absent",
        ),
    ]


def test_unquoted_yes_and_no_keys_are_caught(tmp_path):
    # YAML 1.1 reads a bare yes: or no: key as a boolean: the build must say so, not lose it.
    text = yaml.safe_dump([resolution()], allow_unicode=True).replace("'yes':", "yes:")
    text = text.replace("'no':", "no:")
    (tmp_path / "votes.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as err:
        votes.build(Build(sources=tmp_path, out=tmp_path))
    assert "field 'yes': is missing" in str(err.value)
    assert "field 'True': unknown key" in str(err.value)


def test_build_sorts_by_date(tmp_path):
    later = resolution(id="ES-11/4", symbol="A/RES/ES-11/4", date="2022-10-12")
    early = resolution(id="68/262", symbol="A/RES/68/262", date="2014-03-27")
    (tmp_path / "votes.yaml").write_text(yaml.safe_dump([later, early]), encoding="utf-8")
    rows = json.loads(votes.build(Build(sources=tmp_path, out=tmp_path))[VOTES_FILENAME])
    assert [r["id"] for r in rows] == ["68/262", "ES-11/4"]


def test_vote_of_tells_a_missing_vote_from_absent():
    row = resolution(votes=[vote("AZE", "absent")])
    assert vote_of(row, "AZE") == "absent"
    assert vote_of(row, "KAZ") is None


def test_check_refuses_a_broken_file(tmp_path):
    path = tmp_path / VOTES_FILENAME
    path.write_text(json.dumps([resolution(absent=1)]), encoding="utf-8")
    with pytest.raises(LayerError, match="not 193"):
        votes.check(path)


def test_the_committed_file_is_a_fresh_build():
    run = Build(sources=GEODATA_DIR / "sources", out=GEODATA_DIR)
    text = votes.build(run)[VOTES_FILENAME]
    assert text == (GEODATA_DIR / VOTES_FILENAME).read_text(encoding="utf-8")
    rows = {r["id"]: r for r in json.loads(text)}
    assert vote_of(rows["ES-11/1"], "BLR") == "no"
    assert vote_of(rows["68/262"], "ARM") == "no"
    assert rows["2026-02-24"]["symbol"] is None  # not verified: named by its date
