"""A non-editable install into a fresh virtual environment builds a CV from another folder.

The venv sees the test environment's packages (so nothing is downloaded) but cvtool itself is
installed from a built wheel, which proves package data (themes, fonts, starter) is inside.
"""

from __future__ import annotations

import subprocess
import sys
import venv

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    pytest.importorskip("hatchling")
    base = tmp_path_factory.mktemp("install")
    wheels = base / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels), str(ROOT)], check=True)
    env_dir = base / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    wheel = next(wheels.glob("cvtool-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--no-deps", "--force-reinstall", "-q", str(wheel)], check=True)
    return env_dir


def test_installed_cvtool_builds_from_another_folder(installed, tmp_path):
    cvtool = installed / "bin" / "cvtool"
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "me.yaml").write_text((ROOT / "examples" / "minimal.yaml").read_text())
    result = subprocess.run([str(cvtool), "build", "me.yaml", "-f", "md"], cwd=work,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Ada Lovelace" in (work / "out" / "me.md").read_text()
    # The package is imported from the venv, not from the source tree.
    where = subprocess.run([str(installed / "bin" / "python"), "-c",
                            "import cvtool; print(cvtool.__file__)"], cwd=work,
                           capture_output=True, text=True, check=True).stdout
    assert str(installed) in where


def test_installed_starter_file(installed, tmp_path):
    cvtool = installed / "bin" / "cvtool"
    subprocess.run([str(cvtool), "new", "jane"], cwd=tmp_path, check=True, capture_output=True)
    result = subprocess.run([str(cvtool), "validate", "jane.yaml"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
