"""The contact line: short display addresses with full links, one bundled icon set drawn
from its SVG files (HTML inline, LaTeX as TikZ path data), labels where there are no icons,
and lines planned to balance in WeasyPrint."""

from __future__ import annotations

import re

import pytest

from cvtool.document.contacts import short_url
from cvtool.icons import icon_names, icon_path, icon_svg
from cvtool.loader import load
from cvtool.pipeline import prepare, render
from cvtool.renderers.contact_lines import balanced_breaks
from tests.conftest import FIXTURES, ROOT

EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF]")


@pytest.mark.parametrize(("url", "shown"), [
    ("https://www.linkedin.com/in/zhiheng-li-ur/", "linkedin.com/in/zhiheng-li-ur"),
    ("https://github.com/zhihengli-UR", "github.com/zhihengli-UR"),
    ("https://zhiheng.li", "zhiheng.li"),
    ("http://WWW.example.org/a/", "example.org/a"),
    ("https://example.org/?q=1", "example.org/?q=1"),
    ("mailto:a@b.org", "mailto:a@b.org"),
])
def test_short_url(url, shown):
    assert short_url(url) == shown


def test_contacts_show_short_text_and_link_in_full():
    job = prepare(load(FIXTURES / "links.yaml"))
    views = {c.url: (c.icon, c.text) for c in job.doc.contacts}
    assert views == {
        "mailto:ada@example.org": ("mail", "ada@example.org"),
        "https://www.example.org/": ("world", "example.org"),
        "https://orcid.org/0000-0002-1825-0097": ("id", "orcid.org/0000-0002-1825-0097"),
        "https://scholar.google.com/citations?user=aBcDeFgAAAAJ": ("school", "Google Scholar"),
        "https://mastodon.social/@ada": ("brand-mastodon", "mastodon.social/@ada"),
        "https://blog.example.org/": ("link", "blog.example.org"),
    }


def test_every_icon_is_stroked_path_data_from_its_file():
    assert {"mail", "phone", "world", "map-pin", "brand-github", "brand-linkedin", "school",
            "id", "link"} <= set(icon_names())
    for name in icon_names():
        data = icon_path(name)
        assert data and re.fullmatch(r"[MmLlHhVvCcSsQqTtAaZz0-9. -]+", data), name
        assert not re.search(r"(?<![\d])\.\d", data)  # 0.5, never .5 (pgf's parser)
        assert "h 24 v 24" not in data  # Tabler's invisible bounding box is left out
        svg = icon_svg(name)
        assert 'aria-hidden="true"' in svg and 'stroke="currentColor"' in svg
        assert "<text" not in svg and "style=" not in svg
    assert 'style="color: #0b6e75"' in icon_svg("mail", colour="#0b6e75")
    assert "style=" not in icon_svg("mail", colour="red;background:url(x)")
    with pytest.raises(KeyError):
        icon_path("../../etc/passwd")


def test_html_contacts_are_icons_and_short_links_without_emoji():
    page = render(prepare(load(ROOT / "data" / "cv.yaml")), "html").decode()
    header = page.split("<header", 1)[1].split("</header>", 1)[0]
    assert not EMOJI.search(header)
    assert header.count('<svg class="icon" aria-hidden="true"') == 5
    assert ('<a href="https://www.linkedin.com/in/zhiheng-li-ur/">'
            "linkedin.com/in/zhiheng-li-ur</a>") in header
    assert 'title="LinkedIn"' in header
    assert "contact-label" not in header


def test_latex_defines_only_the_icons_it_draws():
    tex = render(prepare(load(ROOT / "data" / "cv.yaml")), "tex").decode()
    defined = re.findall(r"^\\cvdefineicon\{([a-z-]+)\}\{M", tex, re.MULTILINE)
    assert sorted(defined) == ["brand-github", "brand-linkedin", "mail", "phone", "world"]
    assert "\\cvcontact{brand-linkedin}{LinkedIn}{\\cvlink{https://www.linkedin.com/in/" \
           "zhiheng-li-ur/}{linkedin.com/in/zhiheng-li-ur}}" in tex
    assert "\\cvemoji" not in tex.split("\\begin{document}")[1].split("\\cvsection")[0]


def test_text_formats_show_labels_not_icons():
    job = prepare(load(FIXTURES / "links.yaml"))
    md = render(job, "md").decode()
    assert "E-mail: [ada@example.org](mailto:ada@example.org)" in md
    assert "Homepage: [example.org](https://www.example.org/)" in md
    assert "[Google Scholar](https://scholar.google.com/citations?user=aBcDeFgAAAAJ)" in md
    assert "Google Scholar: [Google" not in md
    txt = render(job, "txt").decode()
    assert "Homepage: https://www.example.org/" in txt  # plain text: the address in full
    assert not EMOJI.search(md + txt)


def test_balanced_breaks():
    # fits: no break; 4 + 1 by greedy wrapping becomes 3 + 2; never more lines than greedy
    assert balanced_breaks([10, 10, 10], 1, 40) == frozenset()
    assert balanced_breaks([10, 10, 10, 10, 10], 1, 45) == {3}
    assert balanced_breaks([30, 5, 5, 5, 5, 5], 1, 40) == {1}
    assert balanced_breaks([12, 12, 12, 12, 12, 12, 12], 1, 40) == {3, 5}


def test_the_printed_contact_line_is_planned_to_balance():
    """data/cv.yaml's five contacts take two lines in classic: 3 + 2, not 4 + 1."""
    job = prepare(load(ROOT / "data" / "cv.yaml"), "classic")
    from cvtool.renderers.html import render_html
    page = render_html(job.doc, job.theme, job.design, for_print=True)
    items = re.findall(r'<li class="contact [^"]*"', page)
    assert [("line-start" in item) for item in items] == [False, False, False, True, False]
    assert "line-start" not in render(job, "html").decode().split("<header", 1)[1]


def test_a_template_naming_an_unknown_icon_is_told():
    from jinja2 import TemplateRuntimeError

    from cvtool.renderers.html import _icon
    with pytest.raises(TemplateRuntimeError, match="no bundled icon 'nope'"):
        _icon({}, "nope")  # type: ignore[arg-type]


def test_a_three_digit_accent_colours_the_pdfs_icons(tmp_path):
    """design.accent may be #rgb: the PDF's icons (SVG backgrounds) take it as #rrggbb."""
    import base64

    from cvtool.renderers.pdf import pdf_request

    source = tmp_path / "cv.yaml"
    source.write_text("name: Short Accent\ncontact: {email: a@b.org}\n"
                      "design: {accent: '#1f5'}\n", encoding="utf-8")
    job = prepare(load(source), "modern")  # modern's icons are in the accent
    html = pdf_request(job.doc, job.theme, job.design, job.cv_dir).html
    svgs = [base64.b64decode(data).decode() for data in
            re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)]
    assert svgs and all('stroke="#11ff55"' in svg for svg in svgs)
    assert render(job, "pdf").startswith(b"%PDF")
