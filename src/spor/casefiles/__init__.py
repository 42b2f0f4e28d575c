"""The case file: the caseworkers' journal and the documents on a case (docs/casefiles.md)."""
