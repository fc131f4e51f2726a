"""pvkit's house style for charts: no frame round a plot, left-aligned titles.

>>> house_style(title=13, labels=11).to_dict()["axis"]
{'labelFontSize': 11, 'titleFontSize': 11}
>>> "axis" in house_style(labels=None).to_dict()
False
"""

from __future__ import annotations

import altair as alt

__all__ = ["house_style"]


def house_style(title: int = 14, labels: int | None = 12) -> alt.Config:
    """The top-level config every pvkit chart uses; ``labels=None`` keeps Vega-Lite's axis sizes."""
    config = alt.Config(view=alt.ViewConfig(stroke=None),
                        title=alt.TitleConfig(fontSize=title, anchor="start"))
    if labels is not None:
        config.axis = alt.AxisConfig(labelFontSize=labels, titleFontSize=labels)
    return config
