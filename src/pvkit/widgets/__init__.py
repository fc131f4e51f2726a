"""Interactive widgets for pvkit's lessons and dashboards.

Each widget is built by one function here; lessons and Voila dashboards only
call it. Shared plumbing (charts that draw offline, friendly error messages)
lives in :mod:`pvkit.widgets.helpers`.

>>> from pvkit.widgets import case_sorter
>>> type(case_sorter()).__mro__[1].__name__
'VBox'
"""

from pvkit.widgets.case_sorter import CaseSorter, case_sorter
from pvkit.widgets.helpers import show_chart, use_offline_charts

__all__ = ["CaseSorter", "case_sorter", "show_chart", "use_offline_charts"]
