""" "How we know": each fact of a feature or appeal with the passage of the source that states it.

A record's ``evidence`` maps a fact (a field, or ``location``) to passages ``{source, at,
says}`` (``geodata.schema.evidence``). Each passage is shown as what the source says, in our
words, and a link to the place in the source: ``at`` when it is a link into the same page
(browsers scroll to and highlight a ``#:~:text=`` fragment), else the source with ``at``
named beside it ("p. 12"). Every value is escaped; only http(s) links are made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from dashboard.logic.dated import source_title
from dashboard.logic.i18n import N_, _
from dashboard.logic.popups import safe_url, text

# How a fact is named in the list, where its field name would not read well (marked for the
# catalog, translated where shown). What each passage says stays in English: it is data.
FACT_LABELS = {
    "location": N_("Location"),
    "opened": N_("Opened"),
    "closed": N_("Closed"),
    "status": N_("Status"),
    "start": N_("Start"),
    "end": N_("End"),
    "csto_response_kind": N_("The alliance's response"),
    "membership": N_("Membership"),
    "frozen": N_("Frozen participation"),
    "date": N_("Date of the request"),
    "answered_on": N_("Date of the answer"),
    "asked": N_("What was asked"),
    "addressed_to": N_("Whom it asked"),
    "responses": N_("What came"),
    "legal_bases": N_("Legal bases"),
}


def fact_label(fact: str) -> str:
    """The reader's name of a fact: its label, or the field name in words."""
    known = FACT_LABELS.get(fact)
    return _(known) if known else fact.replace("_", " ").capitalize()


def passages(evidence: object) -> Iterable[tuple[str, Mapping]]:
    """(fact, passage) for every well-formed passage of ``evidence``, facts in given order."""
    if not isinstance(evidence, Mapping):
        return []
    return [
        (str(fact), item)
        for fact, items in evidence.items()
        if isinstance(items, list | tuple)
        for item in items
        if isinstance(item, Mapping)
    ]


def _link(item: Mapping, registry: Mapping[str, Mapping]) -> str:
    source, at = item.get("source"), item.get("at")
    url = safe_url(source)
    if url is None:
        return text(source or "")
    title = text(source_title(url, registry))
    target = safe_url(at)
    if target is not None and target.split("#", 1)[0] == url.split("#", 1)[0]:
        return f'<a href="{text(target)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    where = f", {text(at)}" if isinstance(at, str) and at.strip() and target is None else ""
    link = f'<a href="{text(url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    return link + where


def response_passages(responses: object) -> list[tuple[str, Mapping]]:
    """(label, passage) for each passage of an appeal's responses: what came, from whom, when."""
    out = []
    for response in responses if isinstance(responses, list | tuple) else []:
        if not isinstance(response, Mapping):
            continue
        who = {"alliance": _("the alliance"), "russia": _("Russia")}.get(response.get("by"), "")
        kind = str(response.get("kind", "response")).capitalize()
        label = _("{kind} from {who}").format(kind=kind, who=who).strip()
        when = response.get("on")
        label += f" ({when}, {response.get('status', '')})" if when else ""
        out += [(label, item) for _, item in passages({"response": response.get("evidence")})]
    return out


def evidence_html(
    evidence: object,
    registry: Mapping[str, Mapping] | None = None,
    more: Iterable[tuple[str, Mapping]] = (),
    *,
    heading: bool = True,
) -> str:
    """The "How we know" list of a record, or "" when it carries no evidence.

    ``more`` adds passages already labelled, such as an appeal's responses
    (:func:`response_passages`); without ``heading`` the list comes alone (under a summary
    that already says "How we know").
    """
    labelled = [(fact_label(fact), item) for fact, item in passages(evidence)] + list(more)
    rows = [
        f"<li><b>{text(label)}:</b> {text(item.get('says', ''))} "
        f"— {_link(item, registry or {})}</li>"
        for label, item in labelled
    ]
    if not rows:
        return ""
    said = text(_("How we know"))
    title = f"<div><b>{said}</b></div>" if heading else ""
    return f'{title}<ul class="csto-evidence">' + "".join(rows) + "</ul>"
