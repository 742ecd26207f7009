"""The Word renderer: the model to .docx in the official layout, and the layout report."""
