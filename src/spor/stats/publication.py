"""The publication "Menneskehandel i Danmark": sections, text, charts and tables from report.json.

Sections and their order follow CMM's 2025 edition, then the 2022 annual report's
overview table and police districts and the court statistics. Each section has a
title, paragraphs (`spor.stats.text`), and charts and tables whose data are read from the report;
the HTML, PDF, XLSX and CSV renderers draw all of them from here, so they agree. Every text is a
gettext message in Danish, translated by the stats catalogue (src/spor/stats/locale) when
`sections` runs with `lang="en"` (docs/statistics.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from spor import vocabulary as v
from spor.nationalities import name as nationality_name
from spor.stats.text import about, cap, change, count, join, noun, number, share


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
    key: str
    title: str
    paragraphs: list[str]
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


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


def sections(report: dict[str, Any], lang: str = "da") -> list[Section]:
    """Every section of the publication for the report's year, in the 2025 edition's order."""
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
    ]
    with translation.override(lang):
        out = [build(report, lang) for build, keys in needs if all(report.get(k) is not None for k in keys)]
        out.append(_figures(report, lang))
        release = report.get("release") or {}
        if release.get("revision_note"):
            # A revised release says so first, with the analyst's note (docs/statistics.md#releases).
            revised = _("Revideret udgave %(revision)s") % {"revision": release.get("revision", "")}
            out.insert(0, Section("revision", revised.strip(), [release["revision_note"]]))
        _number(out, report["year"])
        if report.get("warnings"):
            # The extract writes each warning in both languages (spor.stats.report).
            out.append(Section("warnings", _("Datakvalitet"), [w[lang] for w in report["warnings"]]))
    return out


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
    paras = [
        first % values,
        _(
            "I %(year)s modtog centret %(total)s henvendelser om mulig menneskehandel; heraf %(hotline)s på hotlinen "
            "og %(other)s på anden vis, fx via mail."
        )
        % values
        + " "
        + _inquiry_change(pct, y - 1),
        _("I %(year)s henvendte %(self)s sig selv til Center mod Menneskehandel.") % values
        + (
            " "
            + ngettext(
                "%(number)s af dem blev vurderet udsat for menneskehandel.",
                "%(number)s af dem blev vurderet udsat for menneskehandel.",
                q["self_referred_identified"],
            )
            % values
            if i is not None
            else ""
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
    return Section("inquiries", title, [p.strip() for p in paras], [chart, trend] if years else [chart], [table])


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
        text += (
            " "
            + _(
                "Det er en stigning på %(pct)s pct. sammenholdt med antal personer udredt for menneskehandel i "
                "%(previous)s."
            )
            % values
        )
    elif pct:
        text += (
            " "
            + _(
                "Det er et fald på %(pct)s pct. sammenholdt med antal personer udredt for menneskehandel i "
                "%(previous)s."
            )
            % values
        )
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
    tables = [
        Table(
            "assessed_police_districts",
            _("Udredt efter henvisning fra politiet, fordelt på politikreds"),
            [_("Politikreds"), _("Udredt")],
            [[k, n] for k, n in a["police_by_district"].items()],
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
    return Section("assessed", title, [text], charts, tables)


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
        "change": change(i["change_pct"], y - 1, lang),
        "cumulative": s["identified_cumulative"],
    }
    paras = [
        (
            _(
                "I %(year)s er %(persons)s vurderet udsat for menneskehandel af de danske myndigheder. %(change)s "
                "I perioden %(first)s-%(year)s er i alt %(cumulative)s personer vurderet udsat for menneskehandel i "
                "Danmark."
            )
            % values
        ).replace("  ", " ")
    ]
    if i["repeat"]:
        paras.append(
            _("%(number)s af dem var også tidligere vurderet udsat for menneskehandel.")
            % {"number": number(i["repeat"], lang, start=True)}
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
    return Section("identified", title, paras, [chart], [authority])


def _contact(r: dict[str, Any], lang: str) -> Section:
    i = r["identified"]
    police = i["by_contact_actor_type"]["police"]
    y, total = r["year"], i["total"]
    text = _(
        "%(share)s af de %(total)s personer, der blev vurderet udsat for menneskehandel i %(year)s, blev henvist til "
        "Center mod Menneskehandel af politiet."
    ) % {"share": cap(share(police, total, lang)), "total": total, "year": y}
    chart = _ch(
        _("Personer udsat for menneskehandel fordelt efter kontaktskabende aktør, %(year)s") % {"year": y},
        "bar",
        i["by_contact_actor_type"],
        v.ActorType,
        lang,
    )
    return Section("contact", _("Forskellige aktører møder personer udsat for menneskehandel"), [text], [chart])


def _exploitation(r: dict[str, Any], lang: str) -> Section:
    y, i = r["year"], r["identified"]
    g, total = i["by_exploitation"], i["total"]
    ge = i["by_gender_exploitation"]
    sexual = g["sexual"]
    most = _("Mere end halvdelen") if sexual * 2 > total else cap(share(sexual, total, lang))
    title = _("%(share)s er handlet til seksuel udnyttelse") % {"share": most}
    paras = [
        _("Af de %(total)s personer udsat for menneskehandel i %(year)s er %(number)s handlet til seksuel udnyttelse.")
        % {"total": total, "year": y, "number": number(sexual, lang)}
    ]
    if g["forced_labour"]:
        paras.append(
            _("%(persons)s er handlet til tvangsarbejde, heraf er %(women)s og %(men)s.")
            % {
                "persons": count(g["forced_labour"], "person", lang, start=True),
                "women": count(ge["female"]["forced_labour"], "woman", lang),
                "men": count(ge["male"]["forced_labour"], "man", lang),
            }
        )
    if g["criminal"]:
        paras.append(
            _("%(persons)s er udnyttet til strafbare handlinger.")
            % {"persons": count(g["criminal"], "person", lang, start=True)}
        )
    if g["slavery_like"]:
        paras.append(
            _("%(persons)s er udnyttet under slaverilignende forhold.")
            % {"persons": count(g["slavery_like"], "person", lang, start=True)}
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
    return Section("exploitation", title, paras, charts, tables)


def _gender(r: dict[str, Any], lang: str) -> Section:
    y, i = r["year"], r["identified"]
    g, total = i["by_gender"], i["total"]
    parts = [count(g["female"], "woman", lang), count(g["male"], "man", lang)]
    if g["trans"]:
        trans = ngettext("transperson", "transpersoner", g["trans"])
        parts.append(f"{number(g['trans'], lang)} {trans}")
    title = _("Kvinder udgør %(share)s") % {"share": share(g["female"], total, lang)}
    paras = [
        _("%(persons)s er vurderet udsat for menneskehandel i %(year)s.")
        % {"persons": cap(join(parts, lang)), "year": y}
    ]
    for gender, noun_key in (("female", "woman"), ("male", "man")):
        if g[gender]:
            paras.append(_forms_of(g[gender], noun_key, i["by_gender_exploitation"][gender], lang))
    head = [_("Køn"), *(label(v.ExploitationGroup, c, lang) for c in i["by_exploitation"])]
    rows = [[label(v.Gender, gender, lang), *row.values()] for gender, row in i["by_gender_exploitation"].items()]
    charts = [_ch(_("Fordeling efter køn, %(year)s") % {"year": y}, "donut", g, v.Gender, lang)]
    return Section(
        "gender", title, paras, charts, [Table("gender_exploitation", _("Køn og udnyttelsesform"), head, rows)]
    )


def _form(code: str) -> str:
    """What happened to those exploited in a group, as the predicate of a sentence."""
    return {
        "sexual": _("er udsat for seksuel udnyttelse"),
        "forced_labour": _("er udnyttet til tvangsarbejde"),
        "criminal": _("er udnyttet til strafbare handlinger"),
        "slavery_like": _("er udnyttet under slaverilignende forhold"),
        "organ_removal": _("er udsat for organfjernelse"),
        "other": _("er udsat for en øvrig udnyttelsesform"),
        "undetermined": _("har en uafklaret udnyttelsesform"),
    }[code]


def _forms_of(total: int, noun_key: str, groups: dict[str, int], lang: str) -> str:
    """ "47 af de 78 kvinder er udsat for seksuel udnyttelse, 16 er udnyttet til tvangsarbejde og én ..."."""
    found = sorted(((n, code) for code, n in groups.items() if n), key=lambda x: -x[0])
    if not found:
        return ""
    first, *rest = found
    head = _("%(number)s af de %(total)s %(noun)s %(form)s") % {
        "number": number(first[0], lang, start=True),
        "total": total,
        "noun": noun(noun_key, total),
        "form": _form(first[1]),
    }
    return join([head, *(f"{number(n, lang)} {_form(code)}" for n, code in rest)], lang) + "."


def _age(r: dict[str, Any], lang: str) -> Section:
    y, i = r["year"], r["identified"]
    a, total = i["age"], i["total"]
    paras = []
    title = _("%(share)s er under 25 år") % {"share": cap(share(a["under_25"], total, lang))}
    if a["min"] is not None:
        paras.append(
            _(
                "De %(total)s personer, der er vurderet udsat for menneskehandel i %(year)s, var på "
                "vurderingstidspunktet i alderen %(min)s-%(max)s år med en gennemsnitsalder på %(mean)s år."
            )
            % {"total": total, "year": y, "min": a["min"], "max": a["max"], "mean": about(a["mean"], lang)}
        )
    paras.append(
        _(
            "%(under_25)s var under 25 år, da de blev vurderet udsat for menneskehandel. Det svarer til %(share)s. "
            "%(under_18)s var under 18 år."
        )
        % {
            "under_25": count(a["under_25"], "person", lang, start=True),
            "share": share(a["under_25"], total, lang),
            "under_18": count(a["under_18"], "person", lang, start=True),
        }
    )
    if a["unknown"]:
        paras.append(_("For %(persons)s kendes alderen ikke.") % {"persons": count(a["unknown"], "person", lang)})
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
    return Section("age", title, paras, [chart], [summary])


def _nationality(r: dict[str, Any], lang: str) -> Section:
    y, i = r["year"], r["identified"]
    n = i["nationalities"]
    top = list(n["by_code"])[:5]
    names = [nationality_name(c, lang) for c in top]
    new = sorted(nationality_name(c, lang) for c in n["first_time"])
    title = _("Ét land er dominerende") if top and n["by_code"][top[0]] * 5 >= i["total"] else _("Nationalitet")
    values = {"total": i["total"], "year": y, "count": n["count"]}
    paras = [
        _("De %(total)s personer udsat for menneskehandel i %(year)s kommer fra %(count)s forskellige lande.") % values
    ]
    if top:
        paras.append(_("Flest kommer fra %(names)s.") % {"names": join(names, lang)})
        paras.append(
            _(
                "Personer fra %(country)s udgør dermed %(share)s af det samlede antal personer udsat for "
                "menneskehandel i %(year)s."
            )
            % {"country": names[0], "share": share(n["by_code"][top[0]], i["total"], lang), "year": y}
        )
    if new:
        paras.append(
            _("%(year)s er det første år, hvor personer fra %(names)s er vurderet udsat for menneskehandel i Danmark.")
            % {"year": y, "names": join(new, lang)}
        )
    chart = _ch(_("Fordeling efter nationalitet, %(year)s") % {"year": y}, "bar", n["by_code"], None, lang)
    table = _tab("nationality", _("Nationalitet"), _count_head(_("Nationalitet")), n["by_code"], None, lang)
    return Section("nationality", title, paras, [chart], [table])


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
    paras = [
        _(
            "Af de %(total)s personer, der er vurderet udsat for menneskehandel i %(year)s, er %(cohort)s hjemrejst "
            "med en forberedt hjemsendelse pr. 31. december %(year)s."
        )
        % values
        + " "
        + _("%(women)s, og %(men)s.") % _gender_counts(g, lang),
        _(
            "%(earlier)s, som blev vurderet udsat for menneskehandel før %(year)s, er også hjemrejst med en "
            "forberedt hjemsendelse i %(year)s. I alt er %(all)s hjemrejst med en forberedt hjemsendelse i %(year)s."
        )
        % values,
    ]
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
    return Section("returns", _("Forberedte hjemsendelser"), paras, [chart], [totals, destinations])


def _gender_counts(g: dict[str, int], lang: str) -> dict[str, str]:
    """ "28 er kvinder, og syv er mænd": the nouns follow the verb, so each count carries its own."""
    women = ngettext("er kvinde", "er kvinder", g["female"])
    men = ngettext("er mand", "er mænd", g["male"])
    return {"women": f"{number(g['female'], lang, start=True)} {women}", "men": f"{number(g['male'], lang)} {men}"}


def _status_text(code: str, year: int) -> str:
    """What the persons with a year-end status did, as the predicate of a sentence."""
    return {
        "prepared_return": _("rejste hjem med en forberedt hjemsendelse"),
        "receiving_support": _(
            "modtog fortsat støtte fra handlingsplanen til bekæmpelse af menneskehandel ved udgangen af %(year)s"
        )
        % {"year": year},
        "left_on_own": _("udrejste på egen hånd"),
        "left_with_ticket_support": _("udrejste med støtte til køb af hjemrejsebillet fra Center mod Menneskehandel"),
        "declined_or_absent": _("takkede nej til støtte eller udeblev fra den tilbudte indkvartering"),
        "residence_granted": _("blev meddelt ophold og overgik til anden støtte"),
        "dublin_transfer": _("blev udsendt i medfør af Dublinforordningen"),
        "other": _("havde en anden status"),
        "unknown": _("har ingen registreret status"),
    }[code]


def _status(r: dict[str, Any], lang: str) -> Section:
    y, st, total = r["year"], r["status_end_of_year"], r["identified"]["total"]
    present = [(k, n) for k, n in st.items() if n]
    paras = [f"{cap(count(n, 'person', lang))} {_status_text(k, y)}." for k, n in present]
    if present:
        k, n = present[0]
        paras[0] = _("%(number)s af de %(total)s personer udsat for menneskehandel i %(year)s %(status)s.") % {
            "number": number(n, lang, start=True),
            "total": total,
            "year": y,
            "status": _status_text(k, y),
        }
    chart = _ch(_("Status ved udgangen af %(year)s") % {"year": y}, "bar", st, v.YearEndStatus, lang)
    return Section("status", _("Status på sagsforløb ved udgangen af %(year)s") % {"year": y}, paras, [chart])


def _police(r: dict[str, Any], lang: str) -> Section:
    y, p, total = r["year"], r["police_reports"], r["identified"]["total"]
    b = p["by_legal_basis"]
    text = _(
        "I %(year)s har Center mod Menneskehandel bistået %(persons)s af de %(total)s personer, der blev vurderet "
        "udsat for menneskehandel, med at indgive en anmeldelse."
    ) % {"year": y, "persons": number(p["persons"], lang), "total": total}
    text += " " + ngettext(
        "I ét tilfælde blev der anmeldt for menneskehandel efter straffelovens § 262a",
        "I %(number)s tilfælde blev der anmeldt for menneskehandel efter straffelovens § 262a",
        b["262a"],
    ) % {"number": number(b["262a"], lang)}
    if b["262b"]:
        text += ngettext(
            ", og i en af anmeldelserne blev der anmeldt for menneskeudnyttelse efter straffelovens § 262b",
            ", og i %(number)s tilfælde blev der anmeldt for menneskeudnyttelse efter straffelovens § 262b",
            b["262b"],
        ) % {"number": number(b["262b"], lang)}
    table = Table(
        "police_reports",
        _("Personer vurderet udsat i %(year)s med en politianmeldelse, efter lovgrundlag") % {"year": y},
        [_("Lovgrundlag"), _("Antal")],
        [*([label(v.LegalBasis, k, lang), n] for k, n in b.items()), [_("Personer i alt"), p["persons"]]],
        codes=[*b, None],
    )
    return Section("police", _("Politianmeldelser"), [text + "."], [], [table, *_police_more(p, y, lang)])


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
    return Section("overview", title, [], [], [Table("overview", title, head, body)])


def _nat_total(rows: list[dict[str, Any]], code: str) -> int:
    return sum(o["count"] for o in rows if o["nationality"] == code)


def _court(r: dict[str, Any], lang: str) -> Section:
    units = {"counts": _("forhold"), "persons": _("personer")}
    charges, indictments, convictions = _("Sigtelser"), _("Tiltaler"), _("Domme")
    head = [_("År"), _("Enhed"), charges, indictments, convictions]
    rows = [[str(c["year"]), units[c["unit"]], c["charges"], c["indictments"], c["convictions"]] for c in r["court"]]
    text = _(
        "Sigtelser, tiltaler og domme efter straffelovens § 262 a (kilde: Rigsadvokaten). Tallene er opgjort "
        "enten på forhold eller på personer og kan ikke lægges sammen."
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
    return Section("court", title, [text], charts, [Table("court", title, head, rows)])


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
    return Section("figures", _("Nøgletal og tidsserier"), [], [], [key_figures, series])


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
    return Section("children", title, [], [], [table])
