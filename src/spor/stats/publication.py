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


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[Any]]


@dataclass
class Chart:
    """`kind` is bar, line or donut; `series` maps a series name to values aligned with `labels`."""

    kind: str
    title: str
    labels: list[str]
    series: dict[str, list[int | None]]


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
    items = [(k, n) for k, n in mapping.items() if n or keep_zero]
    return Chart(kind, title, [_name(choices, k, lang) for k, _n in items], {"": [n for _k, n in items]})


def _tab(key: str, title: str, head: list[str], mapping: dict[str, int], choices: Any, lang: str) -> Table:
    return Table(key, title, head, [[_name(choices, k, lang), n] for k, n in mapping.items()])


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
        (_nationality, ("identified",)),
        (_returns, ("identified", "returns")),
        (_status, ("identified", "status_end_of_year")),
        (_police, ("identified", "police_reports")),
        (_overview, ("identified",)),
        (_court, ()),
    ]
    with translation.override(lang):
        out = [build(report, lang) for build, keys in needs if all(report.get(k) is not None for k in keys)]
        if report.get("warnings"):
            # The extract writes each warning in both languages (spor.stats.report).
            out.append(Section("warnings", _("Datakvalitet"), [w[lang] for w in report["warnings"]]))
    return out


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
                [label(v.ActorType, k, lang), a["by_referrer_type"].get(k, 0), s]
                for k, s in a["identified_share_by_referrer_type"].items()
            ],
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
    return Section("age", title, paras, [chart])


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
    chart = _ch(
        _("Forberedte hjemsendelser fordelt efter land, %(year)s") % {"year": y},
        "bar",
        ret["by_destination"],
        None,
        lang,
    )
    return Section("returns", _("Forberedte hjemsendelser"), paras, [chart])


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
    return Section("police", _("Politianmeldelser"), [text + "."])


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
