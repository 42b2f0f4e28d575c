"""Synthetic names, variants, phones and document numbers for demo data."""

from __future__ import annotations

import random
import re
import unittest

import pytest

from spor.nationalities import is_valid
from spor.people import synthetic
from spor.people.names import normalise, normalise_phone, phonetic_key
from spor.people.synthetic import name_variant, synthetic_document_number, synthetic_name, synthetic_phone

pytestmark = pytest.mark.nodb

NATIONALITIES = [
    "NG",
    "RO",
    "TH",
    "VN",
    "UG",
    "PH",
    "UA",
    "BG",
    "CN",
    "KE",
    "ER",
    "SY",
    "AF",
    "MA",
    "LT",
    "PL",
    "HU",
    "RU-CE",
    "DK",
    "GH",
    "BR",
    "CO",
]


def draw(seed: int, count: int = 50) -> list[object]:
    rng = random.Random(seed)
    out: list[object] = []
    for _ in range(count):
        nationality = rng.choice(NATIONALITIES)
        given, family = synthetic_name(rng, nationality, rng.choice(["female", "male", "trans", "unknown"]))
        out += [(given, family), name_variant(rng, given, family), synthetic_phone(rng)]
        out.append(synthetic_document_number(rng))
    return out


class SyntheticNameTests(unittest.TestCase):
    def test_it_is_deterministic_for_a_seed(self) -> None:
        self.assertEqual(draw(7), draw(7))
        self.assertNotEqual(draw(7), draw(8))

    def test_it_has_modest_lists_for_every_listed_nationality(self) -> None:
        for nationality in NATIONALITIES:
            self.assertTrue(is_valid(nationality), nationality)
            for names in synthetic.names_for(nationality):
                self.assertTrue(15 <= len(set(names)) <= 30, (nationality, len(names)))

    def test_it_draws_from_the_nationality_and_gender(self) -> None:
        rng = random.Random(1)
        female, _, family = synthetic.names_for("UA")
        for _ in range(30):
            given, surname = synthetic_name(rng, "UA", "female")
            self.assertIn(given, female)
            self.assertIn(surname, family)
        given, _ = synthetic_name(rng, "TH", "male")
        self.assertIn(given, synthetic.names_for("TH")[1])

    def test_it_falls_back_for_other_nationalities(self) -> None:
        given, family = synthetic_name(random.Random(1), "XK", "female")
        self.assertIn(given, synthetic.names_for("ZZ")[0])
        self.assertTrue(family)


class NameVariantTests(unittest.TestCase):
    def test_it_always_differs_but_stays_close(self) -> None:
        rng = random.Random(3)
        for _ in range(300):
            nationality = rng.choice(NATIONALITIES)
            given, family = synthetic_name(rng, nationality, rng.choice(["female", "male"]))
            variant = name_variant(rng, given, family)
            self.assertNotEqual(variant, (given, family))
            original_tokens = set(normalise(f"{given} {family}"))
            variant_tokens = set(normalise(" ".join(variant)))
            # At least one token survives exactly: a variant changes one thing at a time.
            self.assertTrue(original_tokens & variant_tokens or original_tokens == variant_tokens, variant)

    def test_it_respells_known_transliterations_phonetically_alike(self) -> None:
        rng = random.Random(5)
        spellings = {"Muhammad", "Mohamad", "Mohamed", "Muhammed", "Mohammad"}
        respelled = {given for given, _ in (name_variant(rng, "Mohammed", "Al-Hassan") for _ in range(60))} & spellings
        self.assertTrue(respelled)
        for given in respelled:
            self.assertEqual(phonetic_key(normalise(given)[0]), phonetic_key("mohammed"))

    def test_it_drops_diacritics_or_swaps_order_of_vietnamese_names(self) -> None:
        rng = random.Random(11)
        variants = {name_variant(rng, "Thị Lan", "Nguyễn") for _ in range(60)}
        self.assertIn(("Thi Lan", "Nguyen"), variants)
        self.assertIn(("Nguyễn", "Thị Lan"), variants)


class ContactDetailTests(unittest.TestCase):
    def test_it_writes_valid_danish_mobile_numbers_in_several_formats(self) -> None:
        rng = random.Random(2)
        phones = [synthetic_phone(rng) for _ in range(200)]
        for phone in phones:
            normalised = normalise_phone(phone)
            self.assertIsNotNone(normalised, phone)
            self.assertRegex(normalised or "", r"^\+45[2-9]\d{7}$")
        self.assertGreater(len({re.sub(r"\d", "9", p) for p in phones}), 4)

    def test_it_makes_passport_like_document_numbers(self) -> None:
        rng = random.Random(4)
        numbers = {synthetic_document_number(rng) for _ in range(100)}
        self.assertEqual(len(numbers), 100)
        for number in numbers:
            self.assertRegex(number, r"^[A-Z]{2}\d{7}$")
