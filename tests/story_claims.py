"""Tiny arms, import-share and vote tables for the claim-check tests, beside tests/story_data.py.

They use story_data's states: AAA and RUS members throughout, BBB a member frozen from
2024-02-22, CCC a member until 1999-04-20, DDD never one. The counts each test expects are
worked out by hand from the rows below.
"""

from __future__ import annotations

from typing import Any

SRC = "https://example.org/source"
EVIDENCE = {"system": [{"source": SRC, "at": "p. 1", "says": "A report says so."}]}

ARMS = [
    # (id, supplier, recipient, system, delivered)
    ("d-old", "RUS", "DDD", "Tanks", [2013, 2014]),
    ("d-late", "AAA", "DDD", "Rifles", [2021]),
    ("d-same", "BBB", "DDD", "Radars", [2020]),
    ("d-undated", "RUS", "DDD", "Helicopters", []),
    ("d-former", "CCC", "DDD", "Mortars", [1995]),
    ("d-outside", "TUR", "DDD", "Drones", [2018]),
    ("d-other", "RUS", "AAA", "Trucks", [2015]),
    ("d-both", "BBB", "DDD", "Launchers", [2019, 2020]),
]
# What each deal delivered, by its system.
CATEGORIES = {
    "Tanks": "tank",
    "Rifles": "vehicles and equipment",
    "Radars": "radar",
    "Helicopters": "helicopter",
    "Mortars": "artillery",
    "Drones": "drone",
    "Trucks": "vehicles and equipment",
    "Launchers": "rocket artillery",
}
SHARES = [
    # (id, recipient, supplier, first_year, last_year, share, stated)
    ("s1", "DDD", "RUS", 2010, 2014, 80, "80%"),
    ("s2", "DDD", "RUS", 2015, 2019, 30.5, "30.5%"),
    ("s3", "DDD", "RUS", 2005, 2009, None, "almost all"),
    ("s4", "DDD", "TUR", 2015, 2019, 60, "60%"),
]
VOTES = [
    # (id, date, {country: vote})
    ("r1", "1995-03-01", {"AAA": "no", "CCC": "abstain", "RUS": "no"}),
    (
        "r2",
        "2024-03-01",
        {"AAA": "abstain", "BBB": "absent", "CCC": "yes", "DDD": "yes", "RUS": "no"},
    ),
]


def tables() -> dict[str, Any]:
    """The three tables as the checks take them, under their keys of ``data``."""
    arms = [
        {
            "id": i,
            "supplier": s,
            "recipient": r,
            "system": system,
            "category": CATEGORIES[system],
            "ordered": None,
            "delivered": years,
            "number": None,
            "sources": [SRC],
            "evidence": EVIDENCE,
        }
        for i, s, r, system, years in ARMS
    ]
    shares = [
        {
            "id": i,
            "recipient": r,
            "supplier": s,
            "first_year": a,
            "last_year": b,
            "share": share,
            "stated": stated,
            "published": str(b + 1),
            "sources": [SRC],
        }
        for i, r, s, a, b, share, stated in SHARES
    ]
    votes = [
        {
            "id": i,
            "symbol": None,
            "date": d,
            "title": f"Resolution {i}",
            "yes": 100,
            "no": 10,
            "abstain": 50,
            "absent": 33,
            "votes": [{"country": c, "vote": v, "evidence": {}} for c, v in sorted(cast.items())],
            "sources": [SRC],
        }
        for i, d, cast in VOTES
    ]
    return {"arms": arms, "arms_shares": shares, "votes": votes}
