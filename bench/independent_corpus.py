"""A second synthetic ad corpus, written apart from Spor's own generator (docs/screening-analysis.md#evaluation).

The method was tuned on Spor's own generator; this one checks that it is not tuned to that one
generator's shapes. It shares no code, word bank or distribution with it:

- rings (networks) take about half of the ads, with log-normal sizes (median 4, a tail to 400);
  a ring has 1-3 numbers written in its own habitual formats, a pool of 3-12 pictures of which
  each ad shows 2-4 (each copy 0-8 bits away from the original hash), and a script of sentences
  (common phrases, and two with the ring's own invented words) that every ad shuffles and trims;
  15 % of rings link by text alone (no number, new pictures in every ad), 10 % by pictures alone
  (no number, a new text in every ad);
- independents: own number, own pictures, own sentences;
- hard negatives: agency numbers used as the only contact by many unrelated posters, 20 stock
  pictures, popular texts copied word for word, one site's footer with its support number in
  every ad, British and German numbers, and numbers written with letters for digits.

Every name, number and picture is invented. ``generate(seed, n_ads)`` returns (records, truth):
JSON Lines ad records in Spor's ad format (pictures as ``{"phash": ...}``) and (site, ad_id,
ring or None).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

SITES = ("sidea", "sideb", "sidec")
FOOTER = {"sidea": "Powered by SideA. Support 70 70 12 12.", "sideb": "", "sidec": "— sidec.example —"}
OPENERS = [
    "hello gentlemen", "welcome to my page", "new here and very curious", "just arrived for a short visit",
    "back again by popular demand", "your secret friend is here", "finally in your town", "visiting for one week",
]  # fmt: skip
SUBJECTS = ["my place", "the studio", "our flat", "this room", "the suite", "my little home", "the villa", "the loft"]
VERBS = ["is", "feels", "stays", "looks", "remains", "seems"]
QUALITIES = [
    "clean and discreet", "warm and quiet", "close to the harbour", "near the main square", "easy to find",
    "with free parking", "calm and private", "next to the train", "modern and bright", "small but cosy",
]  # fmt: skip
OFFERS = [
    "relaxing massage", "long evenings", "dinner dates", "short visits", "overnight stays", "travel company",
    "weekend trips", "quiet talks", "warm baths", "slow dances", "city walks", "late coffee",
]  # fmt: skip
HOURS = ["from noon", "after six", "all weekend", "every morning", "late at night", "on request", "daily"]
NAMES = [
    "Alya", "Bora", "Cira", "Dana", "Esme", "Fiona", "Gala", "Hana", "Irma", "Jade", "Kira", "Lena", "Mira",
    "Nina", "Olga", "Pia", "Rina", "Sara", "Tina", "Uma", "Vera", "Wanda", "Yara", "Zoe",
]  # fmt: skip
TOWNS = ["Aabenraa", "Skive", "Slagelse", "Holbæk", "Hillerød", "Svendborg", "Nyborg", "Ribe", "Thisted", "Køge"]
LETTERS = {"0": "o", "1": "i", "5": "S", "8": "B"}


def _sentence(rng: np.random.Generator) -> str:
    kind = rng.integers(4)
    if kind == 0:
        return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(QUALITIES)}"
    if kind == 1:
        return f"I enjoy {rng.choice(OFFERS)} and {rng.choice(OFFERS)} {rng.choice(HOURS)}"
    if kind == 2:
        return f"{rng.choice(OPENERS)}, ask me about {rng.choice(OFFERS)}"
    return f"you can reach me {rng.choice(HOURS)} for {rng.choice(OFFERS)} in {rng.choice(TOWNS)}"


SYLLABLES = ["ka", "lo", "mi", "ru", "ze", "ta", "vo", "ni", "sa", "de", "bu", "ri", "fe", "go", "la", "mu"]


def _word(rng: np.random.Generator) -> str:
    """An invented word (a street, a nickname, a hotel): what makes a real text its own."""
    return "".join(rng.choice(SYLLABLES) for _ in range(int(rng.integers(2, 4))))


def _details(rng: np.random.Generator) -> list[str]:
    """Sentences with the poster's own details: the rare words a copied text keeps."""
    return [
        f"ask for {_word(rng)} at {_word(rng)} street number {_word(rng)}",
        f"my friends call me {_word(rng)} and I love {_word(rng)} {_word(rng)}",
    ]


def _number(rng: np.random.Generator) -> str:
    """E.164: Danish mostly, British or German now and then."""
    roll = rng.random()
    if roll < 0.08:
        return "+447" + "".join(str(d) for d in rng.integers(0, 10, 9))
    if roll < 0.14:
        return "+49151" + "".join(str(d) for d in rng.integers(0, 10, 8))
    return "+45" + str(rng.choice([2, 3, 4, 5, 6])) + "".join(str(d) for d in rng.integers(0, 10, 7))


def _written(rng: np.random.Generator, number: str, habit: int) -> str:
    national = number[3:] if number.startswith("+45") else number
    if habit == 0:
        return national
    if habit == 1:
        return "-".join(national[i : i + 2] for i in range(0, len(national), 2))
    if habit == 2:
        return "".join(LETTERS.get(d, d) if rng.random() < 0.3 else d for d in national)
    return " ".join(national)


def _hash(rng: np.random.Generator) -> int:
    return int(rng.integers(0, 2**63)) * 2 + int(rng.integers(2))


def _copy(rng: np.random.Generator, value: int) -> dict[str, str]:
    for bit in rng.choice(64, size=int(rng.integers(0, 9)), replace=False):
        value ^= 1 << int(bit)
    return {"phash": f"{value:016x}"}


class _Writer:
    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.records: list[dict[str, Any]] = []
        self.truth: list[tuple[str, str, str | None]] = []
        self.start = datetime(2026, 10, 1, tzinfo=UTC)

    def ad(
        self, ring: str | None, sentences: list[str], contact: str, pictures: list[dict[str, str]], name: str
    ) -> None:
        rng = self.rng
        site = str(rng.choice(SITES))
        ad_id = f"{site[-1]}{len(self.records):07d}"
        text = ". ".join(s.capitalize() for s in sentences) + "."
        if contact:
            text += " " + contact
        if FOOTER[site]:
            text += "\n" + FOOTER[site]
        seen = self.start + timedelta(minutes=int(rng.integers(0, 60 * 24 * 70)))
        self.records.append({
            "site": site, "ad_id": ad_id, "url": f"https://{site}.example/{ad_id}", "seen_at": seen.isoformat(),
            "title": f"{name} in {rng.choice(TOWNS)}", "text": text, "city": None, "age": None, "name": name,
            "nationality": None, "price": None, "images": pictures,
        })  # fmt: skip
        self.truth.append((site, ad_id, ring))


def generate(seed: int, n_ads: int) -> tuple[list[dict[str, Any]], list[tuple[str, str, str | None]]]:
    w = _Writer(seed)
    rng = w.rng
    stock = [_hash(rng) for _ in range(20)]
    agencies = [_number(rng) for _ in range(max(3, n_ads // 2000))]
    popular = [[_sentence(rng) for _ in range(6)] + _details(rng) for _ in range(5)]
    in_rings = int(n_ads * 0.5)
    ring = 0
    while in_rings > 1:
        size = min(in_rings, 400, max(2, int(rng.lognormal(np.log(4), 1.2))))
        in_rings -= size
        ring += 1
        _ring(w, f"ring{ring:05d}", size, stock)
    while len(w.records) < n_ads:
        _stranger(w, stock, agencies, popular)
    return w.records, w.truth


def _ring(w: _Writer, label: str, size: int, stock: list[int]) -> None:
    rng = w.rng
    roll = rng.random()
    kind = "text" if roll < 0.15 else "picture" if roll < 0.25 else "full"
    numbers = [_number(rng) for _ in range(int(rng.integers(1, 4)))]
    habit = int(rng.integers(4))
    pool = [_hash(rng) for _ in range(int(rng.integers(3, 13)))]
    script = [_sentence(rng) for _ in range(int(rng.integers(5, 9)))] + _details(rng)
    names = [str(rng.choice(NAMES)) for _ in range(int(rng.integers(1, 5)))]
    for _ in range(size):
        if kind == "picture":
            sentences = [_sentence(rng) for _ in range(int(rng.integers(4, 8)))] + _details(rng)
        else:
            keep = max(5, len(script) - int(rng.integers(0, 3)))
            sentences = list(rng.permutation(script)[:keep])
        if kind == "text":
            pictures = [_copy(rng, _hash(rng)) for _ in range(int(rng.integers(1, 4)))]
        else:
            shown = rng.choice(len(pool), size=min(len(pool), int(rng.integers(2, 5))), replace=False)
            pictures = [_copy(rng, pool[int(i)]) for i in shown]
        if rng.random() < 0.05:
            pictures.append(_copy(rng, stock[int(rng.integers(len(stock)))]))
        contact = "" if kind != "full" else "Call " + _written(rng, str(rng.choice(numbers)), habit)
        w.ad(label, sentences, contact, pictures, str(rng.choice(names)))


def _stranger(w: _Writer, stock: list[int], agencies: list[str], popular: list[list[str]]) -> None:
    rng = w.rng
    roll = rng.random()
    number = str(rng.choice(agencies)) if roll < 0.04 else _number(rng)
    sentences = list(popular[int(rng.integers(len(popular)))]) if rng.random() < 0.05 else [
        _sentence(rng) for _ in range(int(rng.integers(3, 8)))
    ] + _details(rng)  # fmt: skip
    pictures = [_copy(rng, _hash(rng)) for _ in range(int(rng.integers(1, 4)))]
    if rng.random() < 0.08:
        pictures.append(_copy(rng, stock[int(rng.integers(len(stock)))]))
    w.ad(None, sentences, "Tel " + _written(rng, number, int(rng.integers(4))), pictures, str(rng.choice(NAMES)))
