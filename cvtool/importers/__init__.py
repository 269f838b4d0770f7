"""Importers: other formats (BibTeX, JSON Resume) to plain data shaped like cvtool YAML.

Each importer is a pure converter: text in, plain data and a list of notes out. The data is
then validated by the normal schema, like any hand-written source, so an importer never
needs to know the schema's rules beyond the field names. Heavy parsers are imported lazily
inside the functions that use them, so ``cvtool --help`` stays fast.
"""
