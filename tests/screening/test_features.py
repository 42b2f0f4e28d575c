"""Features of ad text and pictures: every phone obfuscation, words that must stay words.

See docs/screening-analysis.md#pipeline.
"""

from __future__ import annotations

import io
import random
import unittest

import polars as pl
import pytest
from PIL import ImageOps

from spor.screening.features import identifiers
from spor.screening.features.extract import ad_features
from spor.screening.features.images import NEAR_DISTANCE, dhash_hex, hamming, near_duplicate_pairs, phash_hex
from spor.screening.features.text import near_duplicate_texts
from spor.screening.generator import picture, picture_variant
from spor.screening.table import collapse_versions

pytestmark = pytest.mark.nodb

NUMBER = "+4522456789"


class PhoneObfuscationTests(unittest.TestCase):
    def assert_found(self, written: str, expected: str = NUMBER) -> None:
        self.assertEqual(identifiers.phones(f"Hej, ring {written} i dag"), [expected], written)

    def test_it_reads_plain_and_separated_numbers(self) -> None:
        for written in ("22 45 67 89", "22456789", "22-45-67-89", "22.45.67.89", "22/45/67/89", "(22) 45 67 89"):
            self.assert_found(written)

    def test_it_reads_country_prefixes(self) -> None:
        for written in ("+45 22 45 67 89", "0045 22456789", "+45-22-45-67-89", "4522456789"):
            self.assert_found(written)

    def test_it_reads_spelled_digits_in_danish_and_english(self) -> None:
        self.assert_found("to to fire fem seks syv otte ni")
        self.assert_found("two two four five six seven eight nine")
        self.assert_found("twotwo fourfive sixseven eightnine")

    def test_it_reads_mixed_digits_and_words(self) -> None:
        self.assert_found("22 4five 6seven 8ni")
        self.assert_found("2O 4five 6seven 89", "+4520456789")
        self.assert_found("fireO 11 5two 56", "+4540115256")

    def test_it_reads_look_alike_letters(self) -> None:
        self.assert_found("9I555647", "+4591555647")
        self.assert_found("2l 2O 45 67", "+4521204567")
        self.assert_found("5O 6O 45 67", "+4550604567")

    def test_it_reads_keycap_and_styled_digits(self) -> None:
        self.assert_found("2️⃣2️⃣4️⃣5️⃣6️⃣7️⃣8️⃣9️⃣")
        self.assert_found("２２４５６７８９")  # fullwidth
        self.assert_found("𝟐𝟐𝟒𝟓𝟔𝟕𝟖𝟗")  # mathematical bold
        self.assert_found("②②④⑤⑥⑦⑧⑨")  # circled

    def test_it_reads_spaced_digits_and_foreign_numbers(self) -> None:
        self.assert_found("2 2 4 5 6 7 8 9")
        self.assert_found("+40 721 234 567", "+40721234567")

    def test_it_separates_a_number_from_figures_next_to_it(self) -> None:
        self.assertEqual(identifiers.phones("Ring 22 45 67 89 24/7"), [NUMBER])
        self.assertEqual(identifiers.phones("22456789 eller 31 23 45 67"), [NUMBER, "+4531234567"])

    def test_it_leaves_ordinary_words_and_figures_alone(self) -> None:
        for text in (
            "Kun fire dage i Aarhus, to timer 1500 kr",
            "one night only, two hours, three girls",
            "Jeg er 23 år, 1 time 1500 kr, 2 timer 2500 kr",
            "ring en to tre gange",
            "Ioana, I love to see you, OK?",
            "Åbent hver dag 10-22, 30 min 800 kr",
            "fem seks syv",
        ):
            self.assertEqual(identifiers.phones(text), [], text)

    def test_it_knows_when_a_number_was_obscured(self) -> None:
        self.assertFalse(identifiers.is_obscured("Ring 22 45 67 89"))
        for written in ("to to fire fem seks syv otte ni", "9I555647", "2️⃣2️⃣4️⃣5️⃣6️⃣7️⃣8️⃣9️⃣"):
            self.assertTrue(identifiers.is_obscured(f"Ring {written}"), written)

    def test_it_reads_every_obfuscation_the_generator_writes(self) -> None:
        from spor.screening.generator import _Gen, render_phone

        gen = _Gen(rng=random.Random(41), noise=0.1, with_images=False)
        for _ in range(400):
            number = gen.phone()
            written = render_phone(gen.rng, number)
            self.assertEqual(identifiers.phones(f"Ring {written}. Kom forbi"), [number], written)


class IdentifierTests(unittest.TestCase):
    def test_it_finds_messenger_handles(self) -> None:
        text = "Telegram: @lina_dk, snapchat: kwan84, Skriv på Signal fah83, Line ID: nokbkk. A fine line of text"
        self.assertEqual(
            identifiers.handles(text), ["telegram:lina_dk", "snapchat:kwan84", "signal:fah83", "line:nokbkk"]
        )

    def test_it_finds_disguised_emails_and_urls(self) -> None:
        self.assertEqual(identifiers.emails("rose (at) mail (dot) example"), ["rose@mail.example"])
        self.assertEqual(identifiers.emails("kiss1234@mail.example."), ["kiss1234@mail.example"])
        self.assertEqual(identifiers.urls("se www.example.org/lina."), ["www.example.org/lina"])


def _ads(*texts: str, **fields: object) -> pl.DataFrame:
    from datetime import UTC, datetime

    rows = [
        {"site": "natlys", "ad_id": str(i), "url": "", "seen_at": datetime(2026, 9, 1, tzinfo=UTC), "title": "",
         "text": text, "city": None, "age": None, "name": None, "nationality": None, "price": None,
         "image_hashes": [], "phones": None, "emails": None, **fields}
        for i, text in enumerate(texts)
    ]  # fmt: skip
    return collapse_versions(rows)


class ClaimsAndIndicatorTests(unittest.TestCase):
    def test_it_reads_claims_from_the_text_when_fields_are_empty(self) -> None:
        features = ad_features(_ads("Hej søde, jeg hedder Lina og er 24 år. Sød thailandsk pige, ny i Odense."))
        row = features.row(0, named=True)
        self.assertEqual((row["claimed_name"], row["claimed_age"]), ("Lina", 24))
        self.assertEqual((row["claimed_nationality"], row["claimed_city"]), ("thai", "Odense"))
        self.assertEqual(row["language"], "da")

    def test_it_marks_indicators_from_the_data_file(self) -> None:
        features = ad_features(
            _ads("100% ægte billeder, ung og frisk. Ring to to fire fem seks syv otte ni", "New in town")
        )
        first, second = features["indicators"].to_list()
        self.assertTrue({"trustworthy", "youth_da", "obscured_phone"} <= set(first))
        self.assertEqual(second, ["movement_en"])


class PictureTests(unittest.TestCase):
    def _jpeg(self, image: object, quality: int = 90) -> bytes:
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=quality)  # type: ignore[attr-defined]
        return out.getvalue()

    def test_it_hashes_a_mirrored_copy_like_the_original(self) -> None:
        for seed in range(20):
            base = picture(seed)
            self.assertLessEqual(hamming(phash_hex(self._jpeg(base)), phash_hex(self._jpeg(ImageOps.mirror(base)))), 2)

    def test_it_keeps_reposted_copies_near_and_other_pictures_far(self) -> None:
        rng = random.Random(5)
        same = [hamming(phash_hex(picture_variant(s, rng)), phash_hex(picture_variant(s, rng))) for s in range(30)]
        other = [
            hamming(phash_hex(picture_variant(s, rng)), phash_hex(picture_variant(s + 100, rng))) for s in range(30)
        ]
        self.assertGreater(sum(d <= NEAR_DISTANCE for d in same), 20)
        self.assertEqual(sum(d <= NEAR_DISTANCE for d in other), 0)
        self.assertEqual(len(dhash_hex(picture_variant(1, rng))), 16)

    def test_multi_index_hashing_finds_exactly_the_pairs_within_the_distance(self) -> None:
        rng = random.Random(9)
        hashes = []
        for _ in range(60):
            base = rng.getrandbits(64)
            hashes.append(f"{base:016x}")
            for _ in range(rng.randrange(0, 3)):
                noisy = base
                for bit in rng.sample(range(64), rng.randrange(0, 16)):
                    noisy ^= 1 << bit
                hashes.append(f"{noisy:016x}")
        found = {tuple(p) for p in near_duplicate_pairs(pl.Series(hashes), distance=8).iter_rows()}
        brute = {
            (i, j) for i in range(len(hashes)) for j in range(i + 1, len(hashes)) if hamming(hashes[i], hashes[j]) <= 8
        }
        self.assertEqual(found, brute)


class TextTests(unittest.TestCase):
    def test_it_pairs_a_template_with_substitutions_but_not_boilerplate_alone(self) -> None:
        template = (
            "Hej jeg hedder {} og er {} år. Jeg tilbyder rygmassage og tantra i min private lejlighed i centrum. "
            "Åbent hver dag fra morgen til aften, kom og besøg mig, jeg venter på dig med kys."
        )
        boiler = "Natlys – annoncen er oprettet af annoncøren selv."
        texts = [
            template.format("Lina", 22),
            template.format("Mai", 25).replace("aften", "nat"),
            "Kort og godt. " + boiler,
        ]
        texts += [f"Helt anden tekst nummer {i} om vejret, havet, skoven og bøger {boiler}" for i in range(60)]
        frame = pl.DataFrame(
            {"row": range(len(texts)), "site": "natlys", "text": texts, "poster": [str(i) for i in range(len(texts))]}
        )
        pairs = near_duplicate_texts(frame.cast({"row": pl.Int64}))
        self.assertIn((0, 1), {(i, j) for i, j, _ in pairs.iter_rows()})
        self.assertFalse(any(2 in (i, j) for i, j, _ in pairs.iter_rows()))
