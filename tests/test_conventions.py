"""House rules enforced by reading the code (STYLE.md S2, S5; DESIGN §7)."""

import re
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
    """Views, API endpoints and templates never query protected models directly (S2)."""
    offenders = []
    for path in _files("**/views.py", "**/views/*.py", "api/**/*.py", "web/**/*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if DIRECT.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert not offenders, "query protected models through selectors:\n" + "\n".join(offenders)


def test_no_view_serialises_every_model_field():
    """Never expose all fields of a model (S5, anti-pattern 6)."""
    offenders = [
        str(path.relative_to(SRC))
        for path in _files("**/*.py")
        if re.search(r"""fields\s*=\s*["']__all__["']""", path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders


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
