"""Synthetic populations and lists for testing estimation and linkage (no real person anywhere).

`population` draws people with names from small Thai, Vietnamese, Arabic, Romanian and Nigerian
pools; `capture` puts each on each list with heterogeneous and dependent probabilities;
`corrupt` writes a list record as a partner would: typos, other transliterations, family name
first, swapped day/month, missing birth dates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from spor.estimation.linkage import Person
from spor.estimation.table import CaptureTable

NAMES = {
    "TH": (
        ["Somchai", "Siriporn", "Nattapong", "Pimchanok", "Kanya", "Malee", "Supaporn", "Anong", "Wichai", "Chanthira",
         "Thanawat", "Porntip", "Kittisak", "Ratchanee", "Sombat", "Jintana", "Prasert", "Wanida", "Boonsong", "Lamai"],
        ["Srisuk", "Wongsawat", "Chaiyaporn", "Boonmee", "Saetang", "Phommachan", "Thongchai", "Kaewkla",
         "Rattanakorn", "Sukprasert", "Chantharasri", "Phetsiri", "Intharat", "Noiwong", "Khamphet"],
    ),
    "VN": (
        ["Hương", "Minh", "Lan", "Tuấn", "Thảo", "Dũng", "Hằng", "Quang", "Linh", "Phương", "Hải", "Ngọc", "Thủy",
         "Đức", "Trang", "Hoàng", "Mai", "Long"],
        ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"],
    ),
    "SY": (
        ["Mohammed", "Ahmed", "Fatima", "Youssef", "Khaled", "Aisha", "Omar", "Hussein", "Mariam", "Abdulrahman",
         "Layla", "Hassan", "Zainab", "Ibrahim", "Noor", "Mustafa", "Khadija", "Tariq"],
        ["al-Hassan", "Haddad", "Khalil", "al-Masri", "Nasser", "Saleh", "Darwish", "Hamdan", "al-Sayed", "Mansour",
         "Qasim", "Abboud", "Shami", "Yassin"],
    ),
    "RO": (
        ["Ioana", "Andrei", "Elena", "Mihai", "Maria", "Ionuț", "Alexandra", "Florin", "Gabriela", "Marius",
         "Cristina", "Bogdan", "Adriana", "Vasile", "Simona", "Cătălin", "Roxana", "Dragoș", "Larisa", "Sorin"],
        ["Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Gheorghe", "Rusu", "Munteanu", "Matei",
         "Constantin", "Marin", "Tudor", "Dinu", "Barbu", "Nistor", "Florea", "Lungu", "Ene", "Toma"],
    ),
    "NG": (
        ["Chinedu", "Blessing", "Oluwaseun", "Precious", "Emeka", "Joy", "Ifeoma", "Tunde", "Favour", "Ngozi",
         "Chiamaka", "Osas", "Efe", "Uche", "Adaeze", "Kelechi", "Gift", "Ebere", "Folake", "Nneka"],
        ["Okafor", "Adeyemi", "Okonkwo", "Eze", "Balogun", "Nwosu", "Obi", "Adebayo", "Igwe", "Okoro",
         "Osagie", "Ighodaro", "Edokpolo", "Uwaifo", "Omoregie", "Aigbe", "Ogbebor", "Ehigie", "Idahosa", "Obaseki"],
    ),
}  # fmt: skip
NATIONALITY_WEIGHTS = {"TH": 0.3, "VN": 0.2, "SY": 0.2, "RO": 0.15, "NG": 0.15}

# Other Latin spellings of the same names (a partner may write either).
VARIANTS = [
    ("Mohammed", "Muhammad"), ("Mohammed", "Mohamed"), ("Ahmed", "Ahmad"), ("Youssef", "Yusuf"),
    ("Khaled", "Khalid"), ("Hussein", "Husayn"), ("Fatima", "Fatimah"), ("Aisha", "Aysha"),
    ("Abdulrahman", "Abdel Rahman"), ("al-", "el-"), ("Omar", "Umar"), ("Hassan", "Hasan"),
    ("Somchai", "Somchay"), ("ph", "p"), ("th", "t"), ("chai", "chay"), ("ee", "i"), ("porn", "phon"),
    ("Kanya", "Kanyaa"), ("oo", "u"),
]  # fmt: skip


@dataclass(frozen=True)
class Individual:
    pid: int
    person: Person


def population(size: int, seed: int) -> list[Individual]:
    """`size` people; names mix the pools above with syllable-built names (see `_name`)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, seeded for reproducibility
    codes, weights = zip(*NATIONALITY_WEIGHTS.items(), strict=True)
    people = []
    for pid in range(size):
        code = rng.choices(codes, weights)[0]
        born = date(rng.randint(1965, 2007), rng.randint(1, 12), rng.randint(1, 28))
        people.append(Individual(pid, Person(_name(rng, code), born, None, code, rng.choice(["female", "male"]))))
    return people


# Syllables for family names (and some given names). The pools above alone give a few hundred
# names per nationality: in a population of 100,000 that makes dozens of namesakes per name, and a
# record without a birth date could then never be linked, by anyone. Real populations of that
# size have far more distinct names, so family names are built from syllables typical of each
# language (invented combinations, never a list of real persons).
FAMILY_SYLLABLES = {  # (first syllables, last syllables), space-separated
    "RO": (
        "pop ion dum stan stoi gheor mun mat con mar tud din barb nist flor lung tom rad vas cost pet mih neag "
        "dob cioc bur olt sav zam grig",
        "escu eanu ache aru ean oiu ica uta an ariu",
    ),
    "NG": (
        "o lu wa se a de ye mi chi nwa ke e zi ndu bi ko fe la ba tun ji ige ose",
        "gun yemi kwe nna femi dike chukwu bayo lowo sanya kolo mobi ogu",
    ),
    "SY": (
        "ha sa ma ka na da ra ja ba ta qa za fa la",
        "mid sir lil dar wan sur bid kar rim hal mun dad bur tin sim",
    ),
}
VN_MIDDLE = ["Thị", "Văn", "Minh", "Ngọc", "Thanh", "Đức", "Hữu", "Quốc", "Xuân", "Kim", "Bảo", "Gia"]
VN_GIVEN_MORE = (  # noqa: SIM905
    "Anh Bảo Chi Dương Giang Hiếu Huy Khánh Kiên Loan My Nam Nga Nhung Oanh Phúc Quân Sơn Tâm Thắng Tiến "
    "Trung Vân Yến Hạnh Hiền Khoa Lộc Nhi Thư Tú Uyên Vy Hậu Cường"
).split()


def _family(rng: random.Random, code: str) -> str:
    heads, tails = (part.split() for part in FAMILY_SYLLABLES[code])
    name = "".join(rng.choice(heads) for _ in range(rng.choice([1, 2]))) + rng.choice(tails)
    if code == "SY" and rng.random() < 0.3:
        return "al-" + name.capitalize()
    return name.capitalize()


def _name(rng: random.Random, code: str) -> str:
    given, family = NAMES[code]
    if code == "VN":  # family name, middle name, given name
        return f"{rng.choice(family)} {rng.choice(VN_MIDDLE)} {rng.choice(given + VN_GIVEN_MORE)}"
    if code == "SY":  # given name, father's name, family name
        return f"{rng.choice(given)} {rng.choice(given)} {_family(rng, code)}"
    if code == "TH":  # Thai names are composed, so draw them from syllables
        return _syllables(rng, 2).capitalize() + " " + _syllables(rng, 3).capitalize()
    return f"{rng.choice(given)} {_family(rng, code)}"


THAI_SYLLABLES = (  # noqa: SIM905 - a word list reads better as one string
    "som chai siri porn nat ta pong pim cha nok kan ya ma lee su pa a nong wi thana wat kit ti sak rat "
    "bun song la mai sri suk wong sa kaew kla in tha noi kham phet chan ra korn prasert jin tip thong"
).split()


def _syllables(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(THAI_SYLLABLES) for _ in range(count))


def corrupt(person: Person, rng: random.Random, rate: float = 1.0) -> Person:
    """One partner's record of the person: each kind of error with its own probability."""
    name, born, year = person.name, person.birth_date, None
    if rng.random() < 0.25 * rate:
        name = _variant(name, rng)
    if rng.random() < 0.10 * rate:
        name = _typo(name, rng)
    if rng.random() < 0.10 * rate:
        name = " ".join(reversed(name.split(" ", 1)))
    if born and rng.random() < 0.05 * rate and born.day <= 12:
        born = date(born.year, born.day, born.month)
    if born and rng.random() < 0.08 * rate:
        year = born.year if rng.random() < 0.5 else None
        born = None
    return replace(person, name=name, birth_date=born, birth_year=year)


def _variant(name: str, rng: random.Random) -> str:
    options = [(a, b) for a, b in VARIANTS if a in name] + [(b, a) for a, b in VARIANTS if b in name]
    if not options:
        return name
    old, new = rng.choice(options)
    return name.replace(old, new, 1)


def _typo(name: str, rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    i = rng.randrange(1, len(name))
    kind = rng.choice(["swap", "drop", "insert", "replace"])
    if kind == "swap" and i < len(name) - 1:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if kind == "drop":
        return name[:i] + name[i + 1 :]
    if kind == "insert":
        return name[:i] + rng.choice(letters) + name[i:]
    return name[:i] + rng.choice(letters) + name[i + 1 :]


def capture(
    size: int, t: int, seed: int, base: float = 0.15, spread: float = 0.8, dependence: float = 2.0
) -> np.ndarray:
    """An (size, t) 0/1 capture matrix with heterogeneous catchability and list dependence.

    Each person has a catchability exp(spread * z), z standard normal (heterogeneity); list 2 is
    `dependence` times as likely to hold someone on list 1 (a referral route).
    """
    rng = np.random.default_rng(seed)
    propensity = np.exp(spread * rng.standard_normal(size))
    probs = np.clip(base * propensity[:, None] * np.ones(t), 0, 0.95)
    caught = rng.random((size, t)) < probs
    if t >= 2:
        boost = np.clip(probs[:, 1] * dependence, 0, 0.95)
        caught[:, 1] = np.where(caught[:, 0], rng.random(size) < boost, caught[:, 1])
    return caught.astype(np.int8)


def table_from_matrix(matrix: np.ndarray, lists: list[str]) -> CaptureTable:
    seen = matrix[matrix.any(axis=1)]
    keys, counts = np.unique(seen, axis=0, return_counts=True)
    return CaptureTable.from_mapping(
        lists, {tuple(int(v) for v in k): float(c) for k, c in zip(keys, counts, strict=True)}
    )


def partner_lists(people: list[Individual], matrix: np.ndarray, seed: int, rate: float = 1.0) -> list[list[Individual]]:
    """Each list's records (corrupted), shuffled, keeping the true person id for evaluation only."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, seeded for reproducibility
    lists = []
    for j in range(matrix.shape[1]):
        records = [Individual(ind.pid, corrupt(ind.person, rng, rate)) for ind in people if matrix[ind.pid, j]]
        rng.shuffle(records)
        lists.append(records)
    return lists


def linkage_quality(lists: list[list[Individual]], clusters: list[list[int]]) -> tuple[float, float]:
    """Pairwise precision and recall of the links a clustering makes across lists."""
    true_pairs: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    found_pairs: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    by_pid: dict[int, list[tuple[int, int]]] = {}
    by_cluster: dict[int, list[tuple[int, int]]] = {}
    for j, (records, ids) in enumerate(zip(lists, clusters, strict=True)):
        for k, (rec, cid) in enumerate(zip(records, ids, strict=True)):
            by_pid.setdefault(rec.pid, []).append((j, k))
            by_cluster.setdefault(cid, []).append((j, k))
    for group, target in ((by_pid, true_pairs), (by_cluster, found_pairs)):
        for members in group.values():
            target.update((a, b) for a in members for b in members if a < b)
    hits = len(true_pairs & found_pairs)
    precision = hits / len(found_pairs) if found_pairs else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    return precision, recall


# The coverage study (docs/estimation.md#validation-and-figures). A population of known size is
# a mixture of a few latent classes with their own catchability per list (heterogeneity), and
# inside every class some pairs of lists are linked by referral routes (log odds ratios:
# dependence). Two ways to draw a table:
# - "modelled": from the two-list log-linear model closest to that mixture (its Poisson
#   projection on the complete 2^t table, all-zero cell included). This is the design of Chan,
#   Silverman & Vincent (2021, section 4), who simulate from a fitted two-list model: the
#   heterogeneity shows as positive two-list interactions, which MSE is meant to capture.
# - "latent": from the mixture itself, whose higher-order structure no two-list model holds
#   exactly: what happens under heavier heterogeneity (reported, not asserted).


@dataclass(frozen=True)
class Scenario:
    name: str
    size: int
    class_weights: tuple[float, ...]
    catchability: tuple[tuple[float, ...], ...]  # per class, the probability of being on each list
    dependence: tuple[tuple[tuple[int, int], float], ...]  # ((list i, list j), log odds ratio)
    modelled: bool = True

    @property
    def t(self) -> int:
        return len(self.catchability[0])

    @property
    def lists(self) -> list[str]:
        return [chr(ord("A") + i) for i in range(self.t)]


def _complete_histories(t: int) -> np.ndarray:
    codes = np.arange(2**t)
    return ((codes[:, None] >> np.arange(t - 1, -1, -1)[None, :]) & 1).astype(float)


def mixture_probabilities(scenario: Scenario) -> np.ndarray:
    """Probability of each of the 2^t histories (all-zero first, then `all_histories` order)."""
    h = _complete_histories(scenario.t)
    out = np.zeros(len(h))
    for weight, p in zip(scenario.class_weights, scenario.catchability, strict=True):
        q = np.asarray(p)
        within = np.prod(np.where(h == 1, q, 1 - q), axis=1)
        for (i, j), log_odds in scenario.dependence:
            within = within * np.exp(log_odds * h[:, i] * h[:, j])
        out += weight * within / within.sum()
    return out


def cell_probabilities(scenario: Scenario) -> np.ndarray:
    """The scenario's history probabilities: the mixture, or its two-list log-linear projection."""
    probs = mixture_probabilities(scenario)
    if not scenario.modelled:
        return probs
    from spor.estimation.loglinear import design, newton_poisson
    from spor.estimation.table import pairs

    a = design(_complete_histories(scenario.t).astype(np.int8), list(pairs(scenario.t)))
    beta = newton_poisson(a, probs * 1e6)[0]
    assert beta is not None  # every cell of the mixture is positive, so the fit exists
    mu = np.exp(a @ beta)
    return mu / mu.sum()


def draw_table(scenario: Scenario, seed: int, probs: np.ndarray | None = None) -> CaptureTable:
    """One population of `scenario.size` people; the table of those on at least one list."""
    p = cell_probabilities(scenario) if probs is None else probs
    counts = np.random.default_rng(seed).multinomial(scenario.size, p)
    return CaptureTable(tuple(scenario.lists), counts[1:].astype(float))


def draw_matrix(scenario: Scenario, seed: int) -> np.ndarray:
    """Each person's capture history (size x t, 0/1), for linkage studies that need the persons."""
    probs = cell_probabilities(scenario)
    rows = np.random.default_rng(seed).choice(len(probs), size=scenario.size, p=probs)
    return _complete_histories(scenario.t)[rows].astype(np.int8)


_CLASSES = ((0.5, 0.45, 0.5, 0.4), (0.25, 0.2, 0.22, 0.18))
_ROUTES = (((0, 1), 0.8), ((2, 3), 0.6), ((1, 2), -0.4))
SCENARIOS = {
    # 30 % easy to find, 70 % harder; A->B and C->D referral routes, B and C rarely both.
    "modelled": Scenario("modelled", 4000, (0.3, 0.7), _CLASSES, _ROUTES, modelled=True),
    "latent": Scenario("latent", 4000, (0.3, 0.7), _CLASSES, _ROUTES, modelled=False),
    # Heavier: 20 % five times as visible as the rest.
    "heavy": Scenario(
        "heavy", 4000, (0.2, 0.8), ((0.6, 0.55, 0.6, 0.5), (0.12, 0.1, 0.12, 0.08)), _ROUTES, modelled=False
    ),
}
