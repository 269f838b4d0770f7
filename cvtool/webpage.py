"""What a standalone web page says about itself besides the CV: its description for search
engines and link previews (``<meta name="description">``, Open Graph), and its links to the
build's other outputs (the PDF, the other languages and variants).

Pure: the file names come from :class:`cvtool.job.PageLinks`, made by the build; language
names come from CLDR (Babel), each in its own language ("Deutsch", "français"), as a
language switcher shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cvtool import markup
from cvtool.document import Document
from cvtool.job import PageLinks

DESCRIPTION_LENGTH = 200  # what search engines and link previews show, roughly


@dataclass(frozen=True)
class PageLink:
    href: str
    text: str
    lang: str | None = None  # hreflang: the language of the page it leads to


@dataclass(frozen=True)
class WebPage:
    description: str
    locale: str  # Open Graph's ll_TT
    locale_alternates: tuple[str, ...] = ()
    pdf: str | None = None
    links: tuple[PageLink, ...] = ()  # other languages, then other variants
    alternates: tuple[PageLink, ...] = ()  # every language's page, this one included


def description(doc: Document) -> str:
    """The headline and the summary as plain text, cut at a word near
    :data:`DESCRIPTION_LENGTH`; a CV with neither is described by its subject ("Curriculum
    vitae of ...") and its keywords (research interests, skills)."""
    parts = [markup.to_text(doc.headline).strip(), markup.to_text(doc.summary).strip()]
    if not any(parts):
        parts = [doc.words.subject, ", ".join(doc.keywords)]
    text = " — ".join(" ".join(p.split()) for p in parts if p)
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    cut = text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:—–-")
    return cut + "…"


@lru_cache(maxsize=64)
def language_name(tag: str) -> str:
    """A language's name in that language, capitalised as a menu item ("Français")."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(tag, sep="-").get_display_name(tag.replace("-", "_")) or tag
    except (UnknownLocaleError, ValueError, TypeError):
        return tag
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=64)
def og_locale(tag: str) -> str:
    """Open Graph's ``language_TERRITORY`` (``en`` -> ``en_US``, ``de`` -> ``de_DE``), the
    territory CLDR finds likeliest."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        locale = Locale.parse(tag, sep="-")
        if locale.territory is None:
            subtags = get_global("likely_subtags")  # zh_Hant -> zh_Hant_TW, de -> de_Latn_DE
            likely = subtags.get(str(locale)) or subtags.get(locale.language)
            if likely:
                locale = Locale.parse(likely)
    except (UnknownLocaleError, ValueError, TypeError):
        return tag.replace("-", "_")
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def _title(name: str) -> str:
    """A variant's key as a link's text: ``resume`` -> ``Resume``."""
    return name[:1].upper() + name[1:]


def web_page(doc: Document, links: PageLinks | None) -> WebPage:
    """The web page's view of itself and of its siblings."""
    links = links or PageLinks()
    others = [PageLink(href, language_name(lang), lang)
              for lang, href in links.languages if lang != doc.lang]
    others += [PageLink(href, doc.words.full if variant is None else _title(variant))
               for variant, href in links.variants if variant != links.variant]
    alternates = tuple(PageLink(href, language_name(lang), lang)
                       for lang, href in links.languages)
    return WebPage(description(doc), og_locale(doc.lang),
                   tuple(og_locale(lang) for lang, _ in links.languages if lang != doc.lang),
                   links.pdf, tuple(others), alternates)
