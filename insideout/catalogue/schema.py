"""The shape of the catalogue files, checked by pydantic when they are loaded.

Every number the method relies on lives in a YAML file under this package, each entry citing an
evidence id from the register (``evidence.yaml``, extracted from the project's evidence reference,
plus ``design.yaml`` for insideout's own design records, ids ``IO-…``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["BandFile", "EvidenceEntry", "RuleFile", "TestFile"]

Strict = ConfigDict(extra="forbid", frozen=True)


class EvidenceEntry(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)
    id: str = Field(pattern=r"^(EV|IO)-[A-Z0-9-]+$")
    status: Literal["V", "S", "U", "D"]
    fact: str = Field(min_length=1)
    source: str = ""


class BandFile(BaseModel):
    model_config = Strict
    value: float
    sex: Literal["female", "male"] | None = None
    min_age: int | None = Field(default=None, ge=0)
    max_age: int | None = Field(default=None, ge=0)


class AlsoFile(BaseModel):
    model_config = Strict
    quantity: Literal["value", "diff", "lsi"]
    op: Literal["<", "<=", ">", ">="]
    threshold: float


class NormFile(BaseModel):
    """A cut-off from a published normative equation: intercept + per_year_of_age x age +
    male (for a man), minus sds_below x sd (e.g. EV-HHD-NORM)."""

    model_config = Strict
    intercept: float
    per_year_of_age: float
    male: float
    sd: float = Field(gt=0)
    sds_below: float = Field(ge=0)


class RuleFile(BaseModel):
    model_config = Strict
    id: str = Field(pattern=r"^[a-z_]+\.[a-z_]+$")
    kind: Literal["norm", "asymmetry", "hypermobility"]
    quantity: Literal["value", "diff", "lsi"] = "value"
    op: Literal["<", "<=", ">", ">="]
    threshold: float | None = None
    norm: NormFile | None = None
    bands: list[BandFile] = []
    also: list[AlsoFile] = []
    need: Literal["mobility", "stability"] | None = None
    evidence: str
    sources: list[str] = []
    error: float = Field(ge=0)
    error_evidence: str
    supporting: bool = False
    text: str = Field(min_length=10)

    @model_validator(mode="after")
    def _consistent(self) -> RuleFile:
        if (self.threshold is None) == (self.norm is None):
            raise ValueError("give either a threshold or a norm (an equation by age and sex)")
        if self.norm is not None and (self.kind != "norm" or self.bands):
            raise ValueError("a norm equation belongs to a norm rule, without bands")
        if self.kind == "hypermobility":
            if self.need is not None:
                raise ValueError("a hypermobility rule has no need (it redirects others)")
        elif self.need is None:
            raise ValueError("need is required (mobility or stability)")
        if self.kind == "asymmetry" and self.quantity == "value":
            raise ValueError("an asymmetry rule compares sides: quantity must be diff or lsi")
        if self.kind != "asymmetry" and self.quantity != "value":
            raise ValueError("a norm rule reads the value: quantity must be value")
        return self


class RangeFile(BaseModel):
    model_config = Strict
    min: float
    max: float
    integer: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> RangeFile:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        return self


class DerivedFile(BaseModel):
    model_config = Strict
    formula: Literal["reach_composite"]
    inputs: list[str] = Field(min_length=1)
    per: str
    evidence: str


class MobilityFirstFile(BaseModel):
    model_config = Strict
    test: str
    evidence: str


class TestFile(BaseModel):
    model_config = Strict
    version: int = Field(ge=1)
    id: str = Field(pattern=r"^[a-z_]+$")
    code: str
    name: str = Field(min_length=3)
    summary: str = Field(min_length=10)
    regions: list[Literal["foot_ankle", "knee", "hip", "trunk"]]
    quality: Literal["mobility", "stability", "strength", "control", "laxity", "anthropometry"]
    unit: str
    scored_as: str = ""
    per_side: bool
    better: Literal["higher", "lower"]
    range: RangeFile
    equipment: list[str]
    protocol: list[str]
    watch_for: list[str] = []
    pain_value: float | None = None
    evidence: list[str] = Field(min_length=1)
    rules: list[RuleFile] = []
    derived: DerivedFile | None = None
    mobility_first: MobilityFirstFile | None = None
    # another test this one stands for (same quality, another unit): a region that requires that
    # test is measured when either is
    alternative_to: str | None = None

    @model_validator(mode="after")
    def _rules_belong(self) -> TestFile:
        if self.alternative_to == self.id:
            raise ValueError("alternative_to: a test cannot stand for itself")
        for i, rule in enumerate(self.rules):
            if not rule.id.startswith(self.id + "."):
                raise ValueError(f"rules[{i}].id {rule.id!r} must start with {self.id + '.'!r}")
            if rule.kind == "asymmetry" and not self.per_side:
                raise ValueError(f"rules[{i}]: an asymmetry rule needs a per-side test")
            if rule.quantity == "lsi" and self.better != "higher":
                raise ValueError(f"rules[{i}]: LSI is defined for tests where higher is better")
        if self.derived is None and len(self.protocol) < 3:
            raise ValueError("protocol: a runner needs at least three steps to follow alone")
        return self
