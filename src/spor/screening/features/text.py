"""Text near-duplicates: normalisation, boilerplate removal, MinHash LSH and an exact check.

See docs/screening-analysis.md#pipeline.

A network writes its ads from one template and changes a few words (names, ages, cities, noise);
unrelated posters write their own. Texts are normalised (NFKC, look-alike letters folded, emoji and
digits dropped), the site's boilerplate sentences removed (sentences found in a large share of a
site's ads), and compared as sets of word 1- and 2-shingles.

Candidate pairs come from MinHash LSH (Broder 1997; Leskovec, Rajaraman and Ullman, *Mining of
Massive Datasets*, ch. 3): ``BANDS`` bands of ``ROWS`` rows, so pairs with Jaccard similarity
``s`` become candidates with probability ``1 - (1 - s^ROWS)^BANDS`` (about 0.5 at s = 0.25,
above 0.99 at s = 0.5). The signatures are computed for the whole table at once with numpy over
polars columns (the same scheme as ``datasketch.MinHash``: universal hashing modulo a Mersenne
prime), because calling a Python object per ad is too slow at a million ads; the baseline in
``spor.screening.evaluate`` uses ``datasketch.MinHashLSH`` itself. Every candidate is then checked
with the exact Jaccard similarity of the shingle sets (``MIN_JACCARD``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from spor.screening.features.identifiers import SPELLED

BANDS = 16
ROWS = 2
MIN_JACCARD = 0.3
#: Texts with fewer shingles than this (short ads) are never text near-duplicates ...
MIN_SHINGLES = 30
#: ... nor texts with fewer than this left once the stock phrases are gone.
MIN_OWN_SHINGLES = 8
#: Sentences in at least this share of a site's ads (and at least BOILERPLATE_MIN ads) are boilerplate.
BOILERPLATE_SHARE = 0.02
BOILERPLATE_MIN = 50
#: Shingles used by more than max(STOCK_MIN, STOCK_SHARE * posters) distinct posters are stock phrases.
STOCK_MIN = 30
STOCK_SHARE = 0.05
#: Groups of identical band keys larger than this are chained instead of paired all-to-all.
MAX_BUCKET = 50
#: Candidates whose signatures agree on fewer minima than this share are dropped before the exact check.
ESTIMATE_MIN = 0.15
PAIR_CHUNK = 1_000_000

_CONFUSABLES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "і": "i", "у": "y", "к": "k", "м": "m",
    "т": "t", "в": "b", "н": "h", "А": "a", "Е": "e", "О": "o", "Р": "p", "С": "c", "Х": "x", "І": "i",
    "ı": "i", "ο": "o", "α": "a", "ε": "e",
}  # fmt: skip
_DIGIT_WORDS = "(?:zero|one|two|three|four|five|six|seven|eight|nine|nul|tre|fire|fem|seks|syv|otte){2}"
_MERSENNE = (1 << 61) - 1
_rng = np.random.default_rng(20260601)
_A = _rng.integers(1, _MERSENNE, size=BANDS * ROWS, dtype=np.uint64)
_B = _rng.integers(0, _MERSENNE, size=BANDS * ROWS, dtype=np.uint64)


def normalised(text: pl.Expr) -> pl.Expr:
    """Lower-case text with look-alike letters folded; emoji, digits and punctuation become spaces."""
    folded = text.str.normalize("NFKC").str.replace_many(list(_CONFUSABLES), list(_CONFUSABLES.values()))
    return folded.str.to_lowercase().str.replace_all(r"[^\p{L}\.\!\?\n]+", " ")


def sentences(text: pl.Expr) -> pl.Expr:
    """The normalised text's sentences (list), stripped."""
    return (
        normalised(text)
        .str.split(".")
        .list.eval(pl.element().str.split("\n").explode().str.strip_chars(" !?"))
        .list.eval(pl.element().filter(pl.element().str.len_chars() > 0))
    )


def boilerplate(frame: pl.DataFrame) -> pl.DataFrame:
    """Sentences that are a site's boilerplate: (site, sentence) found in many of its ads.

    Counted in posters (column ``poster``, see ``stock_phrases``) when the frame has them, so that a
    network's template written into hundreds of one site's ads is not mistaken for the site's own.
    """
    who = "poster" if "poster" in frame.columns else "row"
    exploded = frame.select("site", who, pl.col("sentences").list.unique()).explode("sentences")
    per_site = frame.group_by("site").agg(pl.col(who).n_unique().alias("ads"))
    counts = exploded.group_by("site", "sentences").agg(pl.col(who).n_unique().alias("n")).join(per_site, on="site")
    limit = pl.max_horizontal(pl.lit(BOILERPLATE_MIN), pl.col("ads") * BOILERPLATE_SHARE)
    return counts.filter(pl.col("n") >= limit).select("site", pl.col("sentences").alias("sentence"))


def shingle_table(frame: pl.DataFrame, common: pl.DataFrame) -> pl.DataFrame:
    """(row, shingle hash) for each ad's text without boilerplate: word 1- and 2-shingles."""
    rows = frame.select("row", "site", "sentences").explode("sentences").rename({"sentences": "sentence"})
    kept = rows.join(common, on=["site", "sentence"], how="anti")
    words = kept.select("row", pl.col("sentence").str.split(" ").alias("w")).explode("w")
    # spelled digits belong to phone numbers (compared as numbers), not to the template
    words = words.filter(
        (pl.col("w") != "") & ~pl.col("w").is_in(list(SPELLED)) & ~pl.col("w").str.contains(_DIGIT_WORDS)
    )
    bigrams = pl.col("w") + " " + pl.col("w").shift(-1).over("row")
    table = pl.concat([words.select("row", pl.col("w").alias("s")), words.select("row", bigrams.alias("s"))])
    table = table.drop_nulls()
    return table.select("row", pl.col("s").hash(seed=7).alias("h")).unique()


def signatures(shingles: pl.DataFrame) -> pl.DataFrame:
    """MinHash signatures: per row, BANDS*ROWS minima of (a*x + b) mod (2^61 - 1)."""
    x = shingles["h"].to_numpy() & np.uint64(_MERSENNE)
    rows = shingles["row"].to_numpy()
    order = np.argsort(rows, kind="stable")
    rows, x = rows[order], x[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    columns = {"row": rows[starts]}
    for k in range(BANDS * ROWS):
        hashed = _mulmod(x, _A[k], _B[k])
        columns[f"m{k}"] = np.minimum.reduceat(hashed, starts)
    return pl.DataFrame(columns)


def _mulmod(x: np.ndarray, a: np.uint64, b: np.uint64) -> np.ndarray:
    """(a*x + b) mod 2^61-1 without overflow: split x in 30-bit halves (products stay below 2^64)."""
    a = np.uint64(a) & np.uint64((1 << 31) - 1)  # 31-bit multipliers keep every product in range
    lo = x & np.uint64((1 << 30) - 1)
    hi = x >> np.uint64(30)
    m = np.uint64(_MERSENNE)
    part = (hi * a) % m
    part = (part * np.uint64(1 << 30)) % m
    return (part + (lo * a) % m + np.uint64(b) % m) % m


def band_keys(sigs: pl.DataFrame) -> pl.DataFrame:
    """(row, band, k): the hash of each band of each signature (what LSH buckets on)."""
    parts = []
    for band in range(BANDS):
        cols = [f"m{band * ROWS + r}" for r in range(ROWS)]
        parts.append(
            sigs.select("row", pl.lit(band, pl.Int32).alias("band"), pl.struct(cols).hash(seed=band).alias("k"))
        )
    return pl.concat(parts)


def candidate_pairs(bands: pl.DataFrame) -> pl.DataFrame:
    """Row pairs (i < j) that share a whole band of their signatures."""
    groups = bands.group_by("band", "k").agg(pl.col("row").sort()).filter(pl.col("row").list.len() > 1)
    small = groups.filter(pl.col("row").list.len() <= MAX_BUCKET).with_row_index("b").explode("row")
    pairs = small.join(small, on="b", suffix="_b").filter(pl.col("row") < pl.col("row_b"))
    found = [pairs.select(pl.col("row").alias("i"), pl.col("row_b").alias("j"))]
    large = groups.filter(pl.col("row").list.len() > MAX_BUCKET)
    if large.height:
        chained = large.select(pl.col("row").alias("i"), pl.col("row").list.shift(-1).alias("j")).explode("i", "j")
        found.append(chained.drop_nulls())
    return pl.concat(found).unique().cast({"i": pl.Int64, "j": pl.Int64})


def estimated_filter(pairs: pl.DataFrame, sigs: pl.DataFrame) -> pl.DataFrame:
    """Candidates whose signatures agree on at least ESTIMATE_MIN of their minima (the MinHash
    estimate of the Jaccard similarity), so the exact check reads the shingle sets of few pairs."""
    if pairs.is_empty():
        return pairs
    matrix = sigs.drop("row").to_numpy()
    position = np.full(int(sigs["row"].to_numpy().max()) + 1, -1, dtype=np.int64)
    position[sigs["row"].to_numpy()] = np.arange(sigs.height)
    keep = []
    for start in range(0, pairs.height, PAIR_CHUNK):
        part = pairs.slice(start, PAIR_CHUNK)
        a, b = position[part["i"].to_numpy()], position[part["j"].to_numpy()]
        agree = (matrix[a] == matrix[b]).mean(axis=1)
        keep.append(part.filter(pl.Series(agree >= ESTIMATE_MIN)))
    return pl.concat(keep)


def jaccard(pairs: pl.DataFrame, shingles: pl.DataFrame) -> pl.DataFrame:
    """The exact Jaccard similarity of each pair's shingle sets (column ``jaccard``)."""
    sets = shingles.group_by("row").agg(pl.col("h"))
    inter = pl.col("a").list.set_intersection("b").list.len()
    union = pl.col("a").list.len() + pl.col("b").list.len() - inter
    out = [pl.DataFrame(schema={"i": pl.Int64, "j": pl.Int64, "jaccard": pl.Float64})]
    for start in range(0, pairs.height, PAIR_CHUNK):
        part = pairs.slice(start, PAIR_CHUNK)
        joined = part.join(sets.rename({"row": "i", "h": "a"}), on="i").join(
            sets.rename({"row": "j", "h": "b"}), on="j"
        )
        out.append(joined.select("i", "j", (inter / union).alias("jaccard")))
    return pl.concat(out)


def stock_phrases(shingles: pl.DataFrame, posters: pl.DataFrame) -> pl.DataFrame:
    """Shingles used by many distinct posters (stock phrases every ad writer uses): (h).

    Counted in posters (an ad's rarest phone number, else the ad itself), not in ads, so that a
    network's template, written by one controller into hundreds of ads, is not mistaken for one.
    """
    total = posters["poster"].n_unique()
    limit = max(STOCK_MIN, STOCK_SHARE * total)
    used = shingles.join(posters, on="row").group_by("h").agg(pl.col("poster").n_unique().alias("n"))
    return used.filter(pl.col("n") > limit).select("h")


def near_duplicate_texts(frame: pl.DataFrame) -> pl.DataFrame:
    """Pairs (i, j, jaccard) of rows whose texts are near duplicates, boilerplate left out.

    ``frame`` needs ``row`` (int), ``site``, ``text`` and ``poster`` (see ``stock_phrases``).
    """
    return text_index(frame).pairs


@dataclass
class TextIndex:
    """What the incremental path needs to compare new texts with the old ones."""

    pairs: pl.DataFrame  # i, j, jaccard
    shingles: pl.DataFrame  # row, h (boilerplate and stock phrases removed, short texts left out)
    bands: pl.DataFrame  # row, band, k
    boilerplate: pl.DataFrame  # site, sentence
    stock: pl.DataFrame  # h


def comparable_shingles(frame: pl.DataFrame, common: pl.DataFrame, stock: pl.DataFrame) -> pl.DataFrame:
    """Shingles of the texts long enough to compare, given the boilerplate and the stock phrases."""
    with_sentences = frame.select("row", "site", sentences(pl.col("text")).alias("sentences"))
    every = shingle_table(with_sentences, common)
    long_enough = every.group_by("row").len().filter(pl.col("len") >= MIN_SHINGLES).select("row")
    shingles = every.join(stock, on="h", how="anti").join(long_enough, on="row", how="semi")
    enough = shingles.group_by("row").len().filter(pl.col("len") >= MIN_OWN_SHINGLES).select("row")
    return shingles.join(enough, on="row", how="semi").cast({"row": pl.Int64})


def text_index(frame: pl.DataFrame) -> TextIndex:
    """Boilerplate, stock phrases, shingles, LSH bands and checked near-duplicate pairs of a table."""
    with_sentences = frame.select("row", "site", "poster", sentences(pl.col("text")).alias("sentences"))
    common = boilerplate(with_sentences)
    stock = stock_phrases(shingle_table(with_sentences, common), frame.select("row", "poster"))
    shingles = comparable_shingles(frame, common, stock)
    if shingles.is_empty():
        empty = pl.DataFrame(schema={"i": pl.Int64, "j": pl.Int64, "jaccard": pl.Float64})
        return TextIndex(
            empty, shingles, pl.DataFrame(schema={"row": pl.Int64, "band": pl.Int32, "k": pl.UInt64}), common, stock
        )
    sigs = signatures(shingles)
    bands = band_keys(sigs)
    likely = estimated_filter(candidate_pairs(bands), sigs)
    checked = jaccard(likely, shingles)
    return TextIndex(checked.filter(pl.col("jaccard") >= MIN_JACCARD), shingles, bands, common, stock)
