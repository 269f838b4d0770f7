"""The web page in a real browser: Debian's Chromium, headless, lays out data/cv.yaml's page
in every theme at phone widths and reports what it did. No horizontal scrolling at 390 and
320 px, and the text is set in the theme's inlined faces (not a system font).

One browser run serves every case: a probe page holds each theme's page in an iframe of the
width wanted (a headless window is never narrower than 500 px; an iframe is), and writes
what it measured into the DOM, which ``--dump-dom`` prints. Skipped without Chromium
(``scripts/setup.sh --test`` installs it)."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from cvtool.loader import load
from cvtool.pipeline import prepare, render
from cvtool.themes import available_themes
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")]
WIDTHS = (390, 320)
THEMES = available_themes()

# Side by side, all inside the window: Chromium does not lay out a frame out of sight.
_FRAME = ('<iframe data-case="{case}" style="border:0;flex:none;width:{width}px;'
          'height:1200px" srcdoc="{page}"></iframe>')
_SCRIPT = """<script>
const frames = [...document.querySelectorAll("iframe")];
const measured = frames.map(frame => new Promise(done => {
  const measure = () => frame.contentDocument.fonts.ready.then(() => {
    const doc = frame.contentDocument;
    done([frame.dataset.case, {
      scrollWidth: doc.documentElement.scrollWidth,
      innerWidth: frame.contentWindow.innerWidth,
      fonts: [...doc.fonts].filter(f => f.status === "loaded")
                           .map(f => f.family.replace(/"/g, "")),
    }]);
  });
  const doc = frame.contentDocument;  // the page itself, or still the first about:blank
  if (doc.URL === "about:srcdoc" && doc.readyState === "complete") measure();
  else frame.addEventListener("load", measure);
}));
Promise.all(measured).then(results => {
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(Object.fromEntries(results));
  document.body.append(out);
});
</script>"""


def run_chromium(page: Path, width: int) -> str:
    """``--dump-dom`` of ``page`` in a fresh profile, with no network traffic of its own."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update",
             "--no-first-run", "--disable-sync", f"--user-data-dir={profile}",
             f"--window-size={width},1300", "--virtual-time-budget=15000", "--dump-dom",
             page.as_uri()],
            capture_output=True, text=True, timeout=120, check=False)
    return done.stdout


@pytest.fixture(scope="module")
def pages() -> dict[str, tuple[str, str]]:
    """Each theme's web page of data/cv.yaml, and its main family."""
    found = {}
    for theme in THEMES:
        job = prepare(load(ROOT / "data" / "cv.yaml"), theme)
        main = "cvtool Serif" if job.design.font == "serif" else "cvtool Sans"
        found[theme] = (render(job, "html").decode(), main)
    return found


@pytest.fixture(scope="module")
def probes(pages, tmp_path_factory) -> dict[str, dict]:
    frames = [_FRAME.format(case=f"{theme}@{width}", width=width,
                            page=html.escape(page, quote=True))
              for theme, (page, _) in pages.items() for width in WIDTHS]
    probe = tmp_path_factory.mktemp("browser") / "probe.html"
    probe.write_text("<!DOCTYPE html><html><body style='margin:0;display:flex'>"
                     + "".join(frames) + _SCRIPT + "</body></html>", encoding="utf-8")
    window = sum(WIDTHS) * len(pages) + 100
    found = re.search(r'<pre id="probe">(.*?)</pre>', run_chromium(probe, window), re.S)
    assert found, "Chromium printed no measurements"
    return json.loads(html.unescape(found[1]))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("theme", THEMES)
def test_no_horizontal_scrolling_on_a_phone(probes, theme, width):
    probe = probes[f"{theme}@{width}"]
    assert probe["innerWidth"] == width
    assert probe["scrollWidth"] <= probe["innerWidth"], (
        f"{theme} at {width} px is {probe['scrollWidth']} px wide")


@pytest.mark.parametrize("theme", THEMES)
def test_the_text_is_set_in_the_themes_inlined_faces(pages, probes, theme):
    page, main = pages[theme]
    inlined = set(re.findall(r'font-family: "([^"]+)"; src: url\("data:font/woff2', page))
    loaded = set(probes[f"{theme}@390"]["fonts"])
    assert main in loaded, f"{main} was not used: {loaded}"
    assert loaded <= inlined  # every face the browser loaded came from inside the page
