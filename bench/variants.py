"""Changes to the app that the benchmark can try without editing it.

``bench/variant_app.py`` applies the patches named in $CSTO_BENCH_VARIANTS (comma-separated)
and then runs ``dashboard/app.py`` unchanged, so a proposal is measured against the app as it
is (``--variants NAME``). Add a patch to ``PATCHES``: a function that replaces what it changes
in the ``dashboard`` modules.

No proposal is pending: the two measured last (downloads made on click, rings sent as
delta-encoded polylines) are now in the app. ``no-after-map`` is a yardstick, not a proposal:
it leaves out everything drawn under the map (table, record, timeline, downloads), to show
what those parts cost a filter change. ``whole-page`` is the app without its "map first"
machinery (``dashboard/views/progressive.py``): the first run draws everything, and every
change reruns the whole page once, so what that machinery buys can be measured.
"""

from __future__ import annotations

from collections.abc import Callable

PATCHES: dict[str, Callable[[], None]] = {}


_APPLIED: set[str] = set()


def apply(names: list[str]) -> None:
    """Apply the named patches once per process (Streamlit reruns the script that calls this)."""
    for name in names:
        if name not in PATCHES:
            raise SystemExit(f"unknown variant {name!r}; known: {', '.join(PATCHES) or 'none'}")
        if name not in _APPLIED:
            PATCHES[name]()
            _APPLIED.add(name)


def _no_after_map() -> None:
    from dashboard.views import downloads, record, table, timeline

    for mod, name in (
        (table, "render"),
        (record, "render"),
        (timeline, "render"),
        (downloads, "render"),
        (downloads, "appeals"),
    ):
        setattr(mod, name, lambda *a, **k: None)


PATCHES["no-after-map"] = _no_after_map


def _whole_page() -> None:
    import streamlit as st

    from dashboard.views import progressive

    # The first run draws the sidebar and everything under the map.
    progressive.rest_due = lambda: True
    # The map is never asked to report, so no hand-over run and no fallback timer.
    progressive.report = lambda inputs, first: None
    progressive.follow_report = lambda: None
    progressive.wait_for_map = lambda: None
    # The controls and the map are no fragment: a change reruns the page once, whole.
    # (dashboard/app.py is run again each rerun and reads st.fragment as it decorates.)
    fragment = st.fragment

    def only_other_fragments(func=None, **kwargs):
        if func is not None and func.__name__ == "_controls_and_map":
            return func
        return fragment(func, **kwargs) if func is not None else fragment(**kwargs)

    st.fragment = only_other_fragments


PATCHES["whole-page"] = _whole_page
