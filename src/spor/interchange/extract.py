"""The pseudonymous extract: the one door through which statistics and estimation read case data.

Both read the tables `spor export` writes (docs/interchange.md), either built from the registry
(`spor.interchange.registry.registry_folder`) or read from an interchange folder, and never the
case models. What they can compute is therefore bounded by what the extract carries: a
pseudonymous `person_id`, codes, dates and the derived columns, never an identity
(docs/adr/0006-pseudonymous-extract.md).
"""

from __future__ import annotations

from pathlib import Path

from spor.interchange.reader import Folder, read_folder


def pseudonymous_extract(source: Folder | str | Path | None = None) -> Folder:
    """The extract's tables: from the registry when `source` is None, else from that folder.

    A path is read and validated (`read_folder` raises on any error); a `Folder` is returned as
    it is. Nothing is decrypted: the registry's extract carries birth years and each decision's
    `age_at_decision`, never a birth date (docs/definitions.md#ages). Callers decide who may see
    the result; no identity is read and no read is logged.
    """
    if source is None:
        # Imported here: reading a folder needs no Django app registry, the registry does.
        from spor.interchange.registry import registry_folder

        return registry_folder()
    if isinstance(source, Folder):
        return source
    return read_folder(source)
