"""Every session-state and widget key of the app, defined once.

A widget's key is also where Streamlit keeps its value, so the link (``views/urlstate``) seeds
the widgets by writing these keys, and ``views/sidebar.current`` reads them back before the
sidebar is drawn. Keys starting with ``_`` are bookkeeping no widget owns. No Streamlit here.
"""

from __future__ import annotations

# The sidebar's widgets: the user's choices.
LANG = "lang"  # the reader's language (the picker at the top of the sidebar)
DATE = "date"  # the map date
PAST = "past"  # also show what had ended by then
WITHIN = "within"  # facilities within this many km of an active conflict zone
QUERY = "q"  # the search text
BASEMAP = "basemap"
SHOW_ARMS = "show_arms"  # draw the arms transfers (not a layer of the layers file)
VOTES = "votes"  # colour countries by: "" alliance status, else a resolution's id
FACILITY_TYPES = "facility_types"
FACILITY_STATUSES = "facility_statuses"
ZONES = "zones"
SYNTHETIC_POINTS = "synthetic_points"  # how many SYNTHETIC test points
SYNTHETIC_TYPES = "synthetic_types"
# The date controls beside the slider (see views/timecontrols).
DATE_BOX = "date_box"  # the typed date (text); mirrors DATE
DATE_BOX_ERROR = "_date_box_error"  # what was wrong with the date last typed
PLAY = "play"  # the map date is playing forward
SPEED = "speed"  # how far each tick of play moves (a key of logic.timesteps.SPEEDS)
PREV_EVENT = "prev_event"
NEXT_EVENT = "next_event"
PLAY_BUTTON = "play_button"
PLAY_HELD = "_play_held"  # the event day play has already paused on
PLAY_IN_RUN = "_play_in_run"  # the player is being drawn by a whole-app run, not its timer


def countries(group: str) -> str:
    """The key of one country group's multiselect (``members``, ``former``, ``neighbours``)."""
    return f"countries_{group}"


def show(layer: str) -> str:
    """The key of one layer's checkbox."""
    return f"show_{layer}"


# Components that hand a value back: the map, the table and the timeline.
MAP = "map"
TIMELINE = "timeline"
TIMELINE_ALL = "timeline_all"  # the timeline shows every event, not only the filtered ones


def table(layer: str) -> str:
    """The key of one layer's table (one tab per layer)."""
    return f"table_{layer}"


# The selection and the map view (see views/state).
SEL = "sel"  # (layer, id) of the selected feature
VIEW = "view"  # (lat, lon, zoom) the app last moved the map to
NAV = "_nav"  # how many times the app moved the map
BY_CLICK = "_sel_by_click"  # the selection came from a click on the map
HOME = "_home"  # (lat, lon, zoom) the map starts at: a shared link's view, fixed per session

# Bookkeeping, once per event.
CLICK_SEEN = "_click_seen"  # the map click already turned into a selection
HIT_SEEN = "_hit_seen"  # the search result already acted on ("from-link": the link's own)
TABLE_ROWS = "_table_rows"  # (layer, id, view) of each table row as last drawn
URL_SEEDED = "_url_seeded"  # the link's values are in the widgets
URL_NOTES = "_url_notes"  # what of the link was ignored, and why
PAGE_SEEN = "_page_seen"  # the session has run the script before (map first)
PAGE_TICKED = "_page_fallback_ticked"  # the map-first fallback timer has fired
APP_RUN = "_app_run"  # the whole app is running (not the controls-and-map fragment alone)
REPORT = "_map_report"  # the number the map reports back once it has drawn its state
REPORTED = "_map_reported"  # the last number the map reported
REST_WAITING = "_rest_waiting"  # the parts under the map wait for the map's report
REST_INPUTS = "_rest_inputs"  # what the parts under the map were last drawn from
DATA_DIGEST = "_data_digest"  # digest of the data files the last run drew
SEARCH_MISS = "_search_miss"  # the failed search whose selection was already cleared

# The reading layout (see views/reading): the map's box and the panel beside or under it.
READING = "reading"
READING_MAP = "reading_map"
READING_PANEL = "reading_panel"
EVENT_NOTE = "event_note"  # the panel's word on what happened on the day moved to
EVENT_DAY = "_event_day"  # the day an event step or a timeline click moved the map to
EVENT_FRESH = "_event_fresh"  # that move is new: select the day's feature once

# Keys of other widgets, named so no two parts of the page share one by chance.
DETAILS = "details"
CLEAR_SEL = "clear_sel"
URL_NOTES_BOX = "url_notes"
UPLOAD_FILE = "upload_file"
UPLOAD_FRAMED = "_upload_framed"  # the upload the map last moved to frame
DOWNLOAD_UPLOAD = "download_upload"
DOWNLOAD_ALL = "download_all"
DOWNLOAD_OTHER = "download_other"
DOWNLOAD_ARMS = "download_arms"
EXPORT_FORMAT = "export_format"
RECORD = "record"  # the record panel: appeals for help and how they were answered
DOWNLOAD_APPEALS_CSV = "download_appeals_csv"
DOWNLOAD_APPEALS_JSON = "download_appeals_json"


def download(layer: str) -> str:
    """The key of one layer's GeoJSON download button."""
    return f"download_{layer}"


def search_pick(digest: str) -> str:
    """The key of the search results' radio, one per distinct list of results."""
    return f"q_pick_{digest}"


ZOOM_TO_SELECTION = "zoom_to_selection"


# Story mode (see views/story): the picker, the open chapter and the panel's controls.
STORY = "story"  # the story picker: a story id, or "" for none
STORY_CHAPTER = "_story_chapter"  # 0-based index of the chapter shown
STORY_SEEDED = "_story_seeded"  # the link's story and chapter were read
STORY_NOTES = "_story_notes"  # what of the link's story part was ignored
STORY_PANEL = "story_panel"
STORY_LIST = "story_chapter_list"
STORY_PREV = "story_prev"
STORY_NEXT = "story_next"
STORY_LEAVE = "story_leave"
STORY_FREE = "_story_free"  # the free map (filters, layers, date, view) kept when a story opened
RESET_MAP = "reset_map"
# The publication image: its title box, its size, its download button.
IMAGE_TITLE = "image_title"
IMAGE_SIZE = "image_size"
DOWNLOAD_IMAGE = "download_image"
