"""All per-ad features in one pass over the ad table (docs/screening-analysis.md#pipeline).

``ad_features(ads)`` returns the ad table with a ``row`` number and the feature columns the
linking and the score use: identifiers found (phones in E.164, e-mails, handles, URLs), whether the
phone was obscured, the language, claimed age/name/nationality/city (from the fields, or from the
text when the site has no field), and the matched indicator ids.
"""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
import polars as pl

from spor.screening.features import identifiers, indicators
from spor.screening.features.text import _CONFUSABLES

_AGE = re.compile(r"\b(\d{2}) ?(?:år|years?|yo|y\.o\.|anni|años|ani)\b|\b(?:age|alder)[: ]+(\d{2})\b", re.I)
_NAME = re.compile(
    r"\b(?:jeg hedder|mit navn er|my name is|i am|i'm|jeg er|me llamo|mă numesc|ma numesc)"
    r"\s+([A-ZÆØÅ][a-zæøåäöüé]{1,14})\b"
)
_NAME_STOP = {
    "En",
    "Et",
    "Den",
    "Sød",
    "Ny",
    "Ung",
    "In",
    "A",
    "An",
    "The",
    "Here",
    "New",
    "Sweet",
    "Young",
    "Available",
}
#: Nationality words (Danish and English, any case) -> one label used across languages.
NATIONALITY_WORDS = {
    "thailandsk": "thai", "thai": "thai", "rumænsk": "romanian", "romanian": "romanian", "spansk": "spanish",
    "spanish": "spanish", "latina": "latina", "brasiliansk": "brazilian", "brazilian": "brazilian",
    "nigeriansk": "nigerian", "nigerian": "nigerian", "afrikansk": "african", "african": "african",
    "dansk": "danish", "danish": "danish", "ungarsk": "hungarian", "hungarian": "hungarian",
    "kinesisk": "chinese", "chinese": "chinese", "asiatisk": "asian", "asian": "asian",
    "colombiansk": "colombian", "colombian": "colombian", "bulgarsk": "bulgarian", "bulgarian": "bulgarian",
    "russisk": "russian", "russian": "russian", "polsk": "polish", "polish": "polish",
}  # fmt: skip
_NATIONALITY = re.compile(r"\b(" + "|".join(NATIONALITY_WORDS) + r")\b(?! (?:og|and) (?:godt|good|lidt|a little))")
CITIES = (
    "københavn", "copenhagen", "aarhus", "odense", "aalborg", "esbjerg", "randers", "kolding", "horsens",
    "vejle", "roskilde", "herning", "silkeborg", "næstved", "fredericia", "viborg", "holstebro", "helsingør",
)  # fmt: skip
_CITY = re.compile(r"\b(" + "|".join(CITIES) + r")\b")


def folded(text: pl.Expr) -> pl.Expr:
    """NFKC, look-alike letters folded, lower case (for indicator patterns)."""
    return (
        text.str.normalize("NFKC").str.replace_many(list(_CONFUSABLES), list(_CONFUSABLES.values())).str.to_lowercase()
    )


def _e164(values: list[str] | None) -> list[str]:
    out = []
    for value in values or []:
        try:
            number = phonenumbers.parse(value, identifiers.DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            out.append(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return out


_DA_WORDS = frozenset(
    ["og", "jeg", "er", "på", "til", "med", "det", "du", "mig", "har", "ikke", "kun", "hos", "min", "dig", "vil", "hej"]
)
_EN_WORDS = frozenset(
    ["and", "am", "the", "to", "with", "my", "you", "in", "me", "have", "not", "only", "is", "are", "your", "will"]
)
_WORD = re.compile(r"[a-zæøå]+")
_FEATURES = frozenset(
    ("row", "phones_found", "emails_found", "handles", "urls", "obscured_phone", "language", "claimed_age")
) | frozenset(("claimed_name", "claimed_nationality", "claimed_city", "indicators"))


def _language(texts: list[str]) -> list[str]:
    """ISO 639-1 language: Danish or English by function words when they clearly decide (cheap),
    else py3langid (Lui and Baldwin 2012), which costs about half a millisecond an ad."""
    import py3langid

    out = []
    for text in texts:
        words = _WORD.findall(text[:400].lower())
        da = sum(word in _DA_WORDS for word in words)
        en = sum(word in _EN_WORDS for word in words)
        if max(da, en) >= 3 and min(da, en) * 3 <= max(da, en):
            out.append("da" if da > en else "en")
        else:
            out.append(py3langid.classify(text[:400])[0] if text.strip() else "")
    return out


def _claims(text: str) -> tuple[int | None, str | None, str | None, str | None]:
    folded_text = text.lower()
    age_match = _AGE.search(text)
    age = int(age_match.group(1) or age_match.group(2)) if age_match else None
    names = [n for n in _NAME.findall(text) if n not in _NAME_STOP]
    nationality = _NATIONALITY.search(folded_text)
    city = _CITY.search(folded_text)
    return (
        age if age is not None and 16 <= age <= 70 else None,
        names[0] if names else None,
        NATIONALITY_WORDS[nationality.group(1)] if nationality else None,
        city.group(1).title() if city else None,
    )


def _text_features(texts: list[str]) -> pl.DataFrame:
    """The features that depend on an ad's text alone, for each of ``texts`` (distinct texts)."""
    rows = []
    for text in texts:
        numbers = identifiers.phones_with_disguise(text)
        rows.append(
            (
                [number for number, _ in numbers],
                identifiers.emails(text),
                identifiers.handles(text),
                identifiers.urls(text),
                any(hidden for _, hidden in numbers),
                *_claims(text),
            )
        )
    schema: dict[str, Any] = {
        "_phones_text": pl.List(pl.String),
        "emails_found": pl.List(pl.String),
        "handles": pl.List(pl.String),
        "urls": pl.List(pl.String),
        "obscured_phone": pl.Boolean,
        "_text_age": pl.Int64,
        "_text_name": pl.String,
        "_text_nationality": pl.String,
        "_text_city": pl.String,
    }
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return frame.with_columns(pl.Series("_full", texts, dtype=pl.String), pl.Series("language", _language(texts)))


def ad_features(ads: pl.DataFrame) -> pl.DataFrame:
    """The ad table plus ``row`` and the feature columns (see the module docstring).

    Python runs once per *distinct* text (a copied text or a re-posted ad costs nothing more) and
    once per distinct source phone string; everything else is a polars expression over the columns.
    The result depends on each ad's own fields only, so any partition of the table (a batch, a
    Dask partition) gives the same rows as the whole.
    """
    full = (ads["title"].fill_null("") + "\n" + ads["text"].fill_null("")).alias("_full")
    per_text = _text_features(full.unique().sort().to_list())
    given = ads.select(pl.col("phones").alias("_given")).with_row_index("_r").explode("_given").drop_nulls()
    distinct_given = given["_given"].unique().sort().to_list()
    parsed = dict(zip(distinct_given, [_e164([v]) for v in distinct_given], strict=True))
    given_e164 = (
        given.with_columns(pl.col("_given").replace_strict(parsed, return_dtype=pl.List(pl.String)))
        .explode("_given")
        .drop_nulls()
        .group_by("_r", maintain_order=True)
        .agg(pl.col("_given"))
    )
    frame = (
        ads.with_row_index("row")
        .with_columns(pl.col("row").cast(pl.Int64), full)
        .join(given_e164, left_on="row", right_on=pl.col("_r").cast(pl.Int64), how="left", maintain_order="left")
        .join(per_text, on="_full", how="left", maintain_order="left")
        .with_columns(
            pl.concat_list(pl.col("_given").fill_null([]), "_phones_text")
            .list.unique(maintain_order=True)
            .alias("phones_found")
        )
    )
    return _with_claims(frame)


def _with_claims(frame: pl.DataFrame) -> pl.DataFrame:
    field_nat = (
        pl.col("nationality").fill_null("").str.to_lowercase().str.extract(r"(" + "|".join(NATIONALITY_WORDS) + r")")
    )
    frame = frame.with_columns(
        pl.coalesce(pl.col("age"), "_text_age").alias("claimed_age"),
        pl.coalesce(pl.col("name"), "_text_name").alias("claimed_name"),
        pl.coalesce(field_nat.replace_strict(NATIONALITY_WORDS, default=None), "_text_nationality").alias(
            "claimed_nationality"
        ),
        pl.coalesce(pl.col("city"), "_text_city").alias("claimed_city"),
    ).select(
        "row",
        *(c for c in frame.columns if not c.startswith("_") and c not in _FEATURES),
        "phones_found",
        "emails_found",
        "handles",
        "urls",
        "obscured_phone",
        "language",
        "claimed_age",
        "claimed_name",
        "claimed_nationality",
        "claimed_city",
    )
    text_hits = indicators.matches(folded(pl.col("title").fill_null("") + " " + pl.col("text").fill_null("")))
    computed = pl.concat_list(
        pl.when(pl.col("obscured_phone")).then(pl.lit("obscured_phone")),
        pl.when(pl.col("claimed_nationality").is_not_null()).then(pl.lit("stated_ethnicity")),
    ).list.drop_nulls()
    return frame.with_columns(pl.concat_list(text_hits, computed).alias("indicators"))
