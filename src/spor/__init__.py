"""Spor: case management, statistics and screening for a national centre against trafficking."""
