"""Plain functions for users who do not want the whole pipeline.

>>> [m.text for m in extract_quantities("缴获冰毒片剂108.86公斤")]   # doctest: +SKIP
['108.86公斤']

Each runs one extractor over a text (normalized internally) and returns mentions with offsets
into the text as given.
"""
from __future__ import annotations

import datetime as dt

from .context import ExtractionContext
from .normalize import normalize


def run_finder(text: str, finder, reference: dt.date | None = None, roc_era: bool = False,
               found: dict | None = None) -> list:
    """Run one ``find_*`` over ``text`` and map its spans back to ``text``."""
    from .pipeline import to_original

    ctx = ExtractionContext(norm=normalize(text), reference=reference, roc_era=roc_era,
                            found=dict(found or {}))
    return to_original(ctx, finder(ctx))


def extract_quantities(text: str) -> list:
    from .extractors.quantities import find_quantities

    return run_finder(text, find_quantities)


def extract_dates(text: str, reference: dt.date | None = None, roc_era: bool = False) -> list:
    from .extractors.dates import find_dates

    return run_finder(text, find_dates, reference=reference, roc_era=roc_era)


def extract_places(text: str, reference: dt.date | None = None) -> list:
    from .extractors.places import find_places

    return run_finder(text, find_places, reference=reference)


def extract_programs(text: str) -> list:
    from .extractors.programs import find_programs

    return run_finder(text, find_programs)
