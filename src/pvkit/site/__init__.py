"""A static HTML site of the course, readable with no server and no network.

``python -m pvkit.site`` (``make site``) runs every lesson and dashboard and
writes the site into ``_site/``: see :mod:`pvkit.site.build` for its layout,
:mod:`pvkit.site.render` for how a notebook becomes a page and
:mod:`pvkit.site.widgets` for how widgets are shown without a kernel.

>>> from pvkit.site import binder_url
>>> binder_url("OWNER/pvkit", "HEAD", "lessons/00_value.ipynb", dashboard=False)
'https://mybinder.org/v2/gh/OWNER/pvkit/HEAD?urlpath=lab/tree/lessons/00_value.ipynb'
"""

from pvkit.site.build import Page, SiteReport, binder_url, build_site

__all__ = ["Page", "SiteReport", "binder_url", "build_site"]
