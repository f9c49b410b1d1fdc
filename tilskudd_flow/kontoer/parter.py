"""The parties as the sekretariat keeps them: name, postmottak, membership and the other
names a party is found by. Names set up on the web live in `part_alias`; those in
config.toml keep working beside them and are changed there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, delete, select

from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.feil import IkkeFunnet, UgyldigeFelt
from tilskudd_flow.domain.felt import gyldig_epost
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.partnavn import navneformer, navnekollisjoner, normalisert_navn
from tilskudd_flow.domain.tekst import enlinjefeil
from tilskudd_flow.kontoer.kommuner import list_parter, medlemskap
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap, Part, PartAlias
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.saker import partaliaser
from tilskudd_flow.motor.tilgang import krev_rolle


@dataclass(frozen=True)
class Partendring:
    """What the form says a party should be."""

    navn: str
    postmottak: str
    medlem: bool
    aliaser: tuple[str, ...]


@dataclass(frozen=True)
class Partvisning:
    id: int
    navn: str
    type: str
    kommunenummer: str
    postmottak: str
    medlem: bool
    aliaser: tuple[str, ...]  # set up on the web, editable
    config_aliaser: tuple[str, ...]  # from config.toml, changed there


def list_partvisninger(
    session: Session, aktor: Bruker, innstillinger: Innstillinger
) -> list[Partvisning]:
    """Every kommune and the helseforetak with postmottak, membership and other names."""
    krev_rolle(aktor, Rolle.ADMIN, Rolle.SEKRETARIAT)
    parter = list_parter(session, aktor.helsefellesskap_id)
    webaliaser = _webaliaser(session, aktor.helsefellesskap_id)
    fra_config = _config_aliaser(session, aktor.helsefellesskap_id, innstillinger, parter)
    return [_visning(p, webaliaser.get(p.id or 0, ()), fra_config.get(p.navn, ()))
            for p in parter]  # fmt: skip


def hent_partvisning(
    session: Session, aktor: Bruker, innstillinger: Innstillinger, part_id: int
) -> Partvisning:
    """One party as the edit form shows it."""
    for visning in list_partvisninger(session, aktor, innstillinger):
        if visning.id == part_id:
            return visning
    raise IkkeFunnet(f"Finner ingen kommune eller helseforetak med id {part_id}")


def endre_part(
    session: Session,
    *,
    aktor: Bruker,
    part_id: int,
    endring: Partendring,
    naa: datetime,
    innstillinger: Innstillinger,
) -> Part:
    """Change a party's name, postmottak, membership and web aliases; each change audited
    with before and after. A renamed party keeps its old name as an alias, so files and
    config.toml that name it the old way still find it."""
    krev_rolle(aktor, Rolle.ADMIN, Rolle.SEKRETARIAT)
    hf_id = aktor.helsefellesskap_id
    part = session.get(Part, part_id)
    if part is None or part.helsefellesskap_id != hf_id:
        raise IkkeFunnet(f"Finner ingen kommune eller helseforetak med id {part_id}")
    navn = " ".join(endring.navn.split())
    aliaser = _med_gammelt_navn(part.navn, navn, endring.aliaser)
    postmottak = _sjekk(session, part, navn, endring.postmottak, aliaser, innstillinger)
    for_ = _visning(part, _webaliaser(session, hf_id).get(part_id, ()), ())
    part.navn, part.postmottak = navn, postmottak
    _lagre_aliaser(session, part, aliaser)
    _audit_endringer(session, aktor, part, for_, naa)
    if endring.medlem != part.medlem:
        medlemskap(session, aktor=aktor, part=part, medlem=endring.medlem, naa=naa)
    return part


def _sjekk(
    session: Session,
    part: Part,
    navn: str,
    postmottak: str,
    aliaser: tuple[str, ...],
    innstillinger: Innstillinger,
) -> str:
    """The normalised postmottak, or every field's error at once."""
    feil: dict[str, str] = {}
    if not navn:
        feil["navn"] = "må fylles ut"
    elif melding := enlinjefeil(navn):
        feil["navn"] = melding
    try:
        postmottak = gyldig_epost(postmottak.strip())
    except ValueError as problem:
        feil["postmottak"] = str(problem) if postmottak.strip() else "må fylles ut"
    alle = list_parter(session, part.helsefellesskap_id)
    opptatt = _andres_navn(session, part, alle, innstillinger)
    feil = {**navnekollisjoner(navn, aliaser, opptatt), **feil}
    mangler = _config_nokler_borte(session, part, navn, aliaser, innstillinger)
    if mangler and "aliaser" not in feil:
        feil["aliaser"] = (
            f"config.toml kaller parten «{mangler}»; behold det som et annet navn, eller "
            "endre config.toml først"
        )
    if feil:
        raise UgyldigeFelt(feil)
    return postmottak


def _med_gammelt_navn(gammelt: str, nytt: str, aliaser: tuple[str, ...]) -> tuple[str, ...]:
    former = {normalisert_navn(a) for a in aliaser} | navneformer(nytt)
    if not nytt or normalisert_navn(gammelt) in former:
        return tuple(a for a in aliaser if normalisert_navn(a) not in navneformer(nytt))
    return (*[a for a in aliaser if normalisert_navn(a) not in navneformer(nytt)], gammelt)


def _andres_navn(
    session: Session, part: Part, alle: list[Part], innstillinger: Innstillinger
) -> dict[str, str]:
    """Normalised name forms and aliases of every other party → that party's name."""
    opptatt = {f: p.navn for p in alle if p.id != part.id for f in navneformer(p.navn)}
    aliaser = partaliaser(session, part.helsefellesskap_id, innstillinger, alle)
    return {**{a: n for a, n in aliaser.items() if n != part.navn}, **opptatt}


def _config_nokler_borte(
    session: Session, part: Part, navn: str, aliaser: tuple[str, ...], innstillinger: Innstillinger
) -> str:
    """A name config.toml keys this party's aliases by that the change would leave unknown
    (the start-up check would then stop the service)."""
    kjente = navneformer(navn) | {normalisert_navn(a) for a in aliaser}
    hf = session.get(Helsefellesskap, part.helsefellesskap_id)
    oppsett = innstillinger.helsefellesskap.get(hf.kode) if hf is not None else None
    har = _webaliaser(session, part.helsefellesskap_id).get(part.id or 0, ())
    egne = navneformer(part.navn) | {normalisert_navn(a) for a in har}
    for nokkel in oppsett.aliaser if oppsett is not None else {}:
        form = normalisert_navn(nokkel)
        if form in egne and form not in kjente:
            return nokkel
    return ""


def _lagre_aliaser(session: Session, part: Part, aliaser: tuple[str, ...]) -> None:
    session.exec(delete(PartAlias).where(col(PartAlias.part_id) == part.id))
    session.flush()
    for alias in aliaser:
        session.add(PartAlias(helsefellesskap_id=part.helsefellesskap_id, part_id=part.id or 0,
                              alias=alias, normalisert=normalisert_navn(alias)))  # fmt: skip
    session.flush()


def _audit_endringer(
    session: Session, aktor: Bruker, part: Part, for_: Partvisning, naa: datetime
) -> None:
    etter = _visning(part, _webaliaser(session, part.helsefellesskap_id).get(part.id or 0, ()), ())
    endret: dict[str, object] = {
        felt: [getattr(for_, felt), getattr(etter, felt)]
        for felt in ("navn", "postmottak", "aliaser")
        if getattr(for_, felt) != getattr(etter, felt)
    }
    if not endret:
        return
    skriv_audit(session, helsefellesskap_id=part.helsefellesskap_id, tidspunkt=naa,
                bruker=aktor, objekt_type="part", objekt_id=part.id or 0,
                hendelse="part_endret", detaljer={"part": part.navn, **endret})  # fmt: skip


def _webaliaser(session: Session, hf_id: int) -> dict[int, tuple[str, ...]]:
    per_part: dict[int, list[str]] = {}
    rader = session.exec(
        select(PartAlias).where(PartAlias.helsefellesskap_id == hf_id).order_by(col(PartAlias.id))
    )
    for rad in rader:
        per_part.setdefault(rad.part_id, []).append(rad.alias)
    return {part_id: tuple(navn) for part_id, navn in per_part.items()}


def _config_aliaser(
    session: Session, hf_id: int, innstillinger: Innstillinger, parter: list[Part]
) -> dict[str, tuple[str, ...]]:
    """Party name → the aliases config.toml gives it (as written there)."""
    hf = session.get(Helsefellesskap, hf_id)
    oppsett = innstillinger.helsefellesskap.get(hf.kode) if hf is not None else None
    if oppsett is None:
        return {}
    oppslag = partaliaser(session, hf_id, innstillinger, parter)
    per_part: dict[str, list[str]] = {}
    for andre_navn in oppsett.aliaser.values():
        for alias in andre_navn:
            per_part.setdefault(oppslag.get(normalisert_navn(alias), ""), []).append(alias)
    return {navn: tuple(a) for navn, a in per_part.items()}


def _visning(part: Part, aliaser: tuple[str, ...], config_aliaser: tuple[str, ...]) -> Partvisning:
    assert part.id is not None
    return Partvisning(id=part.id, navn=part.navn, type=part.type.visning,
                       kommunenummer=part.kommunenummer or "", postmottak=part.postmottak,
                       medlem=part.medlem, aliaser=tuple(aliaser),
                       config_aliaser=config_aliaser)  # fmt: skip
