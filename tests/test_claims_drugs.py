"""The claim check on drug seizures and remittances, against values worked out by hand."""

import pytest

from geodata.stories.checks import run_check
from geodata.stories.checks.drugs import longest_run
from tests.story_data import layers

# The checks this module tests by hand (tests/test_claims.py makes sure every check is).
TESTED = ("drugs_migration_coverage",)


def figure(rid, country, measure, year, counted="all drugs, all agencies", period="year"):
    return {
        "id": rid,
        "country": country,
        "measure": measure,
        "year": year,
        "period": period,
        "counted": counted,
    }


ROWS = [
    # AAA: all-agency seizures 2019, 2020, 2021 and 2023 (a run of three), the ministry's 2022.
    figure("a19", "AAA", "drug seizures", 2019),
    figure("a20", "AAA", "drug seizures", 2020),
    figure("a21", "AAA", "drug seizures", 2021),
    figure("a22m", "AAA", "drug seizures", 2022, counted="ministry only"),
    figure("a23", "AAA", "drug seizures", 2023),
    figure("a24h", "AAA", "drug seizures", 2024, period="first half"),
    figure("ar18", "AAA", "remittances", 2018, counted="World Bank"),
    figure("ar20", "AAA", "remittances", 2020, counted="World Bank"),
    # BBB: two consecutive years, but on two counts: no run longer than one.
    figure("b15", "BBB", "drug seizures", 2015, counted="agency X"),
    figure("b16", "BBB", "drug seizures", 2016, counted="agency Y"),
    figure("br16", "BBB", "remittances", 2016, counted="World Bank"),
]


def run(rows, **params):
    return run_check("drugs_migration_coverage", params, layers() | {"drugs_migration": rows})


def test_years_per_member_and_the_run_on_one_count():
    result = run(ROWS)
    aaa, bbb = result.value["AAA"], result.value["BBB"]
    assert aaa["seizure_years"] == {
        "all drugs, all agencies": [2019, 2020, 2021, 2023],
        "ministry only": [2022],
    }
    assert aaa["part_year_seizures"] == ["2024 first half"]
    assert aaa["remittance_years"] == [2018, 2020]
    assert aaa["longest_seizure_run"] == {
        "counted": "all drugs, all agencies",
        "first": 2019,
        "years": 3,
    }
    assert bbb["longest_seizure_run"]["years"] == 1
    assert result.details["AAA remittances"] == ("ar18", "ar20")
    assert len(result.rows) == len(ROWS)


def test_the_summary_says_what_the_data_can_and_cannot_decide():
    result = run(ROWS)
    assert "Arcadia 2019–2021, 2023 (all drugs, all agencies); 2022 (ministry only)" in (
        result.summary
    )
    assert "part-year 2024 first half" in result.summary
    assert "Remittances, % of GDP: Arcadia 2018, 2020 | Borduria 2016" in result.summary
    assert "on one count: Arcadia (3 years from 2019, all drugs, all agencies)" in result.summary
    assert "no series of illegal migration" in result.summary
    ru = result.as_dict()["ru"]["summary"]
    assert "Денежные переводы, % ВВП" in ru and "нелегальной миграции" in ru


def test_without_a_run_of_three_the_summary_says_none_has_one():
    result = run(ROWS, countries=["BBB"])
    assert list(result.value) == ["BBB"]
    assert "no member has 3 consecutive whole years on one count" in result.summary
    assert "Ни один ряд изъятий" in result.as_dict()["ru"]["summary"]


def test_a_missing_table_is_said_not_failed():
    result = run_check("drugs_migration_coverage", {}, layers() | {"drugs_migration": None})
    assert result.missing == ("drugs_migration",)
    assert "drugs_migration" in result.as_dict()["ru"]["summary"]


@pytest.mark.parametrize(
    ("years", "run_"),
    [([], (0, 0)), ([2020], (2020, 1)), ([2023, 2020, 2021, 2019], (2019, 3)), ([1, 3, 5], (1, 1))],
)
def test_longest_run(years, run_):
    assert longest_run(years) == run_
