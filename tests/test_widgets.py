"""The case sorter driven from Python: clicks, feedback, chart data, reset, errors."""

from __future__ import annotations

import html
import re

import altair as alt
import ipywidgets as widgets
import pytest

from pvkit import charts, frameworks
from pvkit.widgets import CaseSorter, case_sorter
from pvkit.widgets.helpers import chart_widget, guarded, message_html


def text_of(markup: str) -> str:
    """Visible text of an HTML snippet, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def chart_rows(sorter: CaseSorter) -> dict[str, list[dict]]:
    """The data the browser gets: the chart widget's synced spec."""
    spec = sorter.chart.spec
    return {name: spec["datasets"][name] for name in ("tally", "scores")}


def wrong(framing: str) -> str:
    return next(f for f in frameworks.FRAMINGS if f != framing)


@pytest.fixture
def sorter() -> CaseSorter:
    return case_sorter()


@pytest.fixture
def table():
    return frameworks.cases().set_index("case_id")


def click_for(sorter: CaseSorter, framing: str) -> None:
    button = sorter.fixing_button if framing == frameworks.FRAMINGS[0] else sorter.shaping_button
    button.click()


def test_it_is_one_container_with_every_case(sorter: CaseSorter, table) -> None:
    assert isinstance(sorter, widgets.VBox)
    assert sorted(v for _, v in sorter.picker.options) == sorted(table.index)
    assert sorter.total == len(table)
    assert sorter.chart in sorter.children
    assert "nothing placed yet" in sorter.score.value


def test_card_shows_the_case_details(sorter: CaseSorter, table) -> None:
    sorter.select("gds")
    row = table.loc["gds"]
    card = text_of(sorter.card.value)
    for field in ("name", "place", "instrument"):
        assert str(row[field]) in card
    assert str(row["year"]) in card
    assert "Not placed yet" in card


def test_right_placement_gives_feedback_and_updates_chart(sorter: CaseSorter, table) -> None:
    sorter.select("apollo")
    before = chart_rows(sorter)
    click_for(sorter, table.loc["apollo", "framing"])
    expected = frameworks.check_placement("apollo", table.loc["apollo", "framing"])
    assert text_of(sorter.feedback.value) == " ".join(expected.feedback.split())
    assert "pvkit-right" in sorter.feedback.value
    assert table.loc["apollo", "dimension"] in text_of(sorter.feedback.value)
    after = chart_rows(sorter)
    assert after != before
    assert after["tally"] == charts.tally(sorter.scored(), sorter.total).to_dict("records")
    assert after["scores"] == charts.running_score(sorter.scored()).to_dict("records")
    assert "1 of 1 right (100%)" in text_of(sorter.score.value)
    assert "You placed this case as Market shaping" in text_of(sorter.card.value)


def test_wrong_placement_says_not_quite(sorter: CaseSorter, table) -> None:
    sorter.select("patents")
    click_for(sorter, wrong(table.loc["patents", "framing"]))
    assert "pvkit-not-quite" in sorter.feedback.value
    assert text_of(sorter.feedback.value).startswith("Not quite")
    assert "0 of 1 right (0%)" in text_of(sorter.score.value)
    scores = charts.running_score(sorter.scored()).to_dict("records")
    assert chart_rows(sorter)["scores"] == scores
    assert scores[0]["score"] == 0.0


def test_first_answer_counts(sorter: CaseSorter, table) -> None:
    sorter.select("eu_ets")
    right = table.loc["eu_ets", "framing"]
    click_for(sorter, right)
    rows = chart_rows(sorter)
    click_for(sorter, wrong(right))
    assert sorter.placements == {"eu_ets": right}
    assert "already placed" in sorter.message.value
    assert chart_rows(sorter) == rows
    assert "pvkit-right" in sorter.feedback.value


def test_next_case_skips_placed_cases_and_wraps(sorter: CaseSorter) -> None:
    order = [v for _, v in sorter.picker.options]
    sorter.select(order[-1])
    sorter.placements[order[0]] = frameworks.FRAMINGS[0]
    sorter.next_button.click()
    assert sorter.picker.value == order[1]


def test_placing_every_case_reaches_the_end(sorter: CaseSorter, table) -> None:
    for case_id in [v for _, v in sorter.picker.options]:
        sorter.select(case_id)
        click_for(sorter, table.loc[case_id, "framing"])
    assert f"{sorter.total} of {sorter.total} right (100%)" in text_of(sorter.score.value)
    assert "all cases sorted" in sorter.score.value
    sorter.next_button.click()
    assert "placed every case" in sorter.message.value
    assert charts.tally(sorter.scored(), sorter.total)["cases"].tolist()[-1] == 0


def test_reset_clears_everything(sorter: CaseSorter, table) -> None:
    empty_rows = chart_rows(sorter)
    for case_id in ("apollo", "patents"):
        sorter.select(case_id)
        click_for(sorter, table.loc[case_id, "framing"])
    sorter.reset_button.click()
    assert sorter.placements == {}
    assert sorter.feedback.value == ""
    assert sorter.message.value == ""
    assert chart_rows(sorter) == empty_rows
    assert "nothing placed yet" in sorter.score.value
    assert sorter.picker.value == sorter.picker.options[0][1]


def test_selecting_a_placed_case_shows_its_feedback_again(sorter: CaseSorter) -> None:
    sorter.select("gds")
    sorter.fixing_button.click()
    shown = sorter.feedback.value
    sorter.select("apollo")
    assert sorter.feedback.value == ""
    sorter.select("gds")
    assert sorter.feedback.value == shown


def test_no_case_chosen_is_a_friendly_message(sorter: CaseSorter) -> None:
    sorter.picker.value = None
    sorter.fixing_button.click()
    assert "choose a case" in sorter.message.value
    assert sorter.placements == {}
    assert "Traceback" not in sorter.message.value


def test_errors_in_callbacks_never_escape(sorter: CaseSorter, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(frameworks, "check_placement", broken)
    sorter.shaping_button.click()
    assert "Something went wrong" in sorter.message.value
    assert "database on fire" not in sorter.message.value
    assert "Traceback" not in sorter.message.value
    assert sorter.placements == {}
    monkeypatch.undo()
    sorter.shaping_button.click()
    assert sorter.message.value == ""
    assert len(sorter.placements) == 1


def test_select_unknown_case_names_the_valid_ids(sorter: CaseSorter) -> None:
    with pytest.raises(ValueError, match="valid ids: .*apollo"):
        sorter.select("atlantis")


def test_guarded_keeps_the_result_and_escapes_messages() -> None:
    box = widgets.HTML("old")

    @guarded(box)
    def ok() -> int:
        return 3

    @guarded(box)
    def bad() -> None:
        raise ValueError("<script>x</script> is not a framing")

    assert ok() == 3 and box.value == ""
    assert bad() is None
    assert "<script>" not in box.value and "&lt;script&gt;" in box.value
    assert 'role="alert"' in message_html("hi", "info")


def test_chart_widget_renders_offline_as_svg() -> None:
    chart = charts.placements_chart(frameworks.score_placements({}), total=4)
    widget = chart_widget(chart)
    # The online module imports Vega from a CDN; the offline one bundles it.
    assert not re.search(r"""from\s+["']https?://""", widget._esm)
    assert len(widget._esm) > 100_000
    assert widget.embed_options["renderer"] == "svg"
    assert widget.spec["hconcat"][0]["mark"]["type"] == "bar"
