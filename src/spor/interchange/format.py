"""The interchange format, version 1.2 (docs/definitions.md#interchange-format), defined once.

Version 1.1 adds optional columns only (`age_at_decision` in decisions; `children`,
`other_or_undetermined`, `inquiries`, `assessed` in historical_identified), so a 1.0 folder
reads as it did. Version 1.2 adds optional columns to police_reports (`assists_investigation`,
`outcome`, `outcome_on`) and assessments (`outcome`), and the optional file `no_police_report`
(why no report was filed); the export writes 1.2.

A folder of UTF-8 CSV files with a header row. Each file is a list of `Column`s: its name, its
kind (how a cell is parsed) and, for code columns, the vocabulary it draws from. The reader
(`spor.interchange.reader`) validates against these definitions; the exporter and the
statistics engine use the same names, so a column is spelled in exactly one place.

Kinds:
- `id`: free text identifier, unique within its file when `unique` is set.
- `ref`: a `person_id` / `inquiry_id` that must exist in the file named by `ref`.
- `date`: ISO 8601 `YYYY-MM-DD`.
- `int`: a whole number (`minimum` applies).
- `code`: one code of `codes`.
- `codes`: several codes of `codes` separated by `;`.
- `nationality` / `nationalities`: nationality codes (`spor.nationalities.is_valid`).
- `yesno`: `yes` or `no`.
- `text`: anything (organisation names, police districts as recorded).
- `ids`: several free identifiers separated by `;`.

An empty cell is unknown; `required` columns must not be empty.

Derived columns (`derived`) are extra columns the export writes from the registry's structure for
the dark-figure estimate (docs/interchange.md, "Derived columns"): `person_ids` of an inquiry
(every person it is about), `case_id` of inquiries, assessments and decisions (the records of
one case share it) and `complex_ids` of a decision (the opaque codes of the case complexes its
case belongs to, docs/definitions.md#case-complexes). They are pseudonymous (made of ids the
folder already carries, or random codes), optional in a folder, kept by the reader, never
compared or imported: an import builds its cases by its own rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from spor import vocabulary as v

VERSION = "1.2"
#: The versions the reader accepts (docs/definitions.md#versions).
READS = ("1.0", "1.1", "1.2")

UNITS = ("counts", "persons")
HISTORICAL_BREAKDOWN = (
    "female",
    "male",
    "trans",
    "sexual",
    "forced_labour",
    "criminal",
    "slavery_like",
    "other",
    "undetermined",
)
HISTORICAL_1_1 = ("children", "other_or_undetermined", "inquiries", "assessed")
#: The codes of an assessment's outcome (the case registry's `AssessmentOutcome`, docs/definitions.md#assessment).
ASSESSMENT_OUTCOMES = (
    "pending",
    "put_to_decision",
    "closed_no_indicators",
    "withdrawn",
    "contact_lost",
    "referred_elsewhere",
)


def _codes(choices: type[v.models.TextChoices]) -> tuple[str, ...]:
    return tuple(str(c) for c in choices.values)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    codes: tuple[str, ...] = ()
    unique: bool = False
    ref: str = ""
    minimum: int | None = None
    derived: bool = False
    #: The format version that added the column (an optional column of a later version may be
    #: missing from an earlier version's folder).
    since: str = "1.0"


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: tuple[Column, ...]
    #: Columns of which at least one must be in the header (birth_date or birth_year).
    one_of: tuple[str, ...] = ()
    optional_file: bool = True
    key: str = ""
    #: Columns that together may appear only once (beyond the single `unique` columns).
    unique_together: tuple[str, ...] = ()

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


ACTOR = _codes(v.ActorType)
EXPLOITATION = _codes(v.Exploitation)

PERSONS = FileSpec(
    "persons",
    (
        Column("person_id", "id", required=True, unique=True),
        Column("gender", "code", codes=_codes(v.Gender)),
        Column("birth_date", "date"),
        Column("birth_year", "int", minimum=1900),
        Column("nationality", "nationalities"),
        Column("residence_status", "code", codes=_codes(v.ResidenceStatus)),
        # Derived: the person's answer in force to sharing for research (docs/interchange.md#derived-columns).
        Column("research_consent", "yesno", derived=True),
    ),
    one_of=("birth_date", "birth_year"),
    optional_file=False,
    key="person_id",
)

INQUIRIES = FileSpec(
    "inquiries",
    (
        Column("inquiry_id", "id", required=True, unique=True),
        Column("received_on", "date", required=True),
        Column("channel", "code", codes=_codes(v.Channel)),
        Column("sender_type", "code", codes=ACTOR),
        Column("sender_org", "text"),
        Column("person_id", "ref", ref="persons"),
        # `yes` for an anonymous notification: a partner's referral without the person's consent,
        # which never names a person (docs/definitions.md#anonymous-notifications); else empty.
        # Optional, so folders without it read as before.
        Column("notification", "yesno", since="1.1"),
        Column("person_ids", "ids", derived=True),
        Column("case_id", "text", derived=True),
    ),
    key="inquiry_id",
)

ASSESSMENTS = FileSpec(
    "assessments",
    (
        Column("assessment_id", "id", required=True, unique=True),
        Column("person_id", "ref", required=True, ref="persons"),
        Column("inquiry_id", "ref", ref="inquiries"),
        Column("first_interview_on", "date", required=True),
        Column("assessed_by", "code", codes=("cmm", "dis")),
        Column("referrer_type", "code", codes=ACTOR),
        Column("referrer_org", "text"),
        # How the assessment ended (docs/definitions.md#assessmentscsv); optional, so folders
        # without it read as before. It tells a presumed victim from an assessment that ended
        # without signs of trafficking (docs/reporting.md#registered-victims).
        Column("outcome", "code", codes=ASSESSMENT_OUTCOMES, since="1.2"),
        Column("case_id", "text", derived=True),
    ),
    key="assessment_id",
)

DECISIONS = FileSpec(
    "decisions",
    (
        Column("decision_id", "id", required=True, unique=True),
        Column("person_id", "ref", required=True, ref="persons"),
        Column("decided_on", "date", required=True),
        Column("authority", "code", codes=_codes(v.Authority)),
        Column("identified", "yesno", required=True),
        Column("age_at_decision", "int", minimum=0, since="1.1"),
        Column("contact_actor_type", "code", codes=ACTOR),
        Column("contact_actor_org", "text"),
        Column("primary_exploitation", "code", codes=EXPLOITATION),
        Column("secondary_exploitation", "codes", codes=EXPLOITATION),
        Column("sector", "code", codes=_codes(v.Sector)),
        Column("crime_type", "code", codes=_codes(v.CrimeType)),
        Column("exploitation_place", "code", codes=_codes(v.ExploitationPlace)),
        # An unaccompanied minor when decided (docs/definitions.md#children); optional, empty = unknown.
        # Derived: written from the registry's case record and never compared (a 1.0 folder has no
        # flag to compare); an import marks the case (its representative stays to be recorded).
        Column("unaccompanied_minor", "yesno", since="1.1", derived=True),
        Column("case_id", "text", derived=True),
        Column("complex_ids", "ids", derived=True),
    ),
    key="decision_id",
)

RETURNS = FileSpec(
    "returns",
    (
        Column("person_id", "ref", required=True, ref="persons"),
        Column("departed_on", "date", required=True),
        Column("destination", "nationality"),
        Column("in_kind_dkk", "int", minimum=0),
        Column("cash_dkk", "int", minimum=0),
        Column("children", "int", minimum=0),
    ),
)

POLICE_REPORTS = FileSpec(
    "police_reports",
    (
        Column("person_id", "ref", required=True, ref="persons"),
        Column("filed_on", "date", required=True),
        Column("filed_by", "code", codes=_codes(v.PoliceReportFiler)),
        Column("legal_basis", "code", codes=_codes(v.LegalBasis)),
        Column("police_district", "text"),
        Column("anonymous", "yesno"),
        # 1.2: whether the person assists the investigation, and how far the report went (the
        # latest step: the court statistics' categories, or dropped) with its date.
        Column("assists_investigation", "yesno", since="1.2"),
        Column("outcome", "code", codes=_codes(v.PoliceReportOutcome), since="1.2"),
        Column("outcome_on", "date", since="1.2"),
    ),
)

#: 1.2: why no police report was filed for a person (the reason in force on `recorded_on`).
NO_POLICE_REPORT = FileSpec(
    "no_police_report",
    (
        Column("person_id", "ref", required=True, ref="persons", since="1.2"),
        Column("recorded_on", "date", required=True, since="1.2"),
        Column("reason", "code", required=True, codes=_codes(v.NoReportReason), since="1.2"),
    ),
)

STATUSES = FileSpec(
    "statuses",
    (
        Column("person_id", "ref", required=True, ref="persons"),
        Column("as_of", "date", required=True),
        Column("status", "code", required=True, codes=_codes(v.YearEndStatus)),
    ),
)

COURT_STATISTICS = FileSpec(
    "court_statistics",
    (
        Column("year", "int", required=True, minimum=1900),
        Column("unit", "code", required=True, codes=UNITS),
        Column("charges", "int", minimum=0),
        Column("indictments", "int", minimum=0),
        Column("convictions", "int", minimum=0),
    ),
    unique_together=("year", "unit"),
)

HISTORICAL_IDENTIFIED = FileSpec(
    "historical_identified",
    (
        Column("year", "int", required=True, unique=True, minimum=1900),
        Column("total", "int", required=True, minimum=0),
        *(Column(name, "int", minimum=0) for name in HISTORICAL_BREAKDOWN),
        *(Column(name, "int", minimum=0, since="1.1") for name in HISTORICAL_1_1),
    ),
)

#: Every file of the format, in reading order: persons first, since the others refer to it.
FILES: tuple[FileSpec, ...] = (
    PERSONS,
    INQUIRIES,
    ASSESSMENTS,
    DECISIONS,
    RETURNS,
    POLICE_REPORTS,
    NO_POLICE_REPORT,
    STATUSES,
    COURT_STATISTICS,
    HISTORICAL_IDENTIFIED,
)

BY_NAME: dict[str, FileSpec] = {spec.name: spec for spec in FILES}
