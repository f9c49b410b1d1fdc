"""Accounts as pages and the API call them: sessions, one-time links and user administration,
each one call in its own transaction. The functions they wrap take an open session."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from tilskudd_flow.config import OidcInnstillinger
from tilskudd_flow.domain.feil import IkkeFunnet, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.kontoer.brukere import (
    NyBruker,
    endre_roller,
    endre_tilgang,
    fjern_pid_knytning,
    hent_bruker,
    list_brukere,
    opprett_bruker,
    sett_aktiv,
)
from tilskudd_flow.kontoer.engangslenker import (
    Lenkeinnehaver,
    be_om_nytt_passord,
    bruk_lenke,
    inviter_bruker,
    inviter_paa_nytt,
    les_lenke,
)
from tilskudd_flow.kontoer.innlogging import bruker_for_okt, logg_ut, logg_ut_sid
from tilskudd_flow.kontoer.innloggingsvern import Sperre, aktive_sperrer, opphev_sperre
from tilskudd_flow.kontoer.kommuner import list_parter, sett_medlemskap
from tilskudd_flow.kontoer.oidc_innlogging import logg_inn_oidc
from tilskudd_flow.kontoer.parter import (
    Partendring,
    Partvisning,
    endre_part,
    hent_partvisning,
    list_partvisninger,
)
from tilskudd_flow.models.tenancy import Bruker, Part
from tilskudd_flow.motor.handling import Handling, NyUow
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.saker import partoppslag
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


def avslutt_okt(ny_uow: NyUow, token: str, naa: datetime) -> str | None:
    """End the token's session at once; its sealed ID token when it came from OIDC."""
    with ny_uow() as uow:
        id_token = logg_ut(uow.session, token, naa)
        uow.commit()
    return id_token


def avslutt_okter_for_sid(ny_uow: NyUow, sid: str, naa: datetime) -> int:
    """End every session the provider's session `sid` started; how many."""
    with ny_uow() as uow:
        antall = logg_ut_sid(uow.session, sid, naa)
        uow.commit()
    return antall


def start_oidc_okt(
    ny_uow: NyUow, *, krav: Mapping[str, object], oidc: OidcInnstillinger, naa: datetime,
    varighet: timedelta, knytt_lenke: str | None = None, id_token_forseglet: str | None = None,
) -> str:  # fmt: skip
    """A new session token for the active user the claims point to (bound first through a
    one-time link when `knytt_lenke` is given)."""
    with ny_uow() as uow:
        token, _ = logg_inn_oidc(uow.session, krav=krav, oidc=oidc, naa=naa, varighet=varighet,
                                 knytt_lenke=knytt_lenke,
                                 id_token_forseglet=id_token_forseglet)  # fmt: skip
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
    knyttet: bool  # to a person through ID-porten/Ansattporten


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
        knyttet=bruker.pid_hash is not None,
    )


@dataclass(frozen=True)
class Konto:
    """A user as the command line lists them: role codes and party ids."""

    brukernavn: str
    navn: str
    epost: str
    aktiv: bool
    roller: frozenset[Rolle]
    part_ider: frozenset[int]


def kontoene(h: Handling) -> list[Konto]:
    """Everyone with an account in the user's helsefellesskap."""
    with h.les() as t:
        return [Konto(b.brukernavn, b.navn, b.epost, b.aktiv, b.rollesett, b.part_ider)
                for b in list_brukere(t.session, t.aktor)]  # fmt: skip


def innloggingssperrene(h: Handling) -> list[Sperre]:
    """The login lockouts (accounts and client addresses) running now."""
    with h.les() as t:
        return aktive_sperrer(t.session, t.aktor, h.miljo.klokke.now())


def partene(h: Handling) -> list[Part]:
    """The kommuner and the helseforetak, with postmottak and membership."""
    with h.les() as t:
        return list_parter(t.session, t.aktor.helsefellesskap_id)


def endre_medlemskap(h: Handling, part: str, *, medlem: bool) -> str:
    """Mark a kommune (by number or name) as member or not; the party's name."""
    with h.skriv() as t:
        return sett_medlemskap(t.session, aktor=t.aktor, part=part, medlem=medlem,
                               naa=h.miljo.klokke.now(),
                               innstillinger=h.miljo.innstillinger).navn  # fmt: skip


def parter_for_invitasjon(h: Handling) -> list[Part]:
    """The parties a new account may belong to; only an administrator invites."""
    with h.les() as t:
        krev_rolle(t.aktor, Rolle.ADMIN)
        return list_parter(t.session, t.aktor.helsefellesskap_id)


def inviter(h: Handling, ny: NyBruker) -> None:
    """Create the account and e-mail the invitation link, in one transaction."""
    with h.skriv() as t:
        inviter_bruker(t.session, h.miljo, aktor=t.aktor, ny=ny, naa=h.miljo.klokke.now())


def opprett_konto(h: Handling, ny: NyBruker) -> None:
    """Create an account without an invitation (its password is set another way)."""
    with h.skriv() as t:
        opprett_bruker(t.session, aktor=t.aktor, helsefellesskap_id=t.aktor.helsefellesskap_id,
                       ny=ny, naa=h.miljo.klokke.now(),
                       innstillinger=h.miljo.innstillinger)  # fmt: skip


def inviter_igjen(h: Handling, brukernavn: str) -> str:
    """A new invitation link (the previous one stops working); the address it went to."""
    with h.skriv() as t:
        invitert = inviter_paa_nytt(t.session, h.miljo, aktor=t.aktor, brukernavn=brukernavn,
                                    naa=h.miljo.klokke.now())  # fmt: skip
        return invitert.epost


def endre_brukerroller(
    h: Handling, brukernavn: str, *, legg_til: list[Rolle], fjern: list[Rolle]
) -> frozenset[Rolle]:
    """Give and take away roles; the roles the user has now."""
    with h.skriv() as t:
        return endre_roller(t.session, aktor=t.aktor, brukernavn=brukernavn, legg_til=legg_til,
                            fjern=fjern, naa=h.miljo.klokke.now()).rollesett  # fmt: skip


def endre_aktiv(h: Handling, brukernavn: str, *, aktiv: bool) -> None:
    """Deactivate (every session ends at once) or reactivate a user."""
    with h.skriv() as t:
        sett_aktiv(t.session, aktor=t.aktor, brukernavn=brukernavn, aktiv=aktiv,
                   naa=h.miljo.klokke.now())  # fmt: skip


def fjern_id_porten(h: Handling, brukernavn: str) -> None:
    """Unbind a user from the person at ID-porten (audited); their sessions end."""
    with h.skriv() as t:
        fjern_pid_knytning(t.session, aktor=t.aktor, brukernavn=brukernavn,
                           naa=h.miljo.klokke.now())  # fmt: skip


def opphev_innloggingssperre(h: Handling, *, gjelder: str, navn: str) -> None:
    """Lift a login lockout (an account's or a client address's) before it runs out."""
    with h.skriv() as t:
        opphev_sperre(t.session, aktor=t.aktor, gjelder=gjelder, navn=navn,
                      naa=h.miljo.klokke.now())  # fmt: skip


def partoversikten(h: Handling) -> list[Partvisning]:
    """The kommuner and the helseforetak with postmottak, membership and other names."""
    with h.les() as t:
        return list_partvisninger(t.session, t.aktor, h.miljo.innstillinger)


def partsiden(h: Handling, part_id: int) -> Partvisning:
    """One party as its edit form shows it."""
    with h.les() as t:
        return hent_partvisning(t.session, t.aktor, h.miljo.innstillinger, part_id)


def lagre_part(h: Handling, part_id: int, endring: Partendring) -> str:
    """Save a party's name, postmottak, membership and other names; the party's name."""
    with h.skriv() as t:
        return endre_part(t.session, aktor=t.aktor, part_id=part_id, endring=endring,
                          naa=h.miljo.klokke.now(),
                          innstillinger=h.miljo.innstillinger).navn  # fmt: skip


@dataclass(frozen=True)
class Tilgangsskjema:
    """A user's roles and parties as the edit form shows them: parties by number or name,
    as the form's checkboxes send them."""

    konto: Konto
    parter: list[tuple[str, str]]  # (value sent, name shown) for every party
    valgte_parter: list[str]


def tilgangen(h: Handling, brukernavn: str) -> Tilgangsskjema:
    """A user's roles and parties, and every party one may represent; for administrators."""
    with h.les() as t:
        krev_rolle(t.aktor, Rolle.ADMIN)
        b = hent_bruker(t.session, t.aktor.helsefellesskap_id, brukernavn)
        alle = list_parter(t.session, t.aktor.helsefellesskap_id)
        konto = Konto(b.brukernavn, b.navn, b.epost, b.aktiv, b.rollesett, b.part_ider)
        valgte = [p.kommunenummer or p.navn for p in alle if p.id in b.part_ider]
        return Tilgangsskjema(konto, [(p.kommunenummer or p.navn, p.navn) for p in alle], valgte)


def endre_brukertilgang(
    h: Handling, brukernavn: str, *, roller: list[Rolle], parter: list[str]
) -> None:
    """Set a user's roles and parties, both audited with before and after."""
    with h.skriv() as t:
        endre_tilgang(t.session, aktor=t.aktor, brukernavn=brukernavn, roller=roller,
                      parter=parter, naa=h.miljo.klokke.now(),
                      innstillinger=h.miljo.innstillinger)  # fmt: skip


def rett_part(
    h: Handling,
    part: str,
    *,
    navn: str | None = None,
    postmottak: str | None = None,
    aliaser: tuple[str, ...] | None = None,
) -> str:
    """Change what is given of a party (by number, name or alias) and keep the rest, through
    the same service as the web form; the party's name."""
    with h.skriv() as t:
        funnet = partoppslag(t.session, t.aktor.helsefellesskap_id, h.miljo.innstillinger)(part)
        if funnet is None or funnet.id is None:
            raise IkkeFunnet(f"Finner ingen kommune eller helseforetak «{part}»")
        har = hent_partvisning(t.session, t.aktor, h.miljo.innstillinger, funnet.id)
        endring = Partendring(har.navn if navn is None else navn,
                              har.postmottak if postmottak is None else postmottak,
                              har.medlem, har.aliaser if aliaser is None else aliaser)  # fmt: skip
        return endre_part(t.session, aktor=t.aktor, part_id=funnet.id, endring=endring,
                          naa=h.miljo.klokke.now(),
                          innstillinger=h.miljo.innstillinger).navn  # fmt: skip
