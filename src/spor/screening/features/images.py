"""Perceptual picture hashes and their near-duplicate lookup (issue 6 §2).

Ads re-use the same pictures cropped, mirrored, re-encoded and with stickers on top. pHash (DCT
of a 32x32 greyscale copy, Zauner 2010) survives re-encoding, small crops and overlays; dHash
(gradient signs) is a cheap second opinion; the crop-resistant hash (Jain et al., 2019, as in
``imagehash.crop_resistant_hash``) hashes segments separately so a heavy crop still shares a segment.

Mirroring negates the DCT's odd horizontal frequencies and so changes a plain pHash completely; the
pHash here takes its bits so that a mirrored copy hashes like the original (see
``_mirror_invariant_bits``).

Near duplicates are found with multi-index hashing (Norouzi, Punjani and Fleet, CVPR 2012): the
64 bits are cut into ``m`` chunks; two hashes within Hamming distance ``r`` agree exactly on at least
one chunk when ``r < m`` (pigeonhole), so only hashes sharing a chunk are compared, never all pairs.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import polars as pl

#: Hamming distance (of 64 bits) at or below which two pHashes count as the same picture.
NEAR_DISTANCE = 12


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


def crop_resistant_hex(data: bytes) -> str:
    """The crop-resistant multi-hash (one dHash per segment), comma-separated hex."""
    import imagehash

    return str(imagehash.crop_resistant_hash(_open(data), min_segment_size=100, segmentation_image_size=120))


def crop_resistant_match(a: str, b: str, *, distance: int = 8, segments: int = 2) -> bool:
    """Whether two crop-resistant hashes share at least ``segments`` near-identical segments."""
    import imagehash

    first, second = imagehash.hex_to_multihash(a), imagehash.hex_to_multihash(b)
    return bool(first.matches(second, region_cutoff=segments, hamming_cutoff=distance))


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def _popcount(values: np.ndarray) -> np.ndarray:
    as_bytes = values.view(np.uint8).reshape(-1, 8)
    return np.unpackbits(as_bytes, axis=1).sum(axis=1)


def near_duplicate_pairs(
    hashes: pl.Series, *, distance: int = NEAR_DISTANCE, chunks: int | None = None
) -> pl.DataFrame:
    """Pairs ``(i, j)`` (i < j, row positions in ``hashes``) of pHashes within ``distance`` bits.

    Multi-index hashing over distinct hashes: with ``chunks = distance + 1`` every pair within
    ``distance`` is found (exact). At large scale fewer, wider chunks keep the candidate lists short
    (each chunk value then is rare) at the price of the guarantee: with ``chunks`` < ``distance`` + 1
    only pairs within ``chunks - 1`` bits are certain, the rest found when their differing bits fall
    into fewer chunks than there are. Identical hashes always pair.
    """
    values = np.array([int(h, 16) for h in hashes.to_list()], dtype=np.uint64)
    frame = pl.DataFrame({"row": np.arange(len(values), dtype=np.int64), "h": values})
    distinct = frame.select(pl.col("h").unique()).with_row_index("u").with_columns(pl.col("u").cast(pl.Int64))
    h = distinct["h"].to_numpy()
    m = chunks or (distance + 1)
    width = 64 // m
    candidates = []
    for c in range(m):
        lo = c * width
        bits = width if c < m - 1 else 64 - lo
        keys = (h >> np.uint64(lo)) & np.uint64((1 << bits) - 1)
        keyed = pl.DataFrame({"u": distinct["u"], "k": keys})
        pairs = keyed.join(keyed, on="k", suffix="_b").filter(pl.col("u") < pl.col("u_b")).select("u", "u_b")
        candidates.append(pairs)
    pairs = pl.concat(candidates).unique()
    if pairs.height:
        xor = h[pairs["u"].to_numpy()] ^ h[pairs["u_b"].to_numpy()]
        pairs = pairs.filter(pl.Series(_popcount(xor) <= distance))
    # back from distinct hashes to rows: identical hashes pair among themselves too
    rows = frame.join(distinct, on="h").select("row", "u")
    linked = pl.concat([pairs, distinct.select("u", pl.col("u").alias("u_b"))])
    out = linked.join(rows, on="u").join(rows.rename({"row": "row_b", "u": "u_b"}), on="u_b")
    out = out.filter(pl.col("row") != pl.col("row_b")).select(
        pl.min_horizontal("row", "row_b").alias("i"), pl.max_horizontal("row", "row_b").alias("j")
    )
    return out.unique()
