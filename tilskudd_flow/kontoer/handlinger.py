"""Accounts as pages and the API call them: sessions, one-time links and user administration,
each one call in its own transaction. The functions they wrap take an open session."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.kontoer.brukere import NyBruker, list_brukere, sett_aktiv
from tilskudd_flow.kontoer.engangslenker import (
    Lenkeinnehaver,
    be_om_nytt_passord,
    bruk_lenke,
    inviter_bruker,
    inviter_paa_nytt,
    les_lenke,
)
from tilskudd_flow.kontoer.innlogging import bruker_for_okt, logg_ut
from tilskudd_flow.kontoer.innloggingsvern import Sperre, aktive_sperrer, opphev_sperre
from tilskudd_flow.kontoer.kommuner import list_parter
from tilskudd_flow.kontoer.oidc_innlogging import logg_inn_oidc
from tilskudd_flow.models.tenancy import Bruker, Part
from tilskudd_flow.motor.handling import Handling, NyUow
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.tilgang import krev_rolle


@dataclass(frozen=True)
class Oktbruker:
    """The user behind a session token, as pages and the API need it."""

    brukernavn: str
    navn: str
    roller: frozenset[Rolle]
    helsefellesskap_id: int


def innlogget_bruker(ny_uow: NyUow, token: str, naa: datetime) -> Oktbruker | None:
    """Whose session this token is, or None when it has ended or never was."""
    with ny_uow(skriv=False) as uow:
        bruker = bruker_for_okt(uow.session, token, naa)
        if bruker is None:
            return None
        return Oktbruker(bruker.brukernavn, bruker.navn, bruker.rollesett,
                         bruker.helsefellesskap_id)  # fmt: skip


def avslutt_okt(ny_uow: NyUow, token: str, naa: datetime) -> None:
    """End the token's session at once."""
    with ny_uow() as uow:
        logg_ut(uow.session, token, naa)
        uow.commit()


def start_oidc_okt(
    ny_uow: NyUow, *, krav: Mapping[str, object], brukerkrav: str, naa: datetime,
    varighet: timedelta,
) -> str:  # fmt: skip
    """A new session token for the active user the ID token's claims point to."""
    with ny_uow() as uow:
        token, _ = logg_inn_oidc(uow.session, krav=krav, brukerkrav=brukerkrav, naa=naa,
                                 varighet=varighet)  # fmt: skip
        uow.commit()
    return token


def send_tilbakestillingslenke(
    ny_uow: NyUow, miljo: Saksmiljo, brukernavn_eller_epost: str
) -> None:
    """A reset link to the active account(s) named; silent when there is none."""
    with ny_uow() as uow:
        be_om_nytt_passord(uow.session, miljo, brukernavn_eller_epost=brukernavn_eller_epost,
                           naa=miljo.klokke.now())  # fmt: skip
        uow.commit()


def lenkens_innehaver(ny_uow: NyUow, token: str, naa: datetime) -> Lenkeinnehaver:
    """Whose one-time link this is, if it still works."""
    with ny_uow(skriv=False) as uow:
        return les_lenke(uow.session, token, naa)


def velg_passord(ny_uow: NyUow, *, token: str, passord: str, gjenta: str, naa: datetime) -> None:
    """Set the password through a one-time link; the two fields must match."""
    with ny_uow() as uow:
        les_lenke(uow.session, token, naa)
        if passord != gjenta:
            raise UgyldigFelt("gjenta", "må gjentas likt i begge feltene")
        bruk_lenke(uow.session, token=token, passord=passord, naa=naa)
        uow.commit()


@dataclass(frozen=True)
class Brukerrad:
    brukernavn: str
    navn: str
    epost: str
    roller: str
    parter: str
    aktiv: bool
    har_passord: bool


@dataclass(frozen=True)
class Brukeroversikt:
    rader: list[Brukerrad]
    sperrer: list[Sperre]


def brukeroversikt(h: Handling) -> Brukeroversikt:
    """Everyone with an account, their roles and parties, and the running lockouts."""
    with h.les() as t:
        parter = {p.id: p.navn for p in list_parter(t.session, t.aktor.helsefellesskap_id)}
        rader = [_brukerrad(b, parter) for b in list_brukere(t.session, t.aktor)]
        return Brukeroversikt(rader, aktive_sperrer(t.session, t.aktor, h.miljo.klokke.now()))


def _brukerrad(bruker: Bruker, parter: dict[int | None, str]) -> Brukerrad:
    return Brukerrad(
        brukernavn=bruker.brukernavn,
        navn=bruker.navn,
        epost=bruker.epost,
        roller=", ".join(r.visning for r in sorted(bruker.rollesett)),
        parter=", ".join(sorted(parter.get(p, "?") for p in bruker.part_ider)),
        aktiv=bruker.aktiv,
        har_passord=bruker.passord_hash is not None,
    )


def parter_for_invitasjon(h: Handling) -> list[Part]:
    """The parties a new account may belong to; only an administrator invites."""
    with h.les() as t:
        krev_rolle(t.aktor, Rolle.ADMIN)
        return list_parter(t.session, t.aktor.helsefellesskap_id)


def inviter(h: Handling, ny: NyBruker) -> None:
    """Create the account and e-mail the invitation link, in one transaction."""
    with h.skriv() as t:
        inviter_bruker(t.session, h.miljo, aktor=t.aktor, ny=ny, naa=h.miljo.klokke.now())


def inviter_igjen(h: Handling, brukernavn: str) -> str:
    """A new invitation link (the previous one stops working); the address it went to."""
    with h.skriv() as t:
        invitert = inviter_paa_nytt(t.session, h.miljo, aktor=t.aktor, brukernavn=brukernavn,
                                    naa=h.miljo.klokke.now())  # fmt: skip
        return invitert.epost


def endre_aktiv(h: Handling, brukernavn: str, *, aktiv: bool) -> None:
    """Deactivate (every session ends at once) or reactivate a user."""
    with h.skriv() as t:
        sett_aktiv(t.session, aktor=t.aktor, brukernavn=brukernavn, aktiv=aktiv,
                   naa=h.miljo.klokke.now())  # fmt: skip


def opphev_innloggingssperre(h: Handling, *, gjelder: str, navn: str) -> None:
    """Lift a login lockout (an account's or a client address's) before it runs out."""
    with h.skriv() as t:
        opphev_sperre(t.session, aktor=t.aktor, gjelder=gjelder, navn=navn,
                      naa=h.miljo.klokke.now())  # fmt: skip
