"""The search box's results: pick one, the map moves there and its details open."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import partial

import streamlit as st

from dashboard.logic import i18n, popups, search
from dashboard.logic.i18n import _, ngettext
from dashboard.logic.layers import LAYER_LABELS, LAYER_NAMES, Layers
from dashboard.views import keys, state


def _label(m: search.Match, names: Mapping[tuple[str, str], str] | None = None) -> str:
    # The feature by its name in the reader's language, and the name the query matched.
    name = (names or {}).get((m.layer, m.id), m.name)
    said = _(" (as {name})").format(name=m.matched) if m.matched not in (m.name, name) else ""
    return f"{name}{said} · {_(LAYER_LABELS[m.layer]).lower()}"


def shown_names(data: Layers) -> dict[tuple[str, str], str]:
    """Each feature's name as the reader reads it (Russian where the data has one)."""
    return {
        (layer, str(props["id"])): popups.display_name(props)
        for layer in LAYER_NAMES
        for props in data.get(layer).drop(columns="geometry").to_dict("records")
    }


def _missed(query: str, slot) -> None:
    """A search that finds nothing clears the selection once, and says both."""
    miss = query.strip()
    if st.session_state.get(keys.HIT_SEEN) == "from-link":
        # A shared link's own selection wins over its search text.
        st.session_state[keys.SEARCH_MISS] = miss
    if st.session_state.get(keys.SEARCH_MISS) != miss:
        st.session_state[keys.SEARCH_MISS] = miss
        st.session_state[keys.HIT_SEEN] = None
        state.clear()
    cleared = "" if keys.SEL in st.session_state else " " + _("Nothing is selected.")
    said = _("No facility, country or conflict zone is called “{query}”.").format(query=miss)
    slot.warning(said + cleared)


def render(
    index: list[search.Entry], query: str, slot, data: Layers | None = None
) -> search.Match | None:
    """Show the hits of ``query`` in ``slot`` (a sidebar container); select and zoom to a
    newly picked one. A query without hits clears the selection."""
    if not query.strip():
        st.session_state.pop(keys.SEARCH_MISS, None)
        return None
    hits = search.search(index, query)
    sb = slot
    if not hits:
        _missed(query, sb)
        return None
    st.session_state.pop(keys.SEARCH_MISS, None)
    hit = hits[0]
    names = shown_names(data) if data is not None and i18n.current() != i18n.DEFAULT else {}
    label = partial(_label, names=names)
    if len(hits) > 1:
        # One widget per query: the choices of an earlier query mean nothing for this one.
        # A radio, not a drop-down: its labels wrap, so long names are read whole.
        digest = hashlib.sha1(query.encode()).hexdigest()[:8]
        hit = sb.radio(
            ngettext("{n} match", "{n} matches", len(hits)).format(n=len(hits)),
            hits,
            format_func=label,
            key=keys.search_pick(digest),
        )
    else:
        sb.caption(_("Found {what}.").format(what=label(hit)))
    key = f"{hit.layer}:{hit.id}"
    seen = st.session_state.get(keys.HIT_SEEN)
    st.session_state[keys.HIT_SEEN] = key
    if seen not in (key, "from-link"):
        state.select(hit.layer, hit.id, (*hit.center, hit.zoom))
    return hit
