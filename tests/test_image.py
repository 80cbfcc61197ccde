"""The publication image: a story chapter's and a filtered view's picture, its size, title,
legend and features, byte-identical renders, Cyrillic, and labels that never collide."""

from __future__ import annotations

import re
import struct
import warnings
from datetime import date
from pathlib import Path

import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from dashboard.logic import asof, filters, image, imagedraw, imagelabels, story
from dashboard.logic.choices import Choices
from dashboard.logic.image import Picture
from dashboard.logic.labels import Label, place_labels
from tests.apptest import APP, open_page
from tests.test_app_dated_exports import _made, files  # noqa: F401  (fixture)
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


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> imagedraw.Basemap:
    directory = write_layers(tmp_path_factory.mktemp("imagedata"))
    return imagedraw.load_basemap(Path(directory))


def _scene_frames(layers, chapter):
    scene = story.scene(chapter, date(2026, 12, 1), width_px=900, height_px=620)
    choices = Choices(
        countries=scene.countries,
        facility_types=scene.facility_types,
        facility_statuses=scene.facility_statuses,
        zones=scene.zones,
        date=scene.date,
        past=scene.past,
        shown=scene.shown,
    )
    visible = filters.apply_selection(asof.layers_on(layers, scene.date), choices)
    picture = Picture(
        title=image.default_title(scene.date, chapter["title"]),
        on=scene.date,
        shown=scene.shown,
        view=scene.view,
        outlined=scene.features,
        note=image.filters_note(scene.shown, {"countries": scene.countries}),
    )
    return visible, picture


def _svg_size(svg: str) -> tuple[str, str]:
    head = re.search(r"<svg[^>]*>", svg).group(0)
    return re.search(r'width="([^"]+)"', head).group(1), re.search(r'height="([^"]+)"', head).group(
        1
    )


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _gids(svg: str, layer: str) -> set[str]:
    return set(re.findall(rf'<g id="{layer}-([^"]+)"', svg))


def test_a_story_chapter_image_shows_its_title_legend_and_features(layers, base):
    visible, picture = _scene_frames(layers, CHAPTER)
    svg = image.render(visible, picture, base, size="SVG 1600×1000").decode("utf-8")
    assert _svg_size(svg) == ("1152pt", "720pt")  # 16 × 10 inches
    assert "<!-- Kyrgyzstan -->" in svg  # the chapter's title (text drawn as paths, named)
    assert "<!-- Legend -->" in svg and "<!-- Member state -->" in svg
    assert "<!-- Highlighted -->" in svg
    assert _gids(svg, "countries") == {"KGZ"}
    assert _gids(svg, "facilities") == set(visible.facilities["id"]) and "kgz-kant" in svg
    assert _gids(svg, "conflicts") == set()  # not a layer of this chapter
    assert "<!-- Map date 2023-05-01." in svg.replace("\n", " ") or "Map date 2023-05-01" in svg


def test_a_filtered_view_holds_exactly_the_maps_features(layers, base):
    on = date(2019, 1, 10)
    choices = Choices(facility_types=("radar",), date=on)
    visible = filters.apply_selection(asof.layers_on(layers, on), choices)
    picture = Picture(title=image.default_title(on), on=on, view=(45.0, 60.0, 3))
    svg = image.render(visible, picture, base, size="SVG 1600×1000").decode("utf-8")
    assert "<!-- The CSTO on 10 January 2019 -->" in svg
    assert _gids(svg, "facilities") == set(visible.facilities["id"]) == {"rus-hostile", "uzb-radar"}
    assert _gids(svg, "countries") == set(visible.countries["id"])
    assert _gids(svg, "conflicts") == set(visible.conflicts["id"])
    assert "<!-- Radar -->" in svg and "<!-- Army base -->" not in svg  # only what is shown


@pytest.mark.parametrize(
    ("size", "pixels"), [("PNG 1600×1000", (1600, 1000)), ("PNG 1200×1200", (1200, 1200))]
)
def test_png_sizes(layers, base, size, pixels):
    visible, picture = _scene_frames(layers, CHAPTER)
    assert _png_size(image.render(visible, picture, base, size=size)) == pixels


@pytest.mark.parametrize("size", list(image.SIZES))
def test_the_same_view_renders_the_same_bytes(layers, base, size):
    visible, picture = _scene_frames(layers, CHAPTER)
    first = image.render(visible, picture, base, size=size)
    assert image.render(visible, picture, base, size=size) == first
    if size.startswith("SVG"):
        assert b"<dc:date>" not in first
    else:
        assert b"Software" not in first and b"tIME" not in first


def test_dejavu_sans_covers_cyrillic_and_a_russian_title_renders_without_missing_glyphs(
    layers, base
):
    font = FT2Font(font_manager.findfont(image.FONT, fallback_to_default=False))
    charmap = font.get_charmap()
    assert all(ord(c) in charmap for c in "АаБбЁёЖжЩщЫыЭэЮюЯяҚқҒғӘәӨөҮүҰұ")
    visible, picture = _scene_frames(layers, CHAPTER)
    russian = Picture(**{**picture.__dict__, "title": "ОДКБ на карте: Кыргызстан"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        svg = image.render(visible, russian, base, size="SVG 1600×1000").decode("utf-8")
    assert not [w for w in caught if "missing from" in str(w.message)]
    assert "<!-- ОДКБ на карте: Кыргызстан -->" in svg


@pytest.mark.parametrize(
    ("chapter_title", "title"),
    [(None, "The CSTO on 1 May 2023"), ("", "The CSTO on 1 May 2023"), (" Kant ", "Kant")],
)
def test_default_title(chapter_title, title):
    assert image.default_title(date(2023, 5, 1), chapter_title) == title


def test_file_name_names_the_chapter_date_and_size():
    assert image.file_name(date(2023, 5, 1), "PNG 1200×1200") == "csto-map-2023-05-01-1200x1200.png"
    slug = image.chapter_slug({"title": "The 44-day war"})
    assert image.file_name(date(2020, 10, 15), "SVG 1600×1000", chapter_id=slug) == (
        "csto-map-the-44-day-war-2020-10-15-1600x1000.svg"
    )


# -- label placement ---------------------------------------------------------------------------

FRAME = (0.0, 0.0, 1000.0, 1000.0)


def _label(text, x, y, w=40.0, h=10.0):
    return Label(text, x, y, w, h)


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_a_label_goes_right_of_its_point_when_free():
    ((label, box),) = place_labels([_label("A", 100, 100)], [], FRAME)
    assert box == (104.0, 95.0, 144.0, 105.0)


def test_a_label_moves_to_the_left_when_a_symbol_is_on_its_right():
    symbol = (110.0, 90.0, 130.0, 110.0)
    ((_, box),) = place_labels([_label("A", 100, 100)], [symbol], FRAME)
    assert box[2] <= 100 and not _overlap(box, symbol)


def test_a_label_with_no_free_side_is_dropped():
    around = [(0.0, 0.0, 1000.0, 99.0), (0.0, 101.0, 1000.0, 1000.0)]  # a 2 px corridor
    assert place_labels([_label("A", 500, 100)], around, FRAME) == []


def test_labels_never_overlap_each_other_or_symbols_or_leave_the_frame():
    labels = [_label(f"T{i}", 20 + (i % 7) * 30, 20 + (i // 7) * 12) for i in range(70)]
    symbols = [(x - 5, y - 5, x + 5, y + 5) for x, y in ((60, 40), (150, 80), (90, 110))]
    placed = place_labels(labels, symbols, FRAME)
    assert 0 < len(placed) < len(labels)  # crowded: some dropped
    boxes = [b for _, b in placed]
    for i, a in enumerate(boxes):
        assert FRAME[0] <= a[0] and a[2] <= FRAME[2] and FRAME[1] <= a[1] and a[3] <= FRAME[3]
        assert not any(_overlap(a, s) for s in symbols)
        assert not any(_overlap(a, b) for b in boxes[i + 1 :])
    # Placed in priority order: the first label always gets its place.
    assert placed[0][0] is labels[0]


def test_labels_in_a_rendered_image_do_not_overlap(layers, base, monkeypatch):
    got = []
    original = imagelabels.place_labels

    def spy(labels, obstacles, frame):
        out = original(list(labels), obstacles, frame)
        got.append((out, list(obstacles)))
        return out

    monkeypatch.setattr(imagelabels, "place_labels", spy)
    visible, picture = _scene_frames(layers, CHAPTER)
    image.render(visible, picture, base, size="PNG 1600×1000")
    ((placed, obstacles),) = got
    assert placed  # the outlined facility's name at least
    assert len(obstacles) >= 2 + len(visible.facilities)  # legend, scale bar, each symbol
    boxes = [b for _, b in placed]
    for i, a in enumerate(boxes):
        assert not any(_overlap(a, o) for o in obstacles)
        assert not any(_overlap(a, b) for b in boxes[i + 1 :])


# -- the button, through the app ----------------------------------------------------------------


def test_the_image_button_gives_the_chapters_png(tmp_path, monkeypatch, files):  # noqa: F811
    from streamlit.testing.v1 import AppTest

    from tests.story_tiny import write_story

    monkeypatch.setenv("CSTO_GEODATA_DIR", str(write_story(write_layers(tmp_path))))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["story"] = "tiny-tour"
    at.query_params["chapter"] = "2"
    at = open_page(at)
    assert not at.exception, at.exception
    assert "Download image" in [b.label for b in at.get("download_button")]
    assert at.text_input(key="image_title").placeholder == "Kyrgyzstan"
    name = "csto-map-kyrgyzstan-2023-05-01-1600x1000.png"
    assert name in files, sorted(files)
    assert _png_size(_made(files[name])) == (1600, 1000)
    at.selectbox(key="image_size").set_value("SVG 1600×1000").run()
    svg = _made(files["csto-map-kyrgyzstan-2023-05-01-1600x1000.svg"]).decode("utf-8")
    assert "<!-- Kyrgyzstan -->" in svg and 'id="facilities-kgz-kant"' in svg


def test_a_typed_title_replaces_the_default(app, files):  # noqa: F811
    app.text_input(key="image_title").set_value("Мой заголовок").run()
    (name,) = [n for n in files if n.startswith("csto-map-") and n.endswith(".png")]
    # The default is the map date's; the typed title is drawn instead.
    svg_choice = app.selectbox(key="image_size").set_value("SVG 1600×1000").run()
    (svg_name,) = [n for n in files if n.startswith("csto-map-") and n.endswith(".svg")]
    svg = _made(files[svg_name]).decode("utf-8")
    assert "<!-- Мой заголовок -->" in svg and "The CSTO on" not in svg
    assert svg_choice is app and name.endswith("-1600x1000.png")


def test_a_linked_filtered_view_with_a_selection_gives_that_image(geodata_dir, monkeypatch, files):  # noqa: F811
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CSTO_GEODATA_DIR", str(geodata_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in {
        "types": "radar",
        "sel": "uzb-radar",
        "lat": "41",
        "lon": "64",
        "zoom": "5",
        "date": "2019-01-10",
    }.items():
        at.query_params[key] = value
    at = open_page(at)
    assert not at.exception, at.exception
    assert at.text_input(key="image_title").placeholder == "The CSTO on 10 January 2019"
    at.selectbox(key="image_size").set_value("SVG 1600×1000").run()
    svg = _made(files["csto-map-2019-01-10-1600x1000.svg"]).decode("utf-8")
    # The filter's facilities only, the selected one ringed and named.
    assert _gids(svg, "facilities") == {"rus-hostile", "uzb-radar"}
    assert "<!-- Highlighted -->" in svg and "<!-- Radar -->" in svg
    assert "types radar" in svg


def test_the_images_filter_line_names_countries_and_zones_as_the_reader_reads_them():
    from dashboard.logic import i18n

    chosen = {"countries": ["ARM", "XXX"], "zones": ["armenia-azerbaijan-border-2022"]}
    names = {"ARM": "Armenia", "armenia-azerbaijan-border-2022": "Attacks on Armenia"}
    note = image.filters_note(("countries", "conflicts"), chosen, names)
    # A name the reader knows for each id it has; an id with none stays as it is.
    assert "countries Armenia, XXX" in note and "zones Attacks on Armenia" in note
    assert "armenia-azerbaijan-border-2022" not in note
    try:
        i18n.use("ru")
        ru = image.filters_note(("countries",), {"countries": ["ARM"]}, {"ARM": "Армения"})
    finally:
        i18n.use("en")
    assert "Армения" in ru and "ARM" not in ru
