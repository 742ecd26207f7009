"""Jianbao (简报): numbered issues of work bulletins from YAML, to Word, HTML, press and archive."""
