"""The CV document: the person, their contacts, sections in the order written, design."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    Discriminator,
    Field,
    PrivateAttr,
    StringConstraints,
    Tag,
    ValidatorFunctionWrapHandler,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from cvtool.schema.common import BibPath, ImagePath, Markup, Strict, Text, Url, text_list
from cvtool.schema.design import (
    DateStyle,
    DesignColors,
    DesignOptions,
    MissingGlyphs,
    PageSize,
)
from cvtool.schema.entries import (
    EXTENSIONS_DESCRIPTION,
    EXTENSIONS_EXAMPLES,
    Bullet,
    Education,
    Experience,
    Generic,
    LabelledList,
    Project,
    Publication,
)
from cvtool.schema.inference import ENTRY_MODELS, infer_kind
from cvtool.schema.variants import Variant

# An address and nothing more: one @, no spaces, no `?query`, no <>, quotes or brackets,
# and a dotted domain (a malformed one, `a@b..org`, is left to lint's CV413 to explain).
_EMAIL = re.compile(r"^[^@\s?<>()\[\]\\,;:\"]+@[\w-][\w.-]*\.[\w-]+$")
_ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
_HANDLE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98})$")


def _url_or_handle(value: str) -> str:
    if value.startswith(("http://", "https://")) or _HANDLE.match(value):
        return value
    raise PydanticCustomError(
        "cv_url", "`{value}` is neither an http(s) link nor a user name", {"value": value[:80]}
    )


class Link(Strict):
    label: Text = Field(examples=["Blog"], description="The label shown before the items.")
    url: Url = Field(description="An http(s) or mailto link.", examples=["https://example.org"])


class Contact(Strict):
    """Ways to reach the person. Profiles take a user name or the full link, as preferred."""

    email: str | None = Field(
        None, examples=["zhiheng.li@ieee.org"], description="E-mail address, linked with mailto:."
    )
    phone: str | None = Field(
        None,
        examples=["+1-585-555-0199"],
        description="Phone number as it should be shown; linked with tel:.",
    )
    homepage: Url | None = Field(
        None, description="Personal website.", examples=["https://zhiheng.li"]
    )
    github: str | None = Field(
        None, examples=["zhihengli-UR"], description="GitHub user name or profile link."
    )
    linkedin: str | None = Field(
        None,
        examples=["zhiheng-li-ur"],
        description="LinkedIn profile name (the part after /in/) or full link.",
    )
    scholar: str | None = Field(
        None, description="Google Scholar user id or profile link.", examples=["aBcDeFgAAAAJ"]
    )
    orcid: str | None = Field(None, examples=["0000-0002-1825-0097"], description="ORCID iD.")
    links: list[Link] = Field(
        default_factory=list,
        description="Any other labelled link.",
        examples=[{"code": "https://github.com/user/repo"}],
    )
    _order: list[str] = PrivateAttr(default_factory=list)

    @model_validator(mode="wrap")
    @classmethod
    def _remember_order(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Contact:
        """Contacts are shown in the order written, so keep that order."""
        contact = handler(data)
        if isinstance(data, dict):
            contact._order = [key for key in data if key in cls.model_fields]
        return contact

    def in_order(self) -> list[str]:
        """Field names that are set, in the order the author wrote them."""
        written = [k for k in self._order if getattr(self, k)]
        return written + [
            k for k in type(self).model_fields if k not in written and getattr(self, k)
        ]

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise PydanticCustomError("cv_email", "`{v}` is not an e-mail address",
                                      {"v": value[:80]})
        return value

    @field_validator("github", "linkedin", "scholar")
    @classmethod
    def _profile(cls, value: str | None) -> str | None:
        return None if value is None else _url_or_handle(value)

    @field_validator("orcid")
    @classmethod
    def _orcid(cls, value: str | None) -> str | None:
        if value is not None and not _ORCID.match(value.removeprefix("https://orcid.org/")):
            raise PydanticCustomError(
                "cv_orcid", "`{v}` is not an ORCID iD (0000-0000-0000-0000)", {"v": value}
            )
        return value


class Design(DesignOptions):
    """How the CV looks: theme, paper, date style and the typographic options. Only
    validated values ever reach CSS or LaTeX."""

    theme: str = Field(
        "classic",
        description="A built-in theme or a theme folder.",
        examples=["classic", "modern", "compact"],
    )
    page_size: PageSize = Field("A4", description="Paper size.", examples=["A4", "Letter"])
    dates: DateStyle = Field(
        "as-written",
        description="How dates are shown: as written, `Aug 2018`, `August 2018` or `2018-08`.",
        examples=["short"],
    )
    colors: DesignColors | None = Field(  # type: ignore[valid-type]
        None,
        description="Colours of the theme's roles (name, section_title, link, ...), each "
        "#rgb, #rrggbb or `accent`, overriding the theme's.",
        examples=[{"section_title": "#123456", "link": "accent"}],
    )
    missing_glyphs: MissingGlyphs = Field(
        "error",
        description="A character no available font can draw: `error` stops a PDF build at "
        "the field that holds it (CV201); `box` builds anyway and warns (WeasyPrint prints "
        "an empty box; so does XeLaTeX, or older versions leave a gap).",
        examples=["box"],
    )


KIND = ("What the entries are; when omitted, inferred from their fields (the title's "
        "words break ties).")
ENTRIES = "The section's entries, in the order shown."


class SectionBase(Strict):
    title: str | None = Field(
        None, description="Shown instead of the section's key.", examples=["Selected Publications"]
    )
    private: bool = Field(
        False, description="Leave the whole section out of public builds.", examples=[True]
    )
    tags: list[str] = Field(
        default_factory=list,
        description="Labels that variants use to include or exclude this item.",
        examples=[["resume"]],
    )


class EducationSection(SectionBase):
    kind: Literal["education"] = Field(description=KIND)
    entries: list[Education] = Field(description=ENTRIES)


class ExperienceSection(SectionBase):
    kind: Literal["experience"] = Field(description=KIND)
    entries: list[Experience] = Field(description=ENTRIES)


class ProjectSection(SectionBase):
    kind: Literal["project"] = Field(description=KIND)
    entries: list[Project] = Field(description=ENTRIES)


class PublicationSection(SectionBase):
    kind: Literal["publication"] = Field(description=KIND)
    entries: list[Publication] = Field(
        default_factory=list,
        description="The section's entries; entries from `bibtex` files follow them.",
    )
    bibtex: Annotated[list[BibPath], BeforeValidator(text_list)] = Field(
        default_factory=list,
        description="BibTeX files (relative to this file) whose entries are added after the "
        "written ones, leaving out any with the DOI or title of one already listed.",
        examples=[["papers.bib"]],
    )
    strict: bool = Field(
        False,
        description="An entry of the `bibtex` files that cannot be read is an error, not a "
        "warning that leaves it out.",
        examples=[True],
    )
    order: Literal["as-written", "newest-first", "oldest-first"] = Field(
        "as-written",
        description="Show entries as written (then .bib entries), or sorted by date.",
        examples=["newest-first"],
    )
    numbering: Literal["ascending", "descending", "none"] = Field(
        "ascending",
        description="[1], [2]... down the list as shown; `descending` counts down, so the "
        "first shown (with newest-first: the newest) has the highest number; or none.",
        examples=["ascending", "descending"],
    )
    group_by: Literal["kind", "year"] | None = Field(
        None,
        description="Show the entries under headings: by kind (Journal Articles, Conference "
        "Papers, ...) or by year. Numbering runs on across groups.",
        examples=["kind", "year"],
    )
    max_authors: int | None = Field(
        None,
        ge=1,
        description="Show at most this many authors, then `et al.`; the CV's owner stays "
        "visible (`A, B, …, Owner, et al.`).",
        examples=[6],
    )
    legend: Literal["inline", "section"] = Field(
        "inline",
        description="Where the meaning of the * and † marks is given: after the marked "
        "authors in each entry, or once under the section.",
        examples=["section"],
    )
    selected: list[str] = Field(
        default_factory=list,
        description="Citation keys of entries to mark as selected (for .bib entries, which "
        "cannot carry `selected: true`).",
        examples=[["li2023whac", "li2022stylet2i"]],
    )
    metrics: dict[str, dict[str, int | float | str]] = Field(
        default_factory=dict,
        description="Per-paper metrics by citation key (for .bib entries, which cannot carry "
        "`metrics:`); an entry's own `metrics:` win. `cvtool import metrics` writes them.",
        examples=[{"li2023whac": {"citations": 42}}],
    )


class ListSection(SectionBase):
    """Skills, interests, services: items, optionally grouped under labels."""

    kind: Literal["skills", "service"] = Field(description=KIND)
    entries: list[LabelledList] = Field(description=ENTRIES)


class TextSection(SectionBase):
    kind: Literal["text"] = Field(description=KIND)
    entries: list[Bullet] = Field(description=ENTRIES)


class GenericSection(SectionBase):
    kind: Literal["generic"] = Field(description=KIND)
    entries: list[Generic] = Field(description=ENTRIES)


def _entry_section(kind: str, model: type[BaseModel], doc: str) -> type[SectionBase]:
    """A section of one of the other kinds of entry: a title, tags and its entries."""
    section: type[SectionBase] = create_model(
        f"{kind.title()}Section", __base__=SectionBase, __doc__=doc,
        kind=(Literal[kind], Field(description=KIND)),  # type: ignore[valid-type]
        entries=(list[model], Field(description=ENTRIES)),  # type: ignore[valid-type]
    )
    return section


# Sections of the kinds whose entries are in :mod:`cvtool.schema.kinds`.
OTHER_SECTIONS: dict[str, type[SectionBase]] = {
    kind: _entry_section(kind, ENTRY_MODELS[kind], doc) for kind, doc in (
        ("award", "Awards, honours, prizes, scholarships."),
        ("certification", "Certificates and licences."),
        ("language", "Languages spoken, with their fluency."),
        ("talk", "Talks and presentations."),
        ("teaching", "Courses taught."),
        ("grant", "Grants and funding won."),
        ("supervision", "Students supervised or mentored."),
        ("patent", "Patents and applications."),
        ("membership", "Memberships of societies and committees."),
        ("volunteering", "Volunteer work."),
        ("reference", "References, or a line such as `Available on request`."),
        ("interest", "Interests, with keywords."),
    )
}

_SECTIONS: dict[str, type[SectionBase]] = {
    "education": EducationSection,
    "experience": ExperienceSection,
    "project": ProjectSection,
    "publication": PublicationSection,
    "skills": ListSection,
    "service": ListSection,
    "text": TextSection,
    **OTHER_SECTIONS,
    "generic": GenericSection,
}
SECTION_KINDS = tuple(_SECTIONS)
SECTION_MODELS: dict[str, type[SectionBase]] = dict(_SECTIONS)
"""The section model of each kind."""


def _section_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        kind = value.get("kind")
        return kind if kind in SECTION_KINDS else None
    return getattr(value, "kind", None)


# Settings only a publication section has: written without `kind:`, they say what it is.
_PUBLICATION_SETTINGS = frozenset(PublicationSection.model_fields) - set(SectionBase.model_fields) \
    - {"kind", "entries"}


def section_kind_written(title: Any, section: dict[str, Any]) -> str | None:
    """The kind of a section in its long form: ``kind:`` if given, else inferred."""
    if "kind" in section:
        return section["kind"] if isinstance(section["kind"], str) else None
    if _PUBLICATION_SETTINGS & set(section):
        return "publication"
    entries = section.get("entries", [])
    return infer_kind(title if isinstance(title, str) else "",
                      entries if isinstance(entries, list) else [])


LONG_FORM_HINT = ("write the section's kind in its long form: `Title: {kind: award, entries: "
                  "[...]}`; kinds: " + ", ".join(SECTION_KINDS))

Section = Annotated[
    Union[tuple(Annotated[model, Tag(kind)] for kind, model in _SECTIONS.items())],  # type: ignore[valid-type]  # noqa: UP007
    Discriminator(
        _section_kind,
        custom_error_type="cv_section_kind",
        custom_error_message="cannot tell what kind of section this is from its entries' "
        "fields or its title",
    ),
]


# A BCP 47 language tag: language, optional script and region (`en`, `de`, `zh-Hant`,
# `pt-BR`), as cvtool.translations reads them.
LanguageTag = Annotated[str, StringConstraints(
    pattern=r"^[a-zA-Z]{2,3}(?:-[a-zA-Z]{4})?(?:-(?:[a-zA-Z]{2}|[0-9]{3}))?$")]


# Markup fields a CV may have read as TeX (``tex_fields``): ``text`` is a line of a text
# section, ``title`` the title of any entry that has one (a project's, an award's, ...).
TexField = Literal["headline", "summary", "text", "title", "description", "highlights",
                   "thesis", "project"]


class Cv(Strict):
    """A whole CV."""

    name: Text = Field(description="Your name as it heads the CV.", examples=["Zhiheng Li"])
    aliases: list[str] = Field(
        default_factory=list,
        description="How your name appears in author lists.",
        examples=[["Z. Li"]],
    )
    headline: Markup | None = Field(
        None,
        examples=["Senior Applied Scientist"],
        description="A line under the name; inline markup allowed.",
    )
    location: str | None = Field(
        None, examples=["Seattle, WA, USA"], description="City, region, country."
    )
    lang: LanguageTag = Field(
        "en", description="The CV's language (BCP 47), when it has one; with `languages`, "
        "the language being built.", examples=["en", "de"])
    languages: list[LanguageTag] = Field(
        default_factory=list,
        description="The languages the CV is written in, the default first. Any text may "
        "then be a mapping from language to text (`{en: Education, de: Ausbildung}`); "
        "`cvtool build` builds each (`out/cv.pdf`, `out/cv.de.pdf`).",
        examples=[["en", "de"]])
    contact: Contact = Field(
        default_factory=Contact,
        description="E-mail, phone and profile links, shown in the order written.",
        examples=[{"email": "zhiheng.li@ieee.org", "homepage": "https://zhiheng.li"}],
    )
    metrics: dict[str, int | float | str] = Field(
        default_factory=dict,
        description="Profile metrics, in the order written.",
        examples=[{"h-index": 34, "citations": 3297}],
    )
    photo: ImagePath | None = Field(
        None,
        description="A photo, as a path relative to this file (themes show it in the header).",
        examples=["photo.jpg"],
    )
    summary: Markup | None = Field(
        None,
        description="A short paragraph under the header; inline markup allowed.",
        examples=["Applied scientist working on **data-centric** generative AI."],
    )
    sections: dict[str, Section] = Field(
        default_factory=dict,
        description="Sections in the order written, under any title. The kind of entry "
        "follows from the entries' fields (the title's words break ties) or from `kind:`.",
        examples=[{"Skills": ["Python", "PyTorch"],
                   "Honours": {"kind": "award", "entries": ["Best Paper Award, CVPR 2023"]}}],
    )
    tex_fields: list[TexField] = Field(
        default_factory=list,
        description="Fields read as TeX, as publication titles, venues and abstracts always "
        "are: text commands (`\\textbf{}`, `\\url{}`, ``` ``quotes'' ```, accents) instead of "
        "Markdown-style markup, for text pasted from a paper; `$...$` math and `[@key]` work "
        "in every markup field anyway.",
        examples=[["description", "highlights"]],
    )
    private: list[str] = Field(
        default_factory=list,
        description="What public builds (`--public`, a variant's `public: true`) leave out: "
        "paths as diagnostics print them, such as `contact.phone`, `location`, "
        "`sections.Experience[0]`, `sections.Experience[0].highlights[2]` or "
        "`sections[\"Research Projects\"][1]`. Entries and bullets may instead say "
        "`private: true`.",
        examples=[["contact.phone", "sections.Experience[0].highlights[2]"]],
    )
    variants: dict[str, Variant] = Field(
        default_factory=dict,
        description="Named selections from this CV, built with `cvtool build --variant NAME`.",
        examples=[{"resume": {"sections": ["Education", "Experience"], "max_pages": 1}}],
    )
    lint: dict[str, Literal["off", "info", "warning", "error"]] = Field(
        default_factory=dict,
        description="`cvtool lint` rule settings: a rule code and `off` or a severity.",
        examples=[{"CV405": "off", "CV402": "error"}],
    )
    design: Design = Field(
        default_factory=Design,
        description="Theme and page options.",
        examples=[{"theme": "modern", "accent": "#1f5f99"}],
    )
    extensions: dict[str, Any] = Field(
        default_factory=dict, description=EXTENSIONS_DESCRIPTION, examples=EXTENSIONS_EXAMPLES
    )

    @model_validator(mode="before")
    @classmethod
    def _section_short_forms(cls, data: Any) -> Any:
        """``Title: [entries]`` is short for ``Title: {kind: <inferred>, entries: [...]}``,
        and ``Title: text`` for a section of one line. The kind follows from the entries'
        fields, the title's words breaking ties (:mod:`cvtool.schema.inference`)."""
        if not isinstance(data, dict) or not isinstance(data.get("sections"), dict):
            return data
        sections = {}
        for title, value in data["sections"].items():
            if isinstance(value, str):
                value = [value]
            if isinstance(value, list):
                value = {"entries": value}
            if isinstance(value, dict) and "kind" not in value:
                kind = section_kind_written(title, value)
                if kind is not None:
                    value = {"kind": kind, **value}
            sections[title] = value
        return {**data, "sections": sections}

    def section_title(self, key: str) -> str:
        return self.sections[key].title or key
