"""The layers' schema as code: fields, their kinds, vocabularies and geometry types."""

from __future__ import annotations

from dataclasses import dataclass

LAYERS = ("countries", "facilities", "conflicts")

CSTO_STATUSES = ("member", "frozen", "former", "non-member")
FACILITY_TYPES = (
    "army base",
    "air base",
    "space launch site",
    "missile test range",
    "radar",
    "naval test facility",
    "space surveillance",
    "communications",
    "border guards",
    "research facility",
    "nuclear weapons storage",
    "missile deployment",
    "support town",
)
FACILITY_STATUSES = ("active", "closed", "transferred", "disputed")
# The kinds of a facility's legal bases (geodata.schema.legal), and what each one's date is.
LEGAL_BASIS_KINDS = (
    "treaty",  # an interstate treaty signed
    "agreement",  # an intergovernmental or departmental agreement signed
    "lease",  # a lease or rent agreement signed
    "protocol",  # a protocol amending, extending or ending an earlier act, signed
    "ratification",  # one party's parliament (or president) ratifies an act
    "in force",  # an act enters into force (instruments exchanged, or the day it names)
    "extension",  # an act's term runs on without a new signed text (automatic renewal)
    "denunciation",  # one party denounces an act or notifies its termination
    "expiry",  # an act ceases to be in force
)
CONFIDENCES = ("high", "medium", "low")
CONFLICT_KINDS = (
    "war",
    "interstate clash",
    "border clash",
    "unrest",
    "insurgency and border security",
    "economic coercion",
    "peacekeeping",
)
CSTO_RESPONSE_KINDS = (
    "none",
    "statement",
    "observer mission offered",
    "deployment",
    "consultations",
    "military-technical aid",
)
# What an arms transfer delivered (geodata/datasets/arms.py).
ARMS_CATEGORIES = (
    "tank",
    "armoured vehicle",
    "artillery",
    "rocket artillery",
    "air defence",
    "helicopter",
    "drone",
    "missile",
    "radar",
    "vehicles and equipment",
)
# A state's recorded vote on a UN General Assembly resolution (geodata/datasets/votes.py):
# "absent" is not voting at all, which the record keeps apart from abstaining.
VOTE_CHOICES = ("yes", "no", "abstain", "absent")

# Field kinds understood by geodata.schema.validator.
STR = "str"  # a string
INT = "int"  # an integer (not a bool)
INT_OR_NULL = "int or null"
NUMBER = "number"  # a finite int or float (not a bool)
DATE = "date"  # "YYYY-MM-DD", or "YYYY-MM" / "YYYY" when only the month or year is known
DATE_OR_NULL = "date or null"
# How precisely the date field named by the prefix is known (geodata.schema.dates); null if none.
PRECISION = "date precision"
STR_LIST = "list of str"
URL_LIST = "list of URLs"
ISO3 = "ISO3 code"
ISO3_LIST = "list of ISO3 codes"
INTERVALS = "intervals"  # "start/end;start/.." (see geodata.schema.intervals)
SLUG = "slug"  # lower-case letters, digits and hyphens
ISO3_PAIR = "ISO3 pair"  # two different ISO3 codes in alphabetical order joined by "–"
# Kinds that only the table datasets declaring them check (geodata/datasets/arms.py, votes.py).
STR_OR_NULL = "str or null"
NUMBER_OR_NULL = "number or null"
YEAR_LIST = "list of years"  # distinct years in ascending order
VOTE_LIST = "list of votes"  # [{country, vote, evidence}] (geodata/datasets/votes.py)
# What the sources say for each fact: {field: [{source, at, says}, ...]} (geodata.schema.evidence).
EVIDENCE = "evidence"
# What the alliance or Russia answered an appeal: [{kind, by, on, status, what, evidence}, ...]
# (geodata.datasets.appeal_outcome).
RESPONSES = "responses"
# Dated acts behind a presence: [{kind, date, title, evidence}, ...] (geodata.schema.legal).
LEGAL_BASES = "legal bases"


@dataclass(frozen=True)
class Field:
    """One property of a layer's features."""

    name: str
    kind: str
    vocab: tuple[str, ...] | None = None
    allow_empty: bool = False  # for strings and lists: may "" / [] be given?
    minimum: float | None = None
    # False for what the build adds but an uploaded layer need not carry.
    required: bool = True


def precision_field(date_field: str) -> Field:
    """The computed ``<date_field>_precision`` that follows a date field in the built layers."""
    return Field(f"{date_field}_precision", PRECISION, required=False)


def precision_pairs(layer: Layer) -> tuple[tuple[str, str], ...]:
    """(date field, its precision field) for every precision field of ``layer``, in order."""
    names = set(layer.field_names)
    return tuple(
        (f.name.removesuffix("_precision"), f.name)
        for f in layer.fields
        if f.kind == PRECISION and f.name.removesuffix("_precision") in names
    )


@dataclass(frozen=True)
class Layer:
    """A layer: its feature properties, allowed geometry types and the id field."""

    name: str
    fields: tuple[Field, ...]
    geometry_types: tuple[str, ...]
    id_field: str = "id"
    # (earlier, later) date fields: the later one may not precede the earlier one.
    date_order: tuple[tuple[str, str], ...] = ()
    # Fields the build computes: the source tables may not set them.
    computed: tuple[str, ...] = ()
    # Facts that must carry evidence whenever they have a value: field names, or "location"
    # for a point's coordinates (geodata.schema.evidence).
    evidenced: tuple[str, ...] = ()
    # (fact, value) pairs that need no evidence: a value saying nothing was found.
    evidence_exempt: tuple[tuple[str, str], ...] = ()

    @property
    def filename(self) -> str:
        return f"{self.name}.geojson"

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


POLYGONS = ("Polygon", "MultiPolygon")

COUNTRIES = Layer(
    name="countries",
    fields=(
        Field("id", ISO3),
        Field("iso3", ISO3),
        Field("name", STR),
        Field("name_ru", STR),
        Field("csto_status", STR, vocab=CSTO_STATUSES),
        Field("membership", INTERVALS, allow_empty=True),
        Field("frozen", INTERVALS, allow_empty=True),
        Field("role", STR, allow_empty=True),
        Field("sources", URL_LIST),
        Field("notes", STR, allow_empty=True),
        Field("evidence", EVIDENCE, required=False),
    ),
    geometry_types=POLYGONS,
    # Each membership period's start and end, and each frozen period's (membership.yaml).
    evidenced=("membership", "frozen"),
)

FACILITIES = Layer(
    name="facilities",
    fields=(
        Field("id", SLUG),
        Field("name", STR),
        Field("name_ru", STR),
        Field("alt_names", STR_LIST, allow_empty=True),
        Field("country", ISO3),
        Field("facility_type", STR, vocab=FACILITY_TYPES),
        Field("operator", STR),
        Field("status", STR, vocab=FACILITY_STATUSES),
        Field("opened", DATE_OR_NULL),
        precision_field("opened"),
        Field("closed", DATE_OR_NULL),
        precision_field("closed"),
        Field("precision_m", INT, minimum=1),
        Field("location_basis", STR),
        Field("description", STR),
        Field("sources", URL_LIST),
        Field("legal_bases", LEGAL_BASES, allow_empty=True, required=False),
        Field("evidence", EVIDENCE, required=False),
        Field("confidence", STR, vocab=CONFIDENCES),
        # Measured by the build, never given in the source tables.
        Field("border_km", NUMBER, minimum=0),
        Field("nearest_border", ISO3_PAIR),
    ),
    geometry_types=("Point",),
    date_order=(("opened", "closed"),),
    computed=("opened_precision", "closed_precision", "border_km", "nearest_border"),
    evidenced=("opened", "closed", "status", "location"),
)

CONFLICTS = Layer(
    name="conflicts",
    fields=(
        Field("id", SLUG),
        Field("name", STR),
        Field("name_ru", STR),
        Field("kind", STR, vocab=CONFLICT_KINDS),
        Field("countries", ISO3_LIST),
        Field("start", DATE),
        precision_field("start"),
        Field("end", DATE_OR_NULL),
        precision_field("end"),
        Field("csto_response", STR),
        Field("csto_response_kind", STR, vocab=CSTO_RESPONSE_KINDS),
        Field("description", STR),
        Field("geometry_method", STR),
        Field("sources", URL_LIST),
        Field("evidence", EVIDENCE, required=False),
    ),
    geometry_types=(*POLYGONS, "LineString", "MultiLineString"),
    date_order=(("start", "end"),),
    computed=("start_precision", "end_precision"),
    evidenced=("start", "end", "csto_response_kind"),
    # "none" says that no response of the alliance was found: there is no passage to cite.
    # Where a source says so (a Russian, not an allied, mission), the record cites it anyway.
    evidence_exempt=(("csto_response_kind", "none"),),
)

SCHEMAS: dict[str, Layer] = {layer.name: layer for layer in (COUNTRIES, FACILITIES, CONFLICTS)}


def get_layer(name: str) -> Layer:
    """Return the schema of layer ``name``; raise KeyError listing the known layers."""
    try:
        return SCHEMAS[name]
    except KeyError:
        raise KeyError(f"unknown layer {name!r}; expected one of {', '.join(LAYERS)}") from None
