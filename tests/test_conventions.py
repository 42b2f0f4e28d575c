"""House rules enforced by reading the code (docs/architecture.md#services-and-selectors)."""

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

pytestmark = pytest.mark.nodb

SRC = Path(__file__).resolve().parent.parent / "src" / "spor"
PROTECTED = (
    "Person|PersonToken|Case|Inquiry|Assessment|Interview|Decision|ReflectionPeriod|Stay|Offer|ReturnPlan"
    "|PoliceReport|StatusRecord|Consent|Child"
)
DIRECT = re.compile(rf"\b({PROTECTED})\.objects\b")


def _files(*patterns: str) -> list[Path]:
    return sorted({p for pattern in patterns for p in SRC.glob(pattern)})


def test_views_and_api_read_protected_data_only_through_selectors():
    """Views, API endpoints and templates never query protected models directly.

    See docs/architecture.md#services-and-selectors.
    """
    offenders = []
    for path in _files("**/views.py", "**/views/*.py", "api/**/*.py", "web/**/*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if DIRECT.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert not offenders, "query protected models through selectors:\n" + "\n".join(offenders)


def test_no_view_serialises_every_model_field():
    """Never expose all fields of a model (docs/architecture.md#views-and-endpoints)."""
    offenders = [
        str(path.relative_to(SRC))
        for path in _files("**/*.py")
        if re.search(r"""fields\s*=\s*["']__all__["']""", path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders


# --- comments point inside the repository -------------------------------------------------------

ROOT = SRC.parent.parent
#: Pointers to documents outside the repository (the design notes the project started from, issue
#: numbers of a tracker the code does not ship with). Comments point at docs/ instead.
OUTSIDE = re.compile(
    r"\bDESIGN(\.md)?\b|\bSTYLE(\.md)?\b|\bREPORT_JSON\b|\bDEVELOPERS\.md\b|\.\./shared\b|\bshared/"
    r"|\bseeds/\d|\bissues? \d+|\(#\d+\)"
)
DOC_LINK = re.compile(r"\bdocs/([\w./-]+\.md)(?:#([\w-]+))?")
TEMPLATE_COMMENT = re.compile(r"\{#(.*?)#\}|\{% comment %\}(.*?)\{% endcomment %\}", re.DOTALL)


def _python_comments(source: str) -> list[tuple[int, str]]:
    """(line, text) of every comment and docstring of a Python module."""
    found = [
        (token.start[0], token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    ]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                found.append((node.body[0].lineno, docstring))
    return found


def _comments(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return _python_comments(text)
    if path.suffix == ".html":
        return [(text.count("\n", 0, m.start()) + 1, m.group(0)) for m in TEMPLATE_COMMENT.finditer(text)]
    return [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith("#")]


def _source_files() -> list[Path]:
    return [p for p in _files("**/*.py", "**/*.html", "**/*.toml") if "static" not in p.relative_to(SRC).parts]


def _anchors(doc: Path) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown page."""
    headings = re.findall(r"^#+\s+(.+?)\s*$", doc.read_text(encoding="utf-8"), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


def test_the_pointer_check_recognises_each_outside_form():
    """The patterns below must catch every form the old comments used, or the next test proves nothing."""
    for text in ["DESIGN §6", "see DESIGN.md section 5", "STYLE S2", "(STYLE.md S10)", "REPORT_JSON.md",
                 "../shared/reference", "shared/seeds/000_x.txt", "seeds/001", "issue 4", "(issue 6 §2)",
                 "issues 2 and 3", "fixed in (#12)", "DEVELOPERS.md"]:  # fmt: skip
        assert OUTSIDE.search(text), text
    for text in ["docs/definitions.md#reflection-period", "stroke='#999'", "seed=3", "the shared secret"]:
        assert not OUTSIDE.search(text), text


def test_comments_in_src_point_inside_the_repository():
    """Comments and docstrings cite docs/, never notes outside the repository or issue numbers.

    See docs/architecture.md#services-and-selectors (comments say why, pointing at these docs).
    """
    offenders = [
        f"{path.relative_to(SRC)}:{line}: {match.group(0)}"
        for path in _source_files()
        for line, text in _comments(path)
        for match in OUTSIDE.finditer(text)
    ]
    assert not offenders, "point comments at docs/ instead:\n" + "\n".join(offenders)


def test_doc_pointers_in_comments_lead_to_a_page_and_a_heading():
    """A comment's `docs/<page>.md#<anchor>` names a page that exists and a heading on it."""
    offenders = []
    for path in _source_files():
        for line, text in _comments(path):
            for match in DOC_LINK.finditer(text):
                page, anchor = ROOT / "docs" / match.group(1), match.group(2)
                if not page.is_file() or (anchor and anchor not in _anchors(page)):
                    offenders.append(f"{path.relative_to(SRC)}:{line}: {match.group(0)}")
    assert not offenders, "no such page or heading:\n" + "\n".join(offenders)


def test_versions_and_statuses_change_only_through_the_write_helpers():
    """No hand-written version bump or status assignment: `spor.common.update.model_update` bumps the
    version and `spor.cases.transitions.move_and_save` moves a case through the transition table."""
    by_hand = re.compile(r"\.version\s*\+=|\.version\s*=\s*\w+\.version\s*\+|\bcase\.status\s*=[^=]")
    # The importer's walk sets the status of rows it is about to insert, after `transitions.allowed`.
    allowed = {"common/update.py", "interchange/importer.py"}
    offenders = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in _files("**/*.py")
        if str(path.relative_to(SRC)) not in allowed and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_hand.search(line)
    ]
    assert not offenders, "use model_update / move_and_save:\n" + "\n".join(offenders)
