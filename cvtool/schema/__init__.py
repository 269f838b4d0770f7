"""The CV schema: Pydantic models, strict, with descriptions that feed the JSON Schema."""

from cvtool.schema.cv import SECTION_KINDS, Contact, Cv, Design
from cvtool.schema.dates import CvDate, DateRange
from cvtool.schema.entries import (
    ET_AL,
    Bullet,
    Education,
    Experience,
    Generic,
    LabelledList,
    Position,
    Project,
    Publication,
)
from cvtool.schema.inference import infer_kind, kind_from_title

__all__ = [
    "ET_AL",
    "SECTION_KINDS",
    "Bullet",
    "Contact",
    "Cv",
    "CvDate",
    "DateRange",
    "Design",
    "Education",
    "Experience",
    "Generic",
    "LabelledList",
    "Position",
    "Project",
    "Publication",
    "infer_kind",
    "kind_from_title",
]
