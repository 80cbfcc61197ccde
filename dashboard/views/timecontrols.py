"""The date controls beside the slider: a date box, steps to the previous and next event, and
play, which moves the map date forward through the years.

Every control writes the one map date, ``keys.DATE`` (the slider's key), in a callback, so the
run that follows draws the map, the link and the other controls from it. Play runs in a
fragment with a timer: each tick moves the date (``logic.timesteps.tick``) and reruns the app,
whose map updates its layers in place — the base map and the view stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st

from dashboard.logic import asof, i18n, timesteps, urlstate
from dashboard.logic.i18n import _
from dashboard.views import keys


def defaults() -> None:
    """Start values of the play controls (a shared link may have set them already)."""
    st.session_state.setdefault(keys.PLAY, False)
    st.session_state.setdefault(keys.SPEED, timesteps.DEFAULT_SPEED)


def _typed(today: date) -> None:
    # A text field takes its value on Enter (a date picker opened its calendar instead).
    ss = st.session_state
    text = str(ss.get(keys.DATE_BOX) or "").strip()
    try:
        day = asof.to_date(text)
    except ValueError:
        day = None
    if day is None:
        ss[keys.DATE_BOX_ERROR] = _("“{text}” is not a date: type it as YYYY-MM-DD.").format(
            text=text[:20]
        )
        return
    ss[keys.DATE_BOX_ERROR] = None
    ss[keys.DATE] = min(max(day, urlstate.MIN_DATE), today)


def _step(to: date | None) -> None:
    if to is not None:
        st.session_state[keys.DATE] = to
        st.session_state[keys.PLAY] = False
        # The panel says what happened that day, and its feature is selected.
        st.session_state[keys.EVENT_DAY] = to
        st.session_state[keys.EVENT_FRESH] = True


def _toggle(today: date) -> None:
    ss = st.session_state
    ss[keys.PLAY] = not ss.get(keys.PLAY, False)
    ss[keys.PLAY_HELD] = None
    if ss[keys.PLAY] and ss[keys.DATE] >= today:
        ss[keys.DATE] = urlstate.MIN_DATE  # playing from today would end at once: start over


def render(today: date, days: Sequence[date]) -> None:
    """Draw the date box, the event steps and the play controls in the sidebar."""
    ss, sb = st.session_state, st.sidebar
    on = ss[keys.DATE]
    # The box shows the map date whichever control set it last (a mistyped date stays, with
    # a word on what was wrong).
    error = ss.get(keys.DATE_BOX_ERROR)
    if not error:
        ss[keys.DATE_BOX] = on.isoformat()
    sb.text_input(
        _("Type a date"),
        key=keys.DATE_BOX,
        on_change=_typed,
        args=(today,),
        placeholder="YYYY-MM-DD",
        help=_(
            "A day (YYYY-MM-DD), a month (YYYY-MM) or a year, from {first} to today; Enter "
            "applies it."
        ).format(first=urlstate.MIN_DATE),
    )
    if error:
        sb.error(error)
        ss[keys.DATE_BOX_ERROR] = None
    before = timesteps.previous_event(days, on)
    after = timesteps.next_event(days, on, today)
    # Short labels: the sidebar is narrow; the help says where each step goes.
    left, right = sb.columns(2)
    left.button(
        _("Event"),
        key=keys.PREV_EVENT,
        icon=":material/skip_previous:",
        on_click=_step,
        args=(before,),
        disabled=before is None,
        help=_("Previous event: {day}").format(day=_day(before))
        if before
        else _("No earlier event"),
        width="stretch",
    )
    right.button(
        _("Event"),
        key=keys.NEXT_EVENT,
        icon=":material/skip_next:",
        icon_position="right",
        on_click=_step,
        args=(after,),
        disabled=after is None,
        help=_("Next event: {day}").format(day=_day(after)) if after else _("No later event"),
        width="stretch",
    )
    playing = bool(ss.get(keys.PLAY))
    left, right = sb.columns(2, vertical_alignment="bottom")
    left.button(
        _("Pause") if playing else _("Play"),
        key=keys.PLAY_BUTTON,
        icon=":material/pause:" if playing else ":material/play_arrow:",
        on_click=_toggle,
        args=(today,),
        help=_("Move the map date forward through the years, pausing at each event."),
        width="stretch",
    )
    right.selectbox(
        _("Each step"),
        list(timesteps.SPEEDS),
        format_func=lambda k: _(timesteps.SPEEDS[k].label),
        key=keys.SPEED,
    )
    ss[keys.PLAY_IN_RUN] = True
    try:
        # The player draws nothing, so it sits where it is called (not in the sidebar): a
        # fragment inside the controls' own fragment cannot write to the sidebar.
        _player(playing)(today, tuple(days))
    finally:
        ss[keys.PLAY_IN_RUN] = False


def _day(on: date) -> str:
    # English keeps the ISO day; Russian writes the day out.
    return on.isoformat() if i18n.current() == i18n.DEFAULT else i18n.format_day(on)


def _player(playing: bool):
    # The timer exists only while playing; pausing draws the fragment without one.
    return st.fragment(_advance, run_every=timesteps.TICK_SECONDS if playing else None)


def _advance(today: date, days: tuple[date, ...]) -> None:
    ss = st.session_state
    if ss.get(keys.PLAY_IN_RUN) or not ss.get(keys.PLAY):
        return  # drawn with the page: nothing to do until the timer fires
    was = ss[keys.DATE]
    step = timesteps.tick(was, ss[keys.SPEED], days, today, ss.get(keys.PLAY_HELD))
    ss[keys.DATE], ss[keys.PLAY_HELD], ss[keys.PLAY] = step.on, step.held, step.playing
    if step.on != was or not step.playing:
        st.rerun()  # the whole page follows the new date (or shows play has ended)
