"""Name normalisation, phonetic keys, the blind index and duplicate scoring (docs/architecture.md#blind-index)."""

from __future__ import annotations

import random
import unittest
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from spor.people import synthetic
from spor.people.names import (
    DUPLICATE_THRESHOLD,
    blind_tokens,
    duplicate_score,
    name_similarity,
    normalise,
    normalise_phone,
    phone_tokens,
    phonetic_key,
    search_tokens,
)

pytestmark = pytest.mark.nodb

KEY = b"test-blind-index-key"
OTHER_KEY = b"another-blind-index-key"


def key_of(name: str) -> str:
    (token,) = normalise(name)
    return phonetic_key(token)


class NormaliseTests(unittest.TestCase):
    def test_it_removes_case_and_diacritics(self) -> None:
        assert normalise("Nguyễn Thị Lan") == ["nguyen", "thi", "lan"]
        assert normalise("ŞTEFAN Lăcătuş") == ["stefan", "lacatus"]
        assert normalise("Łukasz Wiśniewski") == ["lukasz", "wisniewski"]

    def test_it_folds_danish_letters(self) -> None:
        assert normalise("Søren Ærø Åse") == ["soren", "aero", "aase"]
        assert normalise("Aase") == normalise("Åse")

    def test_it_splits_hyphens_and_joins_apostrophes(self) -> None:
        assert normalise("Al-Hassan") == ["al", "hassan"]
        assert normalise("O'Neil") == ["oneil"]
        assert normalise("D’Souza, Maria-José") == ["dsouza", "maria", "jose"]

    def test_it_drops_initials_and_repeats_in_stable_order(self) -> None:
        assert normalise("J. Lan  B Nguyen lan") == ["lan", "nguyen"]
        assert normalise("  ,. - ") == []


class PhoneticKeyTests(unittest.TestCase):
    SAME = [
        ["Mohammed", "Muhammad", "Mohamad", "Mohamed", "Muhammed"],
        ["Nguyễn", "Nguyen"],
        ["Somchai", "Somchay"],
        ["Siriporn", "Siripon"],
        ["Olena", "Elena", "Alena"],
        ["Oksana", "Aksana", "Oxana"],
        ["Iuliana", "Yuliana", "Juliana"],
        ["Ekaterina", "Yekaterina"],
        ["Ahmed", "Ahmad", "Achmed"],
        ["Hussein", "Husain", "Hussain", "Hosein"],
        ["Yusuf", "Youssef", "Yousef", "Jusuf"],
        ["Abdul", "Abdel", "Abdoul"],
        ["Abdullah", "Abdallah", "Abdulla"],
        ["Anna", "Ana"],
        ["Nadiya", "Nadia"],
        ["Shevchenko", "Schevchenko"],
        ["Kovalenko", "Kovalenco"],
        ["Dmitry", "Dmitriy", "Dmitrii"],
        ["Yevgeny", "Evgeniy"],
        ["Khaled", "Haled"],
    ]
    DIFFERENT = [
        ("Thanh", "Tan"),
        ("Chukwu", "Chukwuma"),
        ("Oluwaseun", "Oluwasegun"),
        ("Anna", "Hanne"),
        ("Maria", "Mario"),
        ("Anna", "Anne"),
        ("Mohammed", "Mahmoud"),
        ("Hussein", "Hassan"),
        ("Ekaterina", "Katerina"),
        ("Lan", "Linh"),
        ("Ivanov", "Ivanova"),
        ("Jensen", "Hansen"),
        ("Nielsen", "Olsen"),
        ("Kovalenko", "Kovalchuk"),
    ]

    def test_it_gives_transliteration_variants_one_key(self) -> None:
        for group in self.SAME:
            keys = {name: key_of(name) for name in group}
            assert len(set(keys.values())) == 1, keys

    def test_it_keeps_different_names_apart(self) -> None:
        for a, b in self.DIFFERENT:
            assert key_of(a) != key_of(b), (a, b, key_of(a))

    def test_it_keeps_most_synthetic_names_of_a_nationality_apart(self) -> None:
        # Precision over a whole name list: distinct names sharing a key flood caseworkers.
        for nationality in ["NG", "RO", "UA", "SY", "DK", "PL"]:
            female, male, family = synthetic.names_for(nationality)
            for listed in (female, male, family):
                tokens = {t for n in listed for t in normalise(n)}
                keys = {phonetic_key(t) for t in tokens}
                assert len(keys) >= len(tokens) - 1, (nationality, sorted(tokens))


class BlindTokenTests(unittest.TestCase):
    def test_it_hashes_exact_and_phonetic_tokens_and_skeletons(self) -> None:
        tokens = blind_tokens("Mohammed Ali", KEY)
        assert len(tokens) == 5  # "ali" has a one-letter skeleton, too short to keep
        assert {t[:2] for t in tokens} == {"n:", "p:", "s:"}
        assert all(len(t) == 34 for t in tokens)

    def test_it_reveals_no_name(self) -> None:
        for token in blind_tokens("Mohammed Ali Hassan", KEY):
            for clear in ["mohammed", "ali", "hassan", "mohamad", "hasan"]:
                assert clear not in token
            assert set(token[2:]) <= set("0123456789abcdef")

    def test_it_depends_on_the_key(self) -> None:
        assert blind_tokens("Olena Kovalenko", KEY).isdisjoint(blind_tokens("Olena Kovalenko", OTHER_KEY))

    def test_it_finds_spelling_variants_by_phonetic_token(self) -> None:
        stored = blind_tokens("Muhammad Yusuf", KEY)
        query = search_tokens("mohammed youssef", KEY)
        shared = stored & query
        assert len(shared) == 3 and {t[:2] for t in shared} == {
            "p:",
            "s:",
        }  # "mhmd"; Yusuf's skeleton "sf" is too short to keep
        assert search_tokens("Muhammad", KEY) < stored

    def test_it_never_confuses_a_name_with_its_key(self) -> None:
        # "ana" is both a token and the phonetic key of "Anna".
        exact = {t for t in blind_tokens("Ana", KEY) if t.startswith("n:")}
        phonetic = {t for t in blind_tokens("Anna", KEY) if t.startswith("p:")}
        assert exact.isdisjoint({t[2:] for t in phonetic} | phonetic)


class PhoneTests(unittest.TestCase):
    def test_it_normalises_danish_formats(self) -> None:
        for written in [
            "20 12 34 56",
            "20123456",
            "+45 20 12 34 56",
            "0045 2012 3456",
            "(+45) 2012-3456",
            "+4520123456",
        ]:
            assert normalise_phone(written) == "+4520123456", written

    def test_it_keeps_foreign_numbers(self) -> None:
        assert normalise_phone("+66 81 234 5678") == "+66812345678"

    def test_it_rejects_what_is_not_a_number(self) -> None:
        for written in ["", "abc", "12", "2012345", "+45 00 00 00 00"]:
            assert normalise_phone(written) is None, written
        assert phone_tokens("not a phone", KEY) == set()

    def test_it_hashes_the_same_number_alike_whatever_the_format(self) -> None:
        (token,) = phone_tokens("20 12 34 56", KEY)
        assert phone_tokens("+45 2012 3456", KEY) == {token}
        assert token.startswith("t:") and "20123456" not in token
        assert phone_tokens("20 12 34 56", OTHER_KEY) != {token}


class SimilarityTests(unittest.TestCase):
    def test_it_is_one_for_the_same_name_and_zero_for_nothing_shared(self) -> None:
        a = blind_tokens("Nguyen Thi Lan", KEY)
        assert name_similarity(a, blind_tokens("Lan NGUYỄN thị", KEY)) == 1.0
        assert name_similarity(a, blind_tokens("Olena Kovalenko", KEY)) == 0.0
        assert name_similarity(a, set()) == 0.0

    def test_it_ranks_exact_above_variant_above_other(self) -> None:
        a = blind_tokens("Mohammed Hussein", KEY)
        exact = name_similarity(a, blind_tokens("Mohammed Hussein", KEY))
        variant = name_similarity(a, blind_tokens("Muhammad Husain", KEY))
        partial = name_similarity(a, blind_tokens("Mohammed Hassan", KEY))
        assert exact > variant > partial > 0

    def test_it_ignores_phone_tokens(self) -> None:
        a = blind_tokens("Olena Kovalenko", KEY)
        with_phone = a | phone_tokens("20123456", KEY)
        assert name_similarity(a, with_phone) == 1.0


class DuplicateScoreTests(unittest.TestCase):
    def score(self, a: str, b: str, **kwargs: object) -> float:
        return duplicate_score(blind_tokens(a, KEY), blind_tokens(b, KEY), **kwargs)  # type: ignore[arg-type]

    def test_it_scores_a_variant_with_the_same_birth_date_above_the_threshold(self) -> None:
        born = date(1994, 3, 17)
        score = self.score(
            "Muhammad Hussein",
            "Mohammed Husain",
            birth_date=born,
            other_birth_date=born,
            nationalities=["SY"],
            other_nationalities=["SY", "TR"],
        )
        assert score >= DUPLICATE_THRESHOLD

    def test_it_scores_another_person_of_the_same_nationality_below(self) -> None:
        score = self.score(
            "Nguyen Thi Lan",
            "Nguyen Van Minh",
            birth_date=date(1994, 3, 17),
            other_birth_date=date(1991, 8, 2),
            nationalities=["VN"],
            other_nationalities=["VN"],
        )
        assert score < DUPLICATE_THRESHOLD

    def test_it_orders_birth_evidence(self) -> None:
        born = date(1994, 3, 7)
        evidence = [
            {"other_birth_date": born},
            {"other_birth_date": date(1994, 7, 3)},  # day and month swapped
            {"other_birth_year": 1994},  # year only
            {},  # nothing known
            {"other_birth_year": 1995},  # an age, one year off
            {"other_birth_date": born + timedelta(days=40)},  # two dates that contradict
            {"other_birth_date": date(1999, 3, 7)},
        ]
        scores = [
            self.score("Olena Kovalenko", "Olena Kovalenko", birth_date=born, **other)  # type: ignore[arg-type]
            for other in evidence
        ]
        assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores), scores

    def test_it_treats_unknown_as_neutral_and_contradiction_as_evidence_against(self) -> None:
        same, unknown, other = (
            self.score("Ana Silva", "Ana Silva", nationalities=["BR"], other_nationalities=theirs)
            for theirs in (["BR"], ["ZZ"], ["CO"])
        )
        assert same > unknown > other
        assert other >= 0.0 and same <= 1.0


@dataclass
class Record:
    index: int
    tokens: set[str]
    birth_date: date | None
    birth_year: int | None
    nationality: str


def make_population(rng: random.Random, size: int) -> tuple[list[Record], list[tuple[str, str]]]:
    records, full_names = [], []
    nationalities = [*synthetic._NAMES, "XK"]
    for index in range(size):
        nationality = rng.choice(nationalities)
        given, family = synthetic.synthetic_name(rng, nationality, rng.choice(["female", "male", "unknown"]))
        born = date(1970, 1, 1) + timedelta(days=rng.randrange(38 * 365))
        known_date = rng.random() < 0.8
        records.append(
            Record(index, blind_tokens(f"{given} {family}", KEY), born if known_date else None, born.year, nationality)
        )
        full_names.append((given, family))
    return records, full_names


def make_repeat(rng: random.Random, original: Record, full_name: tuple[str, str]) -> Record:
    """A second registration: a variant name and birth data as a repeat victim would give them.

    Mostly the same birth data as before; sometimes day and month swapped, the date not given
    (year only) or an age that puts the year one off.
    """
    given, family = synthetic.name_variant(rng, *full_name)
    birth_date, birth_year = original.birth_date, original.birth_year
    roll = rng.random()
    if birth_date and roll < 0.1 and birth_date.day <= 12:
        birth_date = birth_date.replace(month=birth_date.day, day=birth_date.month)
    elif roll < 0.2:
        birth_date = None
    elif roll < 0.25 and birth_year is not None:
        birth_date, birth_year = None, birth_year + rng.choice([-1, 1])
    return Record(-1, blind_tokens(f"{given} {family}", KEY), birth_date, birth_year, original.nationality)


def score(a: Record, b: Record) -> float:
    return duplicate_score(
        a.tokens,
        b.tokens,
        birth_date=a.birth_date,
        other_birth_date=b.birth_date,
        birth_year=a.birth_year,
        other_birth_year=b.birth_year,
        nationalities=[a.nationality],
        other_nationalities=[b.nationality],
    )


class DuplicateDetectionMeasurementTests(unittest.TestCase):
    def test_it_finds_planted_repeat_victims_with_few_false_candidates(self) -> None:
        rng = random.Random(20260101)
        population, full_names = make_population(rng, 500)
        originals = rng.sample(population, 100)
        found = false_candidates = 0
        for original in originals:
            repeat = make_repeat(rng, original, full_names[original.index])
            flagged = {r.index for r in population if score(repeat, r) >= DUPLICATE_THRESHOLD}
            found += original.index in flagged
            false_candidates += len(flagged - {original.index})
        recall = found / len(originals)
        precision = found / max(found + false_candidates, 1)
        message = f"recall {recall:.2f}, precision {precision:.2f}, false candidates {false_candidates}"
        assert recall >= 0.9, message
        assert precision >= 0.8, message
        print(message)
