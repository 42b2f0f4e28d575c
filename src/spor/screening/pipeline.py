"""The analysis pipeline: ad table -> features -> links -> networks -> scores -> Parquet.

See docs/screening-analysis.md#pipeline.

``analyse(ads)`` runs every stage over the ad table and writes the results that
``spor.screening.results`` reads, as Parquet files in ``settings.VAR_DIR / "screening" /
"analysis"`` (written to a temporary folder and swapped in, so readers never see half a run):

- ``ads.parquet``: per ad its title and text, network, claimed persona, identifiers, indicators,
  score, and the indicator phrases to highlight;
- ``networks.parquet``: per network its summary, score and reasons (``networks.summaries``);
- ``links.parquet``: the identifier groups that link the ads of each network (the small graph);
- ``cut.parquet``: the identifiers cut as generic (a site's number, stock photos, boilerplate).

Ads are personal data: these files are as sensitive as the store and are replaced by every run,
so ``spor purge screening`` followed by ``spor screening analyse`` leaves nothing purged behind.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from spor.screening import link, networks, score
from spor.screening.features import indicators
from spor.screening.features.extract import ad_features, folded


def analysis_dir() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "screening" / "analysis"


@dataclass
class Analysis:
    features: pl.DataFrame
    networks: networks.Networks
    ad_scores: pl.DataFrame
    summaries: pl.DataFrame


def highlights(features: pl.DataFrame) -> pl.Series:
    """Per ad, the phrases of its text that matched an indicator pattern (to highlight on the page)."""
    text = folded(pl.col("title").fill_null("") + " " + pl.col("text").fill_null(""))
    found = [text.str.extract_all(i.pattern) for i in indicators.load() if i.pattern]
    if not found:
        return pl.Series("highlights", [[]] * features.height, dtype=pl.List(pl.String))
    return features.select(pl.concat_list(found).list.unique().alias("highlights")).to_series()


def run(ads: pl.DataFrame, settings: link.LinkSettings | None = None) -> Analysis:
    """Every analysis stage over the ad table, in memory."""
    features = ad_features(ads)
    found = networks.find_networks(features, settings)
    scores = score.ad_scores(features)
    return Analysis(features, found, scores, networks.summaries(features, found, scores))


def ads_table(analysis: Analysis) -> pl.DataFrame:
    f = analysis.features.with_columns(highlights(analysis.features))
    f = f.join(analysis.networks.assignments, on="row").join(analysis.ad_scores, on="row")
    return f.select(
        "site",
        "ad_id",
        "url",
        "title",
        "text",
        "seen_at",
        "first_seen",
        "last_seen",
        "network_id",
        "claimed_name",
        "claimed_age",
        "claimed_nationality",
        "claimed_city",
        "language",
        "phones_found",
        "handles",
        "emails_found",
        "image_hashes",
        "indicators",
        "highlights",
        "ad_score",
        "obscured_phone",
    )


def links_table(analysis: Analysis) -> pl.DataFrame:
    keys = analysis.features.select("row", "site", "ad_id")
    groups = analysis.networks.groups.join(analysis.networks.assignments.drop_nulls(), on="row").join(keys, on="row")
    return groups.select("network_id", "kind", "group", "site", "ad_id").sort("network_id", "kind", "group")


def write(analysis: Analysis, folder: Path | None = None) -> Path:
    """Write the Parquet results into ``folder`` (default ``analysis_dir()``), replacing a previous run."""
    target = folder or analysis_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".analysis-", dir=target.parent))
    ads_table(analysis).write_parquet(staging / "ads.parquet")
    analysis.summaries.write_parquet(staging / "networks.parquet")
    links_table(analysis).write_parquet(staging / "links.parquet")
    analysis.networks.cut.write_parquet(staging / "cut.parquet")
    # swap the folder in whole; another run finishing at the same moment just wins or loses
    old = target.with_name(f"{target.name}.old-{uuid.uuid4().hex}")
    for _ in range(5):
        with contextlib.suppress(FileNotFoundError):
            target.rename(old)
        try:
            staging.rename(target)
            break
        except OSError:
            continue
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    return target


def analyse(ads: pl.DataFrame, folder: Path | None = None) -> Analysis:
    """Run the pipeline over ``ads`` and write the results; return them."""
    analysis = run(ads)
    write(analysis, folder)
    return analysis
