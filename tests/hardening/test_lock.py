"""The lock files pin every dependency pyproject.toml names, within its range, with hashes:
`make test`, CI and the Dockerfile install from them (`pip install --require-hashes`)."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", re.M)


def pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text()
    return {canonical(m[1]): m[2] for m in PIN.finditer(text)}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(line) for line in names]


@pytest.mark.parametrize(
    "lock,extra", [("requirements.lock", None), ("requirements-test.lock", "test")]
)
def test_every_dependency_is_pinned_within_its_range(lock, extra):
    pinned = pins(lock)
    wanted = declared() + (declared(extra) if extra else [])
    for requirement in wanted:
        version = pinned.get(canonical(requirement.name))
        assert version, f"{requirement.name} is not in {lock}: run make lock"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {requirement.name}=={version} outside {requirement.specifier}: "
            "run make lock"
        )


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-test.lock"])
def test_every_pin_has_a_hash(lock):
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text().split("\n\n", 1)[-1])
    for block in blocks:
        if PIN.match(block):
            assert "--hash=sha256:" in block, block.splitlines()[0]


def test_the_test_lock_keeps_the_deployment_pins():
    test_pins = pins("requirements-test.lock")
    assert all(
        test_pins.get(name) == version for name, version in pins("requirements.lock").items()
    )


def test_the_dockerfile_and_make_install_from_the_locks():
    assert "--require-hashes -r requirements.lock" in (ROOT / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r $(TEST_LOCK)" in makefile and "\nlock:" in makefile
