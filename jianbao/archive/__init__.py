"""The archive: frozen published issues, the archive site, feeds, search and figure histories."""
