"""A real JupyterHub on this machine, set up as course/hub/ says, for the end-to-end test.

The test runs as root (CI does). It creates Linux users (an instructor and three
students, with passwords, private homes), a course environment every user can run,
a temporary nbgrader exchange, and starts ``jupyterhub`` with the repository's
``course/hub/jupyterhub_config.py`` (PAM login, LocalProcessSpawner) plus the test's
own overrides: loopback ports, the proxy pinned in ``tests/node``, temporary files.

The course environment stands in for the deployment's ``/opt/pvkit/venv``: a
virtual environment whose packages are this environment's (linked when every user
can read them, else copied), with the two files ``course/hub/`` ships copied into
its ``etc/jupyter`` as the README's step 3 does. Its interpreter is this
environment's base Python: as it is when other users may run it, else a copy of
its standard library (pyenv installs under ``/root`` are private).

Everything is removed afterwards, also when a test fails: the hub and every
process of the test users (by process id), the users and their homes, the folder.
"""

from __future__ import annotations

import grp
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from browser_fixtures import free_port
from conftest import REPO

HUB_DIR = REPO / "course" / "hub"
PROXY = REPO / "tests" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
HUB_START_TIMEOUT_S = 120
ROLES = ("teach", "ann", "ben", "cy")  # the instructor, then the students


def run_as(user: str, *command: str, env: dict[str, str] | None = None, cwd: str | None = None,
           check: bool = True, input_text: str | None = None, timeout: float = 600
           ) -> subprocess.CompletedProcess[str]:
    """Run ``command`` as the Linux user ``user`` (``runuser``), returning its output."""
    entry = pwd.getpwnam(user)
    base_env = {"HOME": entry.pw_dir, "USER": user, "LOGNAME": user,
                "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
    base_env.update(env or {})
    pairs = [f"{k}={v}" for k, v in base_env.items()]
    full = ["runuser", "-u", user, "--", "env", "-i", *pairs, *command]
    done = subprocess.run(full, cwd=cwd or entry.pw_dir, capture_output=True, text=True,
                          input=input_text, timeout=timeout, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(command)} as {user} failed ({done.returncode}):\n"
                             f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def can_read(user: str, path: Path) -> bool:
    """Whether ``user`` can read ``path`` (a file's bytes, or a folder's listing)."""
    command = ("ls", str(path)) if path.is_dir() else ("cat", str(path))
    return run_as(user, *command, check=False).returncode == 0


@dataclass
class Users:
    """Linux users made for one test run: role -> user name, and their password."""

    names: dict[str, str]
    password: str
    home_base: Path

    def home(self, role: str) -> Path:
        return Path(pwd.getpwnam(self.names[role]).pw_dir)

    @property
    def students(self) -> list[str]:
        return [self.names[r] for r in ROLES[1:]]

    @property
    def instructor(self) -> str:
        return self.names[ROLES[0]]


def create_users(home_base: Path) -> Users:
    """Create the instructor and students with private homes and one random password."""
    tag = secrets.token_hex(2)
    users = Users({role: f"pvk{tag}{role}" for role in ROLES}, secrets.token_urlsafe(12),
                  home_base)
    home_base.mkdir(mode=0o755, parents=True, exist_ok=True)
    made: list[str] = []
    try:
        for name in users.names.values():
            subprocess.run(["useradd", "--create-home", "--home-dir", str(home_base / name),
                            "--shell", "/bin/bash", "--user-group", name],
                           check=True, capture_output=True, text=True)
            made.append(name)
            (home_base / name).chmod(0o700)  # README step 5: no one reads another's home
        lines = "".join(f"{name}:{users.password}\n" for name in users.names.values())
        subprocess.run(["chpasswd"], input=lines, check=True, capture_output=True, text=True)
    except BaseException:
        remove_users(made)
        raise
    return users


def user_pids(names: Sequence[str]) -> list[int]:
    """Process ids of every process run by these users."""
    pids: list[int] = []
    for name in names:
        try:
            uid = pwd.getpwnam(name).pw_uid
        except KeyError:
            continue
        done = subprocess.run(["ps", "-o", "pid=", "-u", str(uid)], capture_output=True,
                              text=True, check=False)
        pids += [int(p) for p in done.stdout.split()]
    return pids


def kill_user_processes(names: Sequence[str]) -> None:
    """End what the test users still run (servers, kernels), each by its process id."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = user_pids(names)
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 10
        while pids and user_pids(names) and time.monotonic() < deadline:
            time.sleep(0.2)


def remove_users(names: Sequence[str]) -> None:
    """Delete the users, their homes and their groups (missing ones are skipped)."""
    kill_user_processes(names)
    for name in names:
        subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)
        try:
            grp.getgrnam(name)
        except KeyError:
            continue
        subprocess.run(["groupdel", name], capture_output=True, check=False)


# -- the course environment ---------------------------------------------------------
def _site_packages(prefix: Path) -> Path:
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    return prefix / "lib" / version / "site-packages"


def _runs_for(user: str, python: str, env: dict[str, str] | None = None) -> bool:
    probe = run_as(user, python, "-c", "import sys; print(sys.version_info[:3])", env=env,
                   check=False)
    return probe.returncode == 0 and probe.stdout.strip() == str(tuple(sys.version_info[:3]))


#: Parts of the standard library no course server uses (tests, Tk, IDLE, build files).
_STDLIB_SKIP = ("site-packages", "test", "idlelib", "tkinter", "turtledemo", "ensurepip",
                "config-*", "__pycache__")


def base_python(user: str, spare: Path) -> tuple[str, dict[str, str]]:
    """This environment's own interpreter, runnable by ``user``; and the variables it needs.

    When ``user`` may not run it (a pyenv Python under ``/root``), its standard library
    and shared library are copied under ``spare`` and ``LD_LIBRARY_PATH`` points there.
    Another Python 3.11 (e.g. Debian's 3.11.2) is no substitute: soupsieve, which
    nbconvert's HTML export uses, fails on older 3.11 releases.
    """
    real = Path(os.path.realpath(getattr(sys, "_base_executable", sys.executable)))
    if _runs_for(user, str(real)):
        return str(real), {}
    prefix = Path(sys.base_prefix)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    (spare / "bin").mkdir(parents=True)
    shutil.copy2(real, spare / "bin" / real.name)
    stdlib = prefix / "lib" / version
    shutil.copytree(stdlib, spare / "lib" / version, symlinks=True,
                    ignore=shutil.ignore_patterns(*_STDLIB_SKIP))
    (spare / "lib" / version / "site-packages").mkdir()
    for library in prefix.glob("lib/libpython*.so*"):
        shutil.copy2(library, spare / "lib" / library.name, follow_symlinks=False)
    env = {"LD_LIBRARY_PATH": str(spare / "lib")}
    python = str(spare / "bin" / real.name)
    if not _runs_for(user, python, env):
        raise AssertionError(f"{user} cannot run {python}, a copy of {real}")
    return python, env


def _rewrite_scripts(source_bin: Path, target_bin: Path, python: Path) -> None:
    """Copy the environment's console scripts, their ``#!`` pointing at ``python``."""
    old = f"#!{source_bin / 'python'}"
    for script in sorted(source_bin.iterdir()):
        target = target_bin / script.name
        if target.exists() or script.is_symlink() or not script.is_file():
            continue
        with script.open("rb") as handle:
            first = handle.readline().decode("utf-8", "replace").rstrip("\n")
        if not first.startswith(old):
            continue
        text = script.read_text(encoding="utf-8")
        target.write_text(f"#!{python}" + text[len(old):], encoding="utf-8")
        target.chmod(0o755)


def course_environment(target: Path, user: str, exchange: Path) -> tuple[Path, dict[str, str]]:
    """Build the course environment at ``target`` (the hub's ``PVKIT_VENV``).

    ``user`` (a student) is the one whose access decides between linking this
    environment's packages and copying them. Returns the environment and the
    variables every process of it needs (see :func:`base_python`).
    """
    source = Path(sys.prefix)
    interpreter, env = base_python(user, target.parent / "python")
    subprocess.run([interpreter, "-m", "venv", "--without-pip", str(target)],
                   check=True, capture_output=True, text=True, env={**os.environ, **env})
    python = target / "bin" / "python"
    site = _site_packages(target)
    (site / "pvkit_course_env.pth").write_text(
        f"import site; site.addsitedir({str(_site_packages(source))!r})\n", encoding="utf-8")
    (target / "share").symlink_to(source / "share")
    probe = "import pvkit, nbgrader, jupyterhub, jupyterlab; print('ok')"
    if run_as(user, str(python), "-c", probe, env=env, check=False).stdout.strip() != "ok" \
            or not can_read(user, source / "share" / "jupyter" / "labextensions"):
        _copy_packages(source, target)
    _rewrite_scripts(source / "bin", target / "bin", python)
    etc = target / "etc" / "jupyter"
    shutil.copytree(source / "etc" / "jupyter", etc)
    # README step 3: the formgrader header fix and the students' nbgrader settings
    shutil.copy2(HUB_DIR / "jupyter_server_config.py", etc / "jupyter_server_config.py")
    text = (HUB_DIR / "student_nbgrader_config.py").read_text(encoding="utf-8")
    text += f"\n# test override: a temporary exchange\nc.Exchange.root = {str(exchange)!r}\n"
    (etc / "nbgrader_config.py").write_text(text, encoding="utf-8")
    for folder in (target, target / "bin", target / "etc", etc):
        folder.chmod(0o755)
    return target, env


def _copy_packages(source: Path, target: Path) -> None:
    """Other users cannot read this environment (or the repository): copy what they need."""
    site = _site_packages(target)
    (site / "pvkit_course_env.pth").unlink()
    (target / "share").unlink()
    for src, dst in ((_site_packages(source), site), (source / "share", target / "share")):
        done = subprocess.run(["cp", "-al", f"{src}/.", str(dst)], capture_output=True,
                              check=False)  # hard links: no extra space, same file modes
        if done.returncode != 0:
            shutil.copytree(src, dst, symlinks=True, dirs_exist_ok=True)
    for editable in site.glob("__editable__*pvkit*"):
        editable.unlink()
    shutil.copytree(REPO / "src" / "pvkit", site / "pvkit",
                    ignore=shutil.ignore_patterns("__pycache__"))


# -- the hub ------------------------------------------------------------------------
@dataclass
class Hub:
    """A running JupyterHub and everything made for it."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    base: Path
    venv: Path
    exchange: Path
    users: Users
    env: dict[str, str] = field(default_factory=dict)  # what the environment's processes need
    seconds: dict[str, float] = field(default_factory=dict)

    def log_tail(self, chars: int = 6000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no hub log)"

    def pvkit(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``pvkit`` as the instructor, in their copy of the course."""
        course = self.users.home("teach") / "pvkit" / "course"
        return run_as(self.users.instructor, str(self.venv / "bin" / "pvkit"), *args,
                      "--course", str(course), "--exchange", str(self.exchange),
                      env={"PATH": f"{self.venv / 'bin'}:/usr/bin:/bin", **self.env},
                      cwd=str(course),
                      check=check)

    def python_as(self, role: str, code: str) -> subprocess.CompletedProcess[str]:
        """Run Python ``code`` as a user, in the course environment."""
        return run_as(self.users.names[role], str(self.venv / "bin" / "python"), "-c", code,
                      env=self.env)


HUB_CONFIG = """\
# The repository's one-machine hub, with the test's overrides.
c = get_config()  # noqa: F821
load_subconfig({hub_config!r})  # noqa: F821
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{state}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{state}/jupyterhub.pid"
# two shared cores: a server and JupyterLab may take a while to start
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.environment = dict(c.Spawner.environment, **{extra_env!r})
"""


def install_course(users: Users) -> Path:
    """The instructor's copy of the course (README: cloned into their home)."""
    home = users.home("teach")
    root = home / "pvkit"
    shutil.copytree(REPO / "exercises", root / "exercises",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    course = REPO / "course"
    generated = {"release", "submitted", "autograded", "feedback", "reports", "gradebook.db", ".pvkit"}

    def ignore(folder: str, names: list[str]) -> set[str]:
        # Only the course's own generated folders: templates/feedback is source.
        top = generated if Path(folder) == course else set()
        return {n for n in names if n in top or n == "__pycache__" or n.endswith(".csv")}

    shutil.copytree(course, root / "course", ignore=ignore)
    # README step 5: the formgrader finds the course through the home's nbgrader_config.py
    shutil.copy2(HUB_DIR / "instructor_nbgrader_config.py", home / "nbgrader_config.py")
    subprocess.run(["chown", "-R", f"{users.instructor}:{users.instructor}", str(root),
                    str(home / "nbgrader_config.py")], check=True)
    return root / "course"


def start_hub(base: Path, users: Users, venv: Path, exchange: Path,
              extra_env: dict[str, str]) -> Hub:
    """Start ``jupyterhub`` as root with the course config, and wait until it answers."""
    state = base / "hub"
    state.mkdir(mode=0o700)
    port = free_port()
    config = state / "jupyterhub_config.py"
    config.write_text(HUB_CONFIG.format(
        hub_config=str(HUB_DIR / "jupyterhub_config.py"), hub_port=free_port(),
        api_port=free_port(), proxy=str(PROXY), state=state, extra_env=extra_env),
        encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VIRTUAL_ENV"))}
    env.update(PVKIT_VENV=str(venv), PVKIT_INSTRUCTORS=users.instructor,
               PVKIT_STUDENTS=" ".join(users.students),
               PVKIT_HUB_URL=f"http://127.0.0.1:{port}",
               PATH=f"{PROXY.parent}{os.pathsep}{Path(sys.executable).parent}"
                    f"{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}")
    log_path = state / "hub.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f",
                                    str(config)], cwd=state, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    hub = Hub(f"http://127.0.0.1:{port}", process, log_path, base, venv, exchange, users,
              dict(extra_env))
    deadline = time.monotonic() + HUB_START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            raise AssertionError(f"jupyterhub exited ({process.returncode}):\n{hub.log_tail()}")
        try:
            with urllib.request.urlopen(f"{hub.url}/hub/api/", timeout=5) as response:
                if response.status == 200:
                    return hub
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            stop_hub(hub)
            raise AssertionError(f"jupyterhub not up after {HUB_START_TIMEOUT_S} s:\n"
                                 f"{hub.log_tail()}")
        time.sleep(0.5)


def stop_hub(hub: Hub) -> None:
    """Stop the hub (it stops the users' servers and the proxy), then its process group."""
    process = hub.process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # the proxy shares the hub's session
    except (ProcessLookupError, PermissionError):
        pass
    process.wait(timeout=15)


def hub_term() -> Iterator[Hub]:
    """Users, course environment, exchange, the instructor's course and a running hub.

    A generator for a pytest fixture: everything is removed when it resumes.
    """
    if os.geteuid() != 0:
        raise AssertionError("the hub test creates Linux users: run it as root (CI does)")
    if not PROXY.exists():
        raise AssertionError(f"{PROXY} is missing: run `make node-tools` (make test does it)")
    base = Path(tempfile.mkdtemp(prefix="pvkit-hub-"))
    base.chmod(0o755)
    users: Users | None = None
    hub: Hub | None = None
    try:
        seconds: dict[str, float] = {}
        start = time.perf_counter()
        users = create_users(base / "home")
        exchange = base / "exchange"
        exchange.mkdir()
        exchange.chmod(0o1777)  # README step 4
        venv, extra_env = course_environment(base / "venv", users.names["ann"], exchange)
        install_course(users)
        seconds["set-up (users, environment, course)"] = time.perf_counter() - start
        start = time.perf_counter()
        hub = start_hub(base, users, venv, exchange, extra_env)
        seconds["hub start"] = time.perf_counter() - start
        hub.seconds.update(seconds)
        yield hub
    finally:
        if hub is not None:
            stop_hub(hub)
        if users is not None:
            remove_users(list(users.names.values()))
        shutil.rmtree(base, ignore_errors=True)
