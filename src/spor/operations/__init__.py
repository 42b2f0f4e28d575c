"""Operator tasks over every app: key rotation, backup and restore, retention purge.

This app sits above the domain apps: it may import any of them, and none of them imports it
(docs/adr/0007-app-structure.md). What a task does to one app's data stays that app's service
(`spor.people.purge`, `spor.screening.purge`); the command and the walk over the apps live here.
"""
