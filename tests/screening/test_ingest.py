"""`spor screening ingest`: strict, all-or-nothing, idempotent; versions kept."""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from contextlib import redirect_stderr
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.management import CommandError, call_command
from django.test import TestCase
from PIL import Image as PILImage

from spor.screening.generator import generate_corpus
from spor.screening.models import Ad, AdVersion, Image, RawPage
from spor.screening.store import ads_frame

PHASH = "c3a1b2d4e5f60718"


def ad_line(**overrides: Any) -> dict[str, Any]:
    line = {
        "site": "natlys",
        "ad_id": "a1",
        "url": "https://natlys.example/annonce/a1",
        "seen_at": "2026-03-01T12:00:00Z",
        "title": "Ny i byen",
        "text": "Sød pige, ring 20 40 60 80",
        "city": "København",
        "age": 21,
        "name": "Mia",
        "nationality": "thai",
        "price": "1000 kr",
        "images": [{"phash": PHASH}],
    }
    line.update(overrides)
    return line


class IngestTests(TestCase):
    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="spor-ingest-"))

    def write(self, lines: list[dict[str, Any] | str]) -> Path:
        path = self.folder / "ads.jsonl"
        text = "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines)
        path.write_text(text + "\n", encoding="utf-8")
        return path

    def ingest(self, path: Path) -> str:
        out = io.StringIO()
        call_command("screening", "ingest", str(path), stdout=out)
        return out.getvalue()

    def test_it_keeps_every_version_and_first_and_last_seen(self) -> None:
        path = self.write(
            [
                ad_line(),
                ad_line(seen_at="2026-03-02T12:00:00Z"),  # same content: no new version
                ad_line(seen_at="2026-03-05T12:00:00Z", price="1200 kr"),
                ad_line(ad_id="b2", age=None, name=None, images=[]),
            ]
        )
        self.ingest(path)
        ad = Ad.objects.get(ad_id="a1")
        self.assertEqual([v.price for v in ad.versions.all()], ["1000 kr", "1200 kr"])
        self.assertEqual((ad.first_seen.day, ad.last_seen.day), (1, 5))
        self.assertEqual(Ad.objects.count(), 2)

    def test_it_changes_nothing_when_the_same_file_is_ingested_twice(self) -> None:
        path = self.write([ad_line(), ad_line(seen_at="2026-03-05T12:00:00Z", price="1200 kr")])
        self.ingest(path)
        before = list(AdVersion.objects.values_list("id", "fingerprint", "seen_at"))
        out = self.ingest(path)
        self.assertEqual(list(AdVersion.objects.values_list("id", "fingerprint", "seen_at")), before)
        self.assertIn("nye/new 0, ændrede/changed 0", out)

    def test_it_names_file_line_and_field_for_every_error_and_stores_nothing(self) -> None:
        path = self.write(
            [
                ad_line(),
                ad_line(ad_id="b2", age="tyve"),
                "{not json",
                ad_line(ad_id="c3", seen_at="last tuesday", images=[{"phash": "xyz"}]),
                ad_line(ad_id="d4", colour="red"),
            ]
        )
        with self.assertRaises(CommandError), _stderr() as err:
            self.ingest(path)
        errors = err.getvalue()
        self.assertIn(f"{path}:2: age: expected a whole number", errors)
        self.assertIn(f"{path}:3: -: not valid JSON", errors)
        self.assertIn(f"{path}:4: seen_at: expected an ISO 8601 time", errors)
        self.assertIn(f"{path}:4: images[0]: expected", errors)
        self.assertIn(f"{path}:5: colour: unknown field", errors)
        self.assertEqual(Ad.objects.count(), 0)

    def test_it_hashes_and_stores_images_given_as_paths(self) -> None:
        (self.folder / "images").mkdir()
        buffer = io.BytesIO()
        PILImage.radial_gradient("L").convert("RGB").save(buffer, format="JPEG")
        (self.folder / "images" / "p1.jpg").write_bytes(buffer.getvalue())
        self.ingest(self.write([ad_line(images=["images/p1.jpg", {"phash": PHASH}])]))
        stored = Image.objects.exclude(phash=PHASH).get()
        self.assertEqual(bytes(stored.data), buffer.getvalue())
        self.assertRegex(stored.phash, r"^[0-9a-f]{16}$")
        frame = ads_frame()
        self.assertEqual(frame.row(0, named=True)["image_hashes"], [stored.phash, PHASH])

    def test_it_gives_the_ad_table_one_row_per_ad_with_the_latest_version(self) -> None:
        self.ingest(
            self.write([ad_line(), ad_line(seen_at="2026-03-05T12:00:00Z", price="1200 kr", phones=["+4520406080"])])
        )
        frame = ads_frame()
        self.assertEqual(frame.height, 1)
        row = frame.row(0, named=True)
        self.assertEqual(
            (row["price"], row["phones"], row["emails"], row["age"]), ("1200 kr", ["+4520406080"], None, 21)
        )
        self.assertEqual((row["first_seen"].day, row["last_seen"].day, row["seen_at"].day), (1, 5, 5))
        self.assertEqual(ads_frame(since=row["last_seen"]).height, 1)
        self.assertEqual(ads_frame(since=row["last_seen"] + timedelta(seconds=1)).height, 0)

    def test_it_ingests_the_generated_corpus_with_its_images(self) -> None:
        corpus = generate_corpus(seed=11, n_ads=20)
        corpus.write(self.folder)
        self.ingest(self.folder / "ads.jsonl")
        keys = {(ad["site"], ad["ad_id"]) for ad in corpus.ads}
        self.assertEqual(Ad.objects.count(), len(keys))
        self.assertEqual(ads_frame().height, len(keys))
        self.assertTrue(Image.objects.exclude(data=None).exists())

    def test_it_reports_a_missing_image_file(self) -> None:
        path = self.write([ad_line(images=["images/none.jpg"])])
        with self.assertRaises(CommandError), _stderr() as err:
            self.ingest(path)
        self.assertIn(f"{path}:1: images[0]: no such image file: images/none.jpg", err.getvalue())


def _stderr() -> redirect_stderr[io.StringIO]:
    return redirect_stderr(io.StringIO())


class IngestConfinementTests(TestCase):
    """The ad file may name only files inside its own folder: nothing else is read into the database."""

    write = IngestTests.write
    ingest = IngestTests.ingest

    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="spor-ingest-"))
        self.outside = Path(tempfile.mkdtemp(prefix="spor-outside-")) / "secret.html"
        self.outside.write_text("<p>hemmelig</p>", encoding="utf-8")
        (self.folder / "raw").mkdir()
        (self.folder / "raw" / "page.html").write_text("<p>annonce</p>", encoding="utf-8")

    def refused(self, raw_page: str) -> None:
        path = self.write([ad_line(raw_page="raw/page.html"), ad_line(ad_id="b2", raw_page=raw_page)])
        with self.assertRaises(CommandError), _stderr() as err:
            self.ingest(path)
        self.assertIn(f"{path}:2: raw_page: expected a path relative to the file, inside its folder", err.getvalue())
        self.assertEqual(Ad.objects.count(), 0)
        self.assertEqual(RawPage.objects.count(), 0)

    def test_it_refuses_an_absolute_path(self) -> None:
        self.refused(str(self.outside))

    def test_it_refuses_a_path_leading_up_and_out(self) -> None:
        self.refused(str(Path("..") / self.outside.parent.name / self.outside.name))

    def test_it_refuses_a_symbolic_link_leading_out(self) -> None:
        (self.folder / "raw" / "link.html").symlink_to(self.outside)
        self.refused("raw/link.html")

    def test_it_refuses_an_image_behind_a_symbolic_link_leading_out(self) -> None:
        picture = self.outside.parent / "photo.png"
        PILImage.new("RGB", (8, 8), "red").save(picture)
        (self.folder / "photo.png").symlink_to(picture)
        path = self.write([ad_line(images=["photo.png"])])
        with self.assertRaises(CommandError), _stderr() as err:
            self.ingest(path)
        self.assertIn(f"{path}:1: images[0]: expected a path relative to the file, inside its folder", err.getvalue())
        self.assertEqual(Image.objects.count(), 0)

    def test_it_reads_a_page_inside_the_folder(self) -> None:
        self.ingest(self.write([ad_line(raw_page="raw/page.html")]))
        self.assertEqual(gzip.decompress(bytes(RawPage.objects.get().content_gzip)), b"<p>annonce</p>")
