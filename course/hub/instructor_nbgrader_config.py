"""The instructor's formgrader finds the course (copy to the instructor's home as nbgrader_config.py).

nbgrader's formgrader reads ``nbgrader_config.py`` from the folder the Jupyter server
starts in, which on the hub is the user's home. This loads the course's own config
from the clone of the repository in ``~/pvkit`` (README, "Running the course on a
JupyterHub", step 5); change the path if the clone is elsewhere.
"""

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file

load_subconfig("pvkit/course/nbgrader_config.py")  # noqa: F821 - relative to this file
