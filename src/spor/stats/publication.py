"""The publication "Menneskehandel i Danmark": sections, text, charts and tables from report.json.

Sections and their order follow CMM's 2025 edition, then the 2022 annual report's
overview table and police districts and the court statistics. Each section has a
title, paragraphs (`spor.stats.text`), and charts and tables whose data are read from the report;
the HTML, PDF, XLSX and CSV renderers draw all of them from here, so they agree. Every text is a
gettext message in Danish, translated by the stats catalogue (src/spor/stats/locale) when
`sections` runs with `lang="en"` (docs/statistics.md).

Every sentence and headline of the narrative has a stable key (`SENTENCES`); an `Edition` carries
the analyst's overrides (key -> replacement text, per language) and the revision note, and
`sections` uses them (docs/statistics.md#narrative-overrides). The data-quality warnings are not
a section of the publication: they go into the internal appendix (`internal_appendix`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from babel.dates import format_date
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from spor import vocabulary as v
from spor.common import formats
from spor.nationalities import name as nationality_name
from spor.stats.text import about, cap, change, count, headline_share, join, noun, number, share

LANGS = ("da", "en")


class Share(float):
    """A share (0.333) that the renderers print as a per cent with one decimal ("33,3 %", "0 %")."""


@dataclass
class Table:
    """A table; `codes` (aligned with `rows`, None for a total row) are the rows' codes beside
    their labels in the workbook and CSV; `number`, `source` and `unit` are set by `sections`."""

    key: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    codes: list[str | None] | None = None
    number: str = ""
    source: str = ""
    unit: str = ""


@dataclass
class Chart:
    """`kind` is bar, line or donut; `series` maps a series name to values aligned with `labels`
    (None: no figure, drawn as a gap)."""

    kind: str
    title: str
    labels: list[str]
    series: dict[str, list[int | None]]
    number: str = ""
    source: str = ""
    codes: list[str] | None = None


@dataclass
class Section:
    """`sentences` are the keyed sentences the paragraphs are made of, in order (key, text)."""

    key: str
    title: str
    paragraphs: list[str]
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    sentences: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Edition:
    """How one edition is printed: the analyst's sentence overrides, a revision note, the back page.

    `overrides` maps a sentence key (`SENTENCES`) to its replacement: a plain key or `da:KEY` for
    the Danish edition, `en:KEY` for the English one; an empty text leaves the sentence out.
    `published_on` defaults to today, `isbn` to the setting SPOR_STATS_ISBN.
    """

    overrides: Mapping[str, str] = field(default_factory=dict)
    revision_note: str | None = None
    published_on: dt.date | None = None
    isbn: str | None = None

    def __post_init__(self) -> None:
        check_overrides(self.overrides)

    def for_lang(self, lang: str) -> dict[str, str]:
        """The overrides of the edition in `lang`, by plain key."""
        out = {}
        for key, text in self.overrides.items():
            prefix, _sep, rest = key.partition(":")
            if rest and prefix in LANGS:
                if prefix == lang:
                    out[rest] = text
            elif lang == "da":
                out[key] = text
        return out


class UnknownOverride(ValueError):
    """An override names no sentence of the publication."""


def check_overrides(overrides: Mapping[str, str]) -> None:
    """Raise `UnknownOverride` naming every key that is not a sentence key (with a `da:`/`en:` prefix
    or none)."""
    known = sentence_keys()
    unknown = []
    for key in overrides:
        prefix, _sep, rest = key.partition(":")
        plain = rest if rest and prefix in LANGS else key
        if plain not in known:
            unknown.append(key)
    if unknown:
        raise UnknownOverride(
            "unknown sentence key in the overrides: "
            + ", ".join(repr(k) for k in unknown)
            + " (the keys are listed by `spor report --sentences` and in docs/statistics.md#narrative-overrides)"
        )


_narrative: ContextVar[_Narrative | None] = ContextVar("spor_stats_narrative", default=None)


class _Narrative:
    def __init__(self, overrides: dict[str, str]) -> None:
        self.overrides = overrides
        self.said: list[tuple[str, str]] = []


@contextmanager
def _telling(overrides: dict[str, str]) -> Iterator[_Narrative]:
    narrative = _Narrative(overrides)
    token = _narrative.set(narrative)
    try:
        yield narrative
    finally:
        _narrative.reset(token)


def say(key: str, text: str) -> str:
    """The sentence `key` of the narrative: the analyst's override where the edition has one, else
    `text`. An override of "" leaves the sentence out."""
    if key not in sentence_keys():
        raise KeyError(f"sentence key {key!r} is not in SENTENCES")
    narrative = _narrative.get()
    if narrative is None:
        return text
    text = narrative.overrides.get(key, text)
    narrative.said.append((key, text))
    return text


def para(*sentences: str) -> str:
    """A paragraph of sentences (an empty one left out)."""
    return " ".join(s.strip() for s in sentences if s and s.strip())


def label(choices: type[v.models.TextChoices], code: str, lang: str) -> str:
    """A vocabulary label in `lang` (the vocabulary's own gettext label)."""
    with translation.override(lang):
        if code == "unknown":
            return pgettext("værdi", "ukendt")
        try:
            return str(choices(code).label)
        except ValueError:
            return code


def _name(choices: Any, code: str, lang: str) -> str:
    return label(choices, code, lang) if choices else nationality_name(code, lang)


def _ch(title: str, kind: str, mapping: dict[str, int], choices: Any, lang: str, keep_zero: bool = False) -> Chart:
    """A chart of a map, its bars sorted by size (largest first; ties in the map's order)."""
    items = sorted(((k, n) for k, n in mapping.items() if n or keep_zero), key=lambda kv: -kv[1])
    labels = [_name(choices, k, lang) for k, _n in items]
    return Chart(kind, title, labels, {"": [n for _k, n in items]}, codes=[k for k, _n in items])


def _tab(key: str, title: str, head: list[str], mapping: dict[str, int], choices: Any, lang: str) -> Table:
    """A table of a map with its total ("I alt")."""
    rows = [[_name(choices, k, lang), n] for k, n in mapping.items()]
    return Table(key, title, head, [*rows, [_("I alt"), sum(mapping.values())]], codes=[*mapping, None])


def _count_head(first: str) -> list[str]:
    return [first, _("Antal")]


_STATUSES = [*(str(c) for c in v.YearEndStatus.values), "unknown"]
_GROUPS = [str(c) for c in v.ExploitationGroup.values]
_DETAIL = [str(c) for c in v.Exploitation.values]

#: Every sentence and headline of the narrative, by its stable key (docs/statistics.md#narrative-overrides).
SENTENCES: dict[str, str] = {
    "inquiries.title": "headline: more/fewer inquiries",
    "inquiries.summary": "inquiries, assessed and identified in the year",
    "inquiries.channels": "inquiries on the hotline and otherwise",
    "inquiries.change": "change in inquiries on the previous year",
    "inquiries.self": "persons who contacted the centre themselves",
    "inquiries.self_identified": "how many of them were identified",
    "assessed.title": "headline: persons assessed",
    "assessed.text": "persons assessed in the year",
    "assessed.change": "change in assessed on the previous year",
    "assessed.nationality": "the largest nationality among the assessed",
    "identified.title": "headline: persons identified",
    "identified.text": "persons identified in the year",
    "identified.change": "change in identified on the previous year",
    "identified.cumulative": "identified in all since the first year of the series",
    "identified.repeat": "repeat victims",
    "contact.title": "headline: the contact-making actors",
    "contact.police": "share referred by the police",
    "contact.ngos": "referrals from the NGOs funded by the action plan",
    "exploitation.title": "headline: share in sexual exploitation",
    "exploitation.sexual": "persons in sexual exploitation",
    "exploitation.forced_labour": "persons in forced labour, women and men",
    "exploitation.criminal": "persons exploited for criminal activities",
    "exploitation.slavery_like": "persons in slavery-like conditions",
    "gender.title": "headline: share of women",
    "gender.text": "women, men (and trans persons) identified",
    "gender.female": "the women by form of exploitation",
    "gender.male": "the men by form of exploitation",
    "age.title": "headline: share under 25",
    "age.range": "age range and mean age",
    "age.under_25": "persons under 25",
    "age.share": "their share",
    "age.under_18": "persons under 18",
    "age.unknown": "persons of unknown age",
    "nationality.title": "headline: nationality",
    "nationality.count": "number of countries",
    "nationality.top": "the largest nationalities",
    "nationality.share": "the largest nationality's share",
    "nationality.first_time": "nationalities identified for the first time",
    "returns.title": "headline: prepared returns",
    "returns.cohort": "the year's identified who returned",
    "returns.cohort_gender": "their gender",
    "returns.origin": "the largest countries of origin among them",
    "returns.earlier": "earlier years' identified who returned in the year",
    "returns.total": "all prepared returns in the year",
    "status.title": "headline: status at the year end",
    "police.title": "headline: police reports",
    "police.text": "persons assisted to file a police report",
    "police.262a": "reports under section 262a",
    "police.262b": "reports under section 262b",
    "overview.title": "headline: the overview table",
    "court.title": "headline: court statistics",
    "court.text": "about the court statistics",
    "figures.title": "headline: key figures and time series",
    "children.title": "headline: children",
    "about.title": "headline: about the statistics",
    "about.inquiries": "how inquiries are counted",
    "about.assessed": "how assessed persons are counted",
    "about.identified": "how identified persons are counted",
    "about.attributes": "which decision gives a person's attributes; ages",
    "about.series": "the time series and published figures",
    "about.absent": "absent figures",
    "about.not_compiled": "what is not compiled for want of data",
    "about.disclosure": "small numbers are shown",
    "colophon.title": "headline of the back page",
    "colophon.citation": "the citation line",
    "colophon.quote": "free quotation with source",
    **{f"exploitation.{form}.by_gender": f"{form}: women and men" for form in _DETAIL},
    **{f"exploitation.{group}.ages": f"{group}: ages" for group in _GROUPS},
    **{f"status.{code}": f"persons with year-end status {code}" for code in _STATUSES},
}


def sentence_keys() -> frozenset[str]:
    return frozenset(SENTENCES)


def sections(report: dict[str, Any], lang: str = "da", edition: Edition | None = None) -> list[Section]:
    """Every section of the publication for the report's year, in the 2025 edition's order, then
    the explanatory text and the back page."""
    edition = edition or Edition()
    # A section is written only from data that are there: an absent file writes no sentence
    # (docs/definitions.md#absent-is-never-zero); its warning says what is missing.
    needs: list[tuple[Any, tuple[str, ...]]] = [
        (_inquiries, ("inquiries",)),
        (_assessed, ("assessed",)),
        (_identified, ("identified",)),
        (_contact, ("identified",)),
        (_exploitation, ("identified",)),
        (_gender, ("identified",)),
        (_age, ("identified",)),
        (_children, ("identified", "children")),
        (_nationality, ("identified",)),
        (_returns, ("identified", "returns")),
        (_status, ("identified", "status_end_of_year")),
        (_police, ("identified", "police_reports")),
        (_overview, ("identified",)),
        (_court, ()),
        (_figures, ()),
        (_about, ()),
    ]
    out = []
    with translation.override(lang), _telling(edition.for_lang(lang)) as told:
        for build, keys in needs:
            if all(report.get(k) is not None for k in keys):
                before = len(told.said)
                section = build(report, lang)
                section.sentences = told.said[before:]
                out.append(section)
        _number(out, report["year"])
        before = len(told.said)
        colophon = _colophon(report, lang, edition)
        colophon.sentences = told.said[before:]
        out.append(colophon)
    return out


def narrative(report: dict[str, Any], lang: str = "da", edition: Edition | None = None) -> list[tuple[str, str]]:
    """The keyed sentences of the year's publication, in reading order: what an analyst overrides."""
    return [pair for section in sections(report, lang, edition) for pair in section.sentences]


def internal_appendix(report: dict[str, Any], lang: str = "da") -> Section:
    """The data-quality warnings: for the analyst, never part of the public publication."""
    with translation.override(lang):
        return Section(
            "warnings",
            _("Internt bilag: datakvalitet, %(year)s") % {"year": report["year"]},
            [w[lang] for w in report.get("warnings") or []],
        )


def _number(out: list[Section], year: int) -> None:
    """Figure and table numbers in reading order, and the source line of each."""
    case_data = _("Kilde: Center mod Menneskehandel, sagsdata i Spor, %(year)s") % {"year": year}
    figures = tables = 0
    for section in out:
        for chart in section.charts:
            figures += 1
            chart.number = _("Figur %(n)s") % {"n": figures}
            chart.source = chart.source or case_data
        for table in section.tables:
            tables += 1
            table.number = _("Tabel %(n)s") % {"n": tables}
            table.source = table.source or case_data
            table.unit = table.unit or _("Enhed: personer, medmindre andet er angivet")


def _series_source() -> str:
    return _("Kilde: Center mod Menneskehandel, sagsdata i Spor og offentliggjorte tal (se kildelisten)")


def _inquiry_change(pct: int | None, previous_year: int) -> str:
    values = {"pct": abs(pct or 0), "year": previous_year}
    if pct is None:
        return ""
    if pct > 0:
        return (
            _(
                "Det er en stigning i antal henvendelser om mulig menneskehandel på %(pct)s pct. sammenholdt med "
                "%(year)s."
            )
            % values
        )
    if pct < 0:
        return (
            _("Det er et fald i antal henvendelser om mulig menneskehandel på %(pct)s pct. sammenholdt med %(year)s.")
            % values
        )
    return _("Det er samme niveau som i %(year)s.") % values


def _inquiries(r: dict[str, Any], lang: str) -> Section:
    y, q, i = r["year"], r["inquiries"], r["identified"]
    hot = q["by_channel"]["hotline"]
    pct = q["change_pct"]
    if (pct or 0) > 0:
        title = _("Flere henvendelser")
    elif (pct or 0) < 0:
        title = _("Færre henvendelser")
    else:
        title = _("Henvendelser")
    values = {
        "year": y,
        "total": q["total"],
        "hotline": number(hot, lang),
        "other": number(q["total"] - hot, lang),
        "self": count(q["self_referred_persons"], "person", lang),
        "number": number(q["self_referred_identified"], lang, start=True),
    }
    if r["assessed"] is not None and i is not None:
        values["assessed"] = count(r["assessed"]["total"], "person", lang)
        values["identified"] = count(i["total"], "person", lang)
        first = _(
            "I %(year)s har Center mod Menneskehandel modtaget %(total)s henvendelser om personer, der kunne være "
            "udsat for menneskehandel. I alt er %(assessed)s blevet udredt for menneskehandel, og %(identified)s er "
            "vurderet udsat for menneskehandel af danske myndigheder."
        )
    else:
        first = _(
            "I %(year)s har Center mod Menneskehandel modtaget %(total)s henvendelser om personer, der kunne være "
            "udsat for menneskehandel."
        )
    self_identified = (
        ngettext(
            "%(number)s af dem blev vurderet udsat for menneskehandel.",
            "%(number)s af dem blev vurderet udsat for menneskehandel.",
            q["self_referred_identified"],
        )
        % values
        if i is not None
        else ""
    )
    paras = [
        para(say("inquiries.summary", first % values)),
        para(
            say(
                "inquiries.channels",
                _(
                    "I %(year)s modtog centret %(total)s henvendelser om mulig menneskehandel; heraf %(hotline)s på "
                    "hotlinen og %(other)s på anden vis, fx via mail."
                )
                % values,
            ),
            say("inquiries.change", _inquiry_change(pct, y - 1)) if pct is not None else "",
        ),
        para(
            say("inquiries.self", _("I %(year)s henvendte %(self)s sig selv til Center mod Menneskehandel.") % values),
            say("inquiries.self_identified", self_identified) if self_identified else "",
        ),
    ]
    series = r["series"]
    years = _last_years(series["inquiries"], y)
    chart = Chart(
        "bar",
        _("Henvendelser, udredninger og vurderinger, %(year)s") % {"year": y},
        [_("Henvendelser"), _("Udredt"), _("Vurderet udsat")],
        {"": [q["total"], (r["assessed"] or {}).get("total"), (i or {}).get("total")]},
    )
    trend = Chart(
        "bar",
        _("Henvendelser om mulig menneskehandel, %(first)s-%(year)s") % {"first": years[0], "year": y} if years else "",
        years,
        {"": [series["inquiries"].get(k) for k in years]},
        source=_series_source(),
    )
    table = _tab(
        "inquiries_by_sender",
        _("Henvendelser efter afsender"),
        _count_head(_("Afsender")),
        {k: n for k, n in q["by_sender_type"].items() if n},
        v.ActorType,
        lang,
    )
    return Section(
        "inquiries", say("inquiries.title", title), _paras(paras), [chart, trend] if years else [chart], [table]
    )


def _paras(paragraphs: list[str]) -> list[str]:
    return [p for p in paragraphs if p]


def _last_years(per_year: dict[str, int], year: int) -> list[str]:
    """The four years up to the report year of a series that has any of them; a year without a
    figure stays in, as a gap."""
    years = [str(y) for y in range(year - 3, year + 1)]
    return years if any(y in per_year for y in years) else []


def _assessed(r: dict[str, Any], lang: str) -> Section:
    y, a = r["year"], r["assessed"]
    pct = a["change_pct"]
    values = {"persons": count(a["total"], "person", lang), "year": y, "previous": y - 1, "pct": abs(pct or 0)}
    title = _("%(persons)s udredt for menneskehandel") % {"persons": count(a["total"], "person", lang, start=True)}
    text = (
        _(
            "I %(year)s har Center mod Menneskehandel afholdt udredende samtaler med %(persons)s, der kunne være "
            "udsat for menneskehandel."
        )
        % values
    )
    if pct and pct > 0:
        moved = (
            _(
                "Det er en stigning på %(pct)s pct. sammenholdt med antal personer udredt for menneskehandel i "
                "%(previous)s."
            )
            % values
        )
    elif pct:
        moved = (
            _("Det er et fald på %(pct)s pct. sammenholdt med antal personer udredt for menneskehandel i %(previous)s.")
            % values
        )
    else:
        moved = ""
    paras = [para(say("assessed.text", text), say("assessed.change", moved) if moved else "")]
    by_nat = dict(a.get("by_nationality") or {})
    identified = ((r.get("identified") or {}).get("nationalities") or {}).get("by_code", {})
    countries = [c for c in by_nat if c not in ("XX", "ZZ")]
    if countries:
        top = countries[0]
        values = {
            "year": y,
            "persons": count(by_nat[top], "person", lang),
            "country": nationality_name(top, lang),
        }
        sentence = (
            ngettext(
                "Flest af de udredte kommer fra %(country)s: I %(year)s er %(persons)s fra %(country)s udredt for "
                "menneskehandel.",
                "Flest af de udredte kommer fra %(country)s: I %(year)s er %(persons)s fra %(country)s udredt for "
                "menneskehandel.",
                by_nat[top],
            )
            % values
        )
        if r.get("identified") is not None:
            sentence += " " + (
                ngettext(
                    "Samme år blev %(identified)s fra %(country)s vurderet udsat for menneskehandel.",
                    "Samme år blev %(identified)s fra %(country)s vurderet udsat for menneskehandel.",
                    identified.get(top, 0),
                )
                % {"identified": count(identified.get(top, 0), "person", lang), "country": values["country"]}
            )
        paras.append(para(say("assessed.nationality", sentence)))
    series = r["series"]["assessed"]
    years = _last_years(series, y)
    charts = (
        [
            Chart(
                "bar",
                _("Personer udredt for menneskehandel, %(first)s-%(year)s") % {"first": years[0], "year": y},
                years,
                {"": [series.get(k) for k in years]},
                source=_series_source(),
            )
        ]
        if years
        else []
    )
    districts = a["police_by_district"]
    tables = [
        Table(
            "assessed_police_districts",
            _("Udredt efter henvisning fra politiet, fordelt på politikreds"),
            [_("Politikreds"), _("Udredt")],
            [*([k, n] for k, n in districts.items()), [_("I alt"), sum(districts.values())]],
            codes=[*districts, None],
        ),
        Table(
            "assessed_referrer",
            _("Udredt og andel vurderet udsat efter henviser"),
            [_("Henviser"), _("Udredt"), _("Andel vurderet udsat")],
            [
                [label(v.ActorType, k, lang), a["by_referrer_type"].get(k, 0), Share(s)]
                for k, s in a["identified_share_by_referrer_type"].items()
            ],
            codes=list(a["identified_share_by_referrer_type"]),
        ),
    ]
    if "by_nationality" in a:
        rows = [[nationality_name(c, lang), n, identified.get(c, 0) if r.get("identified") else None]
                for c, n in by_nat.items()]  # fmt: skip
        tables.append(
            Table(
                "assessed_nationality",
                _("Personer udredt for menneskehandel fordelt efter nationalitet, %(year)s") % {"year": y},
                [_("Nationalitet"), _("Udredt"), _("Vurderet udsat i året")],
                [*rows, [_("I alt"), a["total"], (r.get("identified") or {}).get("total")]],
                codes=[*by_nat, None],
            )
        )
    return Section("assessed", say("assessed.title", title), paras, charts, tables)


def _identified(r: dict[str, Any], lang: str) -> Section:
    y, i, s = r["year"], r["identified"], r["series"]
    years = sorted(s["identified"])
    first = years[0] if years else y
    title = _("%(persons)s er vurderet udsat for menneskehandel") % {
        "persons": count(i["total"], "person", lang, start=True)
    }
    values = {
        "year": y,
        "first": first,
        "persons": count(i["total"], "person", lang),
        "cumulative": s["identified_cumulative"],
    }
    moved = change(i["change_pct"], y - 1, lang)
    paras = [
        para(
            say(
                "identified.text",
                _("I %(year)s er %(persons)s vurderet udsat for menneskehandel af de danske myndigheder.") % values,
            ),
            say("identified.change", moved) if moved else "",
            say(
                "identified.cumulative",
                _("I perioden %(first)s-%(year)s er i alt %(cumulative)s personer vurderet udsat for menneskehandel i "
                  "Danmark.") % values,
            ),
        )
    ]  # fmt: skip
    if i["repeat"]:
        paras.append(
            say(
                "identified.repeat",
                _("%(number)s af dem var også tidligere vurderet udsat for menneskehandel.")
                % {"number": number(i["repeat"], lang, start=True)},
            )
        )
    chart = Chart(
        "line",
        _("Personer udsat for menneskehandel, %(first)s-%(year)s") % values,
        years,
        {"": [s["identified"][k] for k in years]},
        source=_series_source(),
    )
    authority = _tab(
        "by_authority", _("Vurderende myndighed"), _count_head(_("Myndighed")), i["by_authority"], v.Authority, lang
    )
    return Section("identified", say("identified.title", title), _paras(paras), [chart], [authority])


def _contact(r: dict[str, Any], lang: str) -> Section:
    i = r["identified"]
    police = i["by_contact_actor_type"]["police"]
    y, total = r["year"], i["total"]
    paras = [
        say(
            "contact.police",
            _(
                "%(share)s af de %(total)s personer, der blev vurderet udsat for menneskehandel i %(year)s, blev "
                "henvist til Center mod Menneskehandel af politiet."
            )
            % {"share": cap(share(police, total, lang)), "total": total, "year": y},
        )
    ]
    chart = _ch(
        _("Personer udsat for menneskehandel fordelt efter kontaktskabende aktør, %(year)s") % {"year": y},
        "bar",
        i["by_contact_actor_type"],
        v.ActorType,
        lang,
    )
    tables = []
    a = r.get("assessed")
    if a is not None and "funded_ngos" in a:
        funded = a["funded_ngos"]
        if funded:
            referred = sum(funded.values())
            paras.append(
                say(
                    "contact.ngos",
                    ngettext(
                        "Den NGO, der modtager midler fra handlingsplanen til bekæmpelse af menneskehandel – "
                        "%(names)s – har henvist %(persons)s til udredning hos Center mod Menneskehandel.",
                        "De %(count)s NGO'er, der modtager midler fra handlingsplanen til bekæmpelse af "
                        "menneskehandel – %(names)s – har tilsammen henvist %(persons)s til udredning hos Center mod "
                        "Menneskehandel.",
                        len(funded),
                    )
                    % {
                        "count": number(len(funded), lang),
                        "names": join(list(funded), lang),
                        "persons": count(referred, "person", lang),
                    },
                )
            )
        ngos = a["ngo_by_org"]
        tables.append(
            Table(
                "assessed_ngo",
                _("Personer udredt efter henvisning fra en NGO, fordelt efter organisation, %(year)s") % {"year": y},
                [_("Organisation"), _("Udredt"), _("Finansieret af handlingsplanen")],
                [
                    *([_unknown(org), n, _yes(org.casefold() in _folded(funded))] for org, n in ngos.items()),
                    [_("I alt"), sum(ngos.values()), None],
                ],
                codes=[*ngos, None],
            )
        )
    title = say("contact.title", _("Forskellige aktører møder personer udsat for menneskehandel"))
    return Section("contact", title, paras, [chart], tables)


def _unknown(text: str) -> str:
    return pgettext("værdi", "ukendt") if text == "ukendt" else text


def _yes(value: bool) -> str:
    return _("ja") if value else _("nej")


def _folded(names: Mapping[str, int] | list[str]) -> set[str]:
    return {n.casefold() for n in names}


def _exploitation(r: dict[str, Any], lang: str) -> Section:
    y, i = r["year"], r["identified"]
    g, total = i["by_exploitation"], i["total"]
    ge = i["by_gender_exploitation"]
    gea = i.get("by_exploitation_gender_age")
    sexual = g["sexual"]
    title = _("%(share)s er handlet til seksuel udnyttelse") % {"share": headline_share(sexual, total, lang)}
    paras = [
        para(
            say(
                "exploitation.sexual",
                ngettext(
                    "Af de %(total)s personer udsat for menneskehandel i %(year)s er %(number)s handlet til seksuel "
                    "udnyttelse.",
                    "Af de %(total)s personer udsat for menneskehandel i %(year)s er %(number)s handlet til seksuel "
                    "udnyttelse.",
                    sexual,
                ) % {"total": total, "year": y, "number": number(sexual, lang)},
            ),
            *(_form_by_gender(form, gea[form], lang) for form in ("sexual_prostitution", "sexual_other") if gea),
            _ages("sexual", sexual, gea, lang),
        )
    ]  # fmt: skip
    if g["forced_labour"]:
        paras.append(
            para(
                say(
                    "exploitation.forced_labour",
                    ngettext(
                        "%(persons)s er handlet til tvangsarbejde, heraf er %(genders)s.",
                        "%(persons)s er handlet til tvangsarbejde, heraf er %(genders)s.",
                        g["forced_labour"],
                    )
                    % {
                        "persons": count(g["forced_labour"], "person", lang, start=True),
                        "genders": _genders(ge, "forced_labour", lang),
                    },
                ),
                _ages("forced_labour", g["forced_labour"], gea, lang),
            )
        )
    if g["criminal"]:
        paras.append(
            para(
                say(
                    "exploitation.criminal",
                    ngettext(
                        "%(persons)s er udnyttet til strafbare handlinger, heraf er %(genders)s.",
                        "%(persons)s er udnyttet til strafbare handlinger, heraf er %(genders)s.",
                        g["criminal"],
                    )
                    % {
                        "persons": count(g["criminal"], "person", lang, start=True),
                        "genders": _genders(ge, "criminal", lang),
                    },
                ),
                _ages("criminal", g["criminal"], gea, lang),
            )
        )
    if g["slavery_like"]:
        paras.append(
            para(
                say(
                    "exploitation.slavery_like",
                    ngettext(
                        "%(persons)s er udnyttet under slaverilignende forhold.",
                        "%(persons)s er udnyttet under slaverilignende forhold.",
                        g["slavery_like"],
                    )
                    % {"persons": count(g["slavery_like"], "person", lang, start=True)},
                ),
                _ages("slavery_like", g["slavery_like"], gea, lang),
            )
        )
    groups = r["series"]["identified_by_exploitation"]
    years = [str(n) for n in range(int(min(groups)), y + 1)] if groups else []
    charts = [
        _ch(
            _("Tvangsarbejde fordelt efter brancher, %(year)s") % {"year": y},
            "bar",
            i["forced_labour_by_sector"],
            v.Sector,
            lang,
        ),
        _ch(
            _("Strafbare handlinger fordelt efter type, %(year)s") % {"year": y},
            "bar",
            i["criminal_by_crime_type"],
            v.CrimeType,
            lang,
        ),
    ]
    if years:
        charts.append(
            Chart(
                "line",
                _("Fordeling efter udnyttelsesformer, %(first)s-%(year)s") % {"first": years[0], "year": y},
                years,
                {
                    label(v.ExploitationGroup, code, lang): [groups.get(k, {}).get(code) for k in years]
                    for code in ("sexual", "forced_labour", "criminal", "slavery_like")
                },
                source=_series_source(),
            )
        )
    form = _count_head(_("Udnyttelsesform"))
    tables = [
        _tab(
            "by_exploitation_detail",
            _("Primær udnyttelsesform"),
            form,
            i["by_exploitation_detail"],
            v.Exploitation,
            lang,
        ),
        _tab(
            "secondary_exploitation",
            _("Sekundær udnyttelsesform (personer)"),
            form,
            i["secondary_exploitation"],
            v.Exploitation,
            lang,
        ),
    ]
    if gea:
        tables.append(_exploitation_gender_age(gea, y, lang))
    if "forced_labour_by_sector_gender" in i:
        tables.append(_sector_gender(i["forced_labour_by_sector_gender"], y, lang))
    return Section("exploitation", say("exploitation.title", title), _paras(paras), charts, tables)


def _genders(by_gender: dict[str, dict[str, int]], group: str, lang: str) -> str:
    """ "16 kvinder og 11 mænd" of an exploitation group (the genders with anyone)."""
    parts = [count(by_gender[g][group], noun_key, lang) for g, noun_key in (("female", "woman"), ("male", "man"))
             if by_gender[g][group]]  # fmt: skip
    other = sum(by_gender[g][group] for g in ("trans", "unknown"))
    if other:
        parts.append(count(other, "person", lang) + " " + _("af andet eller ukendt køn"))
    return join(parts, lang)


def _form_by_gender(form: str, by_gender: dict[str, dict[str, int]], lang: str) -> str:
    """ "47 kvinder og tre mænd er udnyttet til prostitution." (nothing when no one is)."""
    totals = {gender: sum(ages.values()) for gender, ages in by_gender.items()}
    if not any(totals.values()):
        return ""
    nouns = {"female": "woman", "male": "man", "trans": "person", "unknown": "person"}
    parts = []
    for gender in ("female", "male", "trans", "unknown"):
        n = totals.get(gender, 0)
        if not n:
            continue
        if gender == "trans":
            parts.append(f"{number(n, lang)} {ngettext('transperson', 'transpersoner', n)}")
        elif gender == "unknown":
            parts.append(ngettext("%(n)s person af ukendt køn", "%(n)s personer af ukendt køn", n)
                         % {"n": number(n, lang)})  # fmt: skip
        else:
            parts.append(count(n, nouns[gender], lang))
    verb = _form(form, sum(totals.values()))
    return say(f"exploitation.{form}.by_gender", f"{cap(join(parts, lang))} {verb}.")


def _ages(group: str, total: int, gea: dict[str, Any] | None, lang: str) -> str:
    """ "Alle 27 personer er over 18 år." / "Én af dem er under 18 år." over an exploitation group."""
    if not gea or not total:
        return ""
    forms = [f for f in gea if (f.startswith("sexual") if group == "sexual" else f == group)]
    minors = sum(gea[f][gender]["minor"] for f in forms for gender in gea[f])
    unknown = sum(gea[f][gender]["unknown"] for f in forms for gender in gea[f])
    if unknown:
        return ""
    if not minors:
        text = (
            _("Personen er over 18 år.")
            if total == 1
            else _("Alle %(persons)s er over 18 år.") % {"persons": count(total, "person", lang)}
        )
    elif minors == total:
        text = (
            _("Personen er under 18 år.")
            if total == 1
            else _("Alle %(persons)s er under 18 år.") % {"persons": count(total, "person", lang)}
        )
    else:
        text = ngettext("%(number)s af dem er under 18 år.", "%(number)s af dem er under 18 år.", minors) % {
            "number": number(minors, lang, start=True)
        }
    return say(f"exploitation.{group}.ages", text)


def _exploitation_gender_age(gea: dict[str, dict[str, dict[str, int]]], year: int, lang: str) -> Table:
    """Primary exploitation by gender and age group (under/over 18); the genders present as columns."""
    genders = [g for g in ("female", "male", "trans", "unknown") if any(sum(gea[f][g].values()) for f in gea)]
    ages = ["adult", "minor"]
    if any(gea[f][g]["unknown"] for f in gea for g in gea[f]):
        ages.append("unknown")
    age_label = {"adult": _("18 år og derover"), "minor": _("under 18 år"), "unknown": _("alder ukendt")}
    # The gender and age columns with anyone in them (a table for print, not a vocabulary map).
    columns = [(g, a) for g in genders for a in ages if any(gea[f][g][a] for f in gea)]
    head = [_("Udnyttelsesform"), *(f"{label(v.Gender, g, lang)}, {age_label[a]}" for g, a in columns), _("I alt")]
    rows: list[list[Any]] = []
    codes: list[str | None] = []
    for form, by_gender in gea.items():
        cells = [by_gender[g][a] for g, a in columns]
        if sum(sum(x.values()) for x in by_gender.values()):
            rows.append([label(v.Exploitation, form, lang), *cells, sum(sum(x.values()) for x in by_gender.values())])
            codes.append(form)
    totals = [sum(gea[f][g][a] for f in gea) for g, a in columns]
    rows.append([_("I alt"), *totals, sum(totals)])
    codes.append(None)
    return Table(
        "exploitation_gender_age",
        _("Primær udnyttelsesform fordelt efter køn og alder, %(year)s") % {"year": year},
        head,
        rows,
        codes=codes,
    )


def _sector_gender(by_sector: dict[str, dict[str, int]], year: int, lang: str) -> Table:
    """Forced labour by sector and gender: the sectors with anyone, the genders present."""
    genders = [g for g in ("female", "male", "trans", "unknown") if any(row[g] for row in by_sector.values())]
    rows: list[list[Any]] = []
    codes: list[str | None] = []
    for sector, row in sorted(by_sector.items(), key=lambda kv: -sum(kv[1].values())):
        if sum(row.values()):
            rows.append([label(v.Sector, sector, lang), *(row[g] for g in genders), sum(row.values())])
            codes.append(sector)
    totals = [sum(row[g] for row in by_sector.values()) for g in genders]
    rows.append([_("I alt"), *totals, sum(totals)])
    codes.append(None)
    return Table(
        "forced_labour_sector_gender",
        _("Tvangsarbejde fordelt efter branche og køn, %(year)s") % {"year": year},
        [_("Branche"), *(label(v.Gender, g, lang) for g in genders), _("I alt")],
        rows,
        codes=codes,
    )


def _gender(r: dict[str, Any], lang: str) -> Section:
    y, i = r["year"], r["identified"]
    g, total = i["by_gender"], i["total"]
    parts = [count(g["female"], "woman", lang), count(g["male"], "man", lang)]
    if g["trans"]:
        trans = ngettext("transperson", "transpersoner", g["trans"])
        parts.append(f"{number(g['trans'], lang)} {trans}")
    title = _("Kvinder udgør %(share)s") % {"share": _lower(headline_share(g["female"], total, lang, every=False))}
    paras = [
        say(
            "gender.text",
            _("%(persons)s er vurderet udsat for menneskehandel i %(year)s.")
            % {"persons": cap(join(parts, lang)), "year": y},
        )
    ]
    for gender, noun_key in (("female", "woman"), ("male", "man")):
        if g[gender]:
            paras.append(
                say(f"gender.{gender}", _forms_of(g[gender], noun_key, i["by_gender_exploitation"][gender], lang))
            )
    head = [_("Køn"), *(label(v.ExploitationGroup, c, lang) for c in i["by_exploitation"]), _("I alt")]
    rows: list[list[Any]] = [
        [label(v.Gender, gender, lang), *row.values(), sum(row.values())]
        for gender, row in i["by_gender_exploitation"].items()
    ]
    rows.append([_("I alt"), *i["by_exploitation"].values(), total])
    charts = [_ch(_("Fordeling efter køn, %(year)s") % {"year": y}, "donut", g, v.Gender, lang)]
    by_year = r["series"]["identified_by_gender"]
    years = _last_years(by_year, y)
    if years:
        shown = [c for c in ("female", "male", "trans") if any((by_year.get(k) or {}).get(c) for k in years)]
        charts.append(
            Chart(
                "line",
                _("Fordeling efter køn, %(first)s-%(year)s") % {"first": years[0], "year": y},
                years,
                {label(v.Gender, c, lang): [(by_year.get(k) or {}).get(c) for k in years] for c in shown},
                source=_series_source(),
            )
        )
    table = Table(
        "gender_exploitation",
        _("Køn og udnyttelsesform"),
        head,
        rows,
        codes=[*i["by_gender_exploitation"], None],
    )
    return Section("gender", say("gender.title", title), paras, charts, [table])


def _lower(headline: str) -> str:
    """A headline share inside a sentence: "Knap tre fjerdedele" -> "knap tre fjerdedele"."""
    return headline[0].lower() + headline[1:] if headline else headline


def _form(code: str, n: int) -> str:
    """What happened to the `n` exploited in a group, as the predicate of a sentence (the Danish
    verb does not change with the number; the English one does)."""
    forms = {
        "sexual": ngettext("er udsat for seksuel udnyttelse", "er udsat for seksuel udnyttelse", n),
        "forced_labour": ngettext("er udnyttet til tvangsarbejde", "er udnyttet til tvangsarbejde", n),
        "criminal": ngettext("er udnyttet til strafbare handlinger", "er udnyttet til strafbare handlinger", n),
        "slavery_like": ngettext(
            "er udnyttet under slaverilignende forhold", "er udnyttet under slaverilignende forhold", n
        ),
        "organ_removal": ngettext("er udsat for organfjernelse", "er udsat for organfjernelse", n),
        "other": ngettext("er udsat for en øvrig udnyttelsesform", "er udsat for en øvrig udnyttelsesform", n),
        "undetermined": ngettext("har en uafklaret udnyttelsesform", "har en uafklaret udnyttelsesform", n),
        "sexual_prostitution": ngettext("er udnyttet til prostitution", "er udnyttet til prostitution", n),
        "sexual_other": ngettext(
            "er udnyttet til anden seksuel udnyttelse", "er udnyttet til anden seksuel udnyttelse", n
        ),
    }
    return forms[code]


def _forms_of(total: int, noun_key: str, groups: dict[str, int], lang: str) -> str:
    """ "47 af de 78 kvinder er udsat for seksuel udnyttelse, 16 er udnyttet til tvangsarbejde og én ..."."""
    found = sorted(((n, code) for code, n in groups.items() if n), key=lambda x: -x[0])
    if not found:
        return ""
    first, *rest = found
    if total == 1:
        the = _("Kvinden") if noun_key == "woman" else _("Manden")
        return f"{the} {_form(first[1], 1)}."
    head = _("%(number)s af de %(total)s %(noun)s %(form)s") % {
        "number": number(first[0], lang, start=True),
        "total": total,
        "noun": noun(noun_key, total),
        "form": _form(first[1], first[0]),
    }
    return join([head, *(f"{number(n, lang)} {_form(code, n)}" for n, code in rest)], lang) + "."


def _age(r: dict[str, Any], lang: str) -> Section:
    y, i = r["year"], r["identified"]
    a, total = i["age"], i["total"]
    paras = []
    title = _("%(share)s er under 25 år") % {"share": headline_share(a["under_25"], total, lang)}
    first = []
    if a["min"] is not None:
        first.append(
            say(
                "age.range",
                _(
                    "De %(total)s personer, der er vurderet udsat for menneskehandel i %(year)s, var på "
                    "vurderingstidspunktet i alderen %(min)s-%(max)s år med en gennemsnitsalder på %(mean)s år."
                )
                % {"total": total, "year": y, "min": a["min"], "max": a["max"], "mean": about(a["mean"], lang)},
            )
        )
    under_25 = ngettext(
        "%(persons)s var under 25 år, da vedkommende blev vurderet udsat for menneskehandel.",
        "%(persons)s var under 25 år, da de blev vurderet udsat for menneskehandel.",
        a["under_25"],
    ) % {"persons": count(a["under_25"], "person", lang, start=True)}
    under_18 = ngettext("%(persons)s var under 18 år.", "%(persons)s var under 18 år.", a["under_18"]) % {
        "persons": count(a["under_18"], "person", lang, start=True)
    }
    paras.append(
        para(
            *first,
            say("age.under_25", under_25),
            say("age.share", _("Det svarer til %(share)s.") % {"share": share(a["under_25"], total, lang)})
            if a["under_25"]
            else "",
            say("age.under_18", under_18),
        )
    )
    if a["unknown"]:
        paras.append(
            say(
                "age.unknown",
                _("For %(persons)s kendes alderen ikke.") % {"persons": count(a["unknown"], "person", lang)},
            )
        )
    chart = _ch(
        _("Personer under 25 år fordelt efter udnyttelse, %(year)s") % {"year": y},
        "donut",
        i["under_25_by_exploitation"],
        v.ExploitationGroup,
        lang,
    )
    summary = Table(
        "age_summary",
        _("Alder på vurderingstidspunktet, %(year)s") % {"year": y},
        ["", _("År eller antal")],
        [
            [_("Yngste (år)"), a["min"]],
            [_("Ældste (år)"), a["max"]],
            [_("Gennemsnit (år)"), a["mean"]],
            [_("Under 18 år"), a["under_18"]],
            [_("Under 25 år"), a["under_25"]],
            [_("Alder ukendt"), a["unknown"]],
        ],
        codes=["min", "max", "mean", "under_18", "under_25", "unknown"],
        unit=_("Enhed: år (yngste, ældste, gennemsnit) og personer"),
    )
    return Section("age", say("age.title", title), paras, [chart], [summary])


def _nationality(r: dict[str, Any], lang: str) -> Section:
    y, i = r["year"], r["identified"]
    n = i["nationalities"]
    top = [c for c in n["by_code"] if c not in ("XX", "ZZ")][:5]
    names = [nationality_name(c, lang) for c in top]
    new = sorted(nationality_name(c, lang) for c in n["first_time"] or [] if c not in ("XX", "ZZ"))
    title = _("Ét land er dominerende") if top and n["by_code"][top[0]] * 5 >= i["total"] else _("Nationalitet")
    values = {"total": i["total"], "year": y, "count": n["count"]}
    paras = [
        say(
            "nationality.count",
            ngettext(
                "De %(total)s personer udsat for menneskehandel i %(year)s kommer fra ét land.",
                "De %(total)s personer udsat for menneskehandel i %(year)s kommer fra %(count)s forskellige lande.",
                n["count"],
            )
            % values,
        )
    ]
    if top:
        paras.append(say("nationality.top", _("Flest kommer fra %(names)s.") % {"names": join(names, lang)}))
        paras.append(
            say(
                "nationality.share",
                _(
                    "Personer fra %(country)s udgør dermed %(share)s af det samlede antal personer udsat for "
                    "menneskehandel i %(year)s."
                )
                % {"country": names[0], "share": share(n["by_code"][top[0]], i["total"], lang), "year": y},
            )
        )
    if new:
        paras.append(
            say(
                "nationality.first_time",
                _(
                    "%(year)s er det første år, hvor personer fra %(names)s er vurderet udsat for menneskehandel i "
                    "Danmark."
                )
                % {"year": y, "names": join(new, lang)},
            )
        )
    chart = _ch(_("Fordeling efter nationalitet, %(year)s") % {"year": y}, "bar", n["by_code"], None, lang)
    table = _tab("nationality", _("Nationalitet"), _count_head(_("Nationalitet")), n["by_code"], None, lang)
    return Section("nationality", say("nationality.title", title), paras, [chart], [table])


def _returns(r: dict[str, Any], lang: str) -> Section:
    y, ret, total = r["year"], r["returns"], r["identified"]["total"]
    g = ret["cohort_by_gender"]
    values = {
        "total": total,
        "year": y,
        "cohort": number(ret["cohort"], lang),
        "earlier": count(ret["earlier_cohorts"], "person", lang, start=True),
        "all": count(ret["total"], "person", lang),
    }
    if not ret["cohort"] or g["female"] + g["male"] != ret["cohort"]:
        gender = ""
    elif not g["male"]:
        gender = _("Alle er kvinder.") if g["female"] > 1 else _("Det er en kvinde.")
    elif not g["female"]:
        gender = _("Alle er mænd.") if g["male"] > 1 else _("Det er en mand.")
    else:
        gender = _("%(women)s, og %(men)s.") % _gender_counts(g, lang)
    origins = [c for c in ret.get("cohort_by_origin", {}) if c not in ("XX", "ZZ")][:3]
    paras = [
        para(
            say(
                "returns.cohort",
                ngettext(
                    "Af de %(total)s personer, der er vurderet udsat for menneskehandel i %(year)s, er %(cohort)s "
                    "hjemrejst med en forberedt hjemsendelse pr. 31. december %(year)s.",
                    "Af de %(total)s personer, der er vurderet udsat for menneskehandel i %(year)s, er %(cohort)s "
                    "hjemrejst med en forberedt hjemsendelse pr. 31. december %(year)s.",
                    ret["cohort"],
                )
                % values,
            ),
            say("returns.cohort_gender", gender) if gender else "",
        ),
    ]
    if origins:
        paras.append(
            say(
                "returns.origin",
                _(
                    "Statsborgere fra %(names)s udgør den største gruppe, der har taget imod en forberedt "
                    "hjemsendelse i %(year)s."
                )
                % {"names": join([nationality_name(c, lang) for c in origins], lang), "year": y},
            )
        )
    paras.append(
        para(
            say(
                "returns.earlier",
                ngettext(
                    "%(earlier)s, som blev vurderet udsat for menneskehandel før %(year)s, er også hjemrejst med en "
                    "forberedt hjemsendelse i %(year)s.",
                    "%(earlier)s, som blev vurderet udsat for menneskehandel før %(year)s, er også hjemrejst med en "
                    "forberedt hjemsendelse i %(year)s.",
                    ret["earlier_cohorts"],
                )
                % values,
            )
            if ret["earlier_cohorts"]
            else "",
            say(
                "returns.total",
                ngettext(
                    "I alt er %(all)s hjemrejst med en forberedt hjemsendelse i %(year)s.",
                    "I alt er %(all)s hjemrejst med en forberedt hjemsendelse i %(year)s.",
                    ret["total"],
                )
                % values,
            ),
        )
    )
    # CMM's chart: the cohort's returns by country of origin; destinations of all returns as a table.
    chart = _ch(
        _("Personer vurderet udsat i %(year)s, hjemrejst med forberedt hjemsendelse, fordelt efter oprindelsesland")
        % {"year": y},
        "bar",
        ret.get("cohort_by_origin", {}),
        None,
        lang,
    )
    destinations = _tab(
        "returns_by_destination",
        _("Alle forberedte hjemsendelser i %(year)s fordelt efter destination") % {"year": y},
        _count_head(_("Destination")),
        ret["by_destination"],
        None,
        lang,
    )
    totals = Table(
        "returns_totals",
        _("Forberedte hjemsendelser i %(year)s") % {"year": y},
        ["", _("Antal")],
        [
            [_("Personer vurderet udsat i %(year)s") % {"year": y}, ret["cohort"]],
            [_("Personer vurderet udsat tidligere"), ret["earlier_cohorts"]],
            [_("I alt"), ret["total"]],
            *([label(v.Gender, k, lang), n] for k, n in g.items()),
        ],
        codes=["cohort", "earlier_cohorts", None, *g],
    )
    title = say("returns.title", _("Forberedte hjemsendelser"))
    return Section("returns", title, paras, [chart], [totals, destinations])


def _gender_counts(g: dict[str, int], lang: str) -> dict[str, str]:
    """ "28 er kvinder, og syv er mænd": the nouns follow the verb, so each count carries its own."""
    women = ngettext("er kvinde", "er kvinder", g["female"])
    men = ngettext("er mand", "er mænd", g["male"])
    return {"women": f"{number(g['female'], lang, start=True)} {women}", "men": f"{number(g['male'], lang)} {men}"}


def _status_text(code: str, year: int, n: int) -> str:
    """What the persons with a year-end status did, as the predicate of a sentence."""
    return {
        "prepared_return": _("rejste hjem med en forberedt hjemsendelse"),
        "receiving_support": ngettext(
            "modtog fortsat støtte fra handlingsplanen til bekæmpelse af menneskehandel ved udgangen af %(year)s",
            "modtog fortsat støtte fra handlingsplanen til bekæmpelse af menneskehandel ved udgangen af %(year)s",
            n,
        )
        % {"year": year},
        "left_on_own": _("udrejste på egen hånd"),
        "left_with_ticket_support": _("udrejste med støtte til køb af hjemrejsebillet fra Center mod Menneskehandel"),
        "declined_or_absent": _("takkede nej til støtte eller udeblev fra den tilbudte indkvartering"),
        "residence_granted": _("blev meddelt ophold og overgik til anden støtte"),
        "dublin_transfer": _("blev udsendt i medfør af Dublinforordningen"),
        "other": _("havde en anden status"),
        "unknown": ngettext("har ingen registreret status", "har ingen registreret status", n),
    }[code]


def _status(r: dict[str, Any], lang: str) -> Section:
    y, st, total = r["year"], r["status_end_of_year"], r["identified"]["total"]
    present = [(k, n) for k, n in st.items() if n]
    paras = []
    for place, (k, n) in enumerate(present):
        if place == 0:
            text = _("%(number)s af de %(total)s personer udsat for menneskehandel i %(year)s %(status)s.") % {
                "number": number(n, lang, start=True),
                "total": total,
                "year": y,
                "status": _status_text(k, y, n),
            }
        else:
            text = f"{cap(count(n, 'person', lang))} {_status_text(k, y, n)}."
        paras.append(say(f"status.{k}", text))
    chart = _ch(_("Status ved udgangen af %(year)s") % {"year": y}, "bar", st, v.YearEndStatus, lang)
    title = say("status.title", _("Status på sagsforløb ved udgangen af %(year)s") % {"year": y})
    return Section("status", title, _paras(paras), [chart])


def _police(r: dict[str, Any], lang: str) -> Section:
    y, p, total = r["year"], r["police_reports"], r["identified"]["total"]
    b = p["by_legal_basis"]
    text = _(
        "I %(year)s har Center mod Menneskehandel bistået %(persons)s af de %(total)s personer, der blev vurderet "
        "udsat for menneskehandel, med at indgive en anmeldelse."
    ) % {"year": y, "persons": number(p["persons"], lang), "total": total}
    first = ngettext(
        "I ét tilfælde blev der anmeldt for menneskehandel efter straffelovens § 262a",
        "I %(number)s tilfælde blev der anmeldt for menneskehandel efter straffelovens § 262a",
        b["262a"],
    ) % {"number": number(b["262a"], lang)}
    second = (
        ngettext(
            "og i en af anmeldelserne blev der anmeldt for menneskeudnyttelse efter straffelovens § 262b.",
            "og i %(number)s tilfælde blev der anmeldt for menneskeudnyttelse efter straffelovens § 262b.",
            b["262b"],
        )
        % {"number": number(b["262b"], lang)}
        if b["262b"]
        else ""
    )
    table = Table(
        "police_reports",
        _("Personer vurderet udsat i %(year)s med en politianmeldelse, efter lovgrundlag") % {"year": y},
        [_("Lovgrundlag"), _("Antal")],
        [*([label(v.LegalBasis, k, lang), n] for k, n in b.items()), [_("Personer i alt"), p["persons"]]],
        codes=[*b, None],
    )
    paras = [
        para(
            say("police.text", text),
            say("police.262a", first + ("," if second else ".")) if p["persons"] else "",
            say("police.262b", second) if second else "",
        )
    ]
    return Section("police", say("police.title", _("Politianmeldelser")), paras, [], [table, *_police_more(p, y, lang)])


def _police_more(p: dict[str, Any], y: int, lang: str) -> list[Table]:
    """How far the reports went, and why the others were not filed (where the data say)."""
    outcomes = p.get("by_outcome") or {}
    tables = []
    if outcomes:
        tables.append(
            Table(
                "police_report_outcomes",
                _("Personer vurderet udsat i %(year)s med en politianmeldelse, efter hvor langt sagen er nået")
                % {"year": y},
                [_("Udfald"), _("Antal")],
                [[label(v.PoliceReportOutcome, k, lang), n] for k, n in outcomes.items()],
                codes=list(outcomes),
            )
        )
    reasons = (p.get("not_filed") or {}).get("by_reason")
    if reasons is not None:
        rows = [[label(v.NoReportReason, k, lang), n] for k, n in reasons.items()]
        tables.append(
            Table(
                "police_reports_not_filed",
                _("Personer vurderet udsat i %(year)s uden politianmeldelse, efter begrundelse") % {"year": y},
                [_("Begrundelse"), _("Antal")],
                [*rows, [_("Personer i alt"), p["not_filed"]["persons"]]],
                codes=[*reasons, None],
            )
        )
    return tables


def _overview(r: dict[str, Any], lang: str) -> Section:
    y, rows = r["year"], r["identified"]["overview"]
    head = [_("Nationalitet"), _("Køn"), _("Alder"), _("Udnyttelsesform"), _("Antal")]
    ages = {"adult": _("voksen"), "minor": _("mindreårig"), "unknown": pgettext("værdi", "ukendt")}
    body = [
        [
            nationality_name(o["nationality"], lang),
            label(v.Gender, o["gender"], lang),
            ages[o["age_group"]],
            label(v.ExploitationGroup, o["exploitation"], lang),
            o["count"],
        ]
        for o in sorted(rows, key=lambda o: (-_nat_total(rows, o["nationality"]), o["nationality"], -o["count"]))
    ]
    title = _("Oversigt over personer udsat for menneskehandel i Danmark i %(year)s") % {"year": y}
    body.append([_("I alt"), "", "", "", sum(o["count"] for o in rows)])
    table = Table("overview", title, head, body, codes=[*([None] * (len(body) - 1)), None])
    return Section("overview", say("overview.title", title), [], [], [table])


def _nat_total(rows: list[dict[str, Any]], code: str) -> int:
    return sum(o["count"] for o in rows if o["nationality"] == code)


def _court(r: dict[str, Any], lang: str) -> Section:
    units = {"counts": _("forhold"), "persons": _("personer")}
    charges, indictments, convictions = _("Sigtelser"), _("Tiltaler"), _("Domme")
    head = [_("År"), _("Enhed"), charges, indictments, convictions]
    rows = [[str(c["year"]), units[c["unit"]], c["charges"], c["indictments"], c["convictions"]] for c in r["court"]]
    text = say(
        "court.text",
        _(
            "Sigtelser, tiltaler og domme efter straffelovens § 262 a (kilde: Rigsadvokaten). Tallene er opgjort "
            "enten på forhold eller på personer og kan ikke lægges sammen."
        ),
    )
    counts = [c for c in r["court"] if c["unit"] == "counts"]
    charts = (
        [
            Chart(
                "line",
                _("Sigtelser, tiltaler og domme (forhold)"),
                [str(c["year"]) for c in counts],
                {
                    charges: [c["charges"] or 0 for c in counts],
                    indictments: [c["indictments"] or 0 for c in counts],
                    convictions: [c["convictions"] or 0 for c in counts],
                },
            )
        ]
        if counts
        else []
    )
    title = _("Sigtelser og domme")
    table = Table("court", title, head, rows, source=_("Kilde: Rigsadvokaten"), unit=_("Enhed: forhold eller personer"))
    for chart in charts:
        chart.source = table.source
    return Section("court", say("court.title", title), [text] if text else [], charts, [table])


def _figures(r: dict[str, Any], lang: str) -> Section:
    """Key figures and the time series as tables: every number of report.json in some table."""
    y, s = r["year"], r["series"]
    rows: list[list[Any]] = []
    codes: list[str | None] = []
    for key, name in (("inquiries", _("Henvendelser")), ("assessed", _("Udredt")), ("identified", _("Vurderet udsat"))):
        section = r.get(key)
        if section is None:
            continue
        rows += [[name, section["total"]], [name + " " + _("(ændring i pct.)"), section["change_pct"]]]
        codes += [f"{key}.total", f"{key}.change_pct"]
    if r.get("inquiries") is not None:
        q = r["inquiries"]
        rows += [[_("Selvhenvendte personer"), q["self_referred_persons"]],
                 [_("Heraf vurderet udsat"), q["self_referred_identified"]]]  # fmt: skip
        codes += ["inquiries.self_referred_persons", "inquiries.self_referred_identified"]
    if r.get("identified") is not None:
        i = r["identified"]
        rows += [[_("Tidligere vurderet udsat"), i["repeat"]], [_("Antal nationaliteter"), i["nationalities"]["count"]]]
        codes += ["identified.repeat", "identified.nationalities.count"]
        if i.get("in_complex") is not None:  # docs/definitions.md#case-complexes
            rows += [[_("Vurderet udsat i et sagskompleks"), i["in_complex"]["persons"]],
                     [_("Sagskomplekser med vurderet udsatte"), i["in_complex"]["complexes"]]]  # fmt: skip
            codes += ["identified.in_complex.persons", "identified.in_complex.complexes"]
    rows.append([_("Vurderet udsat i alt i tidsserien"), s["identified_cumulative"]])
    codes.append("series.identified_cumulative")
    key_figures = Table("key_figures", _("Nøgletal, %(year)s") % {"year": y}, ["", _("Antal")], rows, codes=codes,
                        unit=_("Enhed: personer, henvendelser og pct."))  # fmt: skip
    years = sorted({int(k) for part in ("identified", "inquiries", "assessed") for k in s[part]})
    genders, groups = list(v.Gender.values), list(v.ExploitationGroup.values)
    head = [_("År"), _("Vurderet udsat"), _("Henvendelser"), _("Udredt"), _("Børn"),
            *(label(v.Gender, g, lang) for g in genders), *(label(v.ExploitationGroup, g, lang) for g in groups),
            _("Øvrig eller uafklaret")]  # fmt: skip
    body = []
    for year in range(years[0], years[-1] + 1) if years else []:
        k = str(year)
        by_gender = s["identified_by_gender"].get(k, {})
        by_group = s["identified_by_exploitation"].get(k, {})
        body.append([year, s["identified"].get(k), s["inquiries"].get(k), s["assessed"].get(k),
                     s.get("identified_children", {}).get(k), *(by_gender.get(g) for g in genders),
                     *(by_group.get(g) for g in groups), by_group.get("other_or_undetermined")])  # fmt: skip
    series = Table("series", _("Tidsserier"), head, body, source=_series_source())
    return Section("figures", say("figures.title", _("Nøgletal og tidsserier")), [], [], [key_figures, series])


# --- children (docs/definitions.md#children-figures) -------------------------------------------


def _children(r: dict[str, Any], lang: str) -> Section:
    """One table: identified children by gender and exploitation, unaccompanied minors, children
    who travelled with a parent; a figure the data do not give (None) is left out, never shown as 0."""
    y, c = r["year"], r["children"]
    rows: list[list[Any]] = [[_("Vurderet udsat under 18 år"), c["identified"]]]
    codes: list[str | None] = ["identified"]
    for code, n in c["by_gender"].items():
        rows.append([_("Køn: %(label)s") % {"label": label(v.Gender, code, lang)}, n])
        codes.append(f"gender:{code}")
    for code, n in c["by_exploitation"].items():
        rows.append([_("Udnyttelse: %(label)s") % {"label": label(v.ExploitationGroup, code, lang)}, n])
        codes.append(f"exploitation:{code}")
    given = (
        ("unaccompanied", _("Heraf uledsagede mindreårige")),
        ("returned_with_parent", _("Børn udrejst med en forælder på forberedt hjemrejse")),
        ("returns_with_children", _("Forberedte hjemrejser med børn")),
    )
    for key, text in given:
        if c.get(key) is not None:
            rows.append([text, c[key]])
            codes.append(key)
    title = _("Børn, %(year)s") % {"year": y}
    table = Table("children", title, _count_head(""), rows, codes=codes, unit=_("Enhed: personer"))
    return Section("children", say("children.title", title), [], [], [table])


def _about(r: dict[str, Any], lang: str) -> Section:
    """The explanatory text: what is counted and how (docs/definitions.md#statistics)."""
    y = r["year"]
    paras = [
        say("about.inquiries", _(
            "Henvendelser er alle henvendelser, Center mod Menneskehandel har modtaget i %(year)s om personer, der "
            "kunne være udsat for menneskehandel, på hotlinen, pr. mail eller på anden vis.") % {"year": y}),
        say("about.assessed", _(
            "Udredt er de personer, der har haft en første udredende samtale i %(year)s; en person tælles én gang "
            "pr. år.") % {"year": y}),
        say("about.identified", _(
            "Vurderet udsat for menneskehandel er de personer, som Center mod Menneskehandel, Udlændingestyrelsen "
            "eller en domstol har vurderet udsat for menneskehandel i %(year)s. En person med flere vurderinger i "
            "året tælles én gang.") % {"year": y}),
        say("about.attributes", _(
            "Køn, nationalitet (den første, hvis der er flere), udnyttelsesform og kontaktskabende aktør er "
            "oplysningerne fra årets første positive vurdering. Alderen er alderen på vurderingstidspunktet.")),
        say("about.series", _(
            "Tidsserierne bygger på sagsdata og, for årene før sagsdata, på de offentliggjorte tal; et år, hvor "
            "der ikke findes et tal, er vist som et hul i figuren og som »–« i tabellen.")),
        say("about.absent", _(
            "»–« betyder, at tallet ikke er opgjort; 0 betyder, at der ikke var nogen.")),
        _not_compiled(r),
        say("about.disclosure", _(
            "Som i centrets tidligere udgivelser vises også små tal; de åbne data bag statistikken er derimod "
            "beskyttet mod at kunne henføres til enkeltpersoner.")),
    ]  # fmt: skip
    return Section("about", say("about.title", _("Om statistikken")), _paras(paras))


#: The sections of report.json that come from one case-data file each, and what that file holds.
_FROM_FILE = {
    "inquiries": "inquiries",
    "assessed": "assessments",
    "identified": "decisions",
    "returns": "returns",
    "status_end_of_year": "statuses",
    "police_reports": "police_reports",
}


def _not_compiled(r: dict[str, Any]) -> str:
    """ "For 2022 er følgende ikke opgjort: ..." naming what the source had no data for."""
    from spor.stats.report import ABSENT

    missing = [ABSENT[name]() for key, name in _FROM_FILE.items() if r.get(key) is None]
    if not missing:
        return ""
    return say(
        "about.not_compiled",
        _("For %(year)s er følgende ikke opgjort, fordi der ikke er data: %(what)s.")
        % {"year": r["year"], "what": join(missing, translation.get_language() or "da")},
    )


def _colophon(r: dict[str, Any], lang: str, edition: Edition) -> Section:
    """The back page: publisher, publication date, ISBN, citation line, contact and the revision note."""
    y = r["year"]
    published = format_date(edition.published_on or dt.date.today(), format="MMMM y", locale=formats.locale(lang))
    isbn = settings.SPOR_STATS_ISBN if edition.isbn is None else edition.isbn
    publisher = settings.SPOR_STATS_PUBLISHER
    title = _("Statistik %(year)s - Menneskehandel i Danmark") % {"year": y}
    citation = say(
        "colophon.citation",
        _("Citeres som: %(publisher)s (%(published)s): %(title)s.")
        % {"publisher": publisher, "published": published, "title": title},
    )
    rows: list[list[Any]] = [
        [_("Udgivet af"), _("Statistikken er udarbejdet af %(publisher)s") % {"publisher": publisher}],
        [_("Udgivet"), cap(published)],
    ]
    codes: list[str | None] = ["publisher", "published"]
    if edition.revision_note:
        rows.append([_("Revideret udgave"), edition.revision_note])
        codes.append("revision_note")
    if isbn:
        rows.append([_("ISBN"), isbn])
        codes.append("isbn")
    rows += [
        [_("Hjemmeside"), _("Download eller se statistikken på %(web)s.") % {"web": settings.SPOR_STATS_WEB}],
        [_("Citering"), say("colophon.quote", _("Der kan frit citeres fra statistikken med angivelse af kilde."))],
        [_("Kildeangivelse"), citation],
        [_("Kontakt"), ", ".join(settings.SPOR_STATS_CONTACT)],
    ]
    codes += ["web", "quote", "citation", "contact"]
    table = Table("colophon", _("Kolofon"), [_("Felt"), _("Oplysning")], rows, codes=codes)
    with translation.override(lang):
        heading = say("colophon.title", _("Om udgivelsen"))
    return Section("colophon", heading, [], [], [table])


def revision_line(edition: Edition | None, lang: str = "da") -> str:
    """The revision line of a revised edition's front page ("" for a first edition)."""
    if not edition or not edition.revision_note:
        return ""
    with translation.override(lang):
        return _("Revideret udgave: %(note)s") % {"note": edition.revision_note}
