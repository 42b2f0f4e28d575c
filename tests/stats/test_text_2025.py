"""The generated text for the 2025 edition's numbers reads as CMM's 2025 publication does.

The report carries the 2025 figures as published; the expected sentences are quoted from the
publication. Where Spor's wording deliberately differs, the test says why.
"""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.test import SimpleTestCase

from spor.stats.extract import tables_from_folder
from spor.stats.publication import Section, sections
from spor.stats.report import build_report
from spor.stats.text import about, change, count, headline_share, number, share
from tests.stats.folders import definitions_folder

pytestmark = pytest.mark.nodb


def report_2025(base: dict[str, Any]) -> dict[str, Any]:
    """A report with the 2025 edition's published figures."""
    r = copy.deepcopy(base)
    r["year"] = 2025
    r["inquiries"].update(total=517, change_pct=40, self_referred_persons=84, self_referred_identified=8)
    r["inquiries"]["by_channel"] = {"hotline": 243, "email": 200, "other": 74}
    r["assessed"].update(total=369, change_pct=20)
    i = r["identified"]
    i.update(total=101, change_pct=29, repeat=0)
    i["by_contact_actor_type"] = dict.fromkeys(i["by_contact_actor_type"], 0) | {"police": 48, "dis": 30, "ngo": 23}
    i["by_exploitation"] = {"sexual": 55, "forced_labour": 27, "criminal": 8, "slavery_like": 6, "organ_removal": 0,
                            "other": 0, "undetermined": 5}  # fmt: skip
    i["by_gender"] = {"female": 78, "male": 23, "trans": 0, "unknown": 0}
    zero = dict.fromkeys(i["by_exploitation"], 0)
    i["by_gender_exploitation"]["female"] = zero | {"sexual": 51, "forced_labour": 16, "slavery_like": 6, "criminal": 1}
    i["by_gender_exploitation"]["male"] = zero | {"forced_labour": 11, "criminal": 7, "sexual": 4, "undetermined": 1}
    i["age"] = {"min": 15, "max": 59, "mean": 32.8, "under_18": 1, "under_25": 23, "unknown": 0}
    i["nationalities"] = {"count": 31, "by_code": {"TH": 24, "UA": 11, "VN": 9, "RO": 8, "NG": 8},
                          "first_time": ["LA", "MD", "MX", "RU-CE"]}  # fmt: skip
    r["returns"].update(total=49, cohort=35, earlier_cohorts=14)
    r["returns"]["cohort_by_gender"] = {"female": 28, "male": 7, "trans": 0, "unknown": 0}
    r["returns"]["cohort_by_origin"] = {"TH": 9, "RO": 6, "UA": 5, "NG": 3, "VN": 2}
    r["assessed"]["funded_ngos"] = {"AmiAmi": 5, "HopeNow": 4, "Reden International": 5}
    r["assessed"]["by_nationality"] = {"TH": 119, "NG": 40, "RO": 30}
    i["nationalities"]["by_code"]["TH"] = 24
    people = {"adult": 0, "minor": 0, "unknown": 0}
    none = {g: dict(people) for g in ("female", "male", "trans", "unknown")}
    gea = {form: {g: dict(people) for g in none} for form in i["by_exploitation_detail"]}
    gea["sexual_prostitution"]["female"].update(adult=46, minor=1)
    gea["sexual_prostitution"]["male"].update(adult=3)
    gea["sexual_other"]["female"].update(adult=4)
    gea["sexual_other"]["male"].update(adult=1)
    gea["forced_labour"]["female"].update(adult=16)
    gea["forced_labour"]["male"].update(adult=11)
    gea["criminal"]["female"].update(adult=1)
    gea["criminal"]["male"].update(adult=7)
    gea["slavery_like"]["female"].update(adult=6)
    gea["undetermined"]["male"].update(adult=1)
    i["by_exploitation_gender_age"] = gea
    r["status_end_of_year"] = {"prepared_return": 35, "receiving_support": 33, "left_on_own": 3,
                               "left_with_ticket_support": 2, "declined_or_absent": 21, "residence_granted": 5,
                               "dublin_transfer": 2, "other": 0, "unknown": 0}  # fmt: skip
    r["police_reports"] = {"persons": 27, "by_legal_basis": {"262a": 26, "262b": 1, "other": 0}}
    r["series"]["identified"] = {"2007": 17, "2024": 78, "2025": 101}
    r["series"]["identified_cumulative"] = 1412
    r["warnings"] = []
    return r


class Text2025Tests(SimpleTestCase):
    sections: ClassVar[dict[str, Section]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        with tempfile.TemporaryDirectory() as tmp:
            tables = tables_from_folder(definitions_folder(Path(tmp)))
        base = build_report(tables, 2025, report_date=dt.date(2026, 4, 1))
        cls.report = report_2025(base)
        cls.sections = {s.key: s for s in sections(cls.report, "da")}

    def text(self, key: str) -> str:
        return " ".join(self.sections[key].paragraphs)

    def test_it_writes_the_identified_paragraph(self) -> None:
        self.assertEqual(self.sections["identified"].title, "101 personer er vurderet udsat for menneskehandel")
        self.assertIn(
            "I 2025 er 101 personer vurderet udsat for menneskehandel af de danske myndigheder. Det er en stigning "
            "på 29 pct. sammenholdt med 2024. I perioden 2007-2025 er i alt 1412 personer vurderet udsat for "
            "menneskehandel i Danmark.",
            self.text("identified"),
        )

    def test_it_writes_the_inquiries_paragraphs(self) -> None:
        self.assertEqual(self.sections["inquiries"].title, "Flere henvendelser")
        text = self.text("inquiries")
        # The publication writes "40 pct" here without the full stop it uses elsewhere; Spor is consistent.
        self.assertIn(
            "I 2025 modtog centret 517 henvendelser om mulig menneskehandel; heraf 243 på hotlinen og 274 på anden "
            "vis, fx via mail. Det er en stigning i antal henvendelser om mulig menneskehandel på 40 pct. "
            "sammenholdt med 2024.",
            text,
        )
        self.assertIn(
            "I 2025 henvendte 84 personer sig selv til Center mod Menneskehandel. Otte af dem blev vurderet udsat "
            "for menneskehandel.",
            text,
        )

    def test_it_writes_the_assessed_paragraph(self) -> None:
        self.assertEqual(self.sections["assessed"].title, "369 personer udredt for menneskehandel")
        self.assertEqual(
            self.sections["assessed"].paragraphs[1],
            # CMM: "I 2025 er 119 personer fra Thailand udredt for menneskehandel, og af dem blev 24 personer
            # vurderet udsat for menneskehandel." Spor says "samme år": the cohort need not be those assessed.
            "Flest af de udredte kommer fra Thailand: I 2025 er 119 personer fra Thailand udredt for menneskehandel. "
            "Samme år blev 24 personer fra Thailand vurderet udsat for menneskehandel.",
        )
        self.assertEqual(
            self.sections["assessed"].paragraphs[0],
            "I 2025 har Center mod Menneskehandel afholdt udredende samtaler med 369 personer, der kunne være udsat "
            "for menneskehandel. Det er en stigning på 20 pct. sammenholdt med antal personer udredt for "
            "menneskehandel i 2024.",
        )

    def test_it_writes_the_contact_actor_share(self) -> None:
        self.assertEqual(
            self.sections["contact"].paragraphs,
            [
                "Knap halvdelen af de 101 personer, der blev vurderet udsat for menneskehandel i 2025, blev henvist "
                "til Center mod Menneskehandel af politiet.",
                "De tre NGO'er, der modtager midler fra handlingsplanen til bekæmpelse af menneskehandel – AmiAmi, "
                "HopeNow og Reden International – har tilsammen henvist 14 personer til udredning hos Center mod "
                "Menneskehandel.",
            ],
        )

    def test_it_writes_the_exploitation_paragraphs(self) -> None:
        self.assertEqual(self.sections["exploitation"].title, "Mere end halvdelen er handlet til seksuel udnyttelse")
        text = self.text("exploitation")
        self.assertIn("Af de 101 personer udsat for menneskehandel i 2025 er 55 handlet til seksuel udnyttelse.", text)
        # CMM: "47 kvinder og tre mænd er udnyttet til prostitution. Fire kvinder og én mand er udnyttet til
        # anden seksuel udnyttelse. [...] Alle på nær en 15-årig pige er over 18 år."
        self.assertIn("47 kvinder og tre mænd er udnyttet til prostitution.", text)
        self.assertIn("Fire kvinder og én mand er udnyttet til anden seksuel udnyttelse.", text)
        self.assertIn("Én af dem er under 18 år.", text)
        # CMM: "Alle 27 personer er over 18 år."
        self.assertIn("Alle 27 personer er over 18 år.", text)
        self.assertIn("27 personer er handlet til tvangsarbejde, heraf er 16 kvinder og 11 mænd.", text)
        # CMM: "Otte personer er udnyttet til strafbare handlinger. Heraf er én kvinde og syv er mænd."
        self.assertIn("Otte personer er udnyttet til strafbare handlinger, heraf er én kvinde og syv mænd.", text)
        self.assertIn("Seks personer er udnyttet under slaverilignende forhold.", text)

    def test_it_writes_the_gender_paragraph(self) -> None:
        # 78 of 101 is 77 %, just over three quarters: "godt". The publication's "knap tre fjerdedele"
        # would mean just under; Spor uses the words in their strict sense.
        self.assertEqual(self.sections["gender"].title, "Kvinder udgør godt tre fjerdedele")
        # The publication splits sexual exploitation into prostitution (47) and other (4); report.json
        # crosses gender with the exploitation groups, so Spor says 51 in one.
        self.assertEqual(
            self.sections["gender"].paragraphs,
            [
                "78 kvinder og 23 mænd er vurderet udsat for menneskehandel i 2025.",
                "51 af de 78 kvinder er udsat for seksuel udnyttelse, 16 er udnyttet til tvangsarbejde, seks er "
                "udnyttet under slaverilignende forhold og én er udnyttet til strafbare handlinger.",
                "11 af de 23 mænd er udnyttet til tvangsarbejde, syv er udnyttet til strafbare handlinger, fire er "
                "udsat for seksuel udnyttelse og én har en uafklaret udnyttelsesform.",
            ],
        )

    def test_it_writes_the_age_paragraph(self) -> None:
        # CMM's headline for 23 of 101 (22.8 %).
        self.assertEqual(self.sections["age"].title, "Næsten hver fjerde er under 25 år")
        text = self.text("age")
        self.assertIn(
            "De 101 personer, der er vurderet udsat for menneskehandel i 2025, var på vurderingstidspunktet i "
            "alderen 15-59 år med en gennemsnitsalder på knap 33 år.",
            text,
        )
        self.assertIn(
            "23 personer var under 25 år, da de blev vurderet udsat for menneskehandel. Det svarer til knap en "
            "fjerdedel.",
            text,
        )

    def test_it_writes_the_nationality_paragraphs(self) -> None:
        self.assertEqual(self.sections["nationality"].title, "Ét land er dominerende")
        text = self.text("nationality")
        self.assertIn("De 101 personer udsat for menneskehandel i 2025 kommer fra 31 forskellige lande.", text)
        self.assertIn(
            "2025 er det første år, hvor personer fra Laos, Mexico, Moldova og Tjetjenien er vurderet udsat for "
            "menneskehandel i Danmark.",
            text,
        )

    def test_it_writes_the_returns_paragraphs(self) -> None:
        self.assertEqual(
            self.sections["returns"].paragraphs,
            [
                "Af de 101 personer, der er vurderet udsat for menneskehandel i 2025, er 35 hjemrejst med en "
                "forberedt hjemsendelse pr. 31. december 2025. 28 er kvinder, og syv er mænd.",
                "Statsborgere fra Thailand, Rumænien og Ukraine udgør den største gruppe, der har taget imod en "
                "forberedt hjemsendelse i 2025.",
                "14 personer, som blev vurderet udsat for menneskehandel før 2025, er også hjemrejst med en "
                "forberedt hjemsendelse i 2025. I alt er 49 personer hjemrejst med en forberedt hjemsendelse i 2025.",
            ],
        )

    def test_it_writes_the_status_paragraphs(self) -> None:
        paras = self.sections["status"].paragraphs
        self.assertEqual(
            paras[0],
            "35 af de 101 personer udsat for menneskehandel i 2025 rejste hjem med en forberedt hjemsendelse.",
        )
        self.assertIn(
            "33 personer modtog fortsat støtte fra handlingsplanen til bekæmpelse af menneskehandel ved udgangen af "
            "2025.",
            paras,
        )
        self.assertIn("21 personer takkede nej til støtte eller udeblev fra den tilbudte indkvartering.", paras)
        self.assertIn("Tre personer udrejste på egen hånd.", paras)
        self.assertIn("Fem personer blev meddelt ophold og overgik til anden støtte.", paras)
        self.assertIn("To personer blev udsendt i medfør af Dublinforordningen.", paras)

    def test_it_writes_the_police_paragraph(self) -> None:
        self.assertEqual(
            self.text("police"),
            "I 2025 har Center mod Menneskehandel bistået 27 af de 101 personer, der blev vurderet udsat for "
            "menneskehandel, med at indgive en anmeldelse. I 26 tilfælde blev der anmeldt for menneskehandel efter "
            "straffelovens § 262a, og i en af anmeldelserne blev der anmeldt for menneskeudnyttelse efter "
            "straffelovens § 262b.",
        )

    def test_it_writes_english(self) -> None:
        english = {s.key: s for s in sections(self.report, "en")}
        self.assertIn(
            "In 2025, 101 persons were identified as victims of human trafficking by the Danish authorities. That is "
            "an increase of 29 per cent compared with 2024.",
            " ".join(english["identified"].paragraphs),
        )
        self.assertEqual(english["age"].title, "Nearly one in four are under 25")
        self.assertEqual(english["gender"].title, "Women make up just over three quarters")
        self.assertIn("One person was under 18.", " ".join(english["age"].paragraphs))


class WordingTests(SimpleTestCase):
    def test_it_writes_numbers_under_ten_as_words(self) -> None:
        self.assertEqual([number(8, start=True), number(2), number(10), number(1412)], ["Otte", "to", "10", "1.412"])
        self.assertEqual(count(1, "man"), "én mand")
        self.assertEqual(count(3, "man"), "tre mænd")
        self.assertEqual(count(2, "woman", "en", start=True), "Two women")

    def test_it_approximates_shares_as_cmm_does(self) -> None:
        self.assertEqual(share(48, 101), "knap halvdelen")
        self.assertEqual(share(23, 101), "knap en fjerdedel")
        # Within 1.5 percentage points the fraction alone (CMM: "en fjerdedel" for 24 of 101 and 6 of 23).
        self.assertEqual(share(24, 101), "en fjerdedel")
        self.assertEqual(share(6, 23), "en fjerdedel")
        self.assertEqual(share(15, 23), "to tredjedele")
        self.assertEqual(share(29, 100), "godt en fjerdedel")
        self.assertEqual(share(78, 101), "godt tre fjerdedele")
        self.assertEqual(share(1, 2), "halvdelen")
        self.assertEqual(share(5, 5), "alle")
        self.assertEqual(share(40, 100), "40 pct.")
        self.assertEqual(about(32.8), "knap 33")
        self.assertEqual(about(30.0), "30")

    def test_headlines_say_every_nth_and_cirka_as_cmm_does(self) -> None:
        self.assertEqual(headline_share(23, 101), "Næsten hver fjerde")  # 2025: 22.8 %
        self.assertEqual(headline_share(27, 73), "Mere end hver tredje")  # 2022: 37.0 %
        self.assertEqual(headline_share(55, 101), "Mere end halvdelen")  # 2025: 54.5 %
        self.assertEqual(headline_share(48, 73), "To tredjedele")  # 2022: 65.8 %
        self.assertEqual(headline_share(73, 101), "Knap tre fjerdedele")  # 72.3 %
        self.assertEqual(headline_share(41, 100), "Cirka 40 pct.")
        self.assertEqual(headline_share(23, 101, "en"), "Nearly one in four")
        self.assertEqual(headline_share(41, 100, "en"), "About 40 per cent")
        # "Kvinder udgør ...": a fraction, not "hver fjerde".
        self.assertEqual(headline_share(23, 101, every=False), "Knap en fjerdedel")

    def test_it_names_increase_and_decrease(self) -> None:
        self.assertEqual(change(29, 2024), "Det er en stigning på 29 pct. sammenholdt med 2024.")
        self.assertEqual(change(-12, 2024), "Det er et fald på 12 pct. sammenholdt med 2024.")
        self.assertEqual(change(None, 2024), "")
