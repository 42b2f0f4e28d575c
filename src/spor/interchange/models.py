"""Published aggregates kept by the registry so that it can export them again (docs/definitions.md#interchange-format).

`court_statistics.csv` and `historical_identified.csv` carry totals, not records of persons: they
are stored as they came, one row per year (and unit), and `spor export` writes them back. The
published history Spor ships is loaded into these tables too (`spor load-published`,
`spor.releases.published`), with its sources, and the analyst corrects it in the web.
"""

from __future__ import annotations

from django.db import models


class CourtStatistic(models.Model):
    """Charges, indictments and convictions under § 262 a in one year, in counts or in persons."""

    year = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=16)  # "counts" or "persons" (spor.interchange.format.UNITS)
    charges = models.PositiveIntegerField(null=True, blank=True)
    indictments = models.PositiveIntegerField(null=True, blank=True)
    convictions = models.PositiveIntegerField(null=True, blank=True)
    #: Where the figures were published: ids of the source list (src/spor/stats/data/sources.csv),
    #: joined by ";". Not part of the interchange format.
    sources = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["year", "unit"]
        constraints = [models.UniqueConstraint(fields=["year", "unit"], name="court_statistic_year_unit")]


class HistoricalIdentified(models.Model):
    """The published number of identified persons of a year without case data, with breakdowns."""

    year = models.PositiveSmallIntegerField(unique=True)
    total = models.PositiveIntegerField()
    female = models.PositiveIntegerField(null=True, blank=True)
    male = models.PositiveIntegerField(null=True, blank=True)
    trans = models.PositiveIntegerField(null=True, blank=True)
    sexual = models.PositiveIntegerField(null=True, blank=True)
    forced_labour = models.PositiveIntegerField(null=True, blank=True)
    criminal = models.PositiveIntegerField(null=True, blank=True)
    slavery_like = models.PositiveIntegerField(null=True, blank=True)
    other = models.PositiveIntegerField(null=True, blank=True)
    undetermined = models.PositiveIntegerField(null=True, blank=True)
    # Format 1.1 (docs/definitions.md#historical_identifiedcsv).
    children = models.PositiveIntegerField(null=True, blank=True)
    other_or_undetermined = models.PositiveIntegerField(null=True, blank=True)
    inquiries = models.PositiveIntegerField(null=True, blank=True)
    assessed = models.PositiveIntegerField(null=True, blank=True)
    #: As CourtStatistic.sources.
    sources = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["year"]
