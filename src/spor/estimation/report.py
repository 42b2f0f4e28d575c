"""The dark-figure report: a self-contained HTML page and a PDF (typst), Danish first.

The report gives the estimate and its interval, a sensitivity table across methods, the overlaps
as an UpSet-style plot (SVG from `spor.common.charts`), the model, and a plain-language account of
what the number means and does not (docs/estimation.md#output). When no model has a finite
estimate it says so and prints no number. The texts are gettext messages with Danish msgids,
translated by the estimation catalogue (src/spor/estimation/locale); the HTML is the Django
template estimation/report.html.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from spor.common import charts, formats
from spor.estimation.estimate import EstimateResult
from spor.estimation.sensitivity import sensitivity_table
from spor.estimation.table import CaptureTable


def _caveats() -> list[str]:
    return [
        _(
            "Skønnet bygger på, hvor mange der står på flere lister. Det er et statistisk skøn med stor "
            "usikkerhed, ikke en optælling."
        ),
        _(
            "Lukket population: metoden antager, at det er de samme personer, der kunne komme på alle lister "
            "i perioden. Personer, der rejser ind eller ud, bryder antagelsen."
        ),
        _(
            "Perfekt sammenkobling: en person på to lister skal genkendes som én. Fejl i sammenkoblingen "
            "flytter mørketallet; for få fundne overlap giver et for stort skøn."
        ),
        _(
            "Afhængighed mellem lister: når en myndighed henviser til en anden, er listerne ikke uafhængige. "
            "Modellerne kan kun tage højde for den afhængighed, der kan ses i data."
        ),
        _(
            "Heterogenitet: nogle grupper (fx tvangsarbejde eller kriminalitet) er sværere at finde for alle "
            "lister. Dem undervurderer metoden, og de kan mangle helt."
        ),
        _(
            "Chaos nedre grænse bruger kun dem, der står på én eller to lister. Den er et gulv under "
            "heterogenitet, men ikke når lister henviser til hinanden: så kan også gulvet være for lavt."
        ),
        _(
            "Latent klasse-modellen (LCMCR) tager højde for heterogenitet og afhængighed gennem skjulte grupper, "
            "men ikke for grupper, som ingen liste finder: dem kan ingen metode se."
        ),
        _(
            "Whitehead m.fl. (2021) advarer mod at bruge metoden til at fastslå omfanget af moderne slaveri: "
            "listerne er små, skævt udvalgte og afhængige, og tallene bliver let citeret uden forbehold."
        ),
        _(
            "CMM understreger selv, at antallet af identificerede ofre ikke siger noget om det reelle omfang af "
            "menneskehandel i Danmark. Mørketallet er et forsøg på at blive klogere, ikke et facit."
        ),
    ]


def _method(code: str) -> str:
    return {
        "stepwise": _("trinvis, p < 0,02 (Chan, Silverman & Vincent 2021)"),
        "homeoffice": _("Home Office-metoden: AIC og Wald p < 0,05 (Bales, Hesketh & Silverman 2015)"),
        "bic": _("BIC over alle hierarkiske modeller (Silverman, Chan & Vincent 2024)"),
        "downhill": _("nedadgående BIC-søgning (Silverman, Chan & Vincent 2024)"),
        "dga": _("bayesiansk modelgennemsnit over dekomponerbare grafer (Madigan & York 1997)"),
        "lcmcr": _("bayesiansk latent klasse-model, LCMCR (Manrique-Vallier 2016)"),
        "chao": _("Chaos nedre grænse (Chao 1987)"),
    }[code]


def _interval_kind(code: str) -> str:
    return {
        "bca": _("95 % BCa-bootstrap, hvor modelvalget gentages i hver gensampling"),
        "profile": _("95 % profillikelihood for den valgte model (ser bort fra modelvalget)"),
        "credible": _("95 % troværdighedsinterval (ligehalet, ikke HPD) for den gennemsnitlige posterior"),
        "latent": _("95 % troværdighedsinterval (ligehalet) for latent klasse-modellens posterior"),
    }.get(code, code)


def _variant(row: dict[str, Any], lang: str) -> str:
    kind, detail = row["kind"], row["detail"]
    if kind == "all":
        return _("Hovedanalysen (alle lister)")
    if kind == "leave_out":
        return _("Uden listen %(list)s") % {"list": detail}
    if kind == "merge":
        return _("Lister slået sammen: %(lists)s") % {"lists": detail}
    if kind == "threshold":
        return _("Tærskel p < %(p)s") % {"p": formats.number(detail, lang, decimals=3)}
    return _method(detail)


def _sensitivity_rows(rows: list[dict[str, Any]], lang: str) -> list[tuple[str, str, str, str]]:
    out = []
    for row in rows:
        if row["estimate"] is None:
            out.append((_variant(row, lang), "", _("intet endeligt skøn"), ""))
            continue
        low, high = formats.rounded(row["ci_low"], lang), formats.rounded(row["ci_high"], lang)
        kind = {
            "bca": "BCa",
            "profile": _("profil"),
            "credible": _("troværdighed"),
            "latent": _("troværdighed"),
            "lower_bound": _("log-normal"),
        }.get(row["interval_kind"], "")
        model = ", ".join(row["model"]) or _("ingen (kun hovedeffekter)")
        out.append((_variant(row, lang), model, formats.rounded(row["estimate"], lang), f"{low} – {high} ({kind})"))
    return out


def _step_row(step: dict[str, Any], lang: str) -> tuple[str, str, str]:
    p = "" if step["p"] is None else f"{step['p']:.3g}"
    return (step["added"] or _("hovedeffekter"), p, formats.rounded(step["estimate"], lang))


def _diagnostics(result: EstimateResult, lang: str) -> dict[str, Any]:
    d = result.diagnostics
    out: dict[str, Any] = {
        "sizes": [(name, formats.rounded(v, lang)) for name, v in d.get("list_sizes", {}).items()],
        "overlaps": [(pair, formats.rounded(v, lang)) for pair, v in d.get("overlaps", {}).items()],
        "never": ", ".join(d.get("never_overlap", [])) or _("ingen"),
        "path": [
            (
                step["added"] or _("hovedeffekter"),
                "" if step["p"] is None else f"{step['p']:.3g}",
                formats.rounded(step["estimate"], lang),
            )
            for step in d.get("path", [])
        ],
        "residuals": [
            (
                r["history"],
                str(r["observed"]),
                formats.number(r["fitted"], lang, decimals=1),
                formats.number(r["pearson"], lang, decimals=2),
            )
            for r in sorted(d.get("residuals", []), key=lambda r: -abs(r["pearson"]))[:10]
        ],
        "bootstrap": None,
        "lcmcr": None,
    }
    chains = d.get("lcmcr")
    if chains:
        out["lcmcr"] = [
            (_("Kæder"), str(chains["chains"])),
            (_("Trækninger i alt"), formats.rounded(chains["draws"], lang)),
            (_("Split R-hat (bør være under 1,01)"), formats.number(chains["split_rhat"], lang, decimals=3)),
            (_("Effektivt antal trækninger (bør være over 400)"), formats.rounded(chains["ess"], lang)),
            (_("Kædernes medianer"), " / ".join(formats.rounded(v, lang) for v in chains["chain_medians"])),
            (_("Latente klasser i brug (gennemsnit)"), formats.number(chains["occupied_classes"], lang, decimals=1)),
        ]
    boot = d.get("bootstrap")
    if boot:
        out["bootstrap"] = [
            (_("Gensamplinger"), formats.rounded(boot["resamples"], lang)),
            (_("Bias-korrektion z0"), formats.number(boot["z0"], lang, decimals=3)),
            (_("Acceleration a"), formats.number(boot["acceleration"], lang, decimals=4)),
            (
                _("Percentilniveauer for grænserne"),
                " / ".join(f"{formats.number(v, lang, decimals=4)} %" for v in boot["levels"]),
            ),
        ]
    return out


def report_context(result: EstimateResult, lang: str) -> dict[str, Any]:
    """What both the HTML and the PDF show, as text in the active language."""
    figures = None
    if result.estimate is not None:
        low, high = formats.rounded(result.ci_low, lang), formats.rounded(result.ci_high, lang)
        interval = f"{low} – {high} ({_interval_kind(result.interval_kind)})"
        estimate_name = _("Skøn over det samlede antal")
        if result.method == "dga":
            estimate_name = _("Skøn over det samlede antal (Madigan & York: E[1/N] / E[1/N²])")
        figures = [
            (_("Kendte personer (på mindst én liste)"), formats.rounded(result.observed, lang)),
            (estimate_name, formats.rounded(result.estimate, lang)),
            (_("Mørketal (på ingen liste)"), formats.rounded(result.dark_figure, lang)),
            (_("Usikkerhedsinterval"), interval),
            (_("Model (samspil mellem lister)"), ", ".join(result.model) or _("ingen (kun hovedeffekter)")),
        ]
        if result.method == "lcmcr":
            figures[1] = (_("Skøn over det samlede antal (posteriorens median)"), figures[1][1])
        if "posterior_mean" in result.details:
            figures.append((_("Posteriorens middelværdi"), formats.rounded(result.details["posterior_mean"], lang)))
        if result.lower_bound is not None:
            bound = result.lower_bound
            low, high = formats.rounded(bound["ci_low"], lang), formats.rounded(bound["ci_high"], lang)
            figures.append(
                (
                    _("Nedre grænse (Chao 1987): mindst så mange"),
                    f"{formats.rounded(bound['estimate'], lang)} ({low} – {high})",
                )
            )
    return {
        "lang": lang,
        "provenance": _provenance(result.provenance),
        "title": _("Mørketal: skøn over antallet af ofre for menneskehandel"),
        "method": _method(result.method),
        "figures": figures,
        "sensitivity": _sensitivity_rows(result.sensitivity or [], lang),
        "diagnostics": _diagnostics(result, lang),
        "overlaps_title": _("Overlap mellem listerne"),
        "warnings": result.warning_texts(lang) if result.notes else [],
        "caveats": _caveats(),
    }


def _provenance(record: dict[str, Any] | None) -> list[tuple[str, str]]:
    """Where the estimate comes from: data date, source, lists and their mapping, method, version."""
    if not record:
        return []
    settings = ", ".join(f"{k} = {v}" for k, v in record.get("settings", {}).items())
    rows = [
        (_("Datadato"), record.get("data_date", "")),
        (_("Kilde"), record.get("source", "")),
        (_("Lister"), ", ".join(record.get("lists", []))),
    ]
    rows += [(_("Listen %(list)s") % {"list": name}, text) for name, text in record.get("mapping", {}).items()]
    rows += [
        (_("Metode og indstillinger"), f"{record.get('method', '')} ({settings})" if settings else record["method"]),
        (_("Programversion"), record.get("software", "")),
        (_("Beregnet"), record.get("computed_at", "")),
    ]
    return rows


def upset_svg(table: CaptureTable, lang: str = "da", top: int = 20) -> str:
    """An UpSet-style plot: bars for the largest overlaps, dots for the lists in each."""
    rows = sorted(
        ((int(c), tuple(int(v) for v in h)) for h, c in zip(table.histories, table.counts, strict=True) if c > 0),
        reverse=True,
    )[:top]
    with translation.override(lang):
        return charts.upset(table.lists, rows, _("Overlap mellem listerne"), lang, axis=_("Personer"), show_title=False)


def render_html(table: CaptureTable, result: EstimateResult, lang: str) -> str:
    """The report as one self-contained HTML page (template estimation/report.html, autoescaped)."""
    with translation.override(lang):
        context = report_context(result, lang)
        # matplotlib's SVG: its text escaped by matplotlib, the title by spor.common.charts.
        context["upset"] = mark_safe(upset_svg(table, lang))  # noqa: S308
        return render_to_string("estimation/report.html", context)


def _typ(text: str) -> str:
    """Escape text for typst markup."""
    for ch in "\\#$*_`<>@[]~/=-+":
        text = text.replace(ch, "\\" + ch)
    return text


def _typ_table(columns: int, rows: list[tuple[str, ...]]) -> str:
    cells = ", ".join(f"[{_typ(cell)}]" for row in rows for cell in row)
    return f"#table(columns: {columns}, {cells})"


def render_typst(table: CaptureTable, result: EstimateResult, lang: str) -> str:
    with translation.override(lang):
        c = report_context(result, lang)
        lines = [
            f'#set text(lang: "{lang}", size: 10pt)',
            '#set page(paper: "a4", margin: 2cm)',
            f"= {_typ(c['title'])}",
        ]
        lines.append(f"{_typ(_('Metode'))}: {_typ(c['method'])}")
        if c["figures"] is None:
            lines.append(
                f"*{_typ(_('Data er for tynde: ingen model giver et endeligt skøn, så rapporten viser intet tal.'))}*"
            )
        else:
            lines.append("#table(columns: 2, " + ", ".join(f"[{_typ(a)}], [{_typ(b)}]" for a, b in c["figures"]) + ")")
        if c["provenance"]:
            lines.append(f"== {_typ(_('Oprindelse'))}")
            lines.append(_typ_table(2, c["provenance"]))
        lines.append(f"== {_typ(_('Følsomhed: udeladte og sammenlagte lister, tærskler og andre metoder'))}")
        header = (_("Variant"), _("Model"), _("Skøn"), _("Interval"))
        lines.append(_typ_table(4, [header, *c["sensitivity"]]))
        lines += _typst_diagnostics(c["diagnostics"])
        lines.append(f"== {_typ(c['overlaps_title'])}")
        lines.append('#image(bytes(sys.inputs.upset), format: "svg", width: 100%)')
        if c["warnings"]:
            lines.append(f"== {_typ(_('Advarsler'))}")
            lines += [f"- {_typ(w)}" for w in c["warnings"]]
        lines.append(f"== {_typ(_('Hvad tallet betyder, og hvad det ikke betyder'))}")
        lines += [f"- {_typ(caveat)}" for caveat in c["caveats"]]
    return "\n\n".join(lines)


def _typst_diagnostics(d: dict[str, Any]) -> list[str]:
    lines = [f"== {_typ(_('Diagnostik'))}", _typ_table(2, [(_("Liste"), _("Personer")), *d["sizes"]])]
    lines.append(_typ_table(2, [(_("Par af lister"), _("Overlap")), *d["overlaps"]]))
    lines.append(f"{_typ(_('Par, der aldrig overlapper'))}: {_typ(d['never'])}")
    if d["path"]:
        lines.append(_typ_table(3, [(_("Trin: tilføjet"), "p", _("Skøn")), *d["path"]]))
    if d["residuals"]:
        lines.append(
            _typ_table(4, [(_("Historie"), _("Observeret"), _("Forventet"), _("Pearson-residual")), *d["residuals"]])
        )
    if d["bootstrap"]:
        lines.append(_typ_table(2, d["bootstrap"]))
    if d["lcmcr"]:
        lines.append(_typ_table(2, d["lcmcr"]))
    return lines


def write_report(table: CaptureTable, result: EstimateResult, out_dir: str | Path, lang: str = "da") -> list[Path]:
    """Write report.html and report.pdf into out_dir; returns the paths."""
    import typst

    if lang not in formats.LOCALES:
        raise ValueError(f"unknown language {lang!r}; choose da or en")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if result.sensitivity is None and result.estimate is not None:
        result.sensitivity = sensitivity_table(table, method=result.method, main=result, resamples=0)
    html_path = out / "report.html"
    html_path.write_text(render_html(table, result, lang), encoding="utf-8")
    source = out / "report.typ"
    source.write_text(render_typst(table, result, lang), encoding="utf-8")
    pdf_path = out / "report.pdf"
    pdf = typst.compile(str(source), sys_inputs={"upset": upset_svg(table, lang)})
    pdf_path.write_bytes(pdf if isinstance(pdf, bytes) else b"")
    source.unlink()
    return [html_path, pdf_path]
