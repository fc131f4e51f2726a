"""Deal structures: how one venture's outcome is shared between public, firm owners and consumers.

A deal is made of small terms, combined with ``+``. *Monetary* terms decide
what the firm pays back to the public (grant, loan, equity stake, royalty,
income-contingent loan, convertible loan, windfall share); *conditions* change
the outcome itself (a price cap, knowledge sharing) or tie the firm's hands
(a reinvestment requirement). Laplane & Mazzucato (2020), *Research Policy: X*,
discuss these instruments; the brief (section 4) calls equity a monetary way of
sharing rewards and conditions on prices, reinvestment and knowledge
governance non-monetary ones.

The accounting, for every venture and deal (all amounts in present value):

* the public pays the investment ``K`` and receives the firm's payments ``T``:
  **public = T - K**;
* firm owners keep the profit left after paying ``T``: **private = profit - T**;
* buyers gain their consumer surplus: **consumer = CS**;
* so **public + private + consumer = profit + CS - K = total value created**.

The market model behind the price conditions is a textbook one with linear
demand (illustrative): at its own price a venture earns ``profit``, buyers
gain half as much again as consumer surplus, and profit is a quarter of sales
revenue. A price cap removes a share ``cut`` of the firm's markup: profit
becomes ``(1 - cut**2) * profit``, consumer surplus ``(1 + cut)**2 / 2 * profit``
and revenue ``(4 - cut) * (1 + cut) * profit``. Firms are assumed not to
change what they do because of the monetary terms (a simplification).

>>> deal = Equity(0.2) + PriceCap(0.5)
>>> s = deal.split(from_outcomes([10.0]))
>>> float(s["public"][0, 0] + s["private"][0, 0] + s["consumer"][0, 0]) == float(s["total"][0, 0])
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import KW_ONLY, dataclass

import numpy as np

from pvkit._validate import shown
from pvkit.rewards import _checks, loans
from pvkit.rewards.ventures import Ventures, from_outcomes

__all__ = [
    "Term",
    "Grant",
    "Loan",
    "Equity",
    "Royalty",
    "IncomeContingentLoan",
    "ConvertibleLoan",
    "WindfallShare",
    "PriceCap",
    "KnowledgeSharing",
    "Reinvestment",
    "Deal",
    "as_deal",
    "market",
    "PARTIES",
    "from_outcomes",
]

#: The three parties of every split, in chart order.
PARTIES: tuple[str, str, str] = ("public", "private", "consumer")
#: Share of revenue that is profit at the firm's own price (illustrative).
MARGIN = 0.25


def market(profit: object, cut: float = 0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Profit, consumer surplus and revenue when a share ``cut`` of the markup is removed.

    Parameters
    ----------
    profit : float, list or numpy.ndarray
        Profit at the firm's own (unconstrained) price: one venture, a list of
        ventures or a table (portfolios x ventures); from 0 to 1e15.
    cut : float
        0 leaves the price alone; 1 brings it down to the unit cost.

    Returns
    -------
    tuple of numpy.ndarray
        Profit, consumer surplus and revenue, each of the shape of ``profit``.

    Examples
    --------
    >>> [float(x[0]) for x in market(np.array([4.0]), 0.0)]
    [4.0, 2.0, 16.0]
    >>> [float(x[0]) for x in market(np.array([4.0]), 1.0)]
    [0.0, 8.0, 24.0]
    >>> [x.tolist() for x in market([4.0])]
    [[4.0], [2.0], [16.0]]
    """
    return _market(_checks.amounts("profit", profit), _checks.share("cut (share of the markup removed)", cut))


def _market(profit: np.ndarray, cut: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`market` on checked arguments (the model's inner loop)."""
    return (
        (1.0 - cut * cut) * profit,
        0.5 * (1.0 + cut) ** 2 * profit,
        (1.0 / MARGIN - cut) * (1.0 + cut) * profit,
    )


class Term:
    """A part of a deal; ``term + term`` makes a :class:`Deal`."""

    #: True for terms that change what the firm pays the public.
    monetary: bool = True

    def public_take(self, investment: np.ndarray, profit: np.ndarray,
                    revenue: np.ndarray) -> np.ndarray:
        """What the firm pays the public (present value), venture by venture.

        >>> Equity(0.5).public_take(np.ones(2), np.array([0.0, 4.0]), np.zeros(2)).tolist()
        [0.0, 2.0]
        """
        return np.zeros_like(profit)

    def label(self) -> str:
        """A short description for tables and charts."""
        return type(self).__name__

    def split(self, ventures: Ventures) -> dict[str, np.ndarray]:
        """Split outcomes under this term alone (see :meth:`Deal.split`)."""
        return as_deal(self).split(ventures)

    def __add__(self, other: object) -> Deal:
        return as_deal(self) + other


def _rate(name: str, value: object) -> float:
    return _checks.non_negative(f"{name} (interest rate)", value, upper=10.0,
                                why="(1000%; 0.05 means 5%, and a higher rate is almost surely a typo)")


def _set(obj: Term, **values: object) -> None:
    """Store checked values on a frozen term (so ``Equity(np.float64(0.2)) == Equity(0.2)``)."""
    for key, value in values.items():
        object.__setattr__(obj, key, value)


@dataclass(frozen=True)
class Grant(Term):
    """A grant: the public gets nothing back.

    >>> Grant().public_take(np.ones(1), np.array([9.0]), np.array([36.0])).tolist()
    [0.0]
    """

    def label(self) -> str:
        return "grant"


@dataclass(frozen=True)
class Loan(Term):
    """A loan of the investment at an annual ``rate`` over ``term`` years, with default and recovery.

    The firm repays in level yearly instalments (see :func:`pvkit.rewards.loans.schedule`);
    what the public receives is valued at ``discount_rate``. A venture that
    fails defaults in ``default_year``: it has paid the instalments of the
    years before, and the public recovers ``recovery`` of the balance still
    owed (from the firm's assets, so the owners bear it). A venture that
    succeeds repays in full if its profit allows, otherwise what it can
    (never less than a failed one). The defaults, ``Loan(0.05)``, are a
    one-year loan at 5%, undiscounted, with nothing recovered.

    Examples
    --------
    >>> Loan(0.05).public_take(np.full(3, 10.0), np.array([0.0, 4.0, 50.0]), np.zeros(3)).tolist()
    [0.0, 4.0, 10.5]
    >>> ten = Loan(0.05, term=10, recovery=0.5, default_year=3)
    >>> [round(float(x), 4) for x in ten.public_take(np.full(2, 1.0), np.array([0.0, 9.0]), np.zeros(2))]
    [0.6775, 1.295]
    """

    rate: float = 0.05
    _: KW_ONLY
    term: int = 1
    discount_rate: float = 0.0
    recovery: float = 0.0
    default_year: int = 1

    def __post_init__(self) -> None:
        rate, term, discount, recovery, year = loans._terms(self.rate, self.term, self.discount_rate,
                                                           self.recovery, self.default_year)
        _set(self, rate=rate, term=term, discount_rate=discount, recovery=recovery, default_year=year)

    def values(self) -> tuple[float, float]:
        """Present value per 1 lent of the repayments: in full, and on default."""
        return loans.present_values(self.rate, self.term, discount_rate=self.discount_rate,
                                    recovery=self.recovery, default_year=self.default_year)

    def schedule(self, principal: float = 1.0):  # noqa: ANN201
        """The year-by-year schedule of this loan (see :func:`pvkit.rewards.loans.schedule`).

        >>> Loan(0.05, term=2).schedule(100.0)["payment"].round(2).tolist()
        [53.78, 53.78]
        """
        return loans.schedule(principal, rate=self.rate, term=self.term,
                              discount_rate=self.discount_rate)

    def public_take(self, investment, profit, revenue):  # noqa: ANN001, ANN201
        full, defaulted = self.values()
        return np.minimum(investment * full, np.maximum(profit, investment * defaulted))

    def label(self) -> str:
        years = f"{self.term}-year" if self.term > 1 else "1-year"
        text = f"{years} loan at {100 * self.rate:g}% a year"
        if self.recovery:
            text += f", {100 * self.recovery:g}% recovered"
        return text


@dataclass(frozen=True)
class Equity(Term):
    """An equity stake: the public owns ``stake`` of the firm's profit.

    >>> Equity(0.2).public_take(np.ones(1), np.array([10.0]), np.zeros(1)).tolist()
    [2.0]
    """

    stake: float = 0.2

    def __post_init__(self) -> None:
        _set(self, stake=_checks.share("stake (equity stake)", self.stake))

    def public_take(self, investment, profit, revenue):  # noqa: ANN001, ANN201
        return self.stake * profit

    def label(self) -> str:
        return f"{100 * self.stake:g}% equity"


@dataclass(frozen=True)
class Royalty(Term):
    """A royalty: the public receives ``rate`` of the product's sales revenue.

    >>> Royalty(0.05).public_take(np.ones(1), np.array([10.0]), np.array([40.0])).tolist()
    [2.0]
    """

    rate: float = 0.05

    def __post_init__(self) -> None:
        _set(self, rate=_checks.share("rate (royalty rate, a share of revenue)", self.rate))

    def public_take(self, investment, profit, revenue):  # noqa: ANN001, ANN201
        return self.rate * revenue

    def label(self) -> str:
        return f"{100 * self.rate:g}% royalty"


@dataclass(frozen=True, kw_only=True)
class IncomeContingentLoan(Term):
    """A loan repaid as ``income_share`` of profit, until principal and interest are paid.

    Repayment here has no fixed schedule, so ``rate`` is the total interest
    owed over the loan's life, in present value (not an annual rate).

    >>> t = IncomeContingentLoan(rate=0.05, income_share=0.5)
    >>> t.public_take(np.full(2, 10.0), np.array([8.0, 100.0]), np.zeros(2)).tolist()
    [4.0, 10.5]
    """

    rate: float = 0.05
    income_share: float = 0.3

    def __post_init__(self) -> None:
        _set(self, rate=_rate("rate", self.rate),
             income_share=_checks.share("income_share (share of profit repaid)", self.income_share))

    def public_take(self, investment, profit, revenue):  # noqa: ANN001, ANN201
        return np.minimum(investment * (1.0 + self.rate), self.income_share * profit)

    def label(self) -> str:
        return f"income-contingent loan ({100 * self.income_share:g}% of profit)"


@dataclass(frozen=True, kw_only=True)
class ConvertibleLoan(Term):
    """A loan the public may convert into a ``stake`` of the firm, whichever pays more.

    As for :class:`IncomeContingentLoan`, ``rate`` is the total interest over
    the loan's life, in present value.

    >>> t = ConvertibleLoan(rate=0.05, stake=0.2)
    >>> t.public_take(np.full(2, 10.0), np.array([20.0, 200.0]), np.zeros(2)).tolist()
    [10.5, 40.0]
    """

    rate: float = 0.05
    stake: float = 0.2

    def __post_init__(self) -> None:
        _set(self, rate=_rate("rate", self.rate),
             stake=_checks.share("stake (conversion stake)", self.stake))

    def public_take(self, investment, profit, revenue):  # noqa: ANN001, ANN201
        repaid = np.minimum(investment * (1.0 + self.rate), profit)
        return np.maximum(repaid, self.stake * profit)

    def label(self) -> str:
        return f"convertible loan ({100 * self.stake:g}% if converted)"


@dataclass(frozen=True)
class WindfallShare(Term):
    """An excess-profit (windfall) share: ``stake`` of profit above ``threshold`` times the investment.

    Not a golden share: a golden share is a *control* right (a veto over a
    sale, a relocation or a change of strategy) and usually carries no claim
    on profit at all. Control rights are not modelled in pvkit.

    >>> WindfallShare(0.5, threshold=10).public_take(np.ones(2), np.array([5.0, 30.0]), np.zeros(2)).tolist()
    [0.0, 10.0]
    """

    stake: float = 0.1
    threshold: float = 10.0

    def __post_init__(self) -> None:
        _set(self, stake=_checks.share("stake (windfall share)", self.stake),
             threshold=_checks.non_negative("threshold (windfall threshold, x the investment)",
                                            self.threshold))

    def public_take(self, investment, profit, revenue):  # noqa: ANN001, ANN201
        return self.stake * np.maximum(profit - self.threshold * investment, 0.0)

    def label(self) -> str:
        return f"windfall share ({100 * self.stake:g}% above {self.threshold:g}x)"


@dataclass(frozen=True)
class PriceCap(Term):
    """A price condition: the price may keep only ``1 - cut`` of the firm's own markup.

    ``cut = 0`` is a cap at the price the firm would choose anyway (no change).

    >>> PriceCap(0.5).label()
    'price cap (-50% markup)'
    """

    cut: float = 0.3
    monetary = False

    def __post_init__(self) -> None:
        _set(self, cut=_checks.share("cut (price cut: share of the markup removed)", self.cut))

    def label(self) -> str:
        return f"price cap (-{100 * self.cut:g}% markup)"


@dataclass(frozen=True)
class KnowledgeSharing(Term):
    """A knowledge condition: open patents and data let followers erode ``openness`` of the markup.

    Modelled like a softer price cap (illustrative): competition from others
    who use the shared knowledge brings the price down.

    >>> KnowledgeSharing(0.2).label()
    'knowledge sharing (20%)'
    """

    openness: float = 0.2
    monetary = False

    def __post_init__(self) -> None:
        _set(self, openness=_checks.share("openness (knowledge sharing)", self.openness))

    def label(self) -> str:
        return f"knowledge sharing ({100 * self.openness:g}%)"


@dataclass(frozen=True)
class Reinvestment(Term):
    """A reinvestment requirement: ``share`` of the owners' profit must be reinvested.

    It does not change who owns the money today (it stays with the firm), so
    it shows as ``reinvested``, a part of ``private``.

    >>> Reinvestment(0.5).label()
    'reinvest 50% of profit'
    """

    share: float = 0.5
    monetary = False

    def __post_init__(self) -> None:
        _set(self, share=_checks.share("share (reinvestment share)", self.share))

    def label(self) -> str:
        return f"reinvest {100 * self.share:g}% of profit"


@dataclass(frozen=True)
class Deal:
    """A combination of terms; build one with ``+`` (``Equity(0.2) + PriceCap(0.3)``).

    Payments of several monetary terms add up; price cap and knowledge
    sharing combine (each removes its share of what markup is left).

    Examples
    --------
    >>> d = Loan(0.05) + Royalty(0.02) + PriceCap(0.2)
    >>> d.label()
    '1-year loan at 5% a year + 2% royalty + price cap (-20% markup)'
    >>> round(d.cut, 2)
    0.2
    """

    terms: tuple[Term, ...] = ()
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", _terms("terms", self.terms))
        object.__setattr__(self, "name", _checks.text("name", self.name, empty=True, max_length=200))

    def __add__(self, other: object) -> Deal:
        if isinstance(other, Term):
            return Deal(self.terms + (other,), self.name)
        if isinstance(other, Deal):
            return Deal(self.terms + other.terms, self.name or other.name)
        return NotImplemented

    def label(self) -> str:
        """The deal's name, or its terms joined by ``+``."""
        if self.name:
            return self.name
        return " + ".join(t.label() for t in self.terms) or "grant"

    @property
    def cut(self) -> float:
        """Share of the firm's markup removed by price cap and knowledge sharing together."""
        left = 1.0
        for term in self.terms:
            if isinstance(term, PriceCap):
                left *= 1.0 - term.cut
            elif isinstance(term, KnowledgeSharing):
                left *= 1.0 - term.openness
        return 1.0 - left

    @property
    def reinvest_share(self) -> float:
        """Share of owners' profit that must be reinvested (largest requirement wins).

        >>> (Equity(0.1) + Reinvestment(0.2) + Reinvestment(0.4)).reinvest_share
        0.4
        """
        return max([t.share for t in self.terms if isinstance(t, Reinvestment)], default=0.0)

    def split(self, ventures: Ventures) -> dict[str, np.ndarray]:
        """Split each venture's outcome; arrays of the ventures' shape.

        Returns
        -------
        dict of numpy.ndarray
            ``investment``, ``profit`` and ``revenue`` (after conditions),
            ``paid`` (what the firm pays the public), ``public``, ``private``,
            ``consumer``, ``total`` (= public + private + consumer) and
            ``reinvested`` (part of ``private``).

        Examples
        --------
        >>> s = Loan(0.5).split(from_outcomes([0.0, 30.0], investment=10.0))
        >>> s["public"].tolist(), s["private"].tolist()
        ([[-10.0, 5.0]], [[0.0, 15.0]])
        """
        if not isinstance(ventures, Ventures):
            raise TypeError(
                "ventures must come from pvkit.rewards.simulate() or from_outcomes(), "
                f"got {type(ventures).__name__}"
            )
        investment = ventures.investment
        profit, consumer, revenue = _market(ventures.profit, self.cut)
        paid = np.zeros_like(profit)
        for term in self.terms:
            if term.monetary:
                paid = paid + term.public_take(investment, profit, revenue)
        private = profit - paid
        reinvested = self.reinvest_share * np.maximum(private, 0.0)
        return {
            "investment": investment,
            "profit": profit,
            "revenue": revenue,
            "paid": paid,
            "public": paid - investment,
            "private": private,
            "consumer": consumer,
            "total": profit + consumer - investment,
            "reinvested": reinvested,
        }


def _terms(name: str, terms: object) -> tuple[Term, ...]:
    """Terms as a tuple: each a :class:`Term`, at most ``MAX_TERMS`` of them."""
    if isinstance(terms, Term):
        return (terms,)
    if isinstance(terms, (str, bytes, Mapping)) or not isinstance(terms, Iterable):
        raise TypeError(f"{name} must be pvkit.rewards terms such as (Equity(0.2), PriceCap(0.3)), "
                        f"got {type(terms).__name__} {shown(terms)}")
    items = []
    for i, term in enumerate(terms):
        if i >= _checks.MAX_TERMS:
            raise ValueError(f"{name} has more than {_checks.MAX_TERMS} terms; a deal needs far fewer "
                             "(there are ten kinds, and repeats only add up)")
        if not isinstance(term, Term):
            raise TypeError(f"{name}[{i}] must be a term such as Equity(0.2) or Loan(0.05), "
                            f"got {type(term).__name__} {shown(term)}")
        items.append(term)
    return tuple(items)


def as_deal(deal: object) -> Deal:
    """A :class:`Deal` from a deal, a single term or a list of terms (a clear error otherwise).

    >>> as_deal(Equity(0.1)).label()
    '10% equity'
    >>> as_deal("equity")
    Traceback (most recent call last):
    ...
    TypeError: deal must be a deal such as Equity(0.2) or Loan(0.05) + PriceCap(0.3), got str 'equity'
    """
    return _as_deal(deal, "deal")


def _as_deal(deal: object, name: str) -> Deal:
    """:func:`as_deal`, naming the argument ``name`` in messages."""
    if isinstance(deal, Deal):
        return deal
    if isinstance(deal, Term):
        return Deal((deal,))
    if isinstance(deal, Iterable) and not isinstance(deal, (str, bytes, Mapping)):
        terms = _terms(name, deal)
        if not terms:
            raise ValueError(f"{name} is an empty list of terms; give a deal such as Grant() or Equity(0.2)")
        return Deal(terms)
    raise TypeError(
        f"{name} must be a deal such as Equity(0.2) or Loan(0.05) + PriceCap(0.3), "
        f"got {type(deal).__name__} {shown(deal)}"
    )
