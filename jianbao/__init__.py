"""Jianbao (简报): numbered issues of work bulletins from YAML, to Word, HTML, press and archive."""

# The one statement of the version: pyproject.toml reads it from here, each .docx's docProps/app.xml
# names it, and the incremental key (which hashes this file) changes with it.
__version__ = "0.1.0"
