"""Renderers: the model to Word (word/), to HTML (html/), and the Word document to PDF (pdf.py)."""
