"""The stable codes of docs/definitions.md#vocabulary, with Danish labels (English through gettext).

Codes are stable: they are stored, exchanged in the interchange format and published in
report.json. Labels are presentation only. This module is the one place the vocabularies are
listed; models, the interchange reader, statistics and the screening tool all import from here.
It imports nothing but Django's choices, errors and gettext, so pure code (statistics over a
folder, estimation) can use it without a configured database.

`check_code` is the one check that a value is a code of a vocabulary: the services, the API's
input schemas and the interchange reader all call it (or `unknown_codes`, its form for many values).
Likewise `latest_event_day` is the one rule that an event is not dated in the future.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import TypeAlias

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

#: A vocabulary: a TextChoices class, or a fixed collection of codes (police districts, `cmm`/`dis`).
Codes: TypeAlias = "type[models.TextChoices] | Collection[str]"


def unknown_codes(choices: Codes, values: Iterable[str]) -> list[str]:
    """The values that are not codes of `choices`, in their order."""
    codes = choices.values if isinstance(choices, type) else choices
    return [value for value in values if value not in codes]


def check_code(
    choices: Codes,
    value: str,
    *,
    field: str,
    message: str = "",
    blank: bool = False,
    errors: dict[str, list[str]] | None = None,
) -> None:
    """Refuse a value that is not a code of `choices` (the empty value too, unless `blank`).

    Raises ValidationError({field: [message]}); with `errors`, adds the message there instead, so
    a service can report every bad field at once. `message` may name the value as %(code)s; by
    default it is "Ukendt kode: <value>".
    """
    if (blank and not value) or not unknown_codes(choices, [value]):
        return
    text = (message or gettext("Ukendt kode: %(code)s")) % {"code": value}
    if errors is None:
        raise ValidationError({field: [text]})
    errors.setdefault(field, []).append(text)


class Gender(models.TextChoices):
    FEMALE = "female", _("kvinde")
    MALE = "male", _("mand")
    TRANS = "trans", _("transperson")
    UNKNOWN = "unknown", _("ukendt")


class ResidenceStatus(models.TextChoices):
    LAWFUL = "lawful", _("lovligt ophold")
    UNLAWFUL = "unlawful", _("ulovligt ophold")
    ASYLUM_SEEKER = "asylum_seeker", _("asylansøger")
    UNKNOWN = "unknown", _("ukendt")


class Authority(models.TextChoices):
    CMM = "cmm", _("Center mod Menneskehandel")
    DIS = "dis", _("Udlændingestyrelsen")
    COURT = "court", _("domstol")


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("hotline")
    EMAIL = "email", _("e-mail")
    SCREENING = "screening", _("annoncescreening")
    OTHER = "other", _("andet")


class InquiryOutcome(models.TextChoices):
    """How an inquiry was closed without a case (docs/definitions.md#inquiry-outcome)."""

    ADVICE_GIVEN = "advice_given", _("rådgivning givet")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("henvist til anden aktør")
    NO_PERSON_CONCERNED = "no_person_concerned", _("ingen person berørt")
    DUPLICATE = "duplicate", _("dublet af anden henvendelse")
    NOT_REACHED = "not_reached", _("kunne ikke kontaktes")


class ActorType(models.TextChoices):
    """Sender of an inquiry, referrer of an assessment, contact actor of a decision."""

    POLICE = "police", _("politi")
    DIS = "dis", _("Udlændingestyrelsen")
    RETURN_AGENCY = "return_agency", _("Hjemrejsestyrelsen")
    TAX_AGENCY = "tax_agency", _("Skattestyrelsen")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Arbejdstilsynet")
    SIRI = "siri", _("SIRI")
    PRISON_SERVICE = "prison_service", _("Kriminalforsorgen")
    MUNICIPALITY = "municipality", _("kommune")
    NGO = "ngo", _("NGO")
    CRISIS_CENTRE = "crisis_centre", _("krisecenter")
    HEALTH = "health", _("sundhedsvæsen")
    LAWYER = "lawyer", _("advokat")
    INTERPRETER = "interpreter", _("tolk")
    TRADE_UNION = "trade_union", _("fagforening")
    CITIZEN = "citizen", _("borger")
    SELF = "self", _("personen selv")
    BUSINESS = "business", _("virksomhed")
    FOREIGN_AUTHORITY = "foreign_authority", _("udenlandsk myndighed")
    OTHER = "other", _("andet")


POLICE_DISTRICTS: tuple[str, ...] = (
    "Nordjyllands Politi",
    "Østjyllands Politi",
    "Midt- og Vestjyllands Politi",
    "Sydøstjyllands Politi",
    "Syd- og Sønderjyllands Politi",
    "Fyns Politi",
    "Sydsjællands og Lolland-Falsters Politi",
    "Midt- og Vestsjællands Politi",
    "Nordsjællands Politi",
    "Københavns Vestegns Politi",
    "Københavns Politi",
    "Bornholms Politi",
    "Grønlands Politi",
    "Færøernes Politi",
)

#: The national focus unit that receives a copy of every police report (docs/definitions.md#police-report).
NATIONAL_FOCUS_UNIT = "Syd- og Sønderjyllands Politi"


class Exploitation(models.TextChoices):
    SEXUAL_PROSTITUTION = "sexual_prostitution", _("seksuel udnyttelse (prostitution)")
    SEXUAL_OTHER = "sexual_other", _("anden seksuel udnyttelse")
    FORCED_LABOUR = "forced_labour", _("tvangsarbejde")
    CRIMINAL = "criminal", _("strafbare handlinger")
    SLAVERY_LIKE = "slavery_like", _("slaveri eller slaverilignende forhold")
    ORGAN_REMOVAL = "organ_removal", _("organfjernelse")
    # Forms added by Directive (EU) 2024/1712 (docs/definitions.md#exploitation): own codes, so the
    # EU reporting can show them; CMM's publication groups them under `other`.
    FORCED_MARRIAGE = "forced_marriage", _("tvangsægteskab")
    ILLEGAL_ADOPTION = "illegal_adoption", _("ulovlig adoption")
    SURROGACY = "surrogacy", _("udnyttelse af surrogatmoderskab")
    OTHER = "other", _("øvrig udnyttelsesform")
    UNDETERMINED = "undetermined", _("uafklaret udnyttelsesform")


#: The codes of Directive (EU) 2024/1712 that CMM's own publication counts as `other`.
DIRECTIVE_2024_CODES: tuple[str, ...] = ("forced_marriage", "illegal_adoption", "surrogacy")


class ExploitationGroup(models.TextChoices):
    """Statistics group the two sexual codes as `sexual` (docs/definitions.md#exploitation)."""

    SEXUAL = "sexual", _("seksuel udnyttelse")
    FORCED_LABOUR = "forced_labour", _("tvangsarbejde")
    CRIMINAL = "criminal", _("strafbare handlinger")
    SLAVERY_LIKE = "slavery_like", _("slaveri eller slaverilignende forhold")
    ORGAN_REMOVAL = "organ_removal", _("organfjernelse")
    OTHER = "other", _("øvrig udnyttelsesform")
    UNDETERMINED = "undetermined", _("uafklaret udnyttelsesform")


#: Exploitation code -> its statistics group: the two sexual codes are `sexual`, the codes of
#: Directive (EU) 2024/1712 are `other` (CMM's publication grouping), the rest are their own group.
EXPLOITATION_GROUPS: dict[str, str] = {
    code: "sexual" if code.startswith("sexual") else "other" if code in DIRECTIVE_2024_CODES else code
    for code in Exploitation.values
}


def exploitation_group(code: str) -> str:
    """The statistics group of an exploitation code (`sexual_*` -> `sexual`, the 2024 codes -> `other`)."""
    return EXPLOITATION_GROUPS.get(code, code)


class Sector(models.TextChoices):
    AGRICULTURE = "agriculture", _("landbrug")
    CONSTRUCTION = "construction", _("byggeri")
    CLEANING = "cleaning", _("rengøring")
    RESTAURANT = "restaurant", _("restauration")
    HOTEL = "hotel", _("hotel")
    RETAIL = "retail", _("detailhandel")
    OTHER_SERVICES = "other_services", _("øvrige serviceerhverv")
    DOMESTIC_WORK = "domestic_work", _("husligt arbejde")
    FOOD_PROCESSING = "food_processing", _("fødevareforarbejdning")
    MANUFACTURING = "manufacturing", _("industri")
    TRANSPORT = "transport", _("transport")
    ODD_JOBS = "odd_jobs", _("småjobs")
    OTHER = "other", _("andet")
    UNKNOWN = "unknown", _("ukendt")


class CrimeType(models.TextChoices):
    THEFT = "theft", _("tyveri")
    BURGLARY = "burglary", _("indbrud")
    DRUGS = "drugs", _("narkotika")
    CANNABIS_CULTIVATION = "cannabis_cultivation", _("hampedyrkning")
    FRAUD = "fraud", _("bedrageri")
    BEGGING = "begging", _("tiggeri")
    OTHER = "other", _("andet")


class ExploitationPlace(models.TextChoices):
    DENMARK = "denmark", _("Danmark")
    ABROAD = "abroad", _("udlandet")
    BOTH = "both", _("både Danmark og udlandet")
    UNKNOWN = "unknown", _("ukendt")


class Indicator(models.TextChoices):
    """The indicator checklist of the assessment interview (docs/definitions.md#indicators)."""

    DECEIVED = "deceived", _("vildledt")
    TRAVEL_ARRANGED = "travel_arranged", _("rejse arrangeret og betalt af andre")
    DOCUMENTS_WITHHELD = "documents_withheld", _("identitetspapirer tilbageholdt")
    FALSE_DOCUMENTS = "false_documents", _("falsk identitet eller falske rejsedokumenter")
    ISOLATED = "isolated", _("isoleret, begrænset bevægelsesfrihed, overvåget")
    POOR_CONDITIONS = "poor_conditions", _("dårlige bolig- eller arbejdsforhold")
    DEBT = "debt", _("gæld")
    NO_PAY = "no_pay", _("ingen eller meget lav løn")
    VIOLENCE = "violence", _("trusler eller fysisk/psykisk vold")
    NO_MEDICAL_CARE = "no_medical_care", _("ingen eller begrænset adgang til lægehjælp")
    FEARS_AUTHORITIES = "fears_authorities", _("frygter myndighederne, ved ikke hvor der er hjælp")


class RetraffickingRisk(models.TextChoices):
    TRAFFICKER_IN_CONTACT = "trafficker_in_contact", _("bagmand stadig i kontakt")
    DEBT_DEMANDED = "debt_demanded", _("gæld kræves stadig")
    ONGOING_THREATS = "ongoing_threats", _("vedvarende trusler")


class ExtensionReason(models.TextChoices):
    PREPARED_RETURN = "prepared_return", _("samarbejde om forberedt hjemrejse")
    TESTIMONY = "testimony", _("vidneforklaring")
    PREGNANCY = "pregnancy", _("graviditet")
    TREATMENT = "treatment", _("behandling")
    OTHER = "other", _("andet")


class YearEndStatus(models.TextChoices):
    PREPARED_RETURN = "prepared_return", _("forberedt hjemrejse")
    RECEIVING_SUPPORT = "receiving_support", _("modtager støtte")
    LEFT_ON_OWN = "left_on_own", _("udrejst på egen hånd")
    LEFT_WITH_TICKET_SUPPORT = "left_with_ticket_support", _("udrejst med billetstøtte")
    DECLINED_OR_ABSENT = "declined_or_absent", _("takket nej eller udeblevet")
    RESIDENCE_GRANTED = "residence_granted", _("opholdstilladelse")
    DUBLIN_TRANSFER = "dublin_transfer", _("Dublin-overført")
    OTHER = "other", _("andet")


class PoliceReportFiler(models.TextChoices):
    PERSON_ASSISTED = "person_assisted", _("personen med bistand fra CMM")
    CMM = "cmm", _("CMM")


class LegalBasis(models.TextChoices):
    S262A = "262a", _("straffelovens § 262 a")
    S262B = "262b", _("straffelovens § 262 b")
    OTHER = "other", _("andet")


# --- police reports and the victim's rights (docs/definitions.md#police-report, #victims-rights) ---


class NoReportReason(models.TextChoices):
    """Why no police report was filed for an identified person (the reasons CMM's 2025 statistics give)."""

    INVESTIGATION_RUNNING = "investigation_running", _("efterforskning allerede igangsat")
    LONG_AGO = "long_ago", _("udnyttelsen ligger flere år tilbage")
    ABROAD = "abroad", _("udnyttelsen er foregået i udlandet")
    NOT_YET = "not_yet", _("anmeldelsen er endnu ikke kvalificeret")
    PERSONS_WISH = "persons_wish", _("personens ønske")
    OTHER = "other", _("andet")


class PoliceReportOutcome(models.TextChoices):
    """How far a report went; the first three are the court statistics' categories (`court_statistics.csv`)."""

    CHARGED = "charged", _("sigtelse")
    INDICTED = "indicted", _("tiltale")
    CONVICTED = "convicted", _("dom")
    DROPPED = "dropped", _("opgivet eller henlagt")


#: The court statistics' column each outcome counts in (docs/definitions.md#court-statistics).
COURT_CATEGORY = {
    PoliceReportOutcome.CHARGED: "charges",
    PoliceReportOutcome.INDICTED: "indictments",
    PoliceReportOutcome.CONVICTED: "convictions",
}


class NonPunishmentOutcome(models.TextChoices):
    """The end of a criminal matter against a victim (retsplejelovens § 722, stk. 2: tiltalefrafald)."""

    PROSECUTION_WAIVED = "prosecution_waived", _("tiltalefrafald")
    ACQUITTED = "acquitted", _("frifindelse")
    CONVICTED = "convicted", _("domfældelse")


class CompensationRoute(models.TextChoices):
    """Where a compensation claim is made."""

    CRIMINAL_CASE = "criminal_case", _("i straffesagen mod gerningspersonen")
    COMPENSATION_BOARD = "compensation_board", _("Erstatningsnævnet (offererstatning)")
    CIVIL = "civil", _("civilt søgsmål")
    OTHER = "other", _("andet")


class Reintegration(models.TextChoices):
    """What the reintegration support of a prepared return goes to (docs/definitions.md#reintegration-content)."""

    BUSINESS = "business", _("egen virksomhed")
    EDUCATION = "education", _("uddannelse")
    WORK = "work", _("arbejde")
    HOUSING = "housing", _("bolig")
    MEDICAL = "medical", _("lægebehandling")
    OTHER = "other", _("andet")


class FollowUpChannel(models.TextChoices):
    """How a follow-up contact after the return took place (docs/definitions.md#follow-up-after-return)."""

    PHONE = "phone", _("telefon")
    VIDEO = "video", _("video")
    MESSAGE = "message", _("besked")
    IN_PERSON = "in_person", _("personligt møde")
    VIA_PARTNER = "via_partner", _("via partneren")
    OTHER = "other", _("andet")


class FollowUpOutcome(models.TextChoices):
    """What a follow-up contact found (docs/definitions.md#follow-up-after-return)."""

    IN_CONTACT = "in_contact", _("i kontakt")
    LOST_CONTACT = "lost_contact", _("kontakten er mistet")
    RETRAFFICKED = "retrafficked", _("udsat for menneskehandel igen")
    OTHER = "other", _("andet")


#: Nationality codes that are not ISO 3166-1 alpha-2 countries (docs/definitions.md#nationality).
SPECIAL_NATIONALITIES: dict[str, tuple[str, str]] = {
    "XK": ("Kosovo", "Kosovo"),
    "XX": ("statsløs", "stateless"),
    "ZZ": ("ukendt", "unknown"),
    "RU-CE": ("Tjetjenien", "Chechnya"),
}


def latest_event_day() -> date:
    """The latest day an event may carry: today. Births, inquiries, interviews, decisions, police
    reports and departures have happened; only statuses and plans look ahead (docs/definitions.md).

    The one rule for the services (`check_not_future`) and the interchange reader.
    """
    return timezone.localdate()


def check_not_future(day: date | None, *, field: str, errors: dict[str, list[str]]) -> None:
    """Add an error under `field` if `day` lies after `latest_event_day()`."""
    if day is not None and day > latest_event_day():
        errors.setdefault(field, []).append(gettext("Datoen ligger i fremtiden."))
