"""Writing a joint søknad together: one party invites a person at another party to co-edit.

Everyone who represents a party of a søknad can already open and edit its draft; an
invitation tells them so. A person with no account gets one only through the sekretariat
(an applicant must never create accounts for other parties): the sekretariat is asked by
e-mail, with a link to the invitation form already filled in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlencode

from sqlmodel import Session, col, func, select

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.arbeidsflyt import Adresse
from tilskudd_flow.domain.feil import IkkeTillatt, Regelbrudd, UgyldigeFelt, UgyldigFelt
from tilskudd_flow.domain.felt import gyldig_epost
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.tekst import enlinjefeil
from tilskudd_flow.models.soknad import Soknad
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap, Part
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.saker import LastetSak, last_sak
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.motor.utboks import koe_epost
from workflows import rs_soknad
from workflows.rs_soknad import MEDSOKER_KONTO_BEDT_OM, MEDSOKER_VARSLET

Utfall = Literal["varslet", "konto_bedt_om"]


def inviter_medsoker(
    sak_id: int,
    *,
    part_id: int,
    navn: str,
    epost: str,
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
) -> Utfall:
    """Tell the invitee (or, without an account, ask the sekretariat); audited."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        lastet = last_sak(uow.session, miljo.register, aktor, sak_id)
        soknad = _redigerbar(lastet, aktor)
        part, adresse = _gyldig(soknad, part_id, navn, epost)
        invitert = _bruker_med_epost(uow.session, aktor.helsefellesskap_id, adresse.epost)
        if invitert is not None and part_id not in invitert.part_ider:
            raise UgyldigFelt(
                "epost",
                f"{adresse.epost} har allerede en bruker, men den representerer ikke "
                f"{part.navn}. Be sekretariatet gi brukeren tilgang.",
            )
        utfall: Utfall = "varslet" if invitert is not None else "konto_bedt_om"
        _epost(uow.session, miljo, lastet, aktor, part, adresse, utfall)
        skriv_audit(uow.session, helsefellesskap_id=aktor.helsefellesskap_id,
                    tidspunkt=miljo.klokke.now(), bruker=aktor, objekt_type=lastet.flyt.navn,
                    objekt_id=sak_id, hendelse="medsoker_invitert",
                    detaljer={"epost": adresse.epost, "part": part.navn,
                              "utfall": utfall})  # fmt: skip
        uow.commit()
    return utfall


@dataclass(frozen=True)
class Medsokerskjema:
    prosjektnavn: str
    parter: list[tuple[int, str]]


def medsokerskjema(
    session: Session, miljo: Saksmiljo, *, aktor: Bruker, sak_id: int
) -> Medsokerskjema:
    """The søknad's parties to choose from; refused as `inviter_medsoker` would refuse."""
    soknad = _redigerbar(last_sak(session, miljo.register, aktor, sak_id), aktor)
    parter = [(p.part_id, p.part.navn) for p in soknad.parter if p.part_id is not None]
    return Medsokerskjema(soknad.prosjektnavn, parter)


def _redigerbar(lastet: LastetSak, aktor: Bruker) -> Soknad:
    if lastet.flyt.navn != rs_soknad.NAVN or lastet.sak.state not in rs_soknad.REDIGERBAR:
        raise Regelbrudd("Bare utkast og returnerte søknader kan skrives sammen")
    soknad: Soknad = lastet.subjekt
    parter = {p.part_id for p in soknad.parter}
    if Rolle.SEKRETARIAT not in aktor.rollesett and not parter & aktor.part_ider:
        raise IkkeTillatt("Bare partene i søknaden kan invitere medsøkere")
    return soknad


def _gyldig(soknad: Soknad, part_id: int, navn: str, epost: str) -> tuple[Part, Adresse]:
    feil: dict[str, str] = {}
    part = next((p.part for p in soknad.parter if p.part_id == part_id), None)
    if part is None:
        feil["part"] = "velg en av partene i søknaden"
    if not navn.strip():
        feil["navn"] = "må fylles ut"
    elif melding := enlinjefeil(navn.strip()):
        feil["navn"] = melding  # the name goes into the invitation's To: header
    try:
        adresse = gyldig_epost(epost.strip())
    except ValueError as problem:
        feil["epost"] = str(problem)
    if feil:
        raise UgyldigeFelt(feil)
    assert part is not None
    return part, Adresse(adresse.lower(), navn.strip())


def _bruker_med_epost(session: Session, helsefellesskap_id: int, epost: str) -> Bruker | None:
    return (
        session.exec(
            select(Bruker).where(
                Bruker.helsefellesskap_id == helsefellesskap_id,
                func.lower(col(Bruker.epost)) == epost,
                col(Bruker.aktiv),
            )
        )
        .unique()
        .first()
    )


def _epost(
    session: Session,
    miljo: Saksmiljo,
    lastet: LastetSak,
    aktor: Bruker,
    part: Part,
    invitert: Adresse,
    utfall: Utfall,
) -> None:
    hf = session.get(Helsefellesskap, aktor.helsefellesskap_id)
    assert hf is not None and lastet.sak.id is not None
    base = miljo.innstillinger.base_url.rstrip("/")
    kontekst = {
        "helsefellesskap": hf.navn,
        "sak": {"id": lastet.sak.id, "referanse": lastet.flyt.referanse(lastet.sak.id)},
        "prosjektnavn": lastet.sak.tittel,
        "invitert_av": aktor.navn,
        "part": part.navn,
        "invitert": {"navn": invitert.navn, "epost": invitert.epost},
    }
    if utfall == "varslet":
        epost, til = MEDSOKER_VARSLET, {"invitert": [invitert]}
        lenke = f"{base}/soknader/{lastet.sak.id}/rediger"
    else:
        epost, til = MEDSOKER_KONTO_BEDT_OM, {}  # the sekretariat, as the workflow declares
        utfylt = {"navn": invitert.navn, "epost": invitert.epost, "roller": "soker",
                  "parter": part.kommunenummer or part.navn}  # fmt: skip
        lenke = f"{base}/brukere/ny?{urlencode(utfylt)}"
    koe_epost(session, miljo, epost, helsefellesskap_id=hf.id or 0,
              kontekst={**kontekst, "lenke": lenke}, naa=miljo.klokke.now(), til=til,
              case_id=lastet.sak.id)  # fmt: skip
