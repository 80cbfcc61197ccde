"""Messages about the data: what was left out and why, and that changed files were reloaded."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.logic import problems as text
from dashboard.logic.i18n import N_, _
from dashboard.views import keys
from geodata.schema.problem import Problem

RELOADED = N_("Data files changed on disk: reloaded.")


def render(problems: Sequence[Problem], intro: str | None = None) -> None:
    """Name every problem (file, feature, field) in a box whose lines wrap."""
    if not problems:
        return
    st.warning(text.markdown(problems, intro or text.left_out(problems)), icon=":material/warning:")


def reloaded(digest: str) -> None:
    """Say so when the data files changed since this session's last run."""
    seen = st.session_state.get(keys.DATA_DIGEST)
    st.session_state[keys.DATA_DIGEST] = digest
    if seen is not None and seen != digest:
        st.info(_(RELOADED), icon=":material/sync:")
