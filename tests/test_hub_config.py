"""The hub recipes in course/hub/, checked offline (nothing here can start Kubernetes).

The Zero to JupyterHub values must be valid YAML with the keys the chart documents, the
single-user image must be the one repo2docker builds from binder/, and the exchange
volume, the course id and the formgrader header fix must agree with the course's
nbgrader configuration and with the one-machine JupyterHub config.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from conftest import REPO
from pvkit.grading.coursedir import load_config

HUB = REPO / "course" / "hub"
CSP = "frame-ancestors 'self'"


def load_py(path: Path) -> Config:
    return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()


def run_config_text(text: str) -> Config:
    config = Config()
    exec(compile(text, "<extraFiles>", "exec"), {"get_config": lambda: config})  # noqa: S102
    return config


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load((HUB / "config.yaml").read_text(encoding="utf-8"))


def test_values_have_the_documented_top_level_keys(values):
    assert set(values) <= {"hub", "proxy", "singleuser", "cull", "scheduling", "prePuller",
                           "ingress", "debug", "imagePullSecret"}
    assert values["hub"]["config"]["Authenticator"]["admin_users"]
    image = values["singleuser"]["image"]
    assert isinstance(image["name"], str) and isinstance(image["tag"], str)
    assert values["singleuser"]["cmd"] == "jupyterhub-singleuser"


def test_image_is_the_binder_build(values):
    header = (HUB / "config.yaml").read_text(encoding="utf-8")
    assert "repo2docker" in header and "binder/" in header
    assert values["singleuser"]["image"]["name"].endswith("/pvkit")
    requirements = (REPO / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert "nbgrader==" in requirements  # the Assignments tab and formgrader in the image


def test_exchange_volume_is_shared_and_mounted_at_the_course_exchange(values, monkeypatch):
    monkeypatch.delenv("PVKIT_EXCHANGE", raising=False)
    exchange = load_config(REPO / "course").Exchange.root
    storage = values["singleuser"]["storage"]
    volumes = {v["name"]: v for v in storage["extraVolumes"]}
    mounts = [m for m in storage["extraVolumeMounts"] if m["mountPath"] == exchange]
    assert len(mounts) == 1 and mounts[0]["name"] in volumes
    assert "persistentVolumeClaim" in volumes[mounts[0]["name"]]
    assert "ReadWriteMany" in (HUB / "config.yaml").read_text(encoding="utf-8")


def test_every_server_gets_the_header_fix_and_the_course_exchange(values, monkeypatch):
    monkeypatch.delenv("PVKIT_EXCHANGE", raising=False)
    course = load_config(REPO / "course")
    files = {f["mountPath"]: run_config_text(f["stringData"])
             for f in values["singleuser"]["extraFiles"].values()}
    server = files["/etc/jupyter/jupyter_server_config.py"]
    assert server.ServerApp.tornado_settings["headers"]["Content-Security-Policy"] == CSP
    nbgrader = files["/etc/jupyter/nbgrader_config.py"]
    assert nbgrader.CourseDirectory.course_id == course.CourseDirectory.course_id
    assert nbgrader.Exchange.root == course.Exchange.root
    # the one-machine hub ships the same two files
    assert load_py(HUB / "jupyter_server_config.py").ServerApp.tornado_settings == \
        server.ServerApp.tornado_settings
    student = load_py(HUB / "student_nbgrader_config.py")
    assert (student.CourseDirectory.course_id, student.Exchange.root) == \
        (course.CourseDirectory.course_id, course.Exchange.root)


def test_exchange_env_var_points_the_course_elsewhere(monkeypatch, tmp_path):
    monkeypatch.setenv("PVKIT_EXCHANGE", str(tmp_path))
    assert load_config(REPO / "course").Exchange.root == str(tmp_path)


def test_one_machine_hub_uses_system_users_and_the_course_environment(monkeypatch):
    monkeypatch.setenv("PVKIT_INSTRUCTORS", "teach")
    monkeypatch.setenv("PVKIT_STUDENTS", "amy bob")
    monkeypatch.setenv("PVKIT_VENV", "/opt/course")
    config = load_py(HUB / "jupyterhub_config.py")
    assert config.JupyterHub.authenticator_class == "jupyterhub.auth.PAMAuthenticator"
    assert config.JupyterHub.spawner_class == "jupyterhub.spawner.LocalProcessSpawner"
    assert config.Authenticator.allowed_users == {"teach", "amy", "bob"}
    assert config.Authenticator.admin_users == {"teach"}
    assert config.Spawner.cmd == ["/opt/course/bin/jupyterhub-singleuser"]
    assert config.Spawner.environment["PATH"].startswith("/opt/course/bin:")


def formgrader_exporter(course_config: Config, template: str):  # noqa: ANN201
    """The HTML exporter the formgrader builds: its own settings, then the course's on top."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers

    config = Config()
    config.HTMLExporter.template_name = template
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    config.merge(course_config)
    return HTMLExporter(config=config)


def test_the_instructors_home_config_finds_the_course_and_the_formgrader_loads(tmp_path):
    (tmp_path / "pvkit").symlink_to(REPO)  # README step 5: the clone in the home
    (tmp_path / "nbgrader_config.py").write_bytes(
        (HUB / "instructor_nbgrader_config.py").read_bytes())
    config = load_py(tmp_path / "nbgrader_config.py")
    assert Path(config.CourseDirectory.root) == tmp_path / "pvkit" / "course"
    assert config.CourseDirectory.course_id == "pvkit"
    # the course's own feedback template must not hide the formgrader's "formgrade"
    assert formgrader_exporter(config, "formgrade").template_name == "formgrade"
    feedback = formgrader_exporter(config, "feedback")
    first = next(Path(p) for p in feedback.template_paths if (Path(p) / "index.html.j2").is_file())
    assert first == tmp_path / "pvkit" / "course" / "templates" / "feedback", first
