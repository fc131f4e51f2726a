"""The deal simulator and its charts, driven from Python."""

from __future__ import annotations

import pandas as pd
import pytest

from pvkit import rewards
from pvkit.charts import rewards as charts
from pvkit.widgets.deal_simulator import KINDS, DealSimulator, deal_simulator, make_term


@pytest.fixture(scope="module")
def sim() -> DealSimulator:
    return deal_simulator()


def datasets(sim: DealSimulator) -> dict[str, list[dict]]:
    spec = sim.chart.spec
    return {name: spec["datasets"][name] for name in ("returns", "split", "fund")}


def test_charts_receive_aggregated_data(sim: DealSimulator) -> None:
    data = datasets(sim)
    assert len(data["returns"]) == 40  # bins, not 10,000 portfolios
    assert round(sum(r["percent"] for r in data["returns"]), 6) == 100.0
    groups = [r["group"] for r in data["split"]]
    assert groups == ["Deal A ventures"] * 3 + ["Deal B ventures"] * 3 + ["Whole portfolio"] * 3
    assert [r["round"] for r in data["fund"]] == list(range(11))
    assert sim.message.value == ""


def test_the_widget_matches_the_model(sim: DealSimulator) -> None:
    sim.kind_a.value, sim.term_a.value, sim.share_a.value = "equity", 30.0, 100
    v = rewards.simulate(n_ventures=sim.n_ventures.value, n_portfolios=10_000, seed=0)
    expected = rewards.summarise(v, rewards.Equity(0.3))
    got = sim.summary_table()
    assert got["public_return"] == pytest.approx(expected["public_return"])
    assert got["p_public_loses"] == pytest.approx(expected["p_public_loses"])
    whole = [r for r in datasets(sim)["split"] if r["group"] == "Whole portfolio"]
    assert [r["amount"] for r in whole] == pytest.approx(
        [expected[p] / expected["invested"] for p in rewards.PARTIES], abs=1e-3)
    sim.share_a.value = 50


def test_controls_change_the_charts(sim: DealSimulator) -> None:
    before = datasets(sim)
    sim.kind_a.value = "grant"
    after = datasets(sim)
    assert after["split"] != before["split"] and after["returns"] != before["returns"]
    sim.price_cap.value = 50
    capped = datasets(sim)
    consumers = [r["amount"] for r in capped["split"] if r["party"] == "consumer"]
    assert consumers[-1] > [r["amount"] for r in after["split"] if r["party"] == "consumer"][-1]
    sim.skew.value = 2.5
    assert datasets(sim)["returns"] != capped["returns"]
    sim.kind_a.value, sim.price_cap.value, sim.skew.value = "equity", 0, rewards.SKEW


def test_a_bad_number_is_a_friendly_message_and_can_be_fixed(sim: DealSimulator) -> None:
    before = datasets(sim)
    sim.term_b.value = -5.0
    assert "deal B" in sim.message.value and "between 0 and 100%" in sim.message.value
    assert "Traceback" not in sim.message.value
    assert datasets(sim) == before  # the charts keep the last good state
    sim.term_b.value = 5.0
    assert sim.message.value == ""


def test_make_term_covers_every_kind() -> None:
    for kind in KINDS:
        assert isinstance(make_term(kind, 10.0), rewards.Term)
    with pytest.raises(ValueError, match="unknown deal"):
        make_term("bond", 10.0)
    with pytest.raises(ValueError, match="between 0 and 100"):
        make_term("royalty", 101.0)


def test_chart_functions_validate_and_check_their_input() -> None:
    hist = pd.DataFrame({"start": [-1.0, 0.0], "end": [0.0, 1.0], "portfolios": [1, 1],
                         "share": [0.5, 0.5]})
    split = pd.DataFrame({"group": ["x"] * 3, "party": list(rewards.PARTIES), "amount": [1, 2, 3]})
    bands = pd.DataFrame({"round": [0, 1], "p10": [1.0, 0.0], "median": [1.0, 1.0], "p90": [1.0, 2.0]})
    for chart in (charts.returns_chart(hist), charts.split_chart(split), charts.fund_chart(bands),
                  charts.simulator_chart(hist, split, bands)):
        chart.to_dict(validate=True)
    with pytest.raises(ValueError, match="start"):
        charts.returns_chart(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="party"):
        charts.split_chart(pd.DataFrame({"group": ["x"], "amount": [1]}))


def test_bench_model_timing_runs() -> None:
    from pvkit.bench import rewards as bench

    timings = bench.time_model(repeats=2)
    assert len(timings) == 2 and all(t > 0 for t in timings)  # speed is asserted only in the bench


def test_the_reinvestment_rule_changes_what_is_on_screen(sim: DealSimulator) -> None:
    sim.reinvest.value = 0
    before = sim.summary.value
    assert "Reinvestment rule:</b> none" in before
    sim.reinvest.value = 50
    after = sim.summary.value
    assert after != before and "must reinvest" in after
    expected = sim.summary_table()["reinvested"] / sim.summary_table()["invested"]
    assert f"{expected:.2f} per 1 of public money" in after and expected > 0
    sim.reinvest.value = 0


def test_the_simulators_loan_is_an_annual_rate_over_ten_years() -> None:
    loan = make_term("loan", 5.0)
    assert isinstance(loan, rewards.Loan) and (loan.rate, loan.term) == (0.05, 10)
    assert loan.values()[0] == pytest.approx(
        float(loan.schedule()["pv_payment"].sum()))
    assert "windfall share" in KINDS and "golden share" not in KINDS


def test_reused_sums_give_what_a_fresh_simulator_gives() -> None:
    """Deal B's sums are re-used when only deal A changes; the figures must not notice."""
    sim = deal_simulator()
    for kind in ("royalty", "loan", "equity", "royalty"):
        sim.kind_a.value = kind
    sim.term_b.value = 7.0
    fresh = deal_simulator()
    fresh.kind_a.value = "royalty"
    fresh.term_b.value = 7.0
    pd.testing.assert_series_equal(sim.summary_table(), fresh.summary_table())
    assert sim.chart.spec["datasets"] == fresh.chart.spec["datasets"]
