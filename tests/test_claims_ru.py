"""The checks' summaries in Russian, against sentences written by hand from the fixtures.

The fixtures are tests/story_data.py (states Аркадия, Бордурия, Карпания, Россия, Дорния; sites
named "Объект <id>" and conflicts "Конфликт <id>" in Russian) and tests/story_claims.py (arms,
shares and votes).
"""

import copy
import json

import pytest

from geodata.paths import GEODATA_DIR
from geodata.stories.checks import CHECKS, run_check
from geodata.stories.checks.arms import _system_ru
from geodata.stories.checks.kit import ru_count, ru_date
from tests.story_claims import tables
from tests.story_data import layers
from tests.test_claims_drugs import ROWS as DRUG_ROWS

DATA = layers() | tables() | {"drugs_migration": DRUG_ROWS}
S = "\u202f"  # the narrow space CLDR puts before "г."

CASES = [
    # (check, params, the summary in Russian)
    (
        "members_on",
        {"date": "2026-11-01"},
        f"3 государства-члена на 1 ноября 2026{S}г.: Аркадия, Россия; участие заморожено: Бордурия",
    ),
    ("members_on", {"date": "1992-05-14"}, f"0 государств-членов на 14 мая 1992{S}г.: нет"),
    (
        "membership_change",
        {"start": "1995-01-01", "end": "2026-11-01"},
        f"4 государства-члена на 1 января 1995{S}г., 3 — на 1 ноября 2026{S}г. "
        "(вышли: Карпания; участие заморожено: Бордурия)",
    ),
    (
        "membership_change",
        {"start": "2000", "end": "2001"},
        f"3 государства-члена на 2000{S}г., 3 — на 2001{S}г. (без изменений)",
    ),
    (
        "deployments_since",
        {"date": "1992"},
        f"2 коллективных развёртывания с 1992{S}г.: Аркадия, сентябрь 1993{S}г.; "
        f"Аркадия, январь 2022{S}г.",
    ),
    (
        "deployments_since",
        {"date": "2000"},
        f"1 коллективное развёртывание с 2000{S}г.: Аркадия, январь 2022{S}г.",
    ),
    (
        "deployments_since",
        {"date": "1992", "until": "2000"},
        f"1 коллективное развёртывание с 1992{S}г. по 2000{S}г.: Аркадия, сентябрь 1993{S}г.",
    ),
    ("deployments_since", {"date": "2023"}, f"0 коллективных развёртываний с 2023{S}г."),
    (
        "response_kinds",
        {},
        "8 конфликтов: без ответа — 3, заявление — 2, развёртывание сил — 3",
    ),
    ("response_kinds", {"conflicts": ["c-clash"]}, "1 конфликт: заявление — 1"),
    (
        "conflicts_between_members",
        {},
        "3 конфликта между государствами-членами: Аркадия–Карпания — 1994; "
        "Аркадия–Бордурия — 2021, 2022",
    ),
    (
        "conflicts_on",
        {"date": "2021-04-30"},
        f"30 апреля 2021{S}г. шли 2 из 9 конфликтов: Конфликт c-natmission; Конфликт c-clash",
    ),
    (
        "conflicts_on",
        {"date": "2023-09-20", "conflicts": ["c-war"]},
        f"20 сентября 2023{S}г. шёл 1 из 1 конфликта: Конфликт c-war",
    ),
    (
        "durations",
        {"conflicts": ["c-mission", "c-outside", "c-clash2"]},
        f"Конфликт c-mission: 6 января 2022{S}г. — 19 января 2022{S}г., 13 дней; "
        f"Конфликт c-outside: 2023{S}г. — по сей день, продолжается; "
        f"Конфликт c-clash2: сентябрь 2022{S}г. — сентябрь 2022{S}г., "
        "длительность в днях неизвестна",
    ),
    (
        "facilities_per_member",
        {"date": "2026-11-01"},
        f"3 российских объекта, действующих на 1 ноября 2026{S}г. (Аркадия — 2, Бордурия — 1): "
        "Объект f-new; Объект f-old; Объект f-undated; кроме того: статус оспаривается — 1, "
        "закрыты или переданы — 2, закрыты, дата неизвестна — 1",
    ),
    (
        "facilities_per_member",
        {"date": "2010-01-01", "facilities": ["f-old"]},
        f"1 российский объект, действующий на 1 января 2010{S}г. (Аркадия — 1): Объект f-old",
    ),
    (
        "facilities_opened_before",
        {"date": "2002-10-07"},
        f"Из 8 объектов слоя: документы, датированные ранее 7 октября 2002{S}г., — у 4, "
        "более поздние — у 1, без даты — у 3, дата не определена — у 0; "
        "российские войска находились на месте до этой даты — на 3",
    ),
    (
        "facilities_opened_before",
        {"date": "2002-10", "countries": ["AAA"]},
        f"Из 4 объектов (Аркадия): документы, датированные ранее октября 2002{S}г., — у 2, "
        "более поздние — у 1, без даты — у 1, дата не определена — у 0; "
        "российские войска находились на месте до этой даты — на 2",
    ),
    (
        "facilities_ended_between",
        {"start": "2015", "end": "2020"},
        f"2 объекта закрыты или переданы с 2015{S}г. по 2020{S}г.: "
        f"Объект f-closed (15 декабря 2015{S}г.); Объект f-yearclosed (2020{S}г.); "
        "ещё у 1 объекта дата закрытия не опубликована",
    ),
    (
        "appeals_by_outcome",
        {},
        "4 обращения: удовлетворено — 1, удовлетворено частично — 1, отклонено — 1, без ответа — 1",
    ),
    (
        "appeals_by_outcome",
        {"to": "russia"},
        "2 обращения: удовлетворено частично — 1, отклонено — 1",
    ),
    (
        "appeals_of_country",
        {"country": "BBB"},
        f"Бордурия: 2 обращения — май 2021{S}г. к России (отклонено); "
        f"13 сентября 2022{S}г. к ОДКБ и России (удовлетворено частично)",
    ),
    (
        "days_to_answer",
        {},
        f"2 обращения с датированным ответом (Аркадия, 5 января 2022{S}г.: 1 день; "
        f"Бордурия, 13 сентября 2022{S}г.: 2 дня); "
        "ещё 2 — без ответа или без дня, от которого считать",
    ),
    (
        "member_deliveries_to",
        {"recipient": "DDD", "before": "2020-09-27"},
        f"Дорния: 2 сделки, по которым государства, входившие в ОДКБ на 27 сентября 2020{S}г., "
        f"поставили этой стране оружие до 2020{S}г.: Россия — танки Tanks (2013, 2014); "
        "Бордурия — реактивная артиллерия Launchers (2019); "
        "заказано, год поставки не опубликован: Россия — вертолёты Helicopters; "
        f"поставлено в 2020{S}г., нельзя отнести к периоду до этой даты: Бордурия — РЛС Radars",
    ),
    (
        "import_shares",
        {"recipient": "DDD", "supplier": "RUS"},
        "Опубликованная доля поставщика (Россия) в импорте вооружений получателя (Дорния): "
        f"без числа (в источнике: «almost all») в 2005–2009{S}гг., 80% в 2010–2014{S}гг., "
        f"30,5% в 2015–2019{S}гг. (снизилась на 49,5 пункта от первого значения к последнему)",
    ),
    (
        "import_shares",
        {"recipient": "DDD", "supplier": "TUR"},
        "Опубликованная доля поставщика (Турция) в импорте вооружений получателя (Дорния): "
        f"60% в 2015–2019{S}гг.",
    ),
    (
        "member_votes",
        {"resolutions": ["r2", "r9"]},
        f"r2 (1 марта 2024{S}г.), 3 государства-члена: против — 1 (Россия); "
        "воздержались — 1 (Аркадия); не голосовали — 1 (Бордурия) | нет в данных: r9",
    ),
    (
        "member_votes",
        {"resolutions": ["r1"]},
        f"r1 (1 марта 1995{S}г.), 4 государства-члена: против — 2 (Аркадия, Россия); "
        "воздержались — 1 (Карпания); голос не зафиксирован — 1 (Бордурия)",
    ),
    ("votes_of_country", {"country": "AAA"}, "Аркадия: r1 — против; r2 — воздержание"),
    (
        "drugs_migration_coverage",
        {},
        # Arcadia's all-agency years and the ministry's year stay apart, as in English.
        "Изъятия наркотиков по годам: Аркадия 2019–2021, 2023; 2022 (способов подсчёта: 2); "
        "за часть года 2024 (первое полугодие) | Бордурия 2015; 2016 (способов подсчёта: 2). "
        "Денежные переводы, % ВВП: Аркадия 2018, 2020 | Бордурия 2016. Ряды изъятий не короче "
        "3 лет подряд по одному способу подсчёта: Аркадия (3 года подряд с 2019); страны "
        "считают по-разному, поэтому таблица не показывает тенденцию по всему союзу, а ряда "
        "данных о нелегальной миграции в ней нет вовсе.",
    ),
]


@pytest.mark.parametrize("name, params, expected", CASES)
def test_each_check_writes_its_result_in_russian(name, params, expected):
    assert run_check(name, params, DATA).ru == expected


def test_a_conflict_without_a_russian_name_is_described_by_kind_countries_and_start():
    data = copy.deepcopy(DATA)
    for feature in data["conflicts"]["features"]:
        feature["properties"].pop("name_ru")
    assert run_check("conflicts_on", {"date": "2023-09-20", "conflicts": ["c-war"]}, data).ru == (
        f"20 сентября 2023{S}г. шёл 1 из 1 конфликта: война (Дорния, Бордурия; "
        f"с 19 сентября 2023{S}г.)"
    )
    durations = run_check("durations", {"conflicts": ["c-mission"]}, data).ru
    assert durations.startswith(f"миротворческая операция (Аркадия, Россия): 6 января 2022{S}г.")


def test_the_shipped_stories_name_conflicts_by_their_russian_names():
    stories = json.loads((GEODATA_DIR / "stories.json").read_text(encoding="utf-8"))
    conflicts = json.loads((GEODATA_DIR / "conflicts.geojson").read_text(encoding="utf-8"))
    russian = {f["properties"]["id"]: f["properties"]["name_ru"] for f in conflicts["features"]}
    named = []
    for story in stories:
        for chapter in story["chapters"]:
            claim = chapter["claim"]
            naming = claim["check"]["name"] in ("conflicts_on", "durations")
            if claim["result"] is None or not naming:
                continue
            summary = claim["result"]["ru"]["summary"]
            for cid in claim["result"].get("rows") or ():
                assert russian[cid] in summary, (chapter["title"], cid)
                named.append(cid)
    assert named  # some chapter does name conflicts


def test_every_check_has_a_russian_case():
    assert sorted(CHECKS) == sorted({name for name, _, _ in CASES})


@pytest.mark.parametrize(
    "name, params, table",
    [
        ("appeals_by_outcome", {}, "appeals (appeals.json)"),
        ("member_votes", {}, "votes (votes.json)"),
        ("import_shares", {"recipient": "DDD", "supplier": "RUS"}, "arms_shares"),
    ],
)
def test_a_missing_table_is_said_in_russian_too(name, params, table):
    result = run_check(name, params, layers(appeals=False))
    assert result.ru.startswith(f"в данных нет таблицы {table}")
    assert result.as_dict()["ru"] == {"summary": result.ru}


@pytest.mark.parametrize(
    "n, words",
    [
        (0, "0 объектов"),
        (1, "1 объект"),
        (2, "2 объекта"),
        (4, "4 объекта"),
        (5, "5 объектов"),
        (11, "11 объектов"),
        (12, "12 объектов"),
        (21, "21 объект"),
        (22, "22 объекта"),
        (111, "111 объектов"),
        (2.5, "2,5 объекта"),
    ],
)
def test_numbers_agree_with_their_nouns(n, words):
    assert ru_count(n, "объект", "объекта", "объектов") == words


@pytest.mark.parametrize(
    "text, genitive, words",
    [
        ("2026-12-07", False, f"7 декабря 2026{S}г."),
        ("2024-02", False, f"февраль 2024{S}г."),
        ("2024-02", True, f"февраля 2024{S}г."),
        ("2020", False, f"2020{S}г."),
    ],
)
def test_dates_are_written_out_to_their_precision(text, genitive, words):
    assert ru_date(text, genitive=genitive) == words


@pytest.mark.parametrize(
    "system, category, words",
    [
        ("2S19 Msta-S self-propelled howitzers", "artillery", "артиллерия 2S19 Msta-S"),
        (
            "Polonez 301 mm guided rocket launchers",
            "rocket artillery",
            "реактивная артиллерия Polonez 301 mm",
        ),
        ("T-90S tanks", "tank", "танки T-90S"),
        ("Radios, trucks and a spare-parts package", None, "Radios"),
    ],
)
def test_a_system_is_named_by_its_designation_and_russian_category(system, category, words):
    assert _system_ru({"system": system, "category": category}) == words


def test_every_built_result_has_a_russian_summary():
    stories = json.loads((GEODATA_DIR / "stories.json").read_text(encoding="utf-8"))
    results = [
        (story["id"], chapter["title"], chapter["claim"]["result"])
        for story in stories
        for chapter in story["chapters"]
        if chapter["claim"]["result"] is not None
    ]
    assert len(results) >= 20
    missing = [(s, c) for s, c, r in results if not (r.get("ru") or {}).get("summary", "").strip()]
    assert missing == []
    # Written in Russian: Cyrillic, and no English country name left in it.
    for _, _, result in results:
        assert any("а" <= ch <= "я" for ch in result["ru"]["summary"].lower())
        for english in ("Armenia", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Belarus"):
            assert english not in result["ru"]["summary"]
