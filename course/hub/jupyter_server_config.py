"""Every user's Jupyter server on the course hub (copy into <env>/etc/jupyter/).

JupyterHub 4.1 and later send ``Content-Security-Policy: frame-ancestors 'none'`` from
single-user servers, which leaves nbgrader's formgrader (drawn in an iframe of the
same server) blank; allowing the server's own origin brings it back (nbgrader issue
#1870, "JupyterHub 4.1.0 breaks Formgrader iFrame embed").
"""

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file

c.ServerApp.tornado_settings = {
    "headers": {"Content-Security-Policy": "frame-ancestors 'self'"},
}
