"""SSU's member register: members per side for four years, vara tied to the member they
stand in for, and the leder/nestleder posts that swap sides every two years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, func, select

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.feil import IkkeFunnet, IkkeTillatt, Regelbrudd, UgyldigFelt
from tilskudd_flow.domain.felt import gyldig_epost
from tilskudd_flow.domain.kodeverk import Rolle, Side, Verv
from tilskudd_flow.domain.moter import Ledelsesturnus, funksjonstid_slutt
from tilskudd_flow.domain.tekst import krev_enlinje
from tilskudd_flow.domain.tid import dato_i_oslo, norsk_dato
from tilskudd_flow.models.ssu import SsuMedlem
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap, Person
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.tilgang import INTERNE_ROLLER, hent_aktor, krev_rolle


@dataclass(frozen=True)
class Medlemsvisning:
    id: int
    navn: str
    epost: str
    organisasjon: str
    side: str
    verv: str
    vara_for: str
    fra: date
    til: date

    def som_dict(self) -> dict[str, object]:
        return {"id": self.id, "navn": self.navn, "epost": self.epost,
                "organisasjon": self.organisasjon, "side": self.side, "verv": self.verv,
                "vara_for": self.vara_for, "fra": self.fra.isoformat(),
                "til": self.til.isoformat()}  # fmt: skip


@dataclass(frozen=True)
class NyttMedlem:
    navn: str
    epost: str
    side: Side
    organisasjon: str = ""
    tittel: str = ""
    verv: Verv = Verv.MEDLEM
    vara_for: str = ""  # the member's e-mail, for a vara
    fra: date | None = None


def epostfelt(felt: str, ra: str) -> str:
    try:
        return gyldig_epost(ra)
    except ValueError as feil:
        raise UgyldigFelt(felt, str(feil)) from None


def turnus(miljo: Saksmiljo, hf: Helsefellesskap) -> Ledelsesturnus:
    ssu = miljo.innstillinger.helsefellesskap_innstillinger(hf.kode).ssu
    return Ledelsesturnus(ssu.ledelse_fra, ssu.forste_lederside)


def registrer_medlem(
    nytt: NyttMedlem, *, uow: UnitOfWork, miljo: Saksmiljo, brukernavn: str
) -> Medlemsvisning:
    """A member (or vara) from `fra` for four years; the rules are checked on that date."""
    if not nytt.navn.strip():
        raise UgyldigFelt("navn", "må fylles ut")
    krev_enlinje(navn=nytt.navn, organisasjon=nytt.organisasjon, tittel=nytt.tittel)
    epost = epostfelt("epost", nytt.epost)
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        krev_rolle(aktor, Rolle.SEKRETARIAT)
        naa = miljo.klokke.now()
        fra = nytt.fra or dato_i_oslo(naa)
        session = uow.session
        hf = session.get(Helsefellesskap, aktor.helsefellesskap_id)
        assert hf is not None
        if _medlem_med_epost(session, hf.id or 0, epost, fra) is not None:
            raise Regelbrudd(f"{epost} er allerede medlem av SSU {norsk_dato(fra)}")
        vara_for = _vara_for(session, hf.id or 0, nytt, fra)
        if nytt.verv != Verv.MEDLEM:
            _sjekk_verv(session, miljo, hf, nytt.verv, nytt.side, fra, vara_for is not None)
        person = Person(
            helsefellesskap_id=hf.id or 0,
            navn=nytt.navn.strip(),
            epost=epost,
            organisasjon=nytt.organisasjon.strip(),
            tittel=nytt.tittel.strip(),
        )
        medlem = SsuMedlem(helsefellesskap_id=hf.id or 0, person=person, side=nytt.side,
                           verv=nytt.verv, vara_for_id=vara_for.id if vara_for else None,
                           fra=fra, til=funksjonstid_slutt(fra),
                           bruker_id=_bruker_med_epost(session, hf.id or 0, epost))  # fmt: skip
        session.add(medlem)
        session.flush()
        assert medlem.id is not None
        skriv_audit(session, helsefellesskap_id=hf.id or 0, tidspunkt=naa, bruker=aktor,
                    objekt_type="ssu_medlem", objekt_id=medlem.id,
                    hendelse="ssu_medlem_registrert",
                    detaljer={"navn": person.navn, "side": nytt.side.value,
                              "verv": nytt.verv.value, "vara_for": nytt.vara_for,
                              "fra": fra.isoformat()})  # fmt: skip
        visning = _visning(medlem, {vara_for.id: vara_for} if vara_for else {})
        uow.commit()
    return visning


def list_medlemmer(session: Session, aktor: Bruker, *, dag: date) -> list[Medlemsvisning]:
    """Members and vara whose term covers `dag`: leder, nestleder, then by side and name."""
    if not aktor.rollesett & (INTERNE_ROLLER | {Rolle.SSU_MEDLEM}):
        raise IkkeTillatt("Bare sekretariatet og SSU kan se medlemsregisteret")
    medlemmer = aktive_medlemmer(session, aktor.helsefellesskap_id, dag)
    per_id = {m.id: m for m in medlemmer}
    return [_visning(m, per_id) for m in medlemmer]


def aktive_medlemmer(session: Session, helsefellesskap_id: int, dag: date) -> list[SsuMedlem]:
    rekkefolge = {Verv.LEDER: 0, Verv.NESTLEDER: 1, Verv.MEDLEM: 2}
    medlemmer = session.exec(
        select(SsuMedlem)
        .where(SsuMedlem.helsefellesskap_id == helsefellesskap_id)
        .where(col(SsuMedlem.fra) <= dag, col(SsuMedlem.til) >= dag)
    ).unique()
    return sorted(
        medlemmer,
        key=lambda m: (m.er_vara, rekkefolge[m.verv], m.side.value, m.person.navn),
    )


def ledelse(session: Session, helsefellesskap_id: int, dag: date) -> dict[Verv, SsuMedlem]:
    """The leder and nestleder on `dag` (either may be missing)."""
    return {
        m.verv: m
        for m in aktive_medlemmer(session, helsefellesskap_id, dag)
        if m.verv in (Verv.LEDER, Verv.NESTLEDER)
    }


def velg_ledelse(
    *, leder: str, nestleder: str, fra: date, uow: UnitOfWork, miljo: Saksmiljo, brukernavn: str
) -> None:
    """The leder and nestleder for the two-year period starting `fra`: the sides are checked
    against the turn; those who held the posts become ordinary members."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        krev_rolle(aktor, Rolle.SEKRETARIAT)
        session = uow.session
        hf = session.get(Helsefellesskap, aktor.helsefellesskap_id)
        assert hf is not None
        ny_leder = _medlem_med_epost(session, hf.id or 0, epostfelt("leder", leder), fra)
        ny_nestleder = _medlem_med_epost(
            session, hf.id or 0, epostfelt("nestleder", nestleder), fra
        )
        for felt, medlem in (("leder", ny_leder), ("nestleder", ny_nestleder)):
            if medlem is None or medlem.er_vara:
                raise UgyldigFelt(felt, f"er ikke medlem av SSU {norsk_dato(fra)}")
        assert ny_leder is not None and ny_nestleder is not None
        gamle = ledelse(session, hf.id or 0, fra)
        tidligere = {verv.value: m.person.navn for verv, m in gamle.items()}
        for medlem in gamle.values():
            medlem.verv = Verv.MEDLEM
        session.flush()
        _sjekk_verv(session, miljo, hf, Verv.LEDER, ny_leder.side, fra, False)
        _sjekk_verv(session, miljo, hf, Verv.NESTLEDER, ny_nestleder.side, fra, False)
        ny_leder.verv, ny_nestleder.verv = Verv.LEDER, Verv.NESTLEDER
        naa = miljo.klokke.now()
        skriv_audit(session, helsefellesskap_id=hf.id or 0, tidspunkt=naa, bruker=aktor,
                    objekt_type="ssu_medlem", objekt_id=ny_leder.id or 0,
                    hendelse="ssu_ledelse_valgt",
                    detaljer={"leder": ny_leder.person.navn, "fra": fra.isoformat(),
                              "nestleder": ny_nestleder.person.navn,
                              "tidligere": tidligere})  # fmt: skip
        uow.commit()


def _sjekk_verv(
    session: Session,
    miljo: Saksmiljo,
    hf: Helsefellesskap,
    verv: Verv,
    side: Side,
    fra: date,
    er_vara: bool,
) -> None:
    if er_vara:
        raise Regelbrudd("En vara kan ikke være leder eller nestleder")
    regel = turnus(miljo, hf)
    riktig = regel.lederside(fra) if verv == Verv.LEDER else regel.nestlederside(fra)
    forste, siste = regel.periode(fra)
    if side != riktig:
        raise Regelbrudd(
            f"{verv.visning} i perioden {norsk_dato(forste)}–{norsk_dato(siste)} skal komme fra "
            f"{riktig.visning.lower()}siden (leder og nestleder bytter side hvert andre år)"
        )
    har = ledelse(session, hf.id or 0, fra).get(verv)
    if har is not None:
        raise Regelbrudd(f"SSU har allerede {verv.visning.lower()} {norsk_dato(fra)}: "
                         f"{har.person.navn}")  # fmt: skip


def _vara_for(session: Session, hf_id: int, nytt: NyttMedlem, fra: date) -> SsuMedlem | None:
    if not nytt.vara_for.strip():
        return None
    medlem = _medlem_med_epost(session, hf_id, epostfelt("vara_for", nytt.vara_for), fra)
    if medlem is None or medlem.er_vara:
        raise UgyldigFelt("vara_for", f"{nytt.vara_for} er ikke medlem av SSU {norsk_dato(fra)}")
    if medlem.side != nytt.side:
        raise Regelbrudd(f"Varaen må komme fra samme side som {medlem.person.navn} "
                         f"({medlem.side.visning.lower()}siden)")  # fmt: skip
    return medlem


def _medlem_med_epost(session: Session, hf_id: int, epost: str, dag: date) -> SsuMedlem | None:
    return (
        session.exec(
            select(SsuMedlem)
            .join(Person)
            .where(SsuMedlem.helsefellesskap_id == hf_id)
            .where(func.lower(Person.epost) == epost.lower())
            .where(col(SsuMedlem.fra) <= dag, col(SsuMedlem.til) >= dag)
        )
        .unique()
        .first()
    )


def _bruker_med_epost(session: Session, hf_id: int, epost: str) -> int | None:
    bruker = session.exec(
        select(Bruker).where(
            Bruker.helsefellesskap_id == hf_id, func.lower(Bruker.epost) == epost.lower()
        )
    ).first()
    return bruker.id if bruker is not None else None


def hent_medlem(session: Session, hf_id: int, medlem_id: int) -> SsuMedlem:
    medlem = session.get(SsuMedlem, medlem_id)
    if medlem is None or medlem.helsefellesskap_id != hf_id:
        raise IkkeFunnet(f"Finner ikke SSU-medlem {medlem_id}")
    return medlem


def _visning(medlem: SsuMedlem, per_id: dict[int | None, SsuMedlem]) -> Medlemsvisning:
    assert medlem.id is not None
    vara_for = per_id.get(medlem.vara_for_id) if medlem.vara_for_id else None
    return Medlemsvisning(id=medlem.id, navn=medlem.person.navn, epost=medlem.person.epost,
                          organisasjon=medlem.person.organisasjon, side=medlem.side.visning,
                          verv="Vara" if medlem.er_vara else medlem.verv.visning,
                          vara_for=vara_for.person.navn if vara_for else "",
                          fra=medlem.fra, til=medlem.til)  # fmt: skip
