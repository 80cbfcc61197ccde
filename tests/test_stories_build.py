"""Stories built and shipped: the build, the CLI, and the stories as committed (both languages,
their results, the layers and charts their chapters turn on)."""

import json
import re

import pytest

from geodata.datasets.stories import (
    STORIES_FILENAME,
    build_stories,
    dumps_stories,
    layer_data,
    story_file_problems,
    with_results,
)
from geodata.paths import GEODATA_DIR
from geodata.stories.format import StoryProblem, known_ids, story_problems
from geodata.validate import main as validate_main
from tests.story_data import SRC, STORY, layers, story

yaml = pytest.importorskip("yaml")


def _write_layers(folder, data):
    for layer in ("countries", "facilities", "conflicts"):
        (folder / f"{layer}.geojson").write_text(json.dumps(data[layer]), "utf-8")


def _sources(tmp_path, *stories):
    folder = tmp_path / "sources" / "stories"
    folder.mkdir(parents=True)
    for obj in stories:
        (folder / f"{obj['id']}.yaml").write_text(yaml.safe_dump(obj, allow_unicode=True))
    return tmp_path / "sources"


def test_build_is_deterministic_sorted_and_reads_yaml_dates_as_text(tmp_path):
    second = {**STORY, "id": "another"}
    sources = _sources(tmp_path, STORY, second)
    # Unquoted, YAML reads a date as a date; the story keeps the text.
    path = sources / "stories" / "demo.yaml"
    written = path.read_text()
    assert "  date: 2022-01\n" in written
    path.write_text(written.replace("  date: 2022-01\n", "  date: 2022-01-06\n"))
    _write_layers(tmp_path, layers())
    text, problems = build_stories(sources, {}, tmp_path)
    assert problems == []
    assert build_stories(sources, {}, tmp_path)[0] == text
    built = json.loads(text)
    assert [s["id"] for s in built] == ["another", "demo"]
    assert built[1]["chapters"][0]["date"] == "2022-01-06"
    assert text.endswith("]\n") and text.count("\n") == 4  # one story per line
    assert list(built[1]) == sorted(built[1])
    assert json.loads(dumps_stories(built)) == built


def test_build_reports_problems_and_no_text(tmp_path):
    sources = _sources(tmp_path, story(features=["nope"]))
    _write_layers(tmp_path, layers())
    text, problems = build_stories(sources, {}, tmp_path)
    assert text == ""
    assert [str(p) for p in problems] == [
        "stories/demo.yaml: story 'demo' chapter 1: field 'features': unknown feature ids: nope"
    ]


def test_build_without_stories_writes_an_empty_list(tmp_path):
    assert build_stories(tmp_path, {}, tmp_path) == ("[]\n", [])


def test_malformed_yaml_is_a_problem_not_a_traceback(tmp_path):
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "broken.yaml").write_text("id: [unclosed\n")
    _, problems = build_stories(tmp_path, {}, tmp_path)
    assert "stories/broken.yaml: malformed YAML at line" in str(problems[0])


def test_shipped_stories_validate_and_match_the_committed_build():
    data = layer_data({}, GEODATA_DIR)
    text, problems = build_stories(GEODATA_DIR / "sources", {}, GEODATA_DIR)
    assert problems == []
    assert text == (GEODATA_DIR / STORIES_FILENAME).read_text(encoding="utf-8")
    stories = {s["id"]: s for s in json.loads(text)}
    assert {"csto-record", "legacy-facilities"} <= set(stories)
    assert len(stories["csto-record"]["chapters"]) >= 8
    for s in stories.values():
        assert story_problems(s, STORIES_FILENAME, known_ids(data), built=True) == []
        for chapter in s["chapters"]:
            claim = chapter["claim"]
            assert (claim["check"] is None) == (claim["result"] is None)
            if claim["verdict"] != "not checkable from the data":
                assert claim["check"] is not None


def test_validate_cli_checks_a_story_file_against_csto_geodata_dir(tmp_path, monkeypatch, capsys):
    _write_layers(tmp_path, layers())
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(tmp_path))
    good = tmp_path / "demo.yaml"
    good.write_text(yaml.safe_dump(STORY))
    assert validate_main([str(good)]) == 0
    assert "demo.yaml: 1 story, valid" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(story(sources=[])))
    assert validate_main([str(bad)]) == 1
    assert "stories/bad.yaml: story 'demo' chapter 1: field 'sources'" in capsys.readouterr().out


def test_validate_cli_reads_a_built_stories_file(tmp_path, monkeypatch, capsys):
    _write_layers(tmp_path, layers())
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(tmp_path))
    path = tmp_path / STORIES_FILENAME
    path.write_text(dumps_stories([with_results(STORY, layers())]), "utf-8")
    assert validate_main([str(path)]) == 0
    path.write_text('{"not": "a list"}', "utf-8")
    assert validate_main([str(path)]) == 1
    assert "must be a JSON list of stories" in capsys.readouterr().out


def test_story_file_problems_on_unreadable_json(tmp_path):
    path = tmp_path / STORIES_FILENAME
    path.write_text("[", "utf-8")
    count, problems = story_file_problems(path)
    assert count == 0
    assert isinstance(problems[0], StoryProblem)
    assert "cannot be read as JSON" in problems[0].message
    assert SRC.startswith("https://")


def test_the_writers_guide_lists_every_check():
    from geodata.stories.checks import CHECKS

    guide = (GEODATA_DIR / "sources" / "stories" / "README.md").read_text(encoding="utf-8")
    assert [name for name in CHECKS if f"| `{name}` |" not in guide] == []


@pytest.mark.parametrize(
    "text, day", [("2022-01-06", "2022-01-06"), ("2022-01", "2022-01-01"), ("2022", "2022-01-01")]
)
def test_a_chapter_opens_on_the_first_day_of_its_date(text, day):
    from geodata.stories.format import chapter_day

    assert chapter_day({"date": text}).isoformat() == day


def test_story_data_carries_the_arms_and_vote_tables(tmp_path):
    # Freshly built texts win over the files in the folder; a table in neither is None.
    (tmp_path / "votes.json").write_text('[{"id": "old"}]', encoding="utf-8")
    data = layer_data({"arms.json": '[{"id": "new"}]'}, tmp_path)
    assert data["arms"] == [{"id": "new"}]
    assert data["votes"] == [{"id": "old"}]
    assert data["arms_shares"] is None
    shipped = layer_data({}, GEODATA_DIR)
    assert all(shipped[key] for key in ("arms", "arms_shares", "votes"))


def test_the_record_chapters_on_arms_and_votes_carry_their_results():
    stories = {s["id"]: s for s in json.loads((GEODATA_DIR / STORIES_FILENAME).read_text("utf-8"))}
    chapters = {c["title"]: c["claim"] for c in stories["csto-record"]["chapters"]}
    arming = chapters["Allies arming an adversary"]
    assert (arming["verdict"], arming["result"]["value"]) == (
        "partly",
        {"deals": 8, "suppliers": 2},
    )
    assert "blr-aze-polonez" in arming["result"]["rows"]
    shares = chapters["Azerbaijan buys elsewhere"]["result"]["value"]
    assert (shares["first"], shares["last"]) == (85, 17)
    votes = chapters["Ukraine and the alliance"]["result"]["value"]
    assert votes["ES-11/1"] == {"yes": 0, "no": 2, "abstain": 4, "absent": 0, "no record": 0}
    assert all(counts["yes"] == 0 for counts in votes.values())
    assert chapters["Drugs and migration"]["verdict"] == "not checkable from the data"


def _shipped() -> dict:
    return {s["id"]: s for s in json.loads((GEODATA_DIR / STORIES_FILENAME).read_text("utf-8"))}


def test_the_record_shows_the_arms_arrows_and_the_drug_and_remittance_charts():
    chapters = {c["title"]: c for c in _shipped()["csto-record"]["chapters"]}
    arms_checks = {"member_deliveries_to", "import_shares"}
    on_arms = {
        t for t, c in chapters.items() if (c["claim"]["check"] or {}).get("name") in arms_checks
    }
    assert on_arms == {"Allies arming an adversary", "Azerbaijan buys elsewhere"}
    assert {t for t, c in chapters.items() if "arms" in c["layers"]} == on_arms
    assert chapters["Drugs and migration"]["charts"] == ["drug-seizures", "remittances"]
    assert [t for t, c in chapters.items() if "charts" in c] == ["Drugs and migration"]


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _numbers(text: str) -> list[str]:
    return [n.replace(",", ".") for n in _NUMBER.findall(text)]


def test_every_shipped_text_comes_in_russian_with_the_same_figures():
    """Each English text has its Russian, and every figure in it (a year, a day, a share,
    a tonnage) comes back in the Russian; a two-digit year ending a range ("2010–14") may be
    written out in full."""
    for shipped in _shipped().values():
        pairs = [
            (shipped["title"], shipped["ru"]["title"]),
            (shipped["summary"], shipped["ru"]["summary"]),
        ]
        for chapter in shipped["chapters"]:
            pairs += [
                (chapter["title"], chapter["ru"]["title"]),
                (chapter["text"], chapter["ru"]["text"]),
                (chapter["claim"]["statement"], chapter["claim"]["ru"]["statement"]),
            ]
        for english, russian in pairs:
            assert russian.strip() and russian != english
            assert any("а" <= ch <= "я" for ch in russian.lower()), russian
            found = _numbers(russian)
            lost = [
                n
                for n in _numbers(english)
                if n not in found and not any(len(n) == 2 and f.endswith(n) for f in found)
            ]
            assert lost == [], (shipped["id"], english[:60], lost)
