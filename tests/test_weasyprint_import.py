"""WeasyPrint's libraries are found from the loader cache, and the standard search still
takes over when that cache does not have them."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from cvtool.renderers.weasyprint_import import abi_tag, cached_lookup

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the loader-cache lookup is for Linux only")


def listing(*sonames: str, abi: str | None = None) -> bytes:
    tag = abi or abi_tag()
    lines = [f"{len(sonames)} libs found in cache `/etc/ld.so.cache'"]
    lines += [f"\t{name} ({tag}) => /usr/lib/{name}" for name in sonames]
    return "\n".join(lines).encode()


def test_a_library_in_the_cache_is_found_by_its_short_name():
    find = cached_lookup(listing("libglib-2.0.so.0", "libpango-1.0.so.0"))
    assert find("pango-1.0") == "libpango-1.0.so.0"


def test_names_meant_for_other_platforms_are_not_found_without_a_search():
    find = cached_lookup(listing("libpango-1.0.so.0"))
    assert find("libpango-1.0-0") is None
    assert find("pango-1.0-0") is None


def test_a_library_for_another_abi_is_not_taken():
    find = cached_lookup(listing("libpango-1.0.so.0", abi="libc6,some-other-abi"))
    assert find("pango-1.0") is None


def test_name_is_matched_literally_not_as_a_pattern():
    find = cached_lookup(listing("libpangoXft2-1.0.so.0"))
    assert find("pango.ft2-1.0") is None


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=120, check=False)


def test_weasyprint_imports_with_one_subprocess():
    result = run_python("""
        import ctypes.util, subprocess
        calls = []
        class CountingPopen(subprocess.Popen):
            def __init__(self, args, *rest, **kwargs):
                calls.append(args)
                super().__init__(args, *rest, **kwargs)
        subprocess.Popen = CountingPopen
        from cvtool.renderers.weasyprint_import import import_weasyprint
        weasyprint = import_weasyprint()
        print(len(calls), weasyprint.__name__, ctypes.util.find_library.__module__)
    """)
    assert result.returncode == 0, result.stderr
    count, name, module = result.stdout.split()
    assert (count, name, module) == ("1", "weasyprint", "ctypes.util")


def test_standard_search_takes_over_when_the_cache_lacks_the_libraries():
    result = run_python("""
        import cvtool.renderers.weasyprint_import as wi
        wi.loader_cache = lambda: b"0 libs found in cache"
        weasyprint = wi.import_weasyprint()
        weasyprint.HTML(string="<p>x</p>").render()
        print("imported")
    """)
    assert result.returncode == 0, result.stderr
    # WeasyPrint's advice for a failed first attempt is not shown: only the retry's output.
    assert result.stdout == "imported\n"
