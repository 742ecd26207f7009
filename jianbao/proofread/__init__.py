"""Proofreading: the checks a careful colleague makes before an issue goes out, as findings (warnings) with their lines."""
