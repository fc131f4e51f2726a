"""Charts for module 1 (missions): the mission map and the SDG targets.

:func:`mission_map_chart` draws a mission map as a node-link tree, left to
right: grand challenge, mission, sectors, projects. Positions come from
:func:`pvkit.missions.map_nodes`, so the chart only draws what the model laid
out. :func:`sdg_chart` shows how the SDGs' 169 targets are spread over the 17
goals. Nothing here imports widgets or displays anything.

>>> from pvkit import missions
>>> spec = mission_map_chart(missions.map_nodes(missions.example_mission())).to_dict()
>>> [layer["mark"]["type"] for layer in spec["layer"]]
['rule', 'circle', 'text']
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from pvkit.charts.style import house_style
from pvkit.missions import LEVELS, map_edges, sdg_targets

__all__ = ["LEVEL_COLOURS", "LABEL_CHARS", "mission_map_chart", "sdg_chart"]

#: One Okabe-Ito colour per level of the map (safe for colour-blind readers).
LEVEL_COLOURS: tuple[str, str, str, str] = ("#000000", "#D55E00", "#0072B2", "#009E73")
#: Labels longer than this are shortened on the chart (the tooltip has them in full).
LABEL_CHARS = 34
_ROW_PX = 34


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "\u2026"


def mission_map_chart(nodes: pd.DataFrame, title: str = "Mission map") -> alt.LayerChart:
    """A mission map as a tree: grand challenge -> mission -> sectors -> projects.

    Parameters
    ----------
    nodes : pandas.DataFrame
        As :func:`pvkit.missions.map_nodes` returns (``node``, ``parent``,
        ``level``, ``label``, ``x``, ``y``).
    title : str
        Chart title.

    Returns
    -------
    altair.LayerChart
        Three layers on two named datasets: links (``edges``), one dot per node
        coloured by level (``nodes``) and a label beside each dot.

    Examples
    --------
    >>> from pvkit import missions
    >>> nodes = missions.map_nodes(missions.example_mission("healthy_years"))
    >>> spec = mission_map_chart(nodes).to_dict()
    >>> len(spec["datasets"]["nodes"]), len(spec["datasets"]["edges"])
    (10, 9)
    """
    needed = {"node", "parent", "level", "label", "x", "y"}
    if not isinstance(nodes, pd.DataFrame) or not needed <= set(nodes.columns):
        raise TypeError("expected the node table that pvkit.missions.map_nodes() returns")
    table = nodes.assign(short=[_short(str(t)) for t in nodes["label"]])
    rows = max(int(table["y"].max()) + 1, 1) if len(table) else 1
    height = max(160, _ROW_PX * rows)
    x = alt.X("x:Q", scale=alt.Scale(domain=[-0.15, 3.95]), axis=None)
    # Row 0 at the top; half a row of margin above and below.
    y = alt.Y("y:Q", scale=alt.Scale(domain=[rows - 0.5, -0.5]), axis=None)
    edges = (
        alt.Chart(alt.Data(name="edges"))
        .mark_rule(color="#9A9A9A", strokeWidth=1.5)
        .encode(x=x, y=y, x2="x2:Q", y2="y2:Q")
    )
    colour = alt.Color(
        "level:N",
        scale=alt.Scale(domain=list(LEVELS), range=list(LEVEL_COLOURS)),
        legend=alt.Legend(title=None, orient="top", labelFontSize=12),
    )
    tooltip = [alt.Tooltip("level:N", title="Level"), alt.Tooltip("label:N", title="Name")]
    dots = (
        alt.Chart(alt.Data(name="nodes"))
        .mark_circle(size=140, opacity=1, stroke="white", strokeWidth=1)
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    labels = (
        alt.Chart(alt.Data(name="nodes"))
        .mark_text(align="left", dx=9, dy=-9, fontSize=11, color="#222222")
        .encode(x=x, y=y, text="short:N", tooltip=tooltip)
    )
    return alt.layer(
        edges,
        dots,
        labels,
        title=alt.Title(title, subtitle="grand challenge \u2192 mission \u2192 sectors \u2192 projects"),
        width=760,
        height=height,
        datasets={
            "nodes": table.to_dict("records"),
            "edges": map_edges(nodes).to_dict("records"),
        },
        config=house_style(title=14, labels=None),
    )


def sdg_chart() -> alt.Chart:
    """Bars: how many targets each of the 17 SDGs has (169 in all).

    Examples
    --------
    >>> spec = sdg_chart().to_dict()
    >>> spec["mark"]["type"], len(spec["datasets"][spec["data"]["name"]])
    ('bar', 17)
    """
    table = sdg_targets()
    table["goal_label"] = [f"{g}. {n}" for g, n in zip(table["goal"], table["name"])]
    return (
        alt.Chart(
            table,
            title=alt.Title(
                f"The 17 SDGs have {int(table['targets'].sum())} targets",
                subtitle="Source: UN General Assembly resolution A/RES/70/1 (2015)",
            ),
        )
        .mark_bar(color="#0072B2")
        .encode(
            y=alt.Y("goal_label:N", sort=table["goal_label"].tolist(), title=None),
            x=alt.X("targets:Q", title="Number of targets", axis=alt.Axis(tickMinStep=1, format="d")),
            tooltip=[alt.Tooltip("goal:Q", title="Goal"), alt.Tooltip("name:N", title="Name"),
                     alt.Tooltip("targets:Q", title="Targets")],
        )
        .properties(width=360, height=340)
    )
