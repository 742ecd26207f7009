"""The press export: the public articles of an issue as press files, leak-checked."""
