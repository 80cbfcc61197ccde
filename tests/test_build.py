import json

import pytest

from geodata.build import build_all, main
from geodata.catalog import map_layers
from geodata.datasets.countries import TOLERANCE
from geodata.datasets.dataset import BuildError
from geodata.geometry.geodesy import distance_m
from geodata.outfiles import differing_layers
from geodata.paths import GEODATA_DIR
from geodata.schema.validator import load_layer, validate_layer

yaml = pytest.importorskip("yaml")
LAYER_FILES = ("countries.geojson", "facilities.geojson", "conflicts.geojson")
SRC = "https://en.wikipedia.org/wiki/Collective_Security_Treaty_Organization"

PASSAGE = {"source": SRC, "at": "section History", "says": "The dates are given there."}
MEMBERSHIP = {
    "dataset_date": "2026-11-01",
    "states": [
        {
            "iso3": "GEO",
            "role": "former party",
            "periods": [{"start": "1993-12-09", "end": "1999-04-20"}],
            "frozen": [],
            "events": [],
            "evidence": {"membership": [PASSAGE]},
            "notes": "",
            "sources": [SRC],
        },
        {
            "iso3": "ARM",
            "role": "founding signatory",
            "periods": [{"start": "1992-05-15", "end": None}],
            "frozen": [{"start": "2024-02-22", "end": None}],
            "events": [],
            "evidence": {"membership": [PASSAGE], "frozen": [PASSAGE]},
            "notes": "Frozen,\n  not left.",
            "sources": [SRC],
        },
        {
            "iso3": "AZE",
            "role": "former party",
            "periods": [{"start": "1993-09-24", "end": "1999-04-20"}],
            "frozen": [],
            "events": [],
            "evidence": {"membership": [PASSAGE]},
            "notes": "",
            "sources": [SRC],
        },
    ],
}
FACILITY = {
    "id": "arm-102-military-base-gyumri",
    "name": "102nd Military Base",
    "name_ru": "102-я военная база",
    "alt_names": ["Gyumri", "Гюмри"],
    "country": "ARM",
    "facility_type": "army base",
    "operator": "Russian Ground Forces",
    "status": "active",
    "opened": "1995-03-16",
    "closed": None,
    "lat": 40.789444444,
    "lon": 43.8475,
    "precision_m": 3000,
    "location_basis": "Town centre.",
    "confidence": "high",
    "description": "A base.",
    "sources": [SRC],
    "legal_bases": [
        {
            "kind": "treaty",
            "date": "1995",
            "title": "Basing treaty, signed",
            "evidence": [{"source": SRC, "at": "p. 2", "says": "The treaty was signed in 1995."}],
        }
    ],
    "evidence": {
        fact: [{"source": SRC, "at": "p. 1", "says": "The source states this fact."}]
        for fact in ("opened", "status", "location")
    },
}


TREATY = {
    "date": "1994-04-20",
    "kind": "treaty",
    "text": "In force.",
    "source": SRC,
    "evidence": {"date": [PASSAGE]},
}


def conflict(cid, geometry):
    return {
        "id": cid,
        "name": cid,
        "name_ru": cid,
        "kind": "border clash",
        "countries": ["ARM", "AZE"],
        "start": "2022-09-13",
        "end": "2022-09-14",
        "csto_response_kind": "observer mission offered",
        "csto_response": "An offer.",
        "description": "Clashes.",
        "sources": [SRC],
        "evidence": {
            fact: [{"source": SRC, "at": "p. 1", "says": f"The {fact} is so."}]
            for fact in ("start", "end", "csto_response_kind")
        },
        "geometry": geometry,
    }


CONFLICTS = [
    conflict(
        "border",
        {
            "method": "border_buffer",
            "between": ["ARM", "AZE"],
            "km": 10,
            "clip_to": ["ARM"],
            "basis": "the border.",
        },
    ),
    conflict(
        "towns",
        {
            "method": "towns_buffer",
            "km": 15,
            "clip_to": ["ARM"],
            "basis": "towns.",
            "towns": [{"name": "Jermuk", "lat": 39.84, "lon": 45.67, "source": SRC}],
        },
    ),
]


def write_sources(root, membership=MEMBERSHIP, facilities=(FACILITY,), conflicts=CONFLICTS):
    (root / "facilities").mkdir(parents=True)
    (root / "membership.yaml").write_text(yaml.safe_dump(membership, allow_unicode=True))
    (root / "facilities" / "ARM.yaml").write_text(
        yaml.safe_dump(list(facilities), allow_unicode=True)
    )
    (root / "conflicts.yaml").write_text(yaml.safe_dump(list(conflicts), allow_unicode=True))
    return root


@pytest.fixture
def sources(tmp_path):
    return write_sources(tmp_path / "sources")


def test_small_build_writes_three_valid_layers(sources, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--sources", str(sources), "--out", str(out)]) == 0
    assert "countries.geojson: 3 features" in capsys.readouterr().out
    countries = load_layer(out / "countries.geojson").set_index("iso3")
    assert list(countries.index) == ["ARM", "AZE", "GEO"]
    assert countries.loc["ARM", "csto_status"] == "frozen"
    assert countries.loc["ARM", "frozen"] == "2024-02-22/.."
    assert countries.loc["ARM", "name_ru"] == "Армения"
    assert countries.loc["ARM", "notes"] == "Frozen, not left."
    assert countries.loc["GEO", "csto_status"] == "former"
    assert countries.loc["AZE", "membership"] == "1993-09-24/1999-04-20"
    facilities = load_layer(out / "facilities.geojson")
    assert facilities.loc[0, "alt_names"] == ["Gyumri", "Гюмри"]
    assert [b["date"] for b in facilities.loc[0, "legal_bases"]] == ["1995"]
    assert facilities.geometry[0].y == 40.78944  # points keep 5 decimals
    # Turkey is not in this layer, so Gyumri's nearest land border is Georgia's.
    assert facilities.loc[0, "nearest_border"] == "ARM–GEO"
    assert 10 < facilities.loc[0, "border_km"] < 60
    assert facilities.loc[0, "border_km"] == round(facilities.loc[0, "border_km"], 2)
    conflicts = load_layer(out / "conflicts.geojson").set_index("id")
    assert conflicts.loc["border", "geometry_method"] == (
        "buffer of 10 km around the Armenia–Azerbaijan border, clipped to Armenia. The border."
    )
    arm = countries.geometry["ARM"]
    assert conflicts.geometry["border"].difference(arm.buffer(1e-4)).area < 1e-8


def test_build_is_byte_for_byte_deterministic(sources, tmp_path):
    for name in ("a", "b"):
        assert main(["--sources", str(sources), "--out", str(tmp_path / name)]) == 0
    for name in LAYER_FILES:
        first = (tmp_path / "a" / name).read_bytes()
        assert first == (tmp_path / "b" / name).read_bytes()
        assert first.endswith(b"}\n")
        ids = [f["properties"]["id"] for f in json.loads(first)["features"]]
        assert ids == sorted(ids)


def test_check_names_the_layers_that_differ(sources, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--sources", str(sources), "--out", str(out)]) == 0
    assert main(["--check", "--sources", str(sources), "--out", str(out)]) == 0
    (out / "facilities.geojson").write_text("{}\n")
    capsys.readouterr()
    assert main(["--check", "--sources", str(sources), "--out", str(out)]) == 1
    assert "facilities.geojson" in capsys.readouterr().out
    assert "countries.geojson" not in capsys.readouterr().out


def test_check_notices_stale_events(sources, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--sources", str(sources), "--out", str(out)]) == 0
    assert json.loads((out / "events.json").read_text(encoding="utf-8"))["events"] == []
    membership = {**MEMBERSHIP, "organisation_events": [TREATY]}
    (sources / "membership.yaml").write_text(yaml.safe_dump(membership, allow_unicode=True))
    capsys.readouterr()
    assert main(["--check", "--sources", str(sources), "--out", str(out)]) == 1
    assert capsys.readouterr().out.strip() == (
        "out of date (run python -m geodata.build): events.json"
    )
    assert main(["--sources", str(sources), "--out", str(out)]) == 0
    assert "written: events.json" in capsys.readouterr().out
    events = json.loads((out / "events.json").read_text(encoding="utf-8"))["events"]
    assert events == [{**TREATY, "country": None}]
    assert main(["--check", "--sources", str(sources), "--out", str(out)]) == 0


def bad_facility(**changes):
    return [{k: v for k, v in (FACILITY | changes).items() if v != "DROP"}]


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (
            {"facilities": bad_facility(lat="40.78")},
            "facilities/ARM.yaml: feature 'arm-102-military-base-gyumri': field 'lat/lon'",
        ),
        ({"facilities": bad_facility(precison_m=5)}, "field 'precison_m': unknown key"),
        ({"facilities": bad_facility(status="DROP")}, "field 'status': is missing"),
        ({"facilities": bad_facility(border_km=1.0)}, "field 'border_km': unknown key"),
        ({"facilities": bad_facility(facility_type="fort")}, "field 'facility_type': must be one"),
        (
            {"conflicts": [conflict("x", {"method": "country", "iso3": ["RUS"], "basis": "b"})]},
            "conflicts.yaml: feature 'x': field 'geometry': 'iso3' names ['RUS']",
        ),
        (
            {
                "membership": MEMBERSHIP
                | {
                    "states": [
                        MEMBERSHIP["states"][0]
                        | {"periods": [{"start": "1999-04-20", "end": "1993-12-09"}]}
                    ]
                }
            },
            "membership.yaml: feature 'GEO': field 'periods'",
        ),
        ({"membership": MEMBERSHIP | {"states": [{"iso3": "XXX"}]}}, "no admin-0 unit for XXX"),
    ],
)
def test_bad_sources_fail_the_build_with_a_clear_message(tmp_path, capsys, kwargs, words):
    root = write_sources(tmp_path / "sources", **kwargs)
    assert main(["--sources", str(root), "--out", str(tmp_path / "out")]) == 1
    assert words in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_malformed_yaml_names_file_and_line(sources, tmp_path):
    (sources / "conflicts.yaml").write_text("- id: x\n  name: [unclosed\n")
    with pytest.raises(BuildError, match=r"conflicts.yaml: malformed YAML at line \d+"):
        build_all(sources, sources.parent / "out")


# The real build, once per module: the committed layers must be exactly what it produces.
@pytest.fixture(scope="module")
def real_build():
    texts, warnings = build_all()
    return texts, warnings


def test_committed_layers_are_up_to_date(real_build):
    texts, _ = real_build
    assert differing_layers(texts, GEODATA_DIR) == [], "run python -m geodata.build"


def test_built_layers_validate(real_build):
    texts, _ = real_build
    for layer in map_layers():
        assert validate_layer(json.loads(texts[layer.files[0]]), layer.name) == []


def test_build_warns_about_no_facility(real_build):
    assert real_build[1] == []


def _committed_facilities():
    obj = json.loads((GEODATA_DIR / "facilities.geojson").read_text(encoding="utf-8"))
    return [f for f in obj["features"]]


@pytest.fixture(scope="module")
def borders():
    return load_layer(GEODATA_DIR / "countries.geojson").set_index("iso3").geometry


@pytest.mark.parametrize("facility", _committed_facilities(), ids=lambda f: f["properties"]["id"])
def test_facility_lies_in_its_host_country(borders, facility):
    props = facility["properties"]
    lon, lat = facility["geometry"]["coordinates"]
    assert distance_m(lon, lat, borders[props["country"]]) <= props["precision_m"]


def test_stats_report_the_border_error(sources, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--sources", str(sources), "--out", str(out), "--stats"]) == 0
    report = capsys.readouterr().out
    assert f"tolerance {TOLERANCE} degrees" in report
    assert "largest land-border displacement:" in report
    assert "border ARM–AZE:" in report
