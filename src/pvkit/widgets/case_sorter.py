"""The case sorter: place real policies as market fixing or market shaping.

Box 4 of Mazzucato & Kattel (2019) contrasts two frameworks for public policy.
The student picks a real case, places it with one of two buttons, reads why
the case is usually framed one way (and which Box 4 dimension is at stake),
and watches a running chart of their placements. The lesson notebook and the
Voila dashboard both just call :func:`case_sorter`.

>>> sorter = case_sorter()
>>> sorter.select("apollo")
>>> sorter.shaping_button.click()
>>> sorter.scored()["correct"].tolist()
[True]
"""

from __future__ import annotations

import html
import re

import ipywidgets as widgets
import pandas as pd

from pvkit import _validate, frameworks
from pvkit.charts import framing_label, placements_chart, running_score, tally
from pvkit.widgets.helpers import (Accessibility, chart_alternative, chart_widget, guarded,
                                   message_html, update_chart)

__all__ = ["CaseSorter", "case_sorter"]

#: Button colours for the two framings (white text on both passes WCAG AA).
FRAMING_COLOURS = {"market fixing": "#005A8C", "market shaping": "#6A3D8F"}
_RIGHT, _WRONG = "#007A5A", "#B34700"  # borders; the words "Right"/"Not quite" say it too


def _button(description: str, tooltip: str, colour: str | None = None) -> widgets.Button:
    button = widgets.Button(
        description=description,
        tooltip=tooltip,
        layout=widgets.Layout(width="auto", min_width="150px", height="36px"),
    )
    if colour:
        button.style.button_color = colour
        button.style.text_color = "white"
        button.style.font_weight = "bold"
    return button


def _feedback_html(placement: frameworks.Placement) -> str:
    """Feedback as HTML: a coloured box, one paragraph per part of the explanation."""
    parts = [html.escape(p) for p in re.split(r" (?=Box 4, |The other reading: )", placement.feedback)]
    # Embolden the lead-in of each part ("Right:", "Box 4, evaluation:", ...) when there is one.
    parts = [re.sub(r"^([^:.]{1,60}:)", r"<b>\1</b>", p) for p in parts]
    body = "".join(f'<p style="margin:4px 0">{p}</p>' for p in parts)
    colour = _RIGHT if placement.correct else _WRONG
    verdict = "pvkit-right" if placement.correct else "pvkit-not-quite"
    return (
        f'<div class="pvkit-feedback-box {verdict}" role="status" '
        f'style="border-left:5px solid {colour};background:#F7F7F7;padding:6px 12px;'
        f'margin:4px 0;line-height:1.45">{body}</div>'
    )


def _box4_html() -> str:
    rows = "".join(
        "<tr>"
        f'<th style="text-align:left;vertical-align:top;padding:4px 8px">'
        f"{html.escape(r.dimension.capitalize())}</th>"
        f'<td style="vertical-align:top;padding:4px 8px">{html.escape(r.market_fixing)}</td>'
        f'<td style="vertical-align:top;padding:4px 8px">{html.escape(r.market_shaping)}</td>'
        "</tr>"
        for r in frameworks.box4().itertuples()
    )
    return (
        '<details class="pvkit-box4"><summary style="cursor:pointer;font-weight:600;color:#222222;'
        'padding:6px 0">Box 4 at a glance: the two frameworks side by side</summary>'
        '<table style="border-collapse:collapse;line-height:1.4">'
        '<tr><th></th><th style="text-align:left;padding:4px 8px">Market fixing</th>'
        '<th style="text-align:left;padding:4px 8px">Market shaping</th></tr>'
        f"{rows}</table>"
        '<p style="color:#555">Paraphrased from Box 4 of Mazzucato &amp; Kattel (2019), '
        "<i>Getting serious about value</i>, IIPP Policy Brief 07.</p></details>"
    )


class CaseSorter(widgets.VBox):
    """The case-sorting widget; build it with :func:`case_sorter`.

    Attributes
    ----------
    picker : ipywidgets.Dropdown
        The case to place (value: a case id).
    fixing_button, shaping_button, next_button, reset_button : ipywidgets.Button
    feedback, message, score, card : ipywidgets.HTML
    chart : altair.JupyterChart
    chart_text : ipywidgets.HTML
        The chart in words and its data as tables.
    accessibility : pvkit.widgets.helpers.Accessibility
        Announces each placement in a live region.
    placements : dict
        Case id -> the framing the student chose, in the order placed.
    """

    def __init__(self) -> None:
        super().__init__(layout=widgets.Layout(max_width="900px", padding="4px 8px", grid_gap="6px"))
        table = frameworks.cases().sort_values("name", key=lambda s: s.str.lower())
        self._cases = table.set_index("case_id", drop=False)
        self.placements: dict[str, str] = {}

        intro = widgets.HTML(
            '<p style="margin:0 0 4px 0;line-height:1.45">Pick a real policy, then say which '
            "framing its justification uses: <b>market fixing</b> (the state corrects a "
            "market failure) or <b>market shaping</b> (the state co-creates markets towards "
            "a public purpose). Your first answer for each case counts.</p>"
        )
        self.picker = widgets.Dropdown(
            options=[(f"{r.name} ({r.year})", r.case_id) for r in table.itertuples()],
            description="Case",
            layout=widgets.Layout(width="100%", max_width="560px"),
        )
        self.card = widgets.HTML()
        self.fixing_button = _button(
            "Market fixing",
            "The state corrects a market failure",
            FRAMING_COLOURS["market fixing"],
        )
        self.shaping_button = _button(
            "Market shaping",
            "The state co-creates markets towards a public purpose",
            FRAMING_COLOURS["market shaping"],
        )
        self.next_button = _button("Next case \u2192", "Go to the next case you have not placed")
        self.reset_button = _button("Start again", "Clear all placements and the chart")
        self.message = widgets.HTML()
        self.feedback = widgets.HTML()
        self.score = widgets.HTML()
        self.chart_text = widgets.HTML()
        self.accessibility = Accessibility()
        scored = self.scored()
        chart = placements_chart(scored, self.total)
        self.chart = chart_widget(chart)
        self.chart_text.value = self._chart_text(chart, scored)
        box4 = widgets.HTML(_box4_html())

        for widget, name in [
            (self, "pvkit-case-sorter"),
            (self.card, "pvkit-card"),
            (self.message, "pvkit-message-area"),
            (self.feedback, "pvkit-feedback"),
            (self.score, "pvkit-score"),
            (self.chart, "pvkit-chart"),
            (self.chart_text, "pvkit-chart-text"),
            (self.fixing_button, "pvkit-place-fixing"),
            (self.shaping_button, "pvkit-place-shaping"),
            (self.next_button, "pvkit-next"),
            (self.reset_button, "pvkit-reset"),
        ]:
            widget.add_class(name)

        place_row = widgets.HBox(
            [self.fixing_button, self.shaping_button, self.next_button, self.reset_button],
            layout=widgets.Layout(flex_flow="row wrap", grid_gap="8px", margin="6px 0"),
        )
        self.children = [intro, self.picker, self.card, place_row, self.message, self.feedback,
                         self.score, self.chart, self.chart_text, box4, self.accessibility]

        on_error = guarded(self.message)
        self.fixing_button.on_click(on_error(lambda _: self.place(frameworks.FRAMINGS[0])))
        self.shaping_button.on_click(on_error(lambda _: self.place(frameworks.FRAMINGS[1])))
        self.next_button.on_click(on_error(lambda _: self.next_case()))
        self.reset_button.on_click(on_error(lambda _: self.reset()))
        self.picker.observe(on_error(lambda _: self._show_case()), names="value")
        self._show_case()
        self._show_score(scored)

    @property
    def total(self) -> int:
        """How many cases there are to sort."""
        return len(self._cases)

    def scored(self) -> pd.DataFrame:
        """The placements so far, scored, in the order they were made."""
        return frameworks.score_placements(self.placements)

    def select(self, case_id: str) -> None:
        """Show a case, by id (a ``ValueError`` names the valid ids)."""
        if not isinstance(case_id, str):
            raise TypeError(f"case_id must be a case id (text) such as 'apollo', got "
                            f"{type(case_id).__name__} {_validate.shown(case_id)}")
        if case_id not in self._cases.index:
            raise ValueError(f"unknown case {case_id!r}; valid ids: {', '.join(self._cases.index)}")
        self.picker.value = case_id

    def place(self, framing: str) -> None:
        """Place the shown case as ``framing``, give feedback and update the chart."""
        case_id = self.picker.value
        if case_id is None:
            raise ValueError("choose a case from the list first")
        if case_id in self.placements:
            earlier = framing_label(self.placements[case_id])
            name = self._cases.loc[case_id, "name"]
            self.message.value = message_html(
                f"You already placed {name} as {earlier}; your first answer counts. "
                'Pick another case, or press "Start again" to sort them all afresh.',
                kind="info",
            )
            return
        placement = frameworks.check_placement(case_id, framing)
        self.placements[case_id] = placement.guess
        self.feedback.value = _feedback_html(placement)
        self._show_case(keep_feedback=True)
        self._refresh()

    def next_case(self) -> None:
        """Move to the next case not placed yet (wrapping round the list)."""
        order = list(self._cases.index)
        start = order.index(self.picker.value) + 1 if self.picker.value in order else 0
        for case_id in order[start:] + order[:start]:
            if case_id not in self.placements:
                self.picker.value = case_id
                return
        self.message.value = message_html(
            'You have placed every case. Press "Start again" to try once more.', kind="info"
        )

    def reset(self) -> None:
        """Forget all placements and start from the first case."""
        self.placements.clear()
        self.feedback.value = ""
        self.message.value = ""
        self.picker.value = self._cases.index[0]
        self._show_case()
        self._refresh()

    def _chart_text(self, chart: object, scored: pd.DataFrame) -> str:
        scores = running_score(scored)
        return chart_alternative(chart, {"Your placements so far": tally(scored, self.total),
                                         "Your running score, placement by placement": scores})

    def _refresh(self) -> None:
        scored = self.scored()
        chart = placements_chart(scored, self.total)
        update_chart(self.chart, chart)  # first: the browser redraws while the rest is written
        self.chart_text.value = self._chart_text(chart, scored)
        self._show_score(scored)
        self.accessibility.announce(" ".join(re.sub(r"<[^>]+>", " ", self.score.value).split()))

    def _show_score(self, scored: pd.DataFrame) -> None:
        done = len(self.placements)
        if done == 0:
            self.score.value = (
                f'<p style="margin:4px 0"><b>Score:</b> nothing placed yet, '
                f"{self.total} cases to sort.</p>"
            )
            return
        right = int(scored["correct"].sum())
        percent = round(100 * right / done)
        left = self.total - done
        tail = f"{left} to go." if left else "all cases sorted!"
        self.score.value = (
            f'<p style="margin:4px 0"><b>Score:</b> {right} of {done} right ({percent}%), {tail}</p>'
        )

    def _show_case(self, keep_feedback: bool = False) -> None:
        case_id = self.picker.value
        if case_id is None:
            self.card.value = '<p style="color:#555">Choose a case from the list.</p>'
            self.feedback.value = ""
            return
        row = self._cases.loc[case_id]
        if case_id in self.placements:
            status = f"You placed this case as <b>{framing_label(self.placements[case_id])}</b>."
            if not keep_feedback:
                self.feedback.value = _feedback_html(
                    frameworks.check_placement(case_id, self.placements[case_id])
                )
        else:
            status = "Not placed yet: does its justification fix a market or shape one?"
            self.feedback.value = ""
        self.card.value = (
            '<div style="border:1px solid #D0D0D0;border-radius:6px;padding:10px 14px;'
            'background:#FAFAFA;line-height:1.45">'
            f'<div style="font-size:1.2em;font-weight:600">{html.escape(str(row["name"]))}</div>'
            f'<div style="color:#555">{html.escape(str(row["year"]))} &middot; '
            f"{html.escape(str(row['place']))}</div>"
            f'<div style="margin-top:4px"><b>Instrument:</b> {html.escape(str(row["instrument"]))}</div>'
            f'<div style="margin-top:6px;color:#333">{status}</div></div>'
        )


def case_sorter() -> CaseSorter:
    """Build the case-sorter widget (an ``ipywidgets.VBox``); display it as the last line of a cell.

    Returns
    -------
    CaseSorter
        The container, with its parts as attributes for scripting and tests.

    Examples
    --------
    >>> sorter = case_sorter()
    >>> sorter.total == len(frameworks.cases())
    True
    """
    return CaseSorter()
