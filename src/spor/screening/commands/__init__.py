"""Sub-verbs of `spor screening`: one module per verb, each with `HELP`, `add_arguments(parser)`
and `run(options, stdout) -> int` (the exit status). The management command discovers them, so a
new verb is a new module here and nothing else changes."""
