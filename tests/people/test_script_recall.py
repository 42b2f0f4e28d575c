"""Recall of names across scripts (docs/architecture.md#blind-index): a name written in Cyrillic,
Greek, Arabic or Thai against its Latin spellings, as a search and as a duplicate suggestion.

The Latin spellings come from published romanisation tables written out here (BGN/PCGN for
Russian, the Ukrainian national system of 2010, a German-style spelling, ELOT 743 for Greek) and,
for Arabic and Thai, from usual spellings (Arabic) and the RTGS (Thai): none of them comes from
`spor.people.names`. `python -m pytest tests/people/test_script_recall.py -s` prints the figures.
"""

from __future__ import annotations

import itertools
import random
import unittest

from spor.people.names import DUPLICATE_THRESHOLD, blind_tokens, duplicate_score, search_tokens

KEY = b"recall-test-key"

RUSSIAN_BGN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "ye",
            "yo",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)
UKRAINIAN_2010 = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
        [
            "a",
            "b",
            "v",
            "h",
            "g",
            "d",
            "e",
            "ie",
            "zh",
            "z",
            "y",
            "i",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "iu",
            "ia",
        ],
        strict=True,
    )
)
# Ukrainian names as Russian-trained officials often write them (BGN/PCGN plus the Ukrainian letters).
UKRAINIAN_AS_RUSSIAN = {**RUSSIAN_BGN, "і": "i", "ї": "yi", "є": "ye", "ґ": "g"}
GERMAN_STYLE = {
    **RUSSIAN_BGN,
    "ж": "sch",
    "х": "ch",
    "ц": "z",
    "ч": "tsch",
    "ш": "sch",
    "щ": "schtsch",
    "в": "w",
    "й": "j",
    "ю": "ju",
    "я": "ja",
    "е": "e",
}
GREEK_ELOT = {
    "α": "a",
    "β": "v",
    "γ": "g",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "i",
    "θ": "th",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "m",
    "ν": "n",
    "ξ": "x",
    "ο": "o",
    "π": "p",
    "ρ": "r",
    "σ": "s",
    "ς": "s",
    "τ": "t",
    "υ": "y",
    "φ": "f",
    "χ": "ch",
    "ψ": "ps",
    "ω": "o",
    "ά": "a",
    "έ": "e",
    "ή": "i",
    "ί": "i",
    "ό": "o",
    "ύ": "y",
    "ώ": "o",
}
GREEK_DIGRAPHS = {"ου": "ou", "ού": "ou", "αι": "ai", "ει": "ei", "οι": "oi", "μπ": "b", "ντ": "nt", "γγ": "ng"}

RUSSIAN = [
    "Ольга Смирнова",
    "Наталья Кузнецова",
    "Екатерина Попова",
    "Юлия Васильева",
    "Дмитрий Соколов",
    "Сергей Морозов",
    "Ирина Волкова",
    "Алексей Лебедев",
    "Татьяна Козлова",
    "Светлана Новикова",
]
UKRAINIAN = [
    "Олена Шевченко",
    "Оксана Бондаренко",
    "Ганна Ковальчук",
    "Юлія Мельник",
    "Ірина Ткаченко",
    "Олександр Кравченко",
    "Наталія Олійник",
    "Людмила Поліщук",
    "Євгенія Савченко",
    "Марія Лисенко",
]
GREEK = [
    "Ελένη Παπαδοπούλου",
    "Γιώργος Νικολάου",
    "Μαρία Παπαδάκη",
    "Δημήτρης Γεωργίου",
    "Κατερίνα Οικονόμου",
    "Νίκος Αντωνίου",
    "Σοφία Μακρή",
    "Χρήστος Δημητρίου",
    "Αναστασία Βασιλείου",
    "Ιωάννα Καραγιάννη",
]
ARABIC = [
    ("محمد حسن", ["Mohammed Hassan", "Muhammad Hasan", "Mohamed Hassan"]),
    ("أحمد علي", ["Ahmed Ali", "Ahmad Aly"]),
    ("فاطمة حسين", ["Fatima Hussein", "Fatimah Husain"]),
    ("خالد عمر", ["Khaled Omar", "Khalid Umar"]),
    ("يوسف إبراهيم", ["Youssef Ibrahim", "Yusuf Ibrahim"]),
    ("محمود مصطفى", ["Mahmoud Mustafa", "Mahmud Mostafa"]),
    ("عبدالله كريم", ["Abdullah Karim", "Abdallah Kareem"]),
    ("مريم سمير", ["Maryam Samir", "Mariam Sameer"]),
    ("زينب نور", ["Zainab Nour", "Zaynab Noor"]),
    ("ليلى حداد", ["Layla Haddad", "Leila Hadad"]),
]
THAI = [
    ("สมชาย ใจดี", "Somchai Jaidee"),
    ("สมศักดิ์ ทองดี", "Somsak Thongdi"),
    ("ศิริพร บุญมา", "Siriphon Bunma"),
    ("สุดารัตน์ แก้วมณี", "Sudarat Kaeomani"),
    ("ประเสริฐ สุขใจ", "Prasoet Sukchai"),
    ("มาลี ศรีสุข", "Mali Sisuk"),
    ("วิไล รุ่งเรือง", "Wilai Rungrueang"),
    ("นิภา พรหมมา", "Nipha Phromma"),
    ("กาญจนา จันทร์เพ็ญ", "Kanchana Chanphen"),
    ("ชัยวัฒน์ สมบูรณ์", "Chaiwat Sombun"),
]


def romanise(text: str, table: dict[str, str], digraphs: dict[str, str] | None = None) -> str:
    out, lowered, i = [], text.lower(), 0
    while i < len(lowered):
        pair = lowered[i : i + 2]
        if digraphs and pair in digraphs:
            out.append(digraphs[pair])
            i += 2
            continue
        out.append(table.get(lowered[i], lowered[i]))
        i += 1
    return "".join(out).title()


def pairs() -> dict[str, list[tuple[str, str]]]:
    """(name in its script, a Latin spelling) by script."""
    return {
        "Cyrillic (Russian)": [(n, romanise(n, t)) for n in RUSSIAN for t in (RUSSIAN_BGN, GERMAN_STYLE)],
        "Cyrillic (Ukrainian)": [
            (n, romanise(n, t)) for n in UKRAINIAN for t in (UKRAINIAN_2010, UKRAINIAN_AS_RUSSIAN)
        ],
        "Greek": [(n, romanise(n, GREEK_ELOT, GREEK_DIGRAPHS)) for n in GREEK],
        "Arabic": [(n, latin) for n, spellings in ARABIC for latin in spellings],
        "Thai": list(THAI),
    }


def measure() -> dict[str, tuple[float, float, float]]:
    """Per script: share found by search (a shared token), share suggested as a duplicate (same
    birth year and nationality), and share of wrong pairs (another name of the same script) suggested."""
    result = {}
    rng = random.Random(3)
    for script, items in pairs().items():
        found = suggested = wrong = 0
        for native, latin in items:
            stored = blind_tokens(native, KEY)
            found += bool(stored & search_tokens(latin, KEY))
            same = {
                "birth_year": 1990,
                "other_birth_year": 1990,
                "nationalities": ["XX"],
                "other_nationalities": ["XX"],
            }
            suggested += duplicate_score(stored, blind_tokens(latin, KEY), **same) >= DUPLICATE_THRESHOLD
            other = rng.choice([lat for nat, lat in items if nat != native])
            wrong += duplicate_score(stored, blind_tokens(other, KEY), **same) >= DUPLICATE_THRESHOLD
        n = len(items)
        result[script] = (found / n, suggested / n, wrong / n)
    return result


class ScriptRecallTests(unittest.TestCase):
    def test_names_in_other_scripts_meet_their_latin_spellings(self) -> None:
        figures = measure()
        total = sum(len(v) for v in pairs().values())
        overall = sum(f[0] * len(pairs()[s]) for s, f in figures.items()) / total
        for script, (found, suggested, wrong) in figures.items():
            print(f"{script:<22} search {found:.0%}  duplicate {suggested:.0%}  wrong pairs suggested {wrong:.0%}")
        print(f"{'all':<22} search {overall:.0%} of {total} pairs")
        duplicates = sum(f[1] * len(pairs()[s]) for s, f in figures.items()) / total
        print(f"{'all':<22} duplicate {duplicates:.0%} of {total} pairs")
        for script, (found, _suggested, wrong) in figures.items():
            with self.subTest(script=script):
                self.assertGreaterEqual(found, 0.8)
                self.assertLessEqual(wrong, 0.2)

    def test_the_generator_pairs_differ_in_script(self) -> None:
        for native, latin in itertools.chain.from_iterable(pairs().values()):
            self.assertTrue(latin.isascii() and not native.isascii(), (native, latin))
