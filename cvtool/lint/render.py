"""``cvtool lint --render``: lay the PDFs out, as a build would, and check what comes back.

Every variant with ``max_pages`` is fitted (an overflow is CV301, from
:func:`cvtool.build.prepare`), and the text of each built PDF (the whole CV and those
variants) is extracted the way applicant tracking systems read a PDF: the name, e-mail,
phone, section headings and every bullet must come back, in order (CV420), and each entry
of an entry section (its title, notes, roles, place, dates and bullets) as one run: in
any order inside the entry (a date column reads before its title), never mixed with the
entry before or after it. Extraction uses plain ``pdftotext`` (poppler-utils, its default
reading-order mode, not ``-layout``: what most tools that read PDFs do) when installed,
otherwise pypdf's layout mode; text is compared without case, spacing or invisible
characters (word joiners, soft hyphens).
WeasyPrint is imported only here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from cvtool import markup
from cvtool.document import BulletView, Document, EntrySectionView, EntryView, TextSectionView
from cvtool.errors import Diagnostic, DiagnosticsError, RenderError
from cvtool.lint.context import Context, Path_
from cvtool.themes import Layout


@dataclass(frozen=True)
class Expected:
    what: str  # "name", "e-mail", "phone", "heading", "bullet", "title", "role", "place"...
    text: str
    path: Path_
    key: bool = False
    entry: int | None = None  # the items of one entry share a number: one run, any order


_CONTACTS = ("e-mail", "phone")


def extract_text(pdf: bytes) -> str:
    """The text of a PDF in reading order, as pdftotext (or pypdf's layout mode) gives it."""
    if shutil.which("pdftotext"):
        with tempfile.TemporaryDirectory(prefix="cvtool-lint-") as folder:
            path = Path(folder) / "cv.pdf"
            path.write_bytes(pdf)
            done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                                  capture_output=True, timeout=120, check=False)
            if done.returncode == 0:
                return done.stdout.decode("utf-8", errors="replace")
    try:
        import io

        import pypdf
    except ImportError:
        raise RenderError("the ATS check needs pdftotext (Debian: poppler-utils) or pypdf "
                          "(pip install pypdf) to read the PDF's text") from None
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text(extraction_mode="layout") for page in reader.pages)


# White space, soft hyphens, zero-width characters, and the direction marks, embeddings and
# isolates that pdftotext writes around right-to-left runs.
_INVISIBLE = re.compile(
    r"[\s\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]+")


def comparable(text: str) -> str:
    """Text as an ATS keyword search sees it: no case, no spacing, ligatures split, no
    combining marks (Arabic vowel signs and shadda come out of a PDF apart from their
    letter, or dropped, as accents may)."""
    plain = unicodedata.normalize("NFKC", text)
    plain = "".join(c for c in plain if unicodedata.category(c) != "Mn")
    return _INVISIBLE.sub("", plain).casefold()


def _bullet_text(bullet: BulletView) -> str:
    body = markup.to_text(bullet.body)
    return f"{bullet.label}: {body}" if bullet.label else body


def expected_items(doc: Document, layout: Layout | None = None) -> Iterator[Expected]:
    """What must survive extraction, in the order the PDF shows it: with a theme's sidebar
    (``layout``), its sections as a whole before the main column's."""
    yield Expected("name", doc.name, ("name",))
    for contact in doc.contacts:
        if contact.kind in ("email", "phone"):
            yield Expected("e-mail" if contact.kind == "email" else "phone", contact.text,
                           ("contact", contact.kind))
    number = 0
    sections = (layout or Layout()).reading_order(doc.sections, bool(doc.contacts))
    for section in sections:
        yield Expected("heading", section.title, ("sections", section.key), key=True)
        if isinstance(section, EntrySectionView):
            for entry in section.entries:
                number += 1
                yield from _entry_items(entry, number)
        elif isinstance(section, TextSectionView):  # a paragraph has a bullet's shape
            for bullet in section.entries:
                yield Expected("bullet", _bullet_text(bullet), bullet.origin)


def _entry_items(entry: EntryView, number: int) -> Iterator[Expected]:
    """An entry's heading texts and bullets, all numbered ``number``: one run."""
    for row in entry.rows:
        if row.left:
            yield Expected(row.left_role or "title", markup.to_text(row.left), entry.origin,
                           entry=number)
        if row.note:
            yield Expected("note", markup.to_text(row.note), entry.origin, entry=number)
        if row.right:
            what = {"location": "place"}.get(row.right_role, row.right_role or "dates")
            yield Expected(what, row.right, entry.origin, entry=number)
    for bullet in entry.bullets:
        yield Expected("bullet", _bullet_text(bullet), bullet.origin, entry=number)


def ats_problems(ctx: Context, doc: Document, text: str, pdf_name: str,
                 layout: Layout | None = None) -> Iterator[Diagnostic]:
    """CV420 for each expected item that is missing from ``text`` or out of order, and for
    an entry whose text is mixed with another's or whose heading comes after its bullets."""
    extracted = comparable(text)
    position = 0  # where the next item (or the next entry's run) may start
    for _, group in groupby(expected_items(doc, layout), key=lambda item: item.entry):
        items = list(group)
        if items[0].entry is not None:
            position = yield from _entry_run(ctx, items, extracted, position, pdf_name)
            continue
        for item in items:
            wanted = comparable(item.text)
            if item.what in _CONTACTS:
                # An ATS finds an e-mail address or a phone number by its shape, wherever it
                # stands in the header: it must come out whole, in any order (a contact line
                # of icons is set apart in blocks that pdftotext may read column-wise).
                if wanted and wanted not in extracted:
                    yield _problem(ctx, item, extracted, position, pdf_name)
                continue
            found = extracted.find(wanted, position) if wanted else position
            if found >= 0:
                position = found + len(wanted)
            else:
                yield _problem(ctx, item, extracted, position, pdf_name)


def _entry_run(ctx: Context, items: list[Expected], extracted: str, start: int,
               pdf_name: str) -> Generator[Diagnostic, None, int]:
    """One entry's items after ``start``: its heading texts in any order (a date column
    reads before the title), then its bullets in order. Returns where the run ends."""
    end = start
    heads: list[tuple[int, Expected]] = []
    first_bullet: int | None = None
    cursor = start
    for item in items:
        wanted = comparable(item.text)
        if not wanted:
            continue
        bullet = item.what == "bullet"
        found = extracted.find(wanted, cursor if bullet else start)
        if found < 0:
            yield _problem(ctx, item, extracted, start, pdf_name)
            continue
        end = max(end, found + len(wanted))
        if bullet:
            first_bullet = found if first_bullet is None else first_bullet
            cursor = found + len(wanted)
        else:
            heads.append((found, item))
    for found, item in heads:
        if first_bullet is not None and found > first_bullet:
            yield _problem(ctx, item, extracted, start, pdf_name, "comes after the entry's bullets")
    return end


def _problem(ctx: Context, item: Expected, extracted: str, start: int, pdf_name: str,
             problem: str = "") -> Diagnostic:
    shown = " ".join(item.text.split())
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    wanted = comparable(item.text)
    if not problem:
        problem = ("is missing" if wanted not in extracted else
                   "comes out of order (mixed with another entry)"
                   if item.entry is not None and extracted.find(wanted, start) < 0 else
                   "comes out of order")
    return ctx.diagnostic(
        "CV420", f"{item.what} `{shown}` {problem} in the text extracted from {pdf_name}",
        item.path, "an ATS would not read it as written; look for characters no font has "
                   "(CV201), text the theme hides, or a layout that sets an entry's dates "
                   "or place apart from its text", key=item.key)


def render_checks(ctx: Context, enabled: Callable[[str], bool]) -> list[Diagnostic]:
    """Fit every variant with ``max_pages`` (CV301) and check extraction of each PDF (CV420)."""
    from cvtool.pipeline import prepare, render

    diagnostics: list[Diagnostic] = []
    jobs = []
    names = [None, *(name for name, v in ctx.cv.variants.items() if v.max_pages is not None)]
    for name in names:
        try:
            jobs.append((name, prepare(ctx.loaded, None, name)))
        except DiagnosticsError as exc:
            diagnostics += exc.diagnostics
    if enabled("CV420"):
        for name, job in jobs:
            pdf_name = f"the PDF of variant `{name}`" if name else "the PDF"
            diagnostics += ats_problems(ctx, job.doc, extract_text(render(job, "pdf")),
                                        pdf_name, job.theme.layout)
    return [d for d in diagnostics if d.code != "CV301" or enabled("CV301")]
