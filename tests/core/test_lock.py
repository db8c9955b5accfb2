"""The locked install: every dependency named in pyproject.toml is pinned with hashes in the lock
files, and every install path (make, Dockerfile) installs from them with --require-hashes.

Fails after a dependency is added to pyproject.toml without `make lock`."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement):
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")


def _pins(path):
    """{name: version} of a lock file, each pin followed by at least one sha256 hash."""
    text = (ROOT / path).read_text()
    pins = {}
    for block in re.split(r"\n(?=\S)", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)", block)
        if match:
            assert "--hash=sha256:" in block, f"{match.group(1)} in {path} has no hash"
            pins[_name(match.group(1))] = match.group(2)
    return pins


@pytest.fixture(scope="module")
def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_every_runtime_dependency_is_pinned_with_hashes_in_both_lock_files(project):
    runtime, test = _pins("requirements/lock.txt"), _pins("requirements/lock-test.txt")
    for requirement in project["dependencies"]:
        name = _name(requirement)
        assert name in runtime, f"{name} is not in requirements/lock.txt: run `make lock`"
        assert test.get(name) == runtime[name], f"{name}: the two lock files name different versions"


def test_every_test_dependency_is_pinned_with_hashes(project):
    test = _pins("requirements/lock-test.txt")
    missing = [_name(r) for r in project["optional-dependencies"]["test"] if _name(r) not in test]
    assert missing == [], f"not in requirements/lock-test.txt (run `make lock`): {missing}"


def test_the_benchmark_extra_is_pinned_with_hashes_at_the_test_lock_versions(project):
    bench, test = _pins("requirements/lock-bench.txt"), _pins("requirements/lock-test.txt")
    missing = [_name(r) for r in project["optional-dependencies"]["bench"] if _name(r) not in bench]
    assert missing == [], f"not in requirements/lock-bench.txt (run `make lock`): {missing}"
    differ = [name for name, version in test.items() if bench.get(name, version) != version]
    assert differ == [], f"requirements/lock-bench.txt moves pins of the test lock: {differ}"


def test_make_and_the_dockerfile_install_only_from_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements/lock.txt" in makefile
    assert "--require-hashes -r requirements/lock-test.txt" in makefile
    assert "--require-hashes -r requirements/lock-bench.txt" in makefile
    assert "install --quiet -e" not in makefile and "--no-deps -e ." in makefile
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r requirements/lock.txt" in dockerfile and "--no-deps -e ." in dockerfile
