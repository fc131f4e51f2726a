"""The deal simulator: mix deals, shape the portfolio, see who gets the rewards.

Module 5 of the course (section 4 and Box 5 of the brief). The student picks
two deals and how the portfolio's ventures are split between them, adds
conditions (price cap, knowledge sharing, reinvestment), sets the portfolio's
size and skew, and sees three charts: the distribution of the public's return
over 10,000 simulated portfolios, who gets what, and a revolving fund's
balance over rounds. The lesson and the Voila dashboard both call
:func:`deal_simulator`.

>>> sim = deal_simulator()
>>> sim.kind_a.value = "equity"
>>> sim.summary_table()["public_return"] > -1
True
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
import pandas as pd

from pvkit import _validate
from pvkit.charts.rewards import simulator_chart
from pvkit.rewards import deals as d
from pvkit.rewards import fund, portfolio, ventures
from pvkit.widgets._memory import release_free_memory
from pvkit.widgets.helpers import (Accessibility, chart_alternative, chart_widget, guarded,
                                   update_chart)

__all__ = ["DealSimulator", "deal_simulator", "KINDS", "make_term"]

#: Deal kinds offered, with what the number typed next to them means.
KINDS: dict[str, str] = {
    "grant": "nothing to set (the number is ignored)",
    "loan": "interest a year, % (10-year loan, repayments valued at 3.5%; failed firms repay nothing)",
    "equity": "public's equity stake, %",
    "royalty": "royalty on sales revenue, %",
    "income-contingent loan": "share of profit paid until the loan (5% interest) is repaid, %",
    "convertible loan": "stake if the public converts (loan at 5% otherwise), %",
    "windfall share": "share of excess profit above 10x the investment, %",
}
N_PORTFOLIOS = 10_000
#: The simulator's loans: 10 years, repayments valued at the Green Book's 3.5% (illustrative).
LOAN_TERM, DISCOUNT_RATE = 10, 0.035
FUND = {"capital": 50.0, "rounds": 10, "ventures_per_round": 20, "paths": 200}


def make_term(kind: str, percent: float) -> d.Term:
    """A deal term from a kind and the percentage typed next to it.

    Raises
    ------
    ValueError
        With a message naming the allowed range when the percentage is out of it.

    Examples
    --------
    >>> make_term("equity", 25)
    Equity(stake=0.25)
    """
    if not isinstance(kind, str):
        raise TypeError(f"kind must be the name of a deal such as 'equity', got "
                        f"{type(kind).__name__} {_validate.shown(kind)}")
    if kind not in KINDS:
        raise ValueError(f"unknown deal {_validate.shown(kind)} (kind); choose one of: {', '.join(KINDS)}")
    if isinstance(percent, (bool, np.bool_)) or not isinstance(percent, (int, float, np.integer, np.floating)):
        raise TypeError(f"type a number for the {kind} (percent), e.g. 20; got {_validate.shown(percent)}")
    try:
        value = float(percent)
    except OverflowError:
        value = float("inf")
    if np.isnan(value):
        raise ValueError(f"type a number for the {kind} (percent), e.g. 20")
    percent = value
    if kind == "grant":
        return d.Grant()
    if not 0 <= percent <= 100:
        raise ValueError(
            f"the {KINDS[kind].split(',')[0]} must be between 0 and 100%, you typed {percent:g} percent"
        )
    share = percent / 100
    return {
        "loan": lambda: d.Loan(share, term=LOAN_TERM, discount_rate=DISCOUNT_RATE),
        "equity": lambda: d.Equity(share),
        "royalty": lambda: d.Royalty(share),
        "income-contingent loan": lambda: d.IncomeContingentLoan(rate=0.05, income_share=share),
        "convertible loan": lambda: d.ConvertibleLoan(rate=0.05, stake=share),
        "windfall share": lambda: d.WindfallShare(share, 10.0),
    }[kind]()


def _slider(cls, description: str, **kw):  # noqa: ANN001, ANN202
    return cls(description=description, continuous_update=False,
               style={"description_width": "170px"},
               layout=widgets.Layout(width="100%", max_width="430px"), **kw)


class DealSimulator(widgets.VBox):
    """The deal simulator widget; build it with :func:`deal_simulator`.

    Attributes
    ----------
    kind_a, kind_b : ipywidgets.Dropdown
    term_a, term_b : ipywidgets.FloatText (percent)
    share_a : ipywidgets.IntSlider (% of ventures under deal A)
    price_cap, knowledge, reinvest : ipywidgets.IntSlider (%)
    n_ventures : ipywidgets.IntSlider
    skew, p_fail : ipywidgets.FloatSlider
    summary, message : ipywidgets.HTML
    chart : altair.JupyterChart
    chart_text : ipywidgets.HTML
        The charts in words and their data as tables.
    accessibility : pvkit.widgets.helpers.Accessibility
        Announces each update in a live region.
    """

    def __init__(self, seed: int = 0) -> None:
        seed = _validate.seed("seed", seed)
        if seed > 2**62:  # the fund's paths use seed + 1
            raise ValueError(f"seed must be at most {2**62:,}, got {seed:,}")
        super().__init__(layout=widgets.Layout(max_width="1000px", padding="4px 8px"))
        self.seed = seed
        self._sims: tuple[tuple, ventures.Ventures] | None = None
        #: Sums of the ventures under one deal, by (deal, first column, count): moving one
        #: deal's control leaves the other deal's sums as they were.
        self._group_sums: dict[tuple, dict[str, np.ndarray]] = {}
        style = {"description_width": "170px"}
        term_style = {"description_width": "70px"}
        self.kind_a = widgets.Dropdown(options=list(KINDS), value="equity", description="Deal A",
                                       style=style, layout=widgets.Layout(width="300px"))
        self.term_a = widgets.FloatText(value=20.0, description="Deal A %", style=term_style,
                                        layout=widgets.Layout(width="150px"))
        self.kind_b = widgets.Dropdown(options=list(KINDS), value="loan", description="Deal B",
                                       style=style, layout=widgets.Layout(width="300px"))
        self.term_b = widgets.FloatText(value=5.0, description="Deal B %", style=term_style,
                                        layout=widgets.Layout(width="150px"))
        self.hint_a, self.hint_b = widgets.HTML(), widgets.HTML()
        self.share_a = _slider(widgets.IntSlider, "Share under deal A (%)", value=50, min=0, max=100, step=5)
        self.price_cap = _slider(widgets.IntSlider, "Price cap: markup cut (%)", value=0, min=0, max=100, step=5)
        self.knowledge = _slider(widgets.IntSlider, "Knowledge sharing (%)", value=0, min=0, max=100, step=5)
        self.reinvest = _slider(widgets.IntSlider, "Reinvestment rule (%)", value=0, min=0, max=100, step=5)
        self.n_ventures = _slider(widgets.IntSlider, "Ventures per portfolio", value=100, min=10, max=200, step=10)
        self.skew = _slider(widgets.FloatSlider, "Skew of outcomes", value=ventures.SKEW, min=0.25, max=3.0,
                            step=0.25, readout_format=".2f")
        self.p_fail = _slider(widgets.FloatSlider, "Chance a venture fails", value=ventures.P_FAIL, min=0.0,
                              max=0.95, step=0.05, readout_format=".2f")
        self.message = widgets.HTML()
        self.summary = widgets.HTML()
        self.chart_text = widgets.HTML()
        self.accessibility = Accessibility()
        state = self._compute()
        self._summary, self._fund_end = state["summary"], state["fund_end"]
        self.chart = chart_widget(state["chart"])
        self.chart_text.value = state["text"]

        intro = widgets.HTML(
            '<p style="margin:0 0 6px 0;line-height:1.45">The public invests 1 in each of many risky '
            "ventures. Most fail; a few do very well. Choose how the public shares in the rewards "
            "(two deals, mixed), add conditions, and see what happens over "
            f"{N_PORTFOLIOS:,} simulated portfolios. Outcomes are illustrative, not forecasts.</p>"
        )
        deal_box = widgets.VBox([
            widgets.HTML("<b>Deals</b>"),
            widgets.HBox([self.kind_a, self.term_a]), self.hint_a,
            widgets.HBox([self.kind_b, self.term_b]), self.hint_b,
            self.share_a,
        ], layout=widgets.Layout(width="460px"))
        cond_box = widgets.VBox([
            widgets.HTML("<b>Conditions (on every deal)</b>"), self.price_cap, self.knowledge,
            self.reinvest, widgets.HTML("<b>Portfolio</b>"), self.n_ventures, self.skew, self.p_fail,
        ], layout=widgets.Layout(width="460px"))
        for widget, name in [
            (self, "pvkit-deal-simulator"), (self.chart, "pvkit-chart"),
            (self.chart_text, "pvkit-chart-text"),
            (self.message, "pvkit-message-area"), (self.summary, "pvkit-summary"),
            (self.kind_a, "pvkit-kind-a"), (self.kind_b, "pvkit-kind-b"),
            (self.term_a, "pvkit-term-a"), (self.term_b, "pvkit-term-b"),
            (self.reinvest, "pvkit-reinvest"),
        ]:
            widget.add_class(name)
        self.children = [
            intro,
            widgets.HBox([deal_box, cond_box], layout=widgets.Layout(flex_flow="row wrap", grid_gap="12px")),
            self.message, self.summary, self.chart, self.chart_text, self.accessibility,
        ]
        refresh = guarded(self.message)(lambda _: self.refresh())
        for control in (self.kind_a, self.term_a, self.kind_b, self.term_b, self.share_a, self.price_cap,
                        self.knowledge, self.reinvest, self.n_ventures, self.skew, self.p_fail):
            control.observe(refresh, names="value")
        self._show_summary()

    # -- model -------------------------------------------------------------
    def _slider(self, control: widgets.widget.Widget, name: str) -> float:
        """A slider's value, checked against the slider's own bounds."""
        return _validate.number(name, control.value, low=control.min, high=control.max)

    def _conditions(self) -> tuple[d.Term, ...]:
        terms: list[d.Term] = []
        cap = self._slider(self.price_cap, "price cap")
        knowledge = self._slider(self.knowledge, "knowledge sharing")
        reinvest = self._slider(self.reinvest, "reinvestment rule")
        if cap:
            terms.append(d.PriceCap(cap / 100))
        if knowledge:
            terms.append(d.KnowledgeSharing(knowledge / 100))
        if reinvest:
            terms.append(d.Reinvestment(reinvest / 100))
        return tuple(terms)

    def deals(self) -> tuple[d.Deal, d.Deal]:
        """Deal A and deal B as chosen, conditions included."""
        conditions = self._conditions()
        try:
            a = make_term(self.kind_a.value, self.term_a.value)
        except ValueError as error:
            raise ValueError(f"deal A: {error}") from None
        try:
            b = make_term(self.kind_b.value, self.term_b.value)
        except ValueError as error:
            raise ValueError(f"deal B: {error}") from None
        return d.Deal((a, *conditions)), d.Deal((b, *conditions))

    def plan(self) -> portfolio.DealMix:
        """The mix of deal A and deal B."""
        a, b = self.deals()
        share = self._slider(self.share_a, "share under deal A") / 100
        return portfolio.mix((a, share), (b, 1 - share))

    def ventures(self) -> ventures.Ventures:
        """The simulated portfolios (10,000 of them; seeded; re-used while the portfolio is unchanged)."""
        key = (int(self._slider(self.n_ventures, "ventures per portfolio")),
               self._slider(self.skew, "skew of outcomes"), self._slider(self.p_fail, "chance a venture fails"),
               self.seed)
        if self._sims is None or self._sims[0] != key:
            self._sims = (key, ventures.simulate(n_ventures=key[0], n_portfolios=N_PORTFOLIOS, skew=key[1], p_fail=key[2],
                                                 seed=key[3]))
            self._group_sums = {}
        return self._sims[1]

    def _tables(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.Series, float]:
        """The three charts' tables, the summary and the fund's median end balance."""
        plan = self.plan()
        sims = self.ventures()
        counts = plan.counts(sims.shape[1])
        groups, start, total = [], 0, None
        for name, deal, count in zip(("Deal A", "Deal B"), plan.deals, counts):
            if count:
                sums = self._sums_of(sims, deal, start, count)
                groups.append((f"{name} ventures", sums))
                total = sums if total is None else {k: total[k] + sums[k] for k in sums}
            start += count
        assert total is not None
        groups.append(("Whole portfolio", total))
        summary = portfolio.summary_of(total, plan.label())
        ratio = total["public"] / total["investment"]
        high = max(1.0, float(np.quantile(ratio, 0.99)))
        hist = portfolio.histogram_of(total, bins=40, limits=(-1.0, high))
        rows = []
        for label, sums in groups:
            invested = float(sums["investment"].sum())
            for party in d.PARTIES:
                rows.append((label, party, float(sums[party].sum()) / invested))
        split = pd.DataFrame(rows, columns=["group", "party", "amount"])
        history = fund.revolving_fund(plan, skew=self.skew.value, p_fail=self.p_fail.value,
                                      seed=self.seed + 1, **FUND)
        fund_end = float(history.loc[history["round"] == FUND["rounds"], "balance_end"].median())
        return hist, split, fund.fund_bands(history), summary, fund_end

    def _sums_of(self, sims: ventures.Ventures, deal: d.Deal, start: int, count: int) -> dict[str, np.ndarray]:
        """:func:`portfolio.portfolio_sums` of ``count`` ventures from ``start``, re-used while unchanged."""
        key = (deal, start, count)
        if key not in self._group_sums:
            if len(self._group_sums) >= 4:  # the two deals shown, and the two before
                self._group_sums.pop(next(iter(self._group_sums)))
            self._group_sums[key] = portfolio.portfolio_sums(sims.columns(start, start + count), deal)
        return self._group_sums[key]

    def _compute(self) -> dict:
        """Everything the screen shows, computed from the controls (nothing is shown yet)."""
        hist, split, bands, summary, fund_end = self._tables()
        figures = [summary[k] for k in ("public_return", "p_public_loses", "total", "invested")]
        if not np.isfinite(np.asarray(figures, dtype=float)).all() or not np.isfinite(fund_end):
            raise ValueError("these settings give figures too large to compute with; "
                             "move a control back towards its default")
        chart = simulator_chart(hist, split, bands)
        text = chart_alternative(chart, {
            "Left chart: share of portfolios by the public's net return": hist,
            "Middle chart: who gets the value created, per 1 of public money": split,
            "Right chart: the revolving fund's balance by round (10th, 50th, 90th percentile)": bands,
        })
        return {"chart": chart, "text": text, "summary": summary, "fund_end": fund_end}

    # -- view ------------------------------------------------------------
    def summary_table(self) -> pd.Series:
        """The whole portfolio's summary, as shown above the charts."""
        return self._summary

    def refresh(self) -> None:
        """Recompute everything, then redraw the charts and the summary together.

        A refused setting changes nothing on screen: the charts, the summary and
        :meth:`summary_table` all stay on the last good state.
        """
        state = self._compute()
        update_chart(self.chart, state["chart"])
        self.chart_text.value = state["text"]
        self._summary, self._fund_end = state["summary"], state["fund_end"]
        self._show_summary()
        s = self._summary
        self.accessibility.announce(
            f"Updated. Public's mean net return {100 * s['public_return']:.1f}%; chance the public "
            f"loses money {100 * s['p_public_loses']:.1f}%.")

    def _show_summary(self) -> None:
        s = self._summary
        self.hint_a.value = f'<span style="color:#555;font-size:0.9em">A: {html.escape(KINDS[self.kind_a.value])}</span>'
        self.hint_b.value = f'<span style="color:#555;font-size:0.9em">B: {html.escape(KINDS[self.kind_b.value])}</span>'
        if self.reinvest.value:
            reinvested = (f"firm owners must reinvest {s['reinvested'] / s['invested']:.2f} per 1 of "
                          f"public money ({self.reinvest.value}% of the profit they keep); it stays "
                          "theirs, so the split above does not move")
        else:
            reinvested = "none (owners may pay out all the profit they keep)"
        verdict = ("the fund pays for itself" if self._fund_end >= FUND["capital"]
                   else "the fund shrinks")
        self.summary.value = (
            '<div style="border:1px solid #D0D0D0;border-radius:6px;padding:8px 12px;background:#FAFAFA;'
            'line-height:1.5">'
            f"<b>Public's mean net return:</b> {100 * s['public_return']:.1f}% &nbsp;·&nbsp; "
            f"<b>Chance the public loses money:</b> {100 * s['p_public_loses']:.1f}% &nbsp;·&nbsp; "
            f"<b>Value created per 1 invested:</b> {s['total'] / s['invested']:.2f} "
            f"(public {100 * s['public_share']:.0f}%, firm owners {100 * s['private_share']:.0f}%, "
            f"consumers {100 * s['consumer_share']:.0f}%)<br>"
            f"<b>Reinvestment rule:</b> {reinvested}<br>"
            f"<b>Revolving fund</b> (starts with {FUND['capital']:g}, {FUND['ventures_per_round']} "
            f"ventures a round): median balance after {FUND['rounds']} rounds "
            f"{self._fund_end:.1f}, so {verdict}.</div>"
        )


def deal_simulator(seed: int = 0) -> DealSimulator:
    """Build the deal simulator widget (an ``ipywidgets.VBox``); display it as a cell's last line.

    Parameters
    ----------
    seed : int
        Seed of the simulated portfolios (the same seed, the same figures).

    Examples
    --------
    >>> sim = deal_simulator()
    >>> sim.term_a.value = 150.0
    >>> "between 0 and 100%" in sim.message.value
    True
    """
    simulator = DealSimulator(seed=seed)
    release_free_memory()
    return simulator
