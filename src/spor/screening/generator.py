"""Synthetic ad corpus with planted networks and hard negatives (docs/screening-analysis.md#the-synthetic-corpus).

Every ad, name, phone number and picture here is invented. The corpus feeds the fixture site, the
tests, the evaluation and the benchmark, so it plants exactly the situations the analysis must
get right:

- networks: one controller, several personas (different claimed names, ages, nationalities), the
  controller's phones shared across some personas, the personas' pictures reused with crops,
  mirroring, re-encoding and overlays, one text template with word substitutions, a circuit of
  cities over time and bursts of posting;
- independents: one ad each, own phone, own pictures, own text;
- hard negatives: unrelated posters copying the same popular text, site boilerplate (with the
  site's own phone number), stock photos, agency/hub phone numbers shared by unrelated ads, and
  short ads;
- noise: word substitutions (``noise`` = share of words), paraphrase, emoji, look-alike
  characters and every phone obfuscation the features must undo.

Each persona's pictures are lists of persona connections: every persona shares at least one phone
or picture with another persona of its network (the premise of network detection).
``with_images=False`` gives hashes instead of pictures (``{"phash": ...}``), for the benchmark.
"""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import phonenumbers

SITES = ("natlys", "rodlygte")
START = datetime(2026, 9, 1, tzinfo=UTC)
SPAN_DAYS = 56

#: Share of ads in planted networks.
NETWORK_SHARE = 0.4
#: Network sizes follow a discrete Pareto tail: 2 / U^(1/SIZE_TAIL) ads, at most SIZE_MAX
#: (many of 2-10 ads, a few of several hundred once the corpus is large enough to hold them).
SIZE_TAIL = 1.1
SIZE_MAX = 600
#: Shares of the networks that link by text only (no phone, own pictures) and by pictures only
#: (no phone, own texts); the rest link by phones, pictures and one template.
TEXT_ONLY, PICTURE_ONLY = 0.08, 0.08
#: Share of networks whose controller writes a number the phone library rejects (the same string in
#: every ad), share of independents using an agency/hub number, a stock photo, a popular text.
INVALID_NUMBER, HUB_USE, STOCK_USE, POPULAR_USE = 0.05, 0.06, 0.1, 0.1


@dataclass
class Corpus:
    """A generated corpus: ads (JSON Lines records, versions included), pictures and ground truth."""

    ads: list[dict[str, Any]]
    images: dict[str, bytes] = field(default_factory=dict)
    truth: list[tuple[str, str, str | None]] = field(default_factory=list)

    def write(self, folder: Path | str) -> Path:
        """Write ``ads.jsonl``, ``truth.csv`` and ``images/`` into ``folder``; return the folder."""
        out = Path(folder)
        (out / "images").mkdir(parents=True, exist_ok=True)
        with (out / "ads.jsonl").open("w", encoding="utf-8") as handle:
            for ad in self.ads:
                handle.write(json.dumps(ad, ensure_ascii=False) + "\n")
        for path, data in self.images.items():
            (out / path).write_bytes(data)
        with (out / "truth.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["site", "ad_id", "network_id"])
            for site, ad_id, network in self.truth:
                writer.writerow([site, ad_id, network or ""])
        return out


@dataclass
class _Persona:
    name: str
    age: int
    nationality: str
    phones: list[str]
    photos: list[int]
    handle: str | None


@dataclass
class _Gen:
    rng: random.Random
    noise: float
    with_images: bool
    ads: list[dict[str, Any]] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)
    truth: list[tuple[str, str, str | None]] = field(default_factory=list)
    photo_seeds: dict[int, int] = field(default_factory=dict)
    used_phones: set[str] = field(default_factory=set)
    used_ids: set[str] = field(default_factory=set)
    image_count: int = 0

    # -- identifiers ---------------------------------------------------------------------
    def phone(self) -> str:
        """A fresh Danish (or now and then foreign) number in E.164."""
        while True:
            if self.rng.random() < 0.1:
                prefix, rest = self.rng.choice([("+40", "72"), ("+66", "81"), ("+46", "70")])
                number = prefix + rest + "".join(str(self.rng.randrange(10)) for _ in range(7))
            else:
                head = self.rng.choice(DK_MOBILE_PREFIXES)
                number = "+45" + head + "".join(str(self.rng.randrange(10)) for _ in range(6))
            if number not in self.used_phones and phonenumbers.is_valid_number(phonenumbers.parse(number)):
                self.used_phones.add(number)
                return number

    def invalid_number(self) -> str:
        """A number outside every numbering plan, written the same way in every ad (e.g. 0712 345 678)."""
        digits = "0" + "".join(str(self.rng.randrange(10)) for _ in range(9))
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"

    def photo(self) -> int:
        """A new picture identity (a 'person' or a stock photo)."""
        key = len(self.photo_seeds)
        self.photo_seeds[key] = self.rng.getrandbits(64)
        return key

    def ad_id(self, site: str) -> str:
        while True:
            ad_id = ("n" if site == "natlys" else "") + str(self.rng.randrange(1_000_000, 9_999_999))
            if (site, ad_id) not in self.used_ids:
                self.used_ids.add((site, ad_id))  # type: ignore[arg-type]
                return ad_id

    def persona(self, language: str) -> _Persona:
        nationality = self.rng.choice(NATIONALITIES)
        name = self.rng.choice(NAMES_BY_REGION[nationality[2]])
        handle = None
        if self.rng.random() < 0.35:
            # a handle is one account: wide enough that unrelated personas never draw the same one
            handle = self.rng.choice(MESSENGERS) + ":" + name.lower() + str(self.rng.randrange(10_000, 1_000_000))
        return _Persona(name, self.rng.randrange(19, 36), nationality[0 if language == "da" else 1], [], [], handle)

    # -- pictures ------------------------------------------------------------------------
    def image_refs(self, photos: list[int]) -> list[Any]:
        refs: list[Any] = []
        for key in photos:
            if self.with_images:
                self.image_count += 1
                path = f"images/{self.image_count:06d}.jpg"
                self.images[path] = picture_variant(self.photo_seeds[key], self.rng)
                refs.append(path)
            else:
                refs.append({"phash": _flip_bits(self.photo_seeds[key], self.rng)})
        return refs

    # -- one ad --------------------------------------------------------------------------
    def emit(self, record: dict[str, Any], network: str | None) -> None:
        site = record["site"]
        record["ad_id"] = self.ad_id(site)
        record["url"] = f"https://{site}.example/annonce/{record['ad_id']}"
        self.truth.append((site, record["ad_id"], network))
        self.ads.append(record)
        if self.rng.random() < 0.08:  # a repost: a later version with a changed price
            later = dict(record)
            seen = datetime.fromisoformat(record["seen_at"]) + timedelta(days=self.rng.randrange(1, 6))
            later["seen_at"] = seen.isoformat()
            later["price"] = self.rng.choice(PRICES)
            self.ads.append(later)


def _flip_bits(base: int, rng: random.Random) -> str:
    """A near-duplicate 64-bit hash: ``base`` with a few bits flipped (bench path, see VARIANT_FLIPS)."""
    value = base
    for bit in rng.sample(range(64), rng.choice(VARIANT_FLIPS)):
        value ^= 1 << bit
    return f"{value:016x}"


def _when(rng: random.Random, day: float) -> str:
    moment = START + timedelta(days=day, minutes=rng.randrange(0, 24 * 60))
    return moment.isoformat()


def _fields(gen: _Gen, site: str, persona: _Persona, city: str) -> dict[str, Any]:
    """Structured fields: natlys shows them all; rodlygte leaves some only in the text."""
    structured = site == "natlys" or gen.rng.random() < 0.4
    return {
        "city": city,
        "age": persona.age if structured else None,
        "name": persona.name if structured else None,
        "nationality": persona.nationality if structured else None,
        "price": gen.rng.choice(PRICES),
    }


def _network(gen: _Gen, index: int, size: int) -> None:
    """Plant one network of ``size`` ads (see the module docstring)."""
    rng = gen.rng
    network_id = f"net-{index:04d}"
    roll = rng.random()
    kind = "text" if roll < TEXT_ONLY else "picture" if roll < TEXT_ONLY + PICTURE_ONLY else "full"
    language = rng.choice(["da", "da", "en"])
    pattern = template(rng, language, sentences=rng.randrange(6, 10))
    if rng.random() < INVALID_NUMBER:
        controller_phones = [gen.invalid_number()]
    else:
        controller_phones = [gen.phone() for _ in range(rng.randrange(1, 3))]
    shared_photos = [gen.photo() for _ in range(rng.randrange(1, 3))]
    most = max(2, min(12, size // 6))
    personas = [gen.persona(language) for _ in range(max(2, min(most, size // 4 + rng.randrange(0, 2))))]
    if kind == "picture":
        personas = personas[:1]
    for i, persona in enumerate(personas):
        persona.phones = [rng.choice(controller_phones)] if i == 0 or rng.random() < 0.6 else [gen.phone()]
        persona.photos = [gen.photo() for _ in range(rng.randrange(1, 3))]
        if i == 0 or persona.phones[0] not in controller_phones or rng.random() < 0.4:
            persona.photos.append(rng.choice(shared_photos))  # the link to the rest of the network
    circuit = rng.sample(CITIES, rng.randrange(2, 5))
    site = rng.choice(SITES)
    bursts = sorted(rng.uniform(0, SPAN_DAYS - 3) for _ in range(rng.randrange(2, 4)))
    for n in range(size):
        persona = personas[n % len(personas)]
        day = rng.choice(bursts) + rng.uniform(0, 2.5)
        city = circuit[min(len(circuit) - 1, int(day / SPAN_DAYS * len(circuit)))]
        other_site = site if rng.random() < 0.8 else rng.choice(SITES)
        phone = rng.choice(persona.phones)
        short = kind == "full" and rng.random() < 0.12
        own = pattern if kind != "picture" else template(rng, language, sentences=rng.randrange(4, 8))
        text = fill(rng, own, persona, city, language, short=short)
        if rng.random() < 0.15:
            text = reorder(rng, text)
        text = add_noise(rng, text, gen.noise)
        if kind == "full":
            text = with_contact(rng, text, phone, persona.handle)
        else:  # contact through the site's message box: no phone, no handle
            text = text.replace("{phone}", rng.choice(["via sitet", "send en besked", "message me here"]))
        record: dict[str, Any] = {"site": other_site, "seen_at": _when(rng, day)}
        record["title"] = title(rng, persona, city, language)
        record.update(_fields(gen, other_site, persona, city))
        record["text"] = add_boilerplate(other_site, text)
        if kind == "text":
            photos = [gen.photo() for _ in range(rng.randrange(1, 3))]
        else:
            photos = rng.sample(persona.photos, rng.randrange(1, len(persona.photos) + 1))
        record["images"] = gen.image_refs(photos)
        gen.emit(record, network_id)


def _independent(gen: _Gen, stock: list[int], hubs: list[str], popular: list[list[str]]) -> None:
    """One ad by an unrelated poster, now and then with a hard negative planted."""
    rng = gen.rng
    language = rng.choice(["da", "da", "en"])
    persona = gen.persona(language)
    phone = _hub(rng, hubs) if rng.random() < HUB_USE else gen.phone()
    city = rng.choice(CITIES)
    roll = rng.random()
    if roll < POPULAR_USE:
        text = fill(rng, rng.choice(popular), persona, city, language)
        if rng.random() < 0.5:
            text = reorder(rng, text)
    else:
        own = template(rng, language, sentences=rng.randrange(3, 8))
        text = fill(rng, own, persona, city, language, short=roll > 0.85)
    site = rng.choice(SITES)
    record: dict[str, Any] = {
        "site": site,
        "seen_at": _when(rng, rng.uniform(0, SPAN_DAYS)),
        "title": title(rng, persona, city, language),
    }
    record.update(_fields(gen, site, persona, city))
    text = with_contact(rng, add_noise(rng, text, gen.noise), phone, persona.handle)
    record["text"] = add_boilerplate(site, text)
    photos = [gen.photo() for _ in range(rng.randrange(1, 3))]
    if rng.random() < STOCK_USE:
        photos.append(rng.choice(stock))
    record["images"] = gen.image_refs(photos)
    gen.emit(record, None)


def _hub(rng: random.Random, hubs: list[str]) -> str:
    """A hub number, the first ones far more used than the last (a few agencies dominate)."""
    return hubs[min(len(hubs) - 1, int(rng.paretovariate(1.2)) - 1)]


def network_sizes(rng: random.Random, total: int) -> list[int]:
    """Network sizes adding up to ``total``: a Pareto tail (``SIZE_TAIL``) from 2 to ``SIZE_MAX`` ads."""
    sizes: list[int] = []
    while sum(sizes) < total - 1:
        size = min(SIZE_MAX, int(2 * rng.paretovariate(SIZE_TAIL)))
        sizes.append(min(size, total - sum(sizes)))
    return sizes


def generate_corpus(*, seed: int, n_ads: int = 400, noise: float = 0.1, with_images: bool = True) -> Corpus:
    """Generate ``n_ads`` distinct ads (plus some later versions), deterministic for ``seed``.

    ``noise`` is the share of words substituted (0-0.2 in the evaluation); it also scales how often
    emoji, look-alike characters and paraphrases appear. Networks take about 40 % of the ads.
    """
    if not 0 <= noise <= 0.5:
        raise ValueError("noise must be between 0 and 0.5")
    gen = _Gen(rng=random.Random(seed), noise=noise, with_images=with_images)  # noqa: S311 - synthetic data
    rng = gen.rng
    stock = [gen.photo() for _ in range(4 + n_ads // 5000)]
    hubs = [gen.phone() for _ in range(max(2, n_ads // 1000))]
    popular = [template(rng, rng.choice(["da", "en"]), sentences=6) for _ in range(3 + n_ads // 10000)]
    sizes = network_sizes(rng, int(n_ads * NETWORK_SHARE))
    kinds = [("net", i) for i, _ in enumerate(sizes)] + [("ind", 0)] * (n_ads - sum(sizes))
    rng.shuffle(kinds)
    for kind, index in kinds:
        if kind == "net":
            _network(gen, index, sizes[index])
        else:
            _independent(gen, stock, hubs, popular)
    gen.ads.sort(key=lambda ad: ad["seen_at"])
    return Corpus(ads=gen.ads, images=gen.images, truth=gen.truth)


# -- the synthetic text bank (all invented) ------------------------------------------------------

DK_MOBILE_PREFIXES = ("20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "40", "41", "42",
                      "50", "51", "52", "53", "60", "61", "71", "81", "91", "92", "93")  # fmt: skip
#: (Danish label, English label, name region)
NATIONALITIES = (
    ("thailandsk", "Thai", "th"), ("rumænsk", "Romanian", "ro"), ("spansk", "Spanish", "es"),
    ("brasiliansk", "Brazilian", "es"), ("nigeriansk", "Nigerian", "ng"), ("dansk", "Danish", "dk"),
    ("ungarsk", "Hungarian", "ro"), ("kinesisk", "Chinese", "cn"), ("colombiansk", "Colombian", "es"),
)  # fmt: skip
NAMES_BY_REGION = {
    "th": ["Nok", "Ploy", "Fah", "Mai", "Lek", "Noon", "Pim", "Joy", "Bee", "Aom", "Ning", "Kwan"],
    "ro": ["Ioana", "Andreea", "Bianca", "Elena", "Daria", "Roxana", "Alina", "Denisa", "Larisa", "Sorina"],
    "es": ["Camila", "Valentina", "Lucia", "Paola", "Sofia", "Gabriela", "Luna", "Carla", "Daniela", "Rosa"],
    "ng": ["Blessing", "Joy", "Precious", "Favour", "Grace", "Mercy", "Faith", "Gift", "Peace", "Ada"],
    "dk": ["Mia", "Sofie", "Emma", "Laura", "Ida", "Julie", "Freja", "Maja", "Clara", "Nanna"],
    "cn": ["Lily", "Mei", "Lan", "Xiu", "Ying", "Jing", "Hui", "Fang", "Min", "Yan"],
}  # fmt: skip
MESSENGERS = ("telegram", "snapchat", "line", "signal", "whatsapp")
CITIES = ["København", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Randers", "Kolding", "Horsens", "Vejle",
          "Roskilde", "Herning", "Silkeborg", "Næstved", "Fredericia", "Viborg", "Holstebro"]  # fmt: skip
PRICES = ["800 kr/30 min", "1200 kr/time", "1000 kr", "1500 kr/time", "700 kr/20 min", "2000 kr/2 timer"]
#: Bits flipped per re-posted copy in the hash-only path (bench). Lighter than real re-encoding:
#: copies made by ``picture_variant`` differ from each other by a median of about 8 bits.
VARIANT_FLIPS = (0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6)

_SENTENCES = {
    "da": [
        "Hej søde, jeg hedder {name} og er {age} år", "Jeg er {name}, en {adj} pige fra {nat}",
        "{adj} og {adj2} {nat} pige på {age} år", "Ny i {city} kun fire dage",
        "Jeg er i {city} i to dage, kom forbi", "Jeg tilbyder {service} og {service2}",
        "Massage og {service} i {place}", "Åbent {time}", "Jeg tager imod {time} i {place}",
        "100% ægte billeder, ingen falske løfter", "Ægte billeder og diskret service",
        "Jeg er sød, ung og frisk", "Jeg er {adj}, {adj2} og altid glad", "Kom og besøg mig, jeg venter på dig",
        "Privat lejlighed tæt på stationen i {city}", "Ingen skjult nummer og ingen sms",
        "Jeg taler lidt dansk og godt engelsk", "Hygiejne er vigtig for mig, bad er muligt",
        "Du finder mig i {place}, parkering lige ved døren", "Kun for gentlemen over 25 år",
        "Jeg elsker {extra} og {extra2}", "Vi kan tage et glas vin først hvis du vil",
        "Book en time i god tid, ring en time før", "Nye piger hver uge", "Ring før du kommer, jeg svarer hurtigt",
        "Min krop er {adj} og min stemme {adj2}", "Jeg har {adj} hud og {adj2} øjne", "Kys og {service} til dig",
        "Jeg glæder mig til at møde dig i {city}", "Tre timer eller hele natten efter aftale",
    ],
    "en": [
        "Hi darling, my name is {name}, I am {age} years old", "I am {name}, a {adj} girl from {nat}",
        "{adj} and {adj2} {nat} girl, {age} years", "New in town, only four days in {city}",
        "I am in {city} for two days, come visit", "I offer {service} and {service2}",
        "Massage and {service} in {place}", "Open {time}", "I receive you {time} in {place}",
        "100% real photos, no fake promises", "Real pictures and discreet service", "I am sweet, young and fresh",
        "I am {adj}, {adj2} and always happy", "Come and visit me, I am waiting for you",
        "Private apartment close to the station in {city}", "No hidden number and no sms",
        "I speak good English and a little Danish", "Hygiene is important to me, shower available",
        "You find me in {place}, parking right at the door", "Only for gentlemen over 25",
        "I love {extra} and {extra2}", "We can have a glass of wine first if you like",
        "Book in good time, call one hour before", "New girls every week", "Call before you come, I answer fast",
        "My body is {adj} and my voice {adj2}", "I have {adj} skin and {adj2} eyes", "Kisses and {service} for you",
        "I look forward to meeting you in {city}", "Three hours or the whole night by arrangement",
    ],
}  # fmt: skip
_FILLS = {
    "da": {
        "adj": ["sød", "lækker", "frisk", "smuk", "charmerende", "rolig", "sjov", "venlig", "blid", "slank", "kurvet",
                "naturlig", "elegant", "varm", "fræk", "glad", "smilende", "eksotisk", "energisk", "romantisk",
                "hyggelig", "legesyg", "nysgerrig", "stille", "blød", "solbrun", "lys", "mørk"],
        "service": ["massage", "afslapning", "kærestestemning", "selskab", "oliemassage", "bodymassage", "wellness",
                    "tantra", "kram", "hyggeligt samvær", "fodmassage", "rygmassage"],
        "time": ["hver dag 10-22", "alle dage fra 12 til 24", "døgnet rundt", "mandag til lørdag",
                 "også i weekenden", "fra morgen til aften", "om aftenen", "hele natten"],
        "place": ["min private lejlighed", "et roligt kvarter", "et lille hus", "centrum", "hotellet",
                  "en diskret lejlighed", "en hyggelig stue", "et stille område"],
        "extra": ["dans", "musik", "rejser", "sommer", "film", "havet", "god mad", "yoga", "at grine", "fitness",
                  "kunst", "solnedgange", "kaffe", "shopping", "blomster", "regnvejr", "bøger", "katte"],
    },
    "en": {
        "adj": ["sweet", "sexy", "fresh", "beautiful", "charming", "calm", "funny", "friendly", "gentle", "slim",
                "curvy", "natural", "elegant", "warm", "naughty", "happy", "smiling", "exotic", "energetic",
                "romantic", "cosy", "playful", "curious", "quiet", "soft", "tanned", "bright", "dark"],
        "service": ["massage", "relaxation", "girlfriend experience", "company", "oil massage", "body massage",
                    "wellness", "tantra", "cuddles", "good company", "foot massage", "back massage"],
        "time": ["every day 10-22", "all days from 12 to 24", "24/7", "Monday to Saturday", "also at weekends",
                 "from morning to evening", "in the evening", "all night"],
        "place": ["my private apartment", "a quiet area", "a small house", "the centre", "the hotel",
                  "a discreet apartment", "a cosy room", "a calm street"],
        "extra": ["dancing", "music", "travel", "summer", "movies", "the sea", "good food", "yoga", "laughing",
                  "fitness", "art", "sunsets", "coffee", "shopping", "flowers", "rain", "books", "cats"],
    },
}  # fmt: skip
_CONTACT = {
    "da": ["Ring {phone}", "Tlf: {phone}", "Ring eller sms {phone}", "Kontakt mig på {phone}", "Mobil {phone}"],
    "en": ["Call me {phone}", "Phone: {phone}", "Call or text {phone}", "WhatsApp {phone}", "Contact {phone}"],
}
_BOILERPLATE = {
    "natlys": "Natlys – annoncen er oprettet af annoncøren selv. Kundeservice 70 22 33 44.",
    "rodlygte": "Rødlygte: husk altid at være tryg. Sitets support +45 33 12 34 56.",
}
_SUBSTITUTES = {
    "da": ["rigtig", "meget", "altid", "bare", "også", "dejlig", "skøn", "virkelig", "nu", "her", "hos", "mig"],
    "en": ["really", "very", "always", "just", "also", "lovely", "nice", "truly", "now", "here", "with", "me"],
}
_EMOJI = ["💋", "🌹", "🔥", "😘", "💕", "✨", "🍑", "💦", "👑", "🌸"]
_LOOKALIKE = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і"}  # Cyrillic
_SPELLED = {
    "da": ["nul", "en", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni"],
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
}
_KEYCAP = "\ufe0f\u20e3"
_STYLED = [
    "０１２３４５６７８９",  # fullwidth
    "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",  # mathematical bold
    "⓪①②③④⑤⑥⑦⑧⑨",  # circled
]


def template(rng: random.Random, language: str, *, sentences: int) -> list[str]:
    """A text template: sentence patterns with the poster's own word choices fixed, persona slots open."""
    fills = _FILLS[language]
    chosen = rng.sample(_SENTENCES[language], sentences)
    out = []
    for pattern in chosen:
        values = {key: rng.choice(words) for key, words in fills.items()}
        values.update({key + "2": rng.choice(words) for key, words in fills.items()})
        values.update(name="{name}", age="{age}", nat="{nat}", city="{city}")
        out.append(pattern.format(**values))
    out.insert(rng.randrange(1, len(out) + 1), rng.choice(_CONTACT[language]))
    return out


def fill(
    rng: random.Random, pattern: list[str], persona: _Persona, city: str, language: str, *, short: bool = False
) -> str:
    """The template filled for one persona; the phone stays a ``{phone}`` slot until after the noise."""
    sentences = pattern
    if short:
        contact = next((s for s in pattern if "{phone}" in s), "{phone}")
        sentences = [pattern[0] if pattern[0] != contact else pattern[-1], contact]
    text = ". ".join(sentences) + "."
    return (
        text.replace("{name}", persona.name)
        .replace("{age}", str(persona.age))
        .replace("{nat}", persona.nationality)
        .replace("{city}", city)
    )


def add_noise(rng: random.Random, text: str, noise: float) -> str:
    """Word substitutions (share ``noise``), paraphrase by dropping/swapping sentences, emoji, look-alikes."""
    language = "da" if any(word in text for word in (" og ", " jeg ", "Jeg ")) else "en"
    sentences = [s for s in text.split(". ") if s]
    if len(sentences) > 3 and rng.random() < noise * 3:
        i = rng.randrange(len(sentences) - 1)
        if "{phone}" not in sentences[i]:
            sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    words = ". ".join(sentences).split(" ")
    for i, word in enumerate(words):
        if "{" in word:
            continue
        if rng.random() < noise:
            words[i] = rng.choice(_SUBSTITUTES[language])
        elif rng.random() < noise / 2:
            words[i] = "".join(_LOOKALIKE.get(ch, ch) if rng.random() < 0.5 else ch for ch in word)
    for _ in range(rng.randrange(0, 1 + int(noise * 20))):
        words.insert(rng.randrange(len(words) + 1), rng.choice(_EMOJI))
    return " ".join(words)


def reorder(rng: random.Random, text: str) -> str:
    """The same sentences in another order (posters shuffle a copied text)."""
    sentences = [s for s in text.rstrip(".").split(". ") if s]
    rng.shuffle(sentences)
    return ". ".join(sentences) + "."


def render_phone(rng: random.Random, phone: str) -> str:
    """One of the obfuscations posters use for ``phone`` (E.164), Danish numbers without +45 mostly."""
    if not phone.startswith("+"):  # a number outside the numbering plans: always the same string
        return phone
    national = phone[3:] if phone.startswith("+45") else phone
    if not phone.startswith("+45"):
        style = rng.choice(["plain", "lookalike", "spaced"])
    else:
        style = rng.choice(["plain", "plain", "compact", "prefix", "dots", "spelled_da", "spelled_en", "mixed",
                            "lookalike", "keycap", "styled", "spaced"])  # fmt: skip
    digits = national.lstrip("+")
    if style == "plain":
        return " ".join(national[i : i + 2] for i in range(0, len(national), 2)) if len(national) == 8 else national
    if style == "compact":
        return national
    if style == "prefix":
        return rng.choice(["+45 ", "0045 ", "+45-"]) + " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    if style == "dots":
        return rng.choice([".", "-", "/"]).join(digits[i : i + 2] for i in range(0, 8, 2))
    if style.startswith("spelled"):
        return " ".join(_SPELLED[style[-2:]][int(d)] for d in digits)
    if style == "mixed":
        return _mixed(rng, digits)
    if style == "lookalike":
        return national.replace("0", "O").replace("1", rng.choice(["l", "I"]))
    if style == "keycap":
        return "".join(d + _KEYCAP for d in digits)
    if style == "styled":
        table = rng.choice(_STYLED)
        return "".join(table[int(d)] for d in digits)
    return ("+" if phone.startswith("+") and not phone.startswith("+45") else "") + " ".join(digits)


def _mixed(rng: random.Random, digits: str) -> str:
    """E.g. '2O 4five 6seven 89': digits, look-alike letters and spelled digits in pairs."""
    parts = []
    for i in range(0, len(digits), 2):
        pair = ""
        for d in digits[i : i + 2]:
            roll = rng.random()
            if roll < 0.35:
                pair += _SPELLED[rng.choice(["en", "da"])][int(d)]
            elif roll < 0.5 and d == "0":
                pair += "O"
            else:
                pair += d
        parts.append(pair)
    return " ".join(parts)


def with_contact(rng: random.Random, text: str, phone: str, handle: str | None) -> str:
    """Put the obfuscated phone into its slot and, for some personas, a messenger handle or e-mail."""
    text = text.replace("{phone}", render_phone(rng, phone))
    if handle and rng.random() < 0.7:
        app, user = handle.split(":", 1)
        text += rng.choice([f" {app.title()}: @{user}", f" {app}: {user}", f" Skriv på {app.title()} {user}"])
    elif rng.random() < 0.1:
        user = rng.choice(["kiss", "sweet", "rose"]) + str(rng.randrange(100_000, 100_000_000))
        text += f" {rng.choice(['Mail', 'E-mail'])}: {user}@mail.example"
    return text


def add_boilerplate(site: str, text: str) -> str:
    return text + "\n\n" + _BOILERPLATE[site]


def title(rng: random.Random, persona: _Persona, city: str, language: str) -> str:
    name, age, nat = persona.name, persona.age, persona.nationality
    options = {
        "da": [f"{name} {age} – ny i {city}", f"Sød {nat} pige i {city}", f"{name}, {city}"],
        "en": [f"{name} {age} new in {city}", f"Sweet {nat} girl in {city}", f"{name}, {city}"],
    }
    return rng.choice(options[language])


# -- synthetic pictures (random shapes and gradients, never faces) ----------------------------------

PICTURE_SIZE = (96, 128)


def picture(seed: int) -> Any:
    """The base picture of one picture identity: a gradient and random shapes, fixed by ``seed``."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)  # noqa: S311 - synthetic data
    width, height = PICTURE_SIZE
    image = Image.new("RGB", PICTURE_SIZE)
    top = [rng.randrange(256) for _ in range(3)]
    bottom = [rng.randrange(256) for _ in range(3)]
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    for _ in range(rng.randrange(5, 10)):
        x0, y0 = rng.randrange(-20, width), rng.randrange(-20, height)
        box = [x0, y0, x0 + rng.randrange(15, 60), y0 + rng.randrange(15, 70)]
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = rng.randrange(3)
        if shape == 0:
            draw.ellipse(box, fill=colour)
        elif shape == 1:
            draw.rectangle(box, fill=colour)
        else:
            draw.polygon([(box[0], box[3]), (box[2], box[3]), ((box[0] + box[2]) // 2, box[1])], fill=colour)
    return image


def picture_variant(seed: int, rng: random.Random) -> bytes:
    """A re-posted copy of picture ``seed``: cropped, maybe mirrored, maybe overlaid, re-encoded as JPEG."""
    from PIL import ImageDraw, ImageEnhance, ImageOps

    image = picture(seed)
    width, height = PICTURE_SIZE
    box = (
        rng.randrange(0, 3),
        rng.randrange(0, 4),
        width - rng.randrange(0, 3),
        height - rng.randrange(0, 4),
    )
    image = image.crop(box)
    if rng.random() < 0.3:
        image = ImageOps.mirror(image)
    if rng.random() < 0.3:
        draw = ImageDraw.Draw(image)
        x, y = rng.randrange(0, image.width - 30), rng.randrange(0, image.height - 14)
        draw.rectangle([x, y, x + 28, y + 12], fill=(255, 255, 255))
        draw.text((x + 2, y), rng.choice(["NEW", "NY", "VIP", "HOT"]), fill=(200, 0, 60))
    if rng.random() < 0.3:
        image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.85, 1.15))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=rng.randrange(55, 93))
    return out.getvalue()
