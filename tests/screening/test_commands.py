"""`spor screening <verb>`: bad input fails with a CommandError that says what is wrong."""

from __future__ import annotations

import io

from django.core.management import CommandError, call_command
from django.test import TestCase


class CommandErrorTests(TestCase):
    def test_an_unknown_site_is_named_in_the_error(self) -> None:
        with self.assertRaisesRegex(CommandError, "nosuchsite"):
            call_command("screening", "crawl", "nosuchsite", "--quiet", stdout=io.StringIO())

    def test_a_setting_that_is_not_json_is_a_usage_error(self) -> None:
        with self.assertRaisesRegex(CommandError, "--set: the value must be JSON") as ctx:
            call_command("screening", "crawl", "natlys", "--set", "RETRY_TIMES=three", stdout=io.StringIO())
        self.assertEqual(ctx.exception.returncode, 2)

    def test_a_missing_ad_file_is_named_in_the_error(self) -> None:
        with self.assertRaisesRegex(CommandError, "missing.jsonl"):
            call_command("screening", "analyse", "--ads", "missing.jsonl", stdout=io.StringIO())
