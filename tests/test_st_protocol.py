"""bench/st_protocol.py: a tab's view of Streamlit's ForwardMsgs and the BackMsgs it sends,
driven by messages built from Streamlit's own proto classes."""

from __future__ import annotations

import json

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileURLs
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import st_protocol as proto

MEMBERS = "$$ID-ffd264e659e16c36f0c15719a0460298-countries_members"
MAP = "$$ID-ef428fa6e1438ab550038bc139f28240-2a8154b88ace"


def new_session(session_id: str = "s-1", fragment: str = "") -> ForwardMsg:
    msg = ForwardMsg()
    msg.new_session.initialize.session_id = session_id
    if fragment:
        msg.metadata.run.fragment_ids.append(fragment)
    return msg


def delta(path: tuple[int, ...], element: Element, *, cacheable: str = "") -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path[:] = path
    msg.delta.new_element.CopyFrom(element)
    if cacheable:
        msg.hash, msg.metadata.cacheable = cacheable, True
    return msg


def finished(status: int = proto.FINISHED_OK) -> ForwardMsg:
    msg = ForwardMsg()
    msg.script_finished = status
    return msg


def multiselect(widget_id: str = MEMBERS, *, raw: list[str] | None = None) -> Element:
    element = Element()
    element.multiselect.id = widget_id
    element.multiselect.options[:] = ["Armenia", "Belarus", "Kyrgyzstan"]
    if raw is not None:
        element.multiselect.raw_values[:] = raw
        element.multiselect.set_value = True
    return element


def checkbox(widget_id: str, *, default: bool, value: bool | None = None) -> Element:
    element = Element()
    element.checkbox.id, element.checkbox.default = widget_id, default
    if value is not None:
        element.checkbox.value, element.checkbox.set_value = value, True
    return element


def folium_map(groups: str = '"id":"KGZ"') -> Element:
    element = Element()
    element.component_instance.id = MAP
    element.component_instance.component_name = proto.FOLIUM
    element.component_instance.json_args = json.dumps({"feature_group": groups})
    return element


def run(page: proto.Page, *elements: tuple[tuple[int, ...], Element], status=proto.FINISHED_OK):
    """Feed one whole run drawing ``elements``."""
    page.feed(new_session())
    for path, element in elements:
        page.feed(delta(path, element))
    page.feed(finished(status))


@pytest.mark.parametrize(
    ("widget_id", "key"),
    [
        (MEMBERS, "countries_members"),
        ("$$ID-0123abcd-a-key-with-dashes", "a-key-with-dashes"),
        ("not-a-widget", ""),
        ("", ""),
    ],
)
def test_user_key_is_the_end_of_the_widget_id(widget_id: str, key: str) -> None:
    assert proto.user_key(widget_id) == key


def test_a_run_gives_the_page_its_widgets_and_map() -> None:
    page = proto.Page()
    run(page, ((1, 0), multiselect()), ((0, 4), folium_map()))
    assert page.session_id == "s-1"
    assert page.widget("countries_members").multiselect.id == MEMBERS
    assert page.widget("nothing") is None
    assert proto.map_args(page.component()) == {"feature_group": '"id":"KGZ"'}
    assert page.idle_after(0) and not page.idle_after(1)


def test_a_whole_run_drops_what_it_did_not_draw_and_an_early_end_keeps_it() -> None:
    page = proto.Page()
    run(page, ((1, 0), multiselect()), ((0, 4), folium_map()))
    run(page, ((0, 4), folium_map()), status=proto.FINISHED_EARLY)
    assert page.widget("countries_members") is not None
    run(page, ((0, 4), folium_map()))
    assert page.widget("countries_members") is None
    assert MEMBERS not in page.values


def test_a_widget_keeps_its_value_until_python_sets_another() -> None:
    """As the frontend's widget manager: the first drawing or a value set from Python counts,
    a later drawing with only the default does not."""
    page = proto.Page()
    run(page, ((1, 0), checkbox("$$ID-1-show", default=False, value=True)))
    run(page, ((1, 0), checkbox("$$ID-1-show", default=False)))
    (state,) = page.widget_states()
    assert state.bool_value is True
    run(page, ((1, 0), checkbox("$$ID-1-show", default=True, value=False)))
    (state,) = page.widget_states()
    assert state.bool_value is False


def test_the_readers_choice_wins_over_the_drawn_default() -> None:
    page = proto.Page()
    run(page, ((1, 0), multiselect()))
    page.set_value(proto.multiselect_state(page.widget("countries_members"), ["Kyrgyzstan"]))
    run(page, ((1, 0), multiselect()))
    (state,) = page.widget_states()
    assert list(state.string_array_value.data) == ["Kyrgyzstan"]


def test_a_value_set_from_python_is_taken() -> None:
    page = proto.Page()
    run(page, ((1, 0), multiselect(raw=["Armenia"])))
    (state,) = page.widget_states()
    assert list(state.string_array_value.data) == ["Armenia"]


def test_the_rerun_request_carries_the_query_widgets_and_cached_hashes() -> None:
    page = proto.Page(query_string="countries=KGZ")
    page.feed(new_session())
    page.feed(delta((0, 4), folium_map(), cacheable="h-map"))
    page.feed(delta((1, 0), multiselect()))
    page.feed(finished())
    page.set_value(proto.drawn_state(page.component(), {"map_drawn": True}))
    sent = BackMsg()
    sent.ParseFromString(proto.rerun(page, url="http://127.0.0.1:1/?countries=KGZ"))
    state = sent.rerun_script
    assert state.query_string == "countries=KGZ"
    assert list(state.cached_message_hashes) == ["h-map"]
    assert not state.fragment_id and not state.is_auto_rerun
    values = {w.id: w for w in state.widget_states.widgets}
    assert values[MAP].json_value == '{"map_drawn":true}'
    assert list(values[MEMBERS].string_array_value.data) == []
    assert state.context_info.url.endswith("?countries=KGZ")


def test_a_fragment_tick_names_its_fragment() -> None:
    sent = BackMsg()
    sent.ParseFromString(proto.rerun(proto.Page(), url="http://127.0.0.1:1/", fragment_id="f1"))
    assert sent.rerun_script.fragment_id == "f1"
    assert sent.rerun_script.is_auto_rerun


def test_a_reference_is_read_from_the_cache_at_its_own_path() -> None:
    page = proto.Page()
    page.feed(new_session())
    page.feed(delta((0, 4), folium_map('"id":"ARM"'), cacheable="h-map"))
    page.feed(finished())
    page.cached_hashes()
    page.feed(new_session())
    ref = ForwardMsg()
    ref.ref_hash = "h-map"
    ref.metadata.delta_path[:] = (0, 5)
    assert page.feed(ref) == "delta"
    page.feed(finished())
    assert sorted(page.elements) == [(0, 5)]
    assert proto.map_args(page.component())["feature_group"] == '"id":"ARM"'


def test_the_cache_forgets_what_recent_runs_did_not_use_unless_announced() -> None:
    page = proto.Page()
    page.feed(new_session())
    page.feed(delta((0, 0), folium_map(), cacheable="old"))
    page.feed(finished())
    for _ in range(proto.CACHE_RUNS):
        run(page, ((0, 0), multiselect()))
    assert "old" not in page.cache
    page.feed(new_session())
    page.feed(delta((0, 0), folium_map(), cacheable="named"))
    page.feed(finished())
    assert page.cached_hashes() == ["named"]
    for _ in range(proto.CACHE_RUNS + 1):
        run(page, ((0, 0), multiselect()))
    assert "named" in page.cache


def test_a_run_stopped_for_a_rerun_is_followed_by_the_next_one() -> None:
    """Streamlit sends no script_finished for a run a rerun request stopped."""
    page = proto.Page()
    page.feed(new_session())
    page.feed(delta((0, 4), folium_map()))
    run(page, ((1, 0), multiselect()), ((0, 4), folium_map()))
    assert page.idle_after(1) and page.runs_started == 2
    assert page.widget("countries_members") is not None


def test_a_fragment_run_after_a_whole_run_leaves_the_page_whole() -> None:
    page = proto.Page()
    run(page, ((1, 0), multiselect()), ((0, 4), folium_map()))
    page.feed(new_session(fragment="f1"))
    assert not page.idle_after(0)  # the fragment runs
    page.feed(finished(proto.FRAGMENT_OK))
    assert page.idle_after(0) and not page.idle_after(1)
    assert page.widget("countries_members") is not None


def test_an_unknown_reference_is_an_error() -> None:
    ref = ForwardMsg()
    ref.ref_hash = "never-sent"
    with pytest.raises(KeyError):
        proto.Page().feed(ref)


def test_exceptions_are_collected() -> None:
    page = proto.Page()
    boom = Element()
    boom.exception.type, boom.exception.message = "ValueError", "bad"
    run(page, ((0, 0), boom))
    assert page.exceptions == ["ValueError: bad"]


def test_when_a_connect_asks_for_a_run() -> None:
    """The frontend's rule: no session yet, a run under way, or a fragment timer set."""
    page = proto.Page()
    assert page.wants_run_on_connect(had_session=False)
    run(page, ((1, 0), multiselect()))
    assert not page.wants_run_on_connect(had_session=True)
    status = ForwardMsg()
    status.session_status_changed.script_is_running = True
    page.feed(status)
    assert page.wants_run_on_connect(had_session=True)
    run(page, ((1, 0), multiselect()))
    tick = ForwardMsg()
    tick.auto_rerun.fragment_id, tick.auto_rerun.interval = "f1", 4.0
    page.feed(tick)
    assert page.wants_run_on_connect(had_session=True)
    page.feed(new_session())  # a whole run clears the timers
    assert page.auto_reruns == {}


def test_fragment_runs_keep_the_timers_and_a_stop_removes_one() -> None:
    page = proto.Page()
    tick = ForwardMsg()
    tick.auto_rerun.fragment_id, tick.auto_rerun.interval = "f1", 4.0
    page.feed(tick)
    page.feed(new_session(fragment="f1"))
    assert page.fragment_run and page.auto_reruns == {"f1": 4.0}
    stop = ForwardMsg()
    stop.stop_auto_rerun.fragment_ids.append("f1")
    page.feed(stop)
    assert page.auto_reruns == {}


def test_uploads_and_deferred_downloads_are_asked_for_with_the_session() -> None:
    page = proto.Page(session_id="s-9")
    sent = BackMsg()
    sent.ParseFromString(proto.file_urls_request(page, "r1", ["a.geojson"]))
    assert sent.file_urls_request.session_id == "s-9"
    assert list(sent.file_urls_request.file_names) == ["a.geojson"]
    sent.ParseFromString(proto.deferred_file_request(page, "r2", "file-7"))
    request = sent.backend_operation_request
    assert (request.request_id, request.session_id) == ("r2", "s-9")
    assert request.deferred_file.file_id == "file-7"

    answer = ForwardMsg()
    answer.file_urls_response.response_id = "r1"
    answer.file_urls_response.file_urls.add(file_id="f", upload_url="/_stcore/upload_file/s/f")
    page.feed(answer)
    (urls,) = page.file_urls["r1"]
    uploader = Element()
    uploader.file_uploader.id = "$$ID-2-upload_file"
    state = proto.uploader_state(uploader, "a.geojson", 12, urls)
    (info,) = state.file_uploader_state_value.uploaded_file_info
    assert (info.name, info.size, info.file_id) == ("a.geojson", 12, "f")
    assert info.file_urls == FileURLs(file_id="f", upload_url="/_stcore/upload_file/s/f")


@pytest.mark.parametrize(
    ("attempt", "low", "high"),
    [(1, 0.25, 0.5), (2, 0.5, 1.0), (3, 1.0, 2.0), (4, 2.0, 4.0), (9, 2.0, 4.0)],
)
def test_reconnects_back_off_as_the_frontend_does(monkeypatch, attempt, low, high) -> None:
    monkeypatch.setattr(proto.random, "random", lambda: 0.0)
    assert proto.reconnect_delay(attempt) == low
    monkeypatch.setattr(proto.random, "random", lambda: 1.0)
    assert proto.reconnect_delay(attempt) == high
