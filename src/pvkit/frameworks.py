"""Market fixing vs market shaping: Box 4 of the brief as data, and real cases.

Box 4 of Mazzucato & Kattel (2019), *Getting serious about value* (IIPP Policy
Brief 07), sets two analytical frameworks side by side along five dimensions.
This module ships that table (paraphrased, see ``pvkit/data/PROVENANCE.md``),
a set of real policies with the framing their own justification uses, and the
functions a case-sorting exercise needs: check one placement, score many.

>>> from pvkit import frameworks
>>> frameworks.box4().shape
(5, 4)
>>> frameworks.check_placement("apollo", "shaping").correct
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from pvkit import _validate as v
from pvkit import data

__all__ = [
    "FRAMINGS",
    "DIMENSIONS",
    "Placement",
    "box4",
    "cases",
    "case",
    "case_counts",
    "normalise_framing",
    "check_placement",
    "score_placements",
]

FRAMINGS: tuple[str, str] = ("market fixing", "market shaping")
DIMENSIONS: tuple[str, ...] = (
    "justification",
    "business case appraisal",
    "underlying assumptions",
    "evaluation",
    "approach to risk",
)

_FRAMING_WORDS = {
    "market fixing": FRAMINGS[0],
    "fixing": FRAMINGS[0],
    "fix": FRAMINGS[0],
    "market shaping": FRAMINGS[1],
    "shaping": FRAMINGS[1],
    "shape": FRAMINGS[1],
}


def box4() -> pd.DataFrame:
    """Box 4 of the brief: one row per dimension, both framings' views.

    Returns
    -------
    pandas.DataFrame
        Columns ``dimension``, ``market_fixing``, ``market_shaping``,
        ``source``; rows in the order of :data:`DIMENSIONS`.

    Examples
    --------
    >>> box4()["dimension"].tolist() == list(DIMENSIONS)
    True
    """
    return data.load("box4")


def cases() -> pd.DataFrame:
    """Real policy cases with the framing their justification uses.

    Returns
    -------
    pandas.DataFrame
        Columns ``case_id``, ``name``, ``year``, ``place``, ``instrument``,
        ``framing`` (one of :data:`FRAMINGS`), ``dimension`` (the Box 4
        dimension the case illustrates best), ``rationale``, ``counterpoint``
        (how the other framing reads the case) and ``source``.

    Examples
    --------
    >>> table = cases()
    >>> len(table) >= 12 and set(table["framing"]) == set(FRAMINGS)
    True
    """
    return data.load("policy_cases")


def case(case_id: str) -> pd.Series:
    """One case by its id, e.g. ``"apollo"``.

    Raises
    ------
    ValueError
        If the id is unknown; the message lists the valid ids.

    Examples
    --------
    >>> case("gds")["framing"]
    'market shaping'
    """
    if not isinstance(case_id, str):
        raise TypeError(f"case_id: a case id is a string such as 'apollo', got {type(case_id).__name__}")
    table = cases().set_index("case_id", drop=False)
    if case_id not in table.index:
        close = [c for c in table.index if c.lower() == case_id.strip().lower()]
        guess = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValueError(f"unknown case {v.shown(case_id)} (case_id){guess}; valid ids: "
                         f"{', '.join(table.index)}")
    return table.loc[case_id]


def case_counts(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """How many cases illustrate each Box 4 dimension under each framing, zeros kept.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        Cases with columns ``case_id``, ``name``, ``framing`` and ``dimension``;
        default :func:`cases`.

    Returns
    -------
    pandas.DataFrame
        One row per (dimension, framing) in the order of :data:`DIMENSIONS` and
        :data:`FRAMINGS`: ``dimension``, ``framing``, ``cases`` and ``examples``
        (the case names, or ``"(none)"``).

    Examples
    --------
    >>> small = pd.DataFrame({"case_id": ["a", "b"], "name": ["A", "B"],
    ...                       "framing": ["market fixing"] * 2, "dimension": ["evaluation"] * 2})
    >>> counts = case_counts(small)
    >>> len(counts), int(counts["cases"].sum())
    (10, 2)
    >>> counts.set_index(["dimension", "framing"]).loc[("evaluation", "market fixing"), "examples"]
    'A, B'
    """
    table = cases() if table is None else table
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame of cases, got {type(table).__name__}")
    missing = {"case_id", "name", "framing", "dimension"} - set(table.columns)
    if missing:
        raise ValueError(f"table lacks the column(s) {', '.join(sorted(missing))}")
    v.frame("table", table, min_rows=0)
    for column, known in (("framing", FRAMINGS), ("dimension", DIMENSIONS)):
        odd = [x for x in table[column] if not isinstance(x, str) or x not in known]
        if odd:
            raise ValueError(f"table: {v.shown(odd[0])} in column {column!r} is not one of "
                             f"{', '.join(repr(k) for k in known)}")
    if not table["name"].map(lambda x: isinstance(x, str)).all():
        raise ValueError("table: every case needs a name (text) in the 'name' column")
    grid = pd.MultiIndex.from_product([DIMENSIONS, FRAMINGS], names=["dimension", "framing"])
    counts = (
        table.groupby(["dimension", "framing"])
        .agg(cases=("case_id", "size"), examples=("name", ", ".join))
        .reindex(grid)
        .fillna({"cases": 0, "examples": "(none)"})
        .astype({"cases": int})
        .reset_index()
    )
    return counts


def normalise_framing(text: str) -> str:
    """Turn a student's label into one of :data:`FRAMINGS`.

    Accepts ``"fixing"``, ``"Market-shaping"``, ``" shape "`` and similar.

    Raises
    ------
    TypeError
        If ``text`` is not a string.
    ValueError
        If it names neither framing.

    Examples
    --------
    >>> normalise_framing("Market-Shaping")
    'market shaping'
    """
    if not isinstance(text, str):
        raise TypeError(
            f"text: a framing is a string such as 'market fixing' or 'market shaping', "
            f"got {type(text).__name__}"
        )
    key = " ".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    if key not in _FRAMING_WORDS:
        raise ValueError(f"{v.shown(text)} is not a framing (text); use 'market fixing' or 'market shaping'")
    return _FRAMING_WORDS[key]


@dataclass(frozen=True)
class Placement:
    """A student's placement of one case, checked against the case's framing."""

    case_id: str
    name: str
    guess: str
    framing: str
    correct: bool
    feedback: str

    def __post_init__(self) -> None:
        for field_name in ("case_id", "name", "feedback"):
            v.text(field_name, getattr(self, field_name))
        for field_name in ("guess", "framing"):
            if getattr(self, field_name) not in FRAMINGS:
                raise ValueError(f"{field_name} must be one of {', '.join(repr(f) for f in FRAMINGS)}, "
                                 f"got {v.shown(getattr(self, field_name))}")
        object.__setattr__(self, "correct", v.flag("correct", self.correct))


def check_placement(case_id: str, guess: str) -> Placement:
    """Check where a student placed a case and explain the framing.

    Parameters
    ----------
    case_id : str
        A case id from :func:`cases`.
    guess : str
        The student's framing, anything :func:`normalise_framing` accepts.

    Returns
    -------
    Placement
        With ``correct`` and a ``feedback`` text that gives the rationale, the
        Box 4 dimension at stake and how the other framing would see it.

    Examples
    --------
    >>> p = check_placement("sweden_carbon_tax", "market shaping")
    >>> p.correct, p.framing
    (False, 'market fixing')
    """
    row = case(case_id)
    try:
        guess = normalise_framing(guess)
    except (TypeError, ValueError) as error:
        raise type(error)(f"guess: {error}") from None
    correct = guess == row["framing"]
    view = box4().set_index("dimension").loc[row["dimension"], row["framing"].replace(" ", "_")]
    verdict = "Right" if correct else "Not quite"
    feedback = (
        f"{verdict}: {row['name']} is usually framed as {row['framing']}. {row['rationale']} "
        f"Box 4, {row['dimension']}: {view} "
        f"The other reading: {row['counterpoint']}"
    )
    return Placement(case_id, row["name"], guess, row["framing"], bool(correct), feedback)


def score_placements(placements: Mapping[str, str]) -> pd.DataFrame:
    """Score many placements at once.

    Parameters
    ----------
    placements : Mapping[str, str]
        Case id -> the student's framing.

    Returns
    -------
    pandas.DataFrame
        One row per placement, in the order given: ``case_id``, ``name``,
        ``guess``, ``framing``, ``correct``.

    Examples
    --------
    >>> scored = score_placements({"apollo": "shaping", "patents": "shaping"})
    >>> scored["correct"].tolist()
    [True, False]
    """
    if not isinstance(placements, Mapping):
        raise TypeError(
            "placements must be a dict mapping case ids to framings, "
            f"e.g. {{'apollo': 'market shaping'}}; got {type(placements).__name__}"
        )
    if len(placements) > v.MAX_ITEMS:
        raise ValueError(f"placements has {len(placements):,} entries; at most {v.MAX_ITEMS:,}")
    table = cases().set_index("case_id", drop=False)
    unknown = [c for c in placements if not isinstance(c, str) or c not in table.index]
    if unknown:
        raise ValueError(f"placements: unknown case id(s) [{', '.join(v.shown(u) for u in unknown[:5])}]; "
                         f"valid ids: {', '.join(table.index)}")
    guesses = []
    for case_id, guess in placements.items():
        try:
            guesses.append(normalise_framing(guess))
        except (TypeError, ValueError) as error:
            raise type(error)(f"placements[{case_id!r}]: {error}") from None
    scored = table.loc[list(placements), ["case_id", "name", "framing"]].reset_index(drop=True)
    scored.insert(2, "guess", guesses)
    scored["correct"] = scored["guess"] == scored["framing"]
    return scored[["case_id", "name", "guess", "framing", "correct"]]
