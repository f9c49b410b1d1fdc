"""The søknad file format (TOML or JSON), validated field by field with bokmål messages."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from tilskudd_flow.domain.amounts import Belop, parse_belop
from tilskudd_flow.domain.feil import UgyldigDokument
from tilskudd_flow.domain.felt import gyldig_epost
from tilskudd_flow.domain.kodeverk import MilepaelType, Side, VedleggType
from tilskudd_flow.domain.milepaeler import del_milepael
from tilskudd_flow.domain.periods import Periode, parse_periode
from tilskudd_flow.domain.soknadsskjema import les_signert_avtale
from tilskudd_flow.domain.tekst import Enlinje, Flerlinje
from tilskudd_flow.feilmeldinger import norske_feilmeldinger

Epost = Annotated[str, AfterValidator(gyldig_epost)]


class _Del(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Kontaktperson(_Del):
    navn: Enlinje = Field(min_length=1)
    epost: Epost
    side: Side
    tittel: Enlinje = ""
    organisasjon: Enlinje = ""


class BelopForAar(_Del):
    aar: int = Field(ge=2000, le=2100)
    belop: Enlinje

    @field_validator("belop")
    @classmethod
    def _ett_aars_belop(cls, tekst: str) -> str:
        belop = parse_belop(tekst)
        if belop.per_aar or belop.antall_aar:
            raise ValueError(f"«{tekst}» gjelder flere år; oppgi beløpet for dette ene året")
        return tekst

    @property
    def tolket(self) -> Belop:
        return parse_belop(self.belop)


class Budsjettlinje(_Del):
    """One line of the budget table: a cost item (kostnadspost) in one year of the project,
    with the amount applied for it; `prosjektaar` keeps the period as written
    («Prosjektår 1 (Q3 2025 – Q3 2026)»)."""

    kostnadspost: Enlinje = Field(min_length=1, max_length=300)
    aar: int = Field(ge=2000, le=2100)
    belop: Enlinje = Field(max_length=500)
    prosjektaar: Enlinje = ""

    @field_validator("belop")
    @classmethod
    def _ett_aars_belop(cls, tekst: str) -> str:
        return BelopForAar._ett_aars_belop(tekst)

    @property
    def tolket(self) -> Belop:
        return parse_belop(self.belop)


class Budsjett(_Del):
    """Field 11 as Helse Nord's form has it: what is applied for and what for, the total
    cost, the budget table, each side's contribution and the financing plan."""

    hva_midlene_skal_brukes_til: Flerlinje = ""
    kommunens_ressurser: Flerlinje = ""
    helseforetakets_ressurser: Flerlinje = ""
    finansieringsplan: Flerlinje = ""  # ved oppstart
    finansieringsplan_videreforing: Flerlinje = ""  # ved evt. videreføring
    sokt: Enlinje = ""
    totalkostnad: Enlinje = ""
    fra_aar: int | None = Field(default=None, ge=2000, le=2100)
    per_aar: list[BelopForAar] = Field(default_factory=list)
    linjer: list[Budsjettlinje] = Field(default_factory=list)

    @field_validator("sokt", "totalkostnad")
    @classmethod
    def _kan_tolkes(cls, tekst: str) -> str:
        if tekst:
            parse_belop(tekst)
        return tekst

    @field_validator("per_aar")
    @classmethod
    def _hvert_aar_en_gang(cls, rader: list[BelopForAar]) -> list[BelopForAar]:
        aar = [rad.aar for rad in rader]
        doble = sorted({a for a in aar if aar.count(a) > 1})
        if doble:
            raise ValueError(f"året {', '.join(map(str, doble))} er oppgitt flere ganger")
        return rader

    @model_validator(mode="after")
    def _per_aar_eller_fordeling(self) -> Budsjett:
        if self.sokt and not self.per_aar:
            belop = parse_belop(self.sokt)
            if belop.per_aar and belop.antall_aar and self.fra_aar is None:
                raise ValueError("oppgi fra_aar når søknadsbeløpet er per år over flere år")
        return self

    def belop_per_aar(self) -> dict[int, Belop]:
        """Amounts per year: as listed, or spread from «2 millioner per år over 5 år»."""
        if self.per_aar:
            return {rad.aar: rad.tolket for rad in self.per_aar}
        if not self.sokt:
            return {}
        belop = parse_belop(self.sokt)
        if belop.per_aar and belop.antall_aar and self.fra_aar is not None:
            return {self.fra_aar + i: belop for i in range(belop.antall_aar)}
        return {}


class Nytterad(_Del):
    forventet_nytte: Enlinje = Field(min_length=1)
    hvem_far_nytte: Enlinje = ""
    ansvarlig: Enlinje = ""
    maling: Enlinje = ""
    hvordan_male: Enlinje = ""
    forutsetninger: Enlinje = ""
    tidshorisont: Enlinje = ""


class Milepaelrad(_Del):
    """One milestone: its name and time, or one line «Navn: tid» (then split)."""

    beskrivelse: Enlinje = Field(min_length=1)
    tid: Enlinje = Field(default="", validate_default=True)
    type: MilepaelType = MilepaelType.MILEPAEL

    @model_validator(mode="before")
    @classmethod
    def _del_navn_og_tid(cls, rad: Any) -> Any:
        if isinstance(rad, str):
            delt = del_milepael(rad)
            return {"beskrivelse": delt.navn, "tid": delt.tid}
        if isinstance(rad, dict) and not str(rad.get("tid") or "").strip():
            delt = del_milepael(str(rad.get("beskrivelse") or ""))
            return {**rad, "beskrivelse": delt.navn, "tid": delt.tid}
        return rad

    @field_validator("tid")
    @classmethod
    def _kan_tolkes(cls, tekst: str) -> str:
        if not tekst.strip():
            raise ValueError(
                "tidspunktet mangler; skriv det i tidsfeltet eller som «Navn: tid», "
                "f.eks. «Oppstart: høsten 2025»"
            )
        parse_periode(tekst)
        return tekst

    @property
    def periode(self) -> Periode:
        return parse_periode(self.tid)


class Vedleggsrad(_Del):
    type: VedleggType
    fil: Enlinje = Field(min_length=1)


class Soknadsfil(_Del):
    """A søknad as the applicants wrote it; every field of Helse Nord's form."""

    runde: int = Field(ge=2000, le=2100)
    prosjektnavn: Enlinje = Field(min_length=1, max_length=300)
    prosjekteiere: Flerlinje = ""  # a textarea: one owner a line
    kommuner: list[Enlinje] = Field(default_factory=list)
    stotter: list[Enlinje] = Field(default_factory=list)
    helseforetak: Enlinje = ""
    kontaktpersoner: list[Kontaktperson] = Field(default_factory=list)
    signert_avtale: Enlinje = ""
    beskrivelse: Flerlinje = ""
    nytte: Flerlinje = ""
    nyttetabell: list[Nytterad] = Field(default_factory=list)
    formaal: Flerlinje = ""
    budsjett: Budsjett = Field(default_factory=Budsjett)
    pasientansvar: Flerlinje = ""
    digitale_losninger: Flerlinje = ""
    prosjektplan: Flerlinje = ""
    milepaeler: list[Milepaelrad] = Field(default_factory=list)
    involvering: Flerlinje = ""
    vedlegg: list[Vedleggsrad] = Field(default_factory=list)

    @field_validator("signert_avtale")
    @classmethod
    def _gyldig_dato_i_felt_7(cls, tekst: str) -> str:
        les_signert_avtale(tekst)
        return tekst

    @property
    def signert_avtale_dato(self) -> date | None:
        """The date field 7 gives: the agreement's, or the confirmation's (text kept beside)."""
        return les_signert_avtale(self.signert_avtale).dato


def les_soknadsfil(sti: Path) -> Soknadsfil:
    """Read and validate a .toml or .json søknad; errors name the field and the problem."""
    innhold = _les_dokument(sti)
    try:
        return Soknadsfil.model_validate(innhold)
    except ValidationError as feil:
        meldinger = "; ".join(norske_feilmeldinger(feil))
        raise UgyldigDokument(f"{sti.name}: {meldinger}") from None


def _les_dokument(sti: Path) -> dict[str, Any]:
    if not sti.exists():
        raise UgyldigDokument(f"Finner ikke filen {sti}")
    try:
        if sti.suffix.lower() == ".json":
            innhold = json.loads(sti.read_text(encoding="utf-8"))
        elif sti.suffix.lower() == ".toml":
            innhold = tomllib.loads(sti.read_text(encoding="utf-8"))
        else:
            raise UgyldigDokument(f"{sti.name}: bruk en .toml- eller .json-fil")
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as feil:
        raise UgyldigDokument(f"{sti.name} kan ikke leses: {feil}") from None
    if not isinstance(innhold, dict):
        raise UgyldigDokument(f"{sti.name} må inneholde en tabell med søknadens felt")
    return innhold
