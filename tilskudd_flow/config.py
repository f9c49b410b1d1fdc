"""Typed settings: config.toml, overridden by TILSKUDD_* environment variables."""

from __future__ import annotations

import os
import tomllib
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from tilskudd_flow.domain.frister import Virkedag
from tilskudd_flow.domain.kodeverk import Side
from tilskudd_flow.domain.partnavn import normalisert_navn
from tilskudd_flow.domain.sikkerhetsnivaa import NIVAAER, minste_nivaa
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


class SsuInnstillinger(_Seksjon):
    """SSU's leadership turns: from `ledelse_fra`, `forste_lederside` leads for two years,
    then the other side."""

    ledelse_fra: date = date(2023, 5, 4)
    forste_lederside: Side = Side.KOMMUNE
    utvalg: str = "Strategisk samarbeidsutvalg (SSU)"


class DokumentInnstillinger(_Seksjon):
    """The helsefellesskap's own Word templates and logo (relative paths: to config.toml);
    unset: the shipped templates, no logo. Checked at start-up. How forfall is given is
    written on the innkalling: on the meeting page or to `forfall_til` (unset: the
    sekretariat's first address), by `forfall_frist_dager` days before the meeting (unset:
    «as soon as you know»; the routines name no deadline)."""

    saksfremlegg: Path | None = None
    innkalling: Path | None = None
    referat: Path | None = None
    logo: Path | None = None
    forfall_til: str = ""
    forfall_frist_dager: int | None = Field(default=None, ge=0, le=60)

    def absolutt(self, mappe: Path, hvor: str) -> DokumentInnstillinger:
        """The same with every path made absolute against `mappe`; a missing file refused."""
        stier = {}
        for navn in ("saksfremlegg", "innkalling", "referat", "logo"):
            sti: Path | None = getattr(self, navn)
            if sti is None:
                continue
            sti = sti if sti.is_absolute() else mappe / sti
            if not sti.is_file():
                raise UgyldigKonfigurasjon(f"{hvor}.dokumenter.{navn}: finner ikke filen {sti}")
            stier[navn] = sti
        return self.model_copy(update=stier)


class KontaktInnstillinger(_Seksjon):
    """What every page's footer and the privacy page say about who runs the service: the
    sekretariat's address and phone, and who is responsible for the personal data."""

    epost: str = ""
    telefon: str = ""
    # The organisation that is data controller (behandlingsansvarlig) under the GDPR, and
    # its data protection officer (personvernombud); empty: the page says to ask the
    # sekretariat.
    behandlingsansvarlig: str = ""
    personvernombud: str = ""


class HelsefellesskapInnstillinger(_Seksjon):
    navn: str = Field(min_length=1)
    avsender: str = Field(min_length=3)
    svar_til: str = ""
    kontakt: KontaktInnstillinger = Field(default_factory=lambda: KontaktInnstillinger())
    mottakere: dict[str, list[str]] = Field(default_factory=dict)
    moteledere: list[str] = Field(default_factory=list)
    ssu: SsuInnstillinger = Field(default_factory=lambda: SsuInnstillinger())
    dokumenter: DokumentInnstillinger = Field(default_factory=lambda: DokumentInnstillinger())
    # A party's name (as stored) → other names it goes by («HSYK»); matched case- and
    # whitespace-insensitively wherever a party is found by name. Checked against the
    # parties at start-up (bootstrap: App.klargjor).
    aliaser: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("aliaser")
    @classmethod
    def _hvert_alias_en_part(cls, aliaser: dict[str, list[str]]) -> dict[str, list[str]]:
        peker: dict[str, str] = {normalisert_navn(part): part for part in aliaser}
        for part, navn in aliaser.items():
            if not normalisert_navn(part):
                raise ValueError("et partnavn kan ikke være tomt")
            for alias in navn:
                nokkel = normalisert_navn(alias)
                if not nokkel:
                    raise ValueError(f"«{part}»: et alias kan ikke være tomt")
                tidligere = peker.setdefault(nokkel, part)
                if tidligere != part:
                    raise ValueError(
                        f"aliaset «{alias}» peker på to parter: «{tidligere}» og «{part}»"
                    )
        return aliaser

    def partaliaser(self) -> dict[str, str]:
        """Normalised alias → the party name it stands for."""
        return {
            normalisert_navn(alias): part for part, navn in self.aliaser.items() for alias in navn
        }


Fristgrunnlag = Literal["runde", "aar", "sak", "prosjektplan", "mote", "hendelse"]


class FristRegel(_Seksjon):
    """A kind of deadline: how its date is found, and the reminders around it.

    `gjelder` says what one deadline belongs to: a søknadsrunde, a calendar year, a case
    (each year, e.g. an active FSU), a funded project's plan, a meeting, or an event that
    sets it `dager` after it happened (an FSU losing a required member). Yearly kinds
    give the date as `maaned`/`dag` or as ISO week `uke`/`ukedag`; `aar` is relative to
    the round or year
    (the 2026 round's søknadsfrist is in 2025). Meeting kinds give `dager` relative to
    the meeting. Reminders go `paaminnelser` days before the effective date, escalations
    `eskaleringer` days after. Who gets them is the workflow files' `Fristregel`, not this.
    """

    navn: str = Field(min_length=1)
    gjelder: Fristgrunnlag = "aar"
    maaned: int | None = Field(default=None, ge=1, le=12)
    dag: int | None = Field(default=None, ge=1, le=31)
    uke: int | None = Field(default=None, ge=1, le=53)
    ukedag: int | None = Field(default=None, ge=1, le=7)
    dager: int | None = None
    aar: int = Field(default=0, ge=-2, le=2)
    virkedag: Virkedag = Virkedag.INGEN
    klokkeslett: time = time(23, 59, 59)
    bekreftes: bool = False
    paaminnelser: list[int] = Field(default_factory=list)
    eskaleringer: list[int] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _mottakerne_star_i_arbeidsflyten(cls, verdier: Any) -> Any:
        # These keys once chose recipient kinds per deadline: an old config.toml is told where
        # the rule went, not met with a bare «extra field».
        gamle = (
            sorted({"mottakere", "eskalering_til"} & set(verdier))
            if isinstance(verdier, dict)
            else []
        )
        if gamle:
            raise ValueError(
                f"fjern {' og '.join(gamle)}: hvem som varsles står nå i arbeidsflytfilens "
                "Fristregel, adressene under [helsefellesskap.<kode>.mottakere]"
            )
        return verdier

    @field_validator("dag")
    @classmethod
    def _dag_finnes_i_maaneden(cls, dag: int | None, info: ValidationInfo) -> int | None:
        maaned = info.data.get("maaned")
        if maaned is not None and dag is not None:
            try:
                date(2000, maaned, dag)  # 2000 is a leap year: 29 February is allowed
            except ValueError:
                raise ValueError(f"dag {dag} finnes ikke i måned {maaned}") from None
        return dag

    @field_validator("paaminnelser", "eskaleringer")
    @classmethod
    def _positive_dager(cls, dager: list[int]) -> list[int]:
        if any(d < 0 for d in dager):
            raise ValueError("oppgi antall dager som positive tall")
        return sorted(set(dager), reverse=True)

    @model_validator(mode="after")
    def _datoen_kan_finnes(self) -> FristRegel:
        aarlig = self.gjelder in ("runde", "aar", "sak")
        har_dato = self.maaned is not None and self.dag is not None
        har_uke = self.uke is not None and self.ukedag is not None
        if aarlig and har_dato == har_uke:
            raise ValueError("oppgi enten maaned og dag, eller uke og ukedag")
        if self.gjelder == "mote" and self.dager is None:
            raise ValueError("møtefrister trenger dager (relativt til møtet)")
        if self.gjelder == "hendelse" and self.dager is None:
            raise ValueError("frister satt av en hendelse trenger dager (etter hendelsen)")
        return self

    def dato_for(self, aar: int) -> date:
        """This kind's date in the round or year `aar`."""
        if self.maaned is not None and self.dag is not None:
            return date(aar + self.aar, self.maaned, self.dag)
        assert self.uke is not None and self.ukedag is not None, "checked by the validator"
        return date.fromisocalendar(aar + self.aar, self.uke, self.ukedag)


class InnloggingsvernInnstillinger(_Seksjon):
    """Login throttling (OWASP Authentication Cheat Sheet, ASVS 2.2.1: well under 100 failures
    an hour per account): after `konto_grense` failures on one account name within
    `vindu_minutter`, or `adresse_grense` from one client address, logins are refused for
    `forste_sperre_minutter`, doubling at each new lockout up to `lengste_sperre_minutter`.
    The doubling starts over after `glemmes_etter_timer` without failures."""

    konto_grense: int = Field(default=5, ge=1)
    adresse_grense: int = Field(default=20, ge=1)
    vindu_minutter: float = Field(default=15, gt=0)
    forste_sperre_minutter: float = Field(default=1, gt=0)
    lengste_sperre_minutter: float = Field(default=15, gt=0)
    glemmes_etter_timer: float = Field(default=24, gt=0)

    @property
    def vindu(self) -> timedelta:
        return timedelta(minutes=self.vindu_minutter)

    def sperre(self, sperringer_for: int) -> timedelta:
        """How long the next lockout lasts, after `sperringer_for` earlier ones."""
        minutter = self.forste_sperre_minutter * 2 ** min(sperringer_for, 30)
        return timedelta(minutes=min(minutter, self.lengste_sperre_minutter))

    @property
    def glemmes_etter(self) -> timedelta:
        return timedelta(hours=self.glemmes_etter_timer)


class WebInnstillinger(_Seksjon):
    """The web app: where it listens, how long a login lasts, the secret that signs cookies."""

    vert: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    # Web worker processes; 0: one per core on PostgreSQL, one in all on SQLite (one writer).
    arbeidere: int = Field(default=0, ge=0, le=64)
    # Requests served at once per process (the thread pool of the pages).
    traader: int = Field(default=8, ge=1, le=200)
    # Empty: a random secret is made once and kept in data_dir (fine for one machine).
    # In production set TILSKUDD_WEB__HEMMELIGHET to at least 32 random characters.
    hemmelighet: SecretStr = SecretStr("")
    innlogging_timer: float = Field(default=10, gt=0)
    # A request body that is not an upload form (JSON, a plain form): refused with 413 while
    # it streams once it passes this (upload forms have vedlegg.maks_skjema_mb).
    maks_kropp_kb: float = Field(default=2048, gt=0)
    # Secure cookies and HSTS; unset: on exactly when base_url is https.
    sikre_informasjonskapsler: bool | None = None
    invitasjon_dager: float = Field(default=14, gt=0)
    nytt_passord_timer: float = Field(default=2, gt=0)
    innloggingsvern: InnloggingsvernInnstillinger = Field(
        default_factory=InnloggingsvernInnstillinger
    )

    @field_validator("hemmelighet")
    @classmethod
    def _lang_nok(cls, hemmelighet: SecretStr) -> SecretStr:
        verdi = hemmelighet.get_secret_value()
        if verdi and len(verdi) < 32:
            raise ValueError("må være minst 32 tegn (eller tom for en tilfeldig lokal)")
        return hemmelighet


class OidcInnstillinger(_Seksjon):
    """Login through OpenID Connect (ID-porten, Ansattporten), switched on by an admin."""

    aktiv: bool = False
    # The issuer exactly as its discovery document names it; the metadata is read from
    # <utsteder>/.well-known/openid-configuration.
    utsteder: str = ""
    klient_id: str = ""
    klient_hemmelighet: SecretStr = SecretStr("")  # from TILSKUDD_OIDC__KLIENT_HEMMELIGHET
    # How the client proves itself at the token endpoint; Digdir recommends private_key_jwt.
    klientautentisering: Literal["client_secret_basic", "client_secret_post", "private_key_jwt"] = (
        "client_secret_basic"
    )
    # private_key_jwt: the client's RSA private key (PEM), from TILSKUDD_OIDC__PRIVAT_NOKKEL
    # or the file privat_nokkel_fil; its public half is served at /logg-inn/oidc/jwks.
    privat_nokkel: SecretStr = SecretStr("")
    privat_nokkel_fil: str = ""
    nokkel_id: str = ""  # the key's kid as registered; empty: its JWK thumbprint
    omfang: str = "openid profile email"
    # "pid" (ID-porten, Ansattporten): the person is bound to a user through an invitation
    # link and found by a keyed hash of the fødselsnummer. Any other claim (e.g. "email"):
    # matched case-insensitively against a user's e-mail address.
    brukerkrav: str = Field(default="email", min_length=1)
    # The HMAC key for pid (at least 32 characters); from TILSKUDD_OIDC__PID_NOKKEL.
    # Changing it unbinds everyone: each must bind again through a new invitation.
    pid_nokkel: SecretStr = SecretStr("")
    knappetekst: str = Field(default="Logg inn med ID-porten", min_length=1)
    acr_values: str = ""
    # The lowest level (`acr`) an ID token may show; empty: the lowest level in acr_values.
    minste_acr: str = ""
    # OpenID Connect Front-Channel Logout 1.0: the provider loads
    # <base_url>/logg-inn/oidc/frontkanal-utlogging?iss=…&sid=… in a hidden iframe when the
    # person logs out elsewhere, and the sessions of that sid end here too.
    frontkanal_utlogging: bool = False

    @model_validator(mode="after")
    def _komplett_naar_aktiv(self) -> OidcInnstillinger:
        if not self.aktiv:
            return self
        for navn in ("utsteder", "klient_id"):
            if not getattr(self, navn).strip():
                raise ValueError(f"{navn} mangler (påkrevd når aktiv = true)")
        if self.med_privat_nokkel:
            if not (self.privat_nokkel.get_secret_value() or self.privat_nokkel_fil):
                raise ValueError(
                    "privat_nokkel mangler (påkrevd med private_key_jwt; sett "
                    "TILSKUDD_OIDC__PRIVAT_NOKKEL eller privat_nokkel_fil)"
                )
        elif not self.klient_hemmelighet.get_secret_value():
            raise ValueError(
                "klient_hemmelighet mangler (påkrevd når aktiv = true; "
                "sett TILSKUDD_OIDC__KLIENT_HEMMELIGHET)"
            )
        if "openid" not in self.omfang.split():
            raise ValueError("omfang må inneholde «openid»")
        _krev_https(self.utsteder)
        _kjente_nivaaer(self.minste_acr)
        if self.knytter_pid and len(self.pid_nokkel.get_secret_value()) < 32:
            raise ValueError(
                "pid_nokkel mangler eller er kortere enn 32 tegn (påkrevd når brukerkrav = "
                "«pid»; sett TILSKUDD_OIDC__PID_NOKKEL)"
            )
        return self

    @property
    def med_privat_nokkel(self) -> bool:
        return self.klientautentisering == "private_key_jwt"

    def privat_nokkel_pem(self) -> str:
        """The private key's PEM text, from the environment or the file."""
        if self.privat_nokkel.get_secret_value():
            return self.privat_nokkel.get_secret_value()
        return Path(self.privat_nokkel_fil).read_text(encoding="utf-8")

    @property
    def knytter_pid(self) -> bool:
        """Whether people are bound by their fødselsnummer (ID-porten, Ansattporten)."""
        return self.brukerkrav == PID

    @property
    def krevd_acr(self) -> str:
        """The level every ID token must reach (empty: no requirement)."""
        return self.minste_acr or minste_nivaa(self.acr_values)

    @property
    def metadata_url(self) -> str:
        return self.utsteder.rstrip("/") + "/.well-known/openid-configuration"


PID = "pid"


def _kjente_nivaaer(minste_acr: str) -> None:
    if minste_acr and minste_acr not in NIVAAER:
        raise ValueError(f"minste_acr «{minste_acr}» er ukjent; bruk en av {', '.join(NIVAAER)}")


def _krev_https(url: str) -> None:
    """The issuer's keys and tokens travel over HTTPS; plain HTTP only on this machine."""
    deler = urlsplit(url)
    lokal = deler.hostname in ("localhost", "127.0.0.1", "::1")
    if deler.scheme != "https" and not (deler.scheme == "http" and lokal):
        raise ValueError(f"utsteder må være en https-adresse, ikke «{url}»")


class OversendingInnstillinger(_Seksjon):
    """How the forwarding package reaches Helse Nord: attached to the covering e-mail, or as a
    download link that expires (for packages too large for the recipient's mail server)."""

    som: Literal["vedlegg", "lenke"] = "lenke"
    lenke_dager: int = Field(default=30, gt=0)
    mappe: Path = Path("oversendelser")  # relative to data_dir; never served directly


class VedleggInnstillinger(_Seksjon):
    """Uploaded attachments: where they are kept, how large, and an optional virus scan."""

    mappe: Path = Path("vedlegg")  # relative to data_dir; never served directly
    maks_mb: float = Field(default=20, gt=0)
    # A whole upload form (all its files and fields) — refused with 413 while it streams.
    maks_skjema_mb: float = Field(default=64, gt=0)
    # Office/ODF files are ZIP archives: what their table of contents may declare, so a
    # small file cannot unpack to gigabytes (a zip bomb) at whoever opens it.
    maks_utpakket_mb: float = Field(default=256, gt=0)
    maks_filer_i_arkiv: int = Field(default=5000, gt=0)
    maks_pakkeforhold: float = Field(default=200, gt=1)  # per entry, unpacked : packed
    # A command run on each upload with {fil} replaced; a non-zero exit refuses the file.
    skanner: str = ""
    # Files no attachment row refers to (a process killed mid-submission) are removed once
    # they are this old; younger ones may belong to a submission still being saved.
    foreldreloese_timer: float = Field(default=1, gt=0)

    @model_validator(mode="after")
    def _skjema_rommer_en_fil(self) -> VedleggInnstillinger:
        if self.maks_skjema_mb < self.maks_mb:
            raise ValueError("maks_skjema_mb må være minst like stor som maks_mb")
        return self


class PlanleggerInnstillinger(_Seksjon):
    """The scheduler: how often it looks for due jobs, and which clock it reads."""

    intervall_sekunder: int = Field(default=60, ge=1)
    paaminnelse_klokkeslett: time = time(8, 0)
    # "system", or "fil:STI": simulated time shared by several processes (tests, demos).
    klokke: str = "system"

    @field_validator("klokke")
    @classmethod
    def _kjent_klokke(cls, klokke: str) -> str:
        if klokke != "system" and not klokke.startswith("fil:"):
            raise ValueError("må være «system» eller «fil:STI»")
        return klokke


class SmtpInnstillinger(_Seksjon):
    """The SMTP server; with no host, mail goes to the local mail sink (.eml files)."""

    host: str = ""
    port: int = Field(default=25, ge=1, le=65535)
    sikkerhet: Literal["ingen", "starttls", "tls"] = "ingen"
    brukernavn: str = ""
    passord: SecretStr = SecretStr("")
    tidsavbrudd_sekunder: float = Field(default=30, gt=0)
    # The local mail sink's port on 127.0.0.1 when no host is set (0: any free port).
    oppsamler_port: int = Field(default=8025, ge=0, le=65535)


class EpostInnstillinger(_Seksjon):
    """Delivery of the outbox: batches, retries, and where the worker runs."""

    batch: int = Field(default=50, ge=1)
    maks_forsok: int = Field(default=8, ge=1)
    forste_forsinkelse_sekunder: float = Field(default=60, gt=0)
    lengste_forsinkelse_sekunder: float = Field(default=6 * 3600, gt=0)
    # A worker that dies mid-batch frees its messages for others after this long.
    laas_sekunder: float = Field(default=300, gt=0)
    intervall_sekunder: float = Field(default=10, gt=0)
    # false: the main server process delivers; true: run `tilskudd epost start` separately.
    egen_prosess: bool = False


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
    epost: EpostInnstillinger = Field(default_factory=EpostInnstillinger)
    varsler: VarselInnstillinger = Field(default_factory=VarselInnstillinger)
    arbeidsflyt: ArbeidsflytInnstillinger = Field(default_factory=ArbeidsflytInnstillinger)
    helsefellesskap: dict[str, HelsefellesskapInnstillinger] = Field(default_factory=dict)
    frister: dict[str, FristRegel] = Field(default_factory=dict)
    planlegger: PlanleggerInnstillinger = Field(default_factory=PlanleggerInnstillinger)
    web: WebInnstillinger = Field(default_factory=WebInnstillinger)
    oidc: OidcInnstillinger = Field(default_factory=OidcInnstillinger)
    vedlegg: VedleggInnstillinger = Field(default_factory=VedleggInnstillinger)
    oversending: OversendingInnstillinger = Field(default_factory=OversendingInnstillinger)

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
    def https(self) -> bool:
        """Served over HTTPS: cookies are `Secure` and browsers are told to stay on HTTPS."""
        satt = self.web.sikre_informasjonskapsler
        return self.base_url.lower().startswith("https://") if satt is None else satt

    @property
    def sone(self) -> ZoneInfo:
        return ZoneInfo(self.tidssone)

    def database_url(self) -> str:
        """The configured URL, or a SQLite file in the data directory."""
        if self.database.url:
            return self.database.url
        return f"sqlite:///{self.data_dir / 'tilskudd.db'}"

    def fristregel(self, type_: str) -> FristRegel:
        try:
            return self.frister[type_]
        except KeyError:
            raise UgyldigKonfigurasjon(f"frister.{type_}: mangler i konfigurasjonen") from None

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
    helsefellesskap = {
        kode: hf.model_copy(
            update={"dokumenter": hf.dokumenter.absolutt(mappe, f"helsefellesskap.{kode}")}
        )
        for kode, hf in innstillinger.helsefellesskap.items()
    }
    return innstillinger.model_copy(
        update={
            "helsefellesskap": helsefellesskap,
            "data_dir": data_dir if data_dir.is_absolute() else mappe / data_dir,
            "varsler": innstillinger.varsler.model_copy(
                update={"maler": maler if maler.is_absolute() else mappe / maler}
            ),
        }
    )
