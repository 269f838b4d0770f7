"""Rules for a CV in several languages: a text with no translation into one of them."""

from __future__ import annotations

from collections.abc import Iterator

from cvtool.errors import Diagnostic, Severity, format_path
from cvtool.lint.context import Context
from cvtool.lint.registry import rule
from cvtool.translations import languages_of, translations_in


@rule("CV425", "missing-translation", Severity.WARNING,
      "a text given in some of the CV's `languages:` but not in another: the default "
      "language's text is shown there (a CV in one language has nothing to report)")
def check_translations(ctx: Context) -> Iterator[Diagnostic]:
    data = ctx.loaded.data
    languages = languages_of(data)
    if len(languages) < 2:
        return
    source = ctx.loaded.source
    for path, texts in translations_in(data, languages):
        section_title = len(path) == 3 and path[0] == "sections" and path[2] == "title"
        missing = [lang for lang in languages if lang not in texts
                   and not (section_title and lang == languages[0])]  # the key is its title
        if not missing:
            continue
        fallback = next(f"`{lang}`" for lang in (languages[0], *texts) if lang in texts)
        if section_title and languages[0] not in texts:
            fallback = "the section's key as its"
        else:
            fallback = f"the {fallback}"
        names = ", ".join(f"`{lang}`" for lang in missing)
        yield Diagnostic("CV425", f"no {names} text: {fallback} text is shown there",
                         ctx.severities.get("CV425", Severity.WARNING), source.value_at(path),
                         format_path(path), f"add `{missing[0]}: ...` to it")

RULES = (check_translations,)
