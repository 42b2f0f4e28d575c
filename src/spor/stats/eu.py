"""The EU data collection on trafficking in human beings: the tables Denmark reports onward.

`spor report --year Y --eu --out DIR` writes them (docs/reporting.md#eu-data-collection). They are
computed from the same flat tables as the yearly publication (`spor.stats.extract.Tables`), from
the registry or from an interchange folder:

- **registered victims** of year Y are the identified victims (the [identified cohort]
  (docs/definitions.md#identified-cohort)) and the presumed victims (persons assessed in Y with no
  decision by the year end and an assessment not ended without signs), each also separately, by
  registering organisation, sex, age group, citizenship group, citizenship and form of exploitation;
- **suspects, prosecuted and convicted persons** come from the imported court statistics, with
  their unit, and only the totals those statistics carry.

Eurostat's convention: 0 means none known, an empty cell means unknown or not available. A figure
whose source file is absent is empty, never 0 (docs/definitions.md#absent-is-never-zero).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from spor import nationalities
from spor import vocabulary as v
from spor.common.cells import neutralise, safe_rows
from spor.stats.extract import Tables
from spor.stats.figures import cohort, with_age

#: Age on the date of the decision (identified) or of the first interview (presumed).
AGE_GROUPS = ("0-11", "12-17", "18+", "unknown")
#: Spor's gender codes; Eurostat's sex has female, male and unknown only, so `trans` is shown on
#: its own row and left to the national rapporteur to place (docs/reporting.md#registered-victims).
SEXES = ("female", "male", "trans", "unknown")
#: The EU's 27 member states since 1 February 2020, as ISO 3166-1 codes (Greece is GR, not EL).
EU_MEMBERS = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    }
)  # fmt: skip
REPORTING_COUNTRY = "DK"
CITIZENSHIP_GROUPS = ("reporting_country", "other_eu", "non_eu", "stateless", "unknown")
#: Spor's exploitation code -> the form of exploitation of the EU collection (Directive 2011/36/EU
#: as amended by Directive (EU) 2024/1712). One place; every code of the vocabulary is mapped.
EXPLOITATION_FORMS: dict[str, str] = {
    "sexual_prostitution": "sexual_exploitation",
    "sexual_other": "sexual_exploitation",
    "forced_labour": "labour_exploitation",
    "criminal": "criminal_activities",
    "slavery_like": "other",
    "organ_removal": "removal_of_organs",
    "forced_marriage": "forced_marriage",
    "illegal_adoption": "illegal_adoption",
    "surrogacy": "surrogacy",
    "other": "other",
    "undetermined": "unknown",
}
FORMS = (
    "sexual_exploitation",
    "labour_exploitation",
    "criminal_activities",
    "removal_of_organs",
    "forced_marriage",
    "illegal_adoption",
    "surrogacy",
    "other",
    "unknown",
)
#: Who registered the victim: the deciding authority (identified) or who assessed (presumed).
ORGANISATIONS = ("cmm", "dis", "court", "unknown")
#: How an assessment ended that makes the person no presumed victim (docs/reporting.md#registered-victims).
NOT_PRESUMED = ("closed_no_indicators", "withdrawn", "contact_lost", "referred_elsewhere")
STATUSES = ("identified", "presumed", "registered")
DIMENSIONS = ("registering_organisation", "sex", "age_group", "citizenship_group", "citizenship", "exploitation")


@dataclass
class EuTables:
    year: int
    #: One row per registered victim: status and the six dimensions (never a person id).
    victims: pl.DataFrame
    #: Which statuses could be counted: an absent source makes the status's cells empty.
    known: dict[str, bool]
    court: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)

    def table(self, dimension: str) -> list[dict[str, Any]]:
        """Rows of code and the three statuses' counts for one dimension (None where unknown)."""
        codes = _codes(dimension, self.victims)
        out = []
        for code in codes:
            row: dict[str, Any] = {"code": code}
            for status in STATUSES:
                row[status] = self._count(status, pl.col(dimension) == code)
            out.append(row)
        total: dict[str, Any] = {"code": "total"}
        for status in STATUSES:
            total[status] = self._count(status, pl.lit(True))
        return [*out, total]

    def _count(self, status: str, where: pl.Expr) -> int | None:
        if not self.known[status]:
            return None
        frame = self.victims if status == "registered" else self.victims.filter(pl.col("status") == status)
        return int(frame.filter(where).height)


def eu_tables(t: Tables, year: int) -> EuTables:
    """The registered victims of `year` and the court figures (module docstring)."""
    warnings: list[str] = []
    identified_known = t.has("decisions")
    presumed_known = t.has("assessments") and t.has("decisions")
    frames = []
    if identified_known:
        people = cohort(t, year)
        frames.append(
            people.select(
                pl.lit("identified").alias("status"),
                pl.col("authority").fill_null("unknown").alias("registering_organisation"),
                pl.col("gender").alias("sex"),
                pl.col("age"),
                pl.col("nationality").alias("citizenship"),
                pl.col("primary_exploitation").alias("exploitation"),
            )
        )
    else:
        warnings.append("decisions.csv")
    if presumed_known:
        frames.append(_presumed(t, year, warnings))
    elif identified_known:
        warnings.append("assessments.csv")
    victims = pl.concat(frames, how="vertical_relaxed") if frames else _empty()
    victims = dimensions(victims)
    known = {
        "identified": identified_known,
        "presumed": presumed_known,
        "registered": identified_known and presumed_known,
    }
    return EuTables(year, victims, known, _court(t, year), warnings)


def _presumed(t: Tables, year: int, warnings: list[str]) -> pl.DataFrame:
    """Persons assessed in `year`, not identified in it, with no decision from their first
    interview to the year end, whose assessment did not end without signs of trafficking."""
    year_end = dt.date(year, 12, 31)
    assessed = t.assessments.filter(pl.col("first_interview_on").dt.year() == year)
    if assessed.get_column("outcome").is_null().any():
        warnings.append("assessments.csv: outcome")
    first = (
        assessed.filter(~pl.col("outcome").is_in(NOT_PRESUMED).fill_null(False))
        .sort("first_interview_on", "assessment_id")
        .unique("person_id", keep="first", maintain_order=True)
    )
    decided = (
        first.select("person_id", "first_interview_on")
        .join(t.decisions.select("person_id", "decided_on"), on="person_id")
        .filter((pl.col("decided_on") >= pl.col("first_interview_on")) & (pl.col("decided_on") <= year_end))
        .get_column("person_id")
    )
    identified = t.decisions.filter(pl.col("identified") & (pl.col("decided_on").dt.year() == year))
    out = first.filter(
        ~pl.col("person_id").is_in(decided.implode()) & ~pl.col("person_id").is_in(identified["person_id"].implode())
    )
    out = with_age(t, out, on="first_interview_on")
    out = out.join(t.persons.select("person_id", "gender", "nationality"), on="person_id", how="left")
    return out.select(
        pl.lit("presumed").alias("status"),
        pl.col("assessed_by").fill_null("unknown").alias("registering_organisation"),
        pl.col("gender").fill_null("unknown").alias("sex"),
        pl.col("age"),
        pl.col("nationality").fill_null("ZZ").alias("citizenship"),
        # A presumed victim has no decision, so no recorded form of exploitation.
        pl.lit(None, dtype=pl.Utf8).alias("exploitation"),
    )


def _empty() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "status": pl.Utf8,
            "registering_organisation": pl.Utf8,
            "sex": pl.Utf8,
            "age": pl.Int64,
            "citizenship": pl.Utf8,
            "exploitation": pl.Utf8,
        }
    )


def dimensions(frame: pl.DataFrame) -> pl.DataFrame:
    country = pl.col("citizenship").str.slice(0, 2)
    age = pl.col("age")
    return frame.with_columns(
        pl.when(age.is_null())
        .then(pl.lit("unknown"))
        .when(age < 12)
        .then(pl.lit("0-11"))
        .when(age < 18)
        .then(pl.lit("12-17"))
        .otherwise(pl.lit("18+"))
        .alias("age_group"),
        pl.when(pl.col("citizenship").is_null() | (pl.col("citizenship") == "ZZ"))
        .then(pl.lit("unknown"))
        .when(pl.col("citizenship") == "XX")
        .then(pl.lit("stateless"))
        .when(country == REPORTING_COUNTRY)
        .then(pl.lit("reporting_country"))
        .when(country.is_in(list(EU_MEMBERS)))
        .then(pl.lit("other_eu"))
        .otherwise(pl.lit("non_eu"))
        .alias("citizenship_group"),
        pl.col("exploitation").replace_strict(EXPLOITATION_FORMS, default="unknown").fill_null("unknown"),
        pl.col("sex").replace_strict({"female": "female", "male": "male", "trans": "trans"}, default="unknown"),
        *(
            [pl.col("registering_organisation").replace_strict({o: o for o in ORGANISATIONS}, default="unknown")]
            if "registering_organisation" in frame.columns
            else []
        ),
    ).drop("age")


def _codes(dimension: str, victims: pl.DataFrame) -> list[str]:
    fixed = {
        "registering_organisation": ORGANISATIONS,
        "sex": SEXES,
        "age_group": AGE_GROUPS,
        "citizenship_group": CITIZENSHIP_GROUPS,
        "exploitation": FORMS,
    }
    if dimension in fixed:
        return list(fixed[dimension])
    # An open set (docs/definitions.md#maps-over-vocabularies): the codes present, by count.
    found = victims.group_by(dimension).len().sort(["len", dimension], descending=[True, False])
    return [str(c) for c in found.get_column(dimension).to_list()]


def _court(t: Tables, year: int) -> list[dict[str, Any]]:
    """Suspects (charges), prosecuted (indictments), convicted (convictions) by unit; None where
    the court statistics have no figure for the year."""
    rows = {r["unit"]: r for r in t.court.filter(pl.col("year") == year).iter_rows(named=True)}
    out = []
    for measure, column in (("suspects", "charges"), ("prosecuted", "indictments"), ("convicted", "convictions")):
        out.append(
            {
                "measure": measure,
                "persons": rows.get("persons", {}).get(column),
                "counts": rows.get("counts", {}).get(column),
            }
        )
    return out


# --- writing ------------------------------------------------------------------------------------


def label(dimension: str, code: str, lang: str) -> str:
    """The code's name in `lang` (Danish first), for the label columns."""
    with translation.override(lang):
        if code == "total":
            return _("I alt")
        if dimension == "citizenship":
            return nationalities.name(code, lang)
        labels: dict[str, Callable[[], str]] = {
            "cmm": lambda: _("Center mod Menneskehandel"),
            "dis": lambda: _("Udlændingestyrelsen"),
            "court": lambda: _("Domstol"),
            "reporting_country": lambda: _("Danmark (indberettende land)"),
            "other_eu": lambda: _("Andet EU-land"),
            "non_eu": lambda: _("Land uden for EU"),
            "stateless": lambda: _("Statsløs"),
            "sexual_exploitation": lambda: _("Seksuel udnyttelse"),
            "labour_exploitation": lambda: _("Arbejdsudnyttelse"),
            "criminal_activities": lambda: _("Udnyttelse til kriminelle handlinger"),
            "removal_of_organs": lambda: _("Fjernelse af organer"),
            "forced_marriage": lambda: _("Tvangsægteskab"),
            "illegal_adoption": lambda: _("Ulovlig adoption"),
            "surrogacy": lambda: _("Udnyttelse af surrogatmoderskab"),
            "other": lambda: _("Andet"),
            "unknown": lambda: _("Ukendt"),
            "0-11": lambda: _("0-11 år"),
            "12-17": lambda: _("12-17 år"),
            "18+": lambda: _("18 år og derover"),
        }
        if code in labels:
            return labels[code]()
        if dimension == "sex":
            return str(v.Gender(code).label)
        return code


def write_eu(tables: EuTables, out: Path) -> list[Path]:
    """CSV per table, one workbook, and README.md in `out` (created); returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    sheets: list[tuple[str, list[list[Any]]]] = []
    for dimension in DIMENSIONS:
        rows = tables.table(dimension)
        header = [dimension, "label_da", "label_en", *STATUSES]
        body = [
            [r["code"], label(dimension, r["code"], "da"), label(dimension, r["code"], "en"), *(r[s] for s in STATUSES)]
            for r in rows
        ]
        paths.append(_csv(out / f"registered_victims_by_{dimension}.csv", header, body))
        sheets.append((dimension, [header, *body]))
    cross = tables.victims.group_by("status", *DIMENSIONS).len("count").sort("status", *DIMENSIONS)
    header = ["status", *DIMENSIONS, "count"]
    body = [list(r) for r in cross.iter_rows()]
    paths.append(_csv(out / "registered_victims.csv", header, body))
    sheets.append(("alldimensions", [header, *body]))
    header = ["measure", "persons", "counts"]
    body = [[r["measure"], r["persons"], r["counts"]] for r in tables.court]
    paths.append(_csv(out / "offenders.csv", header, body))
    sheets.append(("offenders", [header, *body]))
    paths.append(_workbook(out / f"eu_{tables.year}.xlsx", sheets))
    readme = out / "README.md"
    readme.write_text(readme_text(tables), encoding="utf-8")
    paths.append(readme)
    return paths


def _csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        # None is an empty cell: unknown / not available, never 0 (module docstring).
        writer.writerows(safe_rows(["" if c is None else c for c in row] for row in rows))
    return path


def _workbook(path: Path, sheets: list[tuple[str, list[list[Any]]]]) -> Path:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, rows in sheets:
        sheet = book.create_sheet(name[:31])
        for n, row in enumerate(rows):
            sheet.append([neutralise(c) for c in row])
            if n == 0:
                for cell in sheet[1]:
                    cell.font = Font(bold=True)
    book.save(path)
    return path


def readme_text(tables: EuTables) -> str:
    """What each file and column is and how it was computed (docs/reporting.md)."""
    y = tables.year
    lines = [
        f"# EU data collection on trafficking in human beings, {y} (Spor)",
        "",
        "Computed by `spor report --eu` from the same extract as the yearly publication.",
        "Eurostat's convention: **0 means none known; an empty cell means unknown or not available.**",
        "",
        "| file | column | how it is computed |",
        "|---|---|---|",
        f"| registered_victims_by_*.csv | identified | persons with a positive decision dated in {y} "
        "(the identified cohort of CMM's publication), attributes of the earliest such decision |",
        f"| registered_victims_by_*.csv | presumed | persons whose first interview of an assessment fell in {y}, "
        "who are not identified in the year, have no decision from that interview to 31 December, and whose "
        "assessment did not end without signs of trafficking (closed without indicators, withdrawn, contact lost, "
        "referred elsewhere). **Not part of CMM's own publication.** |",
        "| registered_victims_by_*.csv | registered | identified + presumed (disjoint) |",
        "| registered_victims_by_registering_organisation.csv | registering_organisation | the deciding authority "
        "(identified) or who assessed (presumed): cmm (the centre), dis (the Immigration Service), court |",
        "| registered_victims_by_sex.csv | sex | female, male, trans, unknown. Eurostat's sex has female, male and "
        "unknown: trans persons are shown on their own row for the rapporteur to place |",
        "| registered_victims_by_age_group.csv | age_group | 0-11, 12-17, 18+, unknown: the age on the decision "
        "date (identified; the age stored at the decision) or on the first interview (presumed) |",
        "| registered_victims_by_citizenship_group.csv | citizenship_group | the primary nationality: Denmark, "
        "another EU-27 member, outside the EU, stateless (XX), unknown (ZZ or empty) |",
        "| registered_victims_by_citizenship.csv | citizenship | the primary nationality as ISO 3166 code "
        "(a subdivision such as RU-CE counts under its country for the EU grouping) |",
        "| registered_victims_by_exploitation.csv | exploitation | the primary form of the decision: the two "
        "sexual codes -> sexual exploitation, forced labour -> labour exploitation, forced criminal activity -> "
        "criminal activities, slavery-like conditions -> other; a presumed victim has no decision and counts "
        "as unknown |",
        "| registered_victims.csv | all | one row per combination of status and the six dimensions, with its count |",
        "| offenders.csv | suspects / prosecuted / convicted | the court statistics' charges, indictments and "
        "convictions under § 262 a for the year, in persons and in counts (per charge) as imported; empty "
        "where not given. The court statistics carry totals only: no breakdown by sex, age or citizenship "
        "is available |",
        "| eu_YEAR.xlsx | | the same tables, one sheet each |",
        "",
    ]
    absent = list(tables.warnings)
    if absent:
        lines += ["## Warnings", ""]
        lines += [f"- not available in the source: {w}" for w in absent]
        lines.append("")
    return "\n".join(lines)
