"""The report object: every figure of one year gathered as report.json (docs/definitions.md#report-json).

`build_report(tables, year)` returns a plain dict in the `spor-report/1` shape; renderers only
format it. Besides the normative keys it carries `warnings`, the data-quality warnings of the
issue (persons without gender or age, decisions without exploitation, statuses missing at year
end, returns of persons never identified, records dated after the report date, years without
any figure), each `{"code", "count", "da", "en"}`, so that nothing is silently dropped; the
two texts are the same gettext message rendered in Danish and in English.
docs/definitions.md#report-json allows keys to be added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import polars as pl
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from spor.common import formats
from spor.stats import figures as f
from spor.stats.extract import Tables
from spor.stats.series import series

SPEC = "spor-report/1"


def build_report(
    t: Tables, year: int, *, report_date: dt.date | None = None, funded_ngos: Sequence[str] | None = None
) -> dict[str, Any]:
    """All figures of `year`, in the order of docs/definitions.md#report-json, plus data-quality warnings.

    A section whose file the source does not have is `None` (docs/definitions.md#absent-is-never-zero).
    `funded_ngos` (default: the setting SPOR_STATS_FUNDED_NGOS) are counted by name in `assessed`.
    """
    funded = settings.SPOR_STATS_FUNDED_NGOS if funded_ngos is None else funded_ngos
    people = f.cohort(t, year)
    cohort_ids = people.get_column("person_id")
    time_series, missing_years = series(t, year)
    previous = time_series["identified"].get(str(year - 1))
    has = t.has
    report: dict[str, Any] = {
        "spec": SPEC,
        "year": year,
        "inquiries": f.inquiries(t, year, cohort_ids) if has("inquiries") else None,
        "assessed": f.assessed(t, year, funded) if has("assessments") else None,
        "identified": f.identified(t, year, people, previous) if has("decisions") else None,
        "returns": f.returns(t, year, people) if has("returns") else None,
        "children": f.children(t, year, people) if has("decisions") else None,
        "status_end_of_year": f.status_end_of_year(t, year, people) if has("statuses") else None,
        "police_reports": f.police_reports(t, year, people) if has("police_reports") else None,
        "series": time_series,
        "court": f.court(t, year),
    }
    report["warnings"] = warnings(t, year, people, report, missing_years, report_date or dt.date.today())
    return report


#: What each case-data file holds, for the warning that names an absent one.
ABSENT: dict[str, Callable[[], str]] = {
    "inquiries": lambda: gettext("henvendelser"),
    "assessments": lambda: gettext("udredninger"),
    "decisions": lambda: gettext("vurderinger"),
    "returns": lambda: gettext("forberedte hjemsendelser"),
    "police_reports": lambda: gettext("politianmeldelser"),
    "no_police_report": lambda: gettext("begrundelser for ikke at anmelde"),
    "statuses": lambda: gettext("status ved årets udgang"),
}


def _warn(code: str, count: int, message: Callable[[], str]) -> dict[str, Any]:
    texts = {}
    for lang in ("da", "en"):
        with translation.override(lang):
            texts[lang] = message()
    return {"code": code, "count": count, **texts}


def warnings(
    t: Tables, year: int, people: pl.DataFrame, report: dict[str, Any], missing: list[int], today: dt.date
) -> list[dict[str, Any]]:
    """The data-quality warnings of the year; each names what is missing and how often."""
    out = [_warn("folder", 1, partial(str, w)) for w in t.warnings]
    for name, what in ABSENT.items():
        if not t.has(name):
            out.append(_warn("absent", 1, partial(_absent, what, name)))
    checks: list[tuple[str, int, Callable[[int], str]]] = [
        ("gender_unknown", people.filter(pl.col("gender") == "unknown").height,
         lambda n: ngettext("%(count)s person uden køn (talt som ukendt)",
                            "%(count)s personer uden køn (talt som ukendt)", n)),
        ("age_unknown", _get(report, "identified", "age", "unknown"),
         lambda n: ngettext("%(count)s person uden fødselsdato eller fødselsår",
                            "%(count)s personer uden fødselsdato eller fødselsår", n)),
        ("exploitation_missing", _without_exploitation(t, people),
         lambda n: ngettext("%(count)s afgørelse uden udnyttelsesform (talt som uafklaret)",
                            "%(count)s afgørelser uden udnyttelsesform (talt som uafklaret)", n)),
        ("status_missing", _get(report, "status_end_of_year", "unknown"),
         lambda n: ngettext("%(count)s person uden status ved årets udgang",
                            "%(count)s personer uden status ved årets udgang", n)),
        ("return_not_identified", _returns_never_identified(t, year),
         lambda n: ngettext("%(count)s hjemrejse for en person, der aldrig er vurderet udsat",
                            "%(count)s hjemrejser for personer, der aldrig er vurderet udsat", n)),
        ("dated_after_report", _dated_after(t, today),
         lambda n: ngettext("%(count)s registrering dateret efter rapportdatoen %(date)s",
                            "%(count)s registreringer dateret efter rapportdatoen %(date)s", n)),
        ("authority_unknown", _get(report, "identified", "by_authority", "unknown"),
         lambda n: ngettext("%(count)s afgørelse uden myndighed", "%(count)s afgørelser uden myndighed", n)),
    ]  # fmt: skip
    out += [_warn(code, n, partial(_counted, text, n, today)) for code, n, text in checks if n]
    if missing:
        years = ", ".join(str(y) for y in missing)
        out.append(
            _warn(
                "series_gap",
                len(missing),
                lambda: gettext("ingen tal for %(years)s i tidsserien") % {"years": years},
            )
        )
    for key, what in (("inquiries", ABSENT["inquiries"]), ("assessed", ABSENT["assessments"])):
        gaps = _gaps(report["series"][key])
        if gaps:
            shown = ", ".join(str(y) for y in gaps)
            out.append(_warn("series_gap", len(gaps), partial(_series_gap, what, shown)))
    return out


def _absent(what: Callable[[], str], name: str) -> str:
    return gettext("ingen data om %(what)s (%(file)s.csv mangler): tallene er udeladt, ikke nul") % {
        "what": what(),
        "file": name,
    }


def _series_gap(what: Callable[[], str], years: str) -> str:
    return gettext("ingen tal om %(what)s for %(years)s i tidsserien") % {"what": what(), "years": years}


def _gaps(per_year: dict[str, int]) -> list[int]:
    """The years between the first and the last of a series that it has no figure for."""
    years = [int(y) for y in per_year]
    return [y for y in range(min(years), max(years) + 1) if str(y) not in per_year] if years else []


def _get(report: dict[str, Any], *path: str) -> int:
    """A count inside a section, 0 when the section is absent (its absence has its own warning)."""
    value: Any = report
    for key in path:
        if not value:
            return 0
        value = value.get(key)
    return int(value or 0)


def _counted(text: Callable[[int], str], n: int, today: dt.date) -> str:
    return text(n) % {"count": n, "date": formats.date(today)}


def _without_exploitation(t: Tables, people: pl.DataFrame) -> int:
    empty = t.decisions.filter(pl.col("primary_exploitation").is_null())
    return empty.join(people.select("decision_id"), on="decision_id", how="semi").height


def _returns_never_identified(t: Tables, year: int) -> int:
    departed = t.returns.filter(pl.col("departed_on").dt.year() == year)
    return (
        departed.join(f.positives(t).select("person_id"), on="person_id", how="anti").get_column("person_id").n_unique()
    )


def _dated_after(t: Tables, today: dt.date) -> int:
    dated = (
        (t.inquiries, "received_on"),
        (t.assessments, "first_interview_on"),
        (t.decisions, "decided_on"),
        (t.returns, "departed_on"),
        (t.police_reports, "filed_on"),
        (t.no_police_report, "recorded_on"),
        (t.statuses, "as_of"),
    )
    return sum(frame.filter(pl.col(column) > today).height for frame, column in dated)
