"""Extract every translatable string of Spor into its English catalogue, without GNU gettext.

Django's `makemessages` needs xgettext, which a fresh machine lacks; Babel (installed with Spor)
reads Python directly, and Django's own `templatize` turns a template into Python-like source
that Babel reads too. The statistics and the estimation keep their own catalogues
(src/spor/<app>/locale), since what they write is publications rather than pages; the web
catalogue holds every other string. Each catalogue keeps every translation already made;
`make setup` compiles them all with `pybabel compile` (docs/web.md).
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


def catalogue(app: str) -> Path:
    """The English catalogue of an app of Spor."""
    return SRC / app / "locale" / "en" / "LC_MESSAGES" / "django.po"


CATALOGUE = catalogue("web")
#: Apps with a catalogue of their own; the web catalogue takes the strings of every other module.
OWN_CATALOGUES = ("stats", "estimation")
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


def sources(app: str = "web") -> Iterator[tuple[Path, bytes]]:
    """The Python modules and templates of a catalogue, migrations left out."""
    own = app in OWN_CATALOGUES
    for path in sorted((SRC / app if own else SRC).rglob("*")):
        if "migrations" in path.parts or "vendor" in path.parts:
            continue
        if not own and path.relative_to(SRC).parts[0] in OWN_CATALOGUES:
            continue
        if path.suffix == ".py":
            yield path, path.read_bytes()
        elif path.suffix in {".html", ".txt"} and "templates" in path.parts:
            code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            # templatize indents by template structure; Babel's tokenizer wants flat lines.
            yield path, "\n".join(line.strip() for line in code.splitlines()).encode()


def extract(app: str = "web") -> Catalog:
    catalog = Catalog(locale="en", domain="django", project="Spor")
    for path, source in sources(app):
        for lineno, message, _comments, context in babel_extract("python", BytesIO(source), keywords=KEYWORDS):
            if message and (message if isinstance(message, str) else message[0]):
                where = [(str(path.relative_to(SRC.parent)), lineno)]
                catalog.add(message, locations=where, context=context)
    return catalog


def update_all() -> list[tuple[Path, int, int]]:
    """Update every catalogue; returns (path, strings, untranslated) for each."""
    return [(catalogue(app), *update(catalogue(app), app)) for app in ("web", *OWN_CATALOGUES)]


def update(path: Path = CATALOGUE, app: str = "web") -> tuple[int, int]:
    """Merge the extracted strings into the catalogue; returns (strings, untranslated)."""
    template = extract(app)
    path.parent.mkdir(parents=True, exist_ok=True)
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
