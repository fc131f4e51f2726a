"""Issue 9 in pvkit.rewards: bad input gets a clear message, never garbage or a raw error."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pvkit import _validate, rewards
from pvkit.rewards import _checks, loans

V = rewards.simulate(n_ventures=20, n_portfolios=50, seed=0)


def test_huge_weights_of_a_mix_are_normalised_safely() -> None:
    huge = rewards.summarise(V, rewards.mix((rewards.Equity(0.2), 1e308), (rewards.Grant(), 1e308)))
    even = rewards.summarise(V, rewards.mix((rewards.Equity(0.2), 1), (rewards.Grant(), 1)))
    assert huge["invested"] == 20.0
    assert huge.drop("deal").astype(float).tolist() == even.drop("deal").astype(float).tolist()
    assert huge["deal"] == "20% equity (50%) | grant (50%)"


def test_a_deal_mix_with_no_weight_says_so() -> None:
    deals = (rewards.as_deal(rewards.Equity(0.2)), rewards.as_deal(rewards.Grant()))
    with pytest.raises(ValueError, match="^weights are all 0"):
        rewards.DealMix(deals, (0.0, 0.0))
    with pytest.raises(ValueError, match="^weights must give one weight per deal"):
        rewards.DealMix(deals, (1.0,))
    with pytest.raises(ValueError, match="^every weight in weights must be at least 0"):
        rewards.DealMix(deals, (1.0, -1.0))


@pytest.mark.parametrize("bad", ["a", -1, None, True, 1.5, 2**70])
@pytest.mark.parametrize("call", [
    lambda s: rewards.simulate(n_ventures=5, seed=s),
    lambda s: rewards.revolving_fund(rewards.Grant(), rounds=2, seed=s),
    lambda s: rewards.by_failure_rate({"g": rewards.Grant()}, [0.5], n_ventures=5, n_portfolios=5, seed=s),
    lambda s: rewards.compare_funds({"g": rewards.Grant()}, rounds=2, seed=s),
])
def test_bad_seeds_are_refused_by_name(call, bad) -> None:
    with pytest.raises((TypeError, ValueError), match="^seed "):
        call(bad)


def test_the_same_seed_gives_the_same_portfolios() -> None:
    a = rewards.simulate(n_ventures=5, n_portfolios=3, seed=7)
    b = rewards.simulate(n_ventures=np.int64(5), n_portfolios=np.int64(3), seed=np.int64(7))
    assert np.array_equal(a.profit, b.profit)
    c = rewards.simulate(n_ventures=5.0, n_portfolios=3.0, seed=7)  # a whole float is a whole number
    assert np.array_equal(a.profit, c.profit)
    with pytest.raises(TypeError, match="^n_ventures .* must be a whole number such as 10, got float 5.5"):
        rewards.simulate(n_ventures=5.5)


def test_summary_of_an_empty_dict_names_what_is_missing() -> None:
    with pytest.raises(ValueError, match="^sums is missing investment, paid"):
        rewards.summary_of({})
    with pytest.raises(TypeError, match="^sums must be the dict that portfolio_sums"):
        rewards.summary_of([1, 2])
    huge = {key: np.full(2, 1e308) for key in rewards.portfolio_sums(V, rewards.Grant())}
    with pytest.raises(ValueError, match="^sums: the amounts are too large to average"):
        rewards.summary_of(huge)


def test_fund_bands_of_an_empty_table() -> None:
    with pytest.raises(ValueError, match=r"^table is missing column\(s\) \['round'"):
        rewards.fund_bands(pd.DataFrame())
    history = rewards.revolving_fund(rewards.Equity(0.3), rounds=2, paths=3)
    with pytest.raises(ValueError, match="^table is empty"):
        rewards.fund_bands(history.iloc[:0])
    with pytest.raises(ValueError, match="^table has no round 1"):
        rewards.fund_bands(history[history["round"] == 2])


def test_market_takes_a_list() -> None:
    assert [x.tolist() for x in rewards.market([4.0])] == [[4.0], [2.0], [16.0]]
    assert [float(x) for x in rewards.market(4.0, 1.0)] == [0.0, 8.0, 24.0]
    with pytest.raises(ValueError, match="^profit cannot be negative"):
        rewards.market([-1.0])
    with pytest.raises(TypeError, match="^profit must be a list or array of numbers"):
        rewards.market("4")


@pytest.mark.parametrize("call, name", [
    (lambda: rewards.break_even_share(V, ["equity"]), "kind"),
    (lambda: rewards.payments(rewards.from_outcomes([1.0, 2.0]), {"g": rewards.Grant()}, value=["paid"]),
     "value"),
    (lambda: rewards.payments(rewards.from_outcomes([1.0, 2.0]), {"g": rewards.Grant()}, [["a"], "b"]),
     r"outcomes\[0\]"),
    (lambda: rewards.Deal((rewards.Grant(),), name=["mine"]), "name"),
    (lambda: rewards.summary_of(rewards.portfolio_sums(V, rewards.Grant()), label=["mine"]), "label"),
    (lambda: rewards.compare_funds({"g": rewards.Grant()}, **{"round": 2}), "settings"),
    (lambda: rewards.by_failure_rate({"g": rewards.Grant()}, [0.5], p_fail=0.2), "settings"),
])
def test_a_list_or_unknown_name_where_a_name_is_expected(call, name) -> None:
    with pytest.raises((TypeError, ValueError), match=f"^{name}"):
        call()


def test_a_near_miss_gets_a_did_you_mean() -> None:
    with pytest.raises(ValueError, match="did you mean 'royalty'"):
        rewards.break_even_share(V, "royalt")


def test_numpy_numbers_mean_the_same_as_python_ones() -> None:
    assert rewards.Loan(np.float64(0.05), term=np.int64(10), default_year=np.int64(2)) == \
        rewards.Loan(0.05, term=10, default_year=2)
    assert rewards.Equity(np.float64(0.2)) == rewards.Equity(0.2)
    assert repr(rewards.Equity(np.float64(0.2))) == "Equity(stake=0.2)"
    a = rewards.revolving_fund(rewards.Grant(), rounds=np.int64(3), paths=np.int64(2),
                               ventures_per_round=np.int64(5), seed=np.int64(1))
    b = rewards.revolving_fund(rewards.Grant(), rounds=3, paths=2, ventures_per_round=5, seed=1)
    pd.testing.assert_frame_equal(a, b)
    sums = rewards.portfolio_sums(V, rewards.Grant())
    pd.testing.assert_frame_equal(rewards.histogram_of(sums, bins=np.int64(8)), rewards.histogram_of(sums, bins=8))


@pytest.mark.parametrize("call, name", [
    (lambda: rewards.from_outcomes([1e308]), "profit"),
    (lambda: rewards.from_outcomes([1.0], investment=1e308), "investment"),
    (lambda: rewards.simulate(n_ventures=5, investment=1e308), "investment"),
    (lambda: rewards.simulate(n_ventures=5, investment=1e15, mean_multiple=1e15), "investment, mean_multiple"),
    (lambda: rewards.WindfallShare(0.1, threshold=1e308), "threshold"),
    (lambda: rewards.paying_twice(rd_cost=1e308, public_share=0.5, units=1, unit_cost=1, price=2), "rd_cost"),
    (lambda: rewards.revolving_fund(rewards.Grant(), capital=1e308), "capital"),
    (lambda: rewards.schedule(1e308), "principal"),
    (lambda: rewards.loan_book(1e308, default_rate=0.1), "lent"),
])
def test_huge_finite_amounts_are_refused_before_they_overflow(call, name) -> None:
    with pytest.raises(ValueError, match=f"^{name}.* 1e\\+15"):
        call()


def test_largest_allowed_amounts_stay_finite() -> None:
    v = rewards.from_outcomes([_validate.BIG] * 3, investment=_validate.BIG)
    table = rewards.compare(v, {"royalty": rewards.Royalty(1.0), "loan": rewards.Loan(10.0, term=100)})
    assert np.isfinite(table.drop(columns="deal").to_numpy(dtype=float)).all()
    bill = rewards.paying_twice(rd_cost=_validate.BIG, public_share=0.0, units=5e-324, unit_cost=1,
                                price=_validate.BIG, margin=100)
    assert bill["price"].tolist() == [_validate.BIG, _validate.BIG]


def test_an_extreme_loan_schedule_is_not_garbage() -> None:
    """1000% a year over 100 years: the old formula subtracted two numbers of about 1e104."""
    s = rewards.schedule(1.0, rate=10.0, term=100)
    assert s["opening"].between(0.0, 1.0).all() and s["opening"].is_monotonic_decreasing
    assert s["payment"].to_numpy() == pytest.approx(np.full(100, loans.payment(10.0, 100)))
    assert s["principal"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize("call, words", [
    (lambda: rewards.simulate(n_portfolios=10**9), "n_portfolios .* at most 1,000,000 .as many as the draws"),
    (lambda: rewards.simulate(n_ventures=10**6), "n_ventures .* at most 100,000"),
    (lambda: rewards.simulate(n_ventures=1000, n_portfolios=10**5), "n_portfolios x n_ventures .* 5,000,000"),
    (lambda: rewards.revolving_fund(rewards.Grant(), paths=10**5), "paths .* at most 10,000"),
    (lambda: rewards.revolving_fund(rewards.Grant(), rounds=100, paths=1000, ventures_per_round=100),
     "rounds x paths x ventures_per_round .* 5,000,000"),
    (lambda: rewards.by_failure_rate({"g": rewards.Grant()}, np.linspace(0, 1, 101)), "failure_rates has 101"),
    (lambda: rewards.by_failure_rate({f"d{i}": rewards.Grant() for i in range(50)}, np.linspace(0, 1, 100),
                                     n_ventures=1000, n_portfolios=1000), "failure_rates x deals x"),
    (lambda: rewards.split(rewards.simulate(n_ventures=1000, n_portfolios=101), rewards.Grant()),
     "ventures has 101,000"),
    (lambda: rewards.compare(V, {f"d{i}": rewards.Grant() for i in range(51)}), "deals has 51 deals"),
    (lambda: rewards.return_histogram(V, rewards.Grant(), bins=10**6), "bins .* at most 500"),
    (lambda: rewards.from_outcomes(np.ones(200_000)), "profit has 200,000 ventures in a portfolio"),
])
def test_every_size_is_bounded_with_the_reason(call, words) -> None:
    with pytest.raises(ValueError, match=words):
        call()


def test_no_nan_where_a_value_is_undefined() -> None:
    with pytest.raises(ValueError, match="^lent .* more than 0"):
        rewards.loan_book(0.0, default_rate=0.1)
    nothing = rewards.from_outcomes([2 / 3])  # profit + consumer surplus = investment: no value at all
    with pytest.raises(ValueError, match="^ventures: the ventures create no value"):
        rewards.summarise(nothing, rewards.Grant())
    with pytest.raises(ValueError, match="^ventures: the public's return is more than 1e\\+15 times"):
        rewards.summarise(rewards.from_outcomes([1e15], investment=1e-300), rewards.Royalty(1.0))
    sums = rewards.portfolio_sums(rewards.from_outcomes([[1.0], [2.0]]), rewards.Grant())
    sums["public"] = np.array([-1e308, 1e308])
    with pytest.raises(ValueError, match="^sums: the public's return is more than"):
        rewards.histogram_of(sums)


def test_histogram_limits_are_checked() -> None:
    sums = rewards.portfolio_sums(V, rewards.Grant())
    with pytest.raises(ValueError, match=r"^limits must be \(low, high\) with high above low"):
        rewards.histogram_of(sums, limits=(1.0, -1.0))
    with pytest.raises(ValueError, match="^limits has 3 limits"):
        rewards.histogram_of(sums, limits=(0.0, 1.0, 2.0))
    one = rewards.histogram_of(sums, bins=4)  # every portfolio returns -1: one range around it
    assert one["portfolios"].sum() == 50 and np.isfinite(one[["start", "end"]].to_numpy()).all()


def test_ventures_made_by_hand_are_checked() -> None:
    assert rewards.Ventures([1.0, 1.0], [0.0, 4.0], [True, False]).shape == (1, 2)
    with pytest.raises(ValueError, match="^failed marks venture .0, 0. as failed but its profit is 4"):
        rewards.Ventures([1.0], [4.0], [True])
    with pytest.raises(ValueError, match="^investment must have one amount per venture"):
        rewards.Ventures([1.0], [0.0, 4.0], [True, False])
    with pytest.raises(TypeError, match="^failed must hold True/False"):
        rewards.Ventures([1.0, 1.0], [0.0, 4.0], [1.0, 0.0])


def test_the_checks_are_a_thin_layer_over_the_shared_one() -> None:
    assert _checks.seed is _validate.seed and _checks.choice is _validate.choice
    assert _checks.MAX_CELLS == 5 * _validate.MAX_DRAWS
    with pytest.raises(TypeError, match="^stake .* must be a number"):
        rewards.Equity("20%")
