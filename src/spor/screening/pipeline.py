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

The feature table of every ad is kept between runs in ``VAR_DIR / "screening" /
"features.parquet"`` (``features``), so a run computes features only for new or changed ads and
``analyse_batch`` (``spor screening analyse --since``) equals a full run (docs/screening-analysis.md#scale).

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


def canonical(ads: pl.DataFrame) -> pl.DataFrame:
    """The ad table in the one order every stage numbers its rows by: site, then ad id.

    Whatever order the ads arrive in (a shuffled file, a batch on top of a store, Dask partitions),
    the stages see the same rows under the same numbers, so they give the same result.
    """
    return ads.sort("site", "ad_id")


def features(
    ads: pl.DataFrame, *, engine: str = "local", scheduler: str | None = None, cache: Path | None = None
) -> pl.DataFrame:
    """The feature table of the ad table (``ad_features``), in canonical order.

    ``engine="dask"`` computes it in partitions on a Dask cluster (``scheduler`` address, else a
    local cluster); ``cache`` is a Parquet file of features already computed, by ad and content:
    only ads new or changed since are computed, and the file is brought up to date.
    """
    ads = canonical(ads)
    keyed = ads.with_columns(_content_key(ads))
    known = _cache_read(cache)
    if known is not None:
        hit = keyed.join(known.drop("row"), on=["site", "ad_id", "_content"], how="inner", suffix="_cached")
        hit = hit.select(*keyed.columns, *(c for c in known.columns if c not in keyed.columns and c != "row"))
        todo = keyed.join(hit.select("site", "ad_id"), on=["site", "ad_id"], how="anti")
    else:
        hit, todo = None, keyed
    computed = (
        _compute(todo.drop("_content"), engine, scheduler).with_columns(todo["_content"]) if todo.height else None
    )
    parts = [part for part in (hit, computed) if part is not None]
    if not parts:
        frame = ad_features(ads).drop("row").with_columns(pl.lit(0, pl.UInt64).alias("_content")).clear()
    else:
        frame = pl.concat([part.drop("row", strict=False) for part in parts], how="diagonal_relaxed")
    frame = canonical(frame).with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    if cache is not None:
        _cache_write(cache, frame)
    return frame.drop("_content").select(ad_features(ads.head(0)).columns)


def _content_key(ads: pl.DataFrame) -> pl.Expr:
    """A hash of everything of an ad its features are computed from (not when it was seen)."""
    fields = ["title", "text", "city", "age", "name", "nationality", "phones", "emails", "image_hashes"]
    return pl.struct([c for c in fields if c in ads.columns]).hash(seed=19).alias("_content")


def _cache_read(cache: Path | None) -> pl.DataFrame | None:
    if cache is None or not cache.exists():
        return None
    frame = pl.read_parquet(cache)
    if (
        frame.schema.get("_polars") != pl.String
        or frame["_polars"].n_unique() > 1
        or (frame.height and frame["_polars"][0] != pl.__version__)
    ):
        return None  # written by another polars: its content hashes are not comparable
    return frame.drop("_polars")


def _cache_write(cache: Path, frame: pl.DataFrame) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    staging = cache.with_name(f".{cache.name}.{uuid.uuid4().hex}")
    frame.with_columns(pl.lit(pl.__version__).alias("_polars")).write_parquet(staging)
    staging.replace(cache)


def features_cache_prune(keep: pl.DataFrame, cache: Path | None = None) -> int:
    """Drop from the feature table every ad not in ``keep`` (site, ad_id); return how many went.

    The retention purge calls it: the table holds the ads' text, which goes with the ads.
    """
    cache = cache or features_cache()
    known = _cache_read(cache)
    if known is None:
        cache.unlink(missing_ok=True)  # unreadable by this polars: nothing in it can be trusted or kept
        return 0
    kept = known.join(keep, on=["site", "ad_id"], how="semi")
    if kept.height < known.height:
        _cache_write(cache, kept)
    return known.height - kept.height


def _compute(ads: pl.DataFrame, engine: str, scheduler: str | None) -> pl.DataFrame:
    if engine == "local":
        return ad_features(ads)
    if engine == "dask":
        from spor.screening import cluster

        return cluster.features(ads, scheduler=scheduler)
    raise ValueError(f"engine: {engine!r} is not one of {', '.join(ENGINES)}")


ENGINES = ("local", "dask")


def features_cache() -> Path:
    """The feature table kept between runs (docs/screening-analysis.md#scale)."""
    return analysis_dir().parent / "features.parquet"


def run(
    ads: pl.DataFrame,
    settings: link.LinkSettings | None = None,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    cache: Path | None = None,
) -> Analysis:
    """Every analysis stage over the ad table, in memory (the features on ``engine``, see ``features``)."""
    features_ = features(ads, engine=engine, scheduler=scheduler, cache=cache)
    return run_features(features_, settings)


def run_features(features: pl.DataFrame, settings: link.LinkSettings | None = None) -> Analysis:
    """The stages after the features: links, networks, scores, summaries."""
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
    columns = ["network_id", "kind", "group", "site", "ad_id"]
    return groups.select(columns).sort(columns)


def write(analysis: Analysis, folder: Path | None = None) -> Path:
    """Write the Parquet results into ``folder`` (default ``analysis_dir()``), replacing a previous run."""
    target = folder or analysis_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".analysis-", dir=target.parent))
    ads_table(analysis).write_parquet(staging / "ads.parquet")
    analysis.summaries.write_parquet(staging / "networks.parquet")
    links_table(analysis).write_parquet(staging / "links.parquet")
    cut = analysis.networks.cut
    # in a total order of its plain columns: the same input gives the same bytes
    cut.sort([name for name, kind in cut.schema.items() if not kind.is_nested()]).write_parquet(staging / "cut.parquet")
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


def analyse(
    ads: pl.DataFrame,
    folder: Path | None = None,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    cache: Path | None = None,
) -> Analysis:
    """Run the pipeline over ``ads`` and write the results; return them."""
    analysis = run(ads, engine=engine, scheduler=scheduler, cache=cache)
    write(analysis, folder)
    return analysis


def analyse_batch(
    batch: pl.DataFrame,
    folder: Path | None = None,
    *,
    cache: Path | None = None,
    stored: pl.DataFrame | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> Analysis:
    """The analysis after a batch of new or changed ads, equal to a full run over every ad.

    The other ads come from the feature cache (``cache``, default ``features_cache()``), which a
    previous run wrote; only the batch's features are computed. Linking, networks and scores are
    judged over all the ads again, because one new ad can join two networks, make an identifier a
    hub or split a network: the same functions as a full run, so the same networks and ids.

    ``stored`` (site, ad_id of every ad in the store) keeps ads purged since out of the result, and
    refuses a feature table that misses stored ads outside the batch.
    """
    cache = cache or features_cache()
    known = _cache_read(cache)
    if known is None:
        raise ValueError(f"{cache}: no feature table from an earlier run; run the full analysis first")
    others = known.join(batch.select("site", "ad_id"), on=["site", "ad_id"], how="anti")
    if stored is not None:
        others = others.join(stored, on=["site", "ad_id"], how="semi")
        missing = stored.join(
            pl.concat([others.select("site", "ad_id"), batch.select("site", "ad_id")]), on=["site", "ad_id"], how="anti"
        )
        if missing.height:
            raise ValueError(
                f"{cache}: {missing.height} stored ads are neither in the feature table nor seen since; "
                "run the full analysis (without --since)"
            )
    ads = pl.concat([others.select(batch.columns), batch], how="vertical_relaxed")
    return analyse(ads, folder, cache=cache, engine=engine, scheduler=scheduler)
