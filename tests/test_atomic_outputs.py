"""A build writes all its outputs or none: a failure leaves every previous output as it was."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import cvtool.build as build_module
import cvtool.pipeline as pipeline
from cvtool.build import BuildRequest, build
from cvtool.cli import main
from cvtool.errors import OutputError
from cvtool.loader import load

FIRST = "name: Ada Lovelace\nsummary: First version.\n"
SECOND = "name: Ada King\nsummary: " + "Second version, much longer. " * 400 + "\n"


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A source and the outputs of its last good build (Markdown and HTML)."""
    source = tmp_path / "cv.yaml"
    source.write_text(FIRST)
    out = tmp_path / "out"
    build(BuildRequest(source, ("md", "html"), out))
    source.write_text(SECOND)
    return source, out, _outputs(out)


def test_a_full_disk_on_the_second_output_changes_nothing(previous, monkeypatch):
    source, out, before = previous
    calls = []
    real = build_module._write_temporary

    def second_fails(path: Path, data: bytes) -> Path:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, data)

    monkeypatch.setattr(build_module, "_write_temporary", second_fails)
    with pytest.raises(OutputError, match=r"cannot write .*cv\.html: No space left on device"):
        build(BuildRequest(source, ("md", "html"), out))
    assert len(calls) == 2
    assert _outputs(out) == before  # the same files, the same bytes, no temporary left


def test_a_failed_rename_puts_back_what_was_replaced(previous, monkeypatch):
    source, out, before = previous
    real = os.replace
    renames = []

    def second_rename_fails(src, dst):
        if str(src).endswith(".tmp"):
            renames.append(dst)
            if len(renames) == 2:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(src, dst)

    monkeypatch.setattr(build_module.os, "replace", second_rename_fails)
    with pytest.raises(OutputError, match="Input/output error"):
        build(BuildRequest(source, ("md", "html"), out))
    assert _outputs(out) == before


def test_a_failed_build_never_leaves_a_new_output_where_there_was_none(tmp_path, monkeypatch):
    source = tmp_path / "cv.yaml"
    source.write_text(FIRST)
    real = build_module._write_temporary

    def html_fails(path: Path, data: bytes) -> Path:
        if path.suffix == ".html":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, data)

    monkeypatch.setattr(build_module, "_write_temporary", html_fails)
    with pytest.raises(OutputError):
        build(BuildRequest(source, ("md", "html"), tmp_path / "out"))
    assert list((tmp_path / "out").iterdir()) == []


@pytest.fixture
def small_disk(tmp_path: Path):
    """A real 200 KB file system (needs root and the right to mount)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)],
            capture_output=True).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_real_full_disk_changes_nothing(small_disk: Path, tmp_path: Path):
    source = tmp_path / "cv.yaml"
    source.write_text(FIRST)
    build(BuildRequest(source, ("md", "html"), small_disk))
    before = _outputs(small_disk)
    source.write_text(SECOND)
    job = pipeline.prepare(load(source))
    md, html = (len(pipeline.render(job, fmt)) for fmt in ("md", "html"))
    # Leave room for the new Markdown and a little more, not for the HTML as well.
    room = (md // 4096 + 2) * 4096
    assert md + html > room
    disk = os.statvfs(small_disk)
    (small_disk / "filler").write_bytes(b"\0" * (disk.f_bavail * disk.f_frsize - room))
    with pytest.raises(OutputError, match="No space left on device"):
        build(BuildRequest(source, ("md", "html"), small_disk))
    (small_disk / "filler").unlink()
    assert _outputs(small_disk) == before


def test_commands_that_write_one_file_report_failures_cleanly(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    runner = CliRunner()
    for args in (["schema", "-o", str(blocker / "schema.json")],
                 ["new", str(blocker / "jane")]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1, result.output
        assert "cannot write" in result.output and "Traceback" not in result.output
