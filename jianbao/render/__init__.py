"""Renderers: the model to Word (word*.py) and to HTML (html*.py)."""
