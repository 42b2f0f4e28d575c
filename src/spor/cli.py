"""The `spor` command: one command line for everything an operator does (docs/architecture.md#command-line).

`spor <verb> ...` runs the Django management command of that name with Spor's settings, so every
verb is a management command in the app that owns it (`spor demo` is
`spor/cases/management/commands/demo.py`). `spor serve` starts the web server.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spor.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "spor"
    # `spor rotate-keys` and `spor audit-verify` read better with hyphens; modules use underscores.
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
