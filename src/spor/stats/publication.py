"""The publication "Menneskehandel i Danmark": sections, text, charts and tables from report.json.

Sections and their order follow CMM's 2025 edition, then the 2022 annual report's
overview table and police districts and the court statistics. Each section has a
title, paragraphs (`spor.stats.text`), and charts and tables whose data are read from the report;
the HTML, PDF, XLSX and CSV renderers draw all of them from here, so they agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spor import vocabulary as v
from spor.nationalities import name as nationality_name
from spor.stats.text import NOUNS, about, cap, change, count, join, number, share


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
    series: dict[str, list[int]]


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list[str]
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


#: English labels where the code alone does not read well (the others: the code, spaced).
EN_LABELS = {
    "dis": "Danish Immigration Service",
    "siri": "SIRI",
    "ngo": "NGO",
    "cmm": "Centre against Human Trafficking",
    "sexual_prostitution": "sexual exploitation (prostitution)",
    "sexual_other": "other sexual exploitation",
    "slavery_like": "slavery-like conditions",
}


def label(choices: type[v.models.TextChoices], code: str, lang: str) -> str:
    """A vocabulary label in Danish, or the code made readable in English."""
    if lang == "en":
        return EN_LABELS.get(code, code.replace("_", " "))
    if code == "unknown":
        return "ukendt"
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def _ch(title: str, kind: str, mapping: dict[str, int], choices: Any, lang: str, keep_zero: bool = False) -> Chart:
    items = [(k, n) for k, n in mapping.items() if n or keep_zero]
    names = [label(choices, k, lang) if choices else nationality_name(k, lang) for k, _ in items]
    return Chart(kind, title, names, {"": [n for _, n in items]})


def _tab(key: str, title: str, head: list[str], mapping: dict[str, int], choices: Any, lang: str) -> Table:
    rows = [[label(choices, k, lang) if choices else nationality_name(k, lang), n] for k, n in mapping.items()]
    return Table(key, title, head, rows)


def sections(report: dict[str, Any], lang: str = "da") -> list[Section]:
    """Every section of the publication for the report's year, in the 2025 edition's order."""
    da = lang == "da"
    out = [
        _inquiries(report, lang),
        _assessed(report, lang),
        _identified(report, lang),
        _contact(report, lang),
        _exploitation(report, lang),
        _gender(report, lang),
        _age(report, lang),
        _nationality(report, lang),
        _returns(report, lang),
        _status(report, lang),
        _police(report, lang),
        _overview(report, lang),
        _court(report, lang),
    ]
    if report.get("warnings"):
        out.append(
            Section(
                "warnings",
                "Datakvalitet" if da else "Data quality",
                [w["da"] if da else w["en"] for w in report["warnings"]],
            )
        )
    return out


def _inquiries(r: dict[str, Any], lang: str) -> Section:
    y, q, i = r["year"], r["inquiries"], r["identified"]
    hot = q["by_channel"]["hotline"]
    pct = q["change_pct"]
    if lang == "da":
        title = "Flere henvendelser" if (pct or 0) > 0 else "Færre henvendelser" if (pct or 0) < 0 else "Henvendelser"
        paras = [
            f"I {y} har Center mod Menneskehandel modtaget {q['total']} henvendelser om personer, der kunne være "
            f"udsat for menneskehandel. I alt er {count(r['assessed']['total'], 'person')} blevet udredt for "
            f"menneskehandel, og {count(i['total'], 'person')} er vurderet udsat for menneskehandel af danske "
            "myndigheder.",
            f"I {y} modtog centret {q['total']} henvendelser om mulig menneskehandel; heraf {number(hot)} på hotlinen "
            f"og {number(q['total'] - hot)} på anden vis, fx via mail. "
            + change(pct, y - 1)
            .replace("Det er en stigning på", "Det er en stigning i antal henvendelser om mulig menneskehandel på")
            .replace("Det er et fald på", "Det er et fald i antal henvendelser om mulig menneskehandel på"),
            f"I {y} henvendte {count(q['self_referred_persons'], 'person')} sig selv til Center mod Menneskehandel. "
            f"{number(q['self_referred_identified'], start=True)} af dem blev vurderet udsat for menneskehandel.",
        ]
    else:
        title = "More inquiries" if (pct or 0) > 0 else "Fewer inquiries" if (pct or 0) < 0 else "Inquiries"
        paras = [
            f"In {y} the Centre against Human Trafficking received {q['total']} inquiries about persons who might be "
            f"victims of human trafficking. In all, {count(r['assessed']['total'], 'person', 'en')} were assessed, and "
            f"{count(i['total'], 'person', 'en')} were identified as victims by the Danish authorities.",
            f"Of the {q['total']} inquiries, {number(hot, 'en')} came in on the hotline and "
            f"{number(q['total'] - hot, 'en')} otherwise, e.g. by e-mail. {change(pct, y - 1, 'en')}",
            f"In {y}, {count(q['self_referred_persons'], 'person', 'en')} contacted the centre themselves. "
            f"{number(q['self_referred_identified'], 'en', start=True)} of them "
            f"{'was' if q['self_referred_identified'] == 1 else 'were'} identified as victims.",
        ]
    series = r["series"]
    years = sorted(set(series["inquiries"]) | set(series["assessed"]))[-4:]
    chart = Chart(
        "bar",
        ("Henvendelser, udredninger og vurderinger" if lang == "da" else "Inquiries, assessments and identifications")
        + f", {y}",
        [
            "Henvendelser" if lang == "da" else "Inquiries",
            "Udredt" if lang == "da" else "Assessed",
            "Vurderet udsat" if lang == "da" else "Identified",
        ],
        {"": [q["total"], r["assessed"]["total"], i["total"]]},
    )
    trend = Chart(
        "bar",
        ("Henvendelser om mulig menneskehandel" if lang == "da" else "Inquiries") + f", {years[0]}-{y}"
        if years
        else "",
        years,
        {"": [series["inquiries"].get(k, 0) for k in years]},
    )
    table = _tab(
        "inquiries_by_sender",
        "Henvendelser efter afsender" if lang == "da" else "Inquiries by sender",
        ["Afsender" if lang == "da" else "Sender", "Antal" if lang == "da" else "Count"],
        {k: n for k, n in q["by_sender_type"].items() if n},
        v.ActorType,
        lang,
    )
    return Section("inquiries", title, paras, [chart, trend] if years else [chart], [table])


def _assessed(r: dict[str, Any], lang: str) -> Section:
    y, a = r["year"], r["assessed"]
    if lang == "da":
        title = f"{count(a['total'], 'person', start=True)} udredt for menneskehandel"
        pct = a["change_pct"]
        text = (
            f"I {y} har Center mod Menneskehandel afholdt udredende samtaler med {count(a['total'], 'person')}, der "
            "kunne være udsat for menneskehandel."
        )
        if pct:
            kind = "en stigning" if pct > 0 else "et fald"
            text += (
                f" Det er {kind} på {abs(pct)} pct. sammenholdt med antal personer udredt for menneskehandel i {y - 1}."
            )
    else:
        title = f"{count(a['total'], 'person', 'en', start=True)} assessed"
        text = f"In {y} the centre held assessment interviews with {count(a['total'], 'person', 'en')}. " + change(
            a["change_pct"], y - 1, "en"
        )
    series = r["series"]["assessed"]
    years = sorted(series)[-4:]
    charts = (
        [
            Chart(
                "bar",
                ("Personer udredt for menneskehandel" if lang == "da" else "Persons assessed") + f", {years[0]}-{y}",
                years,
                {"": [series[k] for k in years]},
            )
        ]
        if years
        else []
    )
    head = ["Politikreds" if lang == "da" else "Police district", "Udredt" if lang == "da" else "Assessed"]
    tables = [
        Table(
            "assessed_police_districts",
            "Udredt efter henvisning fra politiet, fordelt på politikreds"
            if lang == "da"
            else "Assessed after police referral, by district",
            head,
            [[k, n] for k, n in a["police_by_district"].items()],
        ),
        Table(
            "assessed_referrer",
            "Udredt og andel vurderet udsat efter henviser"
            if lang == "da"
            else "Assessed and share identified by referrer",
            [
                "Henviser" if lang == "da" else "Referrer",
                "Udredt" if lang == "da" else "Assessed",
                "Andel vurderet udsat" if lang == "da" else "Share identified",
            ],
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
    if lang == "da":
        title = f"{count(i['total'], 'person', start=True)} er vurderet udsat for menneskehandel"
        paras = [
            f"I {y} er {count(i['total'], 'person')} vurderet udsat for menneskehandel af de danske myndigheder. "
            f"{change(i['change_pct'], y - 1)} I perioden {first}-{y} er i alt {s['identified_cumulative']} personer "
            f"vurderet udsat for menneskehandel i Danmark.".replace("  ", " ")
        ]
        if i["repeat"]:
            paras.append(
                f"{number(i['repeat'], start=True)} af dem var også tidligere vurderet udsat for menneskehandel."
            )
    else:
        title = f"{count(i['total'], 'person', 'en', start=True)} identified as victims"
        paras = [
            f"In {y}, {count(i['total'], 'person', 'en')} were identified as victims of human trafficking by the "
            f"Danish authorities. {change(i['change_pct'], y - 1, 'en')} From {first} to {y}, "
            f"{s['identified_cumulative']} persons in all were identified in Denmark.".replace("  ", " ")
        ]
        if i["repeat"]:
            paras.append(f"{number(i['repeat'], 'en', start=True)} of them had been identified before.")
    chart = Chart(
        "line",
        ("Personer udsat for menneskehandel" if lang == "da" else "Identified victims") + f", {first}-{y}",
        years,
        {"": [s["identified"][k] for k in years]},
    )
    authority = _tab(
        "by_authority",
        "Vurderende myndighed" if lang == "da" else "Deciding authority",
        ["Myndighed" if lang == "da" else "Authority", "Antal" if lang == "da" else "Count"],
        i["by_authority"],
        v.Authority,
        lang,
    )
    return Section("identified", title, paras, [chart], [authority])


def _contact(r: dict[str, Any], lang: str) -> Section:
    i = r["identified"]
    police = i["by_contact_actor_type"]["police"]
    y, total = r["year"], i["total"]
    if lang == "da":
        title = "Forskellige aktører møder personer udsat for menneskehandel"
        text = (
            f"{cap(share(police, total))} af de {total} personer, der blev vurderet udsat for menneskehandel i {y}, "
            "blev henvist til Center mod Menneskehandel af politiet."
        )
    else:
        title = "Different actors meet victims of human trafficking"
        text = (
            f"{cap(share(police, total, 'en'))} of the {total} persons identified in {y} were referred by the police."
        )
    chart = _ch(
        (
            "Personer udsat for menneskehandel fordelt efter kontaktskabende aktør"
            if lang == "da"
            else "Victims by contact-making actor"
        )
        + f", {y}",
        "bar",
        i["by_contact_actor_type"],
        v.ActorType,
        lang,
    )
    return Section("contact", title, [text], [chart])


def _exploitation(r: dict[str, Any], lang: str) -> Section:
    y, i = r["year"], r["identified"]
    g, total = i["by_exploitation"], i["total"]
    ge = i["by_gender_exploitation"]
    da = lang == "da"
    sexual = g["sexual"]
    if da:
        title = (
            "Mere end halvdelen" if sexual * 2 > total else cap(share(sexual, total))
        ) + " er handlet til seksuel udnyttelse"
        paras = [
            f"Af de {total} personer udsat for menneskehandel i {y} er {number(sexual)} handlet til seksuel udnyttelse."
        ]
        fl = g["forced_labour"]
        if fl:
            paras.append(
                f"{count(fl, 'person', start=True)} er handlet til tvangsarbejde, heraf er "
                f"{count(ge['female']['forced_labour'], 'woman')} og {count(ge['male']['forced_labour'], 'man')}."
            )
        if g["criminal"]:
            paras.append(f"{count(g['criminal'], 'person', start=True)} er udnyttet til strafbare handlinger.")
        if g["slavery_like"]:
            paras.append(f"{count(g['slavery_like'], 'person', start=True)} er udnyttet under slaverilignende forhold.")
    else:
        title = (
            "More than half" if sexual * 2 > total else cap(share(sexual, total, "en"))
        ) + " trafficked for sexual exploitation"
        paras = [
            f"Of the {total} victims identified in {y}, {number(sexual, 'en')} were trafficked for sexual exploitation."
        ]
        if g["forced_labour"]:
            paras.append(
                f"{count(g['forced_labour'], 'person', 'en', start=True)} were trafficked for forced labour: "
                f"{count(ge['female']['forced_labour'], 'woman', 'en')} and "
                f"{count(ge['male']['forced_labour'], 'man', 'en')}."
            )
        if g["criminal"]:
            paras.append(f"{count(g['criminal'], 'person', 'en', start=True)} were exploited for criminal activities.")
        if g["slavery_like"]:
            paras.append(
                f"{count(g['slavery_like'], 'person', 'en', start=True)} were exploited in slavery-like conditions."
            )
    groups = r["series"]["identified_by_exploitation"]
    years = sorted(groups)
    charts = [
        _ch(
            ("Tvangsarbejde fordelt efter brancher" if da else "Forced labour by sector") + f", {y}",
            "bar",
            i["forced_labour_by_sector"],
            v.Sector,
            lang,
        ),
        _ch(
            ("Strafbare handlinger fordelt efter type" if da else "Criminal activities by type") + f", {y}",
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
                ("Fordeling efter udnyttelsesformer" if da else "By form of exploitation") + f", {years[0]}-{y}",
                years,
                {
                    label(v.ExploitationGroup, code, lang): [groups[k][code] for k in years]
                    for code in ("sexual", "forced_labour", "criminal", "slavery_like")
                },
            )
        )
    tables = [
        _tab(
            "by_exploitation_detail",
            "Primær udnyttelsesform" if da else "Primary form of exploitation",
            ["Udnyttelsesform" if da else "Form", "Antal" if da else "Count"],
            i["by_exploitation_detail"],
            v.Exploitation,
            lang,
        ),
        _tab(
            "secondary_exploitation",
            "Sekundær udnyttelsesform (personer)" if da else "Secondary exploitation (persons)",
            ["Udnyttelsesform" if da else "Form", "Antal" if da else "Count"],
            i["secondary_exploitation"],
            v.Exploitation,
            lang,
        ),
    ]
    return Section("exploitation", title, paras, charts, tables)


def _gender(r: dict[str, Any], lang: str) -> Section:
    y, i = r["year"], r["identified"]
    g, total = i["by_gender"], i["total"]
    da = lang == "da"
    parts = [count(g["female"], "woman", lang), count(g["male"], "man", lang)]
    if g["trans"]:
        parts.append(
            f"{number(g['trans'], lang)} {'transperson' if da else 'transgender'}"
            + ("er" if da and g["trans"] > 1 else "")
        )
    if da:
        title = f"Kvinder udgør {share(g['female'], total)}"
        paras = [f"{cap(join(parts))} er vurderet udsat for menneskehandel i {y}."]
    else:
        title = f"Women are {share(g['female'], total, 'en')}"
        paras = [f"{cap(join(parts, 'en'))} were identified as victims in {y}."]
    for gender, noun in (("female", "woman"), ("male", "man")):
        if g[gender]:
            paras.append(_forms_of(g[gender], noun, i["by_gender_exploitation"][gender], lang))
    head = ["Køn" if da else "Gender", *(label(v.ExploitationGroup, c, lang) for c in i["by_exploitation"])]
    rows = [[label(v.Gender, gender, lang), *row.values()] for gender, row in i["by_gender_exploitation"].items()]
    charts = [_ch(("Fordeling efter køn" if da else "By gender") + f", {y}", "donut", g, v.Gender, lang)]
    return Section(
        "gender",
        title,
        paras,
        charts,
        [Table("gender_exploitation", "Køn og udnyttelsesform" if da else "Gender and exploitation", head, rows)],
    )


FORM_DA = {
    "sexual": "er udsat for seksuel udnyttelse",
    "forced_labour": "er udnyttet til tvangsarbejde",
    "criminal": "er udnyttet til strafbare handlinger",
    "slavery_like": "er udnyttet under slaverilignende forhold",
    "organ_removal": "er udsat for organfjernelse",
    "other": "er udsat for en øvrig udnyttelsesform",
    "undetermined": "har en uafklaret udnyttelsesform",
}
FORM_EN = {
    "sexual": "sexual exploitation",
    "forced_labour": "forced labour",
    "criminal": "criminal activities",
    "slavery_like": "slavery-like conditions",
    "organ_removal": "organ removal",
    "other": "another form",
    "undetermined": "an undetermined form",
}


def _forms_of(total: int, noun: str, groups: dict[str, int], lang: str) -> str:
    """ "47 af de 78 kvinder er udsat for seksuel udnyttelse, 16 er udnyttet til tvangsarbejde og én ..."."""
    found = sorted(((n, code) for code, n in groups.items() if n), key=lambda x: -x[0])
    if not found:
        return ""
    plural = NOUNS[lang][noun][1]
    if lang == "da":
        first, *rest = found
        head = f"{number(first[0], start=True)} af de {total} {plural} {FORM_DA[first[1]]}"
        return join([head, *(f"{number(n)} {FORM_DA[code]}" for n, code in rest)]) + "."
    items = [f"{number(n, 'en')} {FORM_EN[code]}" for n, code in found]
    return f"Of the {total} {plural}: {join(items, 'en')}."


def _age(r: dict[str, Any], lang: str) -> Section:
    y, i = r["year"], r["identified"]
    a, total = i["age"], i["total"]
    da = lang == "da"
    paras = []
    if da:
        title = f"{cap(share(a['under_25'], total))} er under 25 år"
        if a["min"] is not None:
            paras.append(
                f"De {total} personer, der er vurderet udsat for menneskehandel i {y}, var på vurderingstidspunktet "
                f"i alderen {a['min']}-{a['max']} år med en gennemsnitsalder på {about(a['mean'])} år."
            )
        paras.append(
            f"{count(a['under_25'], 'person', start=True)} var under 25 år, da de blev vurderet udsat for "
            f"menneskehandel. Det svarer til {share(a['under_25'], total)}. "
            f"{count(a['under_18'], 'person', start=True)} var under 18 år."
        )
    else:
        title = f"{cap(share(a['under_25'], total, 'en'))} are under 25"
        if a["min"] is not None:
            paras.append(
                f"The {total} victims identified in {y} were aged {a['min']}-{a['max']} when identified, with a mean "
                f"age of {about(a['mean'], 'en')}."
            )
        paras.append(
            f"{count(a['under_25'], 'person', 'en', start=True)} were under 25, that is "
            f"{share(a['under_25'], total, 'en')}. {count(a['under_18'], 'person', 'en', start=True)} were under 18."
        )
    if a["unknown"]:
        paras.append(
            f"For {count(a['unknown'], 'person', lang)} kendes alderen ikke."
            if da
            else f"The age of {count(a['unknown'], 'person', 'en')} is not known."
        )
    chart = _ch(
        ("Personer under 25 år fordelt efter udnyttelse" if da else "Victims under 25 by exploitation") + f", {y}",
        "donut",
        i["under_25_by_exploitation"],
        v.ExploitationGroup,
        lang,
    )
    return Section("age", title, paras, [chart])


def _nationality(r: dict[str, Any], lang: str) -> Section:
    y, i = r["year"], r["identified"]
    n = i["nationalities"]
    da = lang == "da"
    top = list(n["by_code"])[:5]
    names = [nationality_name(c, lang) for c in top]
    new = sorted(nationality_name(c, lang) for c in n["first_time"])
    if da:
        title = "Ét land er dominerende" if top and n["by_code"][top[0]] * 5 >= i["total"] else "Nationalitet"
        paras = [f"De {i['total']} personer udsat for menneskehandel i {y} kommer fra {n['count']} forskellige lande."]
        if top:
            paras.append(f"Flest kommer fra {join(names)}.")
            first = n["by_code"][top[0]]
            paras.append(
                f"Personer fra {names[0]} udgør dermed {share(first, i['total'])} af det samlede antal personer udsat "
                f"for menneskehandel i {y}."
            )
        if new:
            paras.append(
                f"{y} er det første år, hvor personer fra {join(new)} er vurderet udsat for menneskehandel i Danmark."
            )
    else:
        title = "One country dominates" if top and n["by_code"][top[0]] * 5 >= i["total"] else "Nationality"
        paras = [f"The {i['total']} victims identified in {y} come from {n['count']} different countries."]
        if top:
            paras.append(f"Most come from {join(names, 'en')}.")
        if new:
            paras.append(f"{y} is the first year in which persons from {join(new, 'en')} were identified in Denmark.")
    chart = _ch(
        ("Fordeling efter nationalitet" if da else "By nationality") + f", {y}", "bar", n["by_code"], None, lang
    )
    table = _tab(
        "nationality",
        "Nationalitet" if da else "Nationality",
        ["Nationalitet" if da else "Nationality", "Antal" if da else "Count"],
        n["by_code"],
        None,
        lang,
    )
    return Section("nationality", title, paras, [chart], [table])


def _returns(r: dict[str, Any], lang: str) -> Section:
    y, ret, total = r["year"], r["returns"], r["identified"]["total"]
    g = ret["cohort_by_gender"]
    da = lang == "da"
    if da:
        title = "Forberedte hjemsendelser"
        paras = [
            f"Af de {total} personer, der er vurderet udsat for menneskehandel i {y}, er {number(ret['cohort'])} "
            f"hjemrejst med en forberedt hjemsendelse pr. 31. december {y}. {number(g['female'], start=True)} er "
            f"{'kvinde' if g['female'] == 1 else 'kvinder'}, og {number(g['male'])} er "
            f"{'mand' if g['male'] == 1 else 'mænd'}.",
            f"{count(ret['earlier_cohorts'], 'person', start=True)}, som blev vurderet udsat for menneskehandel "
            f"før {y}, "
            f"er også hjemrejst med en forberedt hjemsendelse i {y}. I alt er {count(ret['total'], 'person')} "
            f"hjemrejst med en forberedt hjemsendelse i {y}.",
        ]
    else:
        title = "Prepared returns"
        paras = [
            f"Of the {total} victims identified in {y}, {number(ret['cohort'], 'en')} had returned with a prepared "
            f"return by 31 December {y}: {count(g['female'], 'woman', 'en')} and {count(g['male'], 'man', 'en')}.",
            f"{count(ret['earlier_cohorts'], 'person', 'en', start=True)} identified before {y} also returned in {y}; "
            f"{count(ret['total'], 'person', 'en')} in all.",
        ]
    chart = _ch(
        ("Forberedte hjemsendelser fordelt efter land" if da else "Prepared returns by destination") + f", {y}",
        "bar",
        ret["by_destination"],
        None,
        lang,
    )
    return Section("returns", title, paras, [chart])


STATUS_DA = {
    "prepared_return": "rejste hjem med en forberedt hjemsendelse",
    "receiving_support": "modtog fortsat støtte fra handlingsplanen til bekæmpelse af menneskehandel",
    "left_on_own": "udrejste på egen hånd",
    "left_with_ticket_support": "udrejste med støtte til køb af hjemrejsebillet fra Center mod Menneskehandel",
    "declined_or_absent": "takkede nej til støtte eller udeblev fra den tilbudte indkvartering",
    "residence_granted": "blev meddelt ophold og overgik til anden støtte",
    "dublin_transfer": "blev udsendt i medfør af Dublinforordningen",
    "other": "havde en anden status",
    "unknown": "har ingen registreret status",
}


def _status_da(code: str, year: int) -> str:
    return STATUS_DA[code] + (f" ved udgangen af {year}" if code == "receiving_support" else "")


def _status(r: dict[str, Any], lang: str) -> Section:
    y, st, total = r["year"], r["status_end_of_year"], r["identified"]["total"]
    da = lang == "da"
    present = [(k, n) for k, n in st.items() if n]
    if da:
        title = f"Status på sagsforløb ved udgangen af {y}"
        paras = [f"{cap(count(n, 'person'))} {_status_da(k, y)}." for k, n in present]
        if present:
            k, n = present[0]
            paras[0] = (
                f"{number(n, start=True)} af de {total} personer udsat for menneskehandel i {y} {_status_da(k, y)}."
            )
    else:
        title = f"Status at the end of {y}"
        paras = [f"{cap(count(n, 'person', 'en'))}: {k.replace('_', ' ')}." for k, n in present]
    chart = _ch(
        ("Status ved udgangen af" if da else "Status at the end of") + f" {y}", "bar", st, v.YearEndStatus, lang
    )
    return Section("status", title, paras, [chart])


def _police(r: dict[str, Any], lang: str) -> Section:
    y, p, total = r["year"], r["police_reports"], r["identified"]["total"]
    b = p["by_legal_basis"]
    if lang == "da":
        first = "I ét tilfælde" if b["262a"] == 1 else f"I {number(b['262a'])} tilfælde"
        second = "i en af anmeldelserne" if b["262b"] == 1 else f"i {number(b['262b'])} tilfælde"
        text = (
            f"I {y} har Center mod Menneskehandel bistået {number(p['persons'])} af de {total} personer, der blev "
            f"vurderet udsat for menneskehandel, med at indgive en anmeldelse. {first} blev der anmeldt for "
            "menneskehandel efter straffelovens § 262a"
        )
        if b["262b"]:
            text += f", og {second} blev der anmeldt for menneskeudnyttelse efter straffelovens § 262b"
        paras = [text + "."]
        return Section("police", "Politianmeldelser", paras)
    paras = [
        f"In {y} the centre assisted {number(p['persons'], 'en')} of the {total} victims in filing a police report: "
        f"{number(b['262a'], 'en')} under section 262 a (trafficking) and {number(b['262b'], 'en')} under section "
        "262 b (exploitation) of the Criminal Code."
    ]
    return Section("police", "Police reports", paras)


def _overview(r: dict[str, Any], lang: str) -> Section:
    y, rows = r["year"], r["identified"]["overview"]
    da = lang == "da"
    head = (
        ["Nationalitet", "Køn", "Alder", "Udnyttelsesform", "Antal"]
        if da
        else ["Nationality", "Gender", "Age", "Exploitation", "Count"]
    )
    ages = {
        "adult": "voksen" if da else "adult",
        "minor": "mindreårig" if da else "minor",
        "unknown": "ukendt" if da else "unknown",
    }
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
    title = (
        f"Oversigt over personer udsat for menneskehandel i Danmark i {y}"
        if da
        else f"Overview of victims identified in {y}"
    )
    return Section("overview", title, [], [], [Table("overview", title, head, body)])


def _nat_total(rows: list[dict[str, Any]], code: str) -> int:
    return sum(o["count"] for o in rows if o["nationality"] == code)


def _court(r: dict[str, Any], lang: str) -> Section:
    da = lang == "da"
    units = {"counts": "forhold" if da else "counts", "persons": "personer" if da else "persons"}
    head = (
        ["År", "Enhed", "Sigtelser", "Tiltaler", "Domme"]
        if da
        else ["Year", "Unit", "Charges", "Indictments", "Convictions"]
    )
    rows = [[str(c["year"]), units[c["unit"]], c["charges"], c["indictments"], c["convictions"]] for c in r["court"]]
    text = (
        "Sigtelser, tiltaler og domme efter straffelovens § 262 a (kilde: Rigsadvokaten). Tallene er opgjort "
        "enten på forhold eller på personer og kan ikke lægges sammen."
        if da
        else "Charges, indictments and convictions under section 262 a of the Criminal Code (source: the Director of "
        "Public Prosecutions), counted either per count or per person; the two units do not add up."
    )
    counts = [c for c in r["court"] if c["unit"] == "counts"]
    charts = (
        [
            Chart(
                "line",
                "Sigtelser, tiltaler og domme (forhold)" if da else "Charges, indictments, convictions (counts)",
                [str(c["year"]) for c in counts],
                {
                    ("Sigtelser" if da else "Charges"): [c["charges"] or 0 for c in counts],
                    ("Tiltaler" if da else "Indictments"): [c["indictments"] or 0 for c in counts],
                    ("Domme" if da else "Convictions"): [c["convictions"] or 0 for c in counts],
                },
            )
        ]
        if counts
        else []
    )
    return Section(
        "court",
        "Sigtelser og domme" if da else "Charges and convictions",
        [text],
        charts,
        [Table("court", "Sigtelser og domme" if da else "Charges and convictions", head, rows)],
    )
