"""Case-level data in IOM's Human Trafficking Case Data Standard (HTCDS v2.0).

`spor export --htcds DIR` writes `htcds_cases.csv`: one row per person with a case (an assessment
or a decision) in the extract, pseudonymous ids only, each HTCDS field filled from Spor's record
by the mapping below, or left empty where Spor does not record it (never guessed). The mapping is
this module's `FIELDS`, one place, documented field by field in docs/reporting.md#htcds.

It reads the same flat tables as the statistics (`spor.stats.extract.Tables`), so a registry and
its interchange export give the same file.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from spor.common.cells import safe_rows
from spor.stats.extract import Tables

HTCDS_VERSION = "2.0"

#: Spor gender -> HTCDS Gender. Spor's `trans` does not say which transgender value applies, so it
#: is the standard's non-conforming value, not a guess at a direction.
GENDER = {"female": "Feminine", "male": "Masculine", "trans": "NonConforming", "unknown": "NonSpecifiedUnknown"}

#: Spor exploitation code -> HTCDS TypeOfExploitation (ForcedLabour, SexualExploitation, Other).
EXPLOITATION = {
    "sexual_prostitution": "SexualExploitation",
    "sexual_other": "SexualExploitation",
    "forced_labour": "ForcedLabour",
    "criminal": "Other",
    "slavery_like": "Other",
    "organ_removal": "Other",
    "forced_marriage": "Other",
    "illegal_adoption": "Other",
    "surrogacy": "Other",
    "other": "Other",
    "undetermined": "",
}

#: Only prostitution is told apart by Spor; other sexual exploitation is not split further.
SEX_EXPLOITATION = {"sexual_prostitution": "Prostitution"}

#: Spor sector (forced labour) -> ISIC Rev. 4 section of HTCDS ForcedLabourIndustry.
ISIC = {
    "agriculture": "A_AgricultureForestryAndFishing",
    "construction": "F_Construction",
    "cleaning": "N_AdministrativeAndSupportServiceActivities",
    "restaurant": "I_AccommodationAndFoodServiceActivities",
    "hotel": "I_AccommodationAndFoodServiceActivities",
    "retail": "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
    "other_services": "S_OtherServiceActivities",
    "domestic_work": "T_ActivitiesOfHouseholdsAsEmployers",
    "food_processing": "C_Manufacturing",
    "manufacturing": "C_Manufacturing",
    "transport": "H_TransportationAndStorage",
    "odd_jobs": "",
    "other": "",
    "unknown": "",
}

#: Spor sector or crime type -> HTCDS TypeOfLabourExploitation.
LABOUR = {
    "agriculture": "Agriculture",
    "construction": "Construction",
    "restaurant": "Hospitality",
    "hotel": "Hospitality",
    "domestic_work": "DomesticWork",
    "food_processing": "Manufacturing",
    "manufacturing": "Manufacturing",
    "transport": "Transportation",
    "begging": "Begging",
}

#: Spor actor type of the referrer -> HTCDS organisation Type.
ORGANISATION_TYPE = {
    "police": "LawEnforcement",
    "dis": "ImmigrationService",
    "return_agency": "CentralGovernmentOrganisation",
    "tax_agency": "CentralGovernmentOrganisation",
    "labour_inspectorate": "CentralGovernmentOrganisation",
    "siri": "CentralGovernmentOrganisation",
    "prison_service": "CentralGovernmentOrganisation",
    "municipality": "LocalGovernmentOrganisation",
    "ngo": "NGO",
    "crisis_centre": "NGO",
    "health": "HealthServiceOrganisation",
    "lawyer": "LegalService",
    "business": "CorporateBusiness",
}

#: Decision -> HTCDS TraffickingStatus.
ACTUAL, POSSIBLE, NOT_A_VICTIM = "ActualVictimOfTrafficking", "PossibleVictimOfTrafficking", "NotAVictimOfTrafficking"


@dataclass(frozen=True)
class Field:
    name: str  # the HTCDS field, with its table prefix (prs_ person, vic_ victim context, cas_ case)
    source: str  # what of Spor's record fills it (docs/reporting.md#htcds)
    value: Callable[[dict[str, Any]], str]


def _get(key: str, mapping: dict[str, str] | None = None) -> Callable[[dict[str, Any]], str]:
    def value(row: dict[str, Any]) -> str:
        got = row.get(key)
        if got is None:
            return ""
        return mapping.get(str(got), "") if mapping is not None else str(got)

    return value


def _exploitation(row: dict[str, Any]) -> str:
    codes = [row["primary_exploitation"], *(row["secondary_exploitation"] or [])] if row["primary_exploitation"] else []
    found = {EXPLOITATION.get(c, "") for c in codes} - {""}
    return ";".join(sorted(found))


def _sex_exploitation(row: dict[str, Any]) -> str:
    codes = [row["primary_exploitation"], *(row["secondary_exploitation"] or [])]
    return ";".join(sorted({SEX_EXPLOITATION[c] for c in codes if c in SEX_EXPLOITATION}))


def _labour(row: dict[str, Any]) -> str:
    found = {LABOUR.get(row.get("sector") or ""), LABOUR.get(row.get("crime_type") or "")} - {None}
    if row.get("primary_exploitation") == "criminal" and row.get("crime_type") != "begging":
        found.add("IllicitActivities")
    return ";".join(sorted(str(f) for f in found))


def _location(row: dict[str, Any]) -> str:
    return {"denmark": "DK"}.get(row.get("exploitation_place") or "", "")


def _status(row: dict[str, Any]) -> str:
    if row["ever_identified"]:
        return ACTUAL
    if row["decided_on"] is not None:
        return NOT_A_VICTIM
    return POSSIBLE


def _consent(row: dict[str, Any]) -> str:
    return {True: "true", False: "false"}.get(row.get("research_consent"), "")  # type: ignore[arg-type]


def _nothing(row: dict[str, Any]) -> str:
    return ""


FIELDS: tuple[Field, ...] = (
    Field("spor_PersonId", "the pseudonymous person_id (never a name or a number that identifies)", _get("person_id")),
    Field("spor_CaseId", "the derived case_id of the latest decision or assessment", _get("case_id")),
    Field("prs_Gender", "persons.gender", _get("gender", GENDER)),
    Field("prs_Birthdate", "not exported: a birth date identifies (an age is in vic_AgeAtDecision)", _nothing),
    Field(
        "prs_Nationality",
        "persons.nationality: the primary one, ISO 3166 (the extract has no other)",
        _get("nationality"),
    ),
    Field(
        "vic_TraffickingStatus",
        "a positive decision ever: actual; only negative decisions: not a victim; "
        "assessed without a decision: possible",
        _status,
    ),
    Field("vic_AgeWhenTrafficked", "not recorded by Spor (it records the age at the decision)", _nothing),
    Field("vic_AgeAtDecision", "Spor extension: decisions.age_at_decision of the latest decision", _get("age")),
    Field("vic_TypeOfExploitation", "decisions.primary_exploitation and secondary_exploitation", _exploitation),
    Field(
        "vic_TypeOfSexExploitation",
        "sexual_prostitution -> Prostitution; other sexual exploitation is not split further by Spor",
        _sex_exploitation,
    ),
    Field("vic_TypeOfLabourExploitation", "decisions.sector and crime_type", _labour),
    Field("vic_ForcedLabourIndustry", "decisions.sector as ISIC Rev. 4 section", _get("sector", ISIC)),
    Field(
        "vic_LocationOfExploitation", "decisions.exploitation_place: Denmark as DK; abroad has no country", _location
    ),
    Field("vic_MethodsOfControl", "not in the extract: the indicator checklist stays in the registry", _nothing),
    Field(
        "vic_AgreementToManagePersonalData",
        "persons.research_consent: the answer in force to sharing for research (true / false; empty: never asked)",
        _consent,
    ),
    Field("cas_Status", "not in the extract", _nothing),
    Field(
        "cas_ReferringOrganisation",
        "assessments.referrer_type as HTCDS organisation type",
        _get("referrer_type", ORGANISATION_TYPE),
    ),
    Field("cas_IncomingReferralDate", "assessments.first_interview_on of the first assessment", _get("assessed_on")),
    Field("cas_DecidingOrganisation", "Spor extension: decisions.authority (cmm, dis, court)", _get("authority")),
    Field("cas_DecisionDate", "Spor extension: decisions.decided_on of the latest decision", _get("decided_on")),
    Field("cas_SupportPlan", "Spor extension: PreparedReturn when returns.csv has a departure", _get("support")),
    Field("cas_ReturnDate", "Spor extension: returns.departed_on", _get("departed_on")),
)


def htcds_rows(t: Tables, *, consented_only: bool = False) -> list[dict[str, str]]:
    """One HTCDS row per person with an assessment or a decision, by person_id; with
    `consented_only`, only the persons whose answer in force to sharing for research is yes."""
    decisions = t.decisions.sort("decided_on", "decision_id")
    latest = decisions.unique("person_id", keep="last").select(
        "person_id",
        "decided_on",
        "authority",
        "age_at_decision",
        "primary_exploitation",
        "secondary_exploitation",
        "sector",
        "crime_type",
        "exploitation_place",
        pl.col("case_id") if "case_id" in decisions.columns else pl.lit(None, dtype=pl.Utf8).alias("case_id"),
    )
    ever = decisions.group_by("person_id").agg(pl.col("identified").any().alias("ever_identified"))
    assessments = t.assessments.sort("first_interview_on", "assessment_id")
    first = assessments.unique("person_id", keep="first").select(
        "person_id",
        pl.col("first_interview_on").alias("assessed_on"),
        "referrer_type",
        pl.col("case_id").alias("assessment_case_id")
        if "case_id" in assessments.columns
        else pl.lit(None, dtype=pl.Utf8).alias("assessment_case_id"),
    )
    returns = t.returns.sort("departed_on").unique("person_id", keep="last").select("person_id", "departed_on")
    people = pl.concat([latest.select("person_id"), first.select("person_id")]).unique()
    consent = pl.col("research_consent") if "research_consent" in t.persons.columns else pl.lit(None, pl.Boolean)
    persons = t.persons.select("person_id", "gender", "nationality", consent.alias("research_consent"))
    frame = (
        people.join(persons, on="person_id", how="left")
        .join(latest, on="person_id", how="left")
        .join(ever, on="person_id", how="left")
        .join(first, on="person_id", how="left")
        .join(returns, on="person_id", how="left")
        .filter(pl.col("research_consent").fill_null(False) if consented_only else pl.lit(True))
        .sort("person_id")
        .with_columns(
            pl.col("ever_identified").fill_null(False),
            pl.coalesce("case_id", "assessment_case_id").alias("case_id"),
            pl.col("age_at_decision").alias("age"),
            pl.when(pl.col("departed_on").is_not_null()).then(pl.lit("PreparedReturn")).alias("support"),
        )
    )
    return [{f.name: f.value(row) for f in FIELDS} for row in frame.iter_rows(named=True)]


def write_htcds(t: Tables, out: Path, *, consented_only: bool = False) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "htcds_cases.csv"
    rows = htcds_rows(t, consented_only=consented_only)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([field.name for field in FIELDS])
        writer.writerows(safe_rows([row[field.name] for field in FIELDS] for row in rows))
    (out / "htcds_fields.md").write_text(fields_text(), encoding="utf-8")
    return path


def fields_text() -> str:
    lines = [
        f"# HTCDS v{HTCDS_VERSION} export of Spor: field mapping",
        "",
        "One row per person with an assessment or a decision. Empty means Spor does not record it.",
        "",
        "| field | from Spor |",
        "|---|---|",
    ]
    lines += [f"| {f.name} | {f.source} |" for f in FIELDS]
    return "\n".join(lines) + "\n"
