"""Claim check on drug seizures and remittances: what the published figures can decide.

``drugs_migration.json`` lists figures with ``country``, ``measure`` (drug seizures or
remittances), ``year``, ``period`` (the whole year or part of it) and ``counted`` (which drugs
and agencies, or whose estimate). A trend in seizures needs one member's whole-year figures on
one count for consecutive years; the check says which members have such a run, and how long.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from geodata.stories.checks.kit import (
    ISO3_LIST,
    Param,
    Result,
    missing_table,
    names,
    register,
    ru_count,
    ru_names,
)

SEIZURES = "drug seizures"
REMITTANCES = "remittances"
FULL_YEAR = "year"
# A run this long on one count is the least that shows a direction rather than a jump.
MIN_RUN = 3
RU_PERIODS = {
    "first half": "первое полугодие",
    "first nine months": "девять месяцев",
    "first ten months": "десять месяцев",
}


def longest_run(years: list[int]) -> tuple[int, int]:
    """(first year, length) of the longest run of consecutive years; (0, 0) for none."""
    best = (0, 0)
    start, length, last = 0, 0, None
    for year in sorted(set(years)):
        start, length = (start, length + 1) if last == year - 1 else (year, 1)
        last = year
        if length > best[1]:
            best = (start, length)
    return best


def _spans(years: list[int]) -> str:
    parts, run = [], []
    for year in sorted(set(years)):
        if run and year != run[-1] + 1:
            parts.append(run)
            run = []
        run.append(year)
    if run:
        parts.append(run)
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in parts)


def _coverage(rows: list[dict]) -> dict:
    by_count: dict[str, list[int]] = defaultdict(list)
    partial: list[tuple[int, str]] = []
    remittances: list[int] = []
    for r in rows:
        if r["measure"] == REMITTANCES:
            remittances.append(r["year"])
        elif r["period"] == FULL_YEAR:
            by_count[r["counted"]].append(r["year"])
        else:
            partial.append((r["year"], r["period"]))
    runs = {c: longest_run(ys) for c, ys in by_count.items()}
    best = max(runs.items(), key=lambda kv: (kv[1][1], -kv[1][0]), default=(None, (0, 0)))
    return {
        "seizure_years": {c: sorted(ys) for c, ys in sorted(by_count.items())},
        "part_year_seizures": [f"{y} {p}" for y, p in sorted(partial)],
        "remittance_years": sorted(remittances),
        "longest_seizure_run": {"counted": best[0], "first": best[1][0], "years": best[1][1]},
    }


def _english(value: dict, who: dict[str, str], continuous: list[str]) -> str:
    seized, remitted = [], []
    for c, v in value.items():
        counts = "; ".join(f"{_spans(ys)} ({k})" for k, ys in v["seizure_years"].items())
        if v["part_year_seizures"]:
            counts = "; ".join(
                filter(None, [counts, "part-year " + ", ".join(v["part_year_seizures"])])
            )
        if counts:
            seized.append(f"{who.get(c, c)} {counts}")
        if v["remittance_years"]:
            remitted.append(f"{who.get(c, c)} {_spans(v['remittance_years'])}")
    runs = ", ".join(
        f"{who.get(c, c)} ({value[c]['longest_seizure_run']['years']} years from "
        f"{value[c]['longest_seizure_run']['first']}, {value[c]['longest_seizure_run']['counted']})"
        for c in continuous
    )
    verdict = (
        f"at least {MIN_RUN} consecutive whole years on one count: {runs}"
        if continuous
        else f"no member has {MIN_RUN} consecutive whole years on one count"
    )
    return (
        f"Seizures, whole years unless marked: {' | '.join(seized) or 'none'}. "
        f"Remittances, % of GDP: {' | '.join(remitted) or 'none'}. Of the seizure series, "
        f"{verdict}; the members' counts differ, so the table cannot show a trend across the "
        "alliance, and it holds no series of illegal migration."
    )


def _russian(value: dict, ru: Mapping[str, str], continuous: list[str]) -> str:
    seized, remitted = [], []
    for c, v in value.items():
        name = ru.get(c, c)
        counts = v["seizure_years"]
        # Each way of counting's years apart, as in English; the count's own words are the
        # data's (English), so Russian only says how many there are.
        years = "; ".join(_spans(ys) for ys in counts.values())
        if len(counts) > 1:
            years += f" (способов подсчёта: {len(counts)})"
        part = ", ".join(
            f"{y.split()[0]} ({RU_PERIODS.get(y.split(' ', 1)[1], y.split(' ', 1)[1])})"
            for y in v["part_year_seizures"]
        )
        shown = "; ".join(filter(None, [years, f"за часть года {part}" if part else ""]))
        if shown:
            seized.append(f"{name} {shown}")
        if v["remittance_years"]:
            remitted.append(f"{name} {_spans(v['remittance_years'])}")
    runs = ", ".join(
        f"{ru.get(c, c)} ("
        + ru_count(value[c]["longest_seizure_run"]["years"], "год", "года", "лет")
        + f" подряд с {value[c]['longest_seizure_run']['first']})"
        for c in continuous
    )
    verdict = (
        f"Ряды изъятий не короче {MIN_RUN} лет подряд по одному способу подсчёта: {runs}"
        if continuous
        else f"Ни один ряд изъятий не охватывает {MIN_RUN} лет подряд по одному способу подсчёта"
    )
    return (
        f"Изъятия наркотиков по годам: {' | '.join(seized) or 'нет'}. "
        f"Денежные переводы, % ВВП: {' | '.join(remitted) or 'нет'}. "
        f"{verdict}; страны считают по-разному, поэтому таблица не показывает тенденцию по "
        "всему союзу, а ряда данных о нелегальной миграции в ней нет вовсе."
    )


@register("drugs_migration_coverage", Param("countries", ISO3_LIST))
def drugs_migration_coverage(data: Mapping, countries: list[str] | None = None) -> Result:
    """Which years of seizures and remittances each member has, and any run on one count."""
    if data.get("drugs_migration") is None:
        return missing_table("drugs_migration")
    rows = [r for r in data["drugs_migration"] if not countries or r["country"] in countries]
    by_country: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_country[r["country"]].append(r)
    value = {c: _coverage(rs) for c, rs in sorted(by_country.items())}
    continuous = [c for c, v in value.items() if v["longest_seizure_run"]["years"] >= MIN_RUN]
    details = {
        f"{c} {m}": tuple(sorted(r["id"] for r in rs if r["measure"] == m))
        for c, rs in by_country.items()
        for m in (SEIZURES, REMITTANCES)
        if any(r["measure"] == m for r in rs)
    }
    return Result(
        value,
        _english(value, names(data), continuous),
        tuple(sorted(r["id"] for r in rows)),
        details,
        ru=_russian(value, ru_names(data), continuous),
    )
