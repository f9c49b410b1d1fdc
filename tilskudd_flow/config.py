"""Typed settings: config.toml, overridden by TILSKUDD_* environment variables."""

from __future__ import annotations

import os
import tomllib
from datetime import date, time
from pathlib import Path
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from tilskudd_flow.feilmeldinger import norske_feilmeldinger

CONFIG_ENV = "TILSKUDD_CONFIG"


class UgyldigKonfigurasjon(Exception):
    """The configuration cannot be used; the message names the key and the reason."""


class _Seksjon(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DatabaseInnstillinger(_Seksjon):
    url: str = ""
    sqlite_synchronous: Literal["FULL", "NORMAL", "EXTRA"] = "FULL"
    sqlite_busy_timeout_ms: int = Field(default=10_000, ge=0)


class HelsefellesskapInnstillinger(_Seksjon):
    navn: str = Field(min_length=1)
    avsender: str = Field(min_length=3)
    svar_til: str = ""
    mottakere: dict[str, list[str]] = Field(default_factory=dict)


Virkedagregel = Literal["ingen", "fremover", "bakover"]


class FristRegel(_Seksjon):
    """A yearly deadline: day and month, the year relative to the round or year it serves."""

    navn: str = Field(min_length=1)
    maaned: int = Field(ge=1, le=12)
    dag: int = Field(ge=1, le=31)
    aar: int = Field(default=0, ge=-2, le=2)
    virkedag: Virkedagregel = "ingen"
    klokkeslett: time = time(23, 59, 59)

    @field_validator("dag")
    @classmethod
    def _dag_finnes_i_maaneden(cls, dag: int, info: ValidationInfo) -> int:
        maaned = info.data.get("maaned")
        if maaned is not None:
            try:
                date(2000, maaned, dag)  # 2000 is a leap year: 29 February is allowed
            except ValueError:
                raise ValueError(f"dag {dag} finnes ikke i måned {maaned}") from None
        return dag


class SmtpInnstillinger(_Seksjon):
    host: str = ""
    port: int = Field(default=25, ge=1, le=65535)
    sikkerhet: Literal["ingen", "starttls", "tls"] = "ingen"
    brukernavn: str = ""
    passord: SecretStr = SecretStr("")


class VarselInnstillinger(_Seksjon):
    maler: Path = Path("notifications")


class ArbeidsflytInnstillinger(_Seksjon):
    pakker: list[str] = Field(default_factory=lambda: ["workflows"])


class Innstillinger(BaseSettings):
    """Everything the engine reads from configuration, loaded once at start-up."""

    model_config = SettingsConfigDict(
        env_prefix="TILSKUDD_", env_nested_delimiter="__", extra="forbid"
    )

    data_dir: Path = Path("data")
    tidssone: str = "Europe/Oslo"
    base_url: str = "http://127.0.0.1:8000"
    standard_helsefellesskap: str = "helgeland"
    database: DatabaseInnstillinger = Field(default_factory=DatabaseInnstillinger)
    smtp: SmtpInnstillinger = Field(default_factory=SmtpInnstillinger)
    varsler: VarselInnstillinger = Field(default_factory=VarselInnstillinger)
    arbeidsflyt: ArbeidsflytInnstillinger = Field(default_factory=ArbeidsflytInnstillinger)
    helsefellesskap: dict[str, HelsefellesskapInnstillinger] = Field(default_factory=dict)
    frister: dict[str, FristRegel] = Field(default_factory=dict)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The environment wins over the file, so secrets never need to be in config.toml.
        return (env_settings, init_settings)

    @field_validator("tidssone")
    @classmethod
    def _kjent_tidssone(cls, navn: str) -> str:
        try:
            ZoneInfo(navn)
        except (ZoneInfoNotFoundError, ValueError) as feil:
            raise ValueError(f"ukjent tidssone «{navn}»") from feil
        return navn

    @property
    def sone(self) -> ZoneInfo:
        return ZoneInfo(self.tidssone)

    def database_url(self) -> str:
        """The configured URL, or a SQLite file in the data directory."""
        if self.database.url:
            return self.database.url
        return f"sqlite:///{self.data_dir / 'tilskudd.db'}"

    def helsefellesskap_innstillinger(self, kode: str) -> HelsefellesskapInnstillinger:
        try:
            return self.helsefellesskap[kode]
        except KeyError:
            raise UgyldigKonfigurasjon(
                f"helsefellesskap.{kode}: mangler i konfigurasjonen"
            ) from None


def finn_konfigurasjonsfil(oppgitt: Path | None = None) -> Path:
    """The config file: the given path, $TILSKUDD_CONFIG, or ./config.toml."""
    if oppgitt is not None:
        return oppgitt
    return Path(os.environ.get(CONFIG_ENV, "config.toml"))


def last_innstillinger(fil: Path | None = None) -> Innstillinger:
    """Read and validate the configuration; relative paths are relative to the file."""
    sti = finn_konfigurasjonsfil(fil)
    innhold = _les_toml(sti)
    try:
        innstillinger = Innstillinger(**cast(dict[str, Any], innhold))
    except ValidationError as feil:
        linjer = "; ".join(norske_feilmeldinger(feil))
        raise UgyldigKonfigurasjon(f"Ugyldig konfigurasjon i {sti}: {linjer}") from None
    return _med_absolutte_stier(innstillinger, sti.resolve().parent)


def _les_toml(sti: Path) -> dict[str, object]:
    if not sti.exists():
        raise UgyldigKonfigurasjon(f"Finner ikke konfigurasjonsfilen {sti}")
    try:
        with sti.open("rb") as fil:
            return tomllib.load(fil)
    except tomllib.TOMLDecodeError as feil:
        raise UgyldigKonfigurasjon(f"Ugyldig TOML i {sti}: {feil}") from None


def _med_absolutte_stier(innstillinger: Innstillinger, mappe: Path) -> Innstillinger:
    data_dir = innstillinger.data_dir
    maler = innstillinger.varsler.maler
    return innstillinger.model_copy(
        update={
            "data_dir": data_dir if data_dir.is_absolute() else mappe / data_dir,
            "varsler": innstillinger.varsler.model_copy(
                update={"maler": maler if maler.is_absolute() else mappe / maler}
            ),
        }
    )
