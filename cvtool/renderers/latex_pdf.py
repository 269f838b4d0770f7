"""PDF through LaTeX: the ``.tex`` of :mod:`cvtool.renderers.latex`, compiled by latexmk.

XeLaTeX is the engine (see the README for the measured timings against LuaLaTeX: it is
faster here, and it reads the bundled fonts through FreeType without writing a font cache
anywhere). The source is untrusted text, so the compile is locked down whatever the
``.tex`` says: a fresh temporary directory that is deleted afterwards, no shell escape
(``-no-shell-escape``), kpathsea's paranoid file access (``openin_any=p``,
``openout_any=p``: no dot files, no parent directories, no absolute paths for writing),
no latexmk rc files (they are Perl), non-interactive, stopping at the first error, and a
time limit. Nothing is written outside the temporary directory; the caller gets bytes.

XeLaTeX never falls back to another font: a character the document's fonts lack becomes an
empty box (a gap with older XeTeX), and only its log says so (``Missing character: There is
no ᚠ (U+16A0) in font ...``; the ``.tex`` sets ``\tracinglostchars``). :func:`compile_latex`
reads those lines and raises :class:`~cvtool.errors.MissingGlyphsError` with the characters
and the PDF; where each character was written in the source is for the caller to say.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from cvtool.document import Document
from cvtool.errors import LostCharacter, MissingGlyphsError, RenderError
from cvtool.themes import FONTS_DIR, ResolvedDesign, Theme

if TYPE_CHECKING:
    from cvtool.document.letter import LetterView

Engine = Literal["xelatex", "lualatex"]
ENGINE: Engine = "xelatex"
TIMEOUT = 120.0
DEBIAN_PACKAGES = "texlive-xetex texlive-fonts-recommended latexmk texlive-lang-arabic"
_ERROR_LINE = re.compile(r"^(?:! |.*:\d+: )(.*)$")
# XeTeX writes the character and (since TeX Live 2021) its code point; LuaTeX may write
# neither readably, and then the line is not understood (never guessed at).
_LOST = re.compile(r"^Missing character: There is no (.+?) (?:\(U\+([0-9A-Fa-f]{4,6})\) )?"
                   r"in font (.*?)!?$", re.MULTILINE)


def tex_available(engine: Engine = ENGINE) -> bool:
    return shutil.which("latexmk") is not None and shutil.which(engine) is not None


def _first_error(log: str) -> str:
    """The first TeX error of a log, with the source line number when TeX gives one."""
    lines = log.splitlines()
    for index, line in enumerate(lines):
        match = _ERROR_LINE.match(line)
        if match:
            where = next((ln.split(" ", 1)[0] for ln in lines[index + 1:index + 12]
                          if re.match(r"^l\.\d+", ln)), "")
            message = match[1].strip().rstrip(".")
            return f"{message} (line {where[2:]} of the .tex)" if where else message
    return "no error line in the log"


def _font_name(font: str) -> str:
    """``[fonts/NotoSerif-Regular.ttf]/OT:script=latn;`` -> ``NotoSerif-Regular``;
    ``"Noto Sans CJK SC:mode=harf"`` -> ``Noto Sans CJK SC``."""
    if font.startswith("["):
        name = font[1:].partition("]")[0]
        return Path(name).stem if "." in Path(name).name else Path(name).name
    return font.strip('"').partition(":")[0].partition("/")[0].strip('"') or font


def lost_characters(log: str) -> tuple[LostCharacter, ...]:
    """The characters a TeX log says were left out, each with its font, once each."""
    lost: dict[LostCharacter, None] = {}
    for match in _LOST.finditer(log):
        written, code, font = match.groups()
        if code:
            char = chr(int(code, 16))
        elif len(written) == 1:
            char = written
        else:
            continue  # ^^-notation of a byte: not a character to name
        lost[LostCharacter(char, _font_name(font))] = None
    return tuple(lost)


def _environment(tmp: Path, engine: Engine) -> dict[str, str]:
    env = dict(os.environ)
    env.update(openin_any="p", openout_any="p", shell_escape="f", TEXMFOUTPUT=str(tmp),
               # one log line per message, however long (the font names are)
               max_print_line="100000")
    if engine == "lualatex":  # luaotfload's font cache goes into the temporary directory
        env.update(TEXMFVAR=str(tmp / "texmf-var"), TEXMFCACHE=str(tmp / "texmf-var"))
    return env


def compile_latex(tex: bytes, *, engine: Engine = ENGINE, timeout: float = TIMEOUT,
                  files: dict[str, bytes] | None = None) -> bytes:
    """Compile LaTeX source to PDF bytes in a fresh temporary directory, with ``files``
    (plain names: the photo) copied beside the source. A PDF that lacks characters its
    fonts cannot draw is raised as :class:`MissingGlyphsError`, with the PDF."""
    return compile_latex_measured(tex, engine=engine, timeout=timeout, files=files)[0]


_LAST_PAGE = re.compile(r"^cvtool-last-page: (\d+) ([\d.]+)pt ([\d.]+)pt$", re.MULTILINE)


def last_page(log: str) -> tuple[int, float]:
    """The page count and how full the last page is (0 to 1), from the line the base theme
    writes to the log at the end of the document; (0, 1.0) when the log has none (a theme
    of its own that leaves it out: nothing to balance by)."""
    found = _LAST_PAGE.findall(log)
    if not found:
        return 0, 1.0
    page, used, height = found[-1]
    if float(used) == 0 and int(page) > 1:
        # Nothing on the page the document ends on: the text ended with a page break (a
        # column that filled its page, in paracol), so that page is never shipped and the
        # last page is the one before, full.
        return int(page) - 1, 1.0
    return int(page), max(0.0, min(1.0, float(used) / float(height))) if float(height) else 1.0


def compile_latex_measured(tex: bytes, *, engine: Engine = ENGINE, timeout: float = TIMEOUT,
                           files: dict[str, bytes] | None = None
                           ) -> tuple[bytes, int, float]:
    """:func:`compile_latex`, with the page count and how full the last page is."""
    if not tex_available(engine):
        raise RenderError(
            f"PDF output through LaTeX needs latexmk and {engine} (TeX Live); on Debian run "
            "scripts/setup.sh --with-latex or apt-get install --no-install-recommends "
            f"{DEBIAN_PACKAGES}. `-f tex` writes the .tex without TeX, and the default "
            "`--pdf-engine weasyprint` needs none.")
    with tempfile.TemporaryDirectory(prefix="cvtool-tex-") as name:
        tmp = Path(name)
        (tmp / "cv.tex").write_bytes(tex)
        for name, data in (files or {}).items():
            if Path(name).name != name or name in ("cv.tex", "fonts"):
                raise RenderError(f"{name} cannot be copied beside the .tex")
            (tmp / name).write_bytes(data)
        # The fonts under a plain relative name, whatever characters the install path has.
        (tmp / "fonts").symlink_to(FONTS_DIR, target_is_directory=True)
        command = ["latexmk", "-norc", f"-{engine}", "-no-shell-escape",
                   "-interaction=nonstopmode", "-halt-on-error", "-file-line-error",
                   r"-usepretex=\def\cvfontdir{fonts/}", "cv.tex"]
        status, output = _run(command, tmp, _environment(tmp, engine), timeout, engine)
        pdf = tmp / "cv.pdf"
        if status != 0 or not pdf.is_file():
            log_file = tmp / "cv.log"
            log = log_file.read_text(encoding="utf-8", errors="replace") \
                if log_file.is_file() else output
            raise RenderError(
                f"LaTeX ({engine}) could not compile the CV (latexmk exit status {status}): "
                f"{_first_error(log)}. `cvtool build -f tex` writes the .tex to look at; the "
                "default `--pdf-engine weasyprint` does not need TeX.")
        log_file = tmp / "cv.log"
        log = log_file.read_text(encoding="utf-8", errors="replace") \
            if log_file.is_file() else ""
        lost = lost_characters(log)
        if lost:
            raise MissingGlyphsError(engine, lost, pdf.read_bytes())
        return (pdf.read_bytes(), *last_page(log))


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: float,
         engine: str) -> tuple[int, str]:
    """Run latexmk in its own process group, so that a timeout also ends the TeX run
    latexmk started (killing latexmk alone would leave it looping)."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise RenderError(f"LaTeX ({engine}) did not finish within {timeout:g} s; the PDF "
                          "was not made") from None
    return process.returncode, output.decode("utf-8", "replace")


def render_latex_pdf(doc: Document, theme: Theme, design: ResolvedDesign, *,
                     engine: Engine = ENGINE, letter: LetterView | None = None) -> bytes:
    """The CV (or, with ``letter``, that cover letter under its header) as a PDF typeset
    by LaTeX."""
    return render_latex_pdf_measured(doc, theme, design, engine=engine, letter=letter)[0]


def render_latex_pdf_measured(doc: Document, theme: Theme, design: ResolvedDesign, *,
                              engine: Engine = ENGINE, letter: LetterView | None = None
                              ) -> tuple[bytes, int, float]:
    """:func:`render_latex_pdf`, with the page count and how full the last page is."""
    from cvtool.renderers.latex import photo_file_name, render_latex

    files = {}
    if doc.photo is not None:  # the .tex names the photo by a plain name, beside it
        files[photo_file_name(doc.photo)] = doc.photo.read_bytes()
    return compile_latex_measured(render_latex(doc, theme, design, letter), engine=engine,
                                  files=files)
