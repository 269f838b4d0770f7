"""The kinds of entry a CV section holds. Each accepts the short form a person would type
(a bare string for a bullet or a position) as well as the full mapping."""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from cvtool.schema.common import (
    Date,
    Dates,
    Markup,
    RequiredMarkup,
    Strict,
    Tags,
    Text,
    TextList,
    Url,
    one_or_many,
    strip_doi_resolver,
)


class Selectable(Strict):
    """Fields every entry and bullet carries so that variants can select content."""

    tags: Tags = Field(
        default_factory=list,
        description="Labels that variants use to include or exclude this item.",
        examples=[["resume"]],
    )
    priority: int = Field(
        0,
        description="Higher is more important; résumé fitting drops the lowest first.",
        examples=[2, -1],
    )
    keep: bool = Field(
        False, description="Never drop this item when fitting a page limit.", examples=[True]
    )
    private: bool = Field(
        False, description="Left out of public builds (`--public`, a variant's `public: "
        "true`), from every format and its metadata.", examples=[True]
    )


_BULLET_FIELDS = frozenset({"text", "label", "tags", "priority", "keep", "private"})


class Bullet(Selectable):
    """One bullet point. ``- Problem Setup: text`` is a labelled bullet."""

    text: RequiredMarkup = Field(
        description="The bullet's text, with inline markup.",
        examples=["Designed and built the **data pipeline**."],
    )
    label: str | None = Field(
        None, description="A bold lead-in such as `Method`.", examples=["Problem Setup"]
    )

    @model_validator(mode="before")
    @classmethod
    def _short_forms(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"text": data}
        if isinstance(data, dict) and len(data) == 1:
            ((key, value),) = data.items()
            if (
                isinstance(key, str)
                and key not in _BULLET_FIELDS
                and not key[:1].islower()  # `Method:`, `方法:`; not a mistyped `txt:`
                and isinstance(value, str)
            ):
                return {"label": key, "text": value}
        return data


Highlights = list[Bullet]
Links = dict[str, Url]

EXTENSIONS_DESCRIPTION = (
    "Fields from an imported source (JSON Resume, BibTeX) that cvtool has no place for, "
    "under the source's name. Not shown; kept so that exporting gives them back."
)
EXTENSIONS_EXAMPLES = [{"jsonresume": {"level": "Master"}}, {"bibtex": {"publisher": "IEEE"}}]


class Position(Strict):
    """A role held at an organization; dates are optional when the entry has its own."""

    title: Text = Field(description="The role.", examples=["Applied Scientist II"])
    dates: Dates | None = Field(
        None, description="When this role was held.", examples=["Aug 2018 – Jul 2023"]
    )

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        return {"title": data} if isinstance(data, str) else data



# A `- Label: text` pair names an entry and says one thing about it; a key written like a
# field name (lowercase, underscores) is not a label, so that a mistyped field is reported
# as unknown rather than read as a label.
_FIELD_LIKE = re.compile(r"^[a-z][a-z0-9_]*$")


class Record(Selectable):
    """Fields every kind of entry shares: place, bullets, links, a description.

    ``PRIMARY`` names the field a bare string fills (``- Best Paper Award``), ``PAIR`` the
    field the text of a ``- Label: text`` pair fills (the label fills ``PRIMARY``), and
    ``ALIASES`` the other names people give fields (``issuer`` for ``awarder``)."""

    PRIMARY: ClassVar[str] = ""
    PAIR: ClassVar[str] = "description"
    ALIASES: ClassVar[dict[str, str]] = {}

    location: str | None = Field(
        None, description="City, region, country.", examples=["Seattle, WA, USA"]
    )
    highlights: Highlights = Field(
        default_factory=list,
        description="Bullet points; `- Label: text` gives a labelled bullet.",
        examples=[["Tech lead on video generation data.", {"Method": "We propose ..."}]],
    )
    links: Links = Field(
        default_factory=dict,
        description="Label to URL, e.g. {code: https://github.com/...}.",
        examples=[{"code": "https://github.com/user/repo"}],
    )
    description: Markup | None = Field(
        None,
        description="A short paragraph under the heading; inline markup allowed.",
        examples=["Awarded for the best paper of the year."],
    )
    extensions: dict[str, Any] = Field(
        default_factory=dict, description=EXTENSIONS_DESCRIPTION, examples=EXTENSIONS_EXAMPLES
    )

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """``date:`` is accepted for a single date wherever ``dates:`` is (a kind with a
        ``date`` field of its own keeps it)."""
        super().__pydantic_init_subclass__(**kwargs)
        if "dates" in cls.model_fields and "date" not in cls.model_fields:
            cls.ALIASES = {"date": "dates", **cls.ALIASES}

    @model_validator(mode="before")
    @classmethod
    def _record_forms(cls, data: Any) -> Any:
        if isinstance(data, str) and cls.PRIMARY:
            return {cls.PRIMARY: data}
        if not isinstance(data, dict):
            return data
        if cls.PRIMARY and len(data) == 1:
            ((key, value),) = data.items()
            if (isinstance(key, str) and isinstance(value, str) and key not in cls.model_fields
                    and key not in cls.ALIASES and not _FIELD_LIKE.match(key)):
                return {cls.PRIMARY: key, cls.PAIR: value}
        if any(key in cls.ALIASES for key in data):
            return canonical_keys(data, cls.ALIASES)
        return data


def canonical_keys(data: dict[Any, Any], aliases: dict[str, str]) -> dict[Any, Any]:
    """Rename aliased keys to the field's own name; when both are written, both stay, so
    that validation reports the alias as unknown rather than one silently winning."""
    renamed: dict[Any, Any] = {}
    for key, value in data.items():
        target = aliases.get(key, key) if isinstance(key, str) else key
        if target != key and (target in data or target in renamed):
            target = key
        renamed[target] = value
    return renamed


class Entry(Record):
    """A dated entry: education, a job, a project, a custom item."""

    dates: Dates | None = Field(
        None,
        examples=["Aug 2018 – Jul 2023"],
        description="When: `2020`, `Aug 2018 – Jul 2023`, `2021-06 – present`.",
    )


class Education(Entry):
    institution: Text = Field(
        description="School or university.", examples=["University of Rochester"]
    )
    degree: str | None = Field(
        None, examples=["Ph.D. in Computer Science"], description="Degree and subject."
    )
    advisor: str | None = Field(None, examples=["Chenliang Xu"], description="Thesis advisor.")
    thesis: Markup | None = Field(
        None, description="Thesis title.", examples=["Shortcut Learning in Vision Models"]
    )
    grade: str | None = Field(None, description="GPA or classification.", examples=["3.9/4.0"])
    courses: TextList = Field(
        default_factory=list,
        description="Courses taken, shown comma-separated.",
        examples=[["CS2011 - Java Introduction"]],
    )


class Experience(Entry):
    """A job or internship: one organization, possibly several positions held there."""

    ALIASES: ClassVar[dict[str, str]] = {"position": "positions"}

    organization: Text = Field(
        examples=["Amazon AGI"], description="Employer or host organization.")
    team: str | None = Field(
        None,
        examples=["Nova Vision Skill team"],
        description="Team or group, shown after the organization.",
    )
    positions: Annotated[list[Position], BeforeValidator(one_or_many)] = Field(
        default_factory=list,
        description="Roles, most recent first.",
        examples=[["Senior Applied Scientist", "Applied Scientist II"]],
    )
    project: Markup | None = Field(
        None,
        examples=["**Training Data for Amazon Nova Reel**"],
        description="What the work was about; inline markup allowed.",
    )
    mentors: TextList = Field(
        default_factory=list,
        examples=[["Ivan Evtimov", "Mark Ibrahim"]],
        description="Mentors or supervisors.",
    )


class Project(Entry):
    title: RequiredMarkup = Field(
        examples=["Unknown Bias Discovery and Mitigation"], description="The entry's title."
    )
    role: str | None = Field(
        None, examples=["Lead author"], description="Your role in the project."
    )


class LabelledList(Selectable):
    """A label and its items (``Conference Reviewer: NeurIPS'20, CVPR'21``), or bare items."""

    label: str | None = Field(
        None, examples=["Conference Reviewer"], description="The label shown before the items."
    )
    items: TextList = Field(
        examples=[["NeurIPS'20", "CVPR'21"]], description="The items, shown comma-separated."
    )
    extensions: dict[str, Any] = Field(
        default_factory=dict, description=EXTENSIONS_DESCRIPTION, examples=EXTENSIONS_EXAMPLES
    )

    @model_validator(mode="before")
    @classmethod
    def _short_forms(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"items": [data]}
        if isinstance(data, dict) and len(data) == 1:
            ((key, value),) = data.items()
            if (
                isinstance(key, str)
                and key not in {"label", "items", "tags", "extensions", "private"}
                and isinstance(value, list | str)
            ):
                return {"label": key, "items": value}
        return data


PublicationKind = Literal[
    "conference",
    "journal",
    "workshop",
    "preprint",
    "thesis",
    "book",
    "chapter",
    "patent",
    "report",
    "talk",
    "other",
]
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_ARXIV = re.compile(r"^(\d{4}\.\d{4,5}(v\d+)?|[a-z-]+(\.[A-Z]{2})?/\d{7})$")
ET_AL = frozenset({"et al.", "et al", "others"})


class Publication(Selectable):
    title: Text = Field(
        examples=["Lip Movements Generation at a Glance"], description="The entry's title."
    )
    authors: TextList = Field(
        description="In order. End with `et al.` when the list is truncated.",
        examples=[["Lele Chen", "Zhiheng Li", "Chenliang Xu"]],
    )
    venue: str | None = Field(
        None,
        examples=["ECCV", "arXiv preprint arXiv:2412.12391"],
        description="Conference, journal or archive, as it should read.",
    )
    kind: PublicationKind = Field(
        "conference",
        description="Decides how the venue reads: `In CVPR` for a conference, not for a journal.",
        examples=["journal", "preprint"],
    )
    year: int | None = Field(
        None, ge=1000, le=2200, examples=[2018],
        description="Year of publication (or give `date`)."
    )
    date: Date | None = Field(None, description="Full date when known.", examples=["2022-07-04"])
    equal_contribution: TextList = Field(
        default_factory=list,
        description="Authors who contributed equally (marked *).",
        examples=[["Lele Chen", "Zhiheng Li"]],
    )
    corresponding: TextList = Field(
        default_factory=list,
        description="Corresponding authors (marked †).",
        examples=[["Chenliang Xu"]],
    )
    equal_advising: TextList = Field(
        default_factory=list,
        description="Authors who advised equally (marked ‡).",
        examples=[["Chenliang Xu", "Ross K Maddox"]],
    )
    volume: str | None = Field(
        None, description="Journal or series volume.", examples=["11"]
    )
    number: str | None = Field(
        None, description="Issue or report number.", examples=["4"]
    )
    pages: str | None = Field(
        None, description="Page range or article number.", examples=["20071–20082"]
    )
    doi: str | None = Field(
        None, examples=["10.1039/D0SC02458A"], description="DOI, linked to doi.org."
    )
    arxiv: str | None = Field(
        None, examples=["2412.12391"], description="arXiv identifier, linked to arxiv.org."
    )
    links: Links = Field(
        default_factory=dict,
        description="Label to URL: paper, code, project.",
        examples=[{"code": "https://github.com/user/repo"}],
    )
    code_available: bool = Field(
        False, description="Code is public even if no link is known.", examples=[True]
    )
    abstract: str | None = Field(
        None,
        description="The abstract, shown by themes that show abstracts.",
        examples=["We study ..."],
    )
    categories: TextList = Field(
        default_factory=list,
        examples=[["cs.LG"]],
        description="Subject categories, such as arXiv's.",
    )
    metrics: dict[str, int | float | str] = Field(
        default_factory=dict,
        description="Per-paper numbers such as citations or a score.",
        examples=[{"citations": 120, "score": 18.8}],
    )
    note: str | None = Field(
        None, description="A short remark shown after the venue.", examples=["amazon-science"]
    )
    selected: bool = Field(
        False, description="Shown in selected-publication lists.", examples=[True]
    )
    key: str | None = Field(
        None,
        description="Citation key (a BibTeX entry's key), for `selected:` lists and `[@key]` "
        "cross-references from text.",
        examples=["li2023whac"],
    )
    extensions: dict[str, Any] = Field(
        default_factory=dict, description=EXTENSIONS_DESCRIPTION, examples=EXTENSIONS_EXAMPLES
    )

    @model_validator(mode="after")
    def _consistent(self) -> Publication:
        if self.year is not None and self.date is not None and self.date.year != self.year:
            raise PydanticCustomError(
                "cv_date",
                "year {year} does not match date {date}",
                {"year": self.year, "date": self.date.iso()},
            )
        return self

    @field_validator("doi")
    @classmethod
    def _doi(cls, value: str | None) -> str | None:
        if value is None:
            return None
        doi = strip_doi_resolver(value)  # https://doi.org/10.1/x is the DOI 10.1/x
        if not _DOI.match(doi):
            raise PydanticCustomError(
                "cv_doi", "`{doi}` is not a DOI (10.NNNN/...)", {"doi": value[:80]}
            )
        return doi

    @field_validator("arxiv")
    @classmethod
    def _arxiv(cls, value: str | None) -> str | None:
        if value is not None and not _ARXIV.match(value):
            raise PydanticCustomError(
                "cv_arxiv", "`{id}` is not an arXiv identifier", {"id": value[:80]}
            )
        return value

    @field_validator("equal_contribution", "corresponding", "equal_advising")
    @classmethod
    def _marked_authors(cls, names: list[str], info: ValidationInfo) -> list[str]:
        listed = set(info.data.get("authors", ()))
        for name in names:
            if listed and name not in listed:
                raise PydanticCustomError(
                    "cv_author", "`{name}` is not among the authors", {"name": name}
                )
        return names

    @property
    def year_value(self) -> int | None:
        """The year from ``year`` or ``date``; None for an undated paper (exports such as
        Google Scholar's have them: shown without a year, sorted as the oldest)."""
        if self.year is not None:
            return self.year
        return self.date.year if self.date is not None else None


class Generic(Entry):
    """An entry for custom sections (awards, talks, teaching...)."""

    title: RequiredMarkup = Field(examples=["Best Paper Award"], description="The entry's title.")
    subtitle: Markup | None = Field(
        None, examples=["CVPR 2023"], description="A second line: venue, issuer, role."
    )
