"""Claim checks on the arms tables: who delivered weapons to whom, and who sold a state its arms.

``arms.json`` lists deals with ``supplier``, ``recipient``, ``system``, ``ordered``, ``delivered``
(years) and ``number``; ``arms_shares.json`` lists published shares of a state's imports by
supplier over a period. A delivery year counts as before a day only when the whole year is; a
deal delivered in the day's own year cannot be placed before or after it and is counted apart.
A supplier's membership is read from the countries layer on the day asked about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from geodata.stories.checks.kit import (
    DATE,
    ISO3,
    Param,
    Result,
    count_phrase,
    first_day,
    members_of,
    missing_table,
    names,
    register,
    ru_count,
    ru_date,
    ru_form,
    ru_names,
    ru_number,
)

# Suppliers outside the countries layer, named in summaries.
OTHER_NAMES = {"ISR": "Israel", "TUR": "Turkey", "USA": "United States"}
OTHER_NAMES_RU = {"ISR": "Израиль", "TUR": "Турция", "USA": "США"}
# What a deal delivered (geodata.schema.layers.ARMS_CATEGORIES), in Russian.
CATEGORIES_RU = {
    "tank": "танки",
    "armoured vehicle": "бронетехника",
    "artillery": "артиллерия",
    "rocket artillery": "реактивная артиллерия",
    "air defence": "ПВО",
    "helicopter": "вертолёты",
    "drone": "беспилотники",
    "missile": "ракеты",
    "radar": "РЛС",
    "vehicles and equipment": "техника и снаряжение",
}
# A system's designation ends where its English description begins (the first lower-case word
# other than a calibre's "mm"): "T-90S tanks" is "T-90S", "2S19 Msta-S self-propelled ..."
# "2S19 Msta-S".
_DESCRIPTION_RE = re.compile(r"\s(?!mm\b)[a-z][a-z-]*\b.*$")


def _names(data: Mapping) -> dict[str, str]:
    return OTHER_NAMES | names(data)


def _names_ru(data: Mapping) -> dict[str, str]:
    return OTHER_NAMES_RU | ru_names(data)


def _system_ru(row: Mapping) -> str:
    """'вертолёты Mi-35M': the deal's category in Russian and the system's designation."""
    designation = _DESCRIPTION_RE.sub("", row["system"]).strip(" ,") or row["system"]
    category = CATEGORIES_RU.get(row.get("category"))
    return f"{category} {designation}" if category else designation


def _years(years: list[int]) -> str:
    return ", ".join(map(str, years))


@register(
    "member_deliveries_to",
    Param("recipient", ISO3, required=True),
    Param("before", DATE, required=True),
)
def member_deliveries_to(data: Mapping, recipient: str, before: str) -> Result:
    """Deals by which states that were members on a day delivered arms to a state before it."""
    rows = data.get("arms")
    if rows is None:
        return missing_table("arms")
    day = first_day(before)
    members = set(members_of(data, day))
    who = _names(data)
    deals = sorted(
        (r for r in rows if r["recipient"] == recipient and r["supplier"] in members),
        key=lambda r: (min(r["delivered"] or [9999]), r["id"]),
    )
    earlier = [r for r in deals if any(y < day.year for y in r["delivered"])]
    same_year = [r for r in deals if r not in earlier and day.year in r["delivered"]]
    undated = [r for r in deals if not r["delivered"]]
    listed = "; ".join(
        f"{who.get(r['supplier'], r['supplier'])}: {r['system']} "
        f"({_years([y for y in r['delivered'] if y < day.year])})"
        for r in earlier
    )
    text = (
        f"{count_phrase(len(earlier), 'deal')} by states that were members on {before} "
        f"delivered arms to {who.get(recipient, recipient)} in years before {day.year}"
    )
    text += f": {listed}" if listed else ""
    if undated:
        text += "; ordered with no delivery year published: " + ", ".join(
            f"{who.get(r['supplier'], r['supplier'])}: {r['system']}" for r in undated
        )
    if same_year:
        text += f"; delivered in {day.year}, not placeable before the day: " + ", ".join(
            r["system"] for r in same_year
        )
    suppliers = sorted({r["supplier"] for r in earlier})
    details = {"suppliers": tuple(suppliers)}
    if undated:
        details["no delivery year"] = tuple(r["id"] for r in undated)
    if same_year:
        details["same year"] = tuple(r["id"] for r in same_year)
    value = {"deals": len(earlier), "suppliers": len(suppliers)}
    who_ru = _names_ru(data)

    def deal_ru(r: Mapping) -> str:
        return f"{who_ru.get(r['supplier'], r['supplier'])} — {_system_ru(r)}"

    ru = (
        f"{who_ru.get(recipient, recipient)}: "
        f"{ru_count(len(earlier), 'сделка', 'сделки', 'сделок')}, по "
        f"{ru_form(len(earlier), 'которой', 'которым', 'которым')} государства, входившие в "
        f"ОДКБ на {ru_date(before)}, поставили этой стране оружие до {day.year}\u202fг."
    )
    ru += (
        ": "
        + "; ".join(
            f"{deal_ru(r)} ({', '.join(str(y) for y in r['delivered'] if y < day.year)})"
            for r in earlier
        )
        if earlier
        else ""
    )
    if undated:
        ru += "; заказано, год поставки не опубликован: " + ", ".join(map(deal_ru, undated))
    if same_year:
        ru += f"; поставлено в {day.year}\u202fг., нельзя отнести к периоду до этой даты: "
        ru += ", ".join(map(deal_ru, same_year))
    return Result(value, text, tuple(r["id"] for r in earlier), details, ru=ru)


def _percent(row: Mapping) -> str:
    return f"{row['share']:g}%" if row["share"] is not None else row["stated"]


def _period(row: Mapping) -> str:
    return f"{row['first_year']}-{str(row['last_year'])[2:]}"


def _percent_ru(row: Mapping) -> str:
    if row["share"] is not None:
        return f"{ru_number(row['share'])}%"
    return f"без числа (в источнике: «{row['stated']}»)"


def _period_ru(row: Mapping) -> str:
    return f"{row['first_year']}–{row['last_year']}\u202fгг."


@register(
    "import_shares",
    Param("recipient", ISO3, required=True),
    Param("supplier", ISO3, required=True),
)
def import_shares(data: Mapping, recipient: str, supplier: str) -> Result:
    """A supplier's published share of a state's arms imports, period by period."""
    rows = data.get("arms_shares")
    if rows is None:
        return missing_table("arms_shares")
    who = _names(data)
    series = sorted(
        (r for r in rows if r["recipient"] == recipient and r["supplier"] == supplier),
        key=lambda r: (r["first_year"], r["last_year"]),
    )
    numbers = [r for r in series if r["share"] is not None]
    value = {
        "periods": {_period(r): r["share"] for r in series},
        "first": numbers[0]["share"] if numbers else None,
        "last": numbers[-1]["share"] if numbers else None,
    }
    shown = ", ".join(f"{_percent(r)} in {_period(r)}" for r in series)
    text = (
        f"{who.get(supplier, supplier)}'s published share of {who.get(recipient, recipient)}'s "
        f"arms imports: {shown or 'none in the data'}"
    )
    if len(numbers) > 1:
        change = numbers[-1]["share"] - numbers[0]["share"]
        direction = "fell" if change < 0 else "rose" if change > 0 else "held"
        text += f" ({direction} by {abs(change):g} points between the first and last figure)"
    who_ru = _names_ru(data)
    shown_ru = ", ".join(f"{_percent_ru(r)} в {_period_ru(r)}" for r in series)
    ru = (
        f"Опубликованная доля поставщика ({who_ru.get(supplier, supplier)}) в импорте "
        f"вооружений получателя ({who_ru.get(recipient, recipient)}): "
        f"{shown_ru or 'в данных нет'}"
    )
    if len(numbers) > 1:
        change = numbers[-1]["share"] - numbers[0]["share"]
        if change:
            moved = "снизилась" if change < 0 else "выросла"
            points = ru_count(abs(change), "пункт", "пункта", "пунктов")
            ru += f" ({moved} на {points} от первого значения к последнему)"
        else:
            ru += " (от первого значения к последнему не изменилась)"
    return Result(value, text, tuple(r["id"] for r in series), ru=ru)
