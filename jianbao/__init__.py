"""Jianbao (简报): numbered issues of work bulletins from YAML, to Word, HTML, press and archive."""

# Kept equal to pyproject.toml's version (a test compares them); written into each .docx's
# docProps/app.xml. Here, not read from the installed metadata, so that a run from a checkout
# knows it and the incremental key (which hashes this file) changes with it.
__version__ = "0.1.0"
