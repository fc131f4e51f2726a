"""Fuzz specs: pvkit.rewards (module 5, who gets the rewards?).

Valid values are small (a few ventures, tens of portfolios, two or three rounds)
so that every call takes milliseconds.
"""

from fuzz.kinds import Spec, array, choice, frame, mapping, number, obj, seed, share, size, text, whole
from pvkit import rewards

R = "pvkit.rewards."


def ventures() -> rewards.Ventures:
    return rewards.simulate(n_ventures=12, n_portfolios=20, seed=0)


def one_portfolio() -> rewards.Ventures:
    return rewards.from_outcomes([0.0, 6.0, 60.0], investment=10.0)


def deal() -> rewards.Deal:
    return rewards.Equity(0.2) + rewards.PriceCap(0.3)


def deals() -> dict:
    return {"grant": rewards.Grant(), "loan": rewards.Loan(0.05, term=5), "equity": deal()}


def sums() -> dict:
    return rewards.portfolio_sums(ventures(), deal())


def fund_table():
    return rewards.revolving_fund(rewards.Equity(0.3), capital=10.0, rounds=2, ventures_per_round=5, paths=3)


def interest(valid: float = 0.05):  # noqa: ANN201 - a kind
    return number(valid, low=0.0, high=10.0)


LOAN = dict(rate=interest(), term=size(10), discount_rate=number(0.035, low=0.0, high=1.0),
            recovery=share(0.4), default_year=whole(3))
SIMULATION = dict(investment=number(1.0, low=0.0), p_fail=share(0.6), skew=number(1.5, low=0.0, high=4.0),
                  mean_multiple=number(3.0, low=0.0), seed=seed(0))
MEDICINE = dict(rd_cost=number(1000.0, low=0.0), public_share=share(0.5), units=number(100.0, low=0.0),
                unit_cost=number(1.0, low=0.0), price=number(20.0, low=0.0),
                margin=number(0.2, low=0.0, high=100.0))

SPECS = [
    # ventures
    Spec(R + "simulate", n_ventures=size(12), n_portfolios=size(20), **SIMULATION),
    Spec(R + "from_outcomes", profit=array([0.0, 4.0, 12.0]), investment=number(2.0, low=0.0)),
    Spec(R + "Ventures", investment=array([1.0, 1.0, 1.0]), profit=array([0.0, 4.0, 12.0]),
         failed=array([True, False, False])),
    # deal terms
    Spec(R + "Term"),
    Spec(R + "Grant"),
    Spec(R + "Loan", **LOAN),
    Spec(R + "Equity", stake=share(0.2)),
    Spec(R + "Royalty", rate=share(0.05)),
    Spec(R + "IncomeContingentLoan", rate=interest(), income_share=share(0.3)),
    Spec(R + "ConvertibleLoan", rate=interest(), stake=share(0.2)),
    Spec(R + "WindfallShare", stake=share(0.1), threshold=number(10.0, low=0.0)),
    Spec(R + "PriceCap", cut=share(0.3)),
    Spec(R + "KnowledgeSharing", openness=share(0.2)),
    Spec(R + "Reinvestment", share=share(0.5)),
    Spec(R + "Deal", terms=obj(lambda: (rewards.Equity(0.2), rewards.PriceCap(0.3))), name=text("equity deal")),
    Spec(R + "as_deal", deal=obj(deal)),
    Spec(R + "market", profit=array([4.0, 10.0]), cut=share(0.3)),
    # portfolios
    Spec(R + "DealMix", deals=obj(lambda: (rewards.as_deal(deal()), rewards.as_deal(rewards.Grant()))),
         weights=array([1.0, 2.0])),
    Spec(R + "mix", obj(lambda: (deal(), 1.0)), obj(lambda: (rewards.Grant(), 2.0)),
         positional_names=("pairs[0]", "pairs[1]")),
    Spec(R + "split_ventures", ventures=obj(ventures), deal=obj(deal)),
    Spec(R + "split", ventures=obj(ventures), deal=obj(deal)),
    Spec(R + "portfolio_totals", ventures=obj(ventures), deal=obj(deal)),
    Spec(R + "portfolio_sums", ventures=obj(ventures), deal=obj(deal)),
    Spec(R + "summarise", ventures=obj(ventures), deal=obj(deal)),
    Spec(R + "summary_of", sums=mapping(sums), label=text("equity deal")),
    Spec(R + "compare", ventures=obj(ventures), deals=mapping(deals)),
    Spec(R + "who_gets_what", ventures=obj(ventures), deals=mapping(deals)),
    Spec(R + "return_histogram", ventures=obj(ventures), deal=obj(deal), bins=size(8), limits=array([-1.0, 3.0])),
    Spec(R + "histogram_of", sums=mapping(sums), bins=size(8), limits=array([-1.0, 3.0])),
    Spec(R + "payments", ventures=obj(one_portfolio), deals=mapping(deals),
         outcomes=choice(["fails", "scrapes by", "succeeds"]), value=choice("paid")),
    Spec(R + "by_failure_rate", deals=mapping(deals), failure_rates=array([0.0, 0.5]), n_ventures=size(10),
         n_portfolios=size(20), seed=seed(0), skew=number(0.5, low=0.0, high=4.0)),
    # revolving fund
    Spec(R + "revolving_fund", deal=obj(deal), capital=number(10.0, low=0.0), rounds=size(3),
         ventures_per_round=size(5), paths=size(4), **SIMULATION),
    Spec(R + "fund_bands", table=frame(fund_table)),
    Spec(R + "compare_funds", deals=mapping(deals), capital=number(10.0, low=0.0), rounds=size(2),
         ventures_per_round=size(5), paths=size(3), seed=seed(0)),
    Spec(R + "break_even_share", ventures=obj(ventures), kind=choice("equity"),
         target_return=number(0.05, low=0.0, high=1000.0), conditions=obj(lambda: rewards.PriceCap(0.3))),
    # loans
    Spec(R + "schedule", principal=number(100.0, low=0.0), rate=interest(), term=size(10),
         discount_rate=number(0.035, low=0.0, high=1.0)),
    Spec(R + "loans.payment", rate=interest(), term=size(10)),
    Spec(R + "loans.present_values", **LOAN),
    Spec(R + "loan_book", lent=number(100.0, low=0.0), default_rate=share(0.1), **LOAN),
    Spec(R + "break_even_default_rate", **LOAN),
    # paying twice and the sourced cases
    Spec(R + "condition_price", **MEDICINE),
    Spec(R + "paying_twice", **MEDICINE),
    Spec(R + "cases"),
    Spec(R + "box5"),
    Spec(R + "doe_programme"),
]
