"""fontconfig's view of the installed fonts, through `fc-list` (asked once per question):
which characters they draw (:mod:`cvtool.fonts`) and which families they are
(:mod:`cvtool.themes`)."""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache


@lru_cache(maxsize=4)
def fc_list(fmt: str) -> str:
    """`fc-list --format FMT` of every installed font ("" when fc-list is missing or fails)."""
    if shutil.which("fc-list") is None:
        return ""
    try:
        return subprocess.run(["fc-list", "--format", fmt], capture_output=True, text=True,
                              timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
