"""Synthetic names, phone numbers and document numbers for demo data and tests.

Never real persons: a name is a random pairing of a common given name and a common family name
of the nationality, from the short lists below, so any resemblance to a living person is a
coincidence of common names. Phone numbers are random numbers in Danish mobile ranges and may
exist; they are never dialled and carry no other data.

`name_variant` produces what a second registration of the same person tends to look like
(transliteration variant, lost diacritic, swapped name order, a typo), so that the demo data
plants repeat victims for duplicate detection to find. Everything takes a `random.Random`, so a
seed gives the same persons every time.
"""

from __future__ import annotations

import random
import re
import unicodedata

import phonenumbers

from spor.vocabulary import Gender

# Per nationality: (female given names, male given names, family names), space-separated;
# "_" joins the parts of a compound given name (Vietnamese "Thi Lan").
_NAMES: dict[str, tuple[str, str, str]] = {
    "NG": (
        "Blessing Chioma Ngozi Adaeze Funmilayo Oluwaseun Chiamaka Esther Joy Precious Amaka Folake "
        "Ifeoma Yetunde Nneka Favour Aisha Bisola",
        "Chukwuemeka Oluwasegun Emeka Tunde Ibrahim Chinedu Olumide Babatunde Ifeanyi Segun Musa "
        "Samuel Uche Kelechi Obinna Daniel",
        "Okafor Adeyemi Okonkwo Eze Bello Ogunleye Nwosu Abubakar Adebayo Obi Chukwu Okeke Olawale "
        "Balogun Nnamdi Ibekwe Onyeka Afolabi",
    ),
    "RO": (
        "Maria Elena Ioana Andreea Mihaela Alexandra Florentina Gabriela Ramona Daniela Cristina "
        "Simona Adriana Georgiana Roxana Larisa",
        "Ştefan Andrei Ionuţ Mihai Alexandru Florin Gheorghe Constantin Marian Adrian Bogdan Cătălin "
        "Vasile Nicolae Dumitru Iulian",
        "Popescu Ionescu Popa Dumitru Stoica Stan Gheorghe Rusu Munteanu Constantin Matei Lungu Ciobanu "
        "Moldovan Lăcătuş Dinu Niţă Tudor",
    ),
    "TH": (
        "Siriporn Somying Malee Nittaya Pornthip Kanya Wanida Supaporn Sunisa Ratana Achara Jintana "
        "Duangjai Kannika Busaba Chanida",
        "Somchai Somsak Prasert Sombat Anan Boonmee Chaiwat Kittisak Niran Surachai Thawatchai "
        "Wichai Preecha Sakchai Apichat",
        "Saetang Srisuk Wongsawat Chaiyaporn Boonsong Kaewkla Sukprasert Thongdee Rattanakorn Phromma "
        "Inthanon Somboon Chanthavong Keawmanee Suwannarat",
    ),
    "VN": (
        "Thị_Lan Thị_Hương Thị_Mai Thị_Hoa Thị_Thảo Thị_Ngọc Thị_Hằng Thị_Linh Thị_Trang Thị_Thu "
        "Thị_Nga Thị_Phương Thị_Yến Thị_Dung Thị_Hạnh",
        "Văn_Minh Văn_Hùng Văn_Nam Văn_Tuấn Văn_Long Văn_Dũng Văn_Thanh Văn_Hải Văn_Quang Văn_Tùng "
        "Văn_Sơn Đức_Anh Văn_Phúc Văn_Hoàng Văn_Khánh",
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý",
    ),
    "UG": (
        "Nakato Babirye Nambi Namubiru Nansubuga Achieng Akello Apio Nalwoga Kyomuhendo Atim Namukasa "
        "Aber Grace Sarah Florence",
        "Mukasa Kato Ssemanda Okello Otim Byaruhanga Tumusiime Kiggundu Wasswa Ssali Opio Mugisha "
        "Kizza Lubega Denis Joseph",
        "Ssebunya Nabukeera Mugerwa Kasozi Ochieng Obote Tumwine Nsubuga Kayongo Kiwanuka Musoke "
        "Odongo Byamukama Lutaaya Mwesigwa Akena",
    ),
    "PH": (
        "Maria_Cristina Jocelyn Rowena Marites Analyn Lorna Rosalie Jennifer Maricel Lovely Cherry "
        "Arlene Divina Rhea Marivic Angelica",
        "Jose Rodel Ronaldo Jericho Reynaldo Joel Arnel Rommel Danilo Eduardo Mark_Anthony Jomar "
        "Ramil Noel Efren Bienvenido",
        "Santos Reyes Cruz Bautista Ocampo Garcia Mendoza Torres Dela_Cruz Villanueva Ramos Aquino "
        "Castillo Flores Navarro Manalo",
    ),
    "UA": (
        "Olena Oksana Iryna Nataliia Tetiana Yuliia Svitlana Halyna Liudmyla Kateryna Viktoriia "
        "Anastasiia Mariia Olha Daryna Khrystyna",
        "Oleksandr Andrii Serhii Volodymyr Mykola Ivan Yurii Dmytro Vasyl Oleh Bohdan Taras Mykhailo "
        "Vitalii Petro Maksym",
        "Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Oliinyk Melnyk Boiko Kovalchuk Lysenko "
        "Marchenko Rudenko Savchenko Petrenko Moroz Pavlenko",
    ),
    "BG": (
        "Maria Ivanka Elena Yordanka Desislava Silviya Radka Petya Tsvetelina Gergana Kalina Violeta "
        "Nadezhda Snezhana Ralitsa Galina",
        "Georgi Ivan Dimitar Nikolay Hristo Petar Stoyan Todor Angel Krasimir Plamen Vasil Tsvetan "
        "Yordan Kiril Lyubomir",
        "Ivanov Georgiev Dimitrov Petrov Nikolov Hristov Stoyanov Todorov Angelov Iliev Atanasov "
        "Yordanov Kolev Marinov Asenov Mihaylov",
    ),
    "CN": (
        "Li_Na Wang_Fang Xiu_Ying Mei_Ling Hui Jing Yan Xiao_Hong Min Lei Juan Qiong Ying Ping Yun Lan",
        "Wei Jun Hao Ming Qiang Lei Jian Yong Tao Bin Chao Gang Hui Peng Zhi_Wei Jie",
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin He",
    ),
    "KE": (
        "Wanjiru Achieng Akinyi Njeri Wambui Atieno Chebet Nyambura Jepkosgei Wairimu Moraa Kerubo "
        "Faith Mercy Naliaka Awino",
        "Kamau Otieno Kipchoge Mwangi Ochieng Njoroge Kiprotich Omondi Wafula Kibet Mutua Onyango "
        "Kiplagat Githinji Barasa Odhiambo",
        "Kariuki Wekesa Mutiso Chepkoech Nyaga Koech Oduya Kimani Maina Owino Rotich Wanyama Ndungu "
        "Kiptoo Muriuki Kilonzo",
    ),
    "ER": (
        "Helen Selam Senait Luwam Yordanos Rahwa Mebrat Freweini Tsega Hiwet Saba Winta Eden Semhar Lidia Almaz",
        "Tesfay Yonas Dawit Filmon Mehari Samuel Biniam Habtom Kidane Aron Tekle Robel Mussie Yohannes Efrem Amanuel",
        "Tesfamariam Haile Gebremedhin Tekle Berhane Woldu Kahsay Ghebreyesus Mehari Andemariam Negash "
        "Abraha Tewelde Ghirmay Okbazghi Habte",
    ),
    "SY": (
        "Fatima Aisha Rasha Hala Lina Rana Nour Yasmin Amal Reem Hiba Dima Maryam Zainab Salma Layla",
        "Mohammed Ahmad Mahmoud Khaled Omar Ali Hassan Hussein Youssef Ibrahim Abdullah Mustafa Bilal Samer Tarek Rami",
        "Al-Hassan Al-Ahmad Khalil Haddad Al-Ali Hamdan Darwish Shami Al-Khatib Najjar Sabbagh Mansour "
        "Al-Hamoud Kassab Abboud Halabi",
    ),
    "AF": (
        "Fatima Zahra Maryam Shabana Nargis Farzana Sima Parwin Laila Zainab Gulalai Malalai Roya Mina Nilofar Hamida",
        "Mohammad Ahmad Abdul_Rahman Ali Hamid Farid Habibullah Mirwais Rahmatullah Naveed Samiullah "
        "Shafiq Wahid Zabihullah Jawad Hussain",
        "Ahmadi Hakimi Karimi Rahimi Mohammadi Hashimi Noori Popal Stanikzai Safi Sultani Amiri Haidari "
        "Rasuli Jalali Wardak",
    ),
    "MA": (
        "Fatima Khadija Salma Meryem Imane Hanane Zineb Nadia Siham Asmae Houda Samira Laila Kawtar Ghizlane Loubna",
        "Mohamed Youssef Ahmed Said Hamza Rachid Karim Abdelkader Mustapha Hicham Mehdi Abdellah Omar "
        "Yassine Driss Khalid",
        "El_Amrani Benali Alaoui Bennani Idrissi Tazi Berrada Chraibi El_Fassi Ouazzani Belhaj "
        "Lahlou Zerouali Amrani Haddou Bouzid",
    ),
    "LT": (
        "Rūta Jurgita Laura Asta Kristina Inga Aušra Vaida Rasa Agnė Eglė Ieva Simona Dalia Jolanta Giedrė",
        "Tomas Mantas Darius Andrius Mindaugas Vytautas Jonas Paulius Rokas Saulius Audrius Gintaras "
        "Tadas Lukas Donatas Arūnas",
        "Kazlauskas Jankauskas Petrauskas Stankevičius Vasiliauskas Žukauskas Butkus Paulauskas "
        "Urbonas Kavaliauskas Navickas Ramanauskas Savickas Rimkus Baranauskas Sakalauskas",
    ),
    "PL": (
        "Anna Katarzyna Małgorzata Agnieszka Joanna Magdalena Monika Ewa Barbara Aleksandra Natalia "
        "Justyna Dorota Paulina Beata Karolina",
        "Piotr Krzysztof Tomasz Paweł Łukasz Michał Marcin Jakub Grzegorz Wojciech Mariusz Dariusz "
        "Kamil Rafał Sebastian Przemysław",
        "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak "
        "Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk",
    ),
    "HU": (
        "Mária Erzsébet Katalin Ilona Éva Anikó Zsuzsanna Krisztina Andrea Tímea Renáta Edit Szilvia "
        "Beáta Nikolett Mónika",
        "László István József János Zoltán Sándor Gábor Ferenc Attila Péter Tamás Zsolt Tibor Lajos Csaba Balázs",
        "Nagy Kovács Tóth Szabó Horváth Varga Kiss Molnár Németh Farkas Balogh Papp Lakatos Takács Juhász Oláh",
    ),
    "RU-CE": (
        "Zarema Madina Kheda Petimat Zulikhan Aminat Milana Luiza Tamara Khava Elina Liana Malika Zalina Raisa Seda",
        "Ramzan Aslan Magomed Ruslan Adam Akhmed Islam Apti Dzhokhar Isa Khasan Umar Shamil Zelimkhan Lecha Rustam",
        "Kadyrov Dudayev Magomadov Tsechoyev Israilov Umarov Basayev Khasanov Saidov Elmurzayev "
        "Abdurakhmanov Visayev Mutsayev Gakayev Baysarov Yusupov",
    ),
    "DK": (
        "Anne Kirsten Mette Hanne Anna Helle Susanne Lene Maria Marianne Camilla Louise Pia Charlotte "
        "Lone Åse Sofie Mathilde",
        "Peter Jens Lars Michael Henrik Søren Thomas Jan Niels Morten Rasmus Anders Martin Mads Jesper Frederik Jørgen",
        "Nielsen Jensen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen Petersen "
        "Madsen Kristensen Olsen Thomsen Møller Aagaard",
    ),
    "GH": (
        "Akosua Ama Abena Adwoa Yaa Efua Afua Akua Comfort Gifty Mavis Esi Araba Dzifa Elikem Adjoa",
        "Kwame Kofi Kwabena Kwaku Yaw Kojo Kwesi Kofi_Annan Emmanuel Kobina Nana Fiifi Selasi Yao Edem Ebo",
        "Mensah Owusu Boateng Asante Osei Agyeman Appiah Amoah Ofori Danso Acheampong Tetteh Quaye "
        "Nkrumah Frimpong Annan",
    ),
    "BR": (
        "Ana Maria Juliana Fernanda Patrícia Aline Camila Adriana Luciana Gabriela Larissa Bruna Jéssica "
        "Vanessa Daniela Letícia",
        "José João Antônio Francisco Carlos Paulo Pedro Lucas Luiz Marcos Luís Gabriel Rafael Rodrigo Felipe Thiago",
        "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins "
        "Carvalho Almeida Araújo",
    ),
    "CO": (
        "María_José Luz_Marina Diana Paola Alejandra Carolina Natalia Valentina Sandra Claudia Yolanda "
        "Marcela Liliana Andrea Gloria Viviana",
        "Juan_Carlos Luis José Andrés Jorge Carlos Jhon Diego Alejandro Camilo Sebastián Julián Fabio "
        "Hernán Wilson Édgar",
        "Rodríguez Gómez González Martínez García López Hernández Sánchez Ramírez Pérez Díaz Muñoz "
        "Rojas Moreno Jiménez Vargas",
    ),
}

#: For any nationality without its own list: a mixed, international set.
_FALLBACK = (
    "Sara Maria Amina Elena Anna Leila Nadia Rosa Julia Grace Fatou Mariam Sofia Irina Aylin Hana",
    "Ali David Omar Daniel Adam Ivan Samuel Karim Joseph Musa Ibrahim Alex Mehmet Paolo Tariq Leon",
    "Ali Hassan Kim Silva Novak Diallo Garcia Petrov Müller Smith Khan Traoré Yilmaz Rossi Said Diaz",
)

#: Nationalities whose names are customarily written family name first.
FAMILY_FIRST = {"VN", "CN"}


def _split(names: str) -> list[str]:
    return [n.replace("_", " ") for n in names.split()]


def names_for(nationality: str) -> tuple[list[str], list[str], list[str]]:
    """The (female given, male given, family) name lists used for `nationality`."""
    female, male, family = _NAMES.get(nationality, _FALLBACK)
    return _split(female), _split(male), _split(family)


def synthetic_name(rng: random.Random, nationality: str, gender: str) -> tuple[str, str]:
    """A random (given, family) name for a person of `nationality` and `gender`.

    Trans and unknown gender draw from either list.
    """
    female, male, family = names_for(nationality)
    if gender == Gender.FEMALE:
        given_names = female
    elif gender == Gender.MALE:
        given_names = male
    else:
        given_names = rng.choice([female, male])
    return rng.choice(given_names), rng.choice(family)


# --- variants -------------------------------------------------------------------------------

#: Spellings of the same name; a variant picks another member of the name's group.
_SPELLINGS = [
    "Mohammed Muhammad Mohamad Mohamed Muhammed Mohammad",
    "Ahmed Ahmad Achmed Akhmed",
    "Hussein Husain Hussain Hosein",
    "Yusuf Youssef Yousef Jusuf",
    "Abdul Abdel Abdoul",
    "Abdullah Abdallah Abdulla Abdellah",
    "Olena Elena Alena",
    "Oksana Aksana Oxana",
    "Iuliana Yuliana Juliana",
    "Ekaterina Yekaterina",
    "Kateryna Katerina",
    "Somchai Somchay",
    "Siriporn Siripon",
    "Supaporn Supapon",
    "Pornthip Ponthip",
    "Nataliia Natalia Nataliya",
    "Yuliia Yulia Iuliia",
    "Mariia Maria Mariya",
    "Nikolay Nikolai",
    "Khaled Khalid Chaled",
    "Magomed Magamed Mahomed",
    "Zulikhan Zulihan",
    "Khasan Hasan",
    "Shevchenko Schevchenko",
    "Tkachenko Tkatchenko",
    "Oleksandr Olexandr",
    "Andrii Andriy",
    "Serhii Serhiy Sergii",
    "Yurii Yuriy Iurii",
    "Dmytro Dmitro",
    "Mykhailo Mikhailo",
    "Tsvetan Cvetan",
    "Tsvetelina Cvetelina",
    "Hristo Christo Khristo",
    "Yordan Jordan Iordan",
    "Yasmin Yasmine Jasmin",
    "Layla Leila Laila",
    "Zainab Zaynab Zeinab",
    "Nour Nur Noor",
    "Mustafa Mostafa Moustafa",
    "Tarek Tariq Tarik",
    "Habibullah Habiboullah",
    "Rahmatullah Rahmatoullah",
    "Hamza Hamsa",
    "Chukwuemeka Chukuemeka",
    "Oluwaseun Oluseun",
]
_VARIANTS: dict[str, list[str]] = {}
for _group in _SPELLINGS:
    _members = _group.split()
    for _member in _members:
        _VARIANTS[_member] = [m for m in _members if m != _member]


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _respell(rng: random.Random, name: str) -> str:
    words = name.split()
    options = [i for i, w in enumerate(words) if w in _VARIANTS]
    if not options:
        return name
    i = rng.choice(options)
    words[i] = rng.choice(_VARIANTS[words[i]])
    return " ".join(words)


def _typo(rng: random.Random, name: str) -> str:
    """One slip of the keyboard or the ear, never in the first letter of a word."""
    positions = [m.start() for m in re.finditer(r"(?<=\w)\w", name)]
    if not positions:
        return name
    i = rng.choice(positions)
    kind = rng.choice(["replace", "delete", "double", "swap"])
    if kind == "replace":
        return name[:i] + rng.choice("aeioulnrst") + name[i + 1 :]
    if kind == "delete":
        return name[:i] + name[i + 1 :]
    if kind == "double":
        return name[:i] + name[i] + name[i:]
    if i + 1 < len(name) and name[i + 1].isalpha():
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + name[i + 1 :]


def name_variant(rng: random.Random, given: str, family: str) -> tuple[str, str]:
    """How the same person's name might be written at a second registration.

    One of: a transliteration variant of a given or family name (Mohammed -> Muhammad), the
    diacritics lost (Nguyễn -> Nguyen), given and family name swapped (usual with Vietnamese and
    Chinese names read in either order), a dropped middle name, or a one-letter typo. Always
    differs from the input.
    """
    options = []
    if given in _VARIANTS or any(w in _VARIANTS for w in given.split()):
        options += ["respell_given"] * 3
    if any(w in _VARIANTS for w in family.split()):
        options += ["respell_family"] * 3
    if _strip_diacritics(given + family) != given + family:
        options += ["diacritics"] * 2
    if len(given.split()) > 1:
        options.append("drop_middle")
    options += ["swap", "typo", "typo"]
    for _ in range(10):
        variant = _apply(rng, rng.choice(options), given, family)
        if variant != (given, family):
            return variant
    return given, _typo(rng, family) + ("" if len(family) > 1 else "a")


def _apply(rng: random.Random, kind: str, given: str, family: str) -> tuple[str, str]:
    if kind == "respell_given":
        return _respell(rng, given), family
    if kind == "respell_family":
        return given, _respell(rng, family)
    if kind == "diacritics":
        return _strip_diacritics(given), _strip_diacritics(family)
    if kind == "drop_middle":
        words = given.split()
        return " ".join(words[1:] if rng.random() < 0.5 else words[:-1]), family
    if kind == "swap":
        return family, given
    if rng.random() < 0.5:
        return _typo(rng, given), family
    return given, _typo(rng, family)


# --- contact details and documents -------------------------------------------------------------

#: Leading digits of Danish mobile numbers (Danish Numbering Plan, Energistyrelsen).
_DK_MOBILE_PREFIXES = ["20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "40", "41", "42"]
_DK_MOBILE_PREFIXES += ["50", "51", "52", "53", "60", "61", "71", "81", "91", "92", "93"]


def synthetic_phone(rng: random.Random) -> str:
    """A random, valid Danish mobile number, written in one of the ways people write them."""
    digits = _dk_mobile_digits(rng)
    pairs = " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    formats = [
        digits,
        pairs,
        f"+45 {pairs}",
        f"+45{digits}",
        f"0045 {digits[:4]} {digits[4:]}",
        f"(+45) {digits[:4]}-{digits[4:]}",
        f"{digits[:4]} {digits[4:]}",
    ]
    return rng.choice(formats)


def _dk_mobile_digits(rng: random.Random) -> str:
    # Not every block of a mobile range is allocated; draw until the numbering plan in
    # `phonenumbers` accepts the number, so that every synthetic number normalises.
    while True:
        digits = rng.choice(_DK_MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(6))
        if phonenumbers.is_valid_number(phonenumbers.parse(digits, "DK")):
            return digits


def synthetic_document_number(rng: random.Random) -> str:
    """A random passport-like document number: two letters and seven digits."""
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
    return letters + "".join(rng.choice("0123456789") for _ in range(7))
