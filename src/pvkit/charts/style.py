"""pvkit's house style for charts: no frame round a plot, left-aligned titles, readable text.

Text colours meet WCAG AA on white (at least 4.5:1): titles and labels are near
black, subtitles dark grey (#444444 is 9.7:1). ``aria`` keeps Vega-Lite's
accessible descriptions of marks and axes on the SVG.

>>> house_style(title=13, labels=11).to_dict()["axis"]["labelFontSize"]
11
>>> "labelFontSize" in house_style(labels=None).to_dict()["axis"]
False
"""

from __future__ import annotations

import altair as alt

from pvkit import _validate

__all__ = ["TEXT", "SUBTLE_TEXT", "house_style"]

#: Colour of titles, axis and legend text (16:1 on white).
TEXT = "#222222"
#: Colour of subtitles and notes (9.7:1 on white).
SUBTLE_TEXT = "#444444"


def house_style(title: int = 14, labels: int | None = 12) -> alt.Config:
    """The top-level config every pvkit chart uses; ``labels=None`` keeps Vega-Lite's axis sizes.

    Parameters
    ----------
    title : int
        Font size of chart titles, in pixels (8 to 40).
    labels : int or None
        Font size of axis labels and titles (8 to 40), or None for Vega-Lite's own.

    Examples
    --------
    >>> house_style().to_dict()["aria"]
    True
    """
    title = _validate.whole("title", title, low=8, high=40, why="(a font size in pixels)")
    if labels is not None:
        labels = _validate.whole("labels", labels, low=8, high=40, why="(a font size in pixels)")
    config = alt.Config(aria=True, view=alt.ViewConfig(stroke=None),
                        title=alt.TitleConfig(fontSize=title, anchor="start", color=TEXT,
                                              subtitleColor=SUBTLE_TEXT),
                        axis=alt.AxisConfig(labelColor=TEXT, titleColor=TEXT),
                        legend=alt.LegendConfig(labelColor=TEXT, titleColor=TEXT))
    if labels is not None:
        config.axis = alt.AxisConfig(labelColor=TEXT, titleColor=TEXT, labelFontSize=labels,
                                     titleFontSize=labels)
    return config
