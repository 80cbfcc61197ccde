"""Story mode through AppTest: a link opens a chapter, Next moves on, leaving keeps the map."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import APP, drawn, map_args, open_page
from tests.story_tiny import write_story
from tests.tiny_layers import write_layers

# Outlines name the features the map already holds: [layer, id, hover text, popup] each.
_OUTLINES = re.compile(r"window\.cstoOutline\([^,]+, (\[.*?\]), \{")


@pytest.fixture(scope="module")
def story_dir(tmp_path_factory):
    """Fixture layers plus one story as YAML only: the app builds it in memory."""
    return write_story(write_layers(tmp_path_factory.mktemp("storydata")))


@pytest.fixture
def story_at(story_dir, monkeypatch):
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(story_dir))
    return AppTest.from_file(APP, default_timeout=60)


def outlined(at: AppTest) -> list[str]:
    found = _OUTLINES.findall(map_args(at)["feature_group"])
    return sorted({item[1] for items in found for item in json.loads(items.replace("<\\/", "</"))})


def open_link(at: AppTest, **params: str) -> AppTest:
    for key, value in params.items():
        at.query_params[key] = value
    return open_page(at)


def params(at: AppTest) -> dict[str, str]:
    """The query parameters the app wrote, one value each."""
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


def heading(at: AppTest) -> str:
    return at.subheader[0].value


def test_link_opens_chapter_with_its_date_view_and_outline(story_at):
    at = open_link(story_at, story="tiny-tour", chapter="3")
    assert heading(at) == "The border clash"
    assert at.slider(key="date").value == date(2021, 4, 30)
    assert at.multiselect(key="zones").value == ["kgz-uzb-border"]
    assert at.checkbox(key="past").value is True
    assert [at.checkbox(key=f"show_{n}").value for n in ("countries", "conflicts")] == [True] * 2
    assert at.checkbox(key="show_facilities").value is False
    # The base map starts at the chapter's view (the map is not moved after it exists).
    assert "center: [41.0, 72.2]" in map_args(at)["script"]
    assert drawn(at) == {
        "countries": ["AFG", "ARM", "KGZ", "RUS", "UZB"],
        "conflicts": ["kgz-uzb-border"],
    }
    assert outlined(at) == ["kgz-uzb-border"]
    assert params(at) == {"story": "tiny-tour", "chapter": "3"}
    markdown = " ".join(m.value for m in at.markdown)
    assert "[Example — A source (Sep 2022)](https://example.org/source)" in markdown
    assert "https://example.org/other_%28page%29" in markdown
    assert ":orange-badge[Partly]" in markdown  # st.badge is drawn as Markdown
    # What the check found, in words; the call itself behind "How this was computed".
    assert "**What the data say.** On 30 Apr 2021 it was going on: Border clash." in markdown
    (how,) = [e for e in at.expander if e.label == "How this was computed"]
    assert [c.value for c in how.code] == [
        "conflicts_on(date=2021-04-30, conflicts=kgz-uzb-border)"
    ]


def test_a_chapter_the_data_cannot_decide_shows_no_computed_result(story_at):
    at = open_link(story_at, story="tiny-tour", chapter="2")
    assert heading(at) == "Kyrgyzstan"
    markdown = " ".join(m.value for m in at.markdown)
    assert ":gray-badge[Not checkable from the data]" in markdown
    assert "What the data say" not in markdown and "nothing was computed" in markdown
    assert not [e for e in at.expander if e.label == "How this was computed"]
    assert not at.code


def test_next_moves_to_chapter_four_on_the_same_map(story_at):
    at = open_link(story_at, story="tiny-tour", chapter="3")
    base = map_args(at)["script"]
    at.button(key="story_next").click().run()
    assert not at.exception
    assert heading(at) == "Armenia"
    assert at.slider(key="date").value == date(2022, 9, 14)
    assert at.multiselect(key="countries_members").value == ["ARM"]
    assert at.multiselect(key="facility_types").value == ["army base"]
    assert at.number_input(key="within").value == 50.0
    args = map_args(at)
    # Same base map (no remount); the view moves through st_folium's center and zoom.
    assert args["script"] == base
    assert args["center"] == [40.0, 45.0] and round(args["zoom"]) == 8
    assert outlined(at) == ["ARM", "arm-102-base", "arm-clash"]
    assert params(at)["chapter"] == "4"
    assert at.button(key="story_next").disabled
    at.button(key="story_prev").click().run()
    assert heading(at) == "The border clash" and params(at)["chapter"] == "3"


def test_leaving_a_linked_story_returns_to_the_start_map(story_at):
    at = open_link(story_at, story="tiny-tour", chapter="3")
    at.button(key="story_next").click().run()
    assert at.multiselect(key="countries_members").value == ["ARM"]
    at.button(key="story_leave").click().run()
    assert not at.exception
    assert at.selectbox(key="story").value == ""
    assert "Armenia" not in [s.value for s in at.subheader]
    # No free map came before a linked story: the map's start values.
    assert at.slider(key="date").value == date.today()
    assert at.multiselect(key="countries_members").value == []
    assert at.multiselect(key="facility_types").value == []
    assert at.number_input(key="within").value is None
    assert all(at.checkbox(key=f"show_{n}").value for n in ("countries", "conflicts", "facilities"))
    assert outlined(at) == []
    link = params(at)
    assert "story" not in link and "chapter" not in link and "countries" not in link
    # Free exploration: a filter change no longer follows the story.
    at.slider(key="date").set_value(date(2023, 1, 1)).run()
    assert at.slider(key="date").value == date(2023, 1, 1)


def test_leaving_a_picked_story_restores_the_free_map_and_its_layers(story_at):
    at = open_page(story_at)
    at.slider(key="date").set_value(date(2010, 1, 1)).run()
    at.checkbox(key="show_conflicts").uncheck().run()
    at.multiselect(key="countries_members").set_value(["KGZ"]).run()
    before = drawn(at)
    at.selectbox(key="story").set_value("tiny-tour").run()
    at.button(key="story_next").click().run()
    assert at.slider(key="date").value != date(2010, 1, 1) and outlined(at)
    at.button(key="story_leave").click().run()
    assert not at.exception
    assert at.slider(key="date").value == date(2010, 1, 1)
    assert at.checkbox(key="show_conflicts").value is False
    assert at.multiselect(key="countries_members").value == ["KGZ"]
    assert drawn(at) == before and outlined(at) == []


def test_reset_map_sets_every_filter_back_and_leaves_the_story(story_at):
    at = open_link(story_at, story="tiny-tour", chapter="4")
    assert at.number_input(key="within").value == 50.0
    at.button(key="reset_map").click().run()
    assert not at.exception
    assert at.selectbox(key="story").value == ""
    assert at.slider(key="date").value == date.today()
    for key in ("countries_members", "facility_types", "facility_statuses", "zones"):
        assert at.multiselect(key=key).value == [], key
    assert at.number_input(key="within").value is None
    assert all(at.checkbox(key=f"show_{n}").value for n in ("countries", "conflicts", "facilities"))
    assert drawn(at)["countries"] == ["AFG", "ARM", "KGZ", "RUS", "UZB"]


def test_picker_opens_the_first_chapter(story_at):
    at = open_page(story_at)
    assert outlined(at) == [] and not [s for s in at.subheader if s.value == "Members"]
    at.selectbox(key="story").set_value("tiny-tour").run()
    assert heading(at) == "Members"
    assert at.slider(key="date").value == date(2024, 1, 1)
    assert outlined(at) == ["ARM", "KGZ"]
    at.selectbox(key="story_chapter_list").set_value(1).run()
    assert heading(at) == "Kyrgyzstan" and params(at)["chapter"] == "2"


def test_unknown_story_is_noted_and_ignored(story_at):
    at = open_link(story_at, story="nope", chapter="2")
    assert not at.exception
    assert "no story has that id" in " ".join(t.value for t in at.text)
    assert outlined(at) == []
