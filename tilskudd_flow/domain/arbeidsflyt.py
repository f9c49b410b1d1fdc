"""What a workflow file declares, and the registry the engine loads them into.

A workflow is a python-statemachine `StateMachine` (states, transitions, guards) plus, per
event, who may trigger it, which fields it asks for and which e-mails it queues for whom.
An e-mail a routine sends outside a transition (an invitation, a notice) is an `Epost`,
listed by the workflow it belongs to, or by a module's `EPOSTER` when no workflow owns it.
The engine knows no workflow by name: it loads every module in the configured packages
that defines `ARBEIDSFLYT` or `EPOSTER`, or takes one through `Arbeidsflytregister.registrer`.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

from statemachine import StateMachine

from tilskudd_flow.domain.feil import Regelbrudd, UgyldigHendelse
from tilskudd_flow.domain.felt import Felt
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.vilkaar import sjekk_vilkaar

P = ParamSpec("P")

# What the transition service hands every guard and callback, by name.
RESERVERTE_ARGUMENTER = frozenset({"sak", "felt", "naa", "aktor", "kommentar", "frister"})

# Recipient kinds every workflow may use; the engine resolves them.
FELLES_MOTTAKERE = frozenset({"sekretariat", "helse_nord", "alle_kommuner", "ssu_medlemmer"})


@dataclass(frozen=True)
class Adresse:
    epost: str
    navn: str = ""
    # A kommune's or party's postmottak, not a person: greeted «Til Sømna kommune».
    organisasjon: bool = False


@dataclass(frozen=True)
class Lenke:
    """A value in a case summary that leads somewhere (an attachment to download)."""

    tekst: str
    href: str

    def __str__(self) -> str:
        return self.tekst


@dataclass(frozen=True)
class Vedleggslenke:
    """An attachment in a case summary: which one and how it reads. The engine gives it the
    download address (a `Lenke`), so no workflow file knows a URL."""

    vedlegg_id: int
    tekst: str

    def __str__(self) -> str:
        return self.tekst


@dataclass(frozen=True)
class Motelenke:
    """A meeting in a case summary: which one and how the link reads. The engine gives it
    the meeting page's address (a `Lenke`), so no workflow file knows a URL."""

    mote_id: int
    tekst: str

    def __str__(self) -> str:
        return self.tekst


@dataclass(frozen=True)
class Tabell:
    """A table in a case summary (the budget): caption, column heads, body rows and sum rows.
    Pages and documents draw it as a table; a terminal gets one line per row."""

    overskrift: str
    kolonner: tuple[str, ...]
    rader: tuple[tuple[str, ...], ...]
    sumrader: tuple[tuple[str, ...], ...] = ()

    def __str__(self) -> str:
        rader = (self.kolonner, *self.rader, *self.sumrader)
        return "\n".join([self.overskrift, *(" | ".join(rad) for rad in rader)])


@dataclass(frozen=True)
class Varsel:
    """An e-mail an event queues: the template and the recipient kinds."""

    mal: str
    til: tuple[str, ...]
    # The page its link leads to when not the case page: a kind of link the engine gives
    # the address of (`Motelenke`: the meeting page of this case).
    side: type[Motelenke] | None = None


@dataclass(frozen=True)
class Epost:
    """An e-mail a routine sends outside a transition: its template and its recipients.

    `til` names recipient kinds: the engine's common kinds (`FELLES_MOTTAKERE`), or a person
    the routine names when it sends (the invitee, the vara, the account's holder).
    `fortrolig`: its text holds a working one-time link, so the outbox never shows the text.
    `eksempel`: made-up template variables, for proofreading the wording.
    """

    navn: str
    mal: str
    til: tuple[str, ...]
    fortrolig: bool = False
    eksempel: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)


# Where a `med_fil` role acts unless the event says otherwise: the report's own file page.
MED_FIL_HVOR = "ved å laste opp filen hendelsen gjelder, på sakens side for filen"


@dataclass(frozen=True)
class Hendelsesregel:
    """Who may trigger an event, what it asks for, and which e-mails it queues."""

    hvem: frozenset[Rolle]
    varsler: tuple[Varsel, ...] = ()
    felt: tuple[Felt, ...] = ()
    kommentar_pakrevd: bool = False
    # Roles that may trigger the event only together with the file it records (a service
    # that stores the file and the event in one transaction), never as a bare event.
    med_fil: frozenset[Rolle] = frozenset()
    # Roles that may trigger the event only as part of a body's vedtak that moves every case
    # it names at once (SSU's meeting leader adopting the priority list), never one by one.
    # The transition is the body's: it is recorded as the helsefellesskap's system user.
    gjennom_vedtak: frozenset[Rolle] = frozenset()
    # Where the `med_fil` roles do it, for the refusal when they try the bare event.
    med_fil_hvor: str = MED_FIL_HVOR


def hendelse(
    *hvem: Rolle,
    varsler: Iterable[Varsel] = (),
    felt: Iterable[Felt] = (),
    kommentar_pakrevd: bool = False,
    med_fil: Iterable[Rolle] = (),
    gjennom_vedtak: Iterable[Rolle] = (),
    med_fil_hvor: str = MED_FIL_HVOR,
) -> Hendelsesregel:
    """Declare the rule of one event, e.g. `hendelse(Rolle.SEKRETARIAT, varsler=[...])`."""
    return Hendelsesregel(frozenset(hvem), tuple(varsler), tuple(felt), kommentar_pakrevd,
                          frozenset(med_fil), frozenset(gjennom_vedtak), med_fil_hvor)  # fmt: skip


def varsel(mal: str, *til: str, side: type[Motelenke] | None = None) -> Varsel:
    return Varsel(mal, til, side)


def krav(regel: str) -> Callable[[Callable[P, bool]], Callable[P, None]]:
    """Turn a predicate into a guard that refuses the transition with `regel` as the reason."""

    def dekorator(predikat: Callable[P, bool]) -> Callable[P, None]:
        @functools.wraps(predikat)
        def vakt(*args: P.args, **kwargs: P.kwargs) -> None:
            if not predikat(*args, **kwargs):
                raise Regelbrudd(regel)

        vakt.krav = regel  # type: ignore[attr-defined]
        return vakt

    return dekorator


F = TypeVar("F", bound=Callable[..., Any])


def leser(*relasjoner: Any) -> Callable[[F], F]:
    """Name the detail row's relationships a function of the workflow reads (`Soknad.vedlegg`):
    a guard, a callback, a recipient finder, `parter` or `malkontekst`. A transition that runs
    it loads them with the case instead of one lazy query each (`Arbeidsflyt.laster_for`)."""

    def dekorator(funksjon: F) -> F:
        funksjon.leser = relasjoner  # type: ignore[attr-defined]
        return funksjon

    return dekorator


Mottakerfinner = Callable[[Any, Mapping[str, Any]], list[Adresse]]


@dataclass(frozen=True)
class Saksutvalg:
    """Which cases hold a value, named as columns of the workflow's own tables; the engine
    builds the SQL (the case id in `SELECT sak FROM … JOIN via … WHERE verdi …`), so a
    workflow file declares and never queries.

    `sak` is the column holding the case id (`Soknad.case_id`), `verdi` the column compared
    (`Soknadsrunde.aar`), `via` the relationships joined on the way there (`Soknad.runde`).
    """

    sak: Any
    verdi: Any
    via: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Venter:
    """A state that waits for someone: who (`hvem`) and what they are to do («Vurder
    søknaden»), for «Mine oppgaver»."""

    hvem: frozenset[Rolle]
    oppgave: str


def venter(*hvem: Rolle, oppgave: str) -> Venter:
    """Declare that a state waits for these roles, e.g. `venter(SEKRETARIAT, oppgave=…)`."""
    return Venter(frozenset(hvem), oppgave)


@dataclass(frozen=True)
class Fristregel:
    """What a kind of deadline (a table in config.toml's [frister]) means for this workflow.

    For the cases in `tilstander` that `gjelder` the deadline: reminders go to
    `paaminnelse_til`, escalations after a missed deadline to `eskalering_til`, each listing
    the recipient's cases, and at the deadline the events in `virkning` are tried in order
    (a refused one ends the chain). The kinds in `paaminnelse_om_fristen_til` hear of every
    reminder whether or not a case of theirs waits (every member kommune before the
    søknadsfrist); those in `eskalering_om_fristen_til` hear of an escalation, which goes out
    only while some case still misses the deadline. This is the one place that says who is
    reminded: config.toml gives the dates and each kind's addresses, never the kinds.
    A deadline with words of its own names its templates (`paaminnelse_mal`,
    `eskalering_mal`); without, the engine's general reminder and escalation go out.
    `aarshjulnavn` is how the årshjul, its calendar and its timeline name such a deadline
    («Sluttrapport», «Søknadsfrist RS-tilskudd {aar}»: `{aar}` is the deadline's year); a
    case's deadline adds the case's title and reference. Without it, config.toml's `navn`.
    """

    frist: str
    tilstander: tuple[str, ...]
    gjelder: Callable[[Any, Any], bool]
    paaminnelse_til: tuple[str, ...] = ()
    eskalering_til: tuple[str, ...] = ()
    virkning: tuple[str, ...] = ()
    paaminnelse_om_fristen_til: tuple[str, ...] = ()
    eskalering_om_fristen_til: tuple[str, ...] = ()
    paaminnelse_mal: str | None = None
    eskalering_mal: str | None = None
    aarshjulnavn: str | None = None


@dataclass(frozen=True)
class Arbeidsflyt:
    """One workflow definition, as a workflow file declares it."""

    navn: str
    tittel: str
    prefiks: str
    maskin: type[StateMachine]
    hendelser: Mapping[str, Hendelsesregel]
    subjekt: str = "detaljer"
    oppretter: frozenset[Rolle] = frozenset({Rolle.SEKRETARIAT})
    detaljmodell: type[Any] | None = None
    mottakere: Mapping[str, Mottakerfinner] = field(default_factory=dict)
    parter: Callable[[Any], frozenset[int]] | None = None
    # `parter` as a database condition (the cases whose `verdi` is one of the applicant's
    # party ids), so an applicant's case list is paged in the database; without it, lists
    # filter in Python.
    partsfilter: Saksutvalg | None = None
    # The cases of one year (a søknad's round, a revision's year: the cases whose `verdi` is
    # the year), for the dashboard's year filter; a workflow without it has no year.
    aarsfilter: Saksutvalg | None = None
    # Amounts (øre) the case list sums per case: applied for and awarded; `verdi` is the
    # amount column. A workflow without them shows no amounts.
    soktbelop: Saksutvalg | None = None
    tildeltbelop: Saksutvalg | None = None
    malkontekst: Callable[[Any], dict[str, Any]] | None = None
    eksempelkontekst: Mapping[str, Any] = field(default_factory=dict)
    # What a case shows, as label → value; `intern` adds what applicants may not see.
    sammendrag: Callable[[Any, bool], dict[str, Any]] | None = None
    frister: tuple[Fristregel, ...] = ()
    # States only the case's own parties and the sekretariat see (an applicant's draft).
    private_tilstander: frozenset[str] = frozenset()
    # What happens next and by when, for a case in a state, as the case page tells users.
    neste_steg: Callable[[str, Any], str] | None = None
    # The states that wait for a role, and what it is to do there («Mine oppgaver»); a state
    # not named waits for nobody in particular (the deadlines in `frister` may still ask).
    venter_paa: Mapping[str, Venter] = field(default_factory=dict)
    malmappe: Path | None = None
    # The e-mails its routine sends outside a transition (services queue them by these).
    eposter: tuple[Epost, ...] = ()
    # The detail row's relationships (`Soknad.kontakter`) every transition reads, beyond what
    # its guards, callbacks, recipients, `parter` and `malkontekst` name with `leser`: a
    # transition loads them with the case, so none is fetched lazily.
    laster: tuple[Any, ...] = ()
    # Derived once at load from the declaration above: plain lookups for a transition.
    tabeller: Flyttabeller = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The dataclass is frozen; the tables are its own derived value, set once here.
        object.__setattr__(self, "tabeller", kompiler(self))
        if self.subjekt in RESERVERTE_ARGUMENTER:
            raise ValueError(f"arbeidsflyt {self.navn}: subjekt kan ikke hete «{self.subjekt}»")
        _sjekk_hendelser(self)
        _sjekk_mottakere(self)
        _sjekk_frister(self)
        sjekk_vilkaar(self.navn, self.maskin)
        if ukjente := set(self.venter_paa) - set(self.tilstander):
            raise ValueError(f"arbeidsflyt {self.navn}: venter_paa ukjente tilstander {ukjente}")

    @property
    def starttilstand(self) -> str:
        return self.tabeller.starttilstand

    @property
    def tilstander(self) -> list[str]:
        return list(self.tabeller.tilstandsnavn)

    def er_avsluttet(self, tilstand: str) -> bool:
        """The state is final: nothing more happens to a case in it."""
        if tilstand not in self.tabeller.tilstandsnavn:
            raise KeyError(tilstand)
        return tilstand in self.tabeller.avsluttet

    def tilstandsnavn(self, tilstand: str) -> str:
        return self.tabeller.tilstandsnavn[tilstand]

    def hendelsesnavn(self, hendelse_id: str) -> str:
        try:
            return self.tabeller.hendelsesnavn[hendelse_id]
        except KeyError:
            raise UgyldigHendelse(f"{self.tittel} har ingen hendelse «{hendelse_id}»") from None

    def laster_for(self, hendelse_id: str, *, soker: bool = False) -> tuple[Any, ...]:
        """The relationships a transition by this event reads; an applicant's also needs
        the case's parties (`parter`) for the party check."""
        lest = self.tabeller.laster.get(hendelse_id, self.laster)
        return _unike(lest + self.tabeller.parter_leser) if soker else lest

    def lovlige_hendelser(self, tilstand: str) -> tuple[str, ...]:
        """The events with a transition out of the state, guards not yet asked."""
        return self.tabeller.lovlige.get(tilstand, ())

    def regel(self, hendelse_id: str) -> Hendelsesregel:
        try:
            return self.hendelser[hendelse_id]
        except KeyError:
            kjente = ", ".join(self.hendelser)
            raise UgyldigHendelse(
                f"{self.tittel} har ingen hendelse «{hendelse_id}» (kjente: {kjente})"
            ) from None

    def referanse(self, sak_id: int) -> str:
        return f"{self.prefiks}-{sak_id}"


@dataclass(frozen=True)
class Flyttabeller:
    """A workflow's machine as plain lookups, compiled once when the workflow is loaded."""

    starttilstand: str
    tilstandsnavn: Mapping[str, str]
    hendelsesnavn: Mapping[str, str]
    # State → the events with a transition out of it, in the machine's order.
    lovlige: Mapping[str, tuple[str, ...]]
    avsluttet: frozenset[str]
    # Event → the detail row's relationships its transition reads.
    laster: Mapping[str, tuple[Any, ...]]
    # What the workflow's `parter` reads, for an applicant's party check.
    parter_leser: tuple[Any, ...]


def kompiler(flyt: Arbeidsflyt) -> Flyttabeller:
    """Read the machine's states and events once, for lookups without the library."""
    maskin = flyt.maskin
    tilstander = list(maskin.states)
    lovlige = {
        str(t.id): tuple(dict.fromkeys(str(e.id) for e in t.transitions.unique_events))
        for t in tilstander
    }
    return Flyttabeller(
        starttilstand=str(maskin.initial_state.id),
        tilstandsnavn={str(t.id): str(t.name) for t in tilstander},
        hendelsesnavn={str(e.id): str(e.name) for e in _hendelser(maskin)},
        lovlige=lovlige,
        avsluttet=frozenset(str(t.id) for t in tilstander if t.final),
        laster={str(e.id): _leses_av(flyt, e) for e in _hendelser(maskin)},
        parter_leser=tuple(getattr(flyt.parter, "leser", ())),
    )


def _leses_av(flyt: Arbeidsflyt, event: Any) -> tuple[Any, ...]:
    """What a transition by the event reads, each once: `laster`, its guards and callbacks,
    and, when it queues e-mails, their recipients and the workflow's template context."""
    maskin, navn = flyt.maskin, [f"on_{event.id}"]
    for overgang in (o for t in maskin.states for o in t.transitions if o.match(event.id)):
        navn += [s.func for s in (*overgang.validators, *overgang.cond)]
        navn.append(f"on_enter_{overgang.target.id}")
    funksjoner = [getattr(maskin, n, None) for n in navn if isinstance(n, str)]
    regel = flyt.hendelser.get(str(event.id))
    if regel is not None and regel.varsler:
        funksjoner.append(flyt.malkontekst)
        funksjoner += [flyt.mottakere.get(kind) for v in regel.varsler for kind in v.til]
    return _unike(flyt.laster + tuple(r for f in funksjoner for r in getattr(f, "leser", ())))


def _unike(relasjoner: tuple[Any, ...]) -> tuple[Any, ...]:
    # By name: an ORM attribute's == builds SQL instead of comparing.
    return tuple({str(r): r for r in relasjoner}.values())


def _hendelser(maskin: type[StateMachine]) -> list[Any]:
    # On the class, `events` is a list; the library's annotation describes the instance.
    return list(cast(Iterable[Any], maskin.events))


def _sjekk_hendelser(flyt: Arbeidsflyt) -> None:
    i_maskinen = {str(event.id) for event in _hendelser(flyt.maskin)}
    deklarert = set(flyt.hendelser)
    if i_maskinen != deklarert:
        raise ValueError(
            f"arbeidsflyt {flyt.navn}: hendelser uten regel: {sorted(i_maskinen - deklarert)}; "
            f"regler uten hendelse: {sorted(deklarert - i_maskinen)}"
        )


def _sjekk_mottakere(flyt: Arbeidsflyt) -> None:
    kjente = FELLES_MOTTAKERE | set(flyt.mottakere)
    for navn, regel in flyt.hendelser.items():
        for varsel_ in regel.varsler:
            ukjente = set(varsel_.til) - kjente
            if ukjente:
                raise ValueError(f"arbeidsflyt {flyt.navn}, {navn}: ukjente mottakere {ukjente}")


def _sjekk_frister(flyt: Arbeidsflyt) -> None:
    kjente = FELLES_MOTTAKERE | set(flyt.mottakere)
    for regel in flyt.frister:
        ukjente = set(regel.tilstander) - set(flyt.tilstander)
        ukjente |= set(regel.virkning) - set(flyt.hendelser)
        ukjente |= set(regel.paaminnelse_til + regel.eskalering_til) - kjente
        # About the deadline itself there is no case to find a workflow's recipients from.
        om_fristen = set(regel.paaminnelse_om_fristen_til + regel.eskalering_om_fristen_til)
        ukjente |= om_fristen - FELLES_MOTTAKERE
        if ukjente:
            raise ValueError(f"arbeidsflyt {flyt.navn}, frist {regel.frist}: ukjent {ukjente}")


class Arbeidsflytregister:
    """The workflows this engine runs: the public extension point."""

    def __init__(self) -> None:
        self._flyter: dict[str, Arbeidsflyt] = {}
        self._eposter: dict[str, Epost] = {}

    def registrer(self, flyt: Arbeidsflyt) -> None:
        if flyt.navn in self._flyter and self._flyter[flyt.navn] is not flyt:
            raise ValueError(f"arbeidsflyten «{flyt.navn}» er allerede registrert")
        self._flyter[flyt.navn] = flyt
        self.registrer_eposter(flyt.eposter)

    def registrer_eposter(self, eposter: Iterable[Epost]) -> None:
        """E-mails sent outside a transition; one declaration per template."""
        for epost in eposter:
            if self._eposter.get(epost.mal, epost) is not epost:
                raise ValueError(f"e-posten «{epost.mal}» er allerede deklarert")
            self._eposter[epost.mal] = epost

    def eposter(self) -> list[Epost]:
        return list(self._eposter.values())

    def epost(self, mal: str) -> Epost | None:
        """The declaration of an e-mail sent outside a transition, by its template."""
        return self._eposter.get(mal)

    def hent(self, navn: str) -> Arbeidsflyt:
        try:
            return self._flyter[navn]
        except KeyError:
            kjente = ", ".join(sorted(self._flyter))
            raise UgyldigHendelse(f"ukjent sakstype «{navn}» (kjente: {kjente})") from None

    def alle(self) -> list[Arbeidsflyt]:
        return list(self._flyter.values())

    def last_pakker(self, pakker: Iterable[str]) -> None:
        """Register `ARBEIDSFLYT` and `EPOSTER` from every module of the given packages."""
        for pakke_navn in pakker:
            pakke = importlib.import_module(pakke_navn)
            for modul in pkgutil.iter_modules(pakke.__path__, prefix=f"{pakke_navn}."):
                lastet = importlib.import_module(modul.name)
                definisjon = getattr(lastet, "ARBEIDSFLYT", None)
                if isinstance(definisjon, Arbeidsflyt):
                    self.registrer(definisjon)
                eposter = getattr(lastet, "EPOSTER", ())
                self.registrer_eposter(e for e in eposter if isinstance(e, Epost))
