"""bench/cluster_report.py and the checks of bench/cluster_tabs.py: what a load run's records
add up to, and how a protocol-level tab tells that its map shows the link's state."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import cluster_report, cluster_tabs
from bench import st_protocol as proto
from bench.cluster_report import Session


def _record(sessions: list[Session], *, killed: str | None = "replica-1") -> dict:
    memory = {
        "warm": {"replica-1": 250.0, "replica-2": 250.0},
        "held": {"replica-1": 262.0, "replica-2": 256.0},
        "after": {"replica-1": 60.0, "replica-2": 270.0},
        "warm_cpu_s": {"replica-1": 4.0, "replica-2": 4.0},
        "held_cpu_s": {"replica-1": 8.0, "replica-2": 6.0},
        "rejoined_after_s": 12.5,
    }
    return {
        "replicas": 2,
        "killed": killed,
        "wall_s": 100.0,
        "memory_mb": memory,
        "client_cpu_s": {"tabs": 3.0, "browsers": 20.0},
        "balancer_5xx": 0,
        "sessions": [asdict(s) for s in sessions],
    }


def _session(number: int, replica: str, *, kind: str = "protocol", recovered: float | None = 3.0):
    s = Session(number=number, kind=kind, replica=replica, choice="Armenia")
    s.load_s, s.page_s, s.filter_s = 1.0 + number, 2.0 + number, 0.5
    s.download_ok = s.upload_ok = True
    s.on_killed = replica == "replica-1"
    s.phase = "after"
    if s.on_killed:
        s.recovery_map_s, s.recovery_s = recovered, recovered and recovered + 4
        s.link_kept = True
    s.after_download_ok = True
    s.after_load_s, s.after_filter_s = 0.5, 0.4
    return s


def test_a_clean_run_meets_the_targets() -> None:
    sessions = [_session(0, "replica-1"), _session(1, "replica-1"), _session(2, "replica-2")]
    sessions.append(_session(3, "replica-2", kind="browser"))
    summary = cluster_report.summarise(_record(sessions))
    assert summary["clean"]
    kill = summary["kill"]
    assert (kill["sessions_on_it"], kill["recovered"], kill["map_within_target"]) == (2, 2, 2)
    assert kill["survivor_sessions"] == 2 and kill["survivor_errors"] == 0
    assert kill["rejoined_after_s"] == 12.5
    # (262 - 250) / 2 sessions and (256 - 250) / 2; 18 MiB over 4 sessions in all.
    assert summary["per_session_mb"] == {"replica-1": 6.0, "replica-2": 3.0}
    assert summary["per_session_all_mb"] == 4.5
    assert summary["server_cpu_s_per_session"] == 1.5
    assert summary["before"]["protocol"]["load_s"]["p50"] == 2.0
    assert summary["before"]["browser"]["load_s"]["n"] == 1


def test_a_late_recovery_an_error_on_the_survivor_or_a_failed_upload_is_not_clean() -> None:
    late = [_session(0, "replica-1", recovered=11.0), _session(1, "replica-2")]
    assert not cluster_report.summarise(_record(late))["clean"]

    noisy = [_session(0, "replica-1"), _session(1, "replica-2")]
    noisy[1].drops_after_kill = 1
    summary = cluster_report.summarise(_record(noisy))
    assert summary["kill"]["survivor_errors"] == 1 and not summary["clean"]

    refused = [_session(0, "replica-1"), _session(1, "replica-2")]
    refused[0].upload_ok = False
    assert not cluster_report.summarise(_record(refused))["clean"]


def test_errors_are_filed_under_their_phase() -> None:
    s = Session(number=0)
    s.note("early")
    s.phase = "after"
    s.note("late")
    assert s.errors == {"before": ["early"], "after": ["late"]}


def test_the_table_has_a_column_per_run_and_says_what_the_kill_did() -> None:
    two = cluster_report.summarise(_record([_session(0, "replica-1"), _session(1, "replica-2")]))
    one = cluster_report.summarise(_record([_session(0, "replica-1")], killed=None))
    one["replicas"] = 1
    text = cluster_report.table([two, one])
    header = text.splitlines()[0]
    assert header == "| figure | 1 replica | 2 replicas | 2 replicas, after the kill |"
    assert "| GeoJSON downloads ok | 1/1 | 2/2 | 2/2 |" in text
    assert "Killed replica-1 (SIGKILL) holding 1 of 2 sessions" in text


@pytest.mark.parametrize(
    ("query", "countries"),
    [("countries=KGZ&past=0", {"KGZ"}), ("countries=KGZ,ARM", {"KGZ", "ARM"}), ("", set())],
)
def test_the_links_countries(query: str, countries: set[str]) -> None:
    assert cluster_tabs.link_countries(query) == countries


def test_the_maps_countries_are_those_its_layer_state_draws() -> None:
    page = proto.Page()
    assert cluster_tabs.drawn_countries(page) is None
    element = Element()
    element.component_instance.id = "$$ID-1-map"
    element.component_instance.component_name = proto.FOLIUM
    state = {"countries": ["KGZ"], "conflicts": ["batken-incursions-1999"], "looks": {}}
    outline = 'window.cstoOutline(g, [["countries","RUS","t","p"]], {});\n'
    groups = f"var g = L.featureGroup();\nwindow.cstoApply({json.dumps(state)});\n{outline}"
    element.component_instance.json_args = json.dumps({"feature_group": groups})
    msg = ForwardMsg()
    msg.metadata.delta_path[:] = (0, 4)
    msg.delta.new_element.CopyFrom(element)
    page.feed(msg)
    assert cluster_tabs.drawn_countries(page) == {"KGZ"}
