"""Perceptual picture hashes and their near-duplicate lookup (docs/screening-analysis.md#pipeline).

Ads re-use the same pictures cropped, mirrored, re-encoded and with stickers on top. pHash (DCT
of a 32x32 greyscale copy, Zauner 2010) survives re-encoding, small crops and overlays; dHash
(gradient signs) is a cheap second opinion.

Mirroring negates the DCT's odd horizontal frequencies and so changes a plain pHash completely; the
pHash here takes its bits so that a mirrored copy hashes like the original (see
``_mirror_invariant_bits``).

Near duplicates are found with multi-index hashing (Norouzi, Punjani and Fleet, CVPR 2012): the
64 bits are cut into 4 chunks of 16; two hashes within Hamming distance ``d`` differ in at most
``d // 4`` bits in at least one chunk (pigeonhole), so only hashes whose chunk lies within that
radius are compared, never all pairs.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import polars as pl

#: Hamming distance (of 64 bits) at or below which two pHashes count as the same picture.
NEAR_DISTANCE = 10


def _open(data: bytes) -> Any:
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    image.load()
    return image.convert("L")


def _mirror_invariant_bits(block: np.ndarray) -> np.ndarray:
    """64 bits from the 8x8 lowest DCT frequencies that a horizontal mirror leaves unchanged.

    Mirroring negates the odd horizontal frequencies. The 32 even ones give one bit each against
    their median (as in pHash); the 32 odd ones give the sign of the product of neighbours in a
    fixed ring, which a common negation does not change.
    """
    even = block[:, 0::2].flatten()
    odd = block[:, 1::2].flatten()
    return np.concatenate([even > np.median(even), odd * np.roll(odd, -1) > 0])


def phash_hex(data: bytes) -> str:
    """The mirror-invariant 64-bit pHash of a picture (JPEG/PNG/... bytes) as 16 hex digits.

    As ``imagehash.phash`` (32x32 greyscale, 2-D DCT, the 8x8 lowest frequencies), with the bits
    taken so that a mirrored copy hashes like the original (``_mirror_invariant_bits``).
    """
    from PIL import Image
    from scipy.fft import dct

    pixels = np.asarray(_open(data).resize((32, 32), Image.Resampling.LANCZOS), dtype=np.float64)
    bits = _mirror_invariant_bits(dct(dct(pixels, axis=0, norm="ortho"), axis=1, norm="ortho")[:8, :8])
    return f"{int(''.join('1' if b else '0' for b in bits), 2):016x}"


def dhash_hex(data: bytes) -> str:
    """The 64-bit dHash of a picture as 16 hex digits (not mirror-invariant; a second opinion)."""
    import imagehash

    return str(imagehash.dhash(_open(data)))


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def _popcount(values: np.ndarray) -> np.ndarray:
    return np.bitwise_count(values)


CHUNKS = 4
CHUNK_BITS = 16
#: Candidate comparisons one lookup may make; bounds the in-chunk search radius at scale.
CANDIDATE_BUDGET = 20_000_000


def _masks(radius: int) -> np.ndarray:
    """Every 16-bit mask with at most ``radius`` bits set (the neighbours searched in a chunk)."""
    from itertools import combinations

    masks = [0]
    for r in range(1, radius + 1):
        masks += [sum(1 << b for b in bits) for bits in combinations(range(CHUNK_BITS), r)]
    return np.array(masks, dtype=np.uint64)


def chunk_radius(n_distinct: int, distance: int) -> int:
    """The in-chunk search radius: enough for ``distance`` when affordable, else what the budget allows.

    Multi-index hashing (Norouzi et al. 2012): with 4 chunks searched to radius r each, every pair
    within 4(r+1) - 1 bits is found. The work grows with n^2 * neighbours(r) / 2^16.
    """
    wanted = max(0, (distance + 1 + CHUNKS - 1) // CHUNKS - 1)
    for radius in range(wanted, -1, -1):
        if n_distinct * n_distinct * len(_masks(radius)) * CHUNKS / 2**CHUNK_BITS <= CANDIDATE_BUDGET or radius == 0:
            return radius
    return 0


def near_duplicate_pairs(
    hashes: pl.Series, *, distance: int = NEAR_DISTANCE, radius: int | None = None
) -> pl.DataFrame:
    """Pairs ``(i, j)`` (i < j, row positions in ``hashes``) of pHashes within ``distance`` bits.

    Multi-index hashing over the distinct hashes: 4 chunks of 16 bits, each searched to
    ``radius`` bits (default ``chunk_radius``), then the full Hamming distance checked. Every
    pair within ``4 * (radius + 1) - 1`` bits is found; with the default radius that covers
    ``distance`` until the corpus is so large that the budget caps it (then pairs further apart
    are found only when their differing bits fall unevenly into the chunks). Identical hashes
    always pair.
    """
    values = np.array([int(h, 16) for h in hashes.to_list()], dtype=np.uint64)
    frame = pl.DataFrame({"row": np.arange(len(values), dtype=np.int64), "h": values})
    distinct = frame.select(pl.col("h").unique()).with_row_index("u").with_columns(pl.col("u").cast(pl.Int64))
    h = distinct["h"].to_numpy()
    masks = _masks(chunk_radius(len(h), distance) if radius is None else radius)
    candidates = []
    for c in range(CHUNKS):
        keys = (h >> np.uint64(c * CHUNK_BITS)) & np.uint64((1 << CHUNK_BITS) - 1)
        table = pl.DataFrame({"u_b": distinct["u"], "k": keys})
        step = max(1, int(20_000_000 // max(1, len(masks) * (1 + len(h) // 2**CHUNK_BITS))))
        for start in range(0, len(h), step):
            part = keys[start : start + step]
            query = pl.DataFrame(
                {
                    "u": np.repeat(np.arange(start, start + len(part)), len(masks)),
                    "k": (part[:, None] ^ masks[None, :]).ravel(),
                }
            )
            found = query.join(table, on="k").filter(pl.col("u") < pl.col("u_b")).select("u", "u_b")
            if found.height:
                xor = h[found["u"].to_numpy()] ^ h[found["u_b"].to_numpy()]
                candidates.append(found.filter(pl.Series(_popcount(xor) <= distance)))
    pairs = pl.concat(candidates).unique() if candidates else pl.DataFrame(schema={"u": pl.Int64, "u_b": pl.Int64})
    # back from distinct hashes to rows: identical hashes pair among themselves too
    rows = frame.join(distinct, on="h").select("row", "u")
    linked = pl.concat([pairs.cast(pl.Int64), distinct.select("u", pl.col("u").alias("u_b"))])
    out = linked.join(rows, on="u").join(rows.rename({"row": "row_b", "u": "u_b"}), on="u_b")
    out = out.filter(pl.col("row") != pl.col("row_b")).select(
        pl.min_horizontal("row", "row_b").alias("i"), pl.max_horizontal("row", "row_b").alias("j")
    )
    return out.unique()
