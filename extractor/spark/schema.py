"""Spark schemas derived from the pydantic models in ``extractor.models`` (never written by hand).

Every output table is a model's fields turned into a ``StructType`` through their annotations:
``str`` -> string, ``int`` -> long, ``float`` -> double, ``bool`` -> boolean, ``Literal`` ->
string, ``X | None`` -> nullable, ``list[X]`` and homogeneous ``tuple[X, ...]`` -> array, a nested
model -> struct. A field added to a model appears in the Parquet output without a change here.

Tables (each row carries ``doc_id``, and ``doc_seq``: the document's position in the input, so that
cross-document checks see documents in the same order as the single-process path):

* ``documents``: ``Document`` without its mentions, records and flags, plus ``error`` (why the
  document has no extraction) and ``doc_seq``;
* ``mentions``: the fields every mention has (``MentionBase``: type, start, end, text, zone, rule,
  warnings) at the top level, and one struct column per mention type (``quantity``, ``date``,
  ``place``, ``program``) holding that type's own fields (``quantity.value`` is a double,
  ``date.value`` a string: the types disagree, so they cannot share a flat column); ``seq`` is the
  mention's position in ``Document.mentions``;
* ``records``: ``IndicatorRecord``'s fields, ``seq`` its position in ``Document.records``;
* ``flags``: ``QAFlag``'s fields (``evidence`` a struct); cross-document flags have ``doc_id``
  ``"*"`` (as ``cnie qa -o`` writes them).

``to_spark(value, dtype)`` turns ``model_dump()`` output into values Spark accepts for a type;
``mention_from_row``/``record_from_row``/``flag_from_row`` rebuild (and so validate) the models.
"""
from __future__ import annotations

import types
import typing
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pyspark.sql import types as T

from ..models import Document, IndicatorRecord, Mention, MentionBase, QAFlag

CROSS_DOC_ID = "*"
DOCUMENT_EXCLUDE = ("mentions", "records", "flags")


# ----------------------------------------------------------------------- annotations -> Spark

def spark_type(annotation: Any) -> tuple[T.DataType, bool]:
    """The Spark type of a field annotation, and whether it may be null."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return spark_type(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        args = get_args(annotation)
        present = [a for a in args if a is not type(None)]
        if len(present) != 1:
            raise TypeError(f"no single Spark type for the union {annotation!r}")
        dtype, _ = spark_type(present[0])
        return dtype, len(present) < len(args) or _
    if origin is Literal:
        kinds = {type(v) for v in get_args(annotation)}
        if kinds <= {str}:
            return T.StringType(), False
        if kinds <= {int}:
            return T.LongType(), False
        raise TypeError(f"mixed Literal {annotation!r}")
    if origin is list:
        elem, elem_null = spark_type(get_args(annotation)[0])
        return T.ArrayType(elem, containsNull=elem_null), False
    if origin is tuple:
        args = [a for a in get_args(annotation) if a is not Ellipsis]
        elems = {spark_type(a) for a in args}
        if len(elems) != 1:
            raise TypeError(f"heterogeneous tuple {annotation!r}")
        elem, elem_null = elems.pop()
        return T.ArrayType(elem, containsNull=elem_null), False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_struct(annotation), False
    simple = {str: T.StringType(), int: T.LongType(), float: T.DoubleType(),
              bool: T.BooleanType()}
    if annotation in simple:
        return simple[annotation], False
    raise TypeError(f"no Spark type for {annotation!r}")


def model_struct(model: type[BaseModel], exclude: tuple[str, ...] = ()) -> T.StructType:
    """A model's fields, in declaration order, as a ``StructType``."""
    fields = []
    for name, info in model.model_fields.items():
        if name in exclude:
            continue
        dtype, nullable = spark_type(info.annotation)
        fields.append(T.StructField(name, dtype, nullable))
    return T.StructType(fields)


# ---------------------------------------------------------------------------- mention layout

def mention_models() -> dict[str, type[MentionBase]]:
    """``type`` value -> model, read from the discriminated union ``models.Mention``."""
    union = get_args(Mention)[0]  # Annotated[Union[...], Field(discriminator="type")]
    return {cls.model_fields["type"].default: cls for cls in get_args(union)}


MENTION_MODELS = mention_models()
BASE_FIELDS = tuple(MentionBase.model_fields)


def mention_type_struct(model: type[MentionBase]) -> T.StructType:
    """The fields a mention type adds to ``MentionBase``."""
    return model_struct(model, exclude=BASE_FIELDS)


def mention_struct() -> T.StructType:
    base = model_struct(MentionBase)
    extra = [T.StructField(typ, mention_type_struct(model), True)
             for typ, model in MENTION_MODELS.items()]
    return T.StructType(list(base.fields) + extra)


def record_struct() -> T.StructType:
    return model_struct(IndicatorRecord)


def flag_struct() -> T.StructType:
    return model_struct(QAFlag)


def document_struct() -> T.StructType:
    """``Document`` less the lists that have their own tables, plus ``error``."""
    base = model_struct(Document, exclude=DOCUMENT_EXCLUDE)
    return T.StructType(list(base.fields) + [T.StructField("error", T.StringType(), True)])


def _keyed(struct: T.StructType, seq: bool) -> T.StructType:
    keys = [T.StructField("doc_id", T.StringType(), False),
            T.StructField("doc_seq", T.LongType(), True)]
    if seq:
        keys.append(T.StructField("seq", T.LongType(), False))
    return T.StructType(keys + list(struct.fields))


def extraction_struct() -> T.StructType:
    """One row per input document as the partition function yields it: the document's
    columns, ``doc_seq``, and its mentions, records and flags as arrays."""
    return T.StructType(
        [T.StructField("doc_seq", T.LongType(), True)]
        + list(document_struct().fields)
        + [T.StructField("mentions", T.ArrayType(mention_struct(), False), False),
           T.StructField("records", T.ArrayType(record_struct(), False), False),
           T.StructField("flags", T.ArrayType(flag_struct(), False), False)])


# The tables written to Parquet (what ``run`` returns, column for column).
def documents_schema() -> T.StructType:
    return T.StructType([T.StructField("doc_seq", T.LongType(), True)]
                        + list(document_struct().fields))


def mentions_schema() -> T.StructType:
    return _keyed(mention_struct(), seq=True)


def records_schema() -> T.StructType:
    return _keyed(record_struct(), seq=True)


def flags_schema() -> T.StructType:
    return _keyed(flag_struct(), seq=False)


# ------------------------------------------------------------------------- python -> Spark

def to_spark(value: Any, dtype: T.DataType) -> Any:
    """A model (or its ``model_dump()``) as Spark accepts it for ``dtype`` (structs as
    tuples, read field by field: no intermediate dict for a model)."""
    if value is None:
        return None
    if isinstance(dtype, T.StructType):
        if isinstance(value, dict):
            return tuple(to_spark(value.get(f.name), f.dataType) for f in dtype.fields)
        return tuple(to_spark(getattr(value, f.name, None), f.dataType) for f in dtype.fields)
    if isinstance(dtype, T.ArrayType):
        return [to_spark(v, dtype.elementType) for v in value]
    if isinstance(dtype, T.DoubleType):
        return float(value)
    if isinstance(dtype, T.LongType):
        return int(value)
    if isinstance(dtype, T.BooleanType):
        return bool(value)
    return value


def mention_to_spark(mention: MentionBase, struct: T.StructType | None = None) -> tuple:
    """A mention as a ``mention_struct()`` row: base fields, then its type's struct."""
    struct = struct or mention_struct()
    out = []
    for f in struct.fields:
        if f.name in BASE_FIELDS:
            out.append(to_spark(getattr(mention, f.name), f.dataType))
        elif f.name == mention.type:
            out.append(to_spark(mention, f.dataType))
        else:
            out.append(None)
    return tuple(out)


# ------------------------------------------------------------------------- Spark -> python

def _plain(value: Any) -> Any:
    if hasattr(value, "asDict"):
        return {k: _plain(v) for k, v in value.asDict().items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def mention_from_row(row) -> MentionBase:
    """The pydantic mention a ``mentions`` row stands for (validated)."""
    data = _plain(row)
    typ = data["type"]
    fields = {k: data[k] for k in BASE_FIELDS}
    fields.update(data.get(typ) or {})
    return MENTION_MODELS[typ].model_validate(fields)


def record_from_row(row) -> IndicatorRecord:
    data = _plain(row)
    return IndicatorRecord.model_validate({k: data[k] for k in IndicatorRecord.model_fields})


def flag_from_row(row) -> QAFlag:
    data = _plain(row)
    return QAFlag.model_validate({k: data[k] for k in QAFlag.model_fields})
