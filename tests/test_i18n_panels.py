"""The record panel, the story panel and the publication image in Russian, and the same parts
still in English: a Russian reader gets Russian words, the data's Russian names and texts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from streamlit.testing.v1 import AppTest

from dashboard import upload
from dashboard.logic import (
    arms,
    asof,
    filters,
    i18n,
    image,
    imagedraw,
    imagelabels,
    labels,
    record,
    story,
    style,
    votes,
)
from dashboard.logic.choices import Choices
from dashboard.logic.image import Picture
from dashboard.logic.layers import load_layers
from dashboard.views import synthetic as synthetic_view
from dashboard.views import upload as upload_view
from tests.apptest import APP, open_page
from tests.story_tiny import write_story
from tests.test_app_dated_exports import _made, files  # noqa: F401  (fixture)
from tests.tiny_appeals import APPEAL_ROWS, write_appeals
from tests.tiny_layers import write_layers

# The second chapter of tests/story_tiny.py: Kyrgyzstan, its facilities, one outlined.
CHAPTER = {
    "title": "Kyrgyzstan",
    "date": "2023-05",
    "center": [42.7, 75.5],
    "zoom": 7,
    "layers": ["countries", "facilities"],
    "filters": {"countries": ["KGZ"]},
    "features": ["kgz-kant"],
}
# The Russian a story gets under its ``ru`` keys (notes/stories-contract: story, chapter,
# claim, and the check's result).
STORY_RU = {"title": "Маленький тур", "summary": "Четыре главы по тестовым слоям."}
CHAPTERS_RU = [
    ("Члены", "Члены на карте.", "Некоторые государства — члены."),
    ("Киргизия", "Член с двумя объектами.", "Проверять нечего."),
    ("Пограничное столкновение", "Два государства сталкиваются на границе.", "Тогда шло."),
    ("Армения", "Воздух *расстояния*.", "В Армении есть база."),
]
ORIGINAL_CURRENT = i18n.current
RESULT_RU = "В 2024 году в альянсе было несколько членов (проверка по слою стран)."


@pytest.fixture
def russian():
    """This test's run in Russian (and English again after it)."""
    i18n.use("ru")
    yield
    i18n.use("en")


@pytest.fixture
def ru_app(monkeypatch):
    """The app's runs in Russian, however the page chose its language (AppTest runs the
    script on a thread of its own, so the choice is made where every run reads it)."""
    monkeypatch.setattr(i18n, "current", lambda: "ru")


# -- the publication image --------------------------------------------------------------------


@pytest.fixture(scope="module")
def layers_dir(tmp_path_factory) -> Path:
    return Path(write_layers(tmp_path_factory.mktemp("i18n-image")))


def _picture(layers_dir: Path, lang: str, title: str | None = None):
    layers = load_layers(layers_dir)
    scene = story.scene(CHAPTER, date(2026, 12, 1), width_px=900, height_px=620)
    choices = Choices(countries=scene.countries, date=scene.date, shown=scene.shown)
    visible = filters.apply_selection(asof.layers_on(layers, scene.date), choices)
    picture = Picture(
        title=title or image.default_title(scene.date),
        on=scene.date,
        shown=scene.shown,
        view=scene.view,
        outlined=scene.features,
        note=image.filters_note(scene.shown, {"countries": scene.countries}),
        lang=lang,
    )
    return visible, picture


def _svg(layers_dir: Path, lang: str, title: str | None = None) -> str:
    visible, picture = _picture(layers_dir, lang, title)
    base = imagedraw.load_basemap(layers_dir)
    return image.render(visible, picture, base, size="SVG 1600×1000").decode("utf-8")


def test_the_image_in_russian_has_a_russian_title_legend_scale_and_names(layers_dir, russian):
    title = image.default_title(date(2023, 5, 1))
    assert title == "ОДКБ на 1 мая 2023\u202fг."
    svg = _svg(layers_dir, "ru", title)
    assert "<!-- ОДКБ на 1 мая 2023\u202fг. -->" in svg
    assert "<!-- Легенда -->" in svg and "<!-- Legend -->" not in svg
    assert "<!-- Государство-член -->" in svg and "<!-- Выделено -->" in svg
    assert "<!-- Авиабаза -->" in svg  # the facility types of the legend
    assert "<!-- На 1 мая 2023\u202fг. · Страны, объекты · страны KGZ -->" in svg
    assert " км (на 43° широты) -->" in svg
    assert "<!-- Дата карты 2023-05-01. Границы и озёра" in svg


ORIGINAL_PLACE_LABELS = imagelabels.place_labels


def _placed_names(layers_dir: Path, lang: str, monkeypatch) -> list[str]:
    # The names placed on the map (drawn with a halo, they are not named in the SVG).
    got: list[str] = []
    original = ORIGINAL_PLACE_LABELS

    def spy(names, obstacles, frame):
        out = original(list(names), obstacles, frame)
        got.extend(label.text for label, _box in out)
        return out

    monkeypatch.setattr(imagelabels, "place_labels", spy)
    visible, picture = _picture(layers_dir, lang)
    image.render(visible, picture, imagedraw.load_basemap(layers_dir), size="PNG 1600×1000")
    return got


def test_the_image_in_russian_names_features_and_towns_in_russian(layers_dir, monkeypatch):
    ru = _placed_names(layers_dir, "ru", monkeypatch)
    en = _placed_names(layers_dir, "en", monkeypatch)
    # The outlined facility by the data's Russian name (towns: see names_in below).
    assert ru == ["База"] and en == ["Kant Air Base"]


def test_the_same_image_in_english_keeps_its_english_words(layers_dir):
    svg = _svg(layers_dir, "en")
    assert "<!-- The CSTO on 1 May 2023 -->" in svg
    assert "<!-- Legend -->" in svg and "<!-- Member state -->" in svg
    assert "<!-- Air base -->" in svg
    assert "<!-- Легенда -->" not in svg


def test_the_image_takes_its_language_from_its_picture_not_from_the_run(layers_dir):
    # The picture (the cache's key) holds the language: an English run drawing a Russian
    # reader's picture still draws Russian, and the run stays English after it.
    ru = _svg(layers_dir, "ru", "Заголовок")
    assert "<!-- Легенда -->" in ru
    assert i18n.current() == "en"
    _visible, en = _picture(layers_dir, "en", "Заголовок")
    _visible, also_ru = _picture(layers_dir, "ru", "Заголовок")
    assert repr(en) != repr(also_ru)


def test_the_credits_are_broken_to_fit_the_image_in_russian():
    # Cyrillic runs wider than Latin: a line of as many characters as an English one fits
    # would leave the image; each line is measured instead.
    fig = Figure(figsize=(16, 10), dpi=100)
    renderer = FigureCanvasAgg(fig).get_renderer()
    font = FontProperties(family=image.FONT, size=8.5)
    foot = "Дата карты 2022-09-13. " + "Источники: очень длинное название источника; " * 40
    lines = image.fitted_lines(foot, 1552, 8.5, renderer, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    for line in lines:
        assert renderer.get_text_width_height_descent(line, font, ismath=False)[0] <= 1552
    assert " ".join(lines).startswith(foot[:200])
    assert image.fitted_lines("Дата карты", 1552, 8.5, renderer, 3) == ["Дата карты"]


def test_names_in_take_the_datas_russian_name_and_fall_back_to_the_english(layers_dir):
    countries = load_layers(layers_dir).countries
    assert labels.names_in(countries, "ru")[0].endswith(" (ru)")
    assert labels.names_in(countries, "en") == countries["name"].tolist()
    no_russian = countries.drop(columns=["name_ru"])
    assert labels.names_in(no_russian, "ru") == countries["name"].tolist()
    # A town the basemap names only in English keeps that name.
    towns = pd.DataFrame({"name": ["Gyumri", "Berd"], "name_ru": ["Гюмри", None]})
    assert labels.names_in(towns, "ru") == ["Гюмри", "Berd"]


# -- the story panel ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ru_story_dir(tmp_path_factory) -> Path:
    """Fixture layers and the tiny story as built, each text with its ``ru`` block, written as
    ``stories.json`` alone (as the build ships it)."""
    built = story.load_stories(write_story(write_layers(tmp_path_factory.mktemp("yaml"))))
    directory = Path(write_layers(tmp_path_factory.mktemp("ru-story")))
    for tour in built:
        tour["ru"] = dict(STORY_RU)
        for chapter, (title, text, statement) in zip(tour["chapters"], CHAPTERS_RU, strict=True):
            chapter["ru"] = {"title": title, "text": text}
            chapter["claim"]["ru"] = {"statement": statement}
            if chapter["claim"].get("result"):
                chapter["claim"]["result"]["ru"] = {"summary": RESULT_RU}
    (directory / "stories.json").write_text(json.dumps(built, ensure_ascii=False), "utf-8")
    return directory


def test_localized_takes_the_ru_block_and_falls_back_to_the_english():
    chapter = {"title": "Members", "ru": {"title": "Члены"}}
    assert story.localized(chapter, "title", "ru") == "Члены"
    assert story.localized(chapter, "title", "en") == "Members"
    assert story.localized({"title": "Members"}, "title", "ru") == "Members"
    assert story.localized({"title": "Members", "ru": {"title": " "}}, "title", "ru") == "Members"


def test_verdicts_are_translated_and_a_month_date_is_written_in_russian(russian):
    assert story.verdict_label("supported") == "Подтверждается"
    assert story.verdict_label("not checkable from the data") == "Не проверяется по данным"
    assert story.date_label({"date": "2023-05"}) == "май 2023\u202fг. (карта показывает 2023-05-01)"


def test_the_story_panel_in_russian_shows_the_ru_texts_and_a_russian_verdict(
    ru_story_dir, monkeypatch, ru_app
):
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(ru_story_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["story"] = "tiny-tour"
    at.query_params["chapter"] = "1"
    at = open_page(at)
    assert not at.exception
    assert at.subheader[0].value == "Члены"
    shown = "\n".join(m.value for m in at.markdown)
    assert "Члены на карте." in shown and "The members on the map." not in shown
    assert "**Утверждение.** Некоторые государства — члены." in shown
    assert f"**Что говорят данные.** {RESULT_RU}" in shown
    badges = [e.proto.body for e in at.get("markdown") if ":green-badge[" in e.proto.body]
    assert any("Подтверждается" in b for b in badges), badges
    assert any("История: **Маленький тур** · глава 1 из 4" in c.value for c in at.caption)
    labels_ = {b.label for b in at.button}
    assert {"Назад", "Далее", "Выйти из истории"} <= labels_
    at.button(key="story_next").click().run()
    assert at.subheader[0].value == "Киргизия"
    badges = [e.proto.body for e in at.get("markdown") if "-badge[" in e.proto.body]
    assert any("Не проверяется по данным" in b for b in badges), badges


# -- the record panel --------------------------------------------------------------------------


def test_the_record_lead_and_days_in_russian(russian):
    lead = record.lead(APPEAL_ROWS)
    assert lead.startswith("С 1992 года государства-члены обращались за помощью 4 раза: ")
    assert "к альянсу обратились 3 раза (удовлетворена: 1, удовлетворена частично: 1, " in lead
    assert "к России обратились 2 раза (отклонена: 1, без ответа: 1)" in lead
    assert "Медианное время ожидания ответа — 5,5 дн." in lead
    assert record.days_text({"answered_on": None}) == "без ответа"
    one = {"answered_on": "2021-01-02", "days_to_answer": 1, "date_precision": "day"}
    assert record.days_text(one) == "1 день"
    assert record.days_text({**one, "days_to_answer": 3}) == "3 дня"
    assert record.days_text({**one, "days_to_answer": 11}) == "11 дней"


def test_the_readme_record_stays_english_whatever_the_language():
    # The README's figures are written by a command, in English.
    assert "| granted |" in record.record_markdown(APPEAL_ROWS)


def test_the_record_panel_in_russian_has_russian_outcomes_and_headings(
    tmp_path, monkeypatch, ru_app
):
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(write_appeals(write_layers(tmp_path))))
    at = open_page(AppTest.from_file(APP, default_timeout=60))
    assert not at.exception
    assert "Обращения за помощью: пришёл ли альянс?" in [s.value for s in at.subheader]
    shown = "\n".join(m.value for m in at.markdown)
    assert "**Обращения к альянсу по итогам**" in shown
    assert "- удовлетворена частично: 1" in shown
    # Members by their Russian names from the countries layer.
    assert "- Armenia (ru): 2 (удовлетворена частично: 1, без ответа: 1)" in shown
    (table,) = [h.proto.body for h in at.get("html") if "csto-record" in h.proto.body]
    assert ">удовлетворена<" in table and ">отклонена<" in table and ">granted<" not in table
    assert "<th>Дней до ответа</th>" in table and "Показать на карте" in table


# -- arms transfers, votes, the synthetic layer ------------------------------------------------


def test_an_arms_deal_reads_in_russian(russian):
    deal = {
        "supplier": "ISR",
        "recipient": "AZE",
        "system": "Barak-8",
        "category": "air defence",
        "ordered": None,
        "delivered": [],
        "number": None,
        "notes": None,
        "evidence": {"delivered": [{"says": "It came.", "at": "https://example.org/a"}]},
    }
    names = {"AZE": "Азербайджан"}
    assert arms.deal_title(deal, names) == "Израиль → Азербайджан: Barak-8"
    assert "поставлено: не опубликовано" in arms.tooltip_html(deal, names)
    popup = arms.popup_html(deal, names)
    assert "<th>Заказано</th><td>не опубликовано</td>" in popup
    assert "<b>Откуда мы это знаем</b>" in popup and ">источник</a>" in popup
    assert "Ordered" not in popup


def test_the_vote_choices_are_named_in_russian(russian):
    resolutions = [{"id": "ES-11/1", "date": "2022-03-02", "votes": []}]
    assert votes.choice_label(resolutions, "") == "Статус в альянсе"
    assert votes.choice_label(resolutions, "ES-11/1") == "Голосование по ES-11/1 (2022-03-02)"
    # The legend's vote words (logic/style) have their Russian in the catalog.
    assert [i18n._(style.VOTE_LABELS[v]) for v in ("yes", "no", "abstain")] == [
        "За",
        "Против",
        "Воздержались",
    ]


def test_the_synthetic_layer_says_it_is_made_up_in_russian(russian):
    assert synthetic_view.size_label(1000) == "1\xa0000 СИНТЕТИЧЕСКИХ точек (тестовые данные)"
    legend = synthetic_view.legend_html(("riot",))
    assert "СИНТЕТИЧЕСКИЕ события (тестовые данные, не настоящие):" in legend
    assert "беспорядки" in legend and "riot" not in legend


# -- the upload --------------------------------------------------------------------------------


def test_an_upload_report_and_refusal_read_in_russian(russian):
    csv = b"name,lat,lon\nA,41.0,70.0\nB,,70.5\nC,42.0,71.0\n"
    result = upload.read_upload("towns.csv", csv)
    assert result.report.summary() == "принято 2 объекта, отклонено: 1."
    assert result.report.lines() == ["отклонён строка 2: нет координат (пусто: широта)"]
    refused = upload.read_upload("empty.geojson", b"")
    assert refused.error == "empty: файл пуст"


def test_the_same_file_read_again_in_russian_is_reported_in_russian():
    # The reader's cache keys on the language: an English reader's report is not served to a
    # Russian one.
    data = b'{"type": "Feature"}'
    english = upload_view._read_upload("bad.geojson", data, "en")
    i18n.use("ru")
    try:
        russian = upload_view._read_upload("bad.geojson", data, "ru")
    finally:
        i18n.use("en")
    assert "no geometry" in english.error
    assert "нет геометрии (null или отсутствует)" in russian.error


def test_the_image_button_of_a_russian_reader_gives_the_russian_image(
    ru_story_dir,
    monkeypatch,
    files,  # noqa: F811
):
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(ru_story_dir))
    monkeypatch.setattr(i18n, "current", lambda: "ru")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["story"] = "tiny-tour"
    at.query_params["chapter"] = "2"
    at = open_page(at)
    assert not at.exception, at.exception
    assert "Скачать изображение" in [b.label for b in at.get("download_button")]
    assert at.text_input(key="image_title").placeholder == "Киргизия"
    at.selectbox(key="image_size").set_value("SVG 1600×1000").run()
    # The file is made when clicked, outside the run that chose the language.
    monkeypatch.setattr(i18n, "current", ORIGINAL_CURRENT)
    svg = _made(files["csto-map-kyrgyzstan-2023-05-01-1600x1000.svg"]).decode("utf-8")
    assert "<!-- Киргизия -->" in svg and "<!-- Легенда -->" in svg
    assert "<!-- Legend -->" not in svg


def test_a_chapters_sources_are_dated_in_russian(russian):
    entries = {
        "https://a.example/x": {"publisher": "ТАСС", "title": "Заявление", "date": "2022-09"}
    }
    (found,) = story.sources({"sources": ["https://a.example/x"]}, entries)
    assert found.text == "ТАСС — Заявление (сентябрь 2022\u202fг.)"
