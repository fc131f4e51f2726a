"""A loan as a cash-flow schedule: an annual rate over a term, with default and recovery.

A loan of principal ``P`` at annual rate ``r`` over ``T`` years is repaid in
level (annuity) payments ``A = P r / (1 - (1 + r) ** -T)`` (``P / T`` when
``r = 0``): each year's payment covers that year's interest on the balance
left and repays the rest of the principal. A borrower that fails *defaults*
in a given year: it has paid every instalment before that year, pays nothing
more, and the lender recovers a share of the balance still owed (from the
firm's assets). Repayments are valued in present value at the lender's
discount rate.

These are pure functions of numbers; :class:`pvkit.rewards.Loan` applies them
to ventures, and :func:`loan_book` gives the expected outcome of a book of
such loans for a given default rate (used for the US DOE check in the lesson).

>>> s = schedule(100.0, rate=0.1, term=2)
>>> s["payment"].round(4).tolist(), s["closing"].round(6).tolist()
([57.619, 57.619], [52.380952, 0.0])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pvkit.rewards import _checks

__all__ = ["schedule", "payment", "present_values", "loan_book", "break_even_default_rate"]


def _terms(rate: object, term: object, discount_rate: object = 0.0,
           recovery: object = 0.0, default_year: object = 1) -> tuple[float, int, float, float, int]:
    rate_ = _checks.non_negative("rate (annual interest rate)", rate, upper=10.0,
                                 why="(1000% a year; 0.05 means 5%, and a higher rate is almost surely a typo)")
    term_ = _checks.whole("term (loan term in years)", term, highest=100,
                          why="(years: longer than any loan the lesson models)")
    discount = _checks.non_negative("discount_rate", discount_rate, upper=1.0,
                                    why="(100% a year; 0.035 means 3.5%)")
    recovery_ = _checks.share("recovery (recovery share)", recovery)
    year = _checks.whole("default_year (default year)", default_year, highest=term_,
                         why="(the loan's term: a borrower cannot default after it has repaid)")
    return rate_, term_, discount, recovery_, year


def payment(rate: float, term: int) -> float:
    """The level yearly payment on a loan of 1 at ``rate`` over ``term`` years.

    >>> round(payment(0.05, 1), 10), round(payment(0.0, 4), 10)
    (1.05, 0.25)
    """
    rate, term, *_ = _terms(rate, term)
    if rate < 1e-12:  # (near) interest-free: the formula's limit, without 0 / 0
        return 1.0 / term
    return float(rate / -np.expm1(-term * np.log1p(rate)))


def schedule(principal: float = 1.0, *, rate: float = 0.05, term: int = 10,
             discount_rate: float = 0.0) -> pd.DataFrame:
    """The loan's repayment schedule, year by year, if the borrower never defaults.

    Parameters
    ----------
    principal : float
        Amount lent (more than 0, at most 1e15).
    rate : float
        Annual interest rate (0.05 for 5% a year; 0 to 10).
    term : int
        Years over which the loan is repaid (1 to 100).
    discount_rate : float
        The lender's discount rate for the present values (0 = no discounting; at most 1).

    Returns
    -------
    pandas.DataFrame
        ``year``, ``opening`` (balance owed), ``interest``, ``principal``
        (repaid that year), ``payment`` (= interest + principal), ``closing``,
        ``discount_factor`` and ``pv_payment``.

    Examples
    --------
    >>> s = schedule(1000.0, rate=0.05, term=1)
    >>> s[["interest", "principal", "payment", "closing"]].values.tolist()
    [[50.0, 1000.0, 1050.0, 0.0]]
    """
    principal = _checks.positive("principal", principal)
    rate, term, discount, *_ = _terms(rate, term, discount_rate)
    years = np.arange(1, term + 1)
    # the balance after year t is what the T - t payments left are worth:
    # P (1 - (1+r)^-(T-t)) / (1 - (1+r)^-T), with no cancellation of large terms
    left = term - np.arange(0, term + 1)
    if rate >= 1e-12:
        balance = principal * (np.expm1(-left * np.log1p(rate)) / np.expm1(-term * np.log1p(rate)))
    else:
        balance = principal * (left / term)
    balance[-1] = 0.0  # exactly repaid (the formula gives -0.0)
    opening, closing = balance[:-1], balance[1:]
    interest = rate * opening
    factor = (1.0 + discount) ** -years.astype(float)
    pay = interest + opening - closing
    return pd.DataFrame({"year": years, "opening": opening, "interest": interest,
                         "principal": opening - closing, "payment": pay, "closing": closing,
                         "discount_factor": factor, "pv_payment": pay * factor})


def present_values(rate: float, term: int, *, discount_rate: float = 0.0, recovery: float = 0.0,
                   default_year: int = 1) -> tuple[float, float]:
    """Present value, per 1 lent, of what a borrower repays: in full, and if it defaults.

    A defaulting borrower pays the instalments of the years before
    ``default_year``; in that year the lender recovers ``recovery`` of the
    balance still owed.

    Examples
    --------
    Two years at 10%, default in year 2 with half recovered, no discounting:
    paid 0.5762 in year 1, then half of the 0.5238 still owed.

    >>> [round(x, 4) for x in present_values(0.1, 2, recovery=0.5, default_year=2)]
    [1.1524, 0.8381]
    """
    rate, term, discount, recovery, year = _terms(rate, term, discount_rate, recovery, default_year)
    table = schedule(1.0, rate=rate, term=term, discount_rate=discount)
    full = float(table["pv_payment"].sum())
    before = table[table["year"] < year]
    owed = float(table.loc[table["year"] == year, "opening"].iloc[0])
    factor = float(table.loc[table["year"] == year, "discount_factor"].iloc[0])
    return full, float(before["pv_payment"].sum()) + recovery * owed * factor


def loan_book(lent: float, *, default_rate: float, rate: float = 0.05, term: int = 10,
              recovery: float = 0.0, default_year: int = 1, discount_rate: float = 0.0) -> pd.Series:
    """Expected outcome of a book of such loans when a share ``default_rate`` of it defaults.

    ``lent`` is more than 0 (at most 1e15); the other arguments are as in
    :func:`present_values` and :func:`schedule`.

    Returns
    -------
    pandas.Series
        ``lent``, ``default_rate``, ``interest`` (received, nominal),
        ``losses`` (principal never recovered, nominal), ``loss_share``
        (losses / lent), ``net`` (interest - losses, nominal) and
        ``pv_net`` (present value of all repayments minus the amount lent).

    Examples
    --------
    A one-year book of 100 at 5%, a tenth of it defaulting with nothing recovered:
    90 x 5% = 4.5 of interest against 10 lost.

    >>> b = loan_book(100.0, default_rate=0.1, rate=0.05, term=1)
    >>> [round(float(b[k]), 6) for k in ("interest", "losses", "net", "pv_net")]
    [4.5, 10.0, -5.5, -5.5]
    """
    lent = _checks.positive("lent (amount lent)", lent)
    p = _checks.share("default_rate", default_rate)
    rate, term, discount, recovery, year = _terms(rate, term, discount_rate, recovery, default_year)
    table = schedule(1.0, rate=rate, term=term, discount_rate=discount)
    paid_before = table["year"] < year
    owed = float(table.loc[table["year"] == year, "opening"].iloc[0])
    interest_full = float(table["interest"].sum())
    interest_default = float(table.loc[paid_before, "interest"].sum())
    full, defaulted = present_values(rate, term, discount_rate=discount, recovery=recovery,
                                     default_year=year)
    interest = lent * ((1 - p) * interest_full + p * interest_default)
    losses = lent * p * (1.0 - recovery) * owed
    return pd.Series({
        "lent": lent, "default_rate": p, "interest": interest, "losses": losses,
        "loss_share": losses / lent, "net": interest - losses,
        "pv_net": lent * ((1 - p) * full + p * defaulted - 1.0),
    })


def break_even_default_rate(*, rate: float = 0.05, term: int = 10, recovery: float = 0.0,
                            default_year: int = 1, discount_rate: float = 0.0) -> float:
    """The default rate at which the book's repayments are worth exactly what was lent.

    ``(1 - p) full + p defaulted = 1``, so ``p = (full - 1) / (full - defaulted)``
    (0 when even a loan that never defaults is worth less than it cost).

    Examples
    --------
    A one-year loan at 5% with nothing recovered: 0.05 / 1.05.

    >>> round(break_even_default_rate(rate=0.05, term=1), 6)
    0.047619
    """
    full, defaulted = present_values(rate, term, discount_rate=discount_rate, recovery=recovery,
                                     default_year=default_year)
    if full <= 1.0:
        return 0.0
    return min(1.0, (full - 1.0) / (full - defaulted))
