"""Themes for users: listing the themes a CV can name, and writing a new theme to edit.

``cvtool themes`` lists the built-in, installed (entry points ``cvtool.themes``) and local
themes (folders beside the CV with a ``theme.toml``); ``cvtool theme new`` writes a folder
that extends a theme, with every style token copied and explained, ready to edit.
"""

from __future__ import annotations

import json
from pathlib import Path

from cvtool.errors import CvtoolError
from cvtool.style import _TABLE_MODELS, token_names
from cvtool.themes import Theme, list_themes, load_theme

_TABLE_NOTES = {
    "colors": "Colours: #rrggbb, \"accent\" (the CV's accent option) or \"inherit\" (the "
              "surrounding text's colour). A CV can override any of them with "
              "design: {colors: {role: \"#123456\"}}.",
    "sizes": "Font sizes as factors of the CV's font size (0.5 to 3).",
    "weights": "Font weights, 100 to 900 (LaTeX sets 600 and above in bold).",
    "tracking": "Letter spacing in em (-0.1 to 0.3).",
    "spacing": "Gaps and indents: a number and em (of the text they belong to) or pt.",
    "rules": "Rule widths in pt (0pt: no rule).",
}
_SCALAR_NOTES = {
    "bullet": "The bullet glyph: one of • ‣ ◦ ▪ ▸ – · - *.",
    "footer_size": "Font size of the footer from page 2 on (pt).",
}
_OPTION_NOTES = {
    "font": "serif, sans, a family under [fonts] below, or any installed family",
    "font_size": "points, 7 to 14",
    "line_height": "a multiple of the font size, 1.0 to 2.0",
    "margins": "a length: mm, cm, in or pt",
    "accent": "#rgb or #rrggbb",
}


def themes_listing(cv_dir: Path | None, output_format: str) -> str:
    """The themes a CV in ``cv_dir`` can name, as text or JSON."""
    rows = list_themes(cv_dir)
    if output_format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    width = max(len(r["name"]) for r in rows)
    lines = []
    for row in rows:
        lines.append(f"{row['name']:<{width}}  {row['origin']}")
        lines.append(f"{'':<{width}}  {row['description']}")
    return "\n".join(lines)


def _toml(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return f"{value:g}" if "." in f"{value:g}" or "e" in f"{value:g}" else f"{value:g}.0"
    return str(value)


def _comment(text: str, width: int = 90) -> list[str]:
    import textwrap

    return ["# " + line for line in textwrap.wrap(text, width - 2)]


def _description(table: str, key: str) -> str:
    info = _TABLE_MODELS[table].model_fields[key]
    if info.description:
        return info.description
    return key.replace("_", " ").capitalize() + "."


def theme_toml(name: str, parent: str, theme: Theme) -> str:
    """A theme.toml that extends ``parent`` with its options and every token spelled out."""
    out = [
        f"# Theme {name}: it extends {parent}; change any value below, delete what you keep.",
        "# `cvtool themes --cv YOUR-CV.yaml` lists it; a CV uses it with",
        f"#   design: {{theme: ./{name}}}",
        "",
        f"name = {_toml(name)}",
        f"description = {_toml(f'My theme, from {parent}.')}",
        f"extends = {_toml(parent)}",
        f"# Structure and rules added after {parent}'s (files in this folder).",
        f"stylesheets = [{_toml(name + '.css')}]",
        f"latex = [{_toml(name + '.tex')}]",
        "",
        "# Option defaults; a CV's design: overrides them.",
        "[options]",
    ]
    for key, value in theme.options.model_dump(exclude_none=True).items():
        out.append(f"{key} = {_toml(value)}  # {_OPTION_NOTES.get(key, '')}".rstrip(" #"))
    out += [
        "",
        "# Fonts the theme ships: files inside this folder (nothing outside it), used by both",
        "# the HTML/PDF and the LaTeX output; name the family in [options] font. Faces left",
        "# out are drawn from the regular one.",
        '# [fonts."My Serif"]',
        '# regular = "fonts/MySerif-Regular.ttf"',
        '# bold = "fonts/MySerif-Bold.ttf"',
        '# italic = "fonts/MySerif-Italic.ttf"',
        '# bold_italic = "fonts/MySerif-BoldItalic.ttf"',
        "",
        "# Style tokens: every value the CSS and the LaTeX files read, declared once.",
        "[style]",
    ]
    style = theme.style
    for key in ("bullet", "footer_size"):
        out.append(f"{key} = {_toml(getattr(style, key))}  # {_SCALAR_NOTES[key]}")
    current = ""
    for token in token_names():
        table, _, key = token.partition(".")
        if not key:
            continue
        if table != current:
            current = table
            out += ["", *_comment(_TABLE_NOTES[table]), f"[style.{table}]"]
        value = getattr(getattr(style, table), key)
        out.append(f"{key} = {_toml(value)}  # {_description(table, key)}")
    return "\n".join(out) + "\n"


def new_theme(name: str, parent: str, where: Path) -> Path:
    """Write the theme folder ``where / name``; refuses to overwrite anything."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise CvtoolError(f"`{name}` is not a theme name: use letters, digits and -_")
    theme = load_theme(parent, where.resolve() if where.is_dir() else None)
    folder = where / name
    if folder.exists():
        raise CvtoolError(f"{folder} already exists; cvtool does not overwrite it (pick "
                          "another name or remove it)")
    from cvtool.build import write_all

    css = (f"/* Theme {name}: CSS applied after {parent}'s. The values (colours, sizes, "
           "spacing)\n   are the tokens in theme.toml, as var(--cv-color-link), "
           "var(--cv-size-name), ...;\n   url()s name files in this folder. */\n")
    tex = (f"% Theme {name}: LaTeX read after {parent}'s (macros, \\renewcommand of the "
           "theme's\n% commands). The tokens in theme.toml arrive as \\cvcolor<role>, "
           "\\cvsize<role>, ...\n")
    write_all([(folder / "theme.toml", theme_toml(name, parent, theme).encode("utf-8")),
               (folder / f"{name}.css", css.encode("utf-8")),
               (folder / f"{name}.tex", tex.encode("utf-8"))])
    return folder
