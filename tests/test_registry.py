import json

import pytest

from geodata.build import main as build_main
from geodata.catalog import citing_files
from geodata.datasets.registry import (
    REGISTRY_DIR,
    SOURCES_FILENAME,
    RegistryError,
    build_sources,
    display_url,
    dumps_sources,
    entry_problems,
    label,
    load_registry,
    read_sources,
    registry_ok,
    registry_problems,
    uncited_problems,
)
from geodata.paths import GEODATA_DIR

yaml = pytest.importorskip("yaml")

GOOD = {
    "url": "https://en.wikipedia.org/wiki/Batken_conflict",
    "title": "Batken conflict",
    "publisher": "Wikipedia (English)",
    "date": None,
    "language": "en",
    "archived": None,
}
CYRILLIC = "https://ru.wikipedia.org/wiki/%D0%9C%D0%B0%D0%B9%D0%BB%D1%83%D1%83-%D0%A1%D1%83%D1%83"


def write(directory, name, entries):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return directory


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"date": "2022"},
        {"date": "2022-09"},
        {"date": "2022-09-13"},
        {"archived": "https://web.archive.org/web/2022/https://example.org/"},
        {"title": "Майлуу-Суу", "language": "ru", "url": CYRILLIC},
        {"url": "http://www.odkb.gov.ru/a/aengl.htm"},
    ],
)
def test_good_entries_pass(changes):
    assert entry_problems({**GOOD, **changes}, "x.yaml", "entry #0") == []


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"url": "ftp://example.org/a"}, "field 'url' must be an http(s) URL"),
        ({"url": "en.wikipedia.org/wiki/X"}, "field 'url' must be an http(s) URL"),
        ({"title": ""}, "field 'title' must be a non-empty string"),
        ({"title": None}, "field 'title' must be a non-empty string"),
        ({"publisher": "  "}, "field 'publisher' must be a non-empty string"),
        ({"date": "13 Sep 2022"}, "field 'date' must be 'YYYY-MM-DD', 'YYYY-MM', 'YYYY' or null"),
        ({"date": "2022-13"}, "field 'date' is not a real date"),
        ({"date": "2022-02-30"}, "field 'date' is not a real date"),
        ({"date": 2022}, "field 'date' must be"),
        ({"language": "EN"}, "field 'language' must be a lower-case ISO 639 code"),
        ({"language": "Russian"}, "field 'language' must be a lower-case ISO 639 code"),
        ({"archived": "web.archive.org/x"}, "field 'archived' must be an http(s) URL"),
        ({"archived": "DROP"}, "field 'archived' is missing"),
        ({"note": "extra"}, "unknown key 'note'"),
    ],
)
def test_bad_entries_are_named(changes, words):
    entry = {k: v for k, v in {**GOOD, **changes}.items() if v != "DROP"}
    problems = entry_problems(entry, "x.yaml", "entry #0")
    assert len(problems) == 1
    assert words in str(problems[0])
    assert str(problems[0]).startswith("x.yaml: entry #0: ")


def test_unquoted_yaml_date_is_refused(tmp_path):
    path = tmp_path / "registry" / "a.yaml"
    path.parent.mkdir()
    text = yaml.safe_dump([GOOD]).replace("date: null", "date: 2022-09-13")
    path.write_text(text, encoding="utf-8")
    _, problems = registry_problems(path.parent)
    assert "unquoted YAML date" in str(problems[0])


def test_identical_duplicates_across_files_are_fine(tmp_path):
    directory = write(tmp_path / "registry", "a.yaml", [GOOD])
    write(directory, "b.yaml", [GOOD, {**GOOD, "url": CYRILLIC}])
    assert sorted(load_registry(directory)) == sorted([GOOD["url"], CYRILLIC])


def test_differing_duplicates_name_both_files(tmp_path):
    directory = write(tmp_path / "registry", "a.yaml", [GOOD])
    write(directory, "b.yaml", [{**GOOD, "title": "Batken"}])
    with pytest.raises(RegistryError) as info:
        load_registry(directory)
    (problem,) = info.value.problems
    assert str(problem) == (
        f"sources/registry/b.yaml: entry #0 ({GOOD['url']}): "
        "differs from the entry for the same URL in sources/registry/a.yaml"
    )


def test_same_url_twice_in_one_file_is_a_problem(tmp_path):
    directory = write(tmp_path / "registry", "a.yaml", [GOOD, GOOD])
    _, problems = registry_problems(directory)
    assert "URL listed twice in this file" in str(problems[0])


def test_a_file_that_is_not_a_list_is_named(tmp_path):
    directory = tmp_path / "registry"
    directory.mkdir()
    (directory / "a.yaml").write_text("url: x\n", encoding="utf-8")
    (directory / "b.yaml").write_text("- [unclosed\n", encoding="utf-8")
    _, problems = registry_problems(directory)
    assert [str(p) for p in problems] == [
        "sources/registry/a.yaml: must be a list of entries",
        "sources/registry/b.yaml: malformed YAML at line 2, column 1",
    ]


@pytest.mark.parametrize(
    "when, text",
    [
        (None, "Wikipedia (English) — Batken conflict"),
        ("2022", "Wikipedia (English) — Batken conflict (2022)"),
        ("2022-09", "Wikipedia (English) — Batken conflict (Sep 2022)"),
        ("2022-09-03", "Wikipedia (English) — Batken conflict (3 Sep 2022)"),
        ("2022-12-13", "Wikipedia (English) — Batken conflict (13 Dec 2022)"),
    ],
)
def test_label_shows_the_date_as_precise_as_known(when, text):
    assert label({**GOOD, "date": when}) == text


def test_display_url_decodes_cyrillic():
    assert display_url(CYRILLIC) == "https://ru.wikipedia.org/wiki/Майлуу-Суу"
    assert display_url(GOOD["url"]) == GOOD["url"]


def test_unregistered_citations_are_named(tmp_path):
    layer = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"id": "a", "sources": [CYRILLIC]}}],
    }
    (tmp_path / "facilities.geojson").write_text(json.dumps(layer), encoding="utf-8")
    events = {"dataset_date": "2026-11-01", "events": [{"source": GOOD["url"]}]}
    (tmp_path / "events.json").write_text(json.dumps(events), encoding="utf-8")
    stories = [{"id": "s1", "sources": [GOOD["url"], "https://example.org/x"]}]
    (tmp_path / "stories.json").write_text(json.dumps(stories), encoding="utf-8")
    problems = [str(p) for p in uncited_problems({GOOD["url"]: GOOD}, tmp_path, citing_files())]
    assert problems == [
        f"facilities.geojson: feature 'a': source '{CYRILLIC}': "
        "not in the source registry (geodata/sources/registry/)",
        "stories.json: feature 's1': source 'https://example.org/x': "
        "not in the source registry (geodata/sources/registry/)",
    ]


def test_every_cited_url_in_the_shipped_data_is_registered():
    entries = load_registry(REGISTRY_DIR)
    assert [str(p) for p in uncited_problems(entries, GEODATA_DIR, citing_files())] == []


def test_shipped_sources_json_is_up_to_date_and_sorted():
    text = (GEODATA_DIR / SOURCES_FILENAME).read_text(encoding="utf-8")
    assert text == build_sources(REGISTRY_DIR)
    urls = [e["url"] for e in json.loads(text)]
    assert urls == sorted(set(urls))
    assert set(read_sources()) == set(load_registry(REGISTRY_DIR))


def test_registry_ok_on_the_shipped_data(capsys):
    assert registry_ok(citing_files())
    assert "every cited URL registered" in capsys.readouterr().out


def test_sources_json_is_deterministic(tmp_path):
    shuffled = [{**GOOD, "url": CYRILLIC, "title": "Майлуу-Суу", "language": "ru"}, GOOD]
    text = dumps_sources(shuffled)
    assert text == dumps_sources(reversed(shuffled))
    assert text.splitlines()[1].startswith('{"url":"https://en.wikipedia.org')
    assert "Майлуу-Суу" in text  # not escaped
    assert dumps_sources([]) == "[]\n"


def test_build_writes_and_checks_sources_json(tmp_path, capsys):
    sources = GEODATA_DIR / "sources"
    out_a, out_b = tmp_path / "a", tmp_path / "b"
    assert build_main(["--sources", str(sources), "--out", str(out_a)]) == 0
    assert build_main(["--sources", str(sources), "--out", str(out_b)]) == 0
    first = (out_a / SOURCES_FILENAME).read_bytes()
    assert first == (out_b / SOURCES_FILENAME).read_bytes()
    assert first == (GEODATA_DIR / SOURCES_FILENAME).read_bytes()
    (out_a / SOURCES_FILENAME).write_text("[]\n", encoding="utf-8")
    capsys.readouterr()
    assert build_main(["--check", "--sources", str(sources), "--out", str(out_a)]) == 1
    assert capsys.readouterr().out.strip().endswith(SOURCES_FILENAME)
