"""cnie: information extraction from Chinese press releases.

>>> from extractor import Pipeline
>>> doc = Pipeline().process_text("2018年，普安县贫困人口下降至5889户18151人。")
"""
from .models import Document, Metadata
from .pipeline import Pipeline

__all__ = ["Pipeline", "Document", "Metadata"]
__version__ = "0.1.0"
