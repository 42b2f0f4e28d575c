"""One TOML file per crawled site; see docs/screening-collect.md#crawler for the keys."""
