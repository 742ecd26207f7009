"""Charts drawn from an issue's figures: what they show, their pictures, alt text and cache."""
