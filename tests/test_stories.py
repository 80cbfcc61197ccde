"""Stories: the format's good and bad tables, checked by the validator (the build and the
shipped stories: tests/test_stories_build.py)."""

from datetime import date

import pytest

from geodata.datasets.stories import (
    with_results,
)
from geodata.stories.format import duplicate_problems, known_ids, story_problems
from tests.story_data import STORY, layers, story

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
