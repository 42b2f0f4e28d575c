"""`spor token create USERNAME [--days N] [--label L]`, `spor token revoke CODE`, `spor token list USERNAME`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from spor.api import tokens
from spor.audit.context import via
from spor.common.errors import NotFound


class Command(BaseCommand):
    help = "Personlige API-nøgler / personal API tokens: create (secret shown once), revoke, list."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="issue a token for a user; the secret is printed once")
        create.add_argument("username")
        create.add_argument("--days", type=int, default=90, help="days until it expires (1-366, default 90)")
        create.add_argument("--label", default="", help="what the token is for")
        revoke = sub.add_parser("revoke", help="revoke a token by its code")
        revoke.add_argument("code")
        listing = sub.add_parser("list", help="a user's tokens (codes and dates, never secrets)")
        listing.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        with via("cli:token"):
            if options["action"] == "create":
                self._create(options["username"], options["days"], options["label"])
            elif options["action"] == "revoke":
                self._revoke(options["code"])
            else:
                for token in tokens.tokens_of(self._user(options["username"])):
                    state = "revoked" if token.revoked_at else ("active" if token.is_usable else "expired")
                    self.stdout.write(f"{token.code}  {state:<8} expires {token.expires_at:%Y-%m-%d}  {token.label}")

    def _user(self, username: str) -> Any:
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"ukendt bruger / unknown user: {username}") from None

    def _create(self, username: str, days: int, label: str) -> None:
        try:
            token, secret = tokens.token_create(actor=None, user=self._user(username), days=days, label=label)
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        self.stdout.write(f"token {token.code} for {username}, expires {token.expires_at:%Y-%m-%d %H:%M} UTC")
        self.stdout.write("Nøglen vises kun denne ene gang / the secret is shown only this once:")
        self.stdout.write(secret)

    def _revoke(self, code: str) -> None:
        try:
            token = tokens.token_revoke(actor=None, code=code)
        except NotFound:
            raise CommandError(f"ukendt nøgle / unknown token: {code}") from None
        self.stdout.write(f"token {token.code} revoked")
