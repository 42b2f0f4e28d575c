"""The capture-history table from the registry's pseudonymous extract, and `spor estimate --year`."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError

from spor.cases import services
from spor.cases.models import AssessmentOutcome, Case
from spor.estimation.registry import ListSource, capture_table_from_registry, capture_tables_from_registry
from spor.estimation.table import TableError
from spor.interchange.exporter import interchange_export
from spor.people.models import Person
from spor.vocabulary import ActorType, Channel, Exploitation
from tests.base import SporTestCase
from tests.make import make_person

ON = date(2025, 5, 6)


def make_source_inquiry(
    actor: Any, person: Person, *, on: date = ON, sender_type: str = ActorType.OTHER, sender_org: str = "",
    channel: str = Channel.EMAIL,
) -> Case:  # fmt: skip
    """A person who came in through one inquiry and got a case."""
    inquiry = services.inquiry_register(
        actor=actor, received_on=on, channel=channel, sender_type=sender_type, sender_org=sender_org, persons=[person]
    )
    return services.case_open(actor=actor, person=person, opened_on=on, inquiry=inquiry)


def make_decided(
    actor: Any, case: Case, *, on: date = ON, referrer_type: str = "", identified: bool = True,
    exploitation: str = Exploitation.FORCED_LABOUR,
) -> None:  # fmt: skip
    """Assessment (with its referrer) and a CMM decision on a case of a lawfully resident person."""
    assessment = services.assessment_record(
        actor=actor, case=case, interview_on=on, indicators={"deceived": "yes"}, referrer_type=referrer_type
    )
    services.assessment_complete(actor=actor, assessment=assessment, outcome=AssessmentOutcome.PUT_TO_DECISION)
    services.decision_record(
        actor=actor, case=case, authority="cmm", decided_on=on, identified=identified, primary_exploitation=exploitation
    )


class RegistryTableTests(SporTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        actor = cls.caseworker
        # 1: police inquiry, NGO referral -> police, ngo
        case = make_source_inquiry(actor, make_person(actor, given="Anong"), sender_type=ActorType.POLICE)
        make_decided(actor, case, referrer_type=ActorType.NGO)
        # 2: hotline call from Reden International (org, not type) -> ngo, cmm
        person = make_person(actor, given="Lan", gender="male")
        case = make_source_inquiry(actor, person, channel=Channel.HOTLINE, sender_org="Reden International")
        make_decided(actor, case, exploitation=Exploitation.SEXUAL_PROSTITUTION)
        # 3: self-referral by e-mail, a December inquiry decided in the year -> cmm (the case's chain counts)
        person = make_person(actor, given="Omar", gender="male")
        case = make_source_inquiry(actor, person, on=date(2024, 12, 20), sender_type=ActorType.SELF)
        make_decided(actor, case, on=date(2025, 1, 15))
        # 4: DIS inquiry, police referral -> police, dis
        case = make_source_inquiry(actor, make_person(actor, given="Mai"), sender_type=ActorType.DIS)
        make_decided(actor, case, referrer_type=ActorType.POLICE)
        # 5: not identified: outside the default population, inside `assessed`
        case = make_source_inquiry(actor, make_person(actor, given="Ioana"), sender_type=ActorType.POLICE)
        make_decided(actor, case, identified=False)
        # 6: identified the year before: in no 2025 population
        case = make_source_inquiry(
            actor, make_person(actor, given="Efe"), sender_type=ActorType.POLICE, on=date(2024, 3, 1)
        )
        make_decided(actor, case, on=date(2024, 3, 2))
        # 7: identified, but from a municipality by e-mail: on none of the lists
        case = make_source_inquiry(actor, make_person(actor, given="Kanya"), sender_type=ActorType.MUNICIPALITY)
        make_decided(actor, case)

    def test_it_counts_each_identified_person_once_by_the_lists_they_are_on(self):
        table = capture_table_from_registry(2025, ["police", "dis", "ngo", "cmm"])
        counts = {h: c for h, c in table.as_mapping().items() if c}
        assert counts == {(1, 0, 1, 0): 1, (0, 0, 1, 1): 1, (0, 0, 0, 1): 1, (1, 1, 0, 0): 1}

    def test_it_reports_the_population_and_who_is_on_no_list(self):
        found = capture_tables_from_registry(2025, ["police", "ngo"])
        assert found.population == {"": 5} and found.unlisted == {"": 2}  # Omar/cmm and Kanya
        assessed = capture_tables_from_registry(2025, ["police", "ngo"], population="assessed")
        assert assessed.population == {"": 6} and assessed.tables[""].as_mapping()[(1, 0)] == 2

    def test_it_stratifies_by_gender_and_exploitation_group(self):
        by_gender = capture_tables_from_registry(2025, ["police", "cmm"], stratify="gender")
        assert {k: t.observed for k, t in by_gender.tables.items()} == {"female": 2, "male": 2}
        by_group = capture_tables_from_registry(2025, ["ngo", "cmm"], stratify="exploitation")
        assert by_group.tables["sexual"].as_mapping() == {(0, 1): 0, (1, 0): 0, (1, 1): 1}
        assert by_group.population["forced_labour"] == 4

    def test_it_takes_another_mapping(self):
        mapping = {
            "hotline": ListSource(channels=frozenset({"hotline"})),
            "cmm": ListSource(authorities=frozenset({"cmm"})),
        }
        table = capture_table_from_registry(2025, ["hotline", "cmm"], mapping)
        assert table.as_mapping() == {(0, 1): 4, (1, 0): 0, (1, 1): 1}

    def test_it_refuses_unknown_lists_and_populations(self):
        with self.assertRaisesRegex(TableError, "unknown list.*hospital"):
            capture_table_from_registry(2025, ["police", "hospital"])
        with self.assertRaisesRegex(TableError, "population"):
            capture_table_from_registry(2025, ["police", "dis"], population="everyone")

    def test_the_command_estimates_from_the_registry_with_danish_warnings(self):
        out = io.StringIO()
        call_command("estimate", "--year", "2025", "--lists", "police,ngo,cmm", "--bootstrap", "0", stdout=out)
        assert "Kanya" not in out.getvalue()
        assert "1 af 5 personer i populationen står på ingen af listerne" in out.getvalue()
        out = io.StringIO()
        args = ["--year", "2025", "--lists", "police,cmm", "--stratify", "gender", "--json", "--bootstrap", "0"]
        call_command("estimate", *args, stdout=out)
        data = json.loads(out.getvalue())
        assert data["stratify"] == "gender" and set(data["strata"]) == {"female", "male"}
        assert data["strata"]["female"]["observed"] == 2

    def test_the_command_names_a_bad_list(self):
        with self.assertRaisesRegex(CommandError, "unknown list"):
            call_command("estimate", "--year", "2025", "--lists", "police,hospital", stdout=io.StringIO())


class ExtractTests(SporTestCase):
    """The tables come from the extract `spor export` writes, with the same counts as the registry's."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        actor = cls.caseworker
        # A police inquiry of December 2024 about two women; each gets her case, both decided in 2025.
        # The inquiry is linked to both persons but names only one case (the later one).
        first, second = make_person(actor, given="Anong"), make_person(actor, given="Mai")
        inquiry = services.inquiry_register(
            actor=actor, received_on=date(2024, 12, 20), channel=Channel.EMAIL, sender_type=ActorType.POLICE,
            sender_org="", persons=[first, second],
        )  # fmt: skip
        for person in (first, second):
            case = services.case_open(actor=actor, person=person, opened_on=date(2024, 12, 20), inquiry=inquiry)
            make_decided(actor, case, on=date(2025, 2, 3), referrer_type=ActorType.NGO)

    def test_every_person_of_an_inquiry_is_on_its_list(self):
        table = capture_table_from_registry(2025, ["police", "ngo"])
        assert table.as_mapping() == {(0, 1): 0, (1, 0): 0, (1, 1): 2}

    def test_an_exported_folder_gives_the_registrys_tables(self):
        with tempfile.TemporaryDirectory() as tmp:
            interchange_export(actor=None, path=Path(tmp))
            for population in ("identified", "assessed"):
                from_folder = capture_tables_from_registry(2025, ["police", "ngo"], population=population, source=tmp)
                from_registry = capture_tables_from_registry(2025, ["police", "ngo"], population=population)
                assert from_folder.tables[""].as_mapping() == from_registry.tables[""].as_mapping()
                assert from_folder.population == from_registry.population == {"": 2}
                assert from_folder.unlisted == from_registry.unlisted
                assert from_folder.tables[""].as_mapping()[(1, 1)] == 2
            out = io.StringIO()
            args = ["--year", "2025", "--lists", "police,ngo", "--from", tmp, "--json", "--bootstrap", "0"]
            call_command("estimate", *args, stdout=out)
            assert json.loads(out.getvalue())["observed"] == 2
