"""Stories: the schema's good and bad tables, the shipped stories, the build and the CLI."""

import json
import re
from datetime import date

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
from geodata.stories.format import StoryProblem, duplicate_problems, known_ids, story_problems
from geodata.validate import main as validate_main
from tests.story_data import SRC, STORY, layers, story

yaml = pytest.importorskip("yaml")
TODAY = date(2026, 12, 1)
KNOWN = known_ids(layers())
FILE = "stories/demo.yaml"
NOT_CHECKABLE = "not checkable from the data"
RU_CLAIM = {"statement": "Данных для проверки нет."}
CLAIM = STORY["chapters"][0]["claim"]


def problems_of(obj, **kwargs):
    return story_problems(obj, FILE, KNOWN, today=TODAY, **kwargs)


def test_the_demo_story_is_valid():
    assert problems_of(STORY) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"date": "2022"},
        {"date": "2022-01-06"},
        {"center": None, "zoom": None, "bounds": [[40.0, 70.0], [45.0, 80.0]]},
        {"filters": None},
        {"features": []},
        {"filters": {"types": ["radar"], "statuses": ["active", "closed"], "within": 50}},
        {"claim": {"statement": "Not in the data.", "ru": RU_CLAIM, "verdict": NOT_CHECKABLE}},
        {
            "claim": {
                "statement": "Not in the data.",
                "ru": RU_CLAIM,
                "verdict": NOT_CHECKABLE,
                "check": None,
            }
        },
        {"zoom": 1},
        {"zoom": 18},
        {"layers": ["countries", "arms"]},
        {"layers": ["arms"]},
        {"charts": ["drug-seizures", "remittances"]},
        {"charts": ["remittances"]},
    ],
)
def test_good_chapters(changes):
    assert problems_of(story(**changes)) == []


BAD = [
    # (chapter changes, field, words)
    ({"features": ["c-mission", "nope"]}, "features", "unknown feature ids: nope"),
    ({"features": ["AAA", "AAA"]}, "features", "twice"),
    ({"date": "2022-13"}, "date", "is not a real date"),
    ({"date": "2022-02-30"}, "date", "is not a real date"),
    ({"date": "13/01/2022"}, "date", "must be a date 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'"),
    ({"date": 2022}, "date", "must be a date"),
    ({"date": "1991-12-31"}, "date", "must fall between 1992-01-01 and 2026-12-01"),
    ({"date": "2027"}, "date", "must fall between"),
    ({"date": None}, "date", "must be a date"),
    ({"sources": None}, "sources", "must be a non-empty list of URLs"),
    ({"sources": []}, "sources", "must be a non-empty list of URLs"),
    ({"sources": ["example.org/page"]}, "sources", "must be an http(s) URL"),
    (
        {"claim": {**STORY["chapters"][0]["claim"], "check": {"name": "nope"}}},
        "claim.check",
        "unknown check 'nope'",
    ),
    (
        {"claim": {**STORY["chapters"][0]["claim"], "check": {"name": "members_on"}}},
        "claim.check",
        "needs parameter 'date'",
    ),
    (
        {
            "claim": {
                **STORY["chapters"][0]["claim"],
                "check": {"name": "members_on", "params": {"date": "2022", "on": "x"}},
            }
        },
        "claim.check",
        "takes no parameter 'on'",
    ),
    (
        {
            "claim": {
                **STORY["chapters"][0]["claim"],
                "check": {"name": "durations", "params": {"conflicts": ["c-nope"]}},
            }
        },
        "claim.check",
        "unknown conflicts c-nope",
    ),
    (
        {
            "claim": {
                **STORY["chapters"][0]["claim"],
                "check": {
                    "name": "facilities_per_member",
                    "params": {"date": "2022", "facilities": ["f-old", "f-nope"]},
                },
            }
        },
        "claim.check",
        "unknown facilities f-nope",
    ),
    (
        {
            "claim": {
                **STORY["chapters"][0]["claim"],
                "check": {"name": "appeals_of_country", "params": {"country": "ZZZ"}},
            }
        },
        "claim.check",
        "unknown countries ZZZ",
    ),
    (
        {"claim": {**STORY["chapters"][0]["claim"], "check": None}},
        "claim.check",
        "is required unless the verdict is 'not checkable from the data'",
    ),
    (
        {"claim": {**STORY["chapters"][0]["claim"], "verdict": "true"}},
        "claim.verdict",
        "must be one of supported, partly, contradicted, not checkable from the data",
    ),
    (
        {"claim": {**STORY["chapters"][0]["claim"], "statement": " "}},
        "claim.statement",
        "non-empty text",
    ),
    ({"claim": {**STORY["chapters"][0]["claim"], "result": {}}}, "claim", "unknown key 'result'"),
    ({"claim": "supported"}, "claim", "must be a mapping"),
    ({"center": [91.0, 10.0]}, "center", "lat in -90..90"),
    ({"center": [43.0]}, "center", "must be [lat, lon]"),
    ({"zoom": 19}, "zoom", "must be an integer 1-18"),
    ({"zoom": 0}, "zoom", "must be an integer 1-18"),
    ({"zoom": 8.5}, "zoom", "must be an integer"),
    ({"zoom": None}, "zoom", "must be an integer"),
    ({"bounds": [[40.0, 70.0], [45.0, 80.0]]}, "center", "either center and zoom, or bounds"),
    ({"center": None, "zoom": None}, "center", "either center and zoom, or bounds"),
    (
        {"center": None, "zoom": None, "bounds": [[45.0, 80.0], [40.0, 70.0]]},
        "bounds",
        "south-west must lie below and left",
    ),
    ({"center": None, "zoom": None, "bounds": [[45.0, 80.0]]}, "bounds", "[[south, west]"),
    ({"layers": ["roads"]}, "layers", "unknown layers: roads"),
    ({"layers": []}, "layers", "non-empty list"),
    ({"filters": {"date": "2022-01-06"}}, "filters", "unknown filter 'date'"),
    ({"filters": {"zones": ["c-nope"]}}, "filters", "zones: unknown conflict ids: c-nope"),
    ({"filters": {"countries": ["ZZZ"]}}, "filters", "countries: unknown country ids: ZZZ"),
    ({"filters": {"types": ["castle"]}}, "filters", "types: unknown facility types: castle"),
    ({"filters": {"statuses": ["open"]}}, "filters", "statuses: unknown facility statuses"),
    ({"filters": {"past": "yes"}}, "filters", "past: must be true or false"),
    ({"filters": {"within": -5}}, "filters", "within: must be a number of km"),
    ({"filters": ["past"]}, "filters", "must be a mapping"),
    ({"title": ""}, "title", "non-empty text"),
    ({"text": None}, "text", "non-empty text"),
    ({"colour": "red"}, "colour", "unknown key"),
    # Arrows of arms transfers are a story layer; the allowed layers are named.
    ({"layers": ["arms", "roads"]}, "layers", "unknown layers: roads"),
    ({"layers": ["roads"]}, "layers", "(layers: countries, facilities, conflicts, arms)"),
    ({"layers": ["arms", "arms"]}, "layers", "twice"),
    ({"charts": ["pie"]}, "charts", "unknown chart ids: pie (charts: drug-seizures, remittances)"),
    ({"charts": []}, "charts", "non-empty list of chart ids"),
    ({"charts": "remittances"}, "charts", "non-empty list of chart ids"),
    ({"charts": ["remittances", "remittances"]}, "charts", "twice"),
    # The Russian of a chapter and of its claim.
    ({"ru": None}, "ru", "must be a mapping of the Russian title, text"),
    ({"ru": {"title": "Глава"}}, "ru.text", "Russian text must be non-empty text, got None"),
    ({"ru": {"title": " ", "text": "Текст."}}, "ru.title", "Russian text must be non-empty"),
    ({"ru": {"title": "Глава", "text": "Текст.", "summary": "x"}}, "ru", "unknown key 'summary'"),
    ({"claim": {**CLAIM, "ru": None}}, "claim.ru", "must be a mapping of the Russian statement"),
    ({"claim": {**CLAIM, "ru": {"statement": ""}}}, "claim.ru.statement", "non-empty"),
    ({"claim": {**CLAIM, "ru": {"text": "x"}}}, "claim.ru", "unknown key 'text'"),
]


@pytest.mark.parametrize("changes, field, words", BAD)
def test_bad_chapters_are_named(changes, field, words):
    problems = problems_of(story(**changes))
    assert [p for p in problems if p.field == field and words in p.message], problems
    assert all(p.file == FILE and p.story == "demo" and p.chapter == 1 for p in problems)


def test_message_names_file_story_chapter_and_field():
    bad = story(date="2022-13")
    bad["chapters"].insert(0, STORY["chapters"][0])
    (problem,) = problems_of(bad)
    assert str(problem) == (
        "stories/demo.yaml: story 'demo' chapter 2: field 'date': is not a real date: '2022-13'"
    )


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"id": "Demo Story"}, "id", "must be a slug"),
        ({"title": None}, "title", "non-empty text"),
        ({"summary": 3}, "summary", "non-empty text"),
        ({"chapters": []}, "chapters", "non-empty list"),
        ({"author": "me"}, "author", "unknown key"),
        ({"ru": None}, "ru", "must be a mapping of the Russian title, summary"),
        ({"ru": {"title": "Пример"}}, "ru.summary", "Russian text must be non-empty"),
        ({"ru": {"title": "", "summary": "Что он показывает."}}, "ru.title", "non-empty"),
    ],
)
def test_bad_story_fields(changes, field, words):
    bad = {**STORY, **changes}
    problems = problems_of({k: v for k, v in bad.items() if v is not None})
    assert [p for p in problems if p.field == field and words in p.message], problems


def test_a_missing_russian_text_names_story_chapter_and_field():
    bad = story(ru={"title": "Глава", "text": ""})
    bad["chapters"].insert(0, STORY["chapters"][0])
    (problem,) = problems_of(bad)
    assert str(problem) == (
        "stories/demo.yaml: story 'demo' chapter 2: field 'ru.text': "
        "Russian text must be non-empty text, got ''"
    )


def test_the_arms_layer_is_for_stories_only():
    from geodata.schema.layers import LAYERS

    assert "arms" not in LAYERS
    assert problems_of(story(layers=["countries", "arms"])) == []


@pytest.mark.parametrize(
    "ru, field",
    [(None, "claim.result.ru"), ({"summary": ""}, "claim.result.ru.summary")],
)
def test_a_built_result_needs_its_russian_summary(ru, field):
    built = with_results(STORY, layers())
    result = built["chapters"][0]["claim"]["result"]
    result["ru"] = ru
    if ru is None:
        del result["ru"]
    problems = problems_of(built, built=True)
    assert [p.field for p in problems] == [field]
    assert problems[0].chapter == 1 and problems[0].story == "demo"


def test_not_a_mapping():
    assert "must be a mapping" in str(problems_of(["demo"])[0])


def test_duplicate_story_ids():
    (problem,) = duplicate_problems([("stories/a.yaml", STORY), ("stories/b.yaml", STORY)])
    assert str(problem) == (
        "stories/b.yaml: story 'demo': field 'id': duplicate id: stories/a.yaml already has a "
        "story 'demo'"
    )


def test_built_stories_carry_results_and_still_validate():
    built = with_results(STORY, layers())
    result = built["chapters"][0]["claim"]["result"]
    assert result["value"] == 1
    assert result["rows"] == ["c-mission"]
    assert result["ru"] == {
        "summary": "1 коллективное развёртывание с 2000\u202fг.: Аркадия, январь 2022\u202fг."
    }
    assert problems_of(built, built=True) == []
    assert STORY["chapters"][0]["claim"].get("result") is None  # the source is not changed


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
