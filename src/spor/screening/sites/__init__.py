"""One TOML file per crawled site (issue 6 §1); see docs/screening-collect.md for the keys."""
