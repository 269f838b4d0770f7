"""cvtool: typeset a CV from one YAML source into PDF, LaTeX, Markdown and HTML."""

__version__ = "0.1.0"
