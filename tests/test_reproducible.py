"""Reproducible installs: every package pinned with its hashes, nothing that needs the PyPI
`requests` package (our app of that name would shadow it), vendored static files as listed."""

import hashlib
import re
import tomllib
from importlib.metadata import distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", re.M)


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text()
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def declared(*, dev: bool) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = list(project["dependencies"])
    if dev:
        names += project["optional-dependencies"]["dev"]
    return {canonicalize_name(Requirement(name).name) for name in names}


def test_no_installed_package_needs_the_pypi_requests_package():
    needing = [
        f"{dist.metadata['Name']}: {line}"
        for dist in distributions()
        for line in dist.requires or []
        if canonicalize_name(Requirement(line).name) == "requests"
        and (Requirement(line).marker is None or Requirement(line).marker.evaluate({"extra": ""}))
    ]
    assert needing == []


def test_the_lock_files_pin_every_declared_package_with_hashes():
    for lock, dev in [("lock.txt", False), ("dev-lock.txt", True)]:
        pinned = pins(lock)
        assert declared(dev=dev) - set(pinned) == set(), lock
        assert "requests" not in pinned, lock
        text = (ROOT / "requirements" / lock).read_text()
        for block in re.split(r"\n(?=[A-Za-z0-9])", text):
            if PIN.match(block):
                assert "--hash=sha256:" in block, block.splitlines()[0]


def test_the_production_lock_is_part_of_the_development_lock():
    production, development = pins("lock.txt"), pins("dev-lock.txt")
    assert {name: development.get(name) for name in production} == production


def test_django_tasks_is_pinned_to_the_version_we_run():
    assert pins("lock.txt")["django-tasks"] == "0.12.0"
    assert pins("lock.txt")["django-tasks-db"] == "0.13.0"


def test_installs_follow_the_lock_with_hashes():
    lib = (ROOT / "scripts" / "lib.sh").read_text()
    assert '--require-hashes --no-deps -r "$lock"' in lib
    assert "local lock=requirements/dev-lock.txt" in lib
    assert 'sha1sum "$lock"' in lib  # the venv stamp follows the lock file


def test_vendored_static_files_match_their_manifest():
    manifest = ROOT / "static" / "vendor" / "MANIFEST"
    listed = {}
    for line in manifest.read_text().splitlines():
        if line and not line.startswith("#"):
            digest, path, package = line.split()
            listed[path] = digest
            assert re.fullmatch(r"(@[\w.-]+/)?[\w.-]+@\d+\.\d+\.\d+", package), line
    on_disk = {
        path.relative_to(ROOT).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in ("static/vendor", "static/fonts")
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and path.name not in {"MANIFEST", "VERSIONS"}
    }
    assert on_disk == listed
