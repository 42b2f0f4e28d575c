"""Extract every translatable string of Spor into the English catalogue, without GNU gettext.

Django's `makemessages` needs xgettext, which a fresh machine lacks; Babel (installed with Spor)
reads Python directly, and Django's own `templatize` turns a template into Python-like source
that Babel reads too. The catalogue keeps every translation already made; `make setup` compiles
it with `pybabel compile` (docs/web.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract as babel_extract
from babel.messages.pofile import read_po, write_po
from django.utils.translation.template import templatize

SRC = Path(__file__).resolve().parent.parent
CATALOGUE = Path(__file__).resolve().parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
KEYWORDS = {
    "_": None,
    "_lazy": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
}


def sources() -> Iterator[tuple[Path, bytes]]:
    """Spor's Python modules and templates, migrations left out."""
    for path in sorted(SRC.rglob("*")):
        if "migrations" in path.parts or "vendor" in path.parts:
            continue
        if path.suffix == ".py":
            yield path, path.read_bytes()
        elif path.suffix in {".html", ".txt"} and "templates" in path.parts:
            code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            # templatize indents by template structure; Babel's tokenizer wants flat lines.
            yield path, "\n".join(line.strip() for line in code.splitlines()).encode()


def extract() -> Catalog:
    catalog = Catalog(locale="en", domain="django", project="Spor")
    for path, source in sources():
        for lineno, message, _comments, context in babel_extract("python", BytesIO(source), keywords=KEYWORDS):
            if message and (message if isinstance(message, str) else message[0]):
                where = [(str(path.relative_to(SRC.parent)), lineno)]
                catalog.add(message, locations=where, context=context)
    return catalog


def update(path: Path = CATALOGUE) -> tuple[int, int]:
    """Merge the extracted strings into the catalogue; returns (strings, untranslated)."""
    template = extract()
    if path.exists():
        with path.open("rb") as f:
            catalog = read_po(f, locale="en", domain="django")
        catalog.update(template, no_fuzzy_matching=True)
    else:
        catalog = template
    catalog.fuzzy = False  # the header: Django ignores a catalogue marked fuzzy
    with path.open("wb") as f:
        write_po(f, catalog, width=0, sort_output=True, omit_header=False, include_previous=False)
    untranslated = sum(1 for m in catalog if m.id and not (m.string and (isinstance(m.string, str) or all(m.string))))
    return len([m for m in catalog if m.id]), untranslated
