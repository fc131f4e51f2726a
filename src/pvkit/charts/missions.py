"""Charts for module 1 (missions): the mission map and the SDG targets.

:func:`mission_map_chart` draws a mission map as a node-link tree, left to
right: grand challenge, mission, sectors, projects. Positions come from
:func:`pvkit.missions.map_nodes`, so the chart only draws what the model laid
out. :func:`sdg_chart` shows how the SDGs' 169 targets are spread over the 17
goals. Nothing here imports widgets or displays anything.

>>> from pvkit import missions
>>> spec = mission_map_chart(missions.map_nodes(missions.example_mission())).to_dict()
>>> [layer["mark"]["type"] for layer in spec["layer"]]
['rule', 'point', 'text']
"""

from __future__ import annotations

import functools

import altair as alt
import pandas as pd

from pvkit import _validate
from pvkit.charts._guard import empty_chart, finish, finite_frame
from pvkit.charts._layout import filled
from pvkit.missions import LEVELS, map_edges, sdg_targets

__all__ = ["LEVEL_COLOURS", "LEVEL_SHAPES", "LABEL_CHARS", "mission_map_chart", "sdg_chart"]

#: One Okabe-Ito colour per level of the map (safe for colour-blind readers).
LEVEL_COLOURS: tuple[str, str, str, str] = ("#000000", "#D55E00", "#0072B2", "#009E73")
#: One shape per level too, so the levels do not rest on colour alone.
LEVEL_SHAPES: tuple[str, str, str, str] = ("diamond", "square", "triangle-up", "circle")
#: Labels longer than this are shortened on the chart (the tooltip has them in full).
LABEL_CHARS = 34
_ROW_PX = 34
#: Name of the map's variable holding its number of rows.
_ROWS = "map_rows"


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "\u2026"


def mission_map_chart(nodes: pd.DataFrame, title: str = "Mission map") -> alt.LayerChart | alt.Chart:
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
    title = _validate.text("title", title, max_length=200)
    nodes = _nodes(nodes)
    if nodes.empty:
        return empty_chart("No mission to show yet: add a statement and some sectors", title)
    table = nodes[["node", "parent", "level", "label", "x", "y"]].assign(
        node=nodes["node"].astype(str), level=nodes["level"].astype(str), label=nodes["label"].astype(str),
        short=[_short(str(t)) for t in nodes["label"]],
                         parent=["" if _validate_blank(p) else str(p) for p in nodes["parent"]],
                         x=pd.to_numeric(nodes["x"]).astype(float), y=pd.to_numeric(nodes["y"]).astype(float))
    rows = max(int(table["y"].max()) + 1, 1)
    counts = table["level"].value_counts()
    description = (f"{title}: a tree read left to right, from the grand challenge to the mission, "
                   f"{int(counts.get('sector', 0))} sectors and {int(counts.get('project', 0))} projects; "
                   f"the mission is: {table.loc[table['level'] == 'mission', 'label'].astype(str).head(1).str.cat()}.")
    return filled(_map_layout(title), description=description, height=max(160, _ROW_PX * rows),
                  params=[alt.VariableParameter(name=_ROWS, value=rows)],
                  datasets={"nodes": table.to_dict("records"), "edges": map_edges(table).to_dict("records")})


@functools.lru_cache(maxsize=8)
def _map_layout(title: str) -> alt.LayerChart:
    """The map's marks, scales and legends on named datasets (built and validated once per title)."""
    x = alt.X("x:Q", scale=alt.Scale(domain=[-0.15, 3.95]), axis=None)
    # Row 0 at the top; half a row of margin above and below. The number of rows is a
    # variable, so that a redrawn map with more rows is sent as data, not as a new chart.
    y = alt.Y("y:Q", scale=alt.Scale(domain=alt.ExprRef(f"[{_ROWS} - 0.5, -0.5]"), nice=False, zero=False),
              axis=None)
    edges = (
        alt.Chart(alt.Data(name="edges"))
        .mark_rule(color="#767676", strokeWidth=1.5)
        .encode(x=x, y=y, x2="x2:Q", y2="y2:Q")
    )
    colour = alt.Color(
        "level:N",
        scale=alt.Scale(domain=list(LEVELS), range=list(LEVEL_COLOURS)),
        legend=alt.Legend(title=None, orient="top", labelFontSize=12),
    )
    tooltip = [alt.Tooltip("level:N", title="Level"), alt.Tooltip("label:N", title="Name")]
    shape = alt.Shape("level:N", scale=alt.Scale(domain=list(LEVELS), range=list(LEVEL_SHAPES)),
                      legend=alt.Legend(title=None, orient="top", labelFontSize=12))
    dots = (
        alt.Chart(alt.Data(name="nodes"))
        .mark_point(size=140, opacity=1, filled=True, stroke="white", strokeWidth=1)
        .encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    )
    labels = (
        alt.Chart(alt.Data(name="nodes"))
        .mark_text(align="left", dx=9, dy=-9, fontSize=11, color="#222222")
        .encode(x=x, y=y, text="short:N", tooltip=tooltip)
    )
    chart = alt.layer(
        edges,
        dots,
        labels,
        title=alt.Title(title, subtitle="grand challenge \u2192 mission \u2192 sectors \u2192 projects"),
        width=760,
        height=160,
    ).add_params(alt.param(name=_ROWS, value=1))
    return finish(chart, title, labels=None)


def _validate_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or bool(pd.isna(value))


def _nodes(nodes: object) -> pd.DataFrame:
    """The node table, checked: known levels, positions on the map, parents that exist."""
    nodes = finite_frame("nodes", nodes, numeric=["x", "y"], text=["node", "level", "label"],
                         columns=["parent"], hint="pass the table that pvkit.missions.map_nodes() returns")
    x, y = pd.to_numeric(nodes["x"]), pd.to_numeric(nodes["y"])
    if ((x < 0) | (x > len(LEVELS) - 1)).any():
        raise ValueError(f"nodes column 'x' must hold levels 0 to {len(LEVELS) - 1} (grand challenge to project)")
    if ((y < 0) | (y > _validate.MAX_ITEMS)).any():
        raise ValueError(f"nodes column 'y' must hold rows 0 to {_validate.MAX_ITEMS:,} (top to bottom)")
    for row, level in zip(nodes.index, nodes["level"]):
        _validate.choice(f"nodes column 'level' (row {row!r})", level, LEVELS)
    ids = [str(n) for n in nodes["node"]]
    if len(set(ids)) < len(ids):
        twice = next(n for n in ids if ids.count(n) > 1)
        raise ValueError(f"nodes names the node {twice!r} twice in column 'node'")
    for row, parent in zip(nodes.index, nodes["parent"]):
        if not _validate_blank(parent) and str(parent) not in ids:
            raise ValueError(f"nodes row {row!r} has parent {parent!r}, which is not a node of the map")
    return nodes


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
    most = table.loc[table["targets"].idxmax()]
    description = (f"Bar chart of the number of targets of each of the {len(table)} Sustainable Development "
                   f"Goals, {int(table['targets'].sum())} in all; goal {most['goal']} ({most['name']}) has "
                   f"the most, {int(most['targets'])}.")
    chart = (
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
    return finish(chart, description)
