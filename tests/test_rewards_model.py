"""pvkit.rewards: conservation, limiting cases, summaries, the fund, paying twice, bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pvkit import data, rewards
from pvkit.rewards import portfolio

SHARE = st.floats(0.0, 1.0)
RATE = st.floats(0.0, 2.0)


def monetary_terms() -> st.SearchStrategy:
    return st.one_of(
        st.just(rewards.Grant()),
        RATE.map(rewards.Loan),
        st.builds(rewards.Loan, RATE, term=st.integers(1, 30), discount_rate=st.floats(0.0, 0.1),
                  recovery=SHARE),
        SHARE.map(rewards.Equity),
        SHARE.map(rewards.Royalty),
        st.builds(rewards.IncomeContingentLoan, rate=RATE, income_share=SHARE),
        st.builds(rewards.ConvertibleLoan, rate=RATE, stake=SHARE),
        st.builds(rewards.WindfallShare, SHARE, st.floats(0.0, 50.0)),
    )


def condition_terms() -> st.SearchStrategy:
    return st.one_of(SHARE.map(rewards.PriceCap), SHARE.map(rewards.KnowledgeSharing),
                     SHARE.map(rewards.Reinvestment))


DEALS = st.builds(
    lambda money, conditions: rewards.Deal(tuple(money) + tuple(conditions)),
    st.lists(monetary_terms(), min_size=1, max_size=3),
    st.lists(condition_terms(), max_size=3),
)
OUTCOMES = st.lists(st.floats(0.0, 1e6), min_size=1, max_size=30)


@settings(max_examples=150, deadline=None)
@given(deal=DEALS, profit=OUTCOMES, investment=st.floats(0.01, 1e3))
def test_every_split_adds_up_to_the_value_created(deal, profit, investment) -> None:
    v = rewards.from_outcomes(profit, investment)
    s = deal.split(v)
    scale = 1.0 + np.abs(s["profit"]) + np.abs(s["paid"]) + s["consumer"] + investment
    assert np.all(np.abs(s["public"] + s["private"] + s["consumer"] - s["total"]) <= 1e-9 * scale)
    # the total depends on the conditions only, never on the monetary terms
    conditions = rewards.Deal(tuple(t for t in deal.terms if not t.monetary))
    assert np.allclose(s["total"], conditions.split(v)["total"])
    assert np.all(s["reinvested"] <= np.maximum(s["private"], 0) + 1e-9)


@settings(max_examples=60, deadline=None)
@given(a=DEALS, b=DEALS, weight=st.floats(0.0, 1.0), seed=st.integers(0, 1000),
       n=st.integers(1, 40))
def test_fast_sums_match_venture_by_venture_sums_for_mixes(a, b, weight, seed, n) -> None:
    v = rewards.simulate(n_ventures=n, n_portfolios=7, seed=seed)
    plan = rewards.mix((a, weight), (b, 1.0 - weight)) if weight not in (0.0, 1.0) else a
    fast = rewards.portfolio_sums(v, plan)
    slow = rewards.split_ventures(v, plan)
    for key, value in fast.items():
        assert np.allclose(value, slow[key].sum(axis=1), rtol=1e-9, atol=1e-6), key
    assert np.allclose(fast["public"] + fast["private"] + fast["consumer"], fast["total"])


def test_zero_equity_is_a_grant() -> None:
    v = rewards.simulate(n_ventures=50, n_portfolios=20, seed=4)
    zero, grant = rewards.Equity(0.0).split(v), rewards.Grant().split(v)
    for key in zero:
        assert np.array_equal(zero[key], grant[key]), key


def test_a_loan_on_a_venture_that_never_fails_returns_principal_plus_interest() -> None:
    v = rewards.from_outcomes([50.0, 80.0, 1000.0], investment=10.0)  # all succeed, amply
    s = rewards.Loan(0.07).split(v)
    assert np.allclose(s["paid"], 10.0 * 1.07)
    assert np.allclose(s["public"], 0.7)
    failed = rewards.Loan(0.07).split(rewards.from_outcomes([0.0], 10.0))
    assert failed["paid"].tolist() == [[0.0]] and failed["public"].tolist() == [[-10.0]]


def test_a_price_cap_at_the_firms_own_price_changes_nothing() -> None:
    v = rewards.simulate(n_ventures=30, n_portfolios=10, seed=2)
    for base in (rewards.Equity(0.3), rewards.Royalty(0.05), rewards.Loan(0.05)):
        capped = (base + rewards.PriceCap(0.0)).split(v)
        plain = base.split(v)
        for key in plain:
            assert np.array_equal(capped[key], plain[key]), key


def test_a_price_cap_moves_value_to_consumers_and_adds_to_the_total() -> None:
    v = rewards.from_outcomes([10.0])
    plain, capped = rewards.Grant().split(v), (rewards.Grant() + rewards.PriceCap(0.5)).split(v)
    assert capped["private"][0, 0] == pytest.approx(7.5)
    assert capped["consumer"][0, 0] == pytest.approx(11.25)
    assert capped["total"][0, 0] > plain["total"][0, 0]  # the deadweight loss shrinks


def test_terms_pay_what_their_contracts_say() -> None:
    v = rewards.from_outcomes([0.0, 6.0, 60.0], investment=10.0)
    paid = {name: deal.split(v)["paid"][0].tolist() for name, deal in {
        "grant": rewards.Grant(),
        "loan": rewards.Loan(0.05),
        "equity": rewards.Equity(0.2),
        "royalty": rewards.Royalty(0.05),
        "icl": rewards.IncomeContingentLoan(rate=0.05, income_share=0.5),
        "convertible": rewards.ConvertibleLoan(rate=0.05, stake=0.25),
        "windfall": rewards.WindfallShare(0.5, 2.0),
        "stacked": rewards.Loan(0.05) + rewards.Royalty(0.05),
    }.items()}
    assert paid["grant"] == [0.0, 0.0, 0.0]
    assert paid["loan"] == pytest.approx([0.0, 6.0, 10.5])
    assert paid["equity"] == pytest.approx([0.0, 1.2, 12.0])
    assert paid["royalty"] == pytest.approx([0.0, 1.2, 12.0])  # revenue is 4x profit
    assert paid["icl"] == pytest.approx([0.0, 3.0, 10.5])
    assert paid["convertible"] == pytest.approx([0.0, 6.0, 15.0])
    assert paid["windfall"] == pytest.approx([0.0, 0.0, 20.0])
    assert paid["stacked"] == pytest.approx([0.0, 7.2, 22.5])


def test_simulation_is_seeded_skewed_and_keeps_its_mean() -> None:
    a = rewards.simulate(n_ventures=100, n_portfolios=200, seed=11)
    b = rewards.simulate(n_ventures=100, n_portfolios=200, seed=11)
    assert np.array_equal(a.profit, b.profit)
    assert not np.array_equal(a.profit, rewards.simulate(n_ventures=100, n_portfolios=200, seed=12).profit)
    assert a.failed.mean() == pytest.approx(rewards.P_FAIL, abs=0.02)
    winners = np.sort(a.profit.ravel())[::-1]
    assert winners[: winners.size // 20].sum() > 0.5 * winners.sum()  # top 5% earn most
    for skew in (0.5, 1.0, 1.5):
        mean = rewards.simulate(n_ventures=100, n_portfolios=2000, skew=skew, seed=1).profit.mean()
        assert mean == pytest.approx(rewards.MEAN_MULTIPLE, rel=0.1)
    assert rewards.simulate(n_ventures=10, n_portfolios=3, p_fail=1.0).profit.sum() == 0


def test_summary_of_a_grant_and_of_equity() -> None:
    v = rewards.simulate(n_ventures=100, n_portfolios=1000, seed=0)
    grant = rewards.summarise(v, rewards.Grant())
    assert grant["public_return"] == -1.0 and grant["p_public_loses"] == 1.0
    equity = rewards.summarise(v, rewards.Equity(0.5))
    assert -1.0 < equity["public_return"] and equity["p_public_loses"] < 1.0
    shares = equity[["public_share", "private_share", "consumer_share"]].astype(float)
    assert shares.sum() == pytest.approx(1.0)
    assert equity["total"] == pytest.approx(grant["total"])  # sharing moves value, not creates it


def test_mix_assigns_ventures_by_weight() -> None:
    m = rewards.mix((rewards.Equity(0.5), 1), (rewards.Grant(), 3))
    assert m.counts(100) == [25, 75]
    assert sum(m.counts(7)) == 7
    v = rewards.from_outcomes([10.0] * 4)
    assert rewards.split_ventures(v, m)["paid"].tolist() == [[5.0, 0.0, 0.0, 0.0]]
    table = rewards.compare(rewards.simulate(n_ventures=20, n_portfolios=50, seed=3),
                            {"mix": m, "equity": rewards.Equity(0.5)})
    assert list(table.index) == ["mix", "equity"]
    tidy = rewards.who_gets_what(rewards.simulate(n_ventures=20, n_portfolios=50, seed=3), {"mix": m})
    assert tidy["party"].tolist() == list(rewards.PARTIES)


def test_histogram_is_aggregated() -> None:
    v = rewards.simulate(n_ventures=100, n_portfolios=10_000, seed=0)
    hist = rewards.return_histogram(v, rewards.Equity(0.3), bins=40)
    assert len(hist) == 40 and hist["portfolios"].sum() == 10_000
    assert hist["share"].sum() == pytest.approx(1.0)


def test_revolving_fund_and_break_even_share() -> None:
    v = rewards.simulate(n_ventures=20, n_portfolios=500, seed=5)
    stake = rewards.break_even_share(v, "equity")
    s = rewards.summarise(v, rewards.Equity(stake))
    assert s["public"] == pytest.approx(0.0, abs=1e-6)
    rate = rewards.break_even_share(v, "royalty")
    assert rewards.summarise(v, rewards.Royalty(rate))["public"] == pytest.approx(0.0, abs=1e-6)
    assert rewards.break_even_share(v, "equity", target_return=0.1) == pytest.approx(1.1 * stake)
    capped = rewards.break_even_share(v, "equity", conditions=rewards.PriceCap(0.5))
    assert capped > stake  # a price cap leaves less profit to share
    grant = rewards.revolving_fund(rewards.Grant(), capital=30, rounds=3, ventures_per_round=10)
    assert grant["balance_end"].tolist() == [20.0, 10.0, 0.0]
    rich = rewards.revolving_fund(rewards.Equity(0.9), capital=30, rounds=5, paths=50, seed=2)
    poor = rewards.revolving_fund(rewards.Equity(0.05), capital=30, rounds=5, paths=50, seed=2)
    last = rich["round"] == 5
    assert rich.loc[last, "balance_end"].median() > poor.loc[last, "balance_end"].median()
    assert (poor["balance_end"] >= 0).all()
    bands = rewards.fund_bands(rich)
    assert bands["round"].tolist() == list(range(6))
    assert (bands["p10"] <= bands["median"]).all() and (bands["median"] <= bands["p90"]).all()


def test_paying_twice() -> None:
    t = rewards.paying_twice(rd_cost=900, public_share=2 / 3, units=100, unit_cost=2, price=30)
    free, cond = t.set_index("scenario").loc[["no price condition", "price condition"]].itertuples()
    assert free.public_total == pytest.approx(600 + 3000)
    assert cond.price == pytest.approx(2 + 300 / 100)
    assert cond.public_total == pytest.approx(600 + 500)
    assert cond.firm_profit == pytest.approx(0.0)
    # a price condition never raises the price
    assert rewards.condition_price(rd_cost=900, public_share=0.0, units=1, unit_cost=2,
                                 price=30) == 30
    assert rewards.PUBLIC_RD_SHARE == (1 / 3, 2 / 3)


def test_cases_and_box5_are_sourced() -> None:
    table = rewards.cases().set_index("case_id")
    assert table["source"].notna().all()
    assert set(table["evidence"]) <= {"read", "secondary"}
    assert table.loc["tesla_doe_loan", "amount"] == 465e6
    assert table.loc["solyndra_guarantee", "amount"] == 535e6
    assert table.loc["yozma_1993", "evidence"] == "secondary"
    assert table.loc["doe_losses_2014", "amount"] == 780e6
    assert table.loc["doe_interest_2014", "amount"] == 810e6
    assert table.loc["doe_disbursed_2014", "amount"] == 34.2e9
    assert (table.loc[["doe_losses_2014", "doe_interest_2014", "tesla_doe_interest"], "evidence"]
            == "secondary").all()
    box5 = rewards.box5().set_index("case_id")
    assert box5.loc["nih_budget_2019", "amount"] == 39.1e9
    assert box5.loc["mrc_budget_2017", "amount"] == 814.1e6
    assert box5.loc["nhs_medicines_2016", "amount"] == 1e9
    assert box5["source"].str.contains("Box 5").all()
    assert "rewards_cases" in data.available()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: rewards.Equity(-0.1), "between 0 and 1"),
        (lambda: rewards.Equity(1.5), "between 0 and 1"),
        (lambda: rewards.Royalty(float("nan")), "NaN"),
        (lambda: rewards.Loan(-0.05), "cannot be negative"),
        (lambda: rewards.PriceCap(2.0), "between 0 and 1"),
        (lambda: rewards.Loan(0.05, term=0), "loan term"),
        (lambda: rewards.Loan(0.05, term=5, default_year=6), "default year"),
        (lambda: rewards.Loan(0.05, recovery=1.5), "recovery share"),
        (lambda: rewards.schedule(0.0), "principal"),
        (lambda: rewards.by_failure_rate({"g": rewards.Grant()}, [1.5]), "failure rate"),
        (lambda: rewards.from_outcomes([]), "empty"),
        (lambda: rewards.from_outcomes([1.0, float("nan")]), "NaN"),
        (lambda: rewards.from_outcomes([-1.0]), "cannot be negative"),
        (lambda: rewards.from_outcomes([1.0], investment=0.0), "more than 0"),
        (lambda: rewards.simulate(n_ventures=0), "at least 1"),
        (lambda: rewards.simulate(n_ventures=10, p_fail=1.2), "between 0 and 1"),
        (lambda: rewards.simulate(n_ventures=10, skew=float("nan")), "NaN"),
        (lambda: rewards.mix(), "at least one"),
        (lambda: rewards.mix((rewards.Grant(), 0)), "above 0"),
        (lambda: rewards.mix((rewards.Grant(), -1)), "cannot be negative"),
        (lambda: rewards.paying_twice(rd_cost=100, public_share=1.2, units=10, unit_cost=1, price=5), "between 0 and 1"),
        (lambda: rewards.paying_twice(rd_cost=100, public_share=0.5, units=0, unit_cost=1, price=5), "more than 0"),
        (lambda: rewards.break_even_share(rewards.from_outcomes([0.0]), "equity"), "no venture"),
        (lambda: rewards.break_even_share(rewards.from_outcomes([1.0]), "shares"), "equity"),
    ],
)
def test_bad_input_gives_a_clear_error(make, words) -> None:
    with pytest.raises(ValueError, match=words):
        make()


@pytest.mark.parametrize(
    "make",
    [
        lambda: rewards.Equity("20%"),
        lambda: rewards.simulate(n_ventures=10.5),
        lambda: rewards.simulate(100, 2),  # counts are keyword-only: no silent swap
        lambda: rewards.paying_twice(1000, 0.5, 100, 2, 30),
        lambda: rewards.IncomeContingentLoan(0.05, 0.3),
        lambda: rewards.Loan(0.05, 10),
        lambda: rewards.summarise([1, 2], rewards.Grant()),
        lambda: rewards.summarise(rewards.from_outcomes([1.0]), "equity"),
        lambda: rewards.Equity(0.2) + 3,
    ],
)
def test_wrong_types_give_a_type_error(make) -> None:
    with pytest.raises(TypeError):
        make()


def test_tidy_split_table() -> None:
    table = rewards.split(rewards.simulate(n_ventures=5, n_portfolios=2, seed=0), rewards.Equity(0.1))
    assert isinstance(table, pd.DataFrame) and len(table) == 10
    assert {"portfolio", "venture", "public", "private", "consumer", "total"} <= set(table)
    assert np.allclose(table["public"] + table["private"] + table["consumer"], table["total"])
    assert math.isclose(portfolio.summary_of(rewards.portfolio_sums(
        rewards.simulate(n_ventures=5, n_portfolios=2, seed=0), rewards.Grant()))["public_return"], -1.0)


# -- loans as cash-flow schedules ---------------------------------------------------------
def test_a_loan_schedule_by_hand() -> None:
    # 100 at 10% over 2 years: A = 100 x 0.1 / (1 - 1.1**-2) = 57.6190...; year 1 interest 10,
    # principal 47.619, balance 52.381; year 2 interest 5.2381, principal 52.381
    s = rewards.schedule(100.0, rate=0.1, term=2)
    assert s["payment"].tolist() == pytest.approx([57.6190476, 57.6190476])
    assert s["interest"].tolist() == pytest.approx([10.0, 5.2380952])
    assert s["principal"].tolist() == pytest.approx([47.6190476, 52.3809524])
    assert s["closing"].tolist() == pytest.approx([52.3809524, 0.0], abs=1e-6)
    assert s["principal"].sum() == pytest.approx(100.0)
    assert np.allclose(s["payment"], s["interest"] + s["principal"])
    flat = rewards.schedule(90.0, rate=0.0, term=3)
    assert flat["payment"].tolist() == pytest.approx([30.0, 30.0, 30.0])
    discounted = rewards.schedule(100.0, rate=0.1, term=2, discount_rate=0.1)
    assert discounted["pv_payment"].sum() == pytest.approx(100.0)  # lent at its own discount rate


def test_a_loans_cash_flows_equal_its_schedule() -> None:
    loan = rewards.Loan(0.05, term=10, discount_rate=0.035, recovery=0.4, default_year=4)
    table = loan.schedule(10.0)
    full = (table["payment"] / 1.035 ** table["year"]).sum()
    v = rewards.from_outcomes([0.0, 100.0], investment=10.0)
    paid = loan.split(v)["paid"][0]
    # the success pays every instalment; the failure pays years 1-3, then 40% of the balance
    before = table[table["year"] < 4]
    defaulted = (before["payment"] / 1.035 ** before["year"]).sum() + \
        0.4 * table.loc[table["year"] == 4, "opening"].iloc[0] / 1.035 ** 4
    assert paid.tolist() == pytest.approx([defaulted, full])
    assert rewards.Loan(0.05).label() == "1-year loan at 5% a year"


def test_a_struggling_success_repays_what_it_can_but_no_less_than_a_failure() -> None:
    loan = rewards.Loan(0.05, term=5, recovery=0.5, default_year=1)
    paid = loan.split(rewards.from_outcomes([0.0, 2.0, 8.0, 50.0], investment=10.0))["paid"][0]
    full = loan.values()[0] * 10
    assert paid.tolist() == pytest.approx([5.0, 5.0, 8.0, full])


def test_loan_book_and_break_even_default_rate_by_hand() -> None:
    # one-year book of 1,000 at 6%, 5% defaulting, 20% recovered: interest 950 x 6% = 57,
    # losses 50 x 80% = 40, net 17
    b = rewards.loan_book(1000.0, default_rate=0.05, rate=0.06, term=1, recovery=0.2)
    assert (b["interest"], b["losses"], b["net"]) == pytest.approx((57.0, 40.0, 17.0))
    assert b["pv_net"] == pytest.approx(17.0)
    p = rewards.break_even_default_rate(rate=0.06, term=1, recovery=0.2)
    assert p == pytest.approx(0.06 / (1.06 - 0.2))
    assert rewards.loan_book(1000.0, default_rate=p, rate=0.06, term=1, recovery=0.2)["pv_net"] == \
        pytest.approx(0.0, abs=1e-9)
    assert rewards.break_even_default_rate(rate=0.02, term=10, discount_rate=0.05) == 0.0


def test_the_doe_programme_against_the_loan_model() -> None:
    doe = rewards.doe_programme()
    assert doe["loss_share"] == pytest.approx(0.0228, abs=5e-5)  # USD 780m of USD 34.2bn
    assert doe["net"] == pytest.approx(30e6)  # USD 810m interest - USD 780m losses
    # the same loss share in the model: a book whose defaults lose 2.28% of what was lent
    # earns more interest than it loses once its interest exceeds 2.28 / 97.72 of the rest
    rate = doe["interest"] / (doe["lent"] - doe["losses"])
    book = rewards.loan_book(doe["lent"], default_rate=doe["loss_share"], rate=rate, term=1)
    assert book["losses"] == pytest.approx(doe["losses"])
    assert book["interest"] == pytest.approx(doe["interest"])
    # the DOE's loss rate is far below the teaching portfolio's 60% outright failure
    assert doe["loss_share"] < rewards.break_even_default_rate(rate=0.05, term=10,
                                                               discount_rate=0.035) < rewards.P_FAIL


def test_the_loans_verdict_depends_on_the_failure_rate() -> None:
    loan = rewards.Loan(0.05, term=10, discount_rate=0.035)
    t = rewards.by_failure_rate({"loan": loan, "equity": rewards.Equity(0.2)}, [0.0, 0.05, 0.6],
                                n_portfolios=300, skew=0.5).set_index(["deal", "p_fail"])
    loan_returns = t.loc["loan", "public_return"].tolist()
    assert loan_returns[0] > 0 > loan_returns[-1]
    assert loan_returns == sorted(loan_returns, reverse=True)
    # the expected profit is fixed, so equity's mean return hardly moves with the failure rate
    equity = t.loc["equity", "public_return"]
    assert equity.max() - equity.min() < 0.02
    assert t.loc[("loan", 0.0), "public_return"] > t.loc[("equity", 0.0), "public_return"]
    assert t.loc[("loan", 0.6), "public_return"] < t.loc[("equity", 0.6), "public_return"]


def test_payments_table() -> None:
    v = rewards.from_outcomes([0.0, 6.0, 60.0], investment=10.0)
    t = rewards.payments(v, {"loan": rewards.Loan(0.05), "equity": rewards.Equity(0.2)},
                         ["fails", "scrapes by", "succeeds"])
    assert t.loc["loan"].tolist() == pytest.approx([0.0, 6.0, 10.5])
    assert t.loc["equity"].tolist() == pytest.approx([0.0, 1.2, 12.0])
    with pytest.raises(ValueError, match="outcomes"):
        rewards.payments(v, {"loan": rewards.Loan(0.05)}, ["one"])


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(1, 6), st.floats(-50, 50), st.floats(-50, 50)), min_size=1, max_size=40))
def test_fund_bands_are_pandas_quantiles_by_round(rows) -> None:
    """Uneven rounds too: the bands equal a plain pandas group-by (linear quantiles)."""
    table = pd.DataFrame(rows + [(1, 7.0, 3.0)], columns=["round", "balance_start", "balance_end"])
    start = table.loc[table["round"] == 1, ["balance_start"]].rename(columns={"balance_start": "b"}).assign(round=0)
    both = pd.concat([start, table[["round"]].assign(b=table["balance_end"])], ignore_index=True)
    expected = both.groupby("round")["b"].quantile([0.1, 0.5, 0.9]).unstack()
    bands = rewards.fund_bands(table).set_index("round")
    assert bands.index.tolist() == expected.index.tolist()
    for column, q in (("p10", 0.1), ("median", 0.5), ("p90", 0.9)):
        assert np.allclose(bands[column].to_numpy(), expected[q].to_numpy())
