"""Which kind of section a person wrote, from its entries' fields, under any title.

A section written without ``kind:`` is read as the kind whose entries accept every field
written (aliases and short forms included) and have their required fields; the title's
words, in the languages cvtool ships, only break ties (``organization`` and ``position``
fit a job and volunteer work alike). When nothing fits, the closest kind is chosen so that
validation can then name the field that does not belong ("unknown key `instituton`, did
you mean `institution`?") instead of saying nothing more than "unknown kind".
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel

from cvtool.schema import kinds as k
from cvtool.schema.entries import (
    _FIELD_LIKE,
    Bullet,
    Education,
    Experience,
    Generic,
    LabelledList,
    Project,
    Publication,
    Record,
)

# The entry model of each kind, in the order that breaks a tie no title settles.
ENTRY_MODELS: dict[str, type[BaseModel]] = {
    "education": Education,
    "experience": Experience,
    "project": Project,
    "publication": Publication,
    "text": Bullet,
    "skills": LabelledList,
    "award": k.Award,
    "certification": k.Certification,
    "language": k.Language,
    "talk": k.Talk,
    "teaching": k.Teaching,
    "grant": k.Grant,
    "supervision": k.Supervision,
    "patent": k.Patent,
    "membership": k.Membership,
    "volunteering": k.Volunteering,
    "reference": k.Reference,
    "interest": k.Interest,
    "service": LabelledList,
    "generic": Generic,
}

# Words of a title that suggest a kind, lowercased, checked in this order (so "Teaching
# Experience" is teaching and "Programming Languages" skills). English, German, French,
# Spanish, Italian, Portuguese, Dutch, Chinese, Japanese, Korean, Russian, Arabic, Hebrew.
TITLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("skills", ("programming lang", "programmiersprach", "langages de prog",
                "lenguajes de prog", "linguaggi di prog", "linguagens de prog", "编程语言",
                "プログラミング言語", "языки програм")),
    ("teaching", ("teaching", "courses taught", "lehre", "lehrtätigkeit", "enseignement",
                  "docencia", "enseñanza", "insegnamento", "didattica", "docência", "ensino",
                  "onderwijs", "教学", "教學", "授業", "강의", "преподава", "تدريس", "הוראה")),
    ("volunteering", ("volunteer", "ehrenamt", "freiwillig", "bénévol", "voluntari",
                      "volontari", "vrijwillig", "志愿", "志願", "ボランティア", "봉사",
                      "волонт", "تطوع", "התנדב")),
    ("supervision", ("supervis", "mentoring", "mentees", "students", "advising", "betreu",
                     "encadrement", "dirección de tesis", "tesis dirigidas", "orientaç",
                     "begeleid", "指导", "指導", "지도", "руководств", "إشراف", "הנחי")),
    ("project", ("project", "projekt", "projet", "proyecto", "progett", "projeto", "项目",
                 "項目", "プロジェクト", "프로젝트", "проект", "مشاريع", "פרויקט")),
    ("publication", ("publication", "paper", "publikation", "veröffentlichung", "publicación",
                     "pubblicazion", "publicaç", "bibliograph", "论文", "論文", "发表",
                     "著作", "논문", "публикац", "منشورات", "פרסומים")),
    ("patent", ("patent", "brevet", "brevett", "专利", "專利", "特許", "특허", "патент",
                "براءات", "פטנט")),
    ("grant", ("grant", "funding", "förder", "drittmittel", "financement", "subvention",
               "financiación", "finanziament", "financiamento", "subsidie", "基金", "资助",
               "資助", "助成", "연구비", "грант", "финансир", "منح", "מענק")),
    ("award", ("award", "honor", "honour", "prize", "achievement", "distinction",
               "scholarship", "fellowship", "auszeichnung", "preis", "ehrung", "stipendi",
               "prix", "récompense", "premio", "premi", "prêmio", "prijs", "onderscheiding",
               "奖", "獎", "受賞", "賞", "수상", "награ", "премии", "جوائز", "פרסים")),
    ("certification", ("certif", "licens", "licenc", "zertifi", "lizenz", "certificado",
                       "certificazion", "certificaç", "证书", "證書", "資格", "자격",
                       "сертифик", "شهادات", "הסמכ")),
    ("talk", ("talk", "presentation", "lecture", "keynote", "seminar", "vortr", "präsentation",
              "exposé", "communications", "charla", "ponencia", "conferenze", "palestra",
              "lezing", "报告", "講演", "演讲", "발표", "доклад", "выступлен", "محاضر",
              "הרצא")),
    ("membership", ("membership", "affiliation", "societ", "mitgliedschaft", "adhésion",
                    "membre", "membresía", "afiliación", "iscrizion", "afiliaç",
                    "lidmaatschap", "会员", "會員", "所属学会", "회원", "членств", "عضوي",
                    "חברות")),
    ("reference", ("reference", "referee", "referenz", "référence", "referencia",
                   "referenze", "referência", "推荐人", "推薦", "照会", "추천인",
                   "рекоменда", "مراجع", "ממליצ")),
    ("service", ("service", "reviewer", "reviewing", "gutacht", "servizio", "servicio",
                 "serviço", "服务", "服務", "査読", "봉사활동", "рецензир")),
    ("language", ("language", "sprache", "langue", "idioma", "lingue", "língua", "talen",
                  "语言", "語言", "言語", "언어", "язык", "لغات", "שפות")),
    ("skills", ("skill", "technolog", "tools", "competenc", "expertise", "kenntnisse",
                "fähigkeit", "kompetenz", "compétence", "habilidad", "competenz",
                "competência", "habilidade", "vaardighed", "技能", "スキル", "기술", "навык",
                "مهارات", "כישורים")),
    ("interest", ("interest", "interes", "intérêt", "hobb", "leisure", "passion", "freizeit",
                  "loisir", "aficion", "interess", "兴趣", "興趣", "趣味", "관심", "취미",
                  "увлечен", "хобби", "اهتمامات", "תחביב")),
    ("education", ("education", "academic background", "qualification", "ausbildung",
                   "studium", "bildung", "formation", "éducation", "educación", "formación",
                   "istruzione", "formazione", "educação", "formação", "opleiding", "教育",
                   "学历", "學歷", "学歴", "학력", "образован", "تعليم", "השכלה")),
    ("experience", ("experience", "employment", "work history", "career", "internship",
                    "positions", "appointments", "erfahrung", "beruf", "praktik",
                    "expérience", "emploi", "stage", "experiencia", "esperienz",
                    "experiência", "werkervaring", "经历", "經歷", "工作", "経験", "職歴",
                    "경력", "опыт", "خبرة", "ניסיון")),
    ("text", ("summary", "about", "profile", "objective", "statement", "overview",
              "zusammenfassung", "profil", "über mich", "résumé", "perfil", "sommario",
              "简介", "簡介", "概要", "자기소개", "о себе", "نبذة", "תקציר")),
)


def kind_from_title(title: str) -> str | None:
    """The kind a section's title suggests, if any of its words is known."""
    lowered = title.casefold()
    return next((kind for kind, words in TITLE_WORDS if any(w in lowered for w in words)),
                None)


def _keys(entry: dict[Any, Any], model: type[BaseModel]) -> set[Any]:
    aliases: dict[str, str] = getattr(model, "ALIASES", {})
    return {aliases.get(key, key) if isinstance(key, str) else key for key in entry}


def _is_pair(entry: dict[Any, Any], model: type[BaseModel]) -> bool:
    """A one-key ``Label: text`` (or ``Label: [items]``) entry the model reads as a label."""
    if len(entry) != 1:
        return False
    ((key, value),) = entry.items()
    if not isinstance(key, str) or key in model.model_fields or _FIELD_LIKE.match(key):
        return False
    if model is LabelledList or model is k.Interest:
        return isinstance(value, list | str)
    if model is Bullet or (issubclass(model, Record) and model.PRIMARY):
        return isinstance(value, str)
    return False


def _takes_strings(model: type[BaseModel]) -> bool:
    return model in (Bullet, LabelledList) or (issubclass(model, Record) and bool(model.PRIMARY))


def accepts(model: type[BaseModel], entry: Any) -> bool:
    """Whether ``entry`` reads as this kind of entry: every field known, required ones there."""
    if isinstance(entry, str):
        return _takes_strings(model)
    if not isinstance(entry, dict):
        return False
    if _is_pair(entry, model):
        return True
    keys = _keys(entry, model)
    fields = model.model_fields
    required = {name for name, info in fields.items() if info.is_required()}
    return keys <= set(fields) and required <= keys


def _overlap(model: type[BaseModel], entries: list[Any]) -> int:
    return sum(len(_keys(e, model) & set(model.model_fields)) for e in entries
               if isinstance(e, dict))


def closest_kind(entries: list[Any]) -> str | None:
    """The kind whose fields the entries' keys come closest to, counting a misspelt field
    (``organisaton``) as up to half a match; None when no key is even close. Used to report a
    section's other mistakes when its kind cannot be told."""
    def score(model: type[BaseModel]) -> float:
        fields = list(model.model_fields)
        total = 0.0
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            for key in _keys(entry, model):
                if not isinstance(key, str):
                    continue
                if key in model.model_fields:
                    total += 1
                else:
                    close = difflib.get_close_matches(key, fields, n=1, cutoff=0.8)
                    if close:
                        total += difflib.SequenceMatcher(None, key, close[0]).ratio() / 2
        return total

    scores = {kind: score(model) for kind, model in ENTRY_MODELS.items()}
    best = max(scores, key=lambda kind: scores[kind])
    return best if scores[best] else None


_BLANK = re.compile(r"\s*")


def infer_kind(title: str, entries: list[Any]) -> str | None:
    """The kind of a section written without ``kind:`` (None: nothing comes close)."""
    hinted = kind_from_title(title) if isinstance(title, str) else None
    fitting = [kind for kind, model in ENTRY_MODELS.items()
               if all(accepts(model, entry) for entry in entries)]
    if fitting:
        if hinted in fitting:
            return hinted
        if all(isinstance(e, str) for e in entries) or not entries:
            return hinted if hinted else "text"
        return fitting[0]
    if hinted is not None:
        return hinted
    best = max(ENTRY_MODELS, key=lambda kind: _overlap(ENTRY_MODELS[kind], entries))
    return best if _overlap(ENTRY_MODELS[best], entries) else None
