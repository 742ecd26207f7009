"""Reading the project: YAML files in, a validated, numbered, frozen model out."""
