"""The sidebar uploader; the layer lives in this browser session only."""

from __future__ import annotations

import streamlit as st

from dashboard import upload
from dashboard.logic import export, i18n
from dashboard.logic.i18n import _, ngettext
from dashboard.views import keys, state
from dashboard.views import map as map_view

# The colour the map draws a user's layer in (map.build.user_layer's), for its legend line.
COLOUR = "#0072B2"


@st.cache_data(show_spinner=False, max_entries=16)
def _read_upload(name: str, data: bytes, lang: str) -> upload.UploadResult:
    # ``lang`` is part of the key: the report is written in the reader's language.
    return upload.read_upload(name, data)


def render() -> upload.UploadResult | None:
    """Draw the uploader and its report; return the upload when it could be read."""
    sb = st.sidebar
    sb.header(_("Your layer"))
    limits = upload.DEFAULT_LIMITS
    file = sb.file_uploader(
        _("Add your own layer"),
        type=["geojson", "json", "gpkg", "kml", "kmz", "csv", "zip"],
        key=keys.UPLOAD_FILE,
        help=_(
            "GeoJSON, GeoPackage, KML, CSV with lat/lon columns or a zipped Shapefile; up to "
            "{megabytes} MB and {features} features. It stays in this browser session and is "
            "never saved on the server."
        ).format(
            megabytes=limits.max_bytes // 1_000_000,
            features=i18n.format_number(limits.max_features),
        ),
    )
    if file is None:
        return None
    with st.spinner(_("Reading your file…")):
        result = _read_upload(file.name, file.getvalue(), i18n.current())
    # st.text everywhere below: text from the file is never read as Markdown or HTML.
    sb.text(_("Layer: {name}").format(name=result.layer_name))
    if result.error:
        sb.error(_("This file was refused:"))
        sb.text(result.error)
    else:
        sb.success(result.report.summary())
    if result.report.lines():
        with sb.expander(_("Upload report")):
            st.text("\n".join(result.report.lines()))
    if not result.ok:
        return None
    if st.session_state.get(keys.UPLOAD_FRAMED) != file.file_id:
        # A new layer: the map moves to show all of it, once.
        st.session_state[keys.UPLOAD_FRAMED] = file.file_id
        view = map_view.frame_of([result.gdf])
        if view is not None:
            state.move(*view)
    return result


def legend(result: upload.UploadResult, title: str) -> None:
    """The user's layer's line in the legend: its colour, its title, how many features."""
    n = len(result.gdf)
    swatch = (
        f'<span style="display:inline-block;width:14px;height:14px;border-radius:50%;'
        f"background:{COLOUR};border:2px solid #fff;box-shadow:0 0 0 1px {COLOUR};"
        'vertical-align:middle;margin-right:6px"></span>'
    )
    # The file's own name is shown as text only, never as HTML.
    count = ngettext("{count} feature", "{count} features", n).format(count=i18n.format_number(n))
    st.html(f'<div class="csto-legend">{swatch}<b>{title}</b> · {count}</div>')
    st.text(result.layer_name)


def download(result: upload.UploadResult, title: str) -> None:
    """The button that gives the user's layer back as GeoJSON."""
    st.download_button(
        f"{title} ({len(result.gdf)})",
        result.to_geojson().encode("utf-8"),
        file_name=f"{export.slug(result.layer_name) or 'my-layer'}.geojson",
        mime=export.MIME,
        key=keys.DOWNLOAD_UPLOAD,
        icon=":material/download:",
    )
