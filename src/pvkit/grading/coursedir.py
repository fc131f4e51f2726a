"""Find the nbgrader course root and read its configuration.

The course root is the folder that holds ``nbgrader_config.py`` (``course/`` in
this repository). Instructors run ``pvkit`` from anywhere in the repository, so
the root is found by walking up from the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

CONFIG_NAME = "nbgrader_config.py"
COURSE_FOLDER = "course"


class GradingError(ValueError):
    """A problem the instructor can fix: shown as a message, never a traceback.

    ``exit_code`` is 2 for a wrong request (unknown assignment, no course) and 1
    when a step really failed to run (e.g. the build).
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def find_course_root(explicit: str | os.PathLike[str] | None = None,
                     start: str | os.PathLike[str] | None = None) -> Path:
    """Locate the course root.

    Parameters
    ----------
    explicit : path, optional
        A path given with ``--course``: either the course root itself or a
        folder that contains ``course/``.
    start : path, optional
        Where to start walking up from; defaults to the working directory.

    Returns
    -------
    pathlib.Path
        The absolute course root (the folder holding ``nbgrader_config.py``).

    Raises
    ------
    GradingError
        If no course is found.
    """
    for name, value in (("explicit", explicit), ("start", start)):
        if value is not None and not isinstance(value, (str, os.PathLike)):
            raise TypeError(f"{name} (the course folder) must be a path, got {type(value).__name__}")
        if isinstance(value, str) and (not value.strip() or "\0" in value or len(value) > 4096):
            raise ValueError(f"{name} (the course folder) must be a folder's path, got {value[:60]!r}")
    if explicit is not None:
        path = Path(explicit).expanduser().resolve()
        for candidate in (path, path / COURSE_FOLDER):
            try:
                if (candidate / CONFIG_NAME).is_file():
                    return candidate
            except OSError:  # e.g. a name too long for the file system
                break
        raise GradingError(
            f"no nbgrader course at {path}: expected {CONFIG_NAME} there "
            f"or in {path / COURSE_FOLDER}"
        )
    here = Path(start if start is not None else os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file() and folder.name == COURSE_FOLDER:
            return folder
        if (folder / COURSE_FOLDER / CONFIG_NAME).is_file():
            return folder / COURSE_FOLDER
    raise GradingError(
        f"could not find the course: no {COURSE_FOLDER}/{CONFIG_NAME} in {here} or any "
        "folder above it. Run pvkit inside the repository or pass --course PATH."
    )


def load_config(root: Path) -> Config:
    """Read ``nbgrader_config.py`` of a course root into a traitlets Config.

    The course root is pinned to ``root`` whatever the file says, so that the
    course behaves the same from any working directory.
    """
    loader = PyFileConfigLoader(CONFIG_NAME, path=str(root))
    try:
        config = loader.load_config()
    except Exception as exc:  # a broken config file is the instructor's to fix
        raise GradingError(f"could not read {root / CONFIG_NAME}: {exc}") from exc
    config.CourseDirectory.root = str(root)
    return config
