"""A non-editable install into a fresh virtual environment builds a CV from another folder.

cvtool itself is installed from a built wheel, which proves package data (themes, fonts,
starter) is inside. Its dependencies come from the environment running the tests (what the
README's test command installed), made visible through a ``.pth`` file, so nothing is
downloaded and nothing installed elsewhere on the machine is needed.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    pytest.importorskip("hatchling")
    base = tmp_path_factory.mktemp("install")
    wheels = base / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels), str(ROOT)], check=True)
    env_dir = base / "venv"
    venv.EnvBuilder(system_site_packages=False, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    # Listed after the venv's own site-packages, so the wheel's cvtool comes first.
    (Path(site_packages) / "test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
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
    # Nothing comes from the base interpreter's own site-packages (which a machine with
    # packages installed by hand would have, and a pristine one not).
    base_site = subprocess.run(
        [sys.executable, "-c",
         "import site, sys; print(site.getsitepackages([sys.base_prefix])[0])"],
        capture_output=True, text=True, check=True).stdout.strip()
    seen = subprocess.run([str(installed / "bin" / "python"), "-c",
                           "import sys; print('\\n'.join(sys.path))"],
                          capture_output=True, text=True, check=True).stdout.splitlines()
    assert base_site not in seen


def test_installed_wheel_ships_the_icons_with_their_licence(installed, tmp_path):
    """The contact icons are package data: the SVG files, Tabler's licence and its note."""
    out = subprocess.run([str(installed / "bin" / "python"), "-c",
                          "from cvtool.icons import ICONS_DIR, icon_names; "
                          "print(sorted(p.name for p in ICONS_DIR.iterdir())); "
                          "print(len(icon_names()))"],
                         cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert "'LICENSE'" in out and "'README.md'" in out and "'mail.svg'" in out
    assert int(out.split()[-1]) >= 13


def test_installed_starter_file(installed, tmp_path):
    cvtool = installed / "bin" / "cvtool"
    subprocess.run([str(cvtool), "new", "jane"], cwd=tmp_path, check=True, capture_output=True)
    result = subprocess.run([str(cvtool), "validate", "jane.yaml"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_the_package_builds_and_twine_accepts_it(tmp_path):
    """Ready for PyPI: `python -m build` (without fetching a build environment: the test
    extras hold hatchling) makes a wheel and an sdist whose metadata `twine check` passes."""
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    built = sorted(p.name for p in tmp_path.iterdir())
    assert any(name.endswith(".whl") for name in built)
    assert any(name.endswith(".tar.gz") for name in built)
    check = subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                            *map(str, tmp_path.iterdir())], capture_output=True, text=True,
                           timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
