"""The deal simulator's charts: the public's returns, who gets what, the fund over rounds.

Every chart takes small aggregated tables (histogram bins, means, percentile
bands), never one row per simulated portfolio, so that updates stay quick.
Nothing here imports widgets or displays anything.

>>> import pandas as pd
>>> spec = split_chart(pd.DataFrame({"group": ["A"], "party": ["public"], "amount": [0.1]})).to_dict()
>>> spec["mark"]["type"]
'bar'
"""

from __future__ import annotations

import functools

import altair as alt
import pandas as pd

from pvkit import _validate
from pvkit.charts._guard import empty_chart, finish, finite_frame, known, number_words
from pvkit.charts._layout import filled
from pvkit.charts.style import house_style

__all__ = [
    "PARTY_LABELS",
    "PARTY_COLOURS",
    "histogram_rows",
    "returns_chart",
    "split_chart",
    "fund_chart",
    "fund_lines_chart",
    "failure_rate_chart",
    "simulator_chart",
]

#: How the three parties are named in charts.
PARTY_LABELS: dict[str, str] = {
    "public": "Public (net of its investment)",
    "private": "Firm owners",
    "consumer": "Consumers",
}
#: Okabe-Ito blue, orange and bluish green (safe for colour-blind readers).
PARTY_COLOURS: tuple[str, str, str] = ("#0072B2", "#E69F00", "#009E73")
_LOSS, _GAIN = "#D55E00", "#0072B2"
_OUTCOMES = ("public loses money", "public gets its money back or more")
RETURNS_TITLE = "How did the public do? (distribution over portfolios)"
SPLIT_TITLE = "Who gets what, per 1 of public money"
FUND_TITLE = "Revolving fund: balance over rounds (median, 10-90% band)"


def histogram_rows(hist: pd.DataFrame) -> list[dict]:
    """Histogram bins as chart rows, each marked as a loss or a gain for the public.

    Examples
    --------
    >>> h = pd.DataFrame({"start": [-1.0, 0.0], "end": [0.0, 1.0], "portfolios": [3, 1],
    ...                   "share": [0.75, 0.25]})
    >>> [r["outcome"] for r in histogram_rows(h)]
    ['public loses money', 'public gets its money back or more']
    """
    hist = finite_frame("hist", hist, numeric=["start", "end", "share"],
                        hint="pass a histogram table from pvkit.rewards (start, end, share)")
    share = pd.to_numeric(hist["share"])
    if ((share < 0) | (share > 1)).any():
        raise ValueError("hist column 'share' must hold shares between 0 and 1 (0.2 means 20%)")
    rows = []
    for start, end, share in zip(hist["start"], hist["end"], hist["share"]):
        middle = (float(start) + float(end)) / 2
        rows.append({"start": round(float(start), 4), "end": round(float(end), 4),
                     "percent": round(100 * float(share), 3),
                     "outcome": _OUTCOMES[0] if middle < 0 else _OUTCOMES[1]})
    return rows


def _returns_layer(data: alt.Data | pd.DataFrame) -> alt.LayerChart:
    bars = (
        alt.Chart(data)
        .mark_bar(binSpacing=0)
        .encode(
            x=alt.X("start:Q", title="Public's net return on the portfolio (0 = money back)",
                    axis=alt.Axis(format="%")),
            x2="end:Q",
            y=alt.Y("percent:Q", title="% of simulated portfolios"),
            y2=alt.datum(0),
            color=alt.Color("outcome:N", scale=alt.Scale(domain=list(_OUTCOMES),
                                                         range=[_LOSS, _GAIN]),
                            legend=alt.Legend(title=None, orient="bottom")),
            tooltip=[alt.Tooltip("start:Q", title="from", format=".0%"),
                     alt.Tooltip("end:Q", title="to", format=".0%"),
                     alt.Tooltip("percent:Q", title="% of portfolios", format=".1f")],
        )
    )
    zero = alt.Chart(alt.InlineData(values=[{"x": 0}])).mark_rule(
        strokeDash=[4, 4], color="#555555").encode(x="x:Q")
    return alt.layer(bars, zero, title=RETURNS_TITLE)


def returns_chart(hist: pd.DataFrame) -> alt.LayerChart | alt.Chart:
    """Histogram of the public's net return, losses and gains in two colours.

    Examples
    --------
    >>> h = pd.DataFrame({"start": [-1.0], "end": [0.0], "portfolios": [2], "share": [1.0]})
    >>> returns_chart(h).to_dict()["layer"][0]["mark"]["type"]
    'bar'
    """
    rows = histogram_rows(hist)
    if not rows:
        return empty_chart("No simulated portfolios to show yet", RETURNS_TITLE)
    chart = _returns_layer(pd.DataFrame(rows)).properties(width=330, height=200)
    return finish(chart, _returns_words(rows))


def _returns_words(rows: list[dict]) -> str:
    losing = sum(r["percent"] for r in rows if r["outcome"] == _OUTCOMES[0])
    return (f"Histogram of the public's net return over simulated portfolios, from "
            f"{rows[0]['start']:.0%} to {rows[-1]['end']:.0%}; in {number_words(losing)}% of them the "
            f"public loses money.")


def _split_chart(data: alt.Data | pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(data, title=SPLIT_TITLE)
        .mark_bar()
        .encode(
            x=alt.X("group:N", title=None, sort=None, axis=alt.Axis(labelAngle=0, labelLimit=120)),
            y=alt.Y("amount:Q", title="Value per 1 invested (mean)"),
            color=alt.Color("label:N", title=None,
                            scale=alt.Scale(domain=list(PARTY_LABELS.values()),
                                            range=list(PARTY_COLOURS)),
                            legend=alt.Legend(orient="right", labelLimit=200)),
            order=alt.Order("order:Q"),
            tooltip=[alt.Tooltip("group:N", title="Ventures"),
                     alt.Tooltip("label:N", title="Who"),
                     alt.Tooltip("amount:Q", title="Per 1 invested", format=".2f")],
        )
    )


def _split_rows(split: pd.DataFrame) -> list[dict]:
    split = finite_frame("split", split, numeric=["amount"], text=["group", "party"],
                         hint="pass the table that pvkit.rewards.who_gets_what() returns")
    parties = known("split", split, "party", PARTY_LABELS)
    order = {p: i for i, p in enumerate(PARTY_LABELS)}
    return [{"group": str(g), "party": p, "label": PARTY_LABELS[p],
             "order": order[p], "amount": round(float(a), 4)}
            for g, p, a in zip(split["group"], parties, split["amount"])]


def split_chart(split: pd.DataFrame) -> alt.Chart:
    """Stacked bars: public, firm owners and consumers, one bar per group of ventures.

    ``split`` has columns ``group``, ``party`` (public/private/consumer) and
    ``amount`` (per unit invested). The public's part is below zero when it loses.
    """
    rows = _split_rows(split)
    if not rows:
        return empty_chart("No deals to compare yet", SPLIT_TITLE)
    return finish(_split_chart(pd.DataFrame(rows)).properties(width=230, height=200), _split_words(rows))


def _split_words(rows: list[dict]) -> str:
    groups = list(dict.fromkeys(r["group"] for r in rows))
    public = {r["group"]: r["amount"] for r in rows if r["party"] == "public"}
    words = (f"Stacked bars for {len(groups)} group(s) of ventures: what the public (net), firm owners "
             f"and consumers get per 1 of public money")
    if public:
        words += "; the public gets " + "; ".join(f"{a:+.2f} in {g}" for g, a in public.items())
    return words + "."


def _fund_chart(data: alt.Data | pd.DataFrame) -> alt.LayerChart:
    x = alt.X("round:Q", title="Round of investment", axis=alt.Axis(tickMinStep=1, format="d"))
    band = alt.Chart(data).mark_area(opacity=0.25, color="#0072B2").encode(
        x=x, y=alt.Y("p10:Q", title="Fund balance"), y2="p90:Q")
    line = alt.Chart(data).mark_line(point=True, color="#0072B2").encode(
        x=x, y="median:Q",
        tooltip=[alt.Tooltip("round:Q", title="Round"),
                 alt.Tooltip("median:Q", title="Median balance", format=".1f"),
                 alt.Tooltip("p10:Q", title="10th percentile", format=".1f"),
                 alt.Tooltip("p90:Q", title="90th percentile", format=".1f")])
    return alt.layer(band, line, title=FUND_TITLE)


def fund_chart(bands: pd.DataFrame) -> alt.LayerChart | alt.Chart:
    """The fund's balance by round: median line and a 10-90% band.

    Examples
    --------
    >>> b = pd.DataFrame({"round": [0, 1], "p10": [5.0, 1.0], "median": [5.0, 3.0], "p90": [5.0, 6.0]})
    >>> [l["mark"]["type"] for l in fund_chart(b).to_dict()["layer"]]
    ['area', 'line']
    """
    rows = _fund_rows(bands)
    if not rows:
        return empty_chart("No rounds to show yet", FUND_TITLE)
    return finish(_fund_chart(pd.DataFrame(rows)).properties(width=600, height=170), _fund_words(rows))


def _fund_rows(bands: object) -> list[dict]:
    bands = finite_frame("bands", bands, numeric=["round", "p10", "median", "p90"],
                         hint="pass the table that pvkit.rewards.fund_bands() returns")
    return [{k: round(float(v), 4) for k, v in row.items()}
            for row in bands[["round", "p10", "median", "p90"]].to_dict("records")]


def _fund_words(rows: list[dict]) -> str:
    first, last = rows[0], rows[-1]
    return (f"Line chart of the revolving fund's median balance over {len(rows)} rounds, from "
            f"{number_words(first['median'])} to {number_words(last['median'])}, with a band from the "
            f"10th to the 90th percentile (last round {number_words(last['p10'])} to "
            f"{number_words(last['p90'])}).")


def fund_lines_chart(bands: pd.DataFrame, title: str = "Median fund balance over rounds "
                     "(illustrative)") -> alt.Chart:
    """One line per deal: the fund's median balance by round.

    ``bands`` has columns ``round``, ``median`` and ``deal`` (e.g. several
    :func:`pvkit.rewards.fund_bands` tables with a ``deal`` column, concatenated).

    Examples
    --------
    >>> b = pd.DataFrame({"round": [0, 1], "median": [5.0, 3.0], "deal": ["grant", "grant"]})
    >>> fund_lines_chart(b).to_dict()["mark"]["type"]
    'line'
    """
    title = _validate.text("title", title, max_length=200)
    bands = finite_frame("bands", bands, numeric=["round", "median"], text=["deal"],
                         hint="concatenate pvkit.rewards.fund_bands() tables with a 'deal' column")
    if bands.empty:
        return empty_chart("No deals to compare yet", title)
    table = pd.DataFrame({"round": pd.to_numeric(bands["round"]).astype(float),
                          "median": pd.to_numeric(bands["median"]).astype(float),
                          "deal": bands["deal"].astype(str)})
    ends = table.groupby("deal", sort=False)["median"].last()
    description = (f"Line chart of the fund's median balance by round for {len(ends)} deal(s); after the "
                   "last round: " + "; ".join(f"{d} {number_words(v)}" for d, v in ends.items()) + ".")
    chart = (
        alt.Chart(table, title=title)
        .mark_line(point=True)
        .encode(x=alt.X("round:Q", title="Round", axis=alt.Axis(tickMinStep=1, format="d")),
                y=alt.Y("median:Q", title="Fund balance"),
                color=alt.Color("deal:N", title="Deal"),
                shape=alt.Shape("deal:N", title="Deal"),
                tooltip=[alt.Tooltip("deal:N", title="Deal"), alt.Tooltip("round:Q", title="Round"),
                         alt.Tooltip("median:Q", title="Median balance", format=".1f")])
        .properties(width=460, height=220)
    )
    return finish(chart, description)


def failure_rate_chart(table: pd.DataFrame) -> alt.LayerChart | alt.Chart:
    """The public's mean net return by failure rate, one line per deal.

    ``table`` is :func:`pvkit.rewards.by_failure_rate`'s output.

    Examples
    --------
    >>> t = pd.DataFrame({"p_fail": [0.0, 0.5], "deal": ["loan"] * 2, "public_return": [0.1, -0.4]})
    >>> failure_rate_chart(t).to_dict()["layer"][0]["mark"]["type"]
    'line'
    """
    table = finite_frame("table", table, numeric=["p_fail", "public_return"], text=["deal"],
                         hint="pass the table that pvkit.rewards.by_failure_rate() returns")
    title = "The public's return depends on the failure rate (illustrative simulation)"
    if table.empty:
        return empty_chart("No failure rates to compare yet", title)
    table = pd.DataFrame({"p_fail": pd.to_numeric(table["p_fail"]).astype(float),
                          "deal": table["deal"].astype(str),
                          "public_return": pd.to_numeric(table["public_return"]).astype(float)})
    ends = table.sort_values("p_fail", kind="stable").groupby("deal", sort=False).last()
    description = (f"Line chart of the public's mean net return against the chance that a venture fails, "
                   f"for {len(ends)} deal(s); at a failure rate of {table['p_fail'].max():.0%}: "
                   + "; ".join(f"{d} {r:+.1%}" for d, r in ends["public_return"].items()) + ".")
    lines = alt.Chart(table).mark_line(point=True).encode(
        x=alt.X("p_fail:Q", title="Chance that a venture fails", axis=alt.Axis(format="%")),
        y=alt.Y("public_return:Q", title="Public's mean net return", axis=alt.Axis(format="%")),
        color=alt.Color("deal:N", title="Deal"),
        shape=alt.Shape("deal:N", title="Deal"),
        tooltip=[alt.Tooltip("deal:N", title="Deal"),
                 alt.Tooltip("p_fail:Q", title="Failure rate", format=".0%"),
                 alt.Tooltip("public_return:Q", title="Mean net return", format=".1%")])
    zero = alt.Chart(alt.InlineData(values=[{"y": 0}])).mark_rule(
        strokeDash=[4, 4], color="#555555").encode(y="y:Q")
    return finish(alt.layer(lines, zero, title=title).properties(width=460, height=220), description)


def simulator_chart(hist: pd.DataFrame, split: pd.DataFrame, bands: pd.DataFrame) -> alt.VConcatChart | alt.Chart:
    """The deal simulator's three charts in one, with named datasets.

    Its datasets ``returns``, ``split`` and ``fund`` hold the aggregated rows.

    Examples
    --------
    >>> h = pd.DataFrame({"start": [-1.0], "end": [0.0], "portfolios": [2], "share": [1.0]})
    >>> s = pd.DataFrame({"group": ["all"], "party": ["public"], "amount": [-1.0]})
    >>> b = pd.DataFrame({"round": [0], "p10": [5.0], "median": [5.0], "p90": [5.0]})
    >>> spec = simulator_chart(h, s, b).to_dict(validate=True)
    >>> {"fund", "returns", "split"} <= set(spec["datasets"]), "/vega-lite/v6" in spec["$schema"]
    (True, True)
    """
    datasets = {"returns": histogram_rows(hist), "split": _split_rows(split), "fund": _fund_rows(bands)}
    if not all(datasets.values()):
        return empty_chart("No simulation to show yet", "Deal simulator")
    description = " ".join((_returns_words(datasets["returns"]), _split_words(datasets["split"]),
                            _fund_words(datasets["fund"])))
    return filled(_layout(), description=description, datasets=datasets)


@functools.lru_cache(maxsize=1)
def _layout() -> alt.VConcatChart:
    top = alt.hconcat(
        _returns_layer(alt.Data(name="returns")).properties(width=330, height=190),
        _split_chart(alt.Data(name="split")).properties(width=300, height=190),
        spacing=30,
    ).resolve_scale(color="independent")
    bottom = _fund_chart(alt.Data(name="fund")).properties(width=600, height=150)
    return alt.vconcat(
        top,
        bottom,
        spacing=20,
        config=house_style(title=13, labels=11),
    ).resolve_scale(color="independent")
