"""The mission map builder: draft a mission, see its map and the criteria feedback.

The student edits a mission (grand challenge, statement, target, deadline,
sectors, projects, actors, SDGs), presses "Draw the map", and sees the mission
map redrawn and a check against the five mission criteria
(:func:`pvkit.missions.check_mission`). Bad input (a project in a sector that
is not listed, an SDG numbered 40, ...) gives a short message and keeps the
last good map. The lesson and the Voila dashboard both call
:func:`mission_map_builder`.

>>> builder = mission_map_builder()
>>> builder.projects.value = builder.projects.value + "\\nheat pump bond: finance"
>>> builder.draw_button.click()
>>> len(builder.mission.projects)
7
"""

from __future__ import annotations

import html
import re

import ipywidgets as widgets
import pandas as pd

from pvkit import _validate, missions
from pvkit.charts.missions import mission_map_chart
from pvkit.widgets.helpers import (Accessibility, chart_alternative, chart_widget, guarded,
                                   update_chart)

__all__ = ["MissionMapBuilder", "mission_map_builder", "parse_projects", "parse_list", "parse_sdgs"]

_MET, _MISSED = "#007A5A", "#B34700"  # darker than the chart colours: AA on #F7F7F7 as text
#: The illustrative examples a builder can start from.
EXAMPLES = {"net_zero_heat": "Net-zero heating for a city (illustrative)",
            "healthy_years": "Healthy years in a region (illustrative)"}
#: Longest text a field takes: a mission statement is a sentence or two, a project list a page.
MAX_FIELD = 5_000
#: Years a mission can be set in or due by (the boxes refuse others).
YEARS = (1900, 2200)
_GOAL = re.compile(r"[0-9]{1,3}")


def parse_list(text: str) -> list[str]:
    """Names separated by commas or new lines, blanks dropped.

    Examples
    --------
    >>> parse_list("energy, housing\\n finance ,")
    ['energy', 'housing', 'finance']
    """
    text = _validate.text("text", text, empty=True, max_length=MAX_FIELD)
    return [part.strip() for line in text.splitlines() for part in line.split(",") if part.strip()]


def parse_projects(text: str) -> dict[str, str]:
    """Projects typed one per line as ``project: sector``.

    Raises
    ------
    ValueError
        If a line has no colon, naming the line.

    Examples
    --------
    >>> parse_projects("district heating: energy\\n\\ngreen mortgages : finance")
    {'district heating': 'energy', 'green mortgages': 'finance'}
    """
    _validate.text("text", text, empty=True, max_length=MAX_FIELD)  # line numbers count from the top
    projects: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        project, colon, sector = line.partition(":")
        if not colon or not project.strip() or not sector.strip():
            raise ValueError(
                f"line {number} of the projects, {line.strip()!r}, should read 'project: sector'"
            )
        projects[project.strip()] = sector.strip()
    return projects


def parse_sdgs(text: str) -> list[int]:
    """SDG numbers typed as ``7, 11, 13`` (plain digits 0-9; the goals run from 1 to 17).

    Raises
    ------
    ValueError
        Naming the entry that is not a goal number (``²`` and other digit-like
        characters included).

    Examples
    --------
    >>> parse_sdgs("7, 13")
    [7, 13]
    >>> parse_sdgs("7, ²")
    Traceback (most recent call last):
    ...
    ValueError: the SDGs: '²' is not a goal number; type goal numbers from 1 to 17, e.g. 7, 13
    """
    goals = []
    for part in parse_list(text):
        if not _GOAL.fullmatch(part):
            raise ValueError(f"the SDGs: {part!r} is not a goal number; type goal numbers from "
                             "1 to 17, e.g. 7, 13")
        goal = int(part)
        if not 1 <= goal <= 17:
            raise ValueError(f"the SDGs: there is no goal {goal}; the 17 goals are numbered 1 to 17")
        if goal in goals:
            raise ValueError(f"the SDGs: goal {goal} is listed twice")
        goals.append(goal)
    return goals


def _feedback_html(checks) -> str:  # noqa: ANN001 - a DataFrame from check_mission
    met = int(checks["met"].sum())
    items = []
    for row in checks.itertuples():
        mark, colour, kind = ("\u2714", _MET, "pvkit-met") if row.met else ("\u2718", _MISSED, "pvkit-missed")
        lead = "Met" if row.met else "To do"
        items.append(
            f'<li class="{kind}" style="margin:3px 0;list-style:none">'
            f'<span style="color:{colour};font-weight:bold">{mark}</span> '
            f"<b>{row.criterion}. {html.escape(row.name)}</b> "
            f'<span style="color:#444">({lead}: {html.escape(row.feedback)})</span></li>'
        )
    return (
        f'<div class="pvkit-criteria-box" role="status" style="border-left:5px solid '
        f'{_MET if met == 5 else _MISSED};background:#F7F7F7;padding:6px 12px;line-height:1.45">'
        f'<p style="margin:2px 0"><b>Mission criteria: {met} of 5 met.</b> '
        "The checks are simple rules, so they can only show what is missing; "
        "whether a mission inspires needs people to judge.</p>"
        f'<ul style="padding-left:4px;margin:4px 0">{"".join(items)}</ul></div>'
    )


class MissionMapBuilder(widgets.VBox):
    """The mission map builder; build it with :func:`mission_map_builder`.

    Attributes
    ----------
    example : ipywidgets.Dropdown
        Start from an illustrative example (loads it into the fields).
    grand_challenge, statement, target, sectors, projects, sdgs : text widgets
    deadline, launched : ipywidgets.BoundedIntText
    actors : dict of ipywidgets.Checkbox
        One box per kind of actor in :data:`pvkit.missions.ACTOR_TYPES`.
    draw_button : ipywidgets.Button
    message, feedback : ipywidgets.HTML
    chart : altair.JupyterChart
    chart_text : ipywidgets.HTML
        The map in words and its nodes as a table.
    accessibility : pvkit.widgets.helpers.Accessibility
        Announces each redraw in a live region.
    mission : pvkit.missions.Mission
        The mission on screen: the last one drawn.
    """

    def __init__(self, start: str = "net_zero_heat") -> None:
        start = _validate.choice("start", start, list(EXAMPLES))
        super().__init__(layout=widgets.Layout(max_width="920px", padding="4px 8px", grid_gap="6px"))
        wide = widgets.Layout(width="100%", max_width="640px")
        label_style = {"description_width": "130px"}
        intro = widgets.HTML(
            '<p style="margin:0 0 4px 0;line-height:1.45">Draft a <b>mission</b>: a bold, '
            "measurable goal with a deadline that many sectors and actors work towards. Edit the "
            "fields, press <b>Draw the map</b>, then read which of the five mission criteria your "
            "draft meets. The examples are illustrative, not real policies.</p>"
        )
        self.example = widgets.Dropdown(
            options=[(label, name) for name, label in EXAMPLES.items()],
            value=start, description="Start from", style=label_style, layout=wide,
        )
        self.grand_challenge = widgets.Text(description="Grand challenge", style=label_style, layout=wide)
        self.statement = widgets.Textarea(description="Mission statement", style=label_style,
                                          layout=widgets.Layout(width="100%", max_width="640px",
                                                                height="56px"))
        self.target = widgets.Text(description="Target", placeholder="e.g. cut emissions by 80%",
                                   style=label_style, layout=wide)
        self.launched = widgets.BoundedIntText(description="Set in (year)", min=YEARS[0], max=YEARS[1],
                                               style=label_style, layout=widgets.Layout(width="240px"))
        self.deadline = widgets.BoundedIntText(description="Deadline (year)", min=YEARS[0], max=YEARS[1],
                                               style=label_style, layout=widgets.Layout(width="240px"))
        self.sectors = widgets.Text(description="Sectors", placeholder="comma-separated",
                                    style=label_style, layout=wide)
        self.projects = widgets.Textarea(
            description="Projects", placeholder="one per line, as  project: sector",
            style=label_style, layout=widgets.Layout(width="100%", max_width="640px", height="130px"),
        )
        self.sdgs = widgets.Text(description="SDGs (numbers)", placeholder="e.g. 7, 13",
                                 style=label_style, layout=wide)
        self.actors = {a: widgets.Checkbox(description=a, indent=False,
                                           layout=widgets.Layout(width="auto", margin="0 12px 0 0"))
                       for a in missions.ACTOR_TYPES}
        actor_row = widgets.HBox(
            [widgets.HTML('<span id="pvkit-actors-label" style="display:inline-block;width:130px;'
                         'text-align:right;padding-right:8px;box-sizing:border-box">Actors</span>'),
             *self.actors.values()],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        actor_row.add_class("pvkit-actors")
        self.draw_button = widgets.Button(
            description="Draw the map", tooltip="Check the mission and redraw its map",
            layout=widgets.Layout(width="auto", min_width="150px", height="36px"),
        )
        self.draw_button.style.button_color = "#005A8C"
        self.draw_button.style.text_color = "white"
        self.draw_button.style.font_weight = "bold"
        self.message = widgets.HTML()
        self.feedback = widgets.HTML()
        self.chart_text = widgets.HTML()
        self.accessibility = Accessibility()

        for widget, name in [
            (self, "pvkit-mission-map"),
            (self.example, "pvkit-example"),
            (self.grand_challenge, "pvkit-grand-challenge"),
            (self.statement, "pvkit-statement"),
            (self.target, "pvkit-target"),
            (self.launched, "pvkit-launched"),
            (self.deadline, "pvkit-deadline"),
            (self.sectors, "pvkit-sectors"),
            (self.projects, "pvkit-projects"),
            (self.sdgs, "pvkit-sdgs"),
            (self.draw_button, "pvkit-draw"),
            (self.message, "pvkit-message-area"),
            (self.feedback, "pvkit-feedback"),
        ]:
            widget.add_class(name)

        self._load(start)
        self.mission = self.read()
        nodes = missions.map_nodes(self.mission)
        chart = mission_map_chart(nodes)
        self.chart = chart_widget(chart)
        self.chart.add_class("pvkit-chart")
        self.chart_text.add_class("pvkit-chart-text")
        self.chart_text.value = _map_text(chart, nodes)
        self.feedback.value = _feedback_html(missions.check_mission(self.mission))
        self.children = [
            intro, self.example, self.grand_challenge, self.statement, self.target,
            widgets.HBox([self.launched, self.deadline], layout=widgets.Layout(flex_flow="row wrap")),
            self.sectors, self.projects, actor_row, self.sdgs,
            widgets.HBox([self.draw_button], layout=widgets.Layout(margin="4px 0 4px 134px")),
            self.message, self.feedback, self.chart, self.chart_text, self.accessibility,
        ]
        on_error = guarded(self.message)
        self.draw_button.on_click(on_error(lambda _: self.draw()))
        self.example.observe(on_error(lambda change: self._load(change["new"], redraw=True)),
                             names="value")

    def _load(self, name: str, redraw: bool = False) -> None:
        m = missions.example_mission(name)
        self.grand_challenge.value = m.grand_challenge
        self.statement.value = m.statement
        self.target.value = m.target
        self.launched.value = m.launched
        self.deadline.value = m.deadline
        self.sectors.value = ", ".join(m.sectors)
        self.projects.value = "\n".join(f"{p}: {s}" for p, s in m.projects)
        self.sdgs.value = ", ".join(str(g) for g in m.sdgs)
        for actor, box in self.actors.items():
            box.value = actor in m.actors
        if redraw:
            self.draw()

    def read(self) -> missions.Mission:
        """The mission the fields describe (a ``ValueError`` says what to fix)."""
        for name, field in (("the grand challenge", self.grand_challenge), ("the mission statement", self.statement),
                            ("the target", self.target)):
            if len(field.value) > MAX_FIELD:
                raise ValueError(f"{name} is too long ({len(field.value):,} characters); keep it under "
                                 f"{MAX_FIELD:,}")
        years = {}
        for name, box in (("the deadline", self.deadline), ("the year it is set in", self.launched)):
            value = box.value
            if isinstance(value, bool) or not isinstance(value, int) or not YEARS[0] <= value <= YEARS[1]:
                raise ValueError(f"{name} must be a year from {YEARS[0]} to {YEARS[1]}, e.g. 2040")
            years[name] = value
        return missions.Mission(
            grand_challenge=self.grand_challenge.value,
            statement=self.statement.value,
            target=self.target.value,
            deadline=years["the deadline"],
            launched=years["the year it is set in"],
            sectors=parse_list(self.sectors.value),
            projects=parse_projects(self.projects.value),
            actors=[a for a, box in self.actors.items() if box.value],
            sdgs=parse_sdgs(self.sdgs.value),
        )

    def draw(self) -> None:
        """Check the mission in the fields, redraw its map and show the criteria feedback.

        Everything is computed before anything is shown, so a mission that
        cannot be drawn leaves the last good map, feedback and :attr:`mission`.
        """
        mission = self.read()
        nodes = missions.map_nodes(mission)
        chart = mission_map_chart(nodes)
        feedback = _feedback_html(missions.check_mission(mission))
        text = _map_text(chart, nodes)
        update_chart(self.chart, chart)
        self.feedback.value, self.chart_text.value = feedback, text
        self.mission = mission
        met = feedback.count("pvkit-met")
        self.accessibility.announce(f"Map redrawn: {len(mission.projects)} projects in "
                                    f"{len(mission.sectors)} sectors; {met} of 5 criteria met.")


def _map_text(chart: object, nodes: pd.DataFrame) -> str:
    labels = dict(zip(nodes["node"], nodes["label"]))
    table = pd.DataFrame({"level": nodes["level"], "name": nodes["label"],
                          "part of": [labels.get(p, "") for p in nodes["parent"]]})
    return chart_alternative(chart, {"The mission map, from grand challenge to projects": table})


def mission_map_builder(start: str = "net_zero_heat") -> MissionMapBuilder:
    """Build the mission map builder (an ``ipywidgets.VBox``); display it as a cell's last line.

    Parameters
    ----------
    start : str
        The illustrative example to start from, one of :data:`EXAMPLES`
        (see :func:`pvkit.missions.example_mission`).

    Raises
    ------
    ValueError, TypeError
        If ``start`` is not the name of an example.

    Examples
    --------
    >>> builder = mission_map_builder()
    >>> builder.sectors.value = "energy"
    >>> builder.draw_button.click()  # projects now sit in unlisted sectors
    >>> "is not one of the mission" in builder.message.value
    True
    >>> len(builder.mission.sectors)  # the last good mission is kept
    5
    """
    return MissionMapBuilder(start)

