"""Capture-history tables from the case registry (docs/estimation.md#input).

A list is a set of sources: the actor type or organisation that sent an inquiry or referred an
assessment, the inquiry's channel, who assessed, and the authority that decided. A person is on a
list when any of their inquiries, assessments or decisions in the period came from a source
mapped to that list, or belonged to the case that put them in the population (an inquiry received
in December can lead to a decision in January: the chain of that decision always counts).

The population (whose overlaps are counted) is by default the persons with a positive decision
in the year, `identified`: the people the lists are meant to find, and the figure CMM publishes.
`assessed` takes everyone with an assessment interview in the year instead (a larger, less
selective population, with more people who were not trafficked). A person of the population on
none of the lists cannot be in a capture history; they are counted and reported, not guessed.

The input is the extract statistics read too (`spor.interchange.extract`), never the case models:
an inquiry's persons are its `person_ids` (its `person_id` in a folder without them), and the
records of one case share a `case_id` (docs/interchange.md#derived-columns). A folder without
`case_id` counts the records of the year only. Only pseudonymous keys are read (no identity, no
read-log entry), so an analyst may build these tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from spor.estimation.table import CaptureTable, TableError
from spor.interchange.extract import pseudonymous_extract
from spor.interchange.reader import Folder
from spor.vocabulary import ActorType, Authority, Channel, exploitation_group

POPULATIONS = ("identified", "assessed")
STRATA = ("gender", "exploitation")


@dataclass(frozen=True)
class ListSource:
    """What puts a person on one list; every field is an alternative (any match counts)."""

    actor_types: frozenset[str] = frozenset()  # inquiry sender_type or assessment referrer_type
    orgs: frozenset[str] = frozenset()  # inquiry sender_org or assessment referrer_org (any case)
    channels: frozenset[str] = frozenset()  # inquiry channel
    assessed_by: frozenset[str] = frozenset()  # "cmm" or "dis"
    authorities: frozenset[str] = frozenset()  # decision authority

    def inquiry(self, sender_type: str, sender_org: str, channel: str) -> bool:
        return sender_type in self.actor_types or _org_in(sender_org, self.orgs) or channel in self.channels

    def assessment(self, referrer_type: str, referrer_org: str, assessed_by: str) -> bool:
        return referrer_type in self.actor_types or _org_in(referrer_org, self.orgs) or assessed_by in self.assessed_by

    def decision(self, authority: str) -> bool:
        return authority in self.authorities


def _org_in(org: str, orgs: frozenset[str]) -> bool:
    return bool(org) and org.strip().casefold() in {o.casefold() for o in orgs}


NGO_PARTNERS = frozenset({"AmiAmi", "HopeNow", "Reden International"})
DEFAULT_MAPPING: dict[str, ListSource] = {
    "police": ListSource(actor_types=frozenset({ActorType.POLICE})),
    "dis": ListSource(
        actor_types=frozenset({ActorType.DIS}),
        assessed_by=frozenset({"dis"}),
        authorities=frozenset({Authority.DIS}),
    ),
    "ngo": ListSource(actor_types=frozenset({ActorType.NGO}), orgs=NGO_PARTNERS),
    "cmm": ListSource(channels=frozenset({Channel.HOTLINE}), actor_types=frozenset({ActorType.SELF})),
}


@dataclass
class RegistryTables:
    """One capture table per stratum ("" when not stratified), and who could not be placed."""

    tables: dict[str, CaptureTable]
    population: dict[str, int] = field(default_factory=dict)  # persons in the population, per stratum
    unlisted: dict[str, int] = field(default_factory=dict)  # of those, on none of the lists


def capture_table_from_registry(
    year: int,
    lists: Iterable[str],
    mapping: Mapping[str, ListSource] | None = None,
    *,
    population: str = "identified",
    source: Folder | str | Path | None = None,
) -> CaptureTable:
    """The capture-history table of one year's population over the named lists."""
    return capture_tables_from_registry(year, lists, mapping, population=population, source=source).tables[""]


def capture_tables_from_registry(
    year: int,
    lists: Iterable[str],
    mapping: Mapping[str, ListSource] | None = None,
    *,
    population: str = "identified",
    stratify: str | None = None,
    source: Folder | str | Path | None = None,
) -> RegistryTables:
    """Capture tables per stratum (`gender` or `exploitation` group, or none).

    From the registry's extract, or from an interchange folder (`source`). Raises TableError for
    an unknown list, population or stratum.
    """
    names, sources = _resolve(lists, mapping)
    if population not in POPULATIONS:
        raise TableError(f"population: expected one of {', '.join(POPULATIONS)}, got {population!r}")
    if stratify not in (None, *STRATA):
        raise TableError(f"stratify: expected one of {', '.join(STRATA)}, got {stratify!r}")
    folder = pseudonymous_extract(source)
    start, end = date(year, 1, 1), date(year, 12, 31)
    members, cases = _population(folder, population, start, end)
    on_lists = _memberships(folder, sources, start, end, cases)
    strata = _strata(members, stratify)
    result = RegistryTables(tables={})
    for stratum in sorted(set(strata.values())) or [""]:
        keys = [k for k, s in strata.items() if s == stratum]
        counts: dict[tuple[int, ...], float] = {}
        for key in keys:
            history = tuple(int(i in on_lists.get(key, set())) for i in range(len(names)))
            if any(history):
                counts[history] = counts.get(history, 0.0) + 1
        result.tables[stratum] = CaptureTable.from_mapping(names, counts)
        result.population[stratum] = len(keys)
        result.unlisted[stratum] = len(keys) - round(sum(counts.values()))
    return result


def _resolve(lists: Iterable[str], mapping: Mapping[str, ListSource] | None) -> tuple[list[str], list[ListSource]]:
    mapping = DEFAULT_MAPPING if mapping is None else mapping
    names = [n.strip() for n in lists if n.strip()]
    unknown = [n for n in names if n not in mapping]
    if unknown:
        raise TableError(f"lists: unknown list(s) {', '.join(unknown)}; known: {', '.join(mapping)}")
    if len(names) < 2 or len(set(names)) != len(names):
        raise TableError("lists: name at least two different lists")
    return names, [mapping[n] for n in names]


# person key -> (stratum values); the exploitation group is that of the person's positive
# decision in the year (the latest), or "undetermined" for an assessed person without one.
_Members = dict[str, dict[str, str]]


def _population(folder: Folder, population: str, start: date, end: date) -> tuple[_Members, list[str]]:
    """The persons of the population (by key) and the `case_id`s of the cases that put them there."""
    persons = folder["persons"].select("person_id", pl.col("gender").fill_null("unknown"))
    gender: dict[str, str] = dict(persons.iter_rows())
    members: _Members = {}
    decisions = folder["decisions"].filter(pl.col("identified") & pl.col("decided_on").is_between(start, end))
    decisions = decisions.sort("decided_on", "decision_id")
    exploitation: dict[str, str] = {}
    for key, primary in decisions.select("person_id", "primary_exploitation").iter_rows():
        exploitation[key] = exploitation_group(primary or "undetermined")
        if population == "identified":
            members[key] = {"gender": gender.get(key, "unknown")}
    chosen = decisions
    if population == "assessed":
        chosen = folder["assessments"].filter(pl.col("first_interview_on").is_between(start, end))
        for key in chosen.get_column("person_id").to_list():
            members[key] = {"gender": gender.get(key, "unknown")}
    for key, values in members.items():
        values["exploitation"] = exploitation.get(key, "undetermined")
    return members, chosen.get_column("case_id").drop_nulls().unique().to_list()


def _memberships(
    folder: Folder, sources: list[ListSource], start: date, end: date, cases: list[str]
) -> dict[str, set[int]]:
    """person key -> indices of the lists they are on (sources in the period or of their case)."""
    on: dict[str, set[int]] = {}

    def mark(key: str | None, matches: Iterable[bool]) -> None:
        hits = {i for i, hit in enumerate(matches) if hit}
        if key and hits:
            on.setdefault(key, set()).update(hits)

    def in_period_or_case(name: str, dated: str) -> pl.DataFrame:
        table = folder[name]
        return table.filter(pl.col(dated).is_between(start, end) | pl.col("case_id").is_in(cases).fill_null(False))

    inquiries = in_period_or_case("inquiries", "received_on")
    inquiry_columns = ("person_id", "person_ids", "sender_type", "sender_org", "channel")
    for key, keys, sender_type, sender_org, channel in inquiries.select(inquiry_columns).iter_rows():
        matches = [s.inquiry(sender_type or "", sender_org or "", channel or "") for s in sources]
        for person in keys or [key]:
            mark(person, matches)
    assessments = in_period_or_case("assessments", "first_interview_on")
    assessment_columns = ("person_id", "referrer_type", "referrer_org", "assessed_by")
    for key, referrer_type, referrer_org, assessed_by in assessments.select(assessment_columns).iter_rows():
        mark(key, [s.assessment(referrer_type or "", referrer_org or "", assessed_by or "") for s in sources])
    decisions = in_period_or_case("decisions", "decided_on")
    for key, authority in decisions.select("person_id", "authority").iter_rows():
        mark(key, [s.decision(authority or "") for s in sources])
    return on


def _strata(members: _Members, stratify: str | None) -> dict[str, str]:
    return {key: (values[stratify] if stratify else "") for key, values in members.items()}
