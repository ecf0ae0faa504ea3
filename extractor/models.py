"""Output models: the single source of the JSON schema (``cnie schema`` writes ``schemas/``).

Field names follow ``../shared/eval/CONTRACT.md`` so the scorer reads our output directly:
every mention has ``type/start/end/text`` plus the normalization fields of its type at the top
level. Offsets are Python ``str`` indices into the document text exactly as it was given
(original script, pinyin annotations and all), so ``text == document.text[start:end]``.
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

Zone = Literal["header", "body", "boilerplate"]
Approx = Literal["over", "under", "about"]
Change = Literal["increase", "decrease"]
PlaceLevel = Literal["country", "province", "prefecture", "county", "township", "village", "other"]
ProgramKind = Literal["campaign", "project", "mechanism", "model", "brand", "document", "slogan", "other"]


def set_fields(model: BaseModel, values: dict) -> None:
    """``model.name = value`` for each item, in one step, for values of the declared types.

    Without ``validate_assignment`` (our models have none) pydantic's ``__setattr__`` only
    stores the value and marks the field as set, after a dispatch per attribute (~1 µs); the
    pipeline updates ~100k fields on a large corpus (offsets mapped back, attribution), so
    this does the same two things for all of a model's fields at once."""
    if model.model_config.get("validate_assignment"):
        for name, value in values.items():
            setattr(model, name, value)
        return
    model.__dict__.update(values)
    model.__pydantic_fields_set__.update(values)


class MentionBase(BaseModel):
    """What every mention carries: where it is, what it says, and why it was found."""

    model_config = ConfigDict(extra="forbid")

    type: str
    start: int = Field(ge=0, description="start offset in the original text (inclusive)")
    end: int = Field(gt=0, description="end offset in the original text (exclusive)")
    text: str = Field(description="the original text between start and end")
    zone: Zone | None = Field(None, description="the page part the mention is in")
    rule: str | None = Field(None, description="id of the rule that produced the mention")
    warnings: list[str] = Field(default_factory=list, description="problems found in the value")


class QuantityMention(MentionBase):
    """A reported figure: a number with its counter or unit and qualifier."""

    type: Literal["quantity"] = "quantity"
    value: float | None = Field(None, description="number after multipliers; null for a vague range")
    value_max: float | None = Field(None, description="upper end of an approximate range (五六次)")
    unit: str | None = Field(None, description="counter or unit, simplified, multiplier removed")
    approx: Approx | None = None
    indicator: str | None = Field(None, description="what the figure counts or measures")
    place: str | None = Field(None, description="standard name of the place it is about")
    period: str | None = Field(None, description="date value (contract form) it refers to")
    change: Change | None = Field(None, description="direction, when the figure is itself a change")


class DateMention(MentionBase):
    """A calendar point or period; ``value`` in ISO form at the text's own precision."""

    type: Literal["date"] = "date"
    value: str | None = Field(None, description="ISO 8601 point, A/B interval, or open ../B, A/..")


class PlaceMention(MentionBase):
    """A toponym resolved, where possible, to the division in force on the publication date."""

    type: Literal["place"] = "place"
    name: str | None = None
    level: PlaceLevel | None = None
    adcode: str | None = Field(None, pattern=r"^\d{6}$")
    parent: str | None = Field(None, description="adcode or name of the enclosing division")
    candidates: list[str] = Field(default_factory=list, description="adcodes left open by the text")


class ProgramMention(MentionBase):
    """A named initiative, campaign, mechanism, model, brand or policy document."""

    type: Literal["program"] = "program"
    name: str | None = None
    kind: ProgramKind | None = None
    program_id: str | None = Field(None, description="shared by repeated mentions of one programme")
    reason: str | None = Field(None, description="why the classifier took it for a programme")


Mention = Annotated[
    Union[QuantityMention, DateMention, PlaceMention, ProgramMention], Field(discriminator="type")
]


class Metadata(BaseModel):
    """Page metadata found in the header and footer (or given by a JSONL record / manifest)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    published: str | None = Field(None, description="ISO date or date-time as precise as given")
    source: str | None = None
    author: str | None = None
    editors: list[str] = Field(default_factory=list)
    url: str | None = None
    script: Literal["simplified", "traditional"] | None = None


class LineInfo(BaseModel):
    """One line of the document and what part of the page it is."""

    model_config = ConfigDict(extra="forbid")

    start: int
    end: int
    zone: Zone
    kind: str = Field(description="title, dateline, byline, body, nav, share, editor, caption ...")


RecordLinkKind = Literal["from_to", "part_of", "rate_of", "same_value", "compared_with"]


class RecordLink(BaseModel):
    """A relation between two records of a document (``target`` is the other record's id)."""

    model_config = ConfigDict(extra="forbid")

    kind: RecordLinkKind
    target: str


class IndicatorRecord(BaseModel):
    """One reported figure as an achievement: what it measures, where, when, under which
    programme, and how it changed; the unit the achievements database stores and QA checks."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="record id, unique within the document (r1, r2 ...)")
    start: int = Field(description="offsets of the figure in the original text")
    end: int
    text: str
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    approx: Approx | None = None
    indicator: str | None = Field(None, description="what is counted or measured, normalized")
    place: str | None = Field(None, description="standard name of the place")
    place_adcode: str | None = None
    place_scope: Literal["sentence", "paragraph", "document"] | None = None
    period: str | None = Field(None, description="date value the figure refers to")
    period_scope: Literal["sentence", "paragraph", "document"] | None = None
    program: str | None = Field(None, description="name of the programme it is credited to")
    program_id: str | None = None
    change: Change | None = None
    baseline: str | None = Field(None, description="period or value compared against (同比, 比2017年)")
    links: list[RecordLink] = Field(default_factory=list)
    sentence: str = Field("", description="the sentence the figure is in (original text)")
    sentence_start: int = 0
    sentence_end: int = 0
    rules: list[str] = Field(default_factory=list, description="ids of the rules that fired")


class Evidence(BaseModel):
    """What a QA flag rests on: the records and spans, and the recomputation."""

    model_config = ConfigDict(extra="forbid")

    records: list[str] = Field(default_factory=list, description="record ids (doc:rN across docs)")
    spans: list[tuple[int, int]] = Field(default_factory=list, description="original offsets")
    texts: list[str] = Field(default_factory=list, description="the spans' text")
    recomputed: float | None = Field(None, description="the value recomputed from the others")
    tolerance: float | None = Field(None, description="allowed difference (printed precision)")
    documents: list[str] = Field(default_factory=list, description="documents involved")


class QAFlag(BaseModel):
    """A reported figure that does not add up, with the evidence to check it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    check: str = Field(description="id of the check that raised it")
    severity: Literal["error", "warning", "info"]
    message: str
    evidence: Evidence = Field(default_factory=Evidence)


class Document(BaseModel):
    """One processed document, in the form ``../shared/eval/CONTRACT.md`` scores."""

    model_config = ConfigDict(extra="forbid")

    doc: str = Field(description="file name the scorer keys on (<stem>.txt)")
    id: str
    source_path: str | None = None
    meta: Metadata = Field(default_factory=Metadata)
    text: str = Field(description="the text offsets index, exactly as decoded")
    lines: list[LineInfo] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    records: list[IndicatorRecord] = Field(default_factory=list)
    flags: list[QAFlag] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
