"""The registry as interchange tables: the inverse of the import (docs/definitions.md#interchange-format).

`registry_folder()` returns the same typed polars tables that `read_folder` returns for a folder,
built from the case registry, so that `spor export` writes them as CSV and the statistics engine
can compute from the registry exactly what it computes from an exported folder.

Only pseudonymous data leaves: `person_id` is the person's pseudonymous key, the identity stays
encrypted and is never read. The birth date is identifying
(docs/architecture.md#pseudonymous-statistics): the export carries the birth year only, and
never decrypts anything; the age at a decision is the decision's stored `age_at_decision`
(docs/definitions.md#ages).

How registry records become rows (the inverse of `spor.interchange.importer`):
- persons: one row per Person; nationalities in their order, the first is the primary.
- inquiries: one row per Inquiry; `person_id` is the first (lowest) key of its persons, if any.
- assessments, decisions: one row each, `person_id` of their case's person.
- the derived columns (see `spor.interchange.format`): an inquiry's `person_ids` are the keys of
  its persons and of its case's person, sorted; the `case_id` of an inquiry, assessment or
  decision is the id of its case's first assessment (by first interview, then id), or of its
  case's first decision when the case has no assessment, or empty (a case with neither). So a
  case is named by a record the folder already holds, and a registry built by an import names
  its cases the same way again after export -> import.
- returns: the return plans that ended in a departure.
- police_reports: one row per report, `person_id` of the case's person, with its latest outcome.
- no_police_report: one row per reason recorded for not reporting, `person_id` of the case's person.
- statuses: every StatusRecord of a person (imported or set by a caseworker), and the status
  derived from the registry's events at the end of each year in which the person has a positive
  decision, where no record gives one (docs/definitions.md#year-end-status-figures): a departure
  on a prepared return not after the year end -> prepared_return; a reflection period or a stay
  running at the year end, or an offer or a submitted or approved return plan, of a case not
  closed by then -> receiving_support; else the exit of the case closed last by then (the exit
  recorded when the case was closed, docs/definitions.md#exit); nothing -> no row. Written as a
  row dated 31 December, so the statistics read from an exported folder what they compute from
  the registry, and an import of the export stores it as a record that the next export writes
  unchanged.
- court_statistics, historical_identified: the stored aggregates.

With a year range, the dated records of those years are taken (inquiries by `received_on`,
assessments by `first_interview_on`, decisions by `decided_on`, returns by `departed_on`, police
reports by `filed_on`, statuses by `as_of`, aggregates by `year`), together with what they refer
to: their persons, and the inquiries their assessments name, so the folder reads without errors.
Rows are sorted by id (records without an id by all their columns), so the tables are the same
for the same registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import polars as pl
from django.db.models import OuterRef, Q, Subquery

from spor.cases.models import (
    Assessment,
    Case,
    CaseComplex,
    Decision,
    Inquiry,
    NoPoliceReport,
    Offer,
    PoliceReport,
    ReflectionPeriod,
    ReportOutcome,
    ReturnPlan,
    ReturnStatus,
    StatusRecord,
    Stay,
)
from spor.interchange.format import BY_NAME, FILES, Column, FileSpec
from spor.interchange.models import CourtStatistic, HistoricalIdentified
from spor.interchange.reader import Folder
from spor.people.models import Consent, ConsentAnswer, ConsentPurpose, Person


def dtype(column: Column) -> pl.DataType:
    """The polars type `read_folder` gives a column of this kind."""
    if column.kind == "date":
        return pl.Date()
    if column.kind == "int":
        return pl.Int64()
    if column.kind == "yesno":
        return pl.Boolean()
    if column.kind in ("codes", "nationalities", "ids"):
        return pl.List(pl.Utf8)
    return pl.Utf8()


def frame(spec: FileSpec, rows: Iterable[tuple[Any, ...]]) -> pl.DataFrame:
    """A typed table of `spec` from tuples in column order; empty strings become null."""
    schema = {c.name: dtype(c) for c in spec.columns}
    table = pl.DataFrame(list(rows), schema=schema, orient="row")
    text = [c.name for c in spec.columns if dtype(c) == pl.Utf8()]
    # Unknown is null, as read_folder gives it: an empty text and an empty list alike.
    return table.with_columns(pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in text)


def sort_rows(spec: FileSpec, table: pl.DataFrame) -> pl.DataFrame:
    """By id where the file has one, else by every column: the export's fixed row order."""
    if spec.key:
        return table.sort(spec.key)
    names = [c.name for c in spec.columns if dtype(c) != pl.List(pl.Utf8)]
    return table.sort(names, nulls_last=True)


def registry_folder(year_from: int | None = None, year_to: int | None = None) -> Folder:
    """The registry's pseudonymous records as interchange tables (see the module docstring).

    Callers decide who may see the result: `spor export` runs as the operator, and the
    statistics engine uses it for analysts' reports. It reads no identity and logs no read.
    """
    window = _Window(year_from, year_to)
    cases = _case_keys()
    tables: dict[str, pl.DataFrame] = {
        "inquiries": _inquiries(window, cases),
        "assessments": _assessments(window, cases),
        "decisions": _decisions(window, cases),
        "returns": _returns(window),
        "police_reports": _police_reports(window),
        "no_police_report": _no_police_report(window),
        "statuses": _statuses(window),
        "court_statistics": _court(window),
        "historical_identified": _historical(window),
    }
    if window.open:
        keys = None
    else:
        referenced = pl.concat([t.select("person_id") for t in tables.values() if "person_id" in t.columns])
        keys = set(referenced.get_column("person_id").drop_nulls().to_list())
        tables["inquiries"] = _with_named_inquiries(tables["inquiries"], tables["assessments"], cases)
    tables["persons"] = _persons(keys)
    ordered = {spec.name: sort_rows(spec, tables[spec.name]) for spec in FILES}
    return Folder(tables=ordered, present={spec.name for spec in FILES})


class _Window:
    def __init__(self, year_from: int | None, year_to: int | None) -> None:
        self.year_from, self.year_to = year_from, year_to
        self.open = year_from is None and year_to is None

    def q(self, field: str) -> Q:
        q = Q()
        if self.year_from is not None:
            q &= Q(**{f"{field}__gte": date(self.year_from, 1, 1)})
        if self.year_to is not None:
            q &= Q(**{f"{field}__lte": date(self.year_to, 12, 31)})
        return q

    def contains(self, day: date) -> bool:
        return (self.year_from is None or day.year >= self.year_from) and (
            self.year_to is None or day.year <= self.year_to
        )

    def years(self) -> Q:
        q = Q()
        if self.year_from is not None:
            q &= Q(year__gte=self.year_from)
        if self.year_to is not None:
            q &= Q(year__lte=self.year_to)
        return q


def _persons(keys: set[str] | None) -> pl.DataFrame:
    rows = Person.objects.values_list("key", "gender", "birth_year", "nationalities", "residence_status")
    if keys is not None:
        wanted = keys
        rows = rows.filter(key__in=wanted) if len(wanted) < 5000 else rows
    consent = _research_consents()
    out = []
    for key, gender, year, nationalities, residence in rows.iterator(chunk_size=5000):
        if keys is not None and key not in keys:
            continue
        out.append((key, gender, None, year, list(nationalities) or None, residence, consent.get(key)))
    return frame(BY_NAME["persons"], out)


def _research_consents() -> dict[str, bool]:
    """Person key -> the answer in force to sharing for research (the latest; given is yes,
    refused or withdrawn is no); a person who was never asked is not in it (unknown)."""
    rows = Consent.objects.filter(purpose=ConsentPurpose.RESEARCH).order_by("person_id", "answered_on", "id")
    answers = rows.values_list("person__key", "answer")
    return {key: answer == ConsentAnswer.GIVEN for key, answer in answers.iterator(chunk_size=5000)}


def _case_keys() -> dict[int, str]:
    """Case pk -> its derived `case_id` (module docstring): the first assessment's id, else decision's."""
    keys: dict[int, str] = {}
    for model, dated in ((Assessment, "first_interview_on"), (Decision, "decided_on")):
        rows = model.objects.order_by(dated, "external_id").values_list("case_id", "external_id")
        for case, external_id in rows.iterator(chunk_size=5000):
            keys.setdefault(case, external_id)
    return keys


def _inquiries(window: _Window, cases: dict[int, str]) -> pl.DataFrame:
    return _inquiry_rows(Inquiry.objects.filter(window.q("received_on")), cases)


def _inquiry_rows(queryset: Any, cases: dict[int, str]) -> pl.DataFrame:
    fields = ("id", "external_id", "received_on", "channel", "sender_type", "sender_org")
    rows = list(queryset.values_list(*fields, "referral__anonymous", "case_id", "case__person__key"))
    persons: dict[int, set[str]] = {}
    links = Inquiry.persons.through.objects.values_list("inquiry_id", "person__key")
    if len(rows) < 5000:
        links = links.filter(inquiry_id__in=[row[0] for row in rows])
    for inquiry_id, key in links.iterator(chunk_size=5000):
        persons.setdefault(inquiry_id, set()).add(key)
    out = []
    for *row, notification, case, case_person in rows:
        linked = persons.get(row[0], set())
        about = sorted(linked | {case_person} if case_person else linked)
        flag = True if notification else None  # only a notification is marked (docs/interchange.md#notifications)
        out.append((*row[1:], min(linked, default=None), flag, about or None, cases.get(case)))
    return frame(BY_NAME["inquiries"], out)


def _with_named_inquiries(inquiries: pl.DataFrame, assessments: pl.DataFrame, cases: dict[int, str]) -> pl.DataFrame:
    """Add the inquiries that exported assessments name but that lie outside the years."""
    named = set(assessments.get_column("inquiry_id").drop_nulls().to_list())
    missing = named - set(inquiries.get_column("inquiry_id").to_list())
    if not missing:
        return inquiries
    return pl.concat([inquiries, _inquiry_rows(Inquiry.objects.filter(external_id__in=missing), cases)])


def _assessments(window: _Window, cases: dict[int, str]) -> pl.DataFrame:
    rows = Assessment.objects.filter(window.q("first_interview_on")).values_list(
        "external_id",
        "case__person__key",
        "inquiry__external_id",
        "first_interview_on",
        "assessed_by",
        "referrer_type",
        "referrer_org",
        "outcome",
        "case_id",
    )
    return frame(BY_NAME["assessments"], ((*row[:-1], cases.get(row[-1])) for row in rows.iterator(chunk_size=5000)))


def _decisions(window: _Window, cases: dict[int, str]) -> pl.DataFrame:
    rows = Decision.objects.filter(window.q("decided_on")).values_list(
        "external_id",
        "case__person__key",
        "decided_on",
        "authority",
        "identified",
        "age_at_decision",
        "contact_actor_type",
        "contact_actor_org",
        "primary_exploitation",
        "secondary_exploitation",
        "sector",
        "crime_type",
        "exploitation_place",
        "case__unaccompanied__id",
        "case_id",
    )
    complexes = _complex_codes()
    return frame(
        BY_NAME["decisions"],
        (
            (
                *row[:9],
                row[9] or None,
                *row[10:-2],
                _unaccompanied(row[5], row[-2]),
                cases.get(row[-1]),
                complexes.get(row[-1]),
            )
            for row in rows.iterator(chunk_size=5000)
        ),
    )


def _complex_codes() -> dict[int, list[str]]:
    """Case pk -> the codes of the case complexes it belongs to (opaque UUIDs, never a name)."""
    links = CaseComplex.cases.through.objects.values_list("case_id", "casecomplex__code").order_by("casecomplex__code")
    out: dict[int, list[str]] = {}
    for case, code in links.iterator(chunk_size=5000):
        out.setdefault(case, []).append(str(code))
    return out


def _unaccompanied(age: int | None, record: int | None) -> bool:
    """An unaccompanied minor when decided: the case is one, and the person was under 18 (or of
    unknown age) on the decision date (docs/definitions.md#children)."""
    return record is not None and (age is None or age < 18)


def _returns(window: _Window) -> pl.DataFrame:
    rows = ReturnPlan.objects.filter(window.q("departed_on"), status=ReturnStatus.DEPARTED).values_list(
        "case__person__key", "departed_on", "destination", "in_kind_dkk", "cash_dkk", "children"
    )
    return frame(BY_NAME["returns"], rows.iterator(chunk_size=5000))


def _police_reports(window: _Window) -> pl.DataFrame:
    """One row per report with its latest outcome (format 1.2); assisting is yes, no or empty."""
    latest = ReportOutcome.objects.filter(report=OuterRef("pk")).order_by("-on", "-id")
    rows = (
        PoliceReport.objects.filter(window.q("filed_on"))
        .annotate(last=Subquery(latest.values("outcome")[:1]), last_on=Subquery(latest.values("on")[:1]))
        .values_list(
            "case__person__key",
            "filed_on",
            "filed_by",
            "legal_basis",
            "police_district",
            "anonymous",
            "assists_investigation",
            "last",
            "last_on",
        )
    )
    assists = {"yes": True, "no": False}
    return frame(
        BY_NAME["police_reports"],
        ((*row[:6], assists.get(row[6]), row[7] or "", row[8]) for row in rows.iterator(chunk_size=5000)),
    )


def _no_police_report(window: _Window) -> pl.DataFrame:
    """Every recorded reason for not reporting (format 1.2); the statistics take the one in force."""
    rows = NoPoliceReport.objects.filter(window.q("recorded_on")).values_list(
        "case__person__key", "recorded_on", "reason"
    )
    return frame(BY_NAME["no_police_report"], rows.iterator(chunk_size=5000))


def _statuses(window: _Window) -> pl.DataFrame:
    rows = list(StatusRecord.objects.filter(window.q("as_of")).values_list("person__key", "as_of", "status"))
    return frame(BY_NAME["statuses"], rows + _derived_statuses(window))


def _derived_statuses(window: _Window) -> list[tuple[str, date, str]]:
    """The status at each year end of a person's positive decisions, derived from the events
    where no record gives one (module docstring). A handful of queries, not one per person."""
    ends: set[tuple[str, date]] = set()
    for key, decided in Decision.objects.filter(identified=True).values_list("case__person__key", "decided_on"):
        end = date(decided.year, 12, 31)
        if window.contains(end):
            ends.add((key, end))
    if not ends:
        return []
    recorded: dict[str, date] = {}
    for key, as_of in StatusRecord.objects.values_list("person__key", "as_of"):
        recorded[key] = min(as_of, recorded.get(key, as_of))
    departed = _by_person(
        ReturnPlan.objects.filter(status=ReturnStatus.DEPARTED).values_list("case__person__key", "departed_on")
    )
    # Support runs in a case not closed by the year end (a closed case's support ended with it).
    periods = _by_person(
        ReflectionPeriod.objects.values_list("case__person__key", "starts_on", "ends_on", "case__closed_on")
    )
    stays = _by_person(Stay.objects.values_list("case__person__key", "from_on", "to_on", "case__closed_on"))
    # Offers and plans have no end of their own: they run while their case is open.
    offers = _by_person(
        Offer.objects.values_list("case__person__key", "given_on", "case__closed_on", "case__closed_on")
    )
    plans = _by_person(
        ReturnPlan.objects.filter(status__in=[ReturnStatus.SUBMITTED, ReturnStatus.APPROVED]).values_list(
            "case__person__key", "applied_on", "case__closed_on", "case__closed_on"
        )
    )
    exits = _by_person(
        Case.objects.filter(closed_on__isnull=False).exclude(exit="").values_list("person__key", "closed_on", "exit")
    )
    out = []
    for key, end in sorted(ends):
        if key in recorded and recorded[key] <= end:
            continue
        if any(on is not None and on <= end for (on,) in departed.get(key, [])):
            out.append((key, end, "prepared_return"))
        elif any(
            start <= end and (stop is None or stop >= end) and (closed is None or closed > end)
            for source in (periods, stays, offers, plans)
            for start, stop, closed in source.get(key, [])
        ):
            out.append((key, end, "receiving_support"))
        elif closed_by_then := [(on, code) for on, code in exits.get(key, []) if on <= end]:
            out.append((key, end, max(closed_by_then)[1]))
    return out


def _by_person(rows: Any) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    for key, *rest in rows.iterator(chunk_size=5000):
        out.setdefault(key, []).append(tuple(rest))
    return out


def _court(window: _Window) -> pl.DataFrame:
    spec = BY_NAME["court_statistics"]
    names = [c.name for c in spec.columns]
    return frame(spec, CourtStatistic.objects.filter(window.years()).values_list(*names))


def _historical(window: _Window) -> pl.DataFrame:
    spec = BY_NAME["historical_identified"]
    names = [c.name for c in spec.columns]
    return frame(spec, HistoricalIdentified.objects.filter(window.years()).values_list(*names))
