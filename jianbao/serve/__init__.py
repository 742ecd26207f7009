"""The live preview: build, serve on localhost, rebuild and reload on change."""
