"""Perceptual picture hashes and their near-duplicate lookup (docs/screening-analysis.md#pipeline).

Ads re-use the same pictures cropped, mirrored, re-encoded and with stickers on top. pHash (DCT
of a 32x32 greyscale copy, Zauner 2010) survives re-encoding, small crops and overlays; dHash
(gradient signs) is a cheap second opinion.

Mirroring negates the DCT's odd horizontal frequencies and so changes a plain pHash completely; the
pHash here takes its bits so that a mirrored copy hashes like the original (see
``_mirror_invariant_bits``).

Near duplicates are found with multi-index hashing (Norouzi, Punjani and Fleet, CVPR 2012): the
64 bits are cut into 4 chunks of 16, in two fixed bit orders; hashes whose chunk lies within
``CHUNK_RADIUS`` bits of each other are compared, never all pairs. Two hashes within 7 bits always
meet (pigeonhole); further apart, the share found is fixed by the distance alone (``recall``), so
it does not fall as the corpus grows.
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
#: Bits searched around each chunk (multi-index hashing radius): fixed, whatever the corpus size.
CHUNK_RADIUS = 1
#: Bit orders the chunks are cut from: the hash as it is and one fixed shuffle of its 64 bits.
_LAYOUTS = (np.arange(64), np.random.default_rng(20261206).permutation(64))
#: Query keys joined at once (bounds the memory of one step, not the search).
STEP_KEYS = 8_000_000


def _masks(radius: int) -> np.ndarray:
    """Every 16-bit mask with at most ``radius`` bits set (the neighbours searched in a chunk)."""
    from itertools import combinations

    masks = [0]
    for r in range(1, radius + 1):
        masks += [sum(1 << b for b in bits) for bits in combinations(range(CHUNK_BITS), r)]
    return np.array(masks, dtype=np.uint64)


def _permuted(h: np.ndarray, order: np.ndarray) -> np.ndarray:
    """The hashes with bit ``order[k]`` moved to position k."""
    if np.array_equal(order, np.arange(64)):
        return h
    out = np.zeros_like(h)
    for position, source in enumerate(order.tolist()):
        out |= ((h >> np.uint64(source)) & np.uint64(1)) << np.uint64(position)
    return out


def recall(distance: int, samples: int = 20_000) -> float:
    """The share of pairs ``distance`` bits apart that ``near_pairs`` finds (seeded estimate).

    It depends on the distance alone, never on how many hashes are searched: every pair within
    ``CHUNKS * (CHUNK_RADIUS + 1) - 1`` bits (7) is found; a further pair when some chunk of some
    layout holds at most ``CHUNK_RADIUS`` of its differing bits (docs/screening-analysis.md#scale).
    """
    rng = np.random.default_rng(distance)
    bits = np.argsort(rng.random((samples, 64)), axis=1)[:, :distance]
    hit = np.zeros(samples, dtype=bool)
    for order in _LAYOUTS:
        chunk = np.argsort(order)[bits] // CHUNK_BITS
        per_chunk = np.stack([(chunk == c).sum(axis=1) for c in range(CHUNKS)], axis=1)
        hit |= per_chunk.min(axis=1) <= CHUNK_RADIUS
    return float(hit.mean())


def near_pairs(h: np.ndarray, *, distance: int = NEAR_DISTANCE, others: np.ndarray | None = None) -> pl.DataFrame:
    """Index pairs ``(u, v)`` of 64-bit hashes within ``distance`` bits, found by multi-index hashing.

    Without ``others``: pairs within ``h`` (u < v). With ``others``: pairs between ``h`` (u) and
    ``others`` (v), so that a batch is looked up in the hashes already indexed without searching
    these among themselves again. The search is the same for any number of hashes
    (``recall``); its cost grows with n^2 * 17 * 8 / 2^16 candidate comparisons.
    """
    table_side = h if others is None else others
    found = []
    masks = _masks(CHUNK_RADIUS)
    step = max(1, STEP_KEYS // len(masks))
    for order in _LAYOUTS:
        query_h, table_hp = _permuted(h, order), _permuted(table_side, order)
        for c in range(CHUNKS):
            shift, low = np.uint64(c * CHUNK_BITS), np.uint64((1 << CHUNK_BITS) - 1)
            table = pl.DataFrame({"v": np.arange(len(table_side), dtype=np.int64), "k": (table_hp >> shift) & low})
            keys = (query_h >> shift) & low
            for start in range(0, len(h), step):
                part = keys[start : start + step]
                query = pl.DataFrame(
                    {
                        "u": np.repeat(np.arange(start, start + len(part), dtype=np.int64), len(masks)),
                        "k": (part[:, None] ^ masks[None, :]).ravel(),
                    }
                )
                pairs = query.join(table, on="k").select("u", "v")
                if others is None:
                    pairs = pairs.filter(pl.col("u") < pl.col("v"))
                if pairs.height:
                    xor = h[pairs["u"].to_numpy()] ^ table_side[pairs["v"].to_numpy()]
                    found.append(pairs.filter(pl.Series(_popcount(xor) <= distance)))
    if not found:
        return pl.DataFrame(schema={"u": pl.Int64, "v": pl.Int64})
    return pl.concat(found).unique().sort("u", "v")


def near_duplicate_pairs(hashes: pl.Series, *, distance: int = NEAR_DISTANCE) -> pl.DataFrame:
    """Pairs ``(i, j)`` (i < j, row positions in ``hashes``) of pHashes within ``distance`` bits.

    Multi-index hashing (``near_pairs``) over the distinct hashes, then back to rows; identical
    hashes always pair. The result does not depend on the order of ``hashes`` beyond its row numbers.
    """
    frame = pl.DataFrame({"row": np.arange(hashes.len(), dtype=np.int64)}).with_columns(
        hashes.str.to_integer(base=16, dtype=pl.UInt64).alias("h")
    )
    distinct = frame.select(pl.col("h").unique().sort()).with_row_index("u").with_columns(pl.col("u").cast(pl.Int64))
    pairs = near_pairs(distinct["h"].to_numpy(), distance=distance).rename({"v": "u_b"})
    rows = frame.join(distinct, on="h").select("row", "u")
    linked = pl.concat([pairs, distinct.select("u", pl.col("u").alias("u_b"))])
    out = linked.join(rows, on="u").join(rows.rename({"row": "row_b", "u": "u_b"}), on="u_b")
    out = out.filter(pl.col("row") != pl.col("row_b")).select(
        pl.min_horizontal("row", "row_b").alias("i"), pl.max_horizontal("row", "row_b").alias("j")
    )
    return out.unique().sort("i", "j")
