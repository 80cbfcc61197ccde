"""The table of published drug seizures and remittances: its rows, build and check."""

import json
from datetime import date

import pytest

from geodata.datasets import drugs_migration
from geodata.datasets.dataset import Build, BuildError
from geodata.datasets.drugs_migration import TABLE_FILENAME, validate_figures
from geodata.paths import GEODATA_DIR
from geodata.schema.values import LayerError

yaml = pytest.importorskip("yaml")
SRC = "https://example.org/figure"
OTHER = "https://example.org/other"
TODAY = date(2026, 12, 7)


def passage(source=SRC):
    return {"source": source, "at": "para. 3", "says": "A report gives the figure."}


def seizure(**fields):
    base = {
        "id": "tjk-seizures-2021",
        "country": "TJK",
        "measure": "drug seizures",
        "year": 2021,
        "period": "year",
        "value": 4.083,
        "unit": "tonnes",
        "counted": "all drugs, all agencies",
        "stated": "4 t 83 kg",
        "notes": "",
        "sources": [SRC],
        "evidence": {"value": [passage()]},
    }
    return base | fields


def remittance(**fields):
    base = seizure(
        id="kgz-remittances-2018",
        country="KGZ",
        measure="remittances",
        year=2018,
        value=35.1,
        unit="% of GDP",
        counted="World Bank estimate",
        stated="35.1 percent",
    )
    return base | fields


def messages(rows):
    return [(p.feature_id, p.field, p.message) for p in validate_figures(rows, today=TODAY)]


def test_good_rows_of_both_measures_pass():
    assert messages([seizure(), remittance(), seizure(id="tjk-h1", period="first half")]) == []


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        (seizure(measure="heroin"), "measure", "must be one of"),
        (seizure(unit="% of GDP"), "unit", "drug seizures are given in tonnes"),
        (remittance(unit="tonnes"), "unit", "remittances are given in % of GDP"),
        (remittance(value=120), "value", "percentage"),
        (remittance(period="first half"), "period", "whole years only"),
        (seizure(period="spring"), "period", "must be one of"),
        (seizure(value=-1), "value", "at least 0"),
        (seizure(value="4 t"), "value", "number"),
        (seizure(year="2021"), "year", "integer"),
        (seizure(year=2031), "year", "future"),
        (seizure(country="Tajikistan"), "country", "ISO 3166-1"),
        (seizure(evidence={}), "value", "has no evidence"),
        (seizure(evidence={"value": [passage(OTHER)]}), "evidence.value", "not among"),
        (seizure(colour="red"), "colour", "unknown key"),
    ],
)
def test_bad_rows_are_named(row, field, words):
    found = messages([row])
    assert any(f == field and words in m for _, f, m in found), found
    assert all(fid == row["id"] for fid, _, _ in found)


def test_one_count_per_member_year_and_period_but_agencies_may_differ():
    ministry = seizure(id="tjk-mvd-2021", value=2.03, counted="all drugs, Interior Ministry")
    assert messages([seizure(), ministry]) == []
    again = seizure(id="tjk-seizures-2021-again", value=4.1)
    assert messages([seizure(), again]) == [
        (
            "tjk-seizures-2021-again",
            "id",
            "gives the same member, measure, year, period and count as tjk-seizures-2021",
        )
    ]
    assert "must be a list of figures" in messages({"id": "x"})[0][2]


def _write(tmp_path, rows):
    text = yaml.safe_dump(rows, allow_unicode=True)
    (tmp_path / "drugs_migration.yaml").write_text(text, encoding="utf-8")
    return Build(sources=tmp_path, out=tmp_path)


def test_build_sorts_by_id_one_figure_a_line(tmp_path):
    text = drugs_migration.build(_write(tmp_path, [seizure(), remittance()]))[TABLE_FILENAME]
    rows = json.loads(text)
    assert [r["id"] for r in rows] == ["kgz-remittances-2018", "tjk-seizures-2021"]
    assert text.count("\n") == 4


def test_build_fails_naming_file_record_and_field(tmp_path):
    with pytest.raises(BuildError) as err:
        drugs_migration.build(_write(tmp_path, [seizure(unit="kg")]))
    assert f"{tmp_path.name}/drugs_migration.yaml: feature 'tjk-seizures-2021': field 'unit'" in (
        str(err.value)
    )


def test_check_refuses_a_broken_file(tmp_path):
    path = tmp_path / TABLE_FILENAME
    path.write_text(json.dumps([remittance(value=250)]), encoding="utf-8")
    with pytest.raises(LayerError, match="percentage"):
        drugs_migration.check(path)


def test_the_committed_file_is_a_fresh_build():
    run = Build(sources=GEODATA_DIR / "sources", out=GEODATA_DIR)
    path = GEODATA_DIR / TABLE_FILENAME
    assert drugs_migration.build(run)[TABLE_FILENAME] == path.read_text(encoding="utf-8")
    assert "valid" in drugs_migration.check(path)


def test_the_committed_table_holds_the_figures_the_chapter_quotes():
    rows = {r["id"]: r for r in json.loads((GEODATA_DIR / TABLE_FILENAME).read_text("utf-8"))}
    assert rows["tjk-seizures-2021"]["stated"] == "4 t 83 kg 274 g"
    assert rows["tjk-remittances-2024"]["value"] == 45
    assert rows["kgz-remittances-2024"]["value"] == 24
    # A half-year figure stays a half-year figure.
    assert rows["tjk-seizures-2024-h1"]["period"] == "first half"
