"""Tiny layers and an appeals table, built by code, for the claim-check and story tests.

Only the properties the checks read are filled in; the counts each test expects are worked
out by hand from the rows below.
"""

from __future__ import annotations

import copy
from typing import Any

SRC = "https://example.org/source"

COUNTRIES = [
    # (id, name, Russian name, membership, frozen)
    ("AAA", "Arcadia", "Аркадия", "1992-05-15/..", ""),
    ("BBB", "Borduria", "Бордурия", "1992-05-15/..", "2024-02-22/.."),
    ("CCC", "Carpania", "Карпания", "1992-05-15/1999-04-20", ""),
    ("RUS", "Russia", "Россия", "1992-05-15/..", ""),
    ("DDD", "Dorne", "Дорния", "", ""),
]
FACILITIES = [
    # (id, country, type, status, opened, closed)
    ("f-old", "AAA", "army base", "active", "1995-03-16", None),
    ("f-new", "AAA", "air base", "active", "2003-10", None),
    ("f-undated", "BBB", "radar", "active", None, None),
    ("f-closed", "AAA", "radar", "closed", "1995", "2015-12-15"),
    ("f-gone", "BBB", "space launch site", "transferred", "1992", None),
    ("f-disputed", "AAA", "air base", "disputed", "2015-10-07", None),
    ("f-yearclosed", "BBB", "army base", "closed", None, "2020"),
    ("f-nonmember", "DDD", "radar", "active", None, None),
]
# Each facility's legal bases, (kind, date): the paper, apart from the presence above.
LEGAL_BASES = {
    "f-old": [("treaty", "1995-03-16")],
    "f-new": [("agreement", "2003-09-22")],
    "f-closed": [("agreement", "1993-05-25"), ("agreement", "2012-10-05")],
    "f-gone": [("lease", "1994-12-10")],  # on the ground from 1992, before the lease
    "f-yearclosed": [("agreement", "1995"), ("protocol", "2006-04-04")],
}
CONFLICTS = [
    # (id, kind, response kind, countries, start, end)
    ("c-mission", "peacekeeping", "deployment", ["AAA", "RUS"], "2022-01-06", "2022-01-19"),
    ("c-riot", "unrest", "deployment", ["AAA"], "2022-01-02", "2022-01-11"),
    ("c-natmission", "peacekeeping", "none", ["RUS", "DDD"], "2020-11-10", "2024-06-12"),
    ("c-clash", "border clash", "statement", ["AAA", "BBB"], "2021-04-28", "2021-05-01"),
    ("c-clash2", "border clash", "statement", ["BBB", "AAA"], "2022-09", "2022-09"),
    ("c-old-clash", "interstate clash", "none", ["CCC", "AAA"], "1994", "1994"),
    ("c-war", "war", "none", ["DDD", "BBB"], "2023-09-19", "2023-10-02"),
    ("c-outside", "war", "none", ["DDD"], "2023", None),
    ("c-oldmission", "peacekeeping", "deployment", ["AAA"], "1993-09", "2000"),
]
APPEALS = [
    # (id, date, country, conflict, outcome, answered_on, days_to_answer, addressed_to)
    ("a1", "2022-01-05", "AAA", "c-riot", "granted", "2022-01-06", 1, "alliance"),
    ("a2", "2021-05", "BBB", "c-clash", "declined", None, None, "russia"),
    ("a3", "2022-09-13", "BBB", "c-clash2", "partly", "2022-09-15", 2, "both"),
    ("a4", "2010-06-12", "AAA", "c-riot", "no answer", None, None, "alliance"),
]


def _collection(rows: list[dict]) -> dict:
    features = [{"type": "Feature", "properties": p, "geometry": None} for p in rows]
    return {"type": "FeatureCollection", "features": features}


def layers(*, appeals: bool = True) -> dict[str, Any]:
    """The fixture data as the checks take it; ``appeals=False`` leaves the table out."""
    countries = [
        {"id": i, "name": n, "name_ru": r, "membership": m, "frozen": f}
        for i, n, r, m, f in COUNTRIES
    ]
    facilities = [
        {
            "id": i,
            "name": f"Site {i}",
            "name_ru": f"Объект {i}",
            "country": c,
            "facility_type": t,
            "status": s,
            "opened": o,
            "closed": x,
            "legal_bases": [
                {"kind": k, "date": d, "title": f"{k} of {d}", "evidence": []}
                for k, d in LEGAL_BASES.get(i, [])
            ],
        }
        for i, c, t, s, o, x in FACILITIES
    ]
    conflicts = [
        {
            "id": i,
            "name": f"Conflict {i}",
            "name_ru": f"Конфликт {i}",
            "kind": k,
            "csto_response_kind": r,
            "countries": cs,
            "start": s,
            "end": e,
        }
        for i, k, r, cs, s, e in CONFLICTS
    ]
    table = [
        {
            "id": i,
            "date": d,
            "country": c,
            "conflict": k,
            "addressed_to": w,
            "asked": ["police or troops"],
            "request": "help",
            "basis": "Article 4",
            "outcome": o,
            "answer": "an answer",
            "answered_on": a,
            "sources": [SRC],
            "date_precision": "day" if len(d) == 10 else "month",
            "answered_on_precision": "day" if a else None,
            "days_to_answer": n,
        }
        for i, d, c, k, o, a, n, w in APPEALS
    ]
    return {
        "countries": _collection(countries),
        "facilities": _collection(facilities),
        "conflicts": _collection(conflicts),
        "appeals": table if appeals else None,
    }


CHAPTER = {
    "title": "A chapter",
    "text": "Some *Markdown* text.",
    "ru": {"title": "Глава", "text": "Немного текста в *Markdown*."},
    "date": "2022-01",
    "center": [43.2, 76.9],
    "zoom": 8,
    "layers": ["countries", "conflicts"],
    "filters": {"zones": ["c-mission"], "past": True, "countries": ["AAA"]},
    "features": ["c-mission", "AAA", "f-old"],
    "sources": [SRC],
    "claim": {
        "statement": "One deployment.",
        "ru": {"statement": "Одно развёртывание."},
        "verdict": "supported",
        "check": {"name": "deployments_since", "params": {"date": "2000"}},
    },
}
STORY = {
    "id": "demo",
    "title": "A demo",
    "summary": "What it shows.",
    "ru": {"title": "Пример", "summary": "Что он показывает."},
    "chapters": [CHAPTER],
}


def story(**chapter_changes: Any) -> dict:
    """A copy of the valid demo story with its one chapter's keys changed (None deletes)."""
    out = copy.deepcopy(STORY)
    chapter = out["chapters"][0]
    for key, value in chapter_changes.items():
        if value is None:
            chapter.pop(key, None)
        else:
            chapter[key] = value
    return out
