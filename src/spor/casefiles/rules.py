"""Who may read and write a case's journal and documents (docs/casefiles.md#permissions).

The case's workers, i.e. those with `cases.work_case` (centre staff). An immigration officer who
may see a case put to the immigration service, a return officer and a referrer see nothing of it.
"""

from __future__ import annotations

import rules

from spor.cases.rules import can_work_case

rules.add_perm("casefiles.read", can_work_case)
rules.add_perm("casefiles.write", can_work_case)
