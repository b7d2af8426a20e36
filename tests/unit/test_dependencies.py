"""What `pip install -e .` (the README's start command, without the test extras) must bring for
the production server to start."""
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def requirements() -> dict:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {Requirement(line).name: Requirement(line) for line in project["dependencies"]}


def test_the_server_dependencies_bring_gunicorns_gevent_worker_and_what_it_imports():
    # gunicorn's gevent worker imports gevent and packaging, which gunicorn itself declares
    # only under its "gevent" extra: without it `netwerk-canvas serve` stops with "No module
    # named 'packaging'" on a fresh install (the tests' own dependencies hide that).
    assert "gevent" in requirements()["gunicorn"].extras


def test_the_gevent_worker_imports():
    from gunicorn.workers import ggevent
    assert ggevent.GeventWorker
