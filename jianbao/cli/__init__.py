"""The command line: the command table (main.py), one module per command, and what the terminal shows."""
