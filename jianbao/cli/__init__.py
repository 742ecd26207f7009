"""The command line: one command table over the public API, messages and exit codes."""
