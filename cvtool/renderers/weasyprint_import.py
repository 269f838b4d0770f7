"""Importing WeasyPrint without its slow library search.

Why: WeasyPrint opens seven C libraries (GObject, Pango, HarfBuzz, ...) and tries several
names for each, one per platform. Through cffi, every name that is not the right one on
Linux costs ``ctypes.util.find_library`` three subprocesses (ldconfig, gcc, ld): about a
third of a second, the largest single cost of a one-shot ``cvtool build -f pdf``. While
WeasyPrint is imported here, a name is looked up only in the dynamic loader's cache, read
once, which is what ``find_library`` itself tries first. If that does not find every
library, the import is retried with the standard search, so an unusual installation
(libraries only on ``LD_LIBRARY_PATH``, say) behaves exactly as before, only slower.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from types import ModuleType

_LDCONFIG = "/sbin/ldconfig"
# The ABI tag `ldconfig -p` prints for this interpreter's libraries (as ctypes.util uses).
_ABI_TAGS = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit",
             "sparc64-64": "libc6,64bit", "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}


def loader_cache() -> bytes:
    """The dynamic loader's cache as `ldconfig -p` lists it (empty when it cannot be read)."""
    try:
        return subprocess.run([_LDCONFIG, "-p"], stdin=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              env={"LC_ALL": "C", "LANG": "C"}, check=False,
                              timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return b""


def abi_tag() -> str:
    """The tag `ldconfig -p` gives the libraries this interpreter can load."""
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    return _ABI_TAGS.get(machine, "libc6")


def cached_lookup(listing: bytes) -> Callable[[str], str | None]:
    """A ``find_library`` that answers from one `ldconfig -p` listing, as ctypes does first."""
    abi = abi_tag()

    def find_library(name: str) -> str | None:
        pattern = rb"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(os.fsencode(name)),
                                                   os.fsencode(abi))
        found = re.search(pattern, listing)
        return os.fsdecode(found.group(1)) if found else None

    return find_library


@contextlib.contextmanager
def _lookup(find_library: Callable[[str], str | None]) -> Iterator[None]:
    standard = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = standard


def _forget_weasyprint() -> None:
    """Drop a half-imported WeasyPrint so that the next import starts afresh."""
    for name in [name for name in sys.modules if name.split(".")[0] == "weasyprint"]:
        del sys.modules[name]


def import_weasyprint() -> ModuleType:
    """WeasyPrint, imported with the fast library lookup when it suffices.

    Raises OSError (from the standard search) when the C libraries are really missing.
    """
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    if sys.platform.startswith("linux"):
        listing = loader_cache()
        if listing:
            try:
                # WeasyPrint prints installation advice before a failed open: that is
                # for the standard attempt below to show, not this one.
                with _lookup(cached_lookup(listing)), \
                        contextlib.redirect_stdout(io.StringIO()):
                    import weasyprint
                return weasyprint
            except OSError:
                _forget_weasyprint()
    import weasyprint

    return weasyprint
