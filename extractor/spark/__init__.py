"""Apache Spark runner (optional: ``pip install cnie[spark]``).

``extractor.spark.run`` holds the Spark code (``from extractor.spark.run import run``, and
``cross_document_flags``, ``read_files``, ``run_files``, ``session``);
``extractor.spark.schema`` the Spark schemas derived from ``extractor.models``;
``extractor.spark.commands`` the ``cnie spark`` command. Importing this package does not import
PySpark: the names below are loaded on first use
(``run`` itself is not among them: ``extractor.spark.run`` is the module).
"""
from __future__ import annotations

_LAZY = {"cross_document_flags": "run", "run_files": "run", "read_files": "run",
         "extract_files": "run", "write_result": "run",
         "session": "run", "SparkResult": "run"}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f"{__name__}.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
