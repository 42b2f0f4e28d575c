"""A person's age at a given day, and whether they are a child then (docs/definitions.md#children).

The age comes from the birth date (encrypted), else the birth year (the day's year minus it, as
the statistics count it: docs/definitions.md#ages), else an estimated age with the day it was
estimated (a person without papers: the age the caseworker or the authority estimated, counted
forward from that day). Only the age is ever derived; the birth date is never shown by a marker.
"""

from __future__ import annotations

from datetime import date

from spor.common import crypto
from spor.people.models import Person

ADULT_AGE = 18  # a child is a person under 18 (UN Convention on the Rights of the Child, art. 1)


def _whole_years(start: date, day: date) -> int:
    return day.year - start.year - ((day.month, day.day) < (start.month, start.day))


def age_on(person: Person, day: date) -> int | None:
    """The person's age in whole years on `day`, or None when nothing says it."""
    born = crypto.decrypt_json(person.birth_date_ct) if person.birth_date_ct else None
    if born:
        return max(0, _whole_years(date.fromisoformat(born), day))
    if person.birth_year:
        return max(0, day.year - person.birth_year)
    if person.estimated_age is not None and person.age_estimated_on is not None:
        return max(0, person.estimated_age + _whole_years(person.age_estimated_on, day))
    return None


def is_child_on(person: Person, day: date) -> bool | None:
    """True for a child on `day`, False for an adult, None when the age is unknown.

    Decrypts the birth date only in the year the person turns 18: in every other year the plain
    birth year answers alone, so a list of many persons decrypts almost nothing.
    """
    if person.birth_year and person.birth_date_ct and day.year - person.birth_year != ADULT_AGE:
        return day.year - person.birth_year < ADULT_AGE
    age = age_on(person, day)
    return None if age is None else age < ADULT_AGE


def child_marker(person: Person, start: date, end: date) -> str:
    """The marker of a passage from `start` to `end`: "child" (under 18 at `end`), "turned_18"
    (a child at `start`, 18 at `end`: "fyldt 18 under sagen") or "" (an adult or unknown)."""
    if is_child_on(person, end):
        return "child"
    if is_child_on(person, start):
        return "turned_18"
    return ""
