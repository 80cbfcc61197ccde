"""Downloads of what the map shows: GeoJSON per layer, GeoPackage, CSV or KML on demand, and
the publication image (PNG or SVG of the map's view, made on click)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping, Sequence
from datetime import date

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.logic import (
    about,
    arms,
    dated,
    export,
    formats,
    i18n,
    image,
    imagedraw,
    popups,
    record_export,
    story,
)
from dashboard.logic.choices import Choices
from dashboard.logic.i18n import N_, _, ngettext
from dashboard.logic.layers import LAYER_TITLES, Layers, geodata_dir
from dashboard.map import build
from dashboard.views import keys

GPKG = N_("GeoPackage, all shown layers")
# The layers' titles as the buttons name them (layers.LAYER_TITLES, in the reader's language).
_TITLES = {
    "countries": N_("Countries"),
    "facilities": N_("Facilities"),
    "conflicts": N_("Conflict zones"),
}


def _title(name: str) -> str:
    return _(_TITLES[name]) if name in _TITLES else LAYER_TITLES[name]


# The image's widgets. (Their place is views/keys.py, which another change is rewriting.)
MIMES = {
    "gpkg": "application/geopackage+sqlite3",
    "csv": "text/csv",
    "kml": "application/vnd.google-earth.kml+xml",
}


@st.cache_resource(show_spinner=False, max_entries=64)
def _shared_published(
    page: str, shown, _visible: Layers, _today: Layers, _registry: Mapping, _dists
) -> dict:
    # ``page`` names what these are made from (see table._shared_rows); read, never changed.
    return _published(_visible, _today, _registry, shown, _dists)


@st.cache_resource(show_spinner=False, max_entries=8)
def _shared_names(data: str, lang: str, _today: Layers) -> dict[str, str]:
    # ``data`` (the loaded data's digest) and ``lang`` are what the names are made from.
    return _names(_today)


def _names(today: Layers) -> dict[str, str]:
    return {
        str(row["id"]): popups.display_name(row)
        for name in ("countries", "conflicts")
        if today.get(name) is not None
        for row in today.get(name).drop(columns="geometry").to_dict("records")
    }


def _published(
    visible: Layers, today: Layers, registry: Mapping, shown, dists: pd.DataFrame | None
) -> dict:
    # Statuses on the map date in the styled fields, today's beside them, sources named, and
    # the distances the table shows.
    frames = {n: dated.published(n, visible.get(n), today.get(n), registry) for n in shown}
    return formats.with_distance_columns(frames, dists)


@st.cache_data(show_spinner=False, max_entries=32)
def _file(key: tuple, fmt: str, layer: str, _frames: Mapping, _meta: formats.ExportMeta) -> bytes:
    """One export; ``key`` (filters, date, layers) is what identifies it in the cache."""
    if fmt == "gpkg":
        return formats.to_gpkg(_frames, _meta)
    if fmt == "csv":
        return formats.to_csv(_frames[layer], _meta)
    return formats.to_kml(_frames[layer], _meta, layer=layer)


def _filters(selection: Choices, past: bool, within: float | None) -> dict:
    return {
        **dataclasses.asdict(selection),
        "include_ended": past,
        "within_km_of_active_conflict": within,
    }


def _choices(shown: tuple[str, ...], with_arms: bool = False) -> dict[str, tuple[str, str]]:
    out = {_(GPKG): ("gpkg", "")} if shown or with_arms else {}
    titles = {n: _title(n) for n in shown}
    if with_arms:
        titles[arms.EXPORT_LAYER] = _(arms.EXPORT_TITLE)
    for fmt in ("csv", "kml"):
        for name, title in titles.items():
            out[f"{fmt.upper()}, {title.lower()}"] = (fmt, name)
    return out


def geojson_bytes(frames: Mapping[str, gpd.GeoDataFrame], meta: dict) -> bytes:
    """Return the GeoJSON file of one layer (one frame) or of all shown layers combined."""
    if len(frames) == 1:
        ((name, gdf),) = frames.items()
        return export.to_bytes(export.feature_collection(gdf, name), meta)
    return export.to_bytes(export.combined_collection(frames), meta)


def _geojson_buttons(frames: Mapping, selection: Choices, shown, meta: dict) -> None:
    # Files are made only when clicked: building them all on every rerun was a large part of
    # each rerun's time, and the browser fetched every prepared file as soon as it arrived.
    cols = st.columns(len(shown) + 1)
    for col, name in zip(cols, shown, strict=False):
        gdf = frames[name]
        col.download_button(
            f"{_title(name)} ({i18n.format_number(len(gdf))})",
            functools.partial(geojson_bytes, {name: gdf}, meta),
            file_name=export.export_name(name, selection),
            mime=export.MIME,
            key=keys.download(name),
            icon=":material/download:",
            on_click="ignore",
        )
    total = sum(len(f) for f in frames.values())
    cols[-1].download_button(
        _("All layers shown ({count})").format(count=i18n.format_number(total)),
        functools.partial(geojson_bytes, frames, meta),
        file_name=export.export_name("all", selection),
        mime=export.MIME,
        key=keys.DOWNLOAD_ALL,
        icon=":material/download:",
        disabled=not shown,
        on_click="ignore",
    )


def render(
    visible: Layers,
    selection: Choices,
    shown: tuple[str, ...],
    *,
    on: date,
    past: bool,
    within: float | None,
    dataset_date: str | None,
    today: Layers,
    registry: Mapping[str, Mapping],
    distances: pd.DataFrame | None = None,
    chapter: Mapping | None = None,
    arms_frame: gpd.GeoDataFrame | None = None,
    page: tuple[str, str] | None = None,
) -> None:
    """Draw the GeoJSON buttons and the one button for the other formats.

    ``visible`` is what the map draws on the date ``on``; ``today`` the layers as loaded (for
    the ``*_today`` fields); ``registry`` names the sources; ``distances`` are the table's
    (each facility's nearest active zone, by name, and border); ``chapter`` the open story
    chapter, whose title and highlighted features the image takes; ``arms_frame`` the arms
    transfers drawn (``logic.arms.export_frame``), which the GeoPackage, CSV and KML carry.
    ``page``, when given, is the loaded data's digest and a name of everything ``visible``
    and ``distances`` are made from: what is made from them is then made once per page."""
    st.subheader(_("Download what the map shows"))
    chosen = _filters(selection, past, within)
    if page is None:
        frames = _published(visible, today, registry, shown, distances)
        named = _names(today)
    else:
        frames = _shared_published(page[1], shown, visible, today, registry, distances)
        named = _shared_names(page[0], i18n.current(), today)
    meta = {
        dated.DATE_FIELD: on.isoformat(),
        "filters": chosen,
        "dataset_date": dataset_date,
        "attribution": build.ATTRIBUTION,
        "licence": formats.LICENCE,
    }
    _geojson_buttons(frames, selection, shown, meta)

    # The arrows have their own GeoJSON button (views/arms); the other formats carry them here.
    others = frames if arms_frame is None else {**frames, arms.EXPORT_LAYER: arms_frame}
    choices = _choices(shown, arms_frame is not None)
    if choices:
        _other_formats(others, choices, selection, shown, on, chosen, dataset_date, registry)
    urls = about.source_urls(frames.values())
    # The image's credits name the sources in the reader's language (their dates).
    titles = tuple(
        story.source_label(registry[u]) if u in registry else dated.source_title(u, registry)
        for u in urls
    )
    # The filters' countries and zones are named in the image as the reader reads them.
    _image(
        visible,
        selection,
        shown,
        on=on,
        chosen=chosen,
        chapter=chapter,
        sources=titles,
        names=named,
    )


def _other_formats(frames, choices, selection, shown, on, chosen, dataset_date, registry) -> None:
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    label = left.selectbox(_("Other formats"), list(choices), key=keys.EXPORT_FORMAT)
    fmt, layer = choices[label]
    urls = about.source_urls(frames.values())
    titles = tuple(dated.source_title(u, registry) for u in urls)
    export_meta = formats.ExportMeta(
        as_of=on, filters=chosen, sources=tuple(urls), source_titles=titles
    )
    key = (on.isoformat(), repr(chosen), tuple(frames), dataset_date)
    stem = export.export_name(layer or "all", selection).removesuffix(".geojson")
    make: Callable[[], bytes] = lambda: _file(key, fmt, layer, frames, export_meta)  # noqa: E731
    right.download_button(
        _("Download {format}").format(format=fmt.upper()),
        make,  # made only when clicked: a KML of the countries is several hundred KB
        file_name=f"{stem}.{fmt}",
        mime=MIMES[fmt],
        key=keys.DOWNLOAD_OTHER,
        icon=":material/download:",
        on_click="ignore",
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _image_file(key: tuple, size: str, _visible: Layers, _picture: image.Picture) -> bytes:
    """One image; ``key`` (the picture, its language included, and the filters) identifies it
    in the cache."""
    return image.render(_visible, _picture, imagedraw.load_basemap(geodata_dir()), size=size)


def _image(
    visible: Layers,
    selection: Choices,
    shown: tuple[str, ...],
    *,
    on: date,
    chosen: Mapping,
    chapter: Mapping | None,
    sources: tuple[str, ...],
    names: Mapping[str, str],
) -> None:
    """The title box, the size and the button of the publication image (made on click)."""
    st.markdown(_("**Download image** of the map as shown, with its legend, scale and sources"))
    default = image.default_title(on, story.localized(chapter, "title") if chapter else None)
    title_col, size_col, button_col = st.columns([3, 1.2, 1], vertical_alignment="bottom")
    typed = title_col.text_input(_("Title"), key=keys.IMAGE_TITLE, placeholder=default)
    size = size_col.selectbox(_("Size"), list(image.SIZES), key=keys.IMAGE_SIZE)
    outlined = tuple(str(f) for f in (chapter or {}).get("features") or ())
    sel = st.session_state.get(keys.SEL)
    if sel is not None:
        outlined += (str(sel[1]),)
    view = st.session_state.get(keys.VIEW) or (*build.CENTER, build.ZOOM)
    picture = image.Picture(
        title=typed.strip() or default,
        on=on,
        shown=shown,
        view=(float(view[0]), float(view[1]), int(view[2])),
        outlined=outlined,
        note=image.filters_note(shown, chosen, names),
        sources=sources,
        lang=i18n.current(),
    )
    kind = image.SIZES[size][0]
    ids = tuple(tuple(visible.get(n)["id"].astype(str)) for n in shown)
    key = (repr(picture), size, ids)
    button_col.download_button(
        _("Download image"),
        lambda: _image_file(key, size, visible, picture),
        file_name=image.file_name(on, size, chapter_id=image.chapter_slug(chapter)),
        mime=image.MIMES[kind],
        key=keys.DOWNLOAD_IMAGE,
        icon=":material/image:",
        on_click="ignore",
    )


def appeals(rows: Sequence[Mapping], dataset_date: str | None) -> None:
    """Draw the two buttons of the appeals for help: CSV and JSON, each made on click."""
    if not rows:
        return
    st.caption(
        ngettext(
            "The {count} appeal for help, with its sources and the dataset date:",
            "The {count} appeals for help, with their sources and the dataset date:",
            len(rows),
        ).format(count=len(rows))
    )
    left, right, _rest = st.columns([1, 1, 2])
    for col, ext, make, mime, key in (
        (left, "csv", record_export.to_csv, record_export.CSV_MIME, keys.DOWNLOAD_APPEALS_CSV),
        (right, "json", record_export.to_json, record_export.JSON_MIME, keys.DOWNLOAD_APPEALS_JSON),
    ):
        col.download_button(
            _("Appeals ({format})").format(format=ext.upper()),
            functools.partial(make, rows, dataset_date),
            file_name=record_export.file_name(dataset_date, ext),
            mime=mime,
            key=key,
            icon=":material/download:",
            on_click="ignore",
        )
