"""nbgrader settings for every user of the hub (copy to <env>/etc/jupyter/nbgrader_config.py).

The Assignments tab fetches from and submits to this course in the shared exchange.
The instructor's own course/nbgrader_config.py uses the same course id and exchange.
"""

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file

c.CourseDirectory.course_id = "pvkit"
c.Exchange.root = "/srv/nbgrader/exchange"
