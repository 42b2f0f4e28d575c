"""Danish by default, English by the switch; names of countries from CLDR in the chosen language."""

from __future__ import annotations

from django.urls import reverse

from tests.base import SporTestCase
from tests.make import make_person


class LanguageTests(SporTestCase):
    def test_it_speaks_danish_until_switched_to_english(self):
        self.client.force_login(self.caseworker)
        self.assertContains(self.client.get(reverse("home")), "Mit arbejde")
        response = self.client.post(reverse("set_language"), {"language": "en", "next": reverse("web:search")})
        self.assertRedirects(response, reverse("web:search"), fetch_redirect_response=False)
        page = self.client.get(reverse("web:search"))
        self.assertContains(page, "Search cases and persons")
        self.assertContains(page, '<html lang="en">')
        self.assertContains(page, ">Romania</option>")
        self.client.post(reverse("set_language"), {"language": "da", "next": "/"})
        self.assertContains(self.client.get(reverse("web:search")), ">Rumænien</option>")

    def test_it_names_nationalities_in_the_chosen_language(self):
        person = make_person(self.caseworker, given="Ana", family="Popescu", nationalities=["RU-CE", "RO"])
        self.client.force_login(self.caseworker)
        self.assertContains(self.client.post(reverse("web:search"), {"name": "Popescu"}), "Tjetjenien, Rumænien")
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        page = self.client.post(reverse("web:search"), {"name": "Popescu"})
        self.assertContains(page, "Chechnya, Romania")
        self.assertContains(page, person.key)

    def test_the_english_catalogue_covers_the_pages_of_this_app(self):
        from babel.messages.pofile import read_po

        from spor.web.messages import CATALOGUE

        with CATALOGUE.open("rb") as f:
            catalog = read_po(f)
        own = (
            "spor/web/templates/web/",
            "spor/web/templates/registration/",
            "spor/web/templates/4",
            "spor/vocabulary.py",
        )
        missing = [
            message.id
            for message in catalog
            if message.id
            and any(path.startswith(own) for path, _ in message.locations)
            and not (message.string and (isinstance(message.string, str) or all(message.string)))
        ]
        self.assertEqual(missing, [])
