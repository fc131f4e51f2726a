"""What each shipped CSV must contain: its columns, their types and ranges, and rules across rows.

A :class:`Column` says what one column holds (text, a whole number, a real
number or one of a few names), whether it may be blank and whether its values
must be unique. A :class:`Schema` lists a file's columns and the rules that
look at several rows at once (bands in order, every goal present), each
raising :class:`Bad` with the row (0 = the first row after the header) and the
column to blame. The names the models rely on (the framings of Box 4, the ROAR
pillars, the discount schedules) are repeated here on purpose: data comes
before the models, and ``tests/test_data_files.py`` checks the two agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from pvkit._validate import MAX_ITEMS

FRAMINGS = ("market fixing", "market shaping")
DIMENSIONS = ("justification", "business case appraisal", "underlying assumptions", "evaluation",
              "approach to risk")
PILLARS = ("routes & directions", "organisations", "assessment", "risks & rewards")
ECONOMY_KINDS = ("market", "public", "household")
SCHEDULES = ("green_book", "green_book_health")
VFM_CATEGORIES = ("very poor", "poor", "low", "medium", "high", "very high")
#: Targets of the 2030 Agenda (UN resolution A/RES/70/1), numbered and lettered ones counted.
SDG_TARGETS_TOTAL = 169

_FRACTION = "a fraction: 0.035 means 3.5%"
_PERCENT = "a percent: 80 means 80%"
_YEAR = "a year such as 2019"
_SOURCE = "the publication the row comes from, or 'Illustrative: ...' for invented figures"


class Bad(Exception):
    """A problem in a file's content: ``row`` (0-based, None for the whole file), column, words."""

    def __init__(self, row: int | None, column: str | None, problem: str):
        super().__init__(problem)
        self.row, self.column, self.problem = row, column, problem


@dataclass(frozen=True)
class Column:
    """One column: ``kind`` is "text", "int", "float" or "choice"; ``meaning`` is for messages."""

    name: str
    kind: str = "text"
    meaning: str = ""
    blank: bool = False
    unique: bool = False
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    options: tuple[str, ...] = ()


def text(name: str, meaning: str = "", **kw: object) -> Column:
    return Column(name, "text", meaning or f"a {name.replace('_', ' ')}", **kw)  # type: ignore[arg-type]


def whole(name: str, meaning: str, **kw: object) -> Column:
    return Column(name, "int", meaning, **kw)  # type: ignore[arg-type]


def real(name: str, meaning: str, **kw: object) -> Column:
    return Column(name, "float", meaning, **kw)  # type: ignore[arg-type]


def oneof(name: str, options: Sequence[str], **kw: object) -> Column:
    return Column(name, "choice", f"one of {', '.join(repr(o) for o in options)}",
                  options=tuple(options), **kw)  # type: ignore[arg-type]


SOURCE = text("source", _SOURCE)

Check = Callable[[pd.DataFrame], None]


@dataclass(frozen=True)
class Schema:
    """A file's columns (the header must name exactly these) and its rules across rows."""

    columns: tuple[Column, ...]
    checks: tuple[Check, ...] = field(default=())
    max_rows: int = 1_000


# -- rules across rows -----------------------------------------------------------------
def in_order(column: str, expected: Sequence[object]) -> Check:
    """The column holds exactly ``expected``, one row each, in this order."""
    listed = ", ".join(repr(e) for e in expected)

    def check(table: pd.DataFrame) -> None:
        got = table[column].tolist()
        for i, want in enumerate(expected):
            if i >= len(got):
                raise Bad(len(got), column, f"the file ends before the row for {want!r}; "
                          f"the rows must be {listed}, in this order")
            if got[i] != want:
                raise Bad(i, column, f"expected {want!r} here, found {got[i]!r}; the rows must be "
                          f"{listed}, one each, in this order")
        if len(got) > len(expected):
            raise Bad(len(expected), column, f"one row too many ({got[len(expected)]!r}); the rows "
                      f"must be {listed}, one each, in this order")
    return check


def unique_pairs(first: str, second: str) -> Check:
    def check(table: pd.DataFrame) -> None:
        seen: dict[tuple[object, object], int] = {}
        for i, pair in enumerate(zip(table[first], table[second])):
            if pair in seen:
                raise Bad(i, second, f"{first} {pair[0]!r} with {second} {pair[1]!r} appears twice "
                          f"(also on the row {seen[pair] + 1} rows after the header)")
            seen[pair] = i
    return check


def not_above(low: str, high: str) -> Check:
    def check(table: pd.DataFrame) -> None:
        for i, (a, b) in enumerate(zip(table[low], table[high])):
            if pd.notna(a) and pd.notna(b) and a > b:
                raise Bad(i, low, f"{low} ({a:g}) is above {high} ({b:g})")
    return check


def _bands(table: pd.DataFrame) -> None:
    """Discount bands: per schedule from year 0, each starting the year after the last one ends."""
    for schedule in SCHEDULES:
        rows = [i for i, s in enumerate(table["schedule"]) if s == schedule]
        if not rows:
            raise Bad(None, "schedule", f"there are no rows for the schedule {schedule!r}")
        previous_end: float | None = None
        for position, i in enumerate(rows):
            start, end = table.at[i, "from_year"], table.at[i, "to_year"]
            last = position == len(rows) - 1
            wanted = 0 if previous_end is None else int(previous_end) + 1
            if start != wanted:
                order = "the first band starts in year 0" if previous_end is None else \
                    f"the band before ends in year {int(previous_end)}"
                raise Bad(i, "from_year", f"{schedule!r} band starts in year {int(start)}, but "
                          f"{order}, so this one must start in year {wanted} (bands run in "
                          "increasing order of years, with no gap or overlap)")
            if last and pd.notna(end):
                raise Bad(i, "to_year", f"the last band of {schedule!r} must be open-ended: leave "
                          f"to_year blank (it is {int(end)})")
            if not last and pd.isna(end):
                raise Bad(i, "to_year", f"only the last band of {schedule!r} may leave to_year "
                          "blank; give the year this band ends")
            if not last and end < start:
                raise Bad(i, "to_year", f"the band ends (year {int(end)}) before it starts "
                          f"(year {int(start)})")
            previous_end = end


def _vfm_edges(table: pd.DataFrame) -> None:
    """Value-for-money categories: open at both ends, each starting where the one before ends."""
    last = len(table) - 1
    for i in range(len(table)):
        low, high = table.at[i, "bcr_from"], table.at[i, "bcr_to"]
        if i == 0 and pd.notna(low):
            raise Bad(i, "bcr_from", "the lowest category has no lower edge: leave bcr_from blank")
        if i == last and pd.notna(high):
            raise Bad(i, "bcr_to", "the highest category has no upper edge: leave bcr_to blank")
        if i > 0 and pd.isna(low):
            raise Bad(i, "bcr_from", "give the ratio at which this category starts")
        if i < last and pd.isna(high):
            raise Bad(i, "bcr_to", "give the ratio at which this category ends")
        if i > 0 and low != table.at[i - 1, "bcr_to"]:
            raise Bad(i, "bcr_from", f"starts at {low:g}, but the category before ends at "
                      f"{table.at[i - 1, 'bcr_to']:g}; each category starts where the last one ends")
        if 0 < i < last and not low < high:
            raise Bad(i, "bcr_to", f"ends at {high:g}, not above where it starts ({low:g})")


def has_ids(column: str, required: Sequence[str]) -> Check:
    """Rows the models look up by name must be there."""
    def check(table: pd.DataFrame) -> None:
        missing = [r for r in required if r not in set(table[column])]
        if missing:
            raise Bad(len(table), column, f"there is no row for {missing[0]!r}, which pvkit needs")
    return check


def _sdg_total(table: pd.DataFrame) -> None:
    total = int(table["targets"].sum())
    if total != SDG_TARGETS_TOTAL:
        raise Bad(None, "targets", f"the target counts add up to {total}, but the 2030 Agenda "
                  f"(A/RES/70/1) has {SDG_TARGETS_TOTAL} targets; check each goal's count")


def _imputed_for_non_market(table: pd.DataFrame) -> None:
    for i, (kind, imputed) in enumerate(zip(table["kind"], table["imputed_output"])):
        if kind != "market" and pd.isna(imputed):
            raise Bad(i, "imputed_output", f"a {kind} sector needs an imputed_output (GBP bn): "
                      "its output has no price to measure it by")


def _firms_bounded(table: pd.DataFrame) -> None:
    total = 0
    for i, firms in enumerate(table["firms"]):
        total += int(firms)
        if total > MAX_ITEMS:
            raise Bad(i, "firms", f"the markets hold {total:,} firms in all; at most {MAX_ITEMS:,} "
                      "(each firm becomes one row of suppliers())")


def _share_amounts(table: pd.DataFrame) -> None:
    for i, (currency, amount) in enumerate(zip(table["currency"], table["amount"])):
        if currency == "share" and not 0 <= amount <= 1:
            raise Bad(i, "amount", f"a share is a fraction between 0 and 1, got {amount:g}")


def _gate_within_build(table: pd.DataFrame) -> None:
    for i, (gate, build) in enumerate(zip(table["gate_year"], table["build_years"])):
        if gate > build:
            raise Bad(i, "gate_year", f"the gate year ({gate}) must fall within the build years "
                      f"(1 to {build})")


def _costs_together(table: pd.DataFrame) -> None:
    for i, (first, last, unit) in enumerate(zip(table["cost_first"], table["cost_last"], table["unit"])):
        given = [pd.notna(first), pd.notna(last), pd.notna(unit)]
        if any(given) and not all(given):
            column = ("cost_first", "cost_last", "unit")[given.index(False)]
            raise Bad(i, column, "give cost_first, cost_last and unit together, or leave all three blank")


# -- the files -------------------------------------------------------------------------
_ID = "a short id in lower case, unique in the file"

SCHEMAS: dict[str, Schema] = {
    "box4": Schema((oneof("dimension", DIMENSIONS, unique=True), text("market_fixing"),
                    text("market_shaping"), SOURCE), (in_order("dimension", DIMENSIONS),)),
    "capabilities_delivery": Schema((
        text("model", unique=True), text("description"),
        real("cost", "GBP m, 0 or more", low=0), real("months_to_first_service", "months, 0 or more", low=0),
        real("in_house_share", _PERCENT, low=0, high=100),
        real("reported_savings", "GBP m, 0 or more", low=0),
        real("task_completion", _PERCENT, low=0, high=100), SOURCE)),
    "capabilities_facts": Schema((
        text("key", _ID, unique=True), real("value", "a number"), text("unit"), text("description"),
        SOURCE, text("note", blank=True)),
        (has_ids("key", ("architects_public_1970", "architects_public_today")),)),
    "capabilities_suppliers": Schema((
        text("market"), text("supplier"), whole("firms", "a number of firms, 1 or more", low=1),
        real("sales_each", "GBP m a year, 0 or more", low=0, high=1e9), SOURCE),
        (unique_pairs("market", "supplier"), _firms_bounded)),
    "mission_criteria": Schema((whole("criterion", "a criterion number, 1 to 5", low=1, high=5),
                                text("name"), text("meaning"), SOURCE),
                               (in_order("criterion", range(1, 6)),)),
    "policy_cases": Schema((
        text("case_id", _ID, unique=True), text("name"), whole("year", _YEAR, low=1000, high=2100),
        text("place"), text("instrument"), oneof("framing", FRAMINGS), oneof("dimension", DIMENSIONS),
        text("rationale"), text("counterpoint"), SOURCE)),
    "rewards_cases": Schema((
        text("case_id", _ID, unique=True), oneof("group", ("box5", "case")), text("name"),
        whole("year", _YEAR, low=1000, high=2100), text("place"), text("instrument"),
        real("amount", "an amount in the row's currency, 0 or more", low=0, high=1e15),
        oneof("currency", ("GBP", "USD", "share")), text("what"),
        oneof("evidence", ("read", "secondary")), SOURCE), (_share_amounts,)),
    "roar_framework": Schema((
        oneof("pillar", PILLARS, unique=True), whole("order", "the pillar's place, 1 to 4", low=1, high=4),
        text("short"), text("question"), text("brief_section"), text("pvkit_modules"), SOURCE),
        (in_order("pillar", PILLARS), in_order("order", range(1, 5)))),
    "sdg_targets": Schema((
        whole("goal", "a goal number, 1 to 17", low=1, high=17), text("name"),
        whole("targets", "the goal's number of targets, 1 or more", low=1, high=169), SOURCE),
        (in_order("goal", range(1, 18)), _sdg_total)),
    "uk_dft_value_for_money": Schema((
        oneof("category", VFM_CATEGORIES, unique=True),
        real("bcr_from", "a benefit-cost ratio", blank=True, low=-100, high=100),
        real("bcr_to", "a benefit-cost ratio", blank=True, low=-100, high=100), SOURCE),
        (in_order("category", VFM_CATEGORIES), _vfm_edges)),
    "uk_grand_challenge_missions": Schema((
        text("grand_challenge", unique=True), text("mission"), text("target"),
        whole("deadline", "a year from 1900 to 2200", low=1900, high=2200), SOURCE)),
    "uk_green_book_discount_rates": Schema((
        oneof("schedule", SCHEDULES),
        whole("from_year", "the band's first year, 0 or more", low=0, high=1000),
        whole("to_year", "the band's last year (blank for the last band)", blank=True, low=0, high=1000),
        real("rate", _FRACTION + ", 0 or more and below 1", low=0, high=1, high_open=True), SOURCE),
        (_bands,)),
    "uk_green_book_optimism_bias": Schema((
        text("project_type"), text("measure"),
        real("upper", "an uplift as a fraction: 0.24 means 24%", low=0, high=10),
        real("lower", "an uplift as a fraction: 0.02 means 2%", low=0, high=10), SOURCE),
        (unique_pairs("project_type", "measure"), not_above("lower", "upper"))),
    "value_economy": Schema((
        text("sector", unique=True), oneof("kind", ECONOMY_KINDS),
        real("sales", "GBP bn, 0 or more", low=0, high=1e9),
        real("intermediate", "GBP bn, 0 or more", low=0, high=1e9),
        real("wages", "GBP bn, 0 or more", low=0, high=1e9),
        real("hours", "million hours, more than 0", low=0, low_open=True, high=1e9),
        real("imputed_output", "GBP bn, 0 or more (blank for market sectors)", blank=True, low=0, high=1e9),
        real("pollution", "GBP bn, 0 or more", low=0, high=1e9), SOURCE), (_imputed_for_non_market,)),
    "worked_appraisal_facts": Schema((
        text("fact", _ID, unique=True), real("value", "a number"), text("unit"), SOURCE)),
    "worked_appraisal_portfolio": Schema((
        text("project", unique=True),
        real("unit_cost", "money per unit, more than 0", low=0, low_open=True, high=1e12),
        real("unit_benefit", "money per unit a year, 0 or more", low=0, high=1e12),
        real("units_per_year", "units, more than 0", low=0, low_open=True, high=1e9),
        whole("build_years", "years, 1 or more", low=1, high=200),
        real("market_per_year", "units, 0 or more", low=0, high=1e12),
        real("initial_cumulative", "units, more than 0", low=0, low_open=True, high=1e12),
        real("p_success", "a probability from 0 to 1", low=0, high=1),
        whole("gate_year", "a build year, 1 or more", low=1, high=200),
        real("spillover_share", "a share of the direct benefits, 0 or more (0.3 means 30%)", low=0, high=10),
        SOURCE), (_gate_within_build,)),
    "wright_learning_rates": Schema((
        text("technology", unique=True),
        real("learning_rate", "a fraction: 0.2 means a 20% cut per doubling", low=0, high=1, high_open=True),
        whole("first_year", _YEAR, low=1800, high=2100), whole("last_year", _YEAR, low=1800, high=2100),
        real("cost_first", "a cost, more than 0", blank=True, low=0, low_open=True),
        real("cost_last", "a cost, more than 0", blank=True, low=0, low_open=True),
        text("unit", blank=True), SOURCE),
        (not_above("first_year", "last_year"), _costs_together)),
}
