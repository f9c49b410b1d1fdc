"""Drafts from the web form: saved whatever they hold, so an applicant never loses work.

The form's values are kept as typed (`Soknad.skjemautkast`), and the søknad's own columns
are filled with what validates, so the case page and the sekretariat see the draft too. The
rules of sending in are only applied when the applicant sends it in; a draft is refused
only where access would break: it must belong to a party the applicant represents."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlmodel import Session

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.feil import Saksfeil
from tilskudd_flow.domain.kodeverk import PartType, Rolle
from tilskudd_flow.domain.soknadsskjema import budsjettfeil, manglende_felt, manglende_vedlegg
from tilskudd_flow.models.soknad import Soknad, Vedlegg
from tilskudd_flow.models.tenancy import Bruker, Part
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.saker import partoppslag
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.motor.vedlegg import fjern_filer
from tilskudd_flow.soknader.soknader import (
    ARBEIDSFLYT,
    oppdater_soknad,
    registrer_soknad,
    send_inn_saken,
)
from tilskudd_flow.soknader.soknadsfil import Soknadsfil

INGEN_EGEN_PART = "Kryss av minst én part du representerer"
FREMMEDE_PARTER = (
    "Du representerer ingen av partene som er krysset av; utkastet er lagret også på din egen "
    "part, men søknaden kan ikke sendes inn før du krysser av en part du representerer"
)


@dataclass(frozen=True)
class Utkastsvar:
    """The saved draft, and what the rules of sending in would still name."""

    sak_id: int
    partfeil: dict[str, str] = field(default_factory=dict)  # "kommuner[0]" → message
    mangler: list[str] = field(default_factory=list)  # «8. Kort beskrivelse …», «budsjett»
    ingen_parter_valgt: bool = False
    sendt_inn: bool = False
    innsendingsfeil: Saksfeil | None = None  # the rules refused it: the draft is saved


def lagre_utkast(
    fil: Soknadsfil,
    skjemaverdier: Mapping[str, Any],
    *,
    sak_id: int | None,
    vedlegg: list[Vedlegg],
    fjern: Collection[int],
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
    send_inn: Callable[[Utkastsvar], bool] | None = None,
) -> Utkastsvar:
    """Create or update the draft from what validates, keep the form's values as typed,
    add the new files and remove those asked for — one transaction; in it also sent in,
    when `send_inn` finds the saved draft ready (one write of the søknad, not two)."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        fil, partfeil = _egne_parter(uow.session, miljo.innstillinger, aktor, fil)
        if sak_id is None:
            sak_id = registrer_soknad(uow.session, miljo, aktor, fil, vedlegg)
        else:
            oppdater_soknad(uow.session, miljo, aktor, sak_id, fil, vedlegg)
        soknad = uow.session.get(Soknad, sak_id)
        assert soknad is not None
        fjernet = _fjern_vedlegg(soknad, fjern)
        if fjernet:
            skriv_audit(uow.session, helsefellesskap_id=aktor.helsefellesskap_id,
                        tidspunkt=miljo.klokke.now(), bruker=aktor, objekt_type=ARBEIDSFLYT,
                        objekt_id=sak_id, hendelse="vedlegg_fjernet",
                        detaljer={"vedlegg": [v.filnavn for v in fjernet]})  # fmt: skip
        soknad.skjemautkast = json.dumps(dict(skjemaverdier), ensure_ascii=False)
        mangler = [*manglende_felt(soknad), *budsjettfeil(soknad),
                   *(f"vedlegg: {m}" for m in manglende_vedlegg(soknad))]  # fmt: skip
        svar = Utkastsvar(sak_id, partfeil, mangler, partfeil.get("kommuner") == INGEN_EGEN_PART)
        if send_inn is not None and send_inn(svar):
            svar = _send_inn(uow, miljo, aktor, svar)
        uow.commit()
    fjern_filer(fjernet, miljo.innstillinger)  # only once no row refers to them
    return svar


def _send_inn(uow: UnitOfWork, miljo: Saksmiljo, aktor: Bruker, svar: Utkastsvar) -> Utkastsvar:
    """The sending in, in a savepoint: when the rules refuse it, the draft still commits."""
    try:
        with uow.session.begin_nested():
            send_inn_saken(uow, miljo, aktor, svar.sak_id)
    except Saksfeil as problem:
        return replace(svar, innsendingsfeil=problem)
    return replace(svar, sendt_inn=True)


def skjemautkastet(soknad: Soknad) -> dict[str, Any] | None:
    """The form's values as last typed, if the draft keeps them."""
    if not soknad.skjemautkast:
        return None
    verdier = json.loads(soknad.skjemautkast)
    return verdier if isinstance(verdier, dict) else None


def _egne_parter(
    session: Session, innstillinger: Innstillinger, aktor: Bruker, fil: Soknadsfil
) -> tuple[Soknadsfil, dict[str, str]]:
    """Unknown parties left out (each named); a draft the applicant would not represent is
    kept on the applicant's own party too, so it stays theirs to continue."""
    finn = partoppslag(session, aktor.helsefellesskap_id, innstillinger)
    feil: dict[str, str] = {}
    kommuner = _kjente(finn, fil.kommuner, PartType.KOMMUNE, "kommuner", feil)
    stotter = _kjente(finn, fil.stotter, PartType.KOMMUNE, "stotter", feil)
    hf = _kjente(finn, [fil.helseforetak] if fil.helseforetak else [], PartType.HELSEFORETAK,
                 "helseforetak", feil)  # fmt: skip
    valgt = {p.id for p in (*kommuner, *stotter, *hf)}
    if valgt & aktor.part_ider or aktor.rollesett & {Rolle.SEKRETARIAT, Rolle.ADMIN}:
        return _med_parter(fil, kommuner, stotter, hf), feil
    feil["kommuner"] = FREMMEDE_PARTER if valgt else INGEN_EGEN_PART
    egne = [p for p in (session.get(Part, i) for i in sorted(aktor.part_ider)) if p is not None]
    kommuner += [p for p in egne if p.type == PartType.KOMMUNE]
    hf = hf or [p for p in egne if p.type == PartType.HELSEFORETAK][:1]
    return _med_parter(fil, kommuner, stotter, hf), feil


def _kjente(
    finn: Callable[[str], Part | None],
    navn: list[str],
    type_: PartType,
    feltnavn: str,
    feil: dict[str, str],
) -> list[Part]:
    kjente: list[Part] = []
    for i, tekst in enumerate(navn):
        part = finn(tekst)
        if part is None or part.type != type_:
            sted = feltnavn if feltnavn == "helseforetak" else f"{feltnavn}[{i}]"
            feil[sted] = f"finner ingen {type_.visning.lower()} «{tekst}»"
        else:
            kjente.append(part)
    return kjente


def _med_parter(
    fil: Soknadsfil, kommuner: list[Part], stotter: list[Part], hf: list[Part]
) -> Soknadsfil:
    return fil.model_copy(update={
        "kommuner": [p.kommunenummer or p.navn for p in kommuner],
        "stotter": [p.kommunenummer or p.navn for p in stotter],
        "helseforetak": hf[0].navn if hf else "",
    })  # fmt: skip


def _fjern_vedlegg(soknad: Soknad, fjern: Collection[int]) -> list[Vedlegg]:
    fjernet = [v for v in soknad.vedlegg if v.id in fjern]
    for vedlegg in fjernet:
        soknad.vedlegg.remove(vedlegg)
    return fjernet
