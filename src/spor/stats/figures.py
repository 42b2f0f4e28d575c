"""The figures of the yearly statistics: pure functions of the flat tables (docs/definitions.md#statistics).

Each public function takes `Tables` and the report year and returns the part of report.json it
names (docs/definitions.md#report-json). Nothing here reads files or the database, and no renderer computes a
figure.

Why polars: the reader already yields polars tables, so figures run on them without a copy; its
expressions are vectorised and multi-threaded (a million persons in well under a second per
figure), they compose in Python (a rule such as "the earliest positive decision in Y gives the
attributes" is a sort and a `unique(keep="first")`, testable and reused), and there is no SQL
text to keep in step with the vocabulary. DuckDB is as fast on the headline counts (see
bench/stats.py, which runs it as a baseline) but would mean either SQL strings or a second
dataframe layer.

Empty cells count as docs/definitions.md#cohort-attributes says: gender `unknown`, contact actor `other`, primary
exploitation `undetermined`; likewise an empty channel, sender or referrer type counts as
`other`, an empty sector or crime type as `unknown`, an empty nationality as `ZZ`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import polars as pl

from spor import vocabulary as v
from spor.stats.extract import Tables

GENDERS = [str(c) for c in v.Gender.values]
GROUPS = [str(c) for c in v.ExploitationGroup.values]
DETAIL = [str(c) for c in v.Exploitation.values]
ACTORS = [str(c) for c in v.ActorType.values]
SECTORS = [str(c) for c in v.Sector.values]
CRIMES = [*(str(c) for c in v.CrimeType.values), "unknown"]
STATUSES = [*(str(c) for c in v.YearEndStatus.values), "unknown"]
AUTHORITIES = [str(c) for c in v.Authority.values]
CHANNELS = [str(c) for c in v.Channel.values]
BASES = [str(c) for c in v.LegalBasis.values]
NO_REPORT_REASONS = [*(str(c) for c in v.NoReportReason.values), "unknown"]
REPORT_OUTCOMES = [*(str(c) for c in v.PoliceReportOutcome.values), "unknown"]
NOT_COUNTRIES = ("XX", "ZZ")
HISTORICAL_GENDERS = ("female", "male", "trans")
HISTORICAL_GROUPS = ("sexual", "forced_labour", "criminal", "slavery_like", "other", "undetermined")
AGE_GROUPS = ["adult", "minor", "unknown"]


def change_pct(this: int | None, previous: int | None) -> int | None:
    """(this / previous - 1) x 100, rounded half up; None without a previous non-zero figure.

    See docs/definitions.md#change-in-per-cent.
    """
    if this is None or not previous:
        return None
    value = (Decimal(this) - Decimal(previous)) * 100 / Decimal(previous)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def counts(frame: pl.DataFrame, column: str, codes: list[str] | None = None) -> dict[str, int]:
    """{code: n} of `column`; over a vocabulary (`codes`) every code, zeros included.

    See docs/definitions.md#maps-over-vocabularies.
    """
    found = dict(frame.group_by(column).len().iter_rows()) if frame.height else {}
    if codes is None:
        return {str(k): int(n) for k, n in sorted(found.items(), key=lambda kv: (-kv[1], str(kv[0])))}
    extra = {str(k): int(n) for k, n in found.items() if k not in codes}
    return {code: int(found.get(code, 0)) for code in codes} | extra


def in_year(column: str, year: int) -> pl.Expr:
    return pl.col(column).dt.year() == year


# --- the cohort ---------------------------------------------------------------------------------


def positives(t: Tables) -> pl.DataFrame:
    """Positive decisions with `year`, `gender` and `nationality` of the person, in no particular
    order (sort a subset where order matters)."""
    return t.identifications


def cohort(t: Tables, year: int) -> pl.DataFrame:
    """One row per person identified in `year`: the earliest positive decision in the year, with
    the person's attributes, the exploitation group, the age at the decision and the age group."""
    # The earliest positive decision of the year gives the attributes (ties: the smallest id).
    in_y = positives(t).filter(pl.col("year") == year).sort("decided_on", "decision_id")
    first = in_y.unique("person_id", keep="first", maintain_order=True)
    frame = with_age(t, first.join(t.persons.select("person_id", "residence_status"), on="person_id", how="left"))
    primary = pl.col("primary_exploitation").fill_null("undetermined")
    return frame.with_columns(
        pl.col("gender").fill_null("unknown"),
        pl.col("contact_actor_type").fill_null("other"),
        primary.alias("primary_exploitation"),
        primary.replace(v.EXPLOITATION_GROUPS).alias("group"),
        pl.col("nationality").fill_null("ZZ"),
    ).with_columns(
        pl.when(pl.col("age").is_null())
        .then(pl.lit("unknown"))
        .when(pl.col("age") < 18)
        .then(pl.lit("minor"))
        .otherwise(pl.lit("adult"))
        .alias("age_group")
    )


def with_age(t: Tables, decisions: pl.DataFrame, on: str = "decided_on") -> pl.DataFrame:
    """`decisions` with `age` on the date in column `on`: the decision's `age_at_decision` where
    given (a frame without that column has none), else from the person's birth date, else the
    year of `on` minus the birth year (docs/definitions.md#ages). The EU tables use it for the age
    at a first interview."""
    born = t.persons.select("person_id", "birth_date", "birth_year")
    frame = decisions.join(born, on="person_id", how="left")
    day = pl.col(on)
    birthday_passed = (day.dt.month() > pl.col("birth_date").dt.month()) | (
        (day.dt.month() == pl.col("birth_date").dt.month()) & (day.dt.day() >= pl.col("birth_date").dt.day())
    )
    from_date = day.dt.year() - pl.col("birth_date").dt.year() - (~birthday_passed).cast(pl.Int32)
    stored = pl.col("age_at_decision") if "age_at_decision" in frame.columns else pl.lit(None, pl.Int64)
    age = (
        pl.when(stored.is_not_null())
        .then(stored)
        .when(pl.col("birth_date").is_not_null())
        .then(from_date)
        .otherwise(day.dt.year() - pl.col("birth_year"))
    )
    return frame.with_columns(age.cast(pl.Int64).alias("age")).drop("birth_date", "birth_year")


# --- sections of report.json --------------------------------------------------------------------


def inquiries(t: Tables, year: int, cohort_ids: pl.Series) -> dict[str, Any]:
    this = t.inquiries.filter(in_year("received_on", year)).with_columns(
        pl.col("channel").fill_null("other"), pl.col("sender_type").fill_null("other")
    )
    previous = t.inquiries.filter(in_year("received_on", year - 1)).height
    selves = this.filter((pl.col("sender_type") == "self") & pl.col("person_id").is_not_null())
    self_ids = selves.get_column("person_id").unique()
    return {
        "total": this.height,
        "by_channel": counts(this, "channel", CHANNELS),
        "by_sender_type": counts(this, "sender_type", ACTORS),
        "self_referred_persons": self_ids.len(),
        "self_referred_identified": int(self_ids.is_in(cohort_ids.implode()).sum()),
        "change_pct": change_pct(this.height, previous),
    }


def assessed_first(t: Tables, year: int) -> pl.DataFrame:
    """One row per person assessed in `year`: the person's earliest assessment in the year."""
    return (
        t.assessments.filter(in_year("first_interview_on", year))
        .sort("first_interview_on", "assessment_id")
        .unique("person_id", keep="first", maintain_order=True)
        .with_columns(pl.col("referrer_type").fill_null("other"))
    )


def assessed(t: Tables, year: int, funded_ngos: Sequence[str] = ()) -> dict[str, Any]:
    """The assessed of `year` (docs/definitions.md#assessed); `funded_ngos` are the organisations
    funded by the action plan, counted under their own names (case and spaces aside)."""
    first = assessed_first(t, year)
    previous = t.assessments.filter(in_year("first_interview_on", year - 1)).get_column("person_id").n_unique()
    police = first.filter(pl.col("referrer_type") == "police").with_columns(pl.col("referrer_org").fill_null("ukendt"))
    decided = positives(t).select("person_id", "decided_on").join(first.select("person_id"), on="person_id", how="semi")
    later = first.join(decided, on="person_id", how="left")
    hit = later.filter(pl.col("decided_on") >= pl.col("first_interview_on")).get_column("person_id").unique()
    shares = (
        first.with_columns(pl.col("person_id").is_in(hit.implode()).alias("hit"))
        .group_by("referrer_type")
        .agg(pl.col("hit").mean())
        .sort("referrer_type")
    )
    return {
        "total": first.height,
        "by_referrer_type": counts(first, "referrer_type", ACTORS),
        "police_by_district": counts(police, "referrer_org"),
        "identified_share_by_referrer_type": {k: round(float(s), 3) for k, s in shares.iter_rows()},
        "change_pct": change_pct(first.height, previous or None),
        "by_nationality": counts(
            first.join(t.persons.select("person_id", "nationality"), on="person_id", how="left").with_columns(
                pl.col("nationality").fill_null("ZZ")
            ),
            "nationality",
        ),
        **ngo_referrals(first, funded_ngos),
    }


def ngo_referrals(first: pl.DataFrame, funded: Sequence[str]) -> dict[str, Any]:
    """Persons referred by an NGO, by the referring organisation as recorded (empty: "ukendt"), and
    the funded organisations' own counts, every one listed (zeros included)."""
    ngo = first.filter(pl.col("referrer_type") == "ngo").with_columns(
        pl.col("referrer_org").str.strip_chars().fill_null("ukendt").replace("", "ukendt")
    )
    by_org = counts(ngo, "referrer_org")
    folded: dict[str, int] = {}
    for org, n in by_org.items():
        folded[org.casefold()] = folded.get(org.casefold(), 0) + n
    return {"ngo_by_org": by_org, "funded_ngos": {org: folded.get(org.strip().casefold(), 0) for org in funded}}


def identified(t: Tables, year: int, people: pl.DataFrame, previous_total: int | None) -> dict[str, Any]:
    before = positives(t).filter(pl.col("year") < year).get_column("person_id").unique()
    authority = pl.col("authority").fill_null(
        pl.col("residence_status").replace_strict(
            {"lawful": "cmm", "unlawful": "dis", "asylum_seeker": "dis"}, default="unknown", return_dtype=pl.Utf8
        )
    )
    secondary = people.select("person_id", "secondary_exploitation").explode("secondary_exploitation")
    secondary = secondary.drop_nulls().unique()
    return {
        "total": people.height,
        "repeat": int(people.get_column("person_id").is_in(before.implode()).sum()),
        "change_pct": change_pct(people.height, previous_total),
        "by_authority": _without_empty_unknown(counts(people.with_columns(authority), "authority", AUTHORITIES)),
        "by_contact_actor_type": counts(people, "contact_actor_type", ACTORS),
        "by_exploitation": counts(people, "group", GROUPS),
        "by_exploitation_detail": counts(people, "primary_exploitation", DETAIL),
        "secondary_exploitation": counts(secondary, "secondary_exploitation", DETAIL),
        "by_gender": counts(people, "gender", GENDERS),
        "by_gender_exploitation": _cross(people, "gender", GENDERS, "group", GROUPS),
        "by_exploitation_gender_age": {
            form: _cross(
                people.filter(pl.col("primary_exploitation") == form), "gender", GENDERS, "age_group", AGE_GROUPS
            )
            for form in DETAIL
        },
        "age": age(people),
        "under_25_by_exploitation": counts(people.filter(pl.col("age") < 25), "group", GROUPS),
        "nationalities": nationalities(t, year, people),
        "forced_labour_by_sector": counts(
            people.filter(pl.col("primary_exploitation") == "forced_labour").with_columns(
                pl.col("sector").fill_null("unknown")
            ),
            "sector",
            SECTORS,
        ),
        "forced_labour_by_sector_gender": _cross(
            people.filter(pl.col("primary_exploitation") == "forced_labour").with_columns(
                pl.col("sector").fill_null("unknown")
            ),
            "sector",
            SECTORS,
            "gender",
            GENDERS,
        ),
        "criminal_by_crime_type": counts(
            people.filter(pl.col("primary_exploitation") == "criminal").with_columns(
                pl.col("crime_type").fill_null("unknown")
            ),
            "crime_type",
            CRIMES,
        ),
        "overview": overview(people),
        **in_complex(t, people),
    }


def in_complex(t: Tables, people: pl.DataFrame) -> dict[str, Any]:
    """`in_complex`: the cohort persons whose identifying decision's case belongs to a case
    complex (docs/definitions.md#case-complexes), and how many complexes they come from. Absent
    where the decisions carry no `complex_ids` column (a folder written before it existed)."""
    if not t.has_column("decisions", "complex_ids") or "complex_ids" not in people.columns:
        return {}
    linked = people.filter(pl.col("complex_ids").list.len().fill_null(0) > 0)
    codes = linked.get_column("complex_ids").explode().drop_nulls().unique()
    return {"in_complex": {"persons": linked.height, "complexes": codes.len()}}


def _without_empty_unknown(found: dict[str, int]) -> dict[str, int]:
    return {k: n for k, n in found.items() if k in AUTHORITIES or n}


def _cross(frame: pl.DataFrame, row: str, rows: list[str], col: str, cols: list[str]) -> dict[str, dict[str, int]]:
    return {r: counts(frame.filter(pl.col(row) == r), col, cols) for r in rows}


def age(people: pl.DataFrame) -> dict[str, Any]:
    ages = people.get_column("age").drop_nulls()
    mean = ages.mean() if ages.len() else None
    return {
        "min": int(ages.min()) if ages.len() else None,  # type: ignore[arg-type]
        "max": int(ages.max()) if ages.len() else None,  # type: ignore[arg-type]
        "mean": _one_decimal(mean),
        "under_18": int((ages < 18).sum()),
        "under_25": int((ages < 25).sum()),
        "unknown": people.height - ages.len(),
    }


def _one_decimal(value: Any) -> float | None:
    """Rounded half up to one decimal (32.75 -> 32.8), not to even."""
    return None if value is None else float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def nationalities(t: Tables, year: int, people: pl.DataFrame) -> dict[str, Any]:
    codes = counts(people, "nationality")
    before = positives(t).filter(pl.col("year") < year)
    earlier = before.get_column("nationality").fill_null("ZZ").unique().to_list()
    return {
        "count": len([c for c in codes if c not in NOT_COUNTRIES]),
        "by_code": codes,
        # Without case data of an earlier year, "for the first time" cannot be told: absent, not all.
        "first_time": sorted(c for c in codes if c not in earlier) if before.height else None,
    }


def overview(people: pl.DataFrame) -> list[dict[str, Any]]:
    rows = (
        people.group_by("nationality", "gender", "age_group", "group")
        .len()
        .sort("nationality", "gender", "age_group", "group")
    )
    return [
        {"nationality": n, "gender": g, "age_group": a, "exploitation": e, "count": int(c)}
        for n, g, a, e, c in rows.iter_rows()
    ]


def returns(t: Tables, year: int, people: pl.DataFrame) -> dict[str, Any]:
    departed = t.returns.filter(in_year("departed_on", year)).with_columns(pl.col("destination").fill_null("ZZ"))
    persons = departed.unique("person_id", keep="first", maintain_order=True)
    mine = persons.join(people.select("person_id", "gender", "nationality"), on="person_id", how="inner")
    return {
        "total": persons.height,
        "cohort": mine.height,
        "earlier_cohorts": persons.height - mine.height,
        "by_destination": counts(persons, "destination"),
        "cohort_by_gender": counts(mine, "gender", GENDERS),
        "cohort_by_origin": counts(mine, "nationality"),
    }


def children(t: Tables, year: int, people: pl.DataFrame) -> dict[str, Any]:
    """Identified children (under 18 at the decision) by gender and exploitation group; of them
    the unaccompanied minors (absent when the decisions do not say); children who travelled with
    a parent on a prepared return departing in the year (docs/definitions.md#children)."""
    minors = people.filter(pl.col("age_group") == "minor")
    column = "unaccompanied_minor"
    known = column in t.decisions.columns and bool(t.decisions.get_column(column).is_not_null().any())
    departed = t.returns.filter(in_year("departed_on", year)) if t.has("returns") else None
    travelling = departed.filter(pl.col("children").fill_null(0) > 0) if departed is not None else None
    return {
        "identified": minors.height,
        "by_gender": counts(minors, "gender", GENDERS),
        "by_exploitation": counts(minors, "group", GROUPS),
        "unaccompanied": int(minors.get_column(column).fill_null(False).sum()) if known else None,
        "returned_with_parent": int(travelling.get_column("children").sum()) if travelling is not None else None,
        "returns_with_children": travelling.height if travelling is not None else None,
    }


def status_end_of_year(t: Tables, year: int, people: pl.DataFrame) -> dict[str, int]:
    """The status with the latest `as_of` not after the year end; without one, a departure on a
    prepared return not after the year end is `prepared_return`; else `unknown`.

    See docs/definitions.md#year-end-status-figures (the registry's export writes the statuses it
    derives from its other events into statuses.csv).
    """
    end = dt.date(year, 12, 31)
    latest = (
        t.statuses.join(people.select("person_id"), on="person_id", how="semi")
        .filter(pl.col("as_of") <= end)
        .sort("as_of", maintain_order=True)
        .unique("person_id", keep="last", maintain_order=True)
    )
    departed = t.returns.filter(pl.col("departed_on") <= end).select("person_id").unique()
    derived = pl.when(pl.col("person_id").is_in(departed.get_column("person_id").implode()))
    status = pl.col("status").fill_null(derived.then(pl.lit("prepared_return")).otherwise(pl.lit("unknown")))
    joined = people.select("person_id").join(latest, on="person_id", how="left")
    return counts(joined.with_columns(status.alias("status")), "status", STATUSES)


def police_reports(t: Tables, year: int, people: pl.DataFrame) -> dict[str, Any]:
    filed = t.police_reports.filter(pl.col("filed_on") <= dt.date(year, 12, 31)).join(
        people.select("person_id"), on="person_id", how="semi"
    )
    by_basis = filed.with_columns(pl.col("legal_basis").fill_null("other")).unique(["person_id", "legal_basis"])
    persons = filed.get_column("person_id").n_unique()
    return {
        "persons": persons,
        "by_legal_basis": counts(by_basis, "legal_basis", BASES),
        "by_outcome": (outcomes := _report_outcomes(filed, year)),
        "by_court_category": court_categories(outcomes),
        "not_filed": _not_filed(t, year, people, filed),
    }


def _report_outcomes(filed: pl.DataFrame, year: int) -> dict[str, int]:
    """Persons by how far their reports went by the year end: the furthest step of any of their
    reports (a conviction over an indictment over a charge; dropped only where nothing went
    further); no step known by then is `unknown` (docs/definitions.md#police-reports)."""
    rank = {code: i for i, code in enumerate(["unknown", "dropped", "charged", "indicted", "convicted"])}
    known = pl.col("outcome").is_not_null() & (
        pl.col("outcome_on").is_null() | (pl.col("outcome_on") <= dt.date(year, 12, 31))
    )
    steps = filed.with_columns(pl.when(known).then(pl.col("outcome")).otherwise(pl.lit("unknown")).alias("outcome"))
    steps = steps.with_columns(pl.col("outcome").replace_strict(rank, return_dtype=pl.Int64).alias("rank"))
    furthest = steps.sort("rank", descending=True).unique("person_id", keep="first")
    return counts(furthest, "outcome", REPORT_OUTCOMES)


def court_categories(outcomes: dict[str, int]) -> dict[str, int]:
    """The persons by outcome in the court statistics' columns (`court_statistics.csv`): a person
    whose report reached a step counts in that step's column and in every column before it, as a
    conviction was first a charge and an indictment."""
    order = list(v.COURT_CATEGORY)  # charged, indicted, convicted
    return {
        str(v.COURT_CATEGORY[step]): sum(outcomes.get(str(later), 0) for later in order[i:])
        for i, step in enumerate(order)
    }


def _not_filed(t: Tables, year: int, people: pl.DataFrame, filed: pl.DataFrame) -> dict[str, Any]:
    """The cohort's persons without a report filed by the year end, and why: the reason in force
    (the latest recorded not after the year end), `unknown` where none is; the reasons are absent
    (None) when the source has no `no_police_report` file (docs/definitions.md#absent-is-never-zero)."""
    without = people.select("person_id").join(filed.select("person_id"), on="person_id", how="anti")
    if not t.has("no_police_report"):
        return {"persons": without.height, "by_reason": None}
    reasons = (
        t.no_police_report.filter(pl.col("recorded_on") <= dt.date(year, 12, 31))
        .sort("recorded_on", maintain_order=True)
        .unique("person_id", keep="last", maintain_order=True)
        .select("person_id", "reason")
    )
    joined = without.join(reasons, on="person_id", how="left").with_columns(pl.col("reason").fill_null("unknown"))
    return {"persons": without.height, "by_reason": counts(joined, "reason", NO_REPORT_REASONS)}


def court(t: Tables, year: int) -> list[dict[str, Any]]:
    rows = t.court.filter(pl.col("year") <= year).sort("year", "unit")
    return [dict(row) for row in rows.iter_rows(named=True)]
