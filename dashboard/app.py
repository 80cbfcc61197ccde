"""Streamlit entry point: read the widgets, call the plain modules, render.

Run with ``streamlit run dashboard/app.py`` (or ``make run``).
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the repository root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from dashboard import (  # noqa: E402
    about,
    export,
    filters,
    layers,
    mapview,
    offline,
    popups,
    style,
    upload,
)

st.set_page_config(page_title="CSTO map", page_icon="🗺️", layout="wide")

USER_LAYER = "Your layer"


@st.cache_resource(show_spinner=False)
def _vendor_ready() -> bool:
    offline.ensure_vendor()
    return True


@st.cache_data(show_spinner=False)
def _load(directory: str) -> layers.Layers:
    return layers.load_layers(Path(directory))


@st.cache_data(show_spinner=False)
def _dataset_date(directory: str) -> str | None:
    return layers.dataset_date(Path(directory))


@st.cache_data(show_spinner="Reading your file…", max_entries=16)
def _read_upload(name: str, data: bytes) -> upload.UploadResult:
    return upload.read_upload(name, data)


def _upload_panel() -> upload.UploadResult | None:
    """Sidebar uploader; the layer lives in this browser session only."""
    sb = st.sidebar
    sb.header("Your layer")
    limits = upload.DEFAULT_LIMITS
    file = sb.file_uploader(
        "Add your own layer",
        type=["geojson", "json", "gpkg", "kml", "kmz", "csv", "zip"],
        key="upload_file",
        help=(
            "GeoJSON, GeoPackage, KML, CSV with lat/lon columns or a zipped Shapefile; "
            f"up to {limits.max_bytes // 1_000_000} MB and {limits.max_features:,} features. "
            "It stays in this browser session and is never saved on the server."
        ),
    )
    if file is None:
        return None
    result = _read_upload(file.name, file.getvalue())
    # st.text everywhere below: text from the file is never read as Markdown or HTML.
    sb.text(f"Layer: {result.layer_name}")
    if result.error:
        sb.error("This file was refused:")
        sb.text(result.error)
    else:
        sb.success(result.report.summary())
    if result.report.lines():
        with sb.expander("Upload report"):
            st.text("\n".join(result.report.lines()))
    return result if result.ok else None


def _sidebar(data: layers.Layers) -> tuple[filters.Selection, tuple[str, ...], str]:
    sb = st.sidebar
    sb.header("Layers")
    shown = tuple(
        name
        for name in mapview.DRAW_ORDER
        if sb.checkbox(mapview.LAYER_TITLES[name], value=True, key=f"show_{name}")
    )
    basemap = sb.selectbox(
        "Basemap", list(mapview.BASEMAPS), key="basemap", help="Online tiles need internet."
    )

    sb.header("Filters")
    names = dict(zip(data.countries["iso3"], data.countries["name"], strict=True))
    picked: list[str] = []
    for group, ids in filters.country_groups(data.countries).items():
        picked += sb.multiselect(
            filters.GROUP_LABELS[group],
            ids,
            format_func=lambda iso: names.get(iso, iso),
            key=f"countries_{group}",
            placeholder="All",
        )
    types = [t for t in style.FACILITY_SYMBOLS if t in set(data.facilities["facility_type"])]
    facility_types = sb.multiselect("Facility type", types, key="facility_types", placeholder="All")
    statuses = sorted(set(data.facilities["status"]))
    facility_statuses = sb.multiselect(
        "Facility status", statuses, key="facility_statuses", placeholder="All"
    )
    zone_names = dict(zip(data.conflicts["id"], data.conflicts["name"], strict=True))
    zones = sb.multiselect(
        "Conflict zone",
        list(zone_names),
        format_func=lambda cid: zone_names.get(cid, cid),
        key="zones",
        placeholder="All",
    )
    selection = filters.Selection(
        countries=tuple(picked),
        facility_types=tuple(facility_types),
        facility_statuses=tuple(facility_statuses),
        zones=tuple(zones),
    )
    return selection, shown, basemap


def _downloads(
    shown_layers: layers.Layers,
    selection: filters.Selection,
    shown: tuple[str, ...],
    dataset_date: str | None,
) -> None:
    st.subheader("Download what the map shows")
    meta = {
        "filters": dataclasses.asdict(selection),
        "dataset_date": dataset_date,
        "attribution": mapview.ATTRIBUTION,
    }
    cols = st.columns(len(shown) + 1)
    for col, name in zip(cols, shown, strict=False):
        gdf = shown_layers.get(name)
        col.download_button(
            f"{mapview.LAYER_TITLES[name]} ({len(gdf)})",
            export.to_bytes(export.feature_collection(gdf, name), meta),
            file_name=export.export_name(name, selection),
            mime=export.MIME,
            key=f"download_{name}",
            icon=":material/download:",
        )
    frames = {name: shown_layers.get(name) for name in shown}
    total = sum(len(f) for f in frames.values())
    cols[-1].download_button(
        f"All layers shown ({total})",
        export.to_bytes(export.combined_collection(frames), meta),
        file_name=export.export_name("all", selection),
        mime=export.MIME,
        key="download_all",
        icon=":material/download:",
        disabled=not shown,
    )


def main() -> None:
    _vendor_ready()
    directory = str(layers.geodata_dir())
    st.title("The CSTO on a map")
    st.caption(
        "Members of the Collective Security Treaty Organization, Russian military facilities "
        "in member states, and the conflicts around them. Click a feature for its details "
        "and sources."
    )
    try:
        data = _load(directory)
    except layers.LayerError as exc:
        st.error(
            "The map data could not be loaded. Rebuild it with `python -m geodata.build` "
            f"and check it with `python -m geodata.validate`.\n\n```\n{exc}\n```"
        )
        st.stop()
    data = data.replace(countries=layers.with_status(data.countries))
    selection, shown, basemap = _sidebar(data)
    uploaded = _upload_panel()
    visible = filters.apply_selection(data, selection)

    names = dict(zip(data.countries["iso3"], data.countries["name"], strict=True))
    groups = mapview.build_layers(
        visible.countries,
        visible.facilities,
        visible.conflicts,
        basemap=basemap,
        show=shown,
        country_names=names,
        # A fixed title: text from the file never reaches folium's own templates.
        extra={USER_LAYER: mapview.user_layer(uploaded.gdf, USER_LAYER)} if uploaded else None,
    )
    clicked = st_folium(
        mapview.base_map(),
        key="map",
        height=mapview.MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=groups,
        layer_control=mapview.layer_control(),
        returned_objects=["last_object_clicked_tooltip"],
    )
    if shown and not any(len(visible.get(n)) for n in shown):
        st.info("Nothing matches these filters. Clear a filter in the sidebar to see more.")
    st.html(style.legend_html())
    counts = ", ".join(f"{len(visible.get(n))} {mapview.LAYER_TITLES[n].lower()}" for n in shown)
    st.caption(f"Showing {counts or 'no layers'}. {mapview.ATTRIBUTION}; sources per feature.")

    found = popups.find_by_tooltip(
        {n: visible.get(n) for n in shown}, (clicked or {}).get("last_object_clicked_tooltip")
    )
    if found:
        layer, props = found
        with st.container(border=True, key="details"):
            st.html(style.PANEL_CSS + popups.details_html(layer, props, names))

    _downloads(visible, selection, shown, _dataset_date(directory))
    if uploaded is not None:
        st.download_button(
            f"{USER_LAYER} ({len(uploaded.gdf)})",
            uploaded.to_geojson().encode("utf-8"),
            file_name=f"{export.slug(uploaded.layer_name) or 'my-layer'}.geojson",
            mime=export.MIME,
            key="download_upload",
            icon=":material/download:",
        )

    with st.expander("About this map and its data", expanded=False):
        st.markdown(
            about.about_markdown(
                _dataset_date(directory),
                len(about.source_urls([data.countries, data.facilities, data.conflicts])),
            )
        )


main()
