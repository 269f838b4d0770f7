"""``cvtool build --watch``: rebuild whenever the source is saved.

Editors save in different ways (write in place, or write a new file and rename it over the
old one), so the source's folder is watched and any change to the source's path counts.
A failed build prints its located errors and leaves the previous outputs as they were.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from cvtool.build import BuildRequest, build
from cvtool.errors import CvtoolError


def build_reporting(request: BuildRequest, echo: Callable[..., None]) -> bool:
    """One build; problems are printed, not raised. True when the outputs were written."""
    try:
        result = build(request)
    except CvtoolError as exc:
        for message in exc.messages():
            echo(message, err=True)
        echo("build failed; the previous outputs are unchanged", err=True)
        return False
    for message, to_stderr in result.messages():
        echo(message, err=to_stderr)
    return True


def watch_and_build(request: BuildRequest, echo: Callable[..., None],
                    stop_after: int | None = None) -> None:
    """Build now, then after every change to the request's source. ``stop_after`` ends the
    loop after that many rebuilds (for tests); otherwise it runs until interrupted."""
    build_reporting(request, echo)
    echo(f"watching {request.source} (Ctrl-C to stop)")
    rebuilds = 0
    try:
        for _ in source_changes(request.source):
            build_reporting(request, echo)
            rebuilds += 1
            if stop_after is not None and rebuilds >= stop_after:
                return
    except KeyboardInterrupt:
        pass


def source_changes(source: Path, stop: threading.Event | None = None) -> Iterator[None]:
    """One item after every save of ``source`` (or of a .bib file beside it: publication
    sections read those at build time), until ``stop`` is set. A rename-style save is one
    change, seen once the new file is in place."""
    from watchfiles import watch

    target = source.resolve()
    for _changes in watch(target.parent, watch_filter=lambda _c, p: Path(p) == target
                          or Path(p).suffix == ".bib",
                          debounce=150, raise_interrupt=False, stop_event=stop):
        if not source.exists():  # between a rename-style save's unlink and its rename
            continue
        yield None
