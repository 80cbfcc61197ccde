""" "How we know": each fact with the passage that states it, escaped, linked only over http(s)."""

import pytest

from dashboard.logic.howweknow import evidence_html, fact_label, passages, response_passages

PAGE = "https://en.wikipedia.org/wiki/102nd_Military_Base"
REGISTRY = {
    PAGE: {"publisher": "Wikipedia (English)", "title": "102nd Military Base", "date": None}
}


def _passage(**changes):
    return {
        "source": PAGE,
        "at": PAGE + "#:~:text=127th%20Motor,Division",
        "says": "The Soviet division stayed in Gyumri under Russian command.",
    } | changes


def test_each_fact_reads_what_the_source_says_and_links_to_the_passage():
    html = evidence_html({"opened": [_passage()], "location": [_passage(at="p. 3")]}, REGISTRY)
    assert html.startswith("<div><b>How we know</b></div>")
    assert "<b>Opened:</b> The Soviet division stayed in Gyumri" in html
    assert f'href="{PAGE}#:~:text=127th%20Motor,Division"' in html
    assert "Wikipedia (English) — 102nd Military Base</a>" in html
    # A place named in words stays beside the link to the page itself.
    assert "<b>Location:</b> The Soviet division" in html and f'href="{PAGE}"' in html
    assert "</a>, p. 3</li>" in html


@pytest.mark.parametrize(
    "item, absent",
    [
        (_passage(says="<script>alert(1)</script>"), "<script>"),
        (_passage(at="javascript:alert(1)"), 'href="javascript'),
        (_passage(source="javascript:alert(1)"), 'href="javascript'),
        (_passage(at="https://elsewhere.example/#:~:text=x"), "elsewhere.example"),
    ],
)
def test_nothing_from_the_data_runs_and_links_stay_on_the_cited_page(item, absent):
    html = evidence_html({"opened": [item]}, REGISTRY)
    assert absent not in html
    assert "How we know" in html


@pytest.mark.parametrize("evidence", [None, {}, {"opened": []}, "text", {"opened": ["x"]}])
def test_no_evidence_shows_nothing(evidence):
    assert evidence_html(evidence) == ""
    assert list(passages(evidence)) == []


def test_facts_read_as_words():
    assert fact_label("csto_response_kind") == "The alliance's response"
    assert fact_label("number_delivered") == "Number delivered"


def test_each_response_of_an_appeal_says_what_came_from_whom_and_when():
    responses = [
        {
            "kind": "military-technical aid",
            "by": "russia",
            "on": "1999-08-31",
            "status": "offered",
            "evidence": [_passage(says="Moscow said it would send arms but no troops.")],
        },
        {"kind": "consultations", "by": "alliance", "on": None, "status": "unclear"},
    ]
    labelled = response_passages(responses)
    assert [label for label, _ in labelled] == [
        "Military-technical aid from Russia (1999-08-31, offered)"
    ]
    html = evidence_html({"date": [_passage()]}, REGISTRY, labelled)
    assert "<b>Date of the request:</b>" in html
    assert "<b>Military-technical aid from Russia (1999-08-31, offered):</b> Moscow said" in html


def test_the_record_folds_each_appeals_evidence_under_its_row():
    from dashboard.views.record import table_html

    row = {
        "id": "kgz-1999",
        "date": "31 Aug 1999",
        "member": "Kyrgyzstan",
        "conflict_name": "Batken",
        "outcome": "partly",
        "answered_on": "31 Aug 1999",
        "days": "0",
        "link": "?date=1999-08-31",
        "map_date": "1999-08-31",
        "asked_whom": "Russia",
        "asked": "Arms.",
        "basis": "Bilateral.",
        "answer": "Arms came.",
        "sources": [(PAGE, "en.wikipedia.org")],
        "evidence": {"date": [_passage()]},
        "responses": [],
    }
    html = table_html([row], REGISTRY)
    assert "<details><summary>How we know</summary>" in html
    assert "<b>Date of the request:</b> The Soviet division" in html
    assert "How we know" not in table_html([row | {"evidence": {}}], REGISTRY)
