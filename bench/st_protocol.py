"""Streamlit 1.67's websocket protocol as one browser tab speaks it, without the network.

The server sends ForwardMsgs: ``new_session`` opens each script run, ``delta`` messages put
elements at a path (``metadata.delta_path``: container, then indices), ``script_finished``
ends the run. The tab answers with BackMsgs: ``rerun_script`` carries the page's query
string and the state of every widget (a browser sends them all, defaults included), and
``file_urls_request`` / ``backend_operation_request`` ask for an upload address and for a
deferred download. :class:`Page` keeps what the tab would show; the functions below build
what it sends. Everything here is plain data in, protobuf out: the unit tests drive it with
messages built from the same proto classes.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileURLs
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

# ForwardMsg.script_finished values.
FINISHED_OK = ForwardMsg.FINISHED_SUCCESSFULLY
FINISHED_EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN
FRAGMENT_OK = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
# The frontend forgets a cached message not seen in this many runs.
CACHE_RUNS = 2
# The frontend's timings (static/js/index.*.js): ping and websocket timeouts, back-offs.
PING_TIMEOUT_S = 15.0
WS_TIMEOUT_S = 15.0
RECONNECT_CAP_S = 4.0
PING_BASE_S, PING_CAP_S = 0.1, 4.0
# streamlit-folium's component, as the server names it.
FOLIUM = "streamlit_folium.st_folium"
# Widgets whose value the browser holds from the moment they are drawn.
VALUED = ("checkbox", "multiselect", "selectbox", "slider", "date_input", "text_input",
          "number_input")  # fmt: skip


def reconnect_delay(attempt: int) -> float:
    """Seconds before reconnect ``attempt`` (1-based), drawn as the frontend draws them."""
    cap = min(RECONNECT_CAP_S, 0.5 * 2 ** (attempt - 1))
    low = 0.25 if attempt == 1 else cap / 2
    return low + random.random() * (cap - low)


def ping_delay(attempt: int) -> float:
    """Seconds before the next health ping once ping ``attempt`` (1-based) failed."""
    delay = min(PING_CAP_S, PING_BASE_S * 2 ** (attempt - 1))
    return delay if attempt == 1 else delay * (0.7 + random.random() * 0.3)


def user_key(widget_id: str) -> str:
    """The ``key=`` a widget was given: Streamlit's ids read ``$$ID-<hash>-<key>``."""
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "$$ID" else ""


def element_id(element: Element) -> str:
    """The widget id of an element ('' for elements that hold no value)."""
    kind = element.WhichOneof("type")
    return getattr(getattr(element, kind), "id", "") if kind else ""


def drawn_value(element: Element) -> WidgetState | None:
    """The value a widget's element carries: the one set from Python (``set_value``), else
    its default; None for elements that hold no value until the reader acts."""
    kind = element.WhichOneof("type")
    if kind not in VALUED:
        return None
    w = getattr(element, kind)
    state = WidgetState(id=w.id)
    if kind == "checkbox":
        state.bool_value = w.value if w.set_value else w.default
    elif kind == "multiselect":
        chosen = list(w.raw_values) if w.set_value else [w.options[i] for i in w.default]
        state.string_array_value.data[:] = chosen
    elif kind == "selectbox":
        if w.set_value and w.HasField("raw_value"):
            state.string_value = w.raw_value
        elif w.HasField("default") and w.default < len(w.options):
            state.string_value = w.options[w.default]
        else:
            return None
    elif kind in ("slider", "date_input"):
        values = list(w.value if w.set_value else w.default)
        target = state.double_array_value if kind == "slider" else state.string_array_value
        target.data[:] = values
    else:  # text_input, number_input: optional fields
        source = "value" if w.set_value else "default"
        if not w.HasField(source):
            return None
        if kind == "text_input":
            state.string_value = getattr(w, source)
        else:
            state.double_value = getattr(w, source)
    return state


def _set_from_python(element: Element) -> bool:
    kind = element.WhichOneof("type")
    return bool(getattr(getattr(element, kind), "set_value", False))


@dataclass
class Page:
    """What one tab shows and holds: the elements of the latest runs, its widgets' values,
    the messages it has cached, and whether a script run is under way."""

    session_id: str = ""
    # delta path -> (run number, element)
    elements: dict[tuple[int, ...], tuple[int, Element]] = field(default_factory=dict)
    # widget id -> its value, as the frontend's widget manager holds them: a widget's value
    # is taken when it is first drawn or set from Python, then kept until the reader
    # changes it or the widget leaves the page
    values: dict[str, WidgetState] = field(default_factory=dict)
    # hash -> (last run that used it, message)
    cache: dict[str, tuple[int, ForwardMsg]] = field(default_factory=dict)
    runs_started: int = 0
    # The latest whole run (not a fragment's), and the latest one that finished well: a run
    # stopped for a rerun sends no script_finished, the next run's new_session follows.
    whole_run: int = 0
    ok_run: int = 0
    running: bool = False
    query_string: str = ""
    fragment_run: bool = False
    # fragment id -> seconds between the ticks of its timer (``st.fragment(run_every=)``)
    auto_reruns: dict[str, float] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    file_urls: dict[str, list[FileURLs]] = field(default_factory=dict)
    operations: dict[str, ForwardMsg] = field(default_factory=dict)
    last_status: int | None = None
    last: Element | None = None  # the element of the latest delta
    # Hashes named in the last rerun request: the server may refer to them, so they stay.
    announced: set[str] = field(default_factory=set)

    def feed(self, msg: ForwardMsg) -> str:
        """Take one message as the frontend does; return its type (a ref is resolved)."""
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            hit = self.cache.get(msg.ref_hash)
            if hit is None:
                raise KeyError(f"the server referred to a message this tab never had: {msg}")
            full = ForwardMsg()
            full.CopyFrom(hit[1])
            full.metadata.CopyFrom(msg.metadata)
            msg, kind = full, full.WhichOneof("type")
        if msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = (self.runs_started, msg)
        elif msg.hash in self.cache:
            self.cache[msg.hash] = (self.runs_started, self.cache[msg.hash][1])
        if kind == "new_session":
            self._new_run(msg)
        elif kind == "delta":
            self._delta(msg)
        elif kind == "script_finished":
            self._finished(msg.script_finished)
        elif kind == "session_status_changed":
            self.running = msg.session_status_changed.script_is_running
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.auto_reruns[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fragment_id, None)
        elif kind == "file_urls_response":
            self.file_urls[msg.file_urls_response.response_id] = list(
                msg.file_urls_response.file_urls
            )
        elif kind == "backend_operation_response":
            self.operations[msg.backend_operation_response.request_id] = msg
        return kind

    def _new_run(self, msg: ForwardMsg) -> None:
        init = msg.new_session.initialize
        if init.session_id:
            self.session_id = init.session_id
        self.fragment_run = bool(msg.metadata.run.fragment_ids)
        if not self.fragment_run:
            # A whole run restarts every timer the page had (the frontend's cleanupAutoReruns).
            self.auto_reruns.clear()
        self.runs_started += 1
        self.running = True
        if not self.fragment_run:
            self.whole_run = self.runs_started

    def _delta(self, msg: ForwardMsg) -> None:
        delta = msg.delta
        path = tuple(msg.metadata.delta_path)
        if delta.WhichOneof("type") != "new_element":
            self.last = None
            return
        element = delta.new_element
        self.elements[path] = (self.runs_started, element)
        self.last = element
        value = drawn_value(element)
        if value is not None and (value.id not in self.values or _set_from_python(element)):
            self.values[value.id] = value
        if element.WhichOneof("type") == "exception":
            self.exceptions.append(f"{element.exception.type}: {element.exception.message}")

    def _finished(self, status: int) -> None:
        self.running = False
        self.last_status = status
        if status == FINISHED_OK:
            # What this whole run did not draw is gone from the page.
            now = self.ok_run = self.runs_started
            self.elements = {p: e for p, e in self.elements.items() if e[0] == now}
            # ... and so are the values of its widgets (removeInactive).
            shown = {element_id(e) for _, e in self.elements.values()}
            self.values = {i: v for i, v in self.values.items() if i in shown}
        old = self.runs_started - CACHE_RUNS
        self.cache = {h: v for h, v in self.cache.items() if v[0] > old or h in self.announced}

    def idle_after(self, run: int) -> bool:
        """A whole run started after run number ``run`` has finished well, no whole run came
        after it, and no run (not even a fragment's) is going on."""
        return self.ok_run > run and self.ok_run == self.whole_run and not self.running

    def describe(self) -> str:
        """The run state in a few words, for error messages."""
        return (
            f"runs {self.runs_started}, whole {self.whole_run}, ok {self.ok_run}, "
            f"running {self.running}, last end {self.last_status}, timers {len(self.auto_reruns)}"
        )

    def run_of(self, element: Element) -> int | None:
        """The run that last drew ``element`` (None when it is not on the page)."""
        return next((run for run, e in self.elements.values() if e is element), None)

    def of_type(self, kind: str) -> list[Element]:
        """The page's elements of one type, in page order."""
        return [e for _, (_, e) in sorted(self.elements.items()) if e.WhichOneof("type") == kind]

    def widget(self, key: str) -> Element | None:
        """The element of the widget given ``key=key``."""
        return next(
            (e for _, (_, e) in sorted(self.elements.items()) if user_key(element_id(e)) == key),
            None,
        )

    def component(self, name: str = FOLIUM) -> Element | None:
        """The first component instance named ``name`` (the map)."""
        found = self.of_type("component_instance")
        return next((e for e in found if e.component_instance.component_name == name), None)

    def texts(self) -> list[str]:
        """The body of every plain text element."""
        return [e.text.body for e in self.of_type("text")]

    def alerts(self, fmt: int) -> list[str]:
        return [e.alert.body for e in self.of_type("alert") if e.alert.format == fmt]

    def widget_states(self) -> list[WidgetState]:
        """Every value the tab sends with a rerun."""
        return list(self.values.values())

    def set_value(self, state: WidgetState) -> None:
        """The reader changed a widget (or a component reported a value)."""
        self.values[state.id] = state

    def cached_hashes(self) -> list[str]:
        """The hashes a rerun request names (the server then sends only a reference)."""
        self.announced = set(self.cache)
        return sorted(self.announced)

    def wants_run_on_connect(self, had_session: bool) -> bool:
        """The frontend's rule on (re)connecting: ask for a run unless its page is current."""
        return not had_session or self.running or bool(self.auto_reruns)


def map_args(element: Element) -> dict:
    """The arguments st_folium gave its component (script, feature groups, links)."""
    return json.loads(element.component_instance.json_args)


def drawn_state(component: Element, value: object) -> WidgetState:
    """What a component's ``Streamlit.setComponentValue(value)`` sends."""
    text = json.dumps(value, separators=(",", ":"))
    return WidgetState(id=component.component_instance.id, json_value=text)


def multiselect_state(element: Element, chosen: list[str]) -> WidgetState:
    state = WidgetState(id=element.multiselect.id)
    state.string_array_value.data[:] = chosen
    return state


def uploader_state(element: Element, name: str, size: int, urls: FileURLs) -> WidgetState:
    """The uploader's value once its file is on the server."""
    state = WidgetState(id=element.file_uploader.id)
    info = state.file_uploader_state_value.uploaded_file_info.add()
    info.name, info.size, info.file_id = name, size, urls.file_id
    info.file_urls.CopyFrom(urls)
    return state


def rerun(page: Page, *, url: str, fragment_id: str = "") -> bytes:
    """The ``rerun_script`` BackMsg a browser sends: its query string, every widget's value,
    the hashes of the messages it has cached; with ``fragment_id``, a fragment's timer tick."""
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = page.query_string
    if fragment_id:
        state.fragment_id, state.is_auto_rerun = fragment_id, True
    state.widget_states.widgets.extend(page.widget_states())
    state.cached_message_hashes.extend(page.cached_hashes())
    info = state.context_info
    info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
    info.url, info.is_embedded, info.color_scheme = url, False, "light"
    return msg.SerializeToString()


def file_urls_request(page: Page, request_id: str, names: list[str]) -> bytes:
    msg = BackMsg()
    msg.file_urls_request.request_id = request_id
    msg.file_urls_request.session_id = page.session_id
    msg.file_urls_request.file_names.extend(names)
    return msg.SerializeToString()


def deferred_file_request(page: Page, request_id: str, file_id: str) -> bytes:
    """Ask the server to make a deferred download's file (a click on its button)."""
    msg = BackMsg()
    msg.backend_operation_request.request_id = request_id
    msg.backend_operation_request.session_id = page.session_id
    msg.backend_operation_request.deferred_file.file_id = file_id
    return msg.SerializeToString()
