"""The case sorter's charts: where a student placed the cases, and the running score.

Each chart function takes a tidy DataFrame and returns an Altair chart; the
small ``tally``/``running_score`` functions make the exact tables that go into
a chart, so tests (and curious students) can read them. Nothing here imports
widgets or displays anything: showing a chart offline is the job of
:mod:`pvkit.widgets.helpers`.

>>> import pandas as pd
>>> scored = pd.DataFrame({"guess": ["market fixing"], "correct": [True]})
>>> tally(scored, total=3)["cases"].tolist()
[1, 0, 0, 0, 2]
"""

from __future__ import annotations

import functools

import altair as alt
import pandas as pd

from pvkit import _validate
from pvkit.charts._layout import filled
from pvkit.charts._guard import empty_chart, finish, finite_frame, flags, known, number_words
from pvkit.charts.style import house_style
from pvkit.frameworks import DIMENSIONS, FRAMINGS

__all__ = [
    "OUTCOMES",
    "OUTCOME_COLOURS",
    "PLACED_AS",
    "framing_label",
    "tally",
    "running_score",
    "placements_chart",
    "box4_table",
    "cases_table",
    "case_counts_chart",
]

#: Bar rows of the placements chart, top to bottom.
PLACED_AS: tuple[str, str, str] = ("Market fixing", "Market shaping", "Not placed yet")
#: Colour categories of the placements chart.
OUTCOMES: tuple[str, str, str] = ("Right", "Not quite", "Not placed yet")
#: Okabe-Ito bluish green and vermillion (safe for colour-blind readers), then a grey
#: with 3:1 contrast on white (WCAG's minimum for graphics).
OUTCOME_COLOURS: tuple[str, str, str] = ("#009E73", "#D55E00", "#949494")

_NEEDED = ("guess", "correct")


def framing_label(framing: str) -> str:
    """Capitalised label for a framing, as buttons and charts show it.

    Parameters
    ----------
    framing : str
        One of :data:`pvkit.frameworks.FRAMINGS`.

    Examples
    --------
    >>> framing_label("market shaping")
    'Market shaping'
    """
    framing = _validate.choice("framing", framing, FRAMINGS)
    return framing[:1].upper() + framing[1:]


_NO_TOTAL = object()


def _check_scored(scored: pd.DataFrame, total: object = _NO_TOTAL) -> tuple[pd.DataFrame, list[bool], int]:
    """The placements table, its right/wrong flags and the number of cases, checked."""
    scored = finite_frame("scored", scored, columns=_NEEDED,
                          hint="pass the table that pvkit.frameworks.score_placements() returns")
    unknown = sorted({repr(g) for g in scored["guess"] if g not in FRAMINGS})
    if unknown:
        raise ValueError(f"scored has unknown framing(s) {', '.join(unknown)} in column 'guess'; "
                         f"use {list(FRAMINGS)}")
    right = flags("scored", scored, "correct", "True means the placement is right")
    if total is _NO_TOTAL:
        return scored, right, len(scored)
    cases = _validate.whole("total", total, low=0, high=_validate.MAX_ITEMS,
                            why="(cases to sort, so the chart stays readable)")
    if cases < len(scored):
        raise ValueError(f"total must be a whole number of cases at least the {len(scored)} "
                         f"placed, got {cases!r}")
    return scored, right, cases


def tally(scored: pd.DataFrame, total: int) -> pd.DataFrame:
    """Count placements by where the student put them and whether they were right.

    Parameters
    ----------
    scored : pandas.DataFrame
        One row per placement with columns ``guess`` (a framing) and
        ``correct`` (bool), as :func:`pvkit.frameworks.score_placements` returns.
    total : int
        How many cases there are to sort; the rest count as not placed yet.

    Returns
    -------
    pandas.DataFrame
        Five rows, always in the same order, with columns ``placed_as`` (one of
        :data:`PLACED_AS`), ``outcome`` (one of :data:`OUTCOMES`) and ``cases``.

    Examples
    --------
    >>> scored = pd.DataFrame({"guess": ["market shaping", "market shaping"],
    ...                        "correct": [True, False]})
    >>> tally(scored, total=4).query("cases > 0").values.tolist()
    [['Market shaping', 'Right', 1], ['Market shaping', 'Not quite', 1], ['Not placed yet', 'Not placed yet', 2]]
    """
    scored, correct, total = _check_scored(scored, total)
    rows = []
    guesses = scored["guess"].tolist()
    for framing in FRAMINGS:
        mine = [ok for guess, ok in zip(guesses, correct) if guess == framing]
        right = sum(mine)
        rows.append((framing_label(framing), OUTCOMES[0], right))
        rows.append((framing_label(framing), OUTCOMES[1], len(mine) - right))
    rows.append((PLACED_AS[2], OUTCOMES[2], total - len(scored)))
    return pd.DataFrame(rows, columns=["placed_as", "outcome", "cases"])


def running_score(scored: pd.DataFrame) -> pd.DataFrame:
    """The share of right answers after each placement, in placement order.

    Parameters
    ----------
    scored : pandas.DataFrame
        Placements in the order they were made, with ``guess`` and ``correct``
        (and ``name``, used for tooltips when present).

    Returns
    -------
    pandas.DataFrame
        Columns ``placement`` (1, 2, ...), ``case``, ``right_so_far`` and
        ``score`` (percent right so far, rounded to one decimal).

    Examples
    --------
    >>> scored = pd.DataFrame({"guess": ["market fixing"] * 3,
    ...                        "correct": [True, False, True]})
    >>> running_score(scored)["score"].tolist()
    [100.0, 50.0, 66.7]
    """
    scored, correct, _ = _check_scored(scored)
    right = pd.Series(correct, dtype=bool).cumsum().astype(int).to_numpy()
    placement = list(range(1, len(scored) + 1))
    names = (["" if pd.isna(n) else str(n) for n in scored["name"]] if "name" in scored
             else [""] * len(scored))
    return pd.DataFrame(
        {
            "placement": placement,
            "case": names,
            "right_so_far": right,
            "score": [round(100 * r / n, 1) for r, n in zip(right, placement)],
        }
    )


def placements_chart(scored: pd.DataFrame, total: int) -> alt.HConcatChart | alt.Chart:
    """Chart of a student's case placements: where they went, and the running score.

    Left: one bar per framing the student chose, split into right and not
    quite, plus a grey bar for the cases not placed yet. Right: percent right
    after each placement, against a dashed 50% line (what tossing a coin gets).

    Parameters
    ----------
    scored : pandas.DataFrame
        Placements in order, as :func:`pvkit.frameworks.score_placements` returns.
    total : int
        Number of cases to sort.

    Returns
    -------
    altair.HConcatChart
        Its two datasets, ``tally`` and ``scores``, are exactly :func:`tally`
        and :func:`running_score` of the input.

    Examples
    --------
    >>> scored = pd.DataFrame({"guess": ["market fixing"], "correct": [False]})
    >>> spec = placements_chart(scored, total=2).to_dict()
    >>> [part["mark"]["type"] if "mark" in part else "layer" for part in spec["hconcat"]]
    ['bar', 'layer']
    >>> spec["datasets"]["scores"]
    [{'placement': 1, 'case': '', 'right_so_far': 0, 'score': 0.0}]
    """
    scored, correct, total = _check_scored(scored, total)
    if total == 0:
        return empty_chart("No cases to sort yet", "Where you placed the cases")
    datasets = {
        "tally": tally(scored, total).to_dict("records"),
        "scores": running_score(scored).to_dict("records"),
    }
    placed, right = len(scored), sum(correct)
    description = (f"Bar chart: you placed {placed} of {total} cases, {right} of them right; "
                   f"line chart: the percent right after each placement, against a 50% coin-toss line.")
    # The layout is built once per number of cases (building it is most of the
    # cost of an update); each call only fills in new data.
    return filled(_layout(total), datasets=datasets, description=description)


@functools.lru_cache(maxsize=16)
def _layout(total: int) -> alt.HConcatChart:
    """The placements chart without its data: named datasets ``tally`` and ``scores``."""
    bars = (
        alt.Chart(alt.Data(name="tally"), title="Where you placed the cases")
        .mark_bar(height=22, cornerRadius=2)
        .encode(
            y=alt.Y("placed_as:N", sort=list(PLACED_AS), title=None),
            x=alt.X(
                "cases:Q",
                title="Number of cases",
                scale=alt.Scale(domain=[0, max(total, 1)]),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color(
                "outcome:N",
                scale=alt.Scale(domain=list(OUTCOMES), range=list(OUTCOME_COLOURS)),
                legend=alt.Legend(title=None, orient="bottom", labelFontSize=12),
            ),
            # Within a bar "Right" stacks before "Not quite" (reverse alphabetical).
            order=alt.Order("outcome:N", sort="descending"),
            tooltip=[
                alt.Tooltip("placed_as:N", title="Placed as"),
                alt.Tooltip("outcome:N", title="Outcome"),
                alt.Tooltip("cases:Q", title="Cases"),
            ],
        )
        .properties(width=320, height=120)
    )

    x_score = alt.X(
        "placement:Q",
        title="Placements made",
        scale=alt.Scale(domain=[0, max(total, 1)]),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    y_score = alt.Y("score:Q", title="% right so far", scale=alt.Scale(domain=[0, 100]))
    coin = alt.InlineData(values=[{"score": 50, "label": "coin toss"}])
    chance = alt.Chart(coin).mark_rule(strokeDash=[4, 4], color="#888888").encode(y=y_score)
    chance_label = (
        alt.Chart(coin)
        .mark_text(align="right", baseline="bottom", dx=-2, dy=-2, color="#666666", fontSize=11)
        .encode(y=y_score, x=alt.value(240), text="label:N")
    )
    line = (
        alt.Chart(alt.Data(name="scores"))
        .mark_line(point=alt.OverlayMarkDef(size=50, filled=True), color="#0072B2", strokeWidth=2)
        .encode(
            x=x_score,
            y=y_score,
            tooltip=[
                alt.Tooltip("placement:Q", title="Placement"),
                alt.Tooltip("case:N", title="Case"),
                alt.Tooltip("score:Q", title="% right so far"),
            ],
        )
    )
    trend = alt.layer(chance, chance_label, line, title="Your running score").properties(
        width=240, height=120
    )
    return alt.hconcat(
        bars,
        trend,
        spacing=40,
        config=house_style(title=14, labels=12),
    )


#: Okabe-Ito blue and orange for the two framings.
FRAMING_COLOURS: tuple[str, str] = ("#0072B2", "#E69F00")


def _left_aligned(styler: "pd.io.formats.style.Styler") -> "pd.io.formats.style.Styler":
    return (styler.hide(axis="index")
            .set_properties(**{"text-align": "left", "vertical-align": "top"})
            .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}]))


def box4_table(box: pd.DataFrame) -> "pd.io.formats.style.Styler":
    """Box 4 as a readable table: the two views side by side, sources in the caption.

    Examples
    --------
    >>> from pvkit import frameworks
    >>> html = box4_table(frameworks.box4()).to_html()
    >>> "Market shaping" in html and "Source: " in html
    True
    """
    box = finite_frame("box", box, text=["dimension", "market_fixing", "market_shaping", "source"],
                       hint="pass frameworks.box4()")
    shown = box.drop(columns="source").rename(columns={
        "dimension": "Box 4 dimension", "market_fixing": "Market fixing",
        "market_shaping": "Market shaping"})
    return _left_aligned(shown.style).set_caption("Source: " + "; ".join(box["source"].unique()))


def cases_table(table: pd.DataFrame) -> "pd.io.formats.style.Styler":
    """The policy cases in brief: id, name, year, place, instrument, framing, dimension.

    Examples
    --------
    >>> from pvkit import frameworks
    >>> "apollo" in cases_table(frameworks.cases()).to_html()
    True
    """
    columns = ["case_id", "name", "year", "place", "instrument", "framing", "dimension"]
    table = finite_frame("table", table, columns=columns, text=["case_id", "name"],
                         hint="pass frameworks.cases()")
    return _left_aligned(table[columns].style).set_caption(
        f"{len(table)} cases; sources in the 'source' column of frameworks.cases()")


def case_counts_chart(counts: pd.DataFrame) -> alt.Chart:
    """Bars of how many cases rest on each Box 4 dimension, one bar per framing.

    Parameters
    ----------
    counts : pandas.DataFrame
        As :func:`pvkit.frameworks.case_counts` returns.

    Examples
    --------
    >>> from pvkit import frameworks
    >>> spec = case_counts_chart(frameworks.case_counts()).to_dict()
    >>> spec["mark"]["type"], spec["encoding"]["yOffset"]["field"]
    ('bar', 'framing')
    """
    counts = finite_frame("counts", counts, numeric=["cases"], text=["dimension", "framing", "examples"],
                          hint="pass frameworks.case_counts()")
    if counts.empty:
        return empty_chart("No cases to count yet", "pvkit's policy cases by Box 4 dimension and framing")
    framings = known("counts", counts, "framing", FRAMINGS)
    known("counts", counts, "dimension", DIMENSIONS)
    cases = pd.to_numeric(counts["cases"])
    if (cases < 0).any():
        raise ValueError("counts column 'cases' must hold counts of zero or more")
    total = {f: float(cases[[g == f for g in framings]].sum()) for f in FRAMINGS}
    description = ("Grouped bar chart of how many of pvkit's policy cases rest on each Box 4 dimension: "
                   + "; ".join(f"{f} {number_words(n, 0)} in all" for f, n in total.items()) + ".")
    chart = (
        alt.Chart(counts, title=alt.Title(
            "pvkit's policy cases by Box 4 dimension and framing",
            subtitle="Source: pvkit frameworks.cases(); each case cites its own sources"))
        .mark_bar()
        .encode(
            y=alt.Y("dimension:N", sort=list(DIMENSIONS), title="Box 4 dimension"),
            yOffset=alt.YOffset("framing:N", sort=list(FRAMINGS)),
            x=alt.X("cases:Q", title="Number of cases", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("framing:N", title="Framing",
                            scale=alt.Scale(domain=list(FRAMINGS), range=list(FRAMING_COLOURS))),
            tooltip=[alt.Tooltip("dimension:N", title="Dimension"),
                     alt.Tooltip("framing:N", title="Framing"),
                     alt.Tooltip("cases:Q", title="Cases"),
                     alt.Tooltip("examples:N", title="Which")],
        )
        .properties(width=380, height=260)
    )
    return finish(chart, description)
