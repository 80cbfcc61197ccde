"""Broken data leaves the map standing; changed data is reloaded and said so (AppTest)."""

from __future__ import annotations

import json
import os

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import APP, drawn, open_page
from tests.tiny_layers import layer_objects, write_layers

ALL_FACILITIES = ["arm-102-base", "kgz-kant", "kgz-koy-sary", "rus-hostile", "uzb-radar"]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A copy of the fixture layers the test may break or change."""
    write_layers(tmp_path)
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(tmp_path))
    return tmp_path


def _write(folder, name: str, obj: dict) -> None:
    path = folder / f"{name}.geojson"
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")


def _open() -> AppTest:
    return open_page(AppTest.from_file(APP, default_timeout=60))


def _warnings(at: AppTest) -> str:
    # Without Markdown's escapes: names from the files are shown literally.
    return " ".join(w.value for w in at.warning).replace("\\", "")


def test_a_broken_feature_is_left_out_and_named_the_rest_drawn(folder):
    obj = layer_objects()["facilities"]
    del obj["features"][1]["properties"]["status"]  # kgz-kant
    _write(folder, "facilities", obj)
    at = _open()
    assert not at.exception
    shown = drawn(at)
    assert shown["facilities"] == [f for f in ALL_FACILITIES if f != "kgz-kant"]
    assert len(shown["countries"]) == 5 and len(shown["conflicts"]) == 4
    text = _warnings(at)
    # file, feature and field, as the validator names them
    assert "facilities.geojson: feature 'kgz-kant': field 'status': is missing" in text
    assert "1 feature with problems" in text
    # The sidebar and the table are still there.
    assert at.sidebar.slider and len(at.dataframe) == 3


def test_a_broken_file_leaves_the_other_layers(folder):
    (folder / "conflicts.geojson").write_text('{"type": "Feature"', encoding="utf-8")
    at = _open()
    assert not at.exception
    shown = drawn(at)
    assert "conflicts" not in shown
    assert shown["facilities"] == ALL_FACILITIES and len(shown["countries"]) == 5
    assert "conflicts.geojson" in _warnings(at) and "malformed JSON" in _warnings(at)


def test_a_missing_file_names_the_folder_it_looked_in(folder):
    (folder / "countries.geojson").unlink()
    at = _open()
    assert not at.exception
    assert "countries.geojson" in _warnings(at)
    assert "looked in" in _warnings(at) and folder.name in _warnings(at)
    assert drawn(at)["facilities"] == ALL_FACILITIES


def test_changed_data_files_are_reloaded_with_a_notice(folder):
    at = _open()
    assert drawn(at)["facilities"] == ALL_FACILITIES
    assert not at.info
    obj = layer_objects()["facilities"]
    obj["features"] = [f for f in obj["features"] if f["properties"]["id"] != "uzb-radar"]
    _write(folder, "facilities", obj)
    path = folder / "facilities.geojson"
    # Whatever the file system's clock resolution, the file is seen as changed.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    at.run()
    assert not at.exception
    assert "uzb-radar" not in drawn(at)["facilities"]
    assert "Data files changed on disk: reloaded." in [i.value for i in at.info]
    at.run()  # said once, not on every run after
    assert "Data files changed on disk: reloaded." not in [i.value for i in at.info]


def test_a_failed_search_clears_the_selection_and_says_so(folder):
    at = _open()
    at.text_input(key="q").input("Kant").run()
    assert at.session_state["sel"] == ("facilities", "kgz-kant")
    at.text_input(key="q").input("Nowhere at all").run()
    assert not at.exception
    assert "sel" not in at.session_state
    said = " ".join(w.value for w in at.sidebar.warning)
    assert "Nowhere at all" in said and "Nothing is selected" in said
