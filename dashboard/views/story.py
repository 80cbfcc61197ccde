"""Story mode: a picker, the chapter in the reading panel, Previous/Next and a chapter list.

A chapter sets the sidebar's own widget keys (date, layers, filters) and moves the map through
``views/state``, the way a search result does: the base map stays the same, so the map is not
remounted and the reader can still pan and zoom. Leaving the story returns to the free map the
reader had before it (a link's story: the start one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import folium
import streamlit as st

from dashboard.logic import plainwords, story
from dashboard.logic.i18n import _
from dashboard.logic.layers import LAYER_NAMES, Layers
from dashboard.map import build, highlight
from dashboard.views import charts, keys, sidebar, state

# Views are fitted to the narrowest map a story is read in: a 600 px wide embed.
FIT_WIDTH_PX = 600
NO_STORY = ""
# Beyond this length what the data say folds into "How this was computed".
SUMMARY_CHARS = 260
_PAGE_TITLE = 'div[data-testid="stElementContainer"]:has(h1)'
NARROW_CSS = (
    "<style>@media (max-width: 700px) {"
    f"{_PAGE_TITLE}, {_PAGE_TITLE} + div[data-testid='stElementContainer'] {{display: none;}}"
    "}</style>"
)


@st.cache_data(show_spinner=False, max_entries=8)
def _stories(directory: str, signature: tuple) -> list[dict]:
    # ``signature`` (file names and times) is part of the cache key: an edited story reloads.
    return story.load_stories(Path(directory))


@st.cache_data(show_spinner=False, max_entries=8)
def _sources(directory: str) -> dict[str, dict]:
    return story.load_sources(Path(directory))


def load(directory: str) -> list[dict]:
    """The data folder's stories (cached until a story file changes); [] with a warning when
    they cannot be read."""
    try:
        with st.spinner(_("Reading the stories…")):
            return _stories(directory, story.signature(Path(directory)))
    except story.StoryError as exc:
        st.warning(
            _(
                "The story files being written have problems; the stories as last built are "
                "shown. Check them with `python -m geodata.validate`."
            )
            + f"\n\n```\n{exc}\n```"
        )
        try:
            return story.load_built(Path(directory))
        except ValueError:
            return []
    except ValueError as exc:
        st.warning(_("The stories file could not be read: {error}").format(error=exc))
    return []


def _scene(chapter: Mapping, today: date) -> story.Scene:
    return story.scene(chapter, today, width_px=FIT_WIDTH_PX, height_px=build.MAP_HEIGHT)


def _apply(
    stories: Sequence[Mapping],
    story_id: str,
    index: int,
    groups: Mapping[str, list[str]],
    today: date,
    *,
    first: bool = False,
) -> None:
    """Set the map to chapter ``index`` of a story: widget keys, the view, the outline."""
    found = story.find(stories, story_id)
    if found is None:
        return
    index = max(0, min(index, len(found["chapters"]) - 1))
    sc = _scene(found["chapters"][index], today)
    ss = st.session_state
    if keys.STORY_FREE not in ss:
        # Opening a story: keep the free map the reader had, for Leave story to return to.
        free = {k: ss[k] for k in sidebar.filter_keys(groups) if k in ss}
        ss[keys.STORY_FREE] = {**free, keys.VIEW: ss.get(keys.VIEW)}
    ss[keys.DATE] = sc.date
    for group, ids in groups.items():
        ss[keys.countries(group)] = [c for c in sc.countries if c in ids]
    ss[keys.FACILITY_TYPES] = list(sc.facility_types)
    ss[keys.FACILITY_STATUSES] = list(sc.facility_statuses)
    ss[keys.ZONES] = list(sc.zones)
    ss[keys.PAST] = sc.past
    ss[keys.WITHIN] = sc.within
    for name in LAYER_NAMES:
        ss[keys.show(name)] = name in sc.shown
    ss[keys.SHOW_ARMS] = sc.arms
    # A link's chapter is where the base map starts; later chapters move it.
    (state.start if first else state.move)(*sc.view)
    # The panel shows the chapter, not the details of what was selected before it.
    state.clear()
    ss[keys.STORY] = story_id
    ss[keys.STORY_CHAPTER] = index
    ss[keys.STORY_LIST] = index


def seed(stories: Sequence[Mapping], groups: Mapping[str, list[str]], today: date) -> None:
    """On a session's first run, open the link's story at its chapter (after the link's other
    values, which the chapter overrides)."""
    ss = st.session_state
    if ss.get(keys.STORY_SEEDED):
        return
    ss[keys.STORY_SEEDED] = True
    raw = {k: st.query_params.get_all(k) for k in story.PARAMS if k in st.query_params}
    story_id, index, notes = story.parse_link(raw, stories)
    ss[keys.STORY_NOTES] = notes
    ss.setdefault(keys.STORY, NO_STORY)
    if story_id:
        _apply(stories, story_id, index, groups, today, first=True)


def notes() -> list[str]:
    """What of the link's story part was ignored, and why."""
    return list(st.session_state.get(keys.STORY_NOTES, []))


def opened(stories: Sequence[Mapping]) -> tuple[Mapping, int] | None:
    """The open story and its chapter index, or None in free exploration."""
    found = story.find(stories, st.session_state.get(keys.STORY) or None)
    if found is None:
        return None
    return found, int(st.session_state.get(keys.STORY_CHAPTER, 0))


def _picked(stories, groups, today) -> None:
    story_id = st.session_state[keys.STORY]
    if story_id:
        _apply(stories, story_id, 0, groups, today)
    else:
        _leave(groups, today)


def _leave(groups: Mapping[str, list[str]], today: date) -> None:
    # Back to the free map the reader had before the story (a link's story: the start one).
    ss = st.session_state
    ss[keys.STORY] = NO_STORY
    sidebar.reset(groups, today, ss.pop(keys.STORY_FREE, None))


def picker(stories: Sequence[Mapping], groups: Mapping[str, list[str]], today: date) -> None:
    """The story picker at the top of the sidebar; picking a story opens its first chapter."""
    if not stories:
        return
    titles = {s["id"]: story.localized(s, "title") for s in stories}
    free = _("No story: explore freely")
    st.sidebar.selectbox(
        _("Story"),
        [NO_STORY, *titles],
        format_func=lambda sid: titles.get(sid, free),
        key=keys.STORY,
        on_change=_picked,
        args=(stories, groups, today),
        help=_(
            "A guided reading: each chapter sets the date, filters and view, and tests one "
            "claim against the data."
        ),
    )


def _link_markdown(source: story.Source) -> str:
    text = source.text.replace("[", "\\[").replace("]", "\\]")
    url = source.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"- [{text}]({url})"


def _said(claim: Mapping, names: Mapping[str, str], labels: Mapping[str, str]) -> str | None:
    """What the check found, in words: in Russian the check's own Russian summary, in English
    (or when that is missing) the sentence made from the result's figures."""
    if claim.get("verdict") == plainwords.NOT_CHECKABLE:
        return None
    return story.result_summary(claim) or plainwords.sentence(claim, names, labels)


def _claim(claim: Mapping, names: Mapping[str, str], labels: Mapping[str, str]) -> None:
    with st.container(border=True):
        st.markdown(
            _("**Claim.** {statement}").format(statement=story.localized(claim, "statement"))
        )
        verdict = claim["verdict"]
        found = _said(claim, names, labels)
        short = story.shorten(found or _(plainwords.NO_DATA), SUMMARY_CHARS)
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            st.badge(
                story.verdict_label(verdict),
                color=story.verdict_colour(verdict),
                width="content",
            )
        st.markdown(_("**What the data say.** {found}").format(found=short) if found else short)
        label = story.check_label(claim)
        if found and (label or short != found):
            # A long list of rows would bury the chapter: the whole of it is one click away,
            # beside the check's call for those who want to run it again.
            with st.expander(_("How this was computed")):
                if short != found:
                    st.markdown(found)
                if label:
                    st.caption(_("The check, as the build ran it on the layers:"))
                    st.code(label, language=None, wrap_lines=True)


def _controls(stories, found: Mapping, index: int, groups, today) -> None:
    count = len(found["chapters"])
    args = (stories, found["id"])
    with st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
        st.button(
            _("Previous"),
            key=keys.STORY_PREV,
            disabled=index == 0,
            on_click=_apply,
            args=(*args, index - 1, groups, today),
            icon=":material/arrow_back:",
        )
        st.button(
            _("Next"),
            key=keys.STORY_NEXT,
            disabled=index >= count - 1,
            on_click=_apply,
            args=(*args, index + 1, groups, today),
            icon=":material/arrow_forward:",
        )
        titles = [story.localized(c, "title") for c in found["chapters"]]
        st.selectbox(
            _("Chapter"),
            range(count),
            format_func=lambda i: f"{i + 1}/{count} · {titles[i]}",
            key=keys.STORY_LIST,
            on_change=lambda: _apply(*args, st.session_state[keys.STORY_LIST], groups, today),
            label_visibility="collapsed",
            width=250,
        )
        st.button(
            _("Leave story"),
            key=keys.STORY_LEAVE,
            on_click=_leave,
            args=(groups, today),
            icon=":material/close:",
            type="tertiary",
            help=_("Back to the map as it was before the story"),
        )


def header(stories: Sequence[Mapping], groups, today: date) -> bool:
    """The open story's name, Previous / Next, the chapter list and Leave, at the top of the
    reading panel; return whether a story is open."""
    now = opened(stories)
    if now is None:
        return False
    found, index = now
    with st.container(key=keys.STORY_PANEL):
        # In a narrow frame (an embed) the story's own title stands in for the page's.
        st.html(NARROW_CSS)
        st.caption(
            _("Story: **{title}** · chapter {number} of {count}").format(
                title=story.localized(found, "title"),
                number=index + 1,
                count=len(found["chapters"]),
            )
        )
        _controls(stories, found, index, groups, today)
    return True


def chapter(
    stories: Sequence[Mapping], directory: str, data: Layers, names: Mapping[str, str]
) -> None:
    """The open chapter: its title, map date, text, the claim and what the data say, sources."""
    now = opened(stories)
    if now is None:
        return
    found, index = now
    shown = found["chapters"][index]
    st.subheader(story.localized(shown, "title"), anchor=False)
    st.caption(_("Map date: {date}").format(date=story.date_label(shown)))
    st.markdown(story.localized(shown, "text"))
    charts.draw(shown.get("charts") or (), directory, names)
    _claim(shown["claim"], names, story.feature_labels(data))
    links = story.sources(shown, _sources(directory))
    st.markdown(_("**Sources**") + "\n" + "\n".join(_link_markdown(s) for s in links))


def highlights(
    stories: Sequence[Mapping], data: Layers, names: Mapping[str, str]
) -> folium.FeatureGroup | None:
    """The open chapter's features outlined (whatever the date and filters hide), or None."""
    now = opened(stories)
    if now is None:
        return None
    found, index = now
    return highlight.outline_group(story.outlined(data, found["chapters"][index]), names)


def write_link(stories: Sequence[Mapping]) -> bool:
    """With a story open, make the address hold its story and chapter; return whether one is."""
    now = opened(stories)
    if now is None:
        return False
    found, index = now
    params = story.link(found["id"], index)
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
    return True
