"""One router per entity; each endpoint calls one selector or service (docs/architecture.md#views-and-endpoints)."""
