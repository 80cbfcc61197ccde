"""The search box's results: pick one, the map moves there and its details open."""

from __future__ import annotations

import hashlib

import streamlit as st

from dashboard.logic import search
from dashboard.logic.layers import LAYER_LABELS
from dashboard.views import keys, state


def render(index: list[search.Entry], query: str, slot) -> search.Match | None:
    """Show the hits of ``query`` in ``slot`` (a sidebar container); select and zoom to a
    newly picked one."""
    if not query.strip():
        return None
    hits = search.search(index, query)
    sb = slot
    if not hits:
        sb.caption("No facility, country or conflict has that name.")
        return None
    hit = hits[0]
    if len(hits) > 1:
        # One widget per query: the choices of an earlier query mean nothing for this one.
        digest = hashlib.sha1(query.encode()).hexdigest()[:8]
        hit = sb.selectbox(
            f"{len(hits)} matches",
            hits,
            format_func=lambda m: (
                f"{m.name} · {LAYER_LABELS[m.layer].lower()}"
                + (f" (as {m.matched})" if m.matched != m.name else "")
            ),
            key=keys.search_pick(digest),
        )
    else:
        label = f" (as {hit.matched})" if hit.matched != hit.name else ""
        sb.caption(f"Found {hit.name}{label}.")
    key = f"{hit.layer}:{hit.id}"
    seen = st.session_state.get(keys.HIT_SEEN)
    st.session_state[keys.HIT_SEEN] = key
    if seen not in (key, "from-link"):
        state.select(hit.layer, hit.id, (*hit.center, hit.zoom))
    return hit
