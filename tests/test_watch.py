"""`build --watch`: rebuilds on save (in place or by rename), keeps the last good output."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from cvtool.build import BuildRequest
from cvtool.watch import watch_and_build

GOOD = "name: Ada Lovelace\n"
BETTER = "name: Ada King\n"
BROKEN = "name: Ada\nname: twice\n"


def wait_for(condition, timeout: float = 15.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_watch_rebuilds_and_survives_invalid_saves(tmp_path: Path):
    source = tmp_path / "cv.yaml"
    source.write_text(GOOD)
    out = tmp_path / "out"
    messages: list[str] = []

    def echo(message: str, err: bool = False) -> None:
        messages.append(message)

    worker = threading.Thread(target=watch_and_build,
                              args=(BuildRequest(source, ("md",), out), echo),
                              kwargs={"stop_after": 2}, daemon=True)
    worker.start()
    assert wait_for(lambda: any(m.startswith("watching") for m in messages))
    assert "Ada Lovelace" in (out / "cv.md").read_text()
    time.sleep(0.3)  # let the watcher settle before the first save

    # An editor that saves by writing a new file and renaming it over the old one.
    temporary = tmp_path / ".cv.yaml.swp"
    temporary.write_text(BROKEN)
    os.replace(temporary, source)
    assert wait_for(lambda: any("duplicate key" in m for m in messages))
    assert any(m.startswith(f"{source}:2:1: error[CV002]") for m in messages)
    assert "Ada Lovelace" in (out / "cv.md").read_text()  # the last good output stays

    time.sleep(0.3)
    source.write_text(BETTER)  # an in-place save
    worker.join(timeout=15)
    assert not worker.is_alive()
    assert "Ada King" in (out / "cv.md").read_text()
