"""Module 5: who gets the rewards? Sharing the risks and rewards of public investment.

Section 4 of the brief argues that when the public takes early, high risks in
innovation it should share in the rewards too: through equity (a monetary
return) and through conditions on prices, reinvestment and knowledge
(non-monetary returns). Box 5 shows what happens without them in health: the
public pays twice. This package is the model behind the lesson and the deal
simulator:

- :mod:`~pvkit.rewards.ventures`: a seeded portfolio of risky ventures with skewed outcomes;
- :mod:`~pvkit.rewards.loans`: a loan's cash-flow schedule, with default and recovery;
- :mod:`~pvkit.rewards.deals`: deal terms (grant, loan, equity, royalty, ...) combined with ``+``;
- :mod:`~pvkit.rewards.portfolio`: the public's return, its chance of losing, who gets what;
- :mod:`~pvkit.rewards.fund`: a revolving fund over rounds, and the break-even share;
- :mod:`~pvkit.rewards.pricing`: paying twice for medicines (Box 5), and the sourced cases.

>>> from pvkit import rewards
>>> v = rewards.simulate(n_ventures=100, n_portfolios=1000, seed=0)
>>> s = rewards.summarise(v, rewards.Equity(0.3) + rewards.PriceCap(0.2))
>>> round(float(s["public_share"] + s["private_share"] + s["consumer_share"]), 9)
1.0
"""

from pvkit.rewards.deals import (
    PARTIES,
    ConvertibleLoan,
    Deal,
    Equity,
    Grant,
    IncomeContingentLoan,
    KnowledgeSharing,
    Loan,
    PriceCap,
    Reinvestment,
    Royalty,
    Term,
    WindfallShare,
    as_deal,
    market,
)
from pvkit.rewards.fund import break_even_share, compare_funds, fund_bands, revolving_fund
from pvkit.rewards.portfolio import (
    DealMix,
    by_failure_rate,
    compare,
    mix,
    histogram_of,
    payments,
    portfolio_sums,
    portfolio_totals,
    return_histogram,
    split,
    split_ventures,
    summarise,
    summary_of,
    who_gets_what,
)
from pvkit.rewards.loans import break_even_default_rate, loan_book, schedule
from pvkit.rewards.pricing import (
    PUBLIC_RD_SHARE,
    box5,
    cases,
    condition_price,
    doe_programme,
    paying_twice,
)
from pvkit.rewards.ventures import MEAN_MULTIPLE, P_FAIL, SKEW, Ventures, from_outcomes, simulate

__all__ = [
    "PARTIES", "P_FAIL", "SKEW", "MEAN_MULTIPLE", "PUBLIC_RD_SHARE",
    "Ventures", "simulate", "from_outcomes",
    "Term", "Grant", "Loan", "Equity", "Royalty", "IncomeContingentLoan", "ConvertibleLoan",
    "WindfallShare", "PriceCap", "KnowledgeSharing", "Reinvestment", "Deal", "as_deal", "market",
    "DealMix", "mix", "split", "split_ventures", "portfolio_totals", "summarise", "compare",
    "who_gets_what", "return_histogram", "portfolio_sums", "summary_of", "histogram_of",
    "revolving_fund", "fund_bands", "compare_funds", "break_even_share",
    "paying_twice", "condition_price", "box5", "cases", "doe_programme",
    "schedule", "loan_book", "break_even_default_rate", "payments", "by_failure_rate",
]
