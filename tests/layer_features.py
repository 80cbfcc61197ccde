"""Valid features of each layer, built by code; tests change one field at a time."""

SRC = ["https://en.wikipedia.org/wiki/Collective_Security_Treaty_Organization"]
SQUARE = [[44.0, 40.0], [45.0, 40.0], [45.0, 41.0], [44.0, 41.0], [44.0, 40.0]]


def country(code="ARM", **props):
    base = {
        "id": code,
        "iso3": code,
        "name": "Armenia",
        "name_ru": "Армения",
        "csto_status": "frozen",
        "membership": "1992-05-15/..",
        "frozen": "2024-02-22/..",
        "role": "founding signatory",
        "sources": SRC,
        "notes": "",
        "evidence": {
            fact: [{"source": SRC[0], "at": "p. 1", "says": f"The {fact} dates are so."}]
            for fact in ("membership", "frozen")
        },
    }
    geom = {"type": "Polygon", "coordinates": [SQUARE]}
    return {"type": "Feature", "properties": base | props, "geometry": geom}


def facility(fid="arm-102-military-base", **props):
    base = {
        "id": fid,
        "name": "102nd Military Base",
        "name_ru": "102-я военная база",
        "alt_names": ["Gyumri", "Гюмри"],
        "country": "ARM",
        "facility_type": "army base",
        "operator": "Russian Ground Forces",
        "status": "active",
        "opened": "1995-03-16",
        "closed": None,
        "precision_m": 1000,
        "location_basis": "Town centre.",
        "description": "A base.",
        "sources": SRC,
        "confidence": "high",
        "border_km": 11.11,
        "nearest_border": "ARM–TUR",
        "evidence": {
            fact: [{"source": SRC[0], "at": "p. 1", "says": "The source states this fact."}]
            for fact in ("opened", "closed", "status", "location")
        },
    }
    geom = {"type": "Point", "coordinates": [43.8475, 40.78944]}
    return {"type": "Feature", "properties": base | props, "geometry": geom}


def conflict(fid="nagorno-karabakh-2020-war", **props):
    base = {
        "id": fid,
        "name": "Second Nagorno-Karabakh War",
        "name_ru": "Вторая карабахская война",
        "kind": "war",
        "countries": ["ARM", "AZE"],
        "start": "2020-09-27",
        "end": "2020-11-10",
        "csto_response": "None.",
        "csto_response_kind": "none",
        "description": "A war.",
        "geometry_method": "approximate outline",
        "sources": SRC,
        "evidence": {
            fact: [{"source": SRC[0], "at": "p. 1", "says": f"The {fact} is so."}]
            for fact in ("start", "end")
        },
    }
    geom = {"type": "Polygon", "coordinates": [SQUARE]}
    return {"type": "Feature", "properties": base | props, "geometry": geom}


MAKERS = {"countries": country, "facilities": facility, "conflicts": conflict}


def collection(*features, **extra):
    return {"type": "FeatureCollection", "features": list(features), **extra}
