"""One router per entity; each endpoint calls one selector or service (STYLE S5, HS thin APIs)."""
