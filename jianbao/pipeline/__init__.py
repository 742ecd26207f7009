"""The build: read, render every selected issue (reusing unchanged ones), write."""
