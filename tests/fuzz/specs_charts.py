"""Fuzz specs: pvkit.charts (every chart function and the tables it draws from).

Valid tables are small literal frames, or the models' own example tables where
those are cheap, so each call takes milliseconds. Bad frames (empty, a column
dropped, NaN/inf/"3.5%" in a numeric column) are derived by the Frame kind; a
chart of an empty frame must say so rather than fail, and no spec may carry
NaN or infinity (the oracle serialises it with ``allow_nan=False``).
"""

import pandas as pd

from fuzz.kinds import Spec, choice, frame, number, size, text, whole
from pvkit import capabilities, frameworks, missions, roar, value

NAN, INF = float("nan"), float("inf")


def _scored() -> pd.DataFrame:
    return pd.DataFrame({"guess": ["market fixing", "market shaping", "market shaping"],
                         "correct": [True, False, True], "name": ["Apollo", "Patents", "Yozma"]})


def _scored_bad() -> list[pd.DataFrame]:
    """The issue's finding (``correct=NaN`` counted as right) and its kin."""
    return [_scored().assign(correct=[NAN, True, False]), _scored().assign(correct=[1, 0, 1]),
            _scored().assign(correct=["yes", "no", "yes"]), _scored().assign(guess=[None, "market fixing",
                                                                                    "market shaping"]),
            _scored().assign(guess=["fixing", "market fixing", "market shaping"])]


def _decomposition() -> pd.DataFrame:
    return pd.DataFrame({"component": ["static NPV", "learning effect", "risk", "dynamic expected NPV"],
                         "value": [-10.0, 25.0, -5.0, 10.0], "who": ["Green Book", "dynamic", "Green Book",
                                                                     "total"]})


def _bins() -> pd.DataFrame:
    return pd.DataFrame({"start": [-2.0, 0.0, 2.0], "end": [0.0, 2.0, 4.0], "count": [1, 2, 1],
                         "share": [0.25, 0.5, 0.25]})


def _bins_bad() -> list[pd.DataFrame]:
    return [_bins().assign(share=[2.0, 0.5, 0.25]), _bins().assign(end=[-3.0, 2.0, 4.0]),
            _bins().assign(start=[-1e300, 0.0, 2.0])]


def _sensitivity() -> pd.DataFrame:
    return pd.DataFrame({"parameter": ["saving", "cost"], "result_low": [-100.0, 50.0],
                         "result_high": [200.0, -20.0], "base_result": [40.0, 40.0]})


def _table() -> pd.DataFrame:
    return pd.DataFrame({"mean": [1500.0, -200.0], "p5": [100.0, -900.0], "prob_negative": [0.125, 0.6]})


def _suppliers() -> pd.DataFrame:
    return pd.DataFrame({"market": ["a", "a", "a", "b", "b"], "supplier": ["x", "y", "z", "x", "y"],
                         "sales": [50.0, 30.0, 20.0, 10.0, 90.0]})


def _hist() -> pd.DataFrame:
    return pd.DataFrame({"start": [-1.0, 0.0], "end": [0.0, 1.0], "portfolios": [3, 1], "share": [0.75, 0.25]})


def _split() -> pd.DataFrame:
    return pd.DataFrame({"group": ["all"] * 3, "party": ["public", "private", "consumer"],
                         "amount": [-0.2, 0.9, 0.4]})


def _split_bad() -> list[pd.DataFrame]:
    return [_split().assign(party=["public", "government", "consumer"]), _split().assign(party=[3, 4, 5])]


def _bands() -> pd.DataFrame:
    return pd.DataFrame({"round": [0, 1, 2], "p10": [5.0, 1.0, 0.5], "median": [5.0, 3.0, 2.5],
                         "p90": [5.0, 6.0, 7.0]})


def _deal_bands() -> pd.DataFrame:
    return pd.DataFrame({"round": [0, 1, 0, 1], "median": [5.0, 3.0, 5.0, 4.0],
                         "deal": ["grant", "grant", "loan", "loan"]})


def _by_rate() -> pd.DataFrame:
    return pd.DataFrame({"p_fail": [0.0, 0.5, 0.0, 0.5], "deal": ["loan", "loan", "equity", "equity"],
                         "public_return": [0.1, -0.4, 0.3, -0.1]})


def _review() -> pd.DataFrame:
    return roar.review(roar.example_plan())


def _review_bad() -> list[pd.DataFrame]:
    return [_review().assign(met=NAN), _review().assign(pillar="purpose")]


def _assessment() -> pd.DataFrame:
    return pd.DataFrame({"component": ["static NPV", "dynamic expected NPV"], "value": [-2.0, 3.0]})


def _nodes() -> pd.DataFrame:
    return missions.map_nodes(missions.example_mission())


def _nodes_bad() -> list[pd.DataFrame]:
    """NaN positions, an unknown parent, an unknown level, a duplicated node (the issue's findings)."""
    nan_y = _nodes().assign(y=lambda t: t["y"].where(t.index != 2, NAN))
    orphan = _nodes()
    orphan.loc[3, "parent"] = "no such node"
    level = _nodes()
    level.loc[1, "level"] = "programme"
    twice = _nodes()
    twice.loc[2, "node"] = twice.loc[1, "node"]
    return [nan_y, orphan, level, twice, _nodes().assign(x=99)]


_UNIT = text("GBP thousand")
_SCALE = number(1.0, low=1e-6)
_DIGITS = whole(1)

SPECS = [
    # placements (re-exported by pvkit.charts)
    Spec("pvkit.charts.framing_label", framing=choice("market shaping")),
    Spec("pvkit.charts.tally", scored=frame(_scored, extra_bad=_scored_bad()), total=size(4)),
    Spec("pvkit.charts.running_score", scored=frame(_scored, extra_bad=_scored_bad())),
    Spec("pvkit.charts.placements_chart", scored=frame(_scored, extra_bad=_scored_bad()), total=size(4)),
    Spec("pvkit.charts.box4_table", box=frame(frameworks.box4)),
    Spec("pvkit.charts.cases_table", table=frame(frameworks.cases)),
    Spec("pvkit.charts.case_counts_chart", counts=frame(frameworks.case_counts)),
    # appraisal
    Spec("pvkit.charts.appraisal.ladder_table", decomposition=frame(_decomposition), scale=number(1000.0, low=1e-6),
         digits=_DIGITS),
    Spec("pvkit.charts.appraisal.in_unit", table=frame(_table), scale=number(1000.0, low=1e-6), digits=_DIGITS),
    Spec("pvkit.charts.appraisal.waterfall_table", decomposition=frame(_decomposition), scale=_SCALE),
    Spec("pvkit.charts.appraisal.waterfall_chart", decomposition=frame(_decomposition), unit=_UNIT, scale=_SCALE),
    Spec("pvkit.charts.appraisal.npv_histogram_chart", bins=frame(_bins, extra_bad=_bins_bad()),
         static_npv=number(0.5), dynamic_mean=number(0.7), unit=_UNIT, scale=_SCALE),
    Spec("pvkit.charts.appraisal.tornado_chart", sensitivity=frame(_sensitivity), unit=text("GBP")),
    Spec("pvkit.charts.appraisal.explorer_chart", bins=frame(_bins, extra_bad=_bins_bad()),
         decomposition=frame(_decomposition), unit=_UNIT, scale=_SCALE),
    # capabilities
    Spec("pvkit.charts.capabilities.top_suppliers", table=frame(_suppliers), k=whole(2)),
    Spec("pvkit.charts.capabilities.concentration_chart", table=frame(_suppliers), k=whole(2)),
    Spec("pvkit.charts.capabilities.delivery_chart", table=frame(capabilities.delivery_models)),
    Spec("pvkit.charts.capabilities.hollowing_out_chart", table=frame(capabilities.hollowing_out)),
    # missions
    Spec("pvkit.charts.missions.mission_map_chart", nodes=frame(_nodes, extra_bad=_nodes_bad()),
         title=text("Mission map")),
    Spec("pvkit.charts.missions.sdg_chart"),
    # rewards
    Spec("pvkit.charts.rewards.histogram_rows", hist=frame(_hist)),
    Spec("pvkit.charts.rewards.returns_chart", hist=frame(_hist)),
    Spec("pvkit.charts.rewards.split_chart", split=frame(_split, extra_bad=_split_bad())),
    Spec("pvkit.charts.rewards.fund_chart", bands=frame(_bands)),
    Spec("pvkit.charts.rewards.fund_lines_chart", bands=frame(_deal_bands), title=text("Median fund balance")),
    Spec("pvkit.charts.rewards.failure_rate_chart", table=frame(_by_rate)),
    Spec("pvkit.charts.rewards.simulator_chart", hist=frame(_hist), split=frame(_split, extra_bad=_split_bad()),
         bands=frame(_bands)),
    # roar
    Spec("pvkit.charts.roar.scorecard_table", review=frame(_review, extra_bad=_review_bad())),
    Spec("pvkit.charts.roar.scorecard_chart", review=frame(_review, extra_bad=_review_bad())),
    Spec("pvkit.charts.roar.appraisal_table", decomposition=frame(_assessment)),
    Spec("pvkit.charts.roar.appraisal_chart", decomposition=frame(_assessment), unit=text("GBP m")),
    # style and value
    Spec("pvkit.charts.style.house_style", title=whole(14), labels=whole(12)),
    Spec("pvkit.charts.value.productivity_chart", table=frame(value.compare_rules)),
    Spec("pvkit.charts.value.gdp_chart", table=frame(value.compare_rules)),
]
