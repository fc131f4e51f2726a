"""JupyterHub for one machine, as The Littlest JupyterHub runs it (see the README).

One Linux user per student (PAM login with their system password; the instructor
creates the accounts), each user's server started from the course environment
(/opt/pvkit/venv, built from binder/requirements.txt), nbgrader's exchange in
/srv/nbgrader/exchange (mode 1777), and the instructor's formgrader as an nbgrader
JupyterLab extension inside the instructor's own server.

Copy to /etc/jupyterhub/jupyterhub_config.py; set PVKIT_INSTRUCTORS and
PVKIT_STUDENTS (space-separated Linux user names) in the service's environment.
"""

import os

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file

VENV = os.environ.get("PVKIT_VENV", "/opt/pvkit/venv")
INSTRUCTORS = set(os.environ.get("PVKIT_INSTRUCTORS", "instructor").split())
STUDENTS = set(os.environ.get("PVKIT_STUDENTS", "").split())

c.JupyterHub.bind_url = os.environ.get("PVKIT_HUB_URL", "http://:80")
c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
# Only the course's users may log in; nobody is created on first login.
c.Authenticator.allowed_users = INSTRUCTORS | STUDENTS
c.Authenticator.admin_users = INSTRUCTORS
c.LocalAuthenticator.create_system_users = False

# Every user's server runs as that Linux user, from the course environment.
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [os.path.join(VENV, "bin", "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {"PATH": os.path.join(VENV, "bin") + ":/usr/local/bin:/usr/bin:/bin"}
# The formgrader header fix and the exchange come from the environment's own config
# files (course/hub/jupyter_server_config.py and student_nbgrader_config.py copied
# into {VENV}/etc/jupyter/), so they apply to every user's server.
