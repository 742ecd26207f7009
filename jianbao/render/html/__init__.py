"""The HTML renderer: the model to web pages (linked and single-file) and press pages."""
