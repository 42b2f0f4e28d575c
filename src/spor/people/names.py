"""Names and phone numbers for the blind index and duplicate detection (docs/architecture.md#blind-index).

Names are encrypted at rest, so search and duplicate detection never look at them: they work on a
*blind index*, keyed hashes (HMAC-SHA256) of normalised name tokens and of their phonetic keys.
The database holds only the hashes; without the key (SPOR_BLIND_INDEX_KEY) a token cannot even be
checked against a guess.

Three layers, each a pure function:
- `normalise`: the spelling-independent tokens of a name (case, diacritics, punctuation);
- `phonetic_key`: a key under which common Latin-script transliteration variants of the same
  name collide (Mohammed/Muhammad, Yusuf/Youssef, Siriporn/Siripon);
- `blind_tokens` / `search_tokens` / `phone_tokens`: the keyed hashes, and `name_similarity` /
  `duplicate_score` computed over hashes alone.

Names in another script (Cyrillic, Greek, Arabic, Thai, ...) are also transliterated to Latin
(`latin_spellings`, with `anyascii` and a few script rules), so that Олена Шевченко and Olena
Shevchenko share tokens; a consonant `skeleton` lets names written without vowels (Arabic محمد,
romanised "mhmd") meet their vowelled Latin spellings (Mohammed, Muhammad). See
docs/architecture.md#blind-index.

Stored tokens look like "n:<32 hex>" (exact token), "p:<32 hex>" (phonetic key), "s:<32 hex>"
(consonant skeleton) or "t:<32 hex>" (telephone). The visible kind letter lets similarity weight
exact matches above phonetic ones; it reveals nothing about the name. Every token is at most 34 characters.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable
from datetime import date

import phonenumbers
from anyascii import anyascii

# --- normalisation --------------------------------------------------------------------------

#: Letters that Unicode decomposition does not reduce to a base letter plus a mark. Å becomes
#: "aa", the Danish and Norwegian spelling before 1948 and still in names (Aase/Åse, Aalborg), so
#: both spellings of a Danish name give the same token. Ø -> o and Æ -> ae follow the same usage.
_FOLD = str.maketrans(
    {
        "å": "aa",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ı": "i",
        "þ": "th",
        "ħ": "h",
    }
)

#: Apostrophes (straight, typographic, modifier letter, backtick) join: O'Neil -> oneil,
#: Ma'ruf -> maruf. Every other non-letter separates: Al-Hassan -> al, hassan.
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_SEPARATORS = re.compile(r"[^\w]+|[\d_]+")


def normalise(text: str) -> list[str]:
    """The tokens of a name: lower case, diacritics removed, split on punctuation.

    Tokens shorter than two letters (initials) are dropped; each token appears once, in the
    order of first appearance. Letters of non-Latin scripts are kept as they are (lower-cased,
    marks removed); they only ever match the same script.
    """
    text = text.casefold().translate(_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text)
    tokens: list[str] = []
    for token in _SEPARATORS.split(text):
        if len(token) >= 2 and token not in tokens:
            tokens.append(token)
    return tokens


# --- other scripts ---------------------------------------------------------------------------

#: Greek digraphs that anyascii spells letter by letter (ου -> "oy"); the usual Latin spelling.
_GREEK = [("ου", "ou"), ("αυ", "av"), ("ευ", "ev"), ("γγ", "ng"), ("γκ", "gk"), ("μπ", "b")]

#: The Ukrainian national romanisation (2010), which Ukrainian passports use: г is h, и is y, and
#: є ї й ю я are ye yi y yu ya at the start of a word, ie i i iu ia elsewhere. anyascii spells
#: Cyrillic the Russian way (Ганна -> Ganna); both spellings are indexed.
_UKRAINIAN_START = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UKRAINIAN = str.maketrans(
    {
        "г": "h",
        "ґ": "g",
        "и": "y",
        "і": "i",
        "є": "ie",
        "ї": "i",
        "й": "i",
        "ю": "iu",
        "я": "ia",
        "х": "kh",
        "ж": "zh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ь": "",
        "ъ": "",
        "'": "",
    }
)

# Thai is written with vowels before the consonant they follow in speech (เ แ โ ใ ไ), a silent
# letter marked by ์, and word-final consonants read differently from initial ones (ร ล -> n,
# ด ต ท ศ ษ ส จ ช -> t, บ พ -> p). RTGS, the official romanisation, writes them as spoken.
_THAI_LEADING = re.compile(r"([เแโใไ])([ก-ฮ])")
_THAI_SILENT = re.compile(r"[ก-ฮ][ิุ]?์")
_THAI_FINAL = [(re.compile(r"[รล]$"), "น"), (re.compile(r"[ดทธศษสจชซฐฏฎ]$"), "ต"), (re.compile(r"[บพภฟ]$"), "ป")]


def _is_latin(text: str) -> bool:
    return all(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in text if c.isalpha())


def _thai(word: str) -> str:
    word = _THAI_SILENT.sub("", _THAI_LEADING.sub(r"\2\1", word))
    for pattern, replacement in _THAI_FINAL:
        word = pattern.sub(replacement, word)
    return word


def _ukrainian(word: str) -> str:
    word = _UKRAINIAN_START.get(word[:1], word[:1]) + word[1:]
    return word.translate(_UKRAINIAN)


def latin_spellings(text: str) -> list[str]:
    """Latin-script spellings of a name written (partly) in another script; [] for a Latin name.

    anyascii transliterates every script; Greek digraphs, Thai word order and final consonants and
    the Ukrainian national romanisation are added by the rules above.
    """
    if _is_latin(text):
        return []
    lowered = text.casefold()
    words = lowered.split()
    spellings = [anyascii(" ".join(_thai(w) for w in words))]
    greek = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
    for digraph, latin in _GREEK:
        greek = greek.replace(digraph, latin)
    if any("GREEK" in unicodedata.name(c, "") for c in lowered):
        spellings.append(anyascii(greek))
    if any("CYRILLIC" in unicodedata.name(c, "") for c in lowered):
        spellings.append(anyascii(" ".join(_ukrainian(w) for w in words)))
    return [s for i, s in enumerate(spellings) if s not in spellings[:i]]


# --- phonetic key ---------------------------------------------------------------------------

# The phonetic key keeps the consonant skeleton of a token and only a little of its vowels,
# because Latin-script transliteration of Arabic, Cyrillic, Thai, Vietnamese and Tigrinya names
# varies above all in vowels (Mohammed/Muhammad, Olena/Alena, Hussein/Husain) and in a few
# consonant digraphs (kh/ch/h, ph/f, sh/sch/s, y/j/i before a vowel). The rules below, applied in
# order, are each there for such a variant; precision is kept by leaving distinct consonants
# distinct (t/d, k/g, s/sh are NOT merged across the board) and by keeping two vowel facts:
#   - the first vowel group of a token that begins with a consonant, in three classes
#     (a | e i y | o u): Hussein/Hosein stay apart from Hassan, Mohammed from Mahmoud (below);
#   - the final vowel group in the same three classes: Maria/Mario, Anna/Anne stay apart.
# Every other vowel group becomes "a", and a vowel at the start of a token is folded too, so
# Olena/Elena/Alena and Oksana/Aksana collide, as Slavic spellings do. Upper-case letters in a key
# are sound classes: C (ch as in Somchai, cz, cs), J (y/j glide), N (Vietnamese final -nh).
_PHONETIC_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"^ye", "e"),  # Yekaterina/Ekaterina, Yelena/Elena, Yevgeny/Evgeny (Russian е)
        (r"^[iy](?=[aeiou])", "J"),  # Iuliana/Yuliana, Ioana/Joana, Yusuf/Jusuf
        (r"iy(?=[aeiou])", "i"),  # Nadiya/Nadia, Mariya/Maria, Nataliya/Natalia
        (r"y(?=[aeiou])", "J"),  # Maya/Maja, Nguyen
        (r"dzh|dj|dsch|zh|j", "J"),  # Dzhamal/Djamal/Jamal, Zhanna/Janna
        (r"tsch|tch|cz|cs", "C"),  # German tsch, English tch, Polish cz, Hungarian cs: "church"
        (r"sch|sh|sz", "s"),  # Shevchenko/Schevchenko, Szabo/Sabo (Hungarian sz is s)
        (r"ch(?=[aeiouy])", "C"),  # Somchai/Somchay, Chukwu, Chen
        (r"ch|kh", "h"),  # Achmed/Ahmed, Khaled/Haled: the guttural, often written as h
        (r"ph", "f"),
        (r"th", "t"),  # Thi/Ti; Thanh/Tan stay apart by -nh below
        (r"dh", "d"),
        (r"gh", "g"),
        (r"bh", "b"),
        (r"nh$", "N"),  # Vietnamese final -nh (Thanh, Lanh) is not -n
        (r"orn", "on"),  # Thai -porn/-pon (Siriporn/Siripon, Pornthip/Ponthip): silent r
        (r"ck|q", "k"),
        (r"c(?=[eiy])", "s"),  # Cecilia/Sesilia
        (r"c", "k"),  # Kovalenco/Kovalenko, Marco/Marko
        (r"x", "ks"),  # Alexander/Aleksander, Oxana/Oksana
        (r"z", "s"),  # Aziz/Asis, Elizabeth/Elisabeth
        (r"w", "v"),  # Oluwaseun, Wojciech/Vojciech, Olexiy/Oleksiy
        # h survives only at the start and between vowels (Mohammed, Muhammad); elsewhere it
        # is a transliteration mark (Ahmed/Ahmad, Abdullah/Abdulla, Hussein/Husein).
        (r"(?<=.)h(?![aeiouy])|(?<=[^aeiouy])h", ""),
        (r"(.)\1+", r"\1"),  # doubled letters: Hussein/Husein, Anna/Ana
    ]
]

_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def _vowel_class(group: str) -> str:
    """a | e (e, i, y) | o (o, u), from the group's last letter: -ai, -ay and -ey end alike."""
    last = group[-1]
    return "a" if last == "a" else "o" if last in "ou" else "e"


def phonetic_key(token: str) -> str:
    """A key shared by common Latin-script transliteration variants of a name token.

    Expects a token from `normalise`. Typos are not variants: Kovalenko/Kovalemko get different
    keys (exact-token and date agreement carry those in `duplicate_score`).
    """
    for pattern, replacement in _PHONETIC_RULES:
        token = pattern.sub(replacement, token)
    groups = list(_VOWEL_GROUPS.finditer(token))
    out, position = [], 0
    for index, match in enumerate(groups):
        out.append(token[position : match.start()])
        if match.end() == len(token) or (index == 0 and match.start() > 0):
            out.append(_vowel_class(match.group()))
        else:
            out.append("a")
        position = match.end()
    out.append(token[position:])
    return "".join(out)


_SKELETON_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"dzh|dj|dsch|zh|j", "J"),
        (r"tsch|tch|cz|cs|ch", "C"),
        (r"sch|sh|sz", "s"),
        (r"kh|ck|q|c", "k"),
        (r"ph", "p"),  # Thai and Indic aspirates: Siriphon/Siriporn
        (r"th", "t"),
        (r"dh", "d"),
        (r"gh", "g"),
        (r"bh", "b"),
        (r"orn", "on"),
        (r"x", "ks"),
        (r"z", "s"),
        (r"[aeiouyw]+", ""),  # w and y are long vowels in Arabic script (محمود -> "mhmwd")
        (r"(?<=[^h])h$", ""),  # Fatimah/Fatima, Abdullah/Abdulla, فاطمة -> "ftmh"
        (r"(.)\1+", r"\1"),
    ]
]


def skeleton(token: str) -> str:
    """The consonants of a token, for names written without vowels (Arabic, Hebrew) and Thai.

    Coarser than `phonetic_key` (Mahmoud and Mohammed share "mhmd"): similarity weights it below
    the phonetic key (SKELETON_SHARE).
    """
    for pattern, replacement in _SKELETON_RULES:
        token = pattern.sub(replacement, token)
    return token


# --- blind index ----------------------------------------------------------------------------

EXACT, PHONETIC, SKELETON, PHONE = "n", "p", "s", "t"
_NAME_KINDS = (EXACT, PHONETIC, SKELETON)


def _hash(kind: str, value: str, key: bytes) -> str:
    # The kind goes into the hashed message as well, so an exact token and a phonetic key with
    # the same letters never produce the same hash.
    digest = hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest[:32]}"


def name_keys(text: str) -> set[tuple[str, str]]:
    """The plain (kind, value) pairs behind `blind_tokens`; never stored, only hashed."""
    keys: set[tuple[str, str]] = set()
    original = normalise(text)
    keys |= {(EXACT, token) for token in original}
    for spelling in [text, *latin_spellings(text)]:
        for token in normalise(spelling):
            if not _is_latin(token):
                continue  # the script's own letters match as exact tokens only
            keys |= {(EXACT, token), (PHONETIC, phonetic_key(token))}
            consonants = skeleton(token)
            if len(consonants) >= 3:  # shorter skeletons (Lan, Olena: "ln") say too little
                keys.add((SKELETON, consonants))
    return keys


def blind_tokens(text: str, key: bytes) -> set[str]:
    """The blind-index tokens of a name: keyed hashes of its exact tokens, phonetic keys and
    consonant skeletons, in its own script and in Latin transliteration."""
    return {_hash(kind, value, key) for kind, value in name_keys(text)}


def search_tokens(query: str, key: bytes) -> set[str]:
    """The tokens to look up for a name search: exact and phonetic, as stored."""
    return blind_tokens(query, key)


BIRTH_DATE = "b"


def birth_date_token(birth_date: date | None, key: bytes) -> str:
    """The keyed hash of a birth date ("" for none): equal dates give equal tokens, nothing else
    can be read from it."""
    return _hash(BIRTH_DATE, birth_date.isoformat(), key) if birth_date else ""


def swapped_birth_date(birth_date: date | None) -> date | None:
    """The date with day and month swapped (a slip between date conventions), if it is another date."""
    if birth_date is None or birth_date.day == birth_date.month or birth_date.day > 12:
        return None
    return date(birth_date.year, birth_date.day, birth_date.month)


def normalise_phone(text: str, region: str = "DK") -> str | None:
    """A telephone number in E.164 (+4520123456), or None if it is not a valid number.

    Numbers without a country prefix are read as Danish.
    """
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_tokens(text: str, key: bytes) -> set[str]:
    """The blind-index token of a telephone number; empty if the number is not valid."""
    number = normalise_phone(text)
    return {_hash(PHONE, number, key)} if number else set()


# --- similarity and duplicates --------------------------------------------------------------

#: Share of the phonetic part in `name_similarity`; the rest rewards identical spelling.
PHONETIC_SHARE = 0.75
#: Weight of skeleton agreement against phonetic agreement: a shared skeleton alone (محمد and
#: Mohammed) counts this much of a shared phonetic key.
SKELETON_SHARE = 0.8


def _set_similarity(a: set[str], b: set[str]) -> float:
    """Mean of the Jaccard index (shared / all) and the overlap (shared / the smaller set)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return (shared / len(a | b) + shared / min(len(a), len(b))) / 2


def name_similarity(a_tokens: set[str], b_tokens: set[str]) -> float:
    """Similarity in [0, 1] of two persons' blind-token sets; phone tokens are ignored.

    PHONETIC_SHARE of it compares phonetic keys, the rest exact tokens, so "Muhammad Husain" is
    close to "Mohammed Hussein" and the same spelling is closer still. Each part is the mean of
    the Jaccard index and the overlap coefficient: the overlap keeps a name registered without its
    middle name ("Lan Nguyen" for "Nguyen Thi Lan"), or a merged person holding two spellings,
    close to a new registration; the Jaccard part keeps one shared common token from counting as
    a match.
    """
    by_kind: dict[str, tuple[set[str], set[str]]] = {kind: (set(), set()) for kind in _NAME_KINDS}
    for side, tokens in enumerate((a_tokens, b_tokens)):
        for token in tokens:
            if token[:1] in by_kind:
                by_kind[token[:1]][side].add(token)
    phonetic = max(_set_similarity(*by_kind[PHONETIC]), SKELETON_SHARE * _set_similarity(*by_kind[SKELETON]))
    exact = _set_similarity(*by_kind[EXACT])
    return PHONETIC_SHARE * phonetic + (1 - PHONETIC_SHARE) * exact


#: Weights of the three kinds of evidence in `duplicate_score`; they sum to 1.
NAME_WEIGHT, BIRTH_WEIGHT, NATIONALITY_WEIGHT = 0.55, 0.30, 0.15

#: A pair scoring at least this is offered to the caseworker as a possible duplicate. Chosen with
#: the planted-variant measurement in tests/people/test_names.py: a transliteration variant
#: (similarity about 0.75) passes with agreeing or unknown birth data; a one-letter typo in one of
#: two names (about 0.42) needs the same birth year and nationality, and then cannot be told from
#: another person with the same family name and birth year, one of them without a full date.
DUPLICATE_THRESHOLD = 0.55

_UNKNOWN_NATIONALITIES = {"ZZ", ""}


def birth_agreement_known(
    *, has_date: bool, other_has_date: bool, same_date: bool, swapped: bool, year: int | None, other_year: int | None
) -> float:
    """`birth_agreement` from what keyed tokens can tell: whether each side has a date, whether the
    dates are equal or day/month swaps of each other, and the two years (plain on Person)."""
    if same_date:
        return 1.0
    if swapped:
        return 0.8
    if year is None or other_year is None:
        return 0.4
    if has_date and other_has_date:
        return {0: 0.15, 1: 0.05}.get(abs(year - other_year), 0.0)
    return {0: 0.6, 1: 0.3}.get(abs(year - other_year), 0.0)


def birth_agreement(
    birth_date: date | None,
    other_birth_date: date | None,
    birth_year: int | None,
    other_birth_year: int | None,
) -> float:
    """How well two birth records agree, in [0, 1]; 0.4 (neutral) when either is unknown.

    Same date 1; day and month swapped (a slip between date conventions) 0.8; same year where one
    side gave only the year 0.6; years one apart with a date missing (an age given instead of a
    date) 0.3. Two full dates that differ contradict each other: 0.15 in the same year (a slip in
    the day), 0.05 a year apart, else 0.
    """
    same = birth_date is not None and birth_date == other_birth_date
    swapped = birth_date is not None and swapped_birth_date(birth_date) == other_birth_date
    return birth_agreement_known(
        has_date=birth_date is not None,
        other_has_date=other_birth_date is not None,
        same_date=same,
        swapped=swapped and other_birth_date is not None,
        year=birth_date.year if birth_date else birth_year,
        other_year=other_birth_date.year if other_birth_date else other_birth_year,
    )


def nationality_agreement(nationalities: Iterable[str], other_nationalities: Iterable[str]) -> float:
    """1 if the persons share a known nationality, 0.5 if either has none known, else 0."""
    mine = set(nationalities) - _UNKNOWN_NATIONALITIES
    theirs = set(other_nationalities) - _UNKNOWN_NATIONALITIES
    if not mine or not theirs:
        return 0.5
    return 1.0 if mine & theirs else 0.0


def duplicate_score(
    tokens: set[str],
    other_tokens: set[str],
    *,
    birth_date: date | None = None,
    other_birth_date: date | None = None,
    birth_year: int | None = None,
    other_birth_year: int | None = None,
    nationalities: Iterable[str] = (),
    other_nationalities: Iterable[str] = (),
    birth: float | None = None,
) -> float:
    """How likely two person records are the same person, in [0, 1], from plain values.

    A weighted sum of `name_similarity` over blind tokens, `birth_agreement` and
    `nationality_agreement` (weights NAME_WEIGHT, BIRTH_WEIGHT, NATIONALITY_WEIGHT). Compare with
    DUPLICATE_THRESHOLD. The caseworker confirms every link; the score only ranks suggestions.
    `birth` is the birth agreement when the caller computed it from keyed tokens
    (`birth_agreement_known`); the plain dates are then not needed.
    """
    if birth is None:
        birth = birth_agreement(birth_date, other_birth_date, birth_year, other_birth_year)
    return (
        NAME_WEIGHT * name_similarity(tokens, other_tokens)
        + BIRTH_WEIGHT * birth
        + NATIONALITY_WEIGHT * nationality_agreement(nationalities, other_nationalities)
    )
