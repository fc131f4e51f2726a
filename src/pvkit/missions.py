"""Missions and purpose: SDG data, missions as structured objects, the five criteria.

Section 1 of Mazzucato & Kattel (2019), *Getting serious about value* (IIPP
Policy Brief 07), argues that a mission "picks the problem" rather than the
winners: it sets a direction that many sectors and actors then work towards.
This module gives students the pieces to try that out:

- the 17 Sustainable Development Goals with their number of targets
  (:func:`sdg_targets`), a common source of missions' directions;
- a :class:`Mission` (grand challenge, statement, target, deadline, sectors,
  projects, actors, SDGs), checked against the five mission criteria of
  Mazzucato's 2018 report to the European Commission by transparent rules
  (:func:`check_mission`);
- the UK Grand Challenges and the missions set under them
  (:func:`uk_grand_challenge_missions`) and an illustrative worked mission
  (:func:`example_mission`);
- a mission map as a tidy tree with computed positions (:func:`map_nodes`,
  :func:`map_edges`), drawn by :mod:`pvkit.charts.missions`.

>>> from pvkit import missions
>>> int(missions.sdg_targets()["targets"].sum())
169
>>> missions.criteria_met(missions.example_mission())
5
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pvkit import _validate as v
from pvkit import data

__all__ = [
    "ACTOR_TYPES",
    "LEVELS",
    "MIN_SECTORS",
    "MIN_ACTOR_TYPES",
    "MIN_PROJECTS",
    "HORIZON_YEARS",
    "STATEMENT_WORDS",
    "DEFAULT_LAUNCH",
    "Mission",
    "sdg_targets",
    "sdg_totals",
    "mission_criteria",
    "uk_grand_challenge_missions",
    "example_mission",
    "target_quantity",
    "projects_by_sector",
    "check_mission",
    "criteria_met",
    "map_nodes",
    "map_edges",
]

#: Kinds of actor a mission can bring together (criterion 4 counts them).
ACTOR_TYPES: tuple[str, ...] = ("public sector", "business", "research", "civil society", "citizens")
#: Levels of a mission map, from the root to the leaves.
LEVELS: tuple[str, str, str, str] = ("grand challenge", "mission", "sector", "project")
#: Criterion 4: sectors that hold at least one project.
MIN_SECTORS = 3
#: Criterion 4: different kinds of actor.
MIN_ACTOR_TYPES = 3
#: Criterion 5: projects in the portfolio.
MIN_PROJECTS = 4
#: Criterion 3: years from launch to deadline, (shortest, longest).
HORIZON_YEARS: tuple[int, int] = (3, 35)
#: Criterion 1: words in the statement, (fewest, most).
STATEMENT_WORDS: tuple[int, int] = (5, 40)
#: Year a mission is set when none is given.
DEFAULT_LAUNCH = 2025

_NUMBER_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    "half|halve|halved|halving|double|doubled|doubling|triple|tripled|third|thirds|"
    "quarter|quarters|hundred|thousand|million|billion"
)
_QUANTITY = re.compile(
    rf"(\d+(?:[.,]\d+)*\s*(?:%|per\s?cent\b)?|\b(?:{_NUMBER_WORDS})\b)", re.IGNORECASE
)
#: A bare whole number in this range reads as a year (a deadline, not an amount).
_YEARS = (1900, 2100)
# "no one", "no-one": a pronoun, not the number one.
_NO_ONE = re.compile(r"\bno[\s-]+$", re.IGNORECASE)


def _is_quantity(match: re.Match[str], text: str) -> bool:
    found = match.group(1).strip()
    if found.isdigit() and _YEARS[0] <= int(found) <= _YEARS[1]:
        return False
    if found.lower() == "one" and _NO_ONE.search(text[:match.start()]):
        return False
    return True


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9%]+(?:['-][A-Za-z0-9]+)*", text)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _key(text: str) -> str:
    return _clean(text).lower()


#: Longest name or sentence a mission takes (characters): a label on a map, not an essay.
MAX_TEXT = 1_000
#: Most sectors, projects or actors in one mission: a map a student can still read.
MAX_PARTS = 1_000


def _is_list(value: object) -> bool:
    return isinstance(value, (Sequence, np.ndarray, pd.Series)) and not isinstance(value, (str, bytes))


def _names(value: object, what: str, example: str) -> tuple[str, ...]:
    """A list of names, stripped and de-duplicated (case-insensitive), order kept."""
    if not _is_list(value):
        raise TypeError(
            f"{what} should be a list of names such as {example}, got {type(value).__name__}"
        )
    items = list(value)  # type: ignore[call-overload]
    if len(items) > MAX_PARTS:
        raise ValueError(f"{what} has {len(items):,} entries; at most {MAX_PARTS:,}")
    seen: dict[str, str] = {}
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"every entry of {what} should be a string, got {v.shown(item)}")
        if len(item) > MAX_TEXT:
            raise ValueError(f"an entry of {what} is too long ({len(item):,} characters; "
                             f"at most {MAX_TEXT:,})")
        name = _clean(item)
        if name and _key(name) not in seen:
            seen[_key(name)] = name
    return tuple(seen.values())


def _year(value: object, what: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{what} should be a year as a whole number such as 2030, got {v.shown(value)}")
    if not 1900 <= value <= 2200:
        raise ValueError(f"{what} {v.shown(value)} is not a plausible year; use one such as 2030")
    return int(value)


@dataclass(frozen=True)
class Mission:
    """A mission: a grand challenge made concrete, with the portfolio that pursues it.

    Arguments are checked and tidied when the object is made: names are
    stripped, duplicates (ignoring case) dropped, and each project's sector
    must be one of ``sectors``.

    Parameters
    ----------
    grand_challenge : str
        The broad problem the mission belongs to, e.g. ``"Clean growth"``.
    statement : str
        The mission in one sentence, as the public would read it.
    target : str
        What should change and by how much, e.g. ``"halve heating emissions"``.
    deadline : int
        The year by which the target is to be met.
    sectors : sequence of str
        Sectors the mission draws on.
    projects : mapping of str to str
        Project name -> the sector it belongs to (one of ``sectors``).
    actors : sequence of str
        Kinds of actor involved, each one of :data:`ACTOR_TYPES`.
    sdgs : sequence of int
        Numbers (1-17) of the Sustainable Development Goals it serves.
    launched : int
        The year the mission is set (default :data:`DEFAULT_LAUNCH`).

    Raises
    ------
    TypeError, ValueError
        With a message that says which argument is wrong and how to fix it.

    Examples
    --------
    >>> m = Mission("Clean growth", "Warm homes with no carbon", "cut emissions by 50%", 2035,
    ...             sectors=["energy", "Housing"], projects={"heat pumps": "housing"})
    >>> m.projects
    (('heat pumps', 'Housing'),)
    >>> Mission("Clean growth", "Warm homes", "cut 50%", 2035, sectors=["energy"],
    ...         projects={"heat pumps": "housing"})
    Traceback (most recent call last):
    ...
    ValueError: project 'heat pumps' is in sector 'housing', which is not one of the mission's sectors ['energy']; add it to the sectors or fix the spelling
    """

    grand_challenge: str
    statement: str
    target: str
    deadline: int
    sectors: tuple[str, ...] = ()
    projects: tuple[tuple[str, str], ...] = ()
    actors: tuple[str, ...] = ()
    sdgs: tuple[int, ...] = ()
    launched: int = DEFAULT_LAUNCH
    illustrative: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("grand_challenge", "statement", "target"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise TypeError(f"{name.replace('_', ' ')} should be text, got {type(value).__name__}")
            if len(value) > MAX_TEXT:
                raise ValueError(f"{name.replace('_', ' ')} is too long ({len(value):,} characters; "
                                 f"at most {MAX_TEXT:,})")
            object.__setattr__(self, name, _clean(value))
        if not self.statement:
            raise ValueError("write a mission statement: one sentence saying what the mission will achieve")
        object.__setattr__(self, "deadline", _year(self.deadline, "the deadline"))
        object.__setattr__(self, "launched", _year(self.launched, "launched (the launch year)"))
        object.__setattr__(self, "illustrative", v.flag("illustrative", self.illustrative))
        sectors = _names(self.sectors, "sectors", "['energy', 'housing']")
        object.__setattr__(self, "sectors", sectors)
        object.__setattr__(self, "projects", self._tidy_projects(sectors))
        actors = _names(self.actors, "actors", "['public sector', 'business']")
        unknown = [a for a in actors if _key(a) not in ACTOR_TYPES]
        if unknown:
            raise ValueError(f"actors: unknown actor type(s) {unknown}; use some of {list(ACTOR_TYPES)}")
        object.__setattr__(self, "actors", tuple(_key(a) for a in actors))
        object.__setattr__(self, "sdgs", self._tidy_sdgs())

    def _tidy_projects(self, sectors: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        projects = self.projects
        if isinstance(projects, Mapping):
            pairs = list(projects.items())
        elif isinstance(projects, (list, tuple)) and all(
            isinstance(p, (list, tuple)) and len(p) == 2 for p in projects
        ):
            pairs = [tuple(p) for p in projects]
        else:
            raise TypeError(
                "projects should be a dict mapping each project to its sector, "
                f"e.g. {{'heat pump grants': 'housing'}}; got {type(projects).__name__}"
            )
        if len(pairs) > MAX_PARTS:
            raise ValueError(f"projects has {len(pairs):,} entries; at most {MAX_PARTS:,}")
        by_key = {_key(s): s for s in sectors}
        tidy: dict[str, tuple[str, str]] = {}
        for project, sector in pairs:
            if not isinstance(project, str) or not isinstance(sector, str):
                raise TypeError(f"projects: project and sector names should be text, got "
                                f"{v.shown(project)}: {v.shown(sector)}")
            if len(project) > MAX_TEXT:
                raise ValueError(f"projects: a project name is too long ({len(project):,} characters; "
                                 f"at most {MAX_TEXT:,})")
            if not _clean(project):
                raise ValueError("projects: a project has no name; give every project a short name")
            if _key(sector) not in by_key:
                raise ValueError(
                    f"project {_clean(project)!r} is in sector {_clean(sector)!r}, which is not one "
                    f"of the mission's sectors {list(sectors)}; add it to the sectors or fix the spelling"
                )
            tidy.setdefault(_key(project), (_clean(project), by_key[_key(sector)]))
        return tuple(tidy.values())

    def _tidy_sdgs(self) -> tuple[int, ...]:
        goals = self.sdgs
        if not _is_list(goals):
            raise TypeError(f"sdgs should be a list of goal numbers such as [7, 13], got {v.shown(goals)}")
        goals = list(goals)  # type: ignore[call-overload]
        if len(goals) > MAX_PARTS:
            raise ValueError(f"sdgs has {len(goals):,} entries; at most {MAX_PARTS:,}")
        tidy: list[int] = []
        for goal in goals:
            # numpy integers count; True, 7.0 and '7' do not (a goal is a whole number)
            if isinstance(goal, (bool, np.bool_)) or not isinstance(goal, numbers.Integral) \
                    or not 1 <= goal <= 17:
                raise ValueError(f"sdgs: {v.shown(goal)} is not an SDG; the goals are numbered 1 to 17")
            if int(goal) not in tidy:
                tidy.append(int(goal))
        return tuple(tidy)

    @property
    def horizon(self) -> int:
        """Years from launch to deadline."""
        return self.deadline - self.launched


# -- data ------------------------------------------------------------------------------
def sdg_targets() -> pd.DataFrame:
    """The 17 Sustainable Development Goals with their number of targets.

    Returns
    -------
    pandas.DataFrame
        Columns ``goal`` (1-17), ``name`` (short title), ``targets`` and
        ``source`` (UN General Assembly resolution A/RES/70/1, 2015). The
        counts include the lettered "means of implementation" targets.

    Examples
    --------
    >>> table = sdg_targets()
    >>> len(table), int(table["targets"].sum())
    (17, 169)
    >>> table.loc[table["targets"].idxmax(), "name"]
    'Partnerships for the goals'
    """
    return data.load("sdg_targets")


def sdg_totals() -> dict[str, int]:
    """Headline SDG figures: goals and targets counted from the data, and signatories.

    The number of countries, 193 (the UN member states that adopted the 2030
    Agenda), is the figure section 1 of the brief gives.

    Examples
    --------
    >>> sdg_totals()
    {'goals': 17, 'targets': 169, 'countries': 193}
    """
    table = sdg_targets()
    return {"goals": int(table["goal"].nunique()), "targets": int(table["targets"].sum()),
            "countries": 193}


_RULES = {
    1: (
        f"A grand challenge is named, the statement has {STATEMENT_WORDS[0]} to "
        f"{STATEMENT_WORDS[1]} words, and at least one SDG is linked. No rule can tell "
        "whether a statement inspires: this only checks that it is short enough to share and "
        "tied to problems many people recognise."
    ),
    2: (
        "The target contains a quantity (a number, a percentage, or a word such as 'halve', "
        "'zero' or 'five') and the deadline falls after the launch year. The rule cannot tell "
        "whether the quantity measures the right thing."
    ),
    3: (
        f"The deadline is {HORIZON_YEARS[0]} to {HORIZON_YEARS[1]} years after launch: long "
        "enough to need innovation, short enough to be held to account. Whether the target is "
        "technically reachable needs expert judgement, not a rule."
    ),
    4: (
        f"At least {MIN_SECTORS} sectors hold a project and at least {MIN_ACTOR_TYPES} kinds of "
        "actor take part. Counting sectors cannot show whether they really work together."
    ),
    5: (
        f"At least {MIN_PROJECTS} projects, and no sector holds more than half of them, so the "
        "mission does not bet on one solution. Counting cannot show whether projects came from "
        "an open, bottom-up call."
    ),
}


def mission_criteria() -> pd.DataFrame:
    """The five mission criteria, what each means, and the rule pvkit uses as a proxy.

    Returns
    -------
    pandas.DataFrame
        Columns ``criterion`` (1-5), ``name``, ``meaning``, ``rule`` and
        ``source`` (Mazzucato 2018, report to the European Commission).

    Examples
    --------
    >>> mission_criteria()["name"].tolist()[1]
    'A clear direction: targeted, measurable and time-bound'
    """
    table = data.load("mission_criteria")
    table.insert(3, "rule", [_RULES[int(c)] for c in table["criterion"]])
    return table


def uk_grand_challenge_missions() -> pd.DataFrame:
    """The UK's four Grand Challenges (Industrial Strategy, 2017) and a mission under each.

    Returns
    -------
    pandas.DataFrame
        Columns ``grand_challenge``, ``mission`` (paraphrased), ``target``,
        ``deadline``, ``source`` and ``measurable`` (what
        :func:`target_quantity` finds in the target, or ``""`` if nothing).

    Examples
    --------
    >>> uk = uk_grand_challenge_missions()
    >>> uk["grand_challenge"].tolist()
    ['AI and data', 'Clean growth', 'Ageing society', 'Future of mobility']
    >>> uk["measurable"].tolist()
    ['', 'halve', 'five', 'zero']
    """
    table = data.load("uk_grand_challenge_missions")
    table["measurable"] = [target_quantity(t) or "" for t in table["target"]]
    return table


_EXAMPLES = {
    "net_zero_heat": dict(
        grand_challenge="Clean growth",
        statement="Every home in the city warm in winter without burning fossil fuels",
        target="cut carbon emissions from heating homes by 80%",
        deadline=2040,
        launched=2025,
        sectors=["housing and construction", "energy", "finance", "skills", "digital"],
        projects={
            "heat pumps for social housing": "housing and construction",
            "street-by-street insulation": "housing and construction",
            "district heat networks": "energy",
            "green mortgages": "finance",
            "installer apprenticeships": "skills",
            "smart heating controls trial": "digital",
        },
        actors=["public sector", "business", "research", "civil society", "citizens"],
        sdgs=[7, 11, 13],
    ),
    "healthy_years": dict(
        grand_challenge="Ageing society",
        statement="Five more years of healthy, independent life for everyone in the region",
        target="five extra healthy years, with the gap between rich and poor areas narrowed",
        deadline=2040,
        launched=2025,
        sectors=["health care", "housing", "transport", "food"],
        projects={
            "screening in community pharmacies": "health care",
            "adaptable homes standard": "housing",
            "step-free bus routes": "transport",
            "healthy school meals": "food",
        },
        actors=["public sector", "business", "civil society", "citizens"],
        sdgs=[3, 10],
    ),
}


def example_mission(name: str = "net_zero_heat") -> Mission:
    """An illustrative mission, worked out for the lessons (not a real policy).

    Parameters
    ----------
    name : str
        ``"net_zero_heat"`` (a city's low-carbon heating, under Clean growth)
        or ``"healthy_years"`` (under Ageing society). Figures in them are
        illustrative.

    Examples
    --------
    >>> m = example_mission()
    >>> m.illustrative, m.deadline, len(m.projects)
    (True, 2040, 6)
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be the name of an example such as 'net_zero_heat', got {v.shown(name)}")
    if name not in _EXAMPLES:
        raise ValueError(f"no example called {v.shown(name)} (name); choose one of {sorted(_EXAMPLES)}")
    return Mission(**_EXAMPLES[name], illustrative=True)


# -- checks ----------------------------------------------------------------------------
def target_quantity(target: str) -> str | None:
    """The first quantity in a target, or ``None`` if it has none.

    A quantity is a number (``"80%"``, ``"2.5"``), or a word such as
    ``"halve"``, ``"zero"`` or ``"five"``. A year is not a quantity: a bare
    whole number from 1900 to 2100 counts as a date (the deadline is checked
    on its own), and "no one" is a pronoun, not the number one. This is how
    pvkit tells a measurable target from a vague one; it does not check that
    the number makes sense.

    Examples
    --------
    >>> target_quantity("cut emissions against 1990 by 80%")
    '80%'
    >>> target_quantity("net zero emissions") , target_quantity("better health")
    ('zero', None)
    >>> target_quantity("better health for all by 2030"), target_quantity("leave no one behind")
    (None, None)
    """
    if not isinstance(target, str):
        raise TypeError(f"a target is text such as 'halve food waste', got {type(target).__name__}")
    if len(target) > 10 * MAX_TEXT:
        raise ValueError(f"target is too long ({len(target):,} characters; at most {10 * MAX_TEXT:,})")
    for match in _QUANTITY.finditer(target):
        if _is_quantity(match, target):
            return match.group(1).strip().lower()
    return None


def projects_by_sector(mission: Mission) -> pd.DataFrame:
    """How many projects each of a mission's sectors holds (zeros included).

    Returns
    -------
    pandas.DataFrame
        Columns ``sector`` (in the mission's order) and ``projects``.

    Examples
    --------
    >>> projects_by_sector(example_mission())["projects"].tolist()
    [2, 1, 1, 1, 1]
    """
    _check_type(mission)
    counts = {s: 0 for s in mission.sectors}
    for _, sector in mission.projects:
        counts[sector] += 1
    return pd.DataFrame({"sector": list(counts), "projects": list(counts.values())})


def _check_type(mission: object) -> None:
    if not isinstance(mission, Mission):
        raise TypeError(f"mission must be a pvkit Mission, got {type(mission).__name__}")


def _criterion_1(m: Mission) -> tuple[bool, str]:
    words = len(_words(m.statement))
    lo, hi = STATEMENT_WORDS
    missing = []
    if not m.grand_challenge:
        missing.append("name the grand challenge the mission belongs to")
    if words < lo:
        missing.append(f"say more in the statement ({words} words; aim for at least {lo})")
    if words > hi:
        missing.append(f"shorten the statement to at most {hi} words (now {words}) so people remember it")
    if not m.sdgs:
        missing.append("link the mission to at least one SDG to show its wider relevance")
    if missing:
        return False, "; ".join(missing)
    return True, f"a {words}-word statement under '{m.grand_challenge}', linked to SDG(s) {list(m.sdgs)}"


def _criterion_2(m: Mission) -> tuple[bool, str]:
    quantity = target_quantity(m.target)
    missing = []
    if quantity is None:
        missing.append("give the target a number (e.g. 'cut by 50%' or 'halve'), so progress can be measured")
    if m.deadline <= m.launched:
        missing.append(f"set a deadline after the launch year {m.launched}")
    if missing:
        return False, "; ".join(missing)
    return True, f"measurable ('{quantity}') and time-bound (by {m.deadline})"


def _criterion_3(m: Mission) -> tuple[bool, str]:
    lo, hi = HORIZON_YEARS
    if m.horizon < lo:
        return False, (f"{m.horizon} year(s) from {m.launched} to {m.deadline} leaves no time for "
                       f"research and innovation; allow at least {lo}")
    if m.horizon > hi:
        return False, (f"{m.horizon} years is too far off to hold anyone to account; "
                       f"aim for at most {hi}, with milestones")
    return True, f"{m.horizon} years from {m.launched} to {m.deadline}"


def _criterion_4(m: Mission) -> tuple[bool, str]:
    used = projects_by_sector(m).query("projects > 0")["sector"].tolist()
    empty = [s for s in m.sectors if s not in used]
    missing = []
    if len(used) < MIN_SECTORS:
        tip = f" (no project yet in: {', '.join(empty)})" if empty else ""
        missing.append(f"give projects to at least {MIN_SECTORS} sectors, now {len(used)}{tip}")
    if len(m.actors) < MIN_ACTOR_TYPES:
        others = [a for a in ACTOR_TYPES if a not in m.actors]
        missing.append(f"involve at least {MIN_ACTOR_TYPES} kinds of actor, now {len(m.actors)}; "
                       f"consider {', '.join(others)}")
    if missing:
        return False, "; ".join(missing)
    return True, f"{len(used)} sectors with projects and {len(m.actors)} kinds of actor"


def _criterion_5(m: Mission) -> tuple[bool, str]:
    n = len(m.projects)
    if n < MIN_PROJECTS:
        return False, f"plan at least {MIN_PROJECTS} projects, now {n}: a mission backs many bets, not one"
    counts = projects_by_sector(m)
    top = counts.loc[counts["projects"].idxmax()]
    if 2 * int(top["projects"]) > n:
        return False, (f"{int(top['projects'])} of {n} projects sit in '{top['sector']}': spread them, "
                       "or the mission picks a winner instead of a problem")
    return True, f"{n} projects, none of the sectors holding more than half"


_CHECKS = {1: _criterion_1, 2: _criterion_2, 3: _criterion_3, 4: _criterion_4, 5: _criterion_5}


def check_mission(mission: Mission) -> pd.DataFrame:
    """Check a mission against the five criteria with transparent rules.

    Each rule is a proxy that a computer can apply (see the ``rule`` column of
    :func:`mission_criteria`): it can show what is missing, never that a
    mission is good. "Inspiring", "realistic" and "bottom-up" in particular
    need human judgement, and a mission can pass every rule and still be weak.

    Parameters
    ----------
    mission : Mission

    Returns
    -------
    pandas.DataFrame
        Five rows with columns ``criterion`` (1-5), ``name``, ``met`` (bool)
        and ``feedback`` (what the mission does, or what to add).

    Examples
    --------
    >>> m = Mission("Clean growth", "Clean air in every school playground by the end of the decade",
    ...             "no school above the WHO limit", 2030, sectors=["transport"],
    ...             projects={"school streets": "transport"}, actors=["public sector"], sdgs=[3, 11])
    >>> check_mission(m)["met"].tolist()
    [True, False, True, False, False]
    """
    _check_type(mission)
    names = data.load("mission_criteria").set_index("criterion")["name"]
    rows = []
    for criterion, rule in _CHECKS.items():
        met, feedback = rule(mission)
        rows.append((criterion, names[criterion], met, feedback))
    return pd.DataFrame(rows, columns=["criterion", "name", "met", "feedback"])


def criteria_met(mission: Mission) -> int:
    """How many of the five criteria a mission meets.

    Examples
    --------
    >>> criteria_met(example_mission("healthy_years"))
    5
    """
    return int(check_mission(mission)["met"].sum())


# -- the mission map ------------------------------------------------------------------
def _as_list(missions: Mission | Sequence[Mission]) -> list[Mission]:
    if isinstance(missions, Mission):
        return [missions]
    if isinstance(missions, Sequence) and not isinstance(missions, str) and len(missions) > MAX_PARTS:
        raise ValueError(f"missions has {len(missions):,} missions; a map holds at most {MAX_PARTS:,}")
    if isinstance(missions, Sequence) and not isinstance(missions, str) and missions \
            and all(isinstance(m, Mission) for m in missions):
        return list(missions)
    raise TypeError(f"missions must be a Mission or a non-empty list of Missions, got {v.shown(missions)}")


def map_nodes(missions: Mission | Sequence[Mission]) -> pd.DataFrame:
    """The mission map as a tidy table of nodes with positions for a tree chart.

    Levels run left to right: grand challenge (x = 0), mission (1), sector
    (2), project (3). Leaves (projects, and sectors with no project yet) take
    one row each from the top (y = 0, 1, ...); a parent sits at the mean y of
    its children. Missions with the same grand challenge share its node.

    Returns
    -------
    pandas.DataFrame
        Columns ``node``, ``parent`` (``""`` for a root), ``level`` (one of
        :data:`LEVELS`), ``depth`` (= x), ``label``, ``x`` and ``y``.

    Examples
    --------
    >>> nodes = map_nodes(example_mission())
    >>> nodes["level"].value_counts()[list(LEVELS)].tolist()
    [1, 1, 5, 6]
    >>> nodes.loc[0, "label"], float(nodes.loc[0, "y"])  # the root sits mid-way
    ('Clean growth', 2.9)
    """
    rows: list[dict[str, object]] = []
    leaf = 0

    def add(node: str, parent: str, depth: int, label: str, y: float) -> None:
        rows.append({"node": node, "parent": parent, "level": LEVELS[depth], "depth": depth,
                     "label": label, "x": depth, "y": float(y)})

    groups: dict[str, list[Mission]] = {}
    for m in _as_list(missions):
        groups.setdefault(m.grand_challenge or "(no grand challenge)", []).append(m)
    for g, (challenge, members) in enumerate(groups.items()):
        root = f"g{g}"
        root_at = len(rows)
        add(root, "", 0, challenge, 0)
        mission_ys = []
        for i, m in enumerate(members):
            mission_id = f"{root}/m{i}"
            mission_at = len(rows)
            add(mission_id, root, 1, m.statement, 0)
            sector_ys = []
            for j, sector in enumerate(m.sectors):
                sector_id = f"{mission_id}/s{j}"
                sector_at = len(rows)
                add(sector_id, mission_id, 2, sector, 0)
                ys = []
                for k, (project, in_sector) in enumerate(m.projects):
                    if in_sector == sector:
                        add(f"{sector_id}/p{k}", sector_id, 3, project, leaf)
                        ys.append(leaf)
                        leaf += 1
                if not ys:
                    ys.append(leaf)
                    leaf += 1
                rows[sector_at]["y"] = sum(ys) / len(ys)
                sector_ys.append(rows[sector_at]["y"])
            if not sector_ys:
                sector_ys.append(leaf)
                leaf += 1
            rows[mission_at]["y"] = sum(sector_ys) / len(sector_ys)
            mission_ys.append(rows[mission_at]["y"])
        rows[root_at]["y"] = sum(mission_ys) / len(mission_ys)
    return pd.DataFrame(rows, columns=["node", "parent", "level", "depth", "label", "x", "y"])


def map_edges(nodes: pd.DataFrame) -> pd.DataFrame:
    """Edges of a mission map: one row per child, with both ends' positions.

    Parameters
    ----------
    nodes : pandas.DataFrame
        As :func:`map_nodes` returns.

    Returns
    -------
    pandas.DataFrame
        Columns ``parent``, ``node``, ``x``, ``y`` (the parent's position),
        ``x2`` and ``y2`` (the child's).

    Examples
    --------
    >>> len(map_edges(map_nodes(example_mission())))
    12
    """
    if not isinstance(nodes, pd.DataFrame) or not {"node", "parent", "x", "y"} <= set(nodes.columns):
        raise TypeError("nodes: expected the node table that map_nodes() returns")
    v.frame("nodes", nodes, numeric=["x", "y"], min_rows=0)
    ids = nodes["node"].tolist()
    if any(not isinstance(n, str) or not n for n in ids):
        raise ValueError("nodes: every node needs an id (text) in the 'node' column")
    if len(set(ids)) < len(ids):
        twice = next(n for n in ids if ids.count(n) > 1)
        raise ValueError(f"nodes: the node id {twice!r} appears twice")
    where = nodes.set_index("node")
    parents = nodes["parent"].map(lambda p: "" if p is None or (isinstance(p, float) and np.isnan(p)) else p)
    children = nodes[parents != ""]
    unknown = [p for p in parents[parents != ""] if p not in where.index]
    if unknown:
        raise ValueError(f"nodes: the parent {v.shown(unknown[0])} is not a node of the table; "
                         "every parent must be one of the 'node' ids (or blank for a root)")
    return pd.DataFrame({
        "parent": children["parent"].tolist(),
        "node": children["node"].tolist(),
        "x": [where.loc[p, "x"] for p in children["parent"]],
        "y": [where.loc[p, "y"] for p in children["parent"]],
        "x2": children["x"].tolist(),
        "y2": children["y"].tolist(),
    })
