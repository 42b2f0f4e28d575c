"""The screening part of the demo: a generated ad corpus, stored and analysed (docs/screening-analysis.md).

`spor demo` calls `spor screening demo`, so that the outreach pages show networks of every size,
their reasons and the weekly trends at once. Every ad, name, number and picture is invented by
``spor.screening.generator``; the corpus is stored through the same ingest as real ads and
analysed by the full pipeline.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from spor.screening import pipeline
from spor.screening.crawler.adfile import read_ads
from spor.screening.generator import generate_corpus
from spor.screening.models import Ad
from spor.screening.store import ads_frame, ads_save

DEMO_ADS = 2000
DEMO_SEED = 2026


def screening_demo(*, n_ads: int = DEMO_ADS, seed: int = DEMO_SEED) -> str:
    """Generate, store and analyse the demo corpus, unless ads are stored already; say what was done."""
    if Ad.objects.exists():
        analysis = pipeline.analyse(ads_frame())
        return f"screening: ads already present; analysed again, {analysis.summaries.height} networks"
    with tempfile.TemporaryDirectory(prefix="spor-screening-demo-") as folder:
        generate_corpus(seed=seed, n_ads=n_ads).write(Path(folder))
        counts = ads_save(read_ads(Path(folder) / "ads.jsonl"))
    analysis = pipeline.analyse(ads_frame())
    return f"screening: {counts}; {analysis.summaries.height} networks found"
