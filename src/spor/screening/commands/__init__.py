"""Sub-verbs of `spor screening`: one module per verb, each with `HELP`, `add_arguments(parser)`
and `run(options, command)`, which writes through `command.stdout` / `command.stderr` and raises
`CommandError` on bad input, like every other `spor` command. The management command discovers
them, so a new verb is a new module here and nothing else changes."""
