"""Tooltip and details HTML built from feature properties; every data value is escaped."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from html import escape, unescape
from urllib.parse import urlsplit

import pandas as pd
from babel.numbers import format_decimal

from dashboard.logic.asof import to_date
from dashboard.logic.dated import source_title
from dashboard.logic.i18n import N_, _, current, format_number, locale, ngettext
from dashboard.logic.known import DATE_FIELDS, field_as_known
from dashboard.logic.style import STATUS_LABELS, label

TODAY_FIELDS = ("csto_status", "status_today")
# Rows of the details table per layer, in reading order: (property, label).
DETAIL_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "countries": (
        ("name_ru", N_("Russian name")),
        ("iso3", N_("ISO 3166 code")),
        ("status", N_("Status on the map date")),
        ("csto_status", N_("CSTO status today")),
        ("vote", N_("Vote")),
        ("membership", N_("Membership periods")),
        ("frozen", N_("Frozen participation")),
        ("role", N_("Role")),
        ("notes", N_("Notes")),
    ),
    "facilities": (
        ("name_ru", N_("Russian name")),
        ("alt_names", N_("Other names")),
        ("facility_type", N_("Type")),
        ("country", N_("Host country")),
        ("operator", N_("Operator")),
        ("status", N_("Status on the map date")),
        ("status_today", N_("Status today")),
        ("opened", N_("Opened")),
        ("closed", N_("Closed")),
        ("precision_m", N_("Location precision")),
        ("location_basis", N_("What the point marks")),
        ("confidence", N_("Confidence")),
        ("description", N_("Description")),
        ("conflict_km", N_("Nearest active conflict zone")),
        ("border_km", N_("Nearest international border")),
        ("id", N_("Identifier")),
    ),
    "conflicts": (
        ("name_ru", N_("Russian name")),
        ("kind", N_("Kind")),
        ("countries", N_("Countries")),
        ("start", N_("Start")),
        ("end", N_("End")),
        ("csto_response_kind", N_("CSTO response")),
        ("csto_response", N_("What the CSTO did")),
        ("description", N_("Description")),
        ("geometry_method", N_("How the shape was drawn")),
        ("id", N_("Identifier")),
    ),
}

# What a facility's name says of its end ("12th Military Base, Batumi (withdrawn)"): on a
# map date before that end, later knowledge, so the name is shown without it.
_LATER_WORDS = re.compile(r"\s*\((?:withdrawn|handed over|closed|until the base opened)\)\s*$")


def name_on(name: str, closed: object, on: date) -> str:
    """The name as it read on ``on``: without the words about an end that came later."""
    end = to_date(closed, end=True)
    if end is not None and on < end:
        return _LATER_WORDS.sub("", name)
    return name


def named_on(facilities: pd.DataFrame, on: date) -> pd.DataFrame:
    """A copy of ``facilities`` with each name as it read on ``on`` (see ``name_on``)."""
    out = facilities.copy()
    out["name"] = [name_on(str(n), c, on) for n, c in zip(out["name"], out["closed"], strict=True)]
    return out


SUBTITLE_FIELD = {"countries": "status", "facilities": "facility_type", "conflicts": "kind"}


def display_name(props: Mapping[str, object]) -> str:
    """A feature's name in the reader's language: its ``name_ru`` in Russian where the data
    has one, else ``name``."""
    if current() == "ru" and not is_missing(props.get("name_ru")):
        return str(props["name_ru"])
    name = props.get("name")
    return str(props.get("id", "") if is_missing(name) else name)


def text(value: object) -> str:
    """Escape ``value`` for HTML, and also for a JavaScript template literal.

    html.escape leaves backticks, ``$`` and backslashes alone; some Leaflet helpers put
    HTML inside template literals, where ``${...}`` would run.
    """
    out = escape(str(value), quote=True)
    return out.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def is_missing(value: object) -> bool:
    """Return True for None, NaN and empty strings or lists."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str | list | tuple) and len(value) == 0


def safe_url(url: object) -> str | None:
    """Return ``url`` if it is an absolute http(s) URL, else None (no javascript: links)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _as_list(value: object) -> list[object]:
    if is_missing(value):
        return []
    if isinstance(value, list | tuple):
        return list(value)
    if hasattr(value, "tolist"):
        return list(value.tolist())
    return [value]


COUNTRY_FIELDS = ("country", "countries")
# Distance fields and the field naming what they measure to; the app joins both in.
KM_FIELDS = {"conflict_km": "nearest_conflict", "border_km": "nearest_border"}


def _km(value: object) -> str:
    try:
        km = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return text(value)
    shown = format_decimal(km, format="#,##0.0", locale=locale())
    return text(_("{km} km").format(km=shown))


def format_value(field: str, value: object, names: Mapping[str, str] | None = None) -> str:
    """Return the escaped HTML for one property value; ISO3 codes get names from ``names``."""
    if field in COUNTRY_FIELDS and names:
        codes = [str(v) for v in _as_list(value)]
        return text(", ".join(f"{names[c]} ({c})" if c in names else c for c in codes))
    if field in KM_FIELDS:
        return _km(value)
    if field == "precision_m":
        try:
            metres = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return text(value)
        if metres >= 1000:
            words = _("within about {km} km").format(km=format_number(metres / 1000))
        else:
            words = _("within about {metres} m").format(metres=format_number(metres))
        return text(words)
    if isinstance(value, list | tuple) or hasattr(value, "tolist"):
        return text(", ".join(str(v) for v in _as_list(value)))
    if field in ("membership", "frozen") and isinstance(value, str):
        today = " – " + _("today")
        periods = [p.replace("/..", today).replace("/", " – ") for p in value.split(";")]
        return "<br>".join(text(p.strip()) for p in periods if p.strip())
    return text(label(field, value))


def sources_html(sources: object, registry: Mapping[str, Mapping] | None = None) -> str:
    """Return the sources as a list of links named from ``registry``
    (``logic.dated.source_title``);
    anything not http(s) is shown as plain text."""
    items = []
    for src in _as_list(sources):
        url = safe_url(src)
        if url:
            items.append(
                f'<li><a href="{text(url)}" target="_blank" rel="noopener noreferrer">'
                f"{text(source_title(url, registry or {}))}</a></li>"
            )
        else:
            items.append(f"<li>{text(src)}</li>")
    if not items:
        none = text(_("No source given."))
        return f"<p>{none}</p>"
    return '<ul class="csto-sources">' + "".join(items) + "</ul>"


def tooltip_html(layer: str, props: Mapping[str, object]) -> str:
    """Return the one-line hover text of a feature: name and what it is."""
    name = display_name(props)
    field = SUBTITLE_FIELD.get(layer, "")
    sub = props.get(field, "")
    if layer == "countries":
        # The status the map colours by (on the chosen date), else the dataset's.
        status = sub if not is_missing(sub) else props.get("csto_status", "")
        sub = _(STATUS_LABELS[str(status)]) if str(status) in STATUS_LABELS else status
    elif not is_missing(sub):
        sub = label(field, sub)
    extra = ""
    if layer == "countries" and not is_missing(props.get("vote")):
        # The map is coloured by a resolution's votes: the hover text says the vote.
        vote = _("Vote on {resolution}: {vote}").format(
            resolution=props.get("vote_on", ""), vote=label("vote", props.get("vote"))
        )
        extra = f" · {text(vote)}"
    status = props.get("status")
    if layer == "facilities" and not is_missing(status) and status != "active":
        extra = f", {text(label('status', status))}"
    if is_missing(sub):
        return f"<b>{text(name)}</b>{extra}"
    return f"<b>{text(name)}</b> · {text(sub)}{extra}"


def details_rows(
    layer: str, props: Mapping[str, object], names: Mapping[str, str] | None = None
) -> Iterable[tuple[str, str]]:
    """Yield (label, escaped value HTML) for every meaningful property of a feature."""
    russian = current() == "ru"
    for field, words in DETAIL_FIELDS.get(layer, ()):
        heading = _(words)
        if field == "name_ru" and russian:
            # The title is the Russian name already: the row gives the English one.
            field, heading = "name", _("English name")
        value = props.get(field)
        if field == "vote" and not is_missing(value):
            heading = _("Vote on {resolution}").format(resolution=props.get("vote_on", ""))
        if field in TODAY_FIELDS and value == props.get("status"):
            continue  # today's status only where it differs from the map date's
        if is_missing(value):
            if field in ("closed", "end"):
                yield heading, "—" if field == "closed" else text(_("ongoing"))
            continue
        if field in DATE_FIELDS:
            # As precisely as known: a month stays a month, never its first day.
            shown = text(field_as_known(props, field) or value)
        else:
            shown = format_value(field, value, names)
        if field in KM_FIELDS and not is_missing(props.get(KM_FIELDS[field])):
            shown += f" ({text(props.get(KM_FIELDS[field]))})"
        yield heading, shown


def details_html(
    layer: str,
    props: Mapping[str, object],
    names: Mapping[str, str] | None = None,
    registry: Mapping[str, Mapping] | None = None,
    how_we_know: str = "",
) -> str:
    """Return the click-details HTML of a feature: title, property table, source links.

    ``names`` maps ISO3 codes to country names for the host and involved countries;
    ``registry`` (source entries by URL) names the source links; ``how_we_know`` (HTML from
    ``logic.howweknow``) goes between the table and the sources.
    """
    name = display_name(props)
    sources = text(_("Sources"))
    rows = "".join(
        f"<tr><th>{text(heading)}</th><td>{value}</td></tr>"
        for heading, value in details_rows(layer, props, names)
    )
    return (
        f'<div class="csto-popup"><h4>{text(name)}</h4>'
        f"<table>{rows}</table>"
        f"{how_we_know}"
        f"<div><b>{sources}</b></div>"
        f"{sources_html(props.get('sources'), registry)}</div>"
    )


# What the short popup on the map says under the name, per layer: (property, label).
POPUP_DATES = {
    "countries": (("membership", N_("Member")),),
    "facilities": (("opened", N_("Opened")), ("closed", N_("Closed"))),
    "conflicts": (("start", N_("From")), ("end", N_("to"))),
}
POPUP_LINE_CHARS = 100


def _one_line(value: object) -> str:
    line = " ".join(str(value).split())
    if len(line) <= POPUP_LINE_CHARS:
        return line
    return line[: POPUP_LINE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def popup_html(
    layer: str, props: Mapping[str, object], names: Mapping[str, str] | None = None
) -> str:
    """Return the short popup of a feature on the map: name, what it is, its dates and one line
    of description; the details panel by the map holds the rest, sources included."""
    name = display_name(props)
    kind = tooltip_html(layer, props).partition(" · ")[2]
    dates = []
    for field, words in POPUP_DATES.get(layer, ()):
        value = props.get(field)
        if not is_missing(value):
            # In Russian the date is written out as in the details (English keeps the text).
            russian = current() == "ru" and field in DATE_FIELDS
            when = field_as_known(props, field) if russian else ""
            shown = text(when) if when else format_value(field, value, names)
            dates.append(f"{text(_(words))} {shown}")
        elif field == "end":
            dates.append(text(_("ongoing")))
    about = next(
        (props.get(f) for f in ("description", "notes", "role") if not is_missing(props.get(f))),
        None,
    )
    parts = [f"<h4>{text(name)}</h4>"]
    if kind:
        parts.append(f"<div>{kind}</div>")
    if dates:
        parts.append(f"<div>{' · '.join(dates)}</div>")
    if about is not None:
        parts.append(f"<p>{text(_one_line(about))}</p>")
    more = text(_("Details and sources in the panel by the map."))
    parts.append(f'<div class="csto-more">{more}</div>')
    return f'<div class="csto-popup csto-popup-short">{"".join(parts)}</div>'


def plain_text(html: str) -> str:
    """Return the visible text of our own tooltip HTML, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def find_by_tooltip(
    frames: Mapping[str, object], tooltip: str | None
) -> tuple[str, dict[str, object]] | None:
    """Return (layer, properties) of the feature whose hover text is ``tooltip``, or None.

    The map reports a click as the clicked feature's tooltip text; this maps it back.
    """
    if not tooltip:
        return None
    wanted = " ".join(str(tooltip).split())
    for layer, gdf in frames.items():
        for props in gdf.drop(columns="geometry").to_dict("records"):  # type: ignore[attr-defined]
            if plain_text(tooltip_html(layer, props)) == wanted:
                return layer, props
    return None


MAX_GENERIC_ROWS = 50
MAX_GENERIC_CHARS = 500
_LABEL_FIELDS = ("name", "title", "label", "id")


def _short(value: object) -> str:
    shown = ", ".join(map(str, _as_list(value))) if not isinstance(value, str) else value
    if len(shown) > MAX_GENERIC_CHARS:
        shown = shown[:MAX_GENERIC_CHARS] + "…"
    return shown


def generic_label(props: Mapping[str, object], index: int) -> str:
    """Return a feature's display name from common name fields, else "Feature <n>"."""
    for field in _LABEL_FIELDS:
        value = props.get(field)
        if not is_missing(value) and not isinstance(value, dict | list):
            return _short(value)
    return _("Feature {number}").format(number=index + 1)


def generic_tooltip_html(props: Mapping[str, object], index: int, layer_title: str) -> str:
    """Return hover text for a feature of any layer (e.g. an upload): its label and layer."""
    return f"<b>{text(generic_label(props, index))}</b> · {text(layer_title)}"


def generic_details_html(props: Mapping[str, object], index: int, layer_title: str) -> str:
    """Return click details listing every property of a foreign feature, escaped and cut short."""
    items = [(k, v) for k, v in props.items() if not is_missing(v)]
    rows = "".join(
        f"<tr><th>{text(_short(key))}</th><td>{text(_short(value))}</td></tr>"
        for key, value in items[:MAX_GENERIC_ROWS]
    )
    more = len(items) - MAX_GENERIC_ROWS
    note = ""
    if more > 0:
        words = ngettext("… and {n} more property", "… and {n} more properties", more)
        note = f"<p>{text(words.format(n=more))}</p>"
    return (
        f'<div class="csto-popup"><h4>{text(generic_label(props, index))}</h4>'
        f"<div>{text(layer_title)}</div><table>{rows}</table>{note}</div>"
    )
